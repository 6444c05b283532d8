"""The staff's letter: compose from picks and an editorial, preview, test, send; web version."""

import re

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.newsletters.models import Delivery, Newsletter, Subscription
from tests.conftest import csrf_token
from tests.factories import EventFactory, UserFactory, organization
from tests.htmlforms import form_fields
from tests.mailserver import html_of, link_in, text_of


def subscriber(email, **choices):
    db.session.add(Subscription(email=email, confirmed_at=utcnow(), **choices))


def fill(data, **values):
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def test_staff_compose_preview_test_and_send_a_letter(client, login_as, mailbox):
    concert = EventFactory(title="Concert du Nouvel An")
    chorale = organization("Chorale de Sergines", themes=["culture"])
    EventFactory(title="Loto de la paroisse")  # not picked
    subscriber("culture@exemple.fr", themes=["culture"])
    subscriber("tout@exemple.fr")
    subscriber("sport@exemple.fr", themes=["sport"])
    db.session.add(Subscription(email="pas-confirme@exemple.fr"))
    login_as(UserFactory(role=Role.MODERATOR, email="equipe@cc-yonne-nord.fr"))

    path = "/moderation/lettres/nouvelle"
    page = client.get(path)
    assert "Concert du Nouvel An" in page.text and "Chorale de Sergines" in page.text
    data = fill(form_fields(page.text, path), title="La lettre de janvier",
                editorial="Bonne année à **toutes et tous** !",
                events=[str(concert.id)], organizations=[str(chorale.id)], themes=["culture"])
    response = client.post(path, data=data)
    assert response.status_code == 302
    letter = db.session.scalars(select(Newsletter)).one()
    edit = response.location

    # The preview is the staff's only: the public gets a 404 until it is sent.
    preview = client.get(f"/lettre/{letter.id}").text
    assert "Aperçu" in preview and "<strong>toutes et tous</strong>" in preview
    assert "Concert du Nouvel An" in preview and "Loto" not in preview
    assert client.application.test_client().get(f"/lettre/{letter.id}").status_code == 404

    page = client.get(edit)
    action = f"/moderation/lettres/{letter.id}/essai"
    response = client.post(action, data=fill(form_fields(page.text, action),
                                             email="equipe@cc-yonne-nord.fr"))
    assert response.status_code == 302
    test = mailbox.last("equipe@cc-yonne-nord.fr")
    assert test["Subject"].startswith("[Essai] La lettre de janvier")
    assert [m["To"] for m in mailbox.messages] == ["equipe@cc-yonne-nord.fr"]
    mailbox.clear()

    response = client.post(f"/moderation/lettres/{letter.id}/envoyer",
                           data={"csrf_token": csrf_token(client.get(edit).text)})
    assert response.status_code == 302
    # For « Culture » followers and those who follow everything; not sport, not unconfirmed.
    assert sorted(m["To"] for m in mailbox.messages) == ["culture@exemple.fr",
                                                        "tout@exemple.fr"]
    assert len({m["Message-ID"] for m in mailbox.messages}) == 2
    assert link_in(mailbox.last("tout@exemple.fr"), "/lettre/gerer/") != link_in(
        mailbox.last("culture@exemple.fr"), "/lettre/gerer/")
    mail = mailbox.last("culture@exemple.fr")
    for part in (text_of(mail), html_of(mail)):
        assert "Concert du Nouvel An" in part and "Chorale de Sergines" in part
        assert "Loto" not in part and f"/lettre/{letter.id}" in part
        assert "/lettre/gerer/" in part
    assert "Bonne année à toutes et tous" in text_of(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(mail, "/agenda/evenements/")

    # Online for everyone now, and counted; sending again sends nothing.
    web = client.application.test_client().get(f"/lettre/{letter.id}")
    assert web.status_code == 200 and "Aperçu" not in web.text
    index = client.get("/moderation/lettres/").text
    assert re.search(r"La lettre de janvier.*?<td>2</td>", index, re.S)
    assert db.session.scalar(select(Delivery.state).limit(1)) == "envoye"
    mailbox.clear()
    client.post(f"/moderation/lettres/{letter.id}/envoyer",
                data={"csrf_token": csrf_token(client.get(edit).text)})
    assert mailbox.messages == []


def test_a_letter_without_a_title_is_refused_next_to_the_field(client, login_as):
    login_as(UserFactory(role=Role.MODERATOR))
    path = "/moderation/lettres/nouvelle"
    data = fill(form_fields(client.get(path).text, path), title="", editorial="Texte gardé")
    response = client.post(path, data=data)
    assert response.status_code == 422 and "Donnez un titre à la lettre." in response.text
    assert form_fields(response.text, path)["editorial"] == "Texte gardé"
