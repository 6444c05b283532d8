"""Line breaks in single-line fields and huge ids answer like any other input (issue 19.11)."""

import pytest
from sqlalchemy import select

from directory.agenda.models import Event
from tests.factories import EventFactory, OrganizationFactory, ServiceFactory

HUGE = "9" * 20


@pytest.mark.parametrize("path", [
    f"/agenda/evenements/{HUGE}",
    f"/agenda/evenements/{HUGE}-concert",
    f"/agenda/evenements/{HUGE}.ics",
    f"/partenaires/services/{HUGE}",
    f"/api/v1/evenements/{HUGE}",
    f"/api/v1/services/{HUGE}",
])
def test_an_id_too_large_for_the_database_is_not_found(client, db, path):
    response = client.get(path)
    assert response.status_code == 404


def test_ordinary_ids_still_work(client, db):
    event = EventFactory()
    service = ServiceFactory(organization=OrganizationFactory())
    db.session.commit()
    assert client.get(f"/agenda/evenements/{event.id}.ics").status_code == 200
    assert client.get(f"/partenaires/services/{service.id}").status_code in (200, 301, 302)


def test_an_event_title_holding_a_line_break_keeps_its_ics_readable(client, db):
    event = EventFactory(title="Concert\r\nX-Injecte: oui", description="Ligne 1\rLigne 2")
    db.session.commit()
    response = client.get(f"/agenda/evenements/{event.id}.ics")
    assert response.status_code == 200
    lines = response.text.split("\r\n")
    assert "SUMMARY:Concert X-Injecte: oui" in lines
    assert not any(line.startswith("X-Injecte") for line in lines)
    feed = client.get("/agenda.ics")
    assert feed.status_code == 200 and "SUMMARY:Concert X-Injecte: oui" in feed.text


def test_a_proposal_title_with_a_line_break_is_sent_on_one_line(client, db, mailbox):
    from tests.agenda.test_propose_pages import EMAIL, confirm, propose

    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    db.session.commit()
    response = propose(client, organization=str(org.id),
                       title="Bourse aux vêtements\r\nBcc: victime@exemple.fr")
    assert response.status_code == 200
    mail = mailbox.last(EMAIL)
    assert mail["Bcc"] is None
    assert confirm(client, mailbox).status_code == 200
    db.session.expire_all()
    event = db.session.scalars(select(Event)).one()
    assert event.title == "Bourse aux vêtements Bcc: victime@exemple.fr"
    assert client.get(f"/agenda/evenements/{event.id}.ics").status_code in (200, 404)
