"""On a 375 px phone: the whole menu in sight, the agenda's filters a few keys away, how to
reach a structure before its description, the week-end on the home page, the feed address."""

from datetime import timedelta

import pytest

from directory.agenda.queries import _period_bounds
from directory.core.dates import today_paris
from tests.browser.conftest import new_page
from tests.factories import EventFactory, OrganizationFactory, PlaceFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
MENU = ["Accueil", "Annuaire", "Thématiques", "Communes", "Agenda", "Partenaires"]


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser, live_server, db):
    page = new_page(browser, live_server, viewport=PHONE, java_script_enabled=request.param)
    yield page
    page.context.close()


@pytest.fixture
def phone_js(browser, live_server, db):
    page = new_page(browser, live_server, viewport=PHONE)
    yield page
    page.context.close()


@pytest.fixture
def listing(db):
    org = OrganizationFactory(
        nom="Comité des fêtes de Sergines",
        slug="comite-des-fetes-de-sergines",
        telephone="03 86 00 00 01",
        horaires_accueil="Mercredi de 14 h à 18 h",
        description="Le comité organise la fête du village.\n\n" + "Une longue histoire. " * 200,
    )
    org.places.append(PlaceFactory())
    saturday, sunday = _period_bounds("week-end", today_paris())
    EventFactory(organization=org, title="Bal du week-end", start_date=sunday)
    for n in range(40):  # a long agenda: its filters come after many dates
        EventFactory(organization=org, title=f"Atelier {n}", start_date=sunday + timedelta(days=n))
    db.session.commit()
    return org


def test_every_menu_entry_is_visible_on_the_screen(phone, listing):
    phone.goto("/agenda")
    for label in MENU:
        link = phone.locator(".site-nav").get_by_role("link", name=label, exact=True)
        assert link.is_visible(), label
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label, box)
        assert box["y"] + box["height"] <= PHONE["height"], (label, box)
        # Nothing (a scroll container, another item) hides the entry: a tap on it reaches it.
        hit = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent.trim()",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert hit == label
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_agenda_filters_are_a_few_tab_presses_away(phone, listing):
    phone.goto("/agenda")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    phone.keyboard.press("Enter")
    for _ in range(3):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent.trim()") == "Filtrer l'agenda":
            break
    else:
        pytest.fail("« Filtrer l'agenda » not reached in 3 Tab presses after the skip link")
    jump = phone.locator(":focus")
    assert jump.bounding_box()["y"] < PHONE["height"], "the jump link is below the first screen"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.closest('#filtrer') !== null")
    assert phone.locator("#f-periode").is_visible()
    # The form sits far below the dates: the jump link did the work.
    assert phone.locator("#filtrer").evaluate("e => e.offsetTop") > 5 * PHONE["height"]


def test_agenda_subscribe_link_leads_to_the_feed_addresses(phone, listing):
    phone.goto("/agenda")
    phone.get_by_role("link", name="S'abonner", exact=True).click()
    heading = phone.locator("#s-abonner")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]


def test_organisation_page_shows_how_to_reach_it_before_its_description(phone, listing):
    phone.goto(f"/annuaire/{listing.slug}")
    contacts = phone.locator("#coordonnees").bounding_box()
    hours = phone.locator("#horaires").bounding_box()
    presentation = phone.locator("#presentation").bounding_box()
    assert contacts["y"] < presentation["y"]
    assert hours["y"] < presentation["y"]
    # Within the first two screens, phone number included.
    phone_link = phone.get_by_role("link", name="03 86 00 00 01")
    assert phone_link.bounding_box()["y"] < 2 * PHONE["height"]


def test_organisation_page_keeps_contacts_beside_the_description_on_a_wide_screen(page, listing):
    page.goto(f"/annuaire/{listing.slug}")
    contacts = page.locator("#coordonnees").bounding_box()
    presentation = page.locator("#presentation").bounding_box()
    assert contacts["x"] > presentation["x"] + presentation["width"]
    assert abs(contacts["y"] - presentation["y"]) < 100


def test_home_page_shows_the_week_end_and_a_way_into_the_agenda(phone, listing):
    phone.goto("/")
    weekend = phone.locator("section.weekend")
    assert weekend.get_by_role("link", name="Bal du week-end").is_visible()
    assert "Atelier 5" not in weekend.inner_text()
    weekend.get_by_role("link", name="Voir tout l'agenda").click()
    phone.wait_for_url("**/agenda")
    assert phone.locator("h1").inner_text() == "Agenda du territoire"


def test_feed_address_field_keeps_a_readable_width_with_javascript(phone_js, listing):
    page = phone_js
    page.goto("/agenda")
    button = page.locator(".copy-field__button")
    button.wait_for()  # added by the script
    field = page.locator("#adresse-flux").bounding_box()
    assert field["width"] >= 200, field
    assert button.bounding_box()["width"] < PHONE["width"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
