"""The event form in a browser: fields that do not apply are hidden, no CSP error, and the
clash check works by a plain form post."""

import pytest
from flask import url_for

from directory.accounts.operations import signin_token
from tests.agenda.test_manage_pages import planned
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.browser


def sign_in(page, db, user):
    db.session.commit()
    path = url_for("account.magic_link", token=signin_token(user), _external=False)
    page.goto(path)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def test_the_event_form_shows_only_what_applies(page, db):
    org = OrganizationFactory(nom="Comité des fêtes")
    member = MembershipFactory(organization=org).user
    planned("Concert à Pont", "pont-sur-yonne", (2027, 3, 20))
    sign_in(page, db, member)
    page.goto(f"/gestion/{org.slug}/agenda/nouveau")
    assert page.locator("#start_time").is_visible()
    assert not page.locator("#repeat_until").is_visible()
    assert not page.locator("#extra_dates").is_visible()
    page.check("#all_day")
    assert not page.locator("#start_time").is_visible()
    page.uncheck("#all_day")
    page.select_option("#repeat", "weekly")
    assert page.locator("#repeat_until").is_visible()
    assert page.locator("#excluded_dates").is_visible()
    assert not page.locator("#monthly_last").is_visible()
    page.select_option("#repeat", "dates")
    assert page.locator("#extra_dates").is_visible()
    assert not page.locator("#repeat_until").is_visible()
    page.select_option("#repeat", "")

    page.fill("#title", "Loto")
    page.fill("#start_date", "2027-03-20")
    page.fill("#start_time", "14:00")
    page.fill("#end_time", "18:00")
    page.select_option("#commune", "villemanoche")
    # The script shows the clash as soon as the commune is chosen…
    page.locator("#clash-slot", has_text="Concert à Pont").wait_for()
    # … and the button does the same by posting the form.
    page.click("#check")
    page.wait_for_load_state()
    clashes = page.locator("#clashes")
    assert "Concert à Pont" in clashes.inner_text()
    assert "Commune voisine (Pont-sur-Yonne)" in clashes.inner_text()
    assert page.input_value("#title") == "Loto"
    page.goto("/gestion/agenda/planning?mois=2027-03")
    assert "Concert à Pont" in page.locator("table.planning").inner_text()
    assert page.recorder.errors == []
