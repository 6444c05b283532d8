"""Subscribing without an account: double opt-in, the management page, one-click unsubscribe."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.newsletters.models import Subscription
from tests.conftest import csrf_token
from tests.htmlforms import form_fields
from tests.mailserver import html_of, link_in, text_of


def fill(data, **values):
    """Type and tick: a list sets every value of a repeated field (checkboxes)."""
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def _subscribe(client, email="camille@exemple.fr", **choices):
    page = client.get("/lettre/abonnement")
    data = fill(form_fields(page.text, "/lettre/abonnement"), email=email, **choices)
    return client.post("/lettre/abonnement", data=data)


def _subscription(email="camille@exemple.fr") -> Subscription | None:
    db.session.expire_all()
    return db.session.scalars(select(Subscription).where(Subscription.email == email)).first()


def _confirm(client, mailbox, email="camille@exemple.fr"):
    path = link_in(mailbox.last(email), "/lettre/confirmer/")
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer mon abonnement" in page.text
    return client.post(path, data={"csrf_token": csrf_token(page.text)})


def test_subscribing_sends_a_confirmation_and_nothing_is_active_before_it(client, mailbox):
    response = _subscribe(client, themes=["culture"], frequency="mensuelle")
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in response.text

    mail = mailbox.last("camille@exemple.fr")
    assert "Confirmez votre abonnement" in mail["Subject"]
    assert "/lettre/confirmer/" in text_of(mail) and "Confirmer mon abonnement" in html_of(mail)
    subscription = _subscription()
    assert subscription.themes == ["culture"] and subscription.frequency == "mensuelle"
    assert not subscription.active

    # Opening the link (a mail scanner) confirms nothing; the button does.
    path = link_in(mail, "/lettre/confirmer/")
    client.get(path)
    assert not _subscription().active
    response = _confirm(client, mailbox)
    assert response.status_code == 302 and "/lettre/gerer/" in response.location
    assert _subscription().active
    page = client.get(response.location)
    assert "Votre abonnement est confirmé." in page.text


def test_an_invalid_address_is_refused_next_to_the_field_and_choices_are_kept(client, mailbox):
    response = _subscribe(client, email="pas-une-adresse", themes=["sport"])
    assert response.status_code == 422
    assert "Cette adresse électronique n&#39;est pas valide" in response.text
    kept = form_fields(response.text, "/lettre/abonnement")
    assert kept["email"] == "pas-une-adresse" and kept.getlist("themes") == ["sport"]
    assert _subscription("pas-une-adresse") is None and mailbox.messages == []


def test_a_robot_filling_the_trap_field_gets_the_same_page_and_nothing_is_kept(client, mailbox):
    response = _subscribe(client, website="http://spam.example")
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.text
    assert _subscription() is None and mailbox.messages == []


def test_subscribing_an_active_address_again_changes_nothing_and_mails_its_link(client,
                                                                                mailbox):
    _subscribe(client, themes=["culture"])
    _confirm(client, mailbox)
    mailbox.clear()
    response = _subscribe(client, themes=["sport"])
    assert "Vérifiez votre messagerie" in response.text  # the same page: nothing is told
    assert _subscription().themes == ["culture"]
    mail = mailbox.last("camille@exemple.fr")
    assert "déjà abonnée" in text_of(mail) and "/lettre/gerer/" in text_of(mail)


def test_the_management_page_changes_the_choices(client, mailbox):
    _subscribe(client)
    path = _confirm(client, mailbox).location
    page = client.get(path)
    data = fill(form_fields(page.text, path), frequency="mensuelle", communes=["cuy"],
                themes=["sport"])
    response = client.post(path, data=data)
    assert response.status_code == 302
    subscription = _subscription()
    assert (subscription.frequency, subscription.communes, subscription.themes) == (
        "mensuelle", ["cuy"], ["sport"])
    assert "Vos choix sont enregistrés." in client.get(path).text

    # The change form keeps its CSRF protection.
    assert client.post(path, data={"frequency": "hebdomadaire"}).status_code == 400
    assert _subscription().frequency == "mensuelle"


def test_a_tampered_link_opens_nothing(client):
    response = client.get("/lettre/gerer/pas-un-jeton")
    assert response.status_code == 400 and "Ce lien n'est pas valable" in response.text
    response = client.post("/lettre/desabonner/pas-un-jeton",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400


def test_one_click_unsubscribe_without_a_csrf_token_forgets_the_address(client, mailbox):
    _subscribe(client)
    manage_path = _confirm(client, mailbox).location
    token = manage_path.rsplit("/", 1)[1]
    # What a mail client does with List-Unsubscribe-Post (RFC 8058): a bare POST.
    response = client.post(f"/lettre/desabonner/{token}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Vous êtes désabonné·e" in response.text
    db.session.expire_all()
    assert _subscription() is None
    row = db.session.scalars(select(Subscription)).one()
    assert row.unsubscribed_at is not None and row.email is None and row.themes == []
    # Again, or from the management link: it says so, nothing breaks.
    assert client.post(f"/lettre/desabonner/{token}").status_code == 200
    assert "Vous êtes désabonné·e" in client.get(manage_path).text


def test_the_unsubscribe_link_opened_in_a_browser_asks_first(client, mailbox):
    _subscribe(client)
    token = _confirm(client, mailbox).location.rsplit("/", 1)[1]
    page = client.get(f"/lettre/desabonner/{token}")
    assert page.status_code == 200 and "Me désabonner" in page.text
    assert _subscription().active


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation(client, mailbox):
    _subscribe(client)
    token = _confirm(client, mailbox).location.rsplit("/", 1)[1]
    client.post(f"/lettre/desabonner/{token}")
    mailbox.clear()
    _subscribe(client, themes=["culture"])
    subscription = _subscription()
    assert subscription is not None and not subscription.active
    _confirm(client, mailbox)
    assert _subscription().active and _subscription().themes == ["culture"]
