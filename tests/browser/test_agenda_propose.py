"""The public proposal form in a browser: the trap field is invisible to people, the fields that
do not apply hide, no CSP error, and a proposal typed by a person reaches their mailbox."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from directory.agenda.models import EventProposal
from directory.core.dates import today_paris
from tests.factories import OrganizationFactory
from tests.mailserver import link_in

pytestmark = pytest.mark.browser


def test_a_person_proposes_an_event_and_never_sees_the_trap(page, db, mailbox):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    db.session.commit()
    page.goto("/agenda/proposer")
    # Moved off the screen (not display:none, which some robots detect) and out of the tab order.
    trap = page.locator("#website").bounding_box()
    assert trap["x"] + trap["width"] <= 0
    assert page.get_attribute("#website", "tabindex") == "-1"
    assert page.locator("#start_time").is_visible()
    page.check("#all_day")
    assert not page.locator("#start_time").is_visible()
    page.uncheck("#all_day")

    page.select_option("#organization", str(org.id))
    page.fill("#email", "benevole@comite-cuy.exemple.org")
    page.fill("#title", "Bourse aux jouets")
    page.fill("#start_date", (today_paris() + timedelta(days=9)).isoformat())
    page.fill("#start_time", "09:00")
    page.fill("#end_time", "13:00")
    page.fill("#address", "Salle des fêtes")
    page.select_option("#commune", "cuy")
    page.click("#submit")
    page.wait_for_load_state()
    assert "Vérifiez votre messagerie" in page.inner_text("main")
    assert page.recorder.errors == []
    assert page.recorder.foreign_requests() == []

    proposal = db.session.scalars(select(EventProposal)).one()
    assert proposal.organization_id == org.id
    path = link_in(mailbox.last("benevole@comite-cuy.exemple.org"), "/agenda/proposer/")
    page.goto(path)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Proposition confirmée" in page.inner_text("main")
    assert page.recorder.errors == []
