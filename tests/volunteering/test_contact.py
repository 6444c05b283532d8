"""A volunteer writes about a mission: the association gets a mail, its address never shows."""

from email.utils import parseaddr

from sqlalchemy import func, select

from directory.core.extensions import db
from directory.volunteering.models import VolunteerMessage
from tests.factories import OrganizationFactory, member_of
from tests.htmlforms import form_fields
from tests.mailserver import text_of
from tests.volunteering.factories import mission

ASSOCIATION = "bureau-secret@amis-theatre.fr"


def _write(client, item, **values):
    page = client.get(f"/benevolat/{item.id}")
    action = f"/benevolat/{item.id}/contact"
    data = form_fields(page.text, action)
    values = {"name": "Léa Dupont", "email": "lea@exemple.fr",
              "message": "Je suis disponible le samedi.", **values}
    for name, value in values.items():
        data[name] = value
    return client.post(action, data=data)


def _messages() -> int:
    return db.session.scalar(select(func.count(VolunteerMessage.id)))


def test_the_message_reaches_the_association_reply_to_the_volunteer(client, mailbox):
    item = mission("Tenir la billetterie",
                   organization=OrganizationFactory(courriel=ASSOCIATION))
    db.session.commit()
    page = client.get(f"/benevolat/{item.id}")
    assert ASSOCIATION not in page.text

    response = _write(client, item)
    assert response.status_code == 200 and "votre message est envoyé" in response.text
    assert ASSOCIATION not in response.text
    mail = mailbox.last(ASSOCIATION)
    assert parseaddr(mail["Reply-To"]) == ("Léa Dupont", "lea@exemple.fr")
    assert "Je suis disponible le samedi." in text_of(mail)
    assert "Tenir la billetterie" in mail["Subject"]
    assert [m["To"] for m in mailbox.messages] == [ASSOCIATION]  # nothing to the volunteer
    assert _messages() == 1  # counted (« nouveaux bénévoles »), the text is not kept


def test_the_mission_address_wins_then_the_members_without_any_address_shown(client,
                                                                            mailbox):
    own = mission("Buvette", contact_email="buvette@amis.fr",
                  organization=OrganizationFactory(courriel=ASSOCIATION))
    org = OrganizationFactory(courriel=None)
    member = member_of(org)
    by_members = mission("Rangement", organization=org)
    db.session.commit()
    _write(client, own)
    _write(client, by_members)
    assert [m["To"] for m in mailbox.messages] == ["buvette@amis.fr", member.email]
    for item in (own, by_members):
        page = client.get(f"/benevolat/{item.id}").text
        assert "buvette@amis.fr" not in page and member.email not in page


def test_a_robot_filling_the_trap_field_sends_nothing(client, mailbox):
    item = mission("Buvette", organization=OrganizationFactory(courriel=ASSOCIATION))
    db.session.commit()
    response = _write(client, item, website="http://spam.example")
    assert response.status_code == 200 and "votre message est envoyé" in response.text
    assert mailbox.messages == [] and _messages() == 0


def test_an_invalid_message_is_refused_and_kept(client, mailbox):
    item = mission("Buvette", organization=OrganizationFactory(courriel=ASSOCIATION))
    db.session.commit()
    response = _write(client, item, email="pas-une-adresse")
    assert response.status_code == 422
    assert "Cette adresse électronique n&#39;est pas valide" in response.text
    kept = form_fields(response.text, f"/benevolat/{item.id}/contact")
    assert kept["message"] == "Je suis disponible le samedi."
    assert mailbox.messages == []


def test_the_form_is_rate_limited(app, client, mailbox):
    item = mission("Buvette", organization=OrganizationFactory(courriel=ASSOCIATION))
    db.session.commit()
    statuses = [_write(client, item).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert len(mailbox.messages) == 5
