"""What only a browser shows: other origins, keyboard use, focus, small screens, no-JS search."""

import pytest

from directory import search
from tests.factories import OrganizationFactory, commune, theme

pytestmark = pytest.mark.browser


@pytest.fixture
def organizations(db):
    """Two published associations, committed and indexed so that the server thread sees them."""
    theatre = OrganizationFactory(
        nom="Théâtre des Deux Rives",
        presentation_resume="Troupe de théâtre amateur : ateliers enfants et adultes.",
    )
    theatre.themes.append(theme("theatre"))
    theatre.communes.append(commune("sergines"))
    football = OrganizationFactory(
        nom="Union sportive de Pont-sur-Yonne",
        presentation_resume="Football pour tous, des débutants aux vétérans.",
    )
    football.communes.append(commune("pont-sur-yonne"))
    db.session.commit()
    search.reindex()
    return theatre, football


def pages_to_check(organizations) -> list[str]:
    theatre, _ = organizations
    return [
        "/",
        "/annuaire",
        "/annuaire?q=th%C3%A9%C3%A2tre",
        f"/annuaire/{theatre.slug}",
        "/thematiques",
        "/communes/sergines",
        "/compte/connexion",
    ]


def visit(page, path: str, wait_until: str = "load"):
    response = page.goto(path, wait_until=wait_until)
    assert response.status == 200, path
    return response


def test_pages_load_nothing_from_another_origin_and_log_no_error(page, organizations):
    for path in pages_to_check(organizations):
        # networkidle: also catch what scripts would fetch after the load event.
        visit(page, path, wait_until="networkidle")
    assert page.recorder.requests, "no request recorded"
    assert page.recorder.foreign_requests() == []
    # A CSP violation (inline script or style, outside resource) is reported as a console error.
    assert page.recorder.errors == []


def test_pages_are_in_french(page, organizations):
    for path in pages_to_check(organizations):
        visit(page, path)
        assert page.locator("html").get_attribute("lang") == "fr", path


def test_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_main(page, organizations):
    for path in ["/", "/annuaire"]:
        visit(page, path)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.evaluate("e => e.tagName") == "A", path
        assert skip.get_attribute("href") == "#contenu"
        assert skip.is_visible()
        box = skip.bounding_box()
        viewport = page.viewport_size
        assert box["width"] > 10 and box["height"] > 10
        assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], box
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.tagName") == "MAIN", path


FOCUS_STYLE = """e => {
    const s = getComputedStyle(e);
    return {
        tag: e.tagName, text: (e.textContent || e.name || '').trim().slice(0, 40),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        shadow: s.boxShadow !== 'none',
    };
}"""


def test_every_focused_control_shows_a_visible_focus_indicator(page, organizations):
    seen = 0
    for path in ["/", "/annuaire?q=th%C3%A9%C3%A2tre"]:
        visit(page, path)
        count = page.locator("a[href], button, input:not([type=hidden]), select, textarea").count()
        for _ in range(count):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement === document.body"):
                break
            style = page.locator(":focus").evaluate(FOCUS_STYLE)
            if style["tag"] == "MAIN":
                continue
            assert style["outline"] or style["shadow"], f"{path}: no focus indicator on {style}"
            seen += 1
    assert seen >= 4, "too few focusable controls reached with Tab"


def test_no_horizontal_scrolling_on_a_360px_wide_screen(mobile_page, organizations):
    for path in pages_to_check(organizations):
        visit(mobile_page, path)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path}: {width} px wide"


def test_search_works_without_javascript(no_js_page, organizations):
    page = no_js_page
    visit(page, "/annuaire")
    field = page.locator("input[name=q]")
    field.fill("théâtre")
    with page.expect_navigation():
        field.press("Enter")
    assert "/annuaire?" in page.url and "q=th" in page.url
    results = page.locator("main")
    assert "Théâtre des Deux Rives" in results.inner_text()
    assert "Union sportive de Pont-sur-Yonne" not in results.inner_text()
    # The query stays in the field so that it can be refined.
    assert page.locator("input[name=q]").input_value() == "théâtre"


@pytest.fixture
def manager(db, organizations):
    """A volunteer with a password who keeps the theatre's listing up to date."""
    from directory.core.extensions import limiter
    from tests.factories import MembershipFactory, UserFactory

    limiter.reset()
    user = UserFactory(email="camille@exemple.fr", password="Rideau rouge 1989 !")
    MembershipFactory(user=user, organization=organizations[0])
    db.session.commit()
    return user


def test_a_manager_signs_in_and_edits_on_a_small_screen(mobile_page, manager, organizations):
    page = mobile_page
    theatre, _ = organizations
    visit(page, f"/gestion/{theatre.slug}")
    assert "/compte/connexion" in page.url  # signed out: asked to sign in first
    page.get_by_label("Adresse électronique").fill("camille@exemple.fr")
    page.get_by_label("Mot de passe").fill("Rideau rouge 1989 !")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    assert page.url.endswith(f"/gestion/{theatre.slug}")

    form = page.locator("main form").first
    assert form.is_visible()
    assert "Théâtre des Deux Rives" in page.locator("main").inner_text()
    # Every visible field has a label a screen reader announces.
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
            'main input:not([type=hidden]):not([type=submit]), main select, main textarea')]
        .filter(e => e.offsetParent !== null && e.labels.length === 0
                     && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
        .map(e => e.name)""")
    assert unlabelled == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"edit form: {width} px wide"
    assert page.recorder.foreign_requests() == []
    assert page.recorder.errors == []
