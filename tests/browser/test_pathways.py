"""Pathways in a browser: « Facile à lire » opens without JavaScript and prints open; the
commune picker works without it; nothing overflows a 375 px phone."""

import pytest

from directory.pathways import operations
from tests.browser.conftest import new_page
from tests.factories import organization

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def pathway(db):
    organization("Relais Petite Enfance de Sergines", themes=["petite-enfance"],
                 publics=["petite-enfance"], communes=["sergines"],
                 presentation_resume="Information des parents sur les modes d'accueil.",
                 telephone="03 86 00 00 02")
    organization("Micro-crèche de Villeneuve", themes=["petite-enfance"],
                 publics=["petite-enfance"], communes=["villeneuve-la-guyard"])
    pathway = operations.create({
        "title": "Je cherche un mode de garde", "published": True,
        "easy_read": "Vous cherchez une garde.\n\nLe relais vous aide.",
        "steps": [{"when": "Avant de choisir", "what": "Comparer les modes d'accueil.",
                   "who": "Le relais petite enfance", "themes": ["petite-enfance"],
                   "publics": ["petite-enfance"]}],
    }, None)
    from directory.core.extensions import db as _db

    _db.session.commit()
    return pathway


@pytest.fixture
def phone_no_js(browser, live_server, db):
    page = new_page(browser, live_server, viewport=PHONE, java_script_enabled=False)
    yield page
    page.context.close()


def test_easy_text_opens_on_request_without_javascript_and_prints_open(phone_no_js, pathway):
    page = phone_no_js
    page.goto(f"/parcours/{pathway.slug}")
    text = page.get_by_text("Vous cherchez une garde.")
    assert not text.is_visible()
    page.get_by_text("Facile à lire").first.click()
    assert text.is_visible()
    page.reload()
    page.emulate_media(media="print")
    assert text.is_visible()  # printed open, without anyone clicking


def test_commune_picker_narrows_without_javascript_and_fits_a_phone(phone_no_js, pathway):
    page = phone_no_js
    page.goto(f"/parcours/{pathway.slug}")
    assert page.get_by_text("Micro-crèche de Villeneuve").is_visible()
    page.select_option("#commune", "sergines")
    page.get_by_role("button", name="Voir près de chez moi").click()
    page.wait_for_load_state()
    assert "commune=sergines" in page.url
    assert page.get_by_text("Relais Petite Enfance de Sergines").is_visible()
    assert page.get_by_text("Micro-crèche de Villeneuve").count() == 0
    for path in (page.url, "/parcours", "/guides/petite-enfance"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
