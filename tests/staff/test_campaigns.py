"""Campaigns from their page: remind now, close, export the history of answers."""

import csv
import io

from directory.core.extensions import db as _db
from directory.listings import revisions
from directory.listings.campaigns.models import Campaign
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory, UserFactory, member_of
from tests.listings.test_campaigns import start_through_the_form
from tests.mailserver import link_in


def started(staff_client, mailbox):
    harmonie = OrganizationFactory(nom="Harmonie de Sergines", courriel="bureau@harmonie.fr")
    petanque = OrganizationFactory(nom="Club de pétanque", courriel="petanque@exemple.fr")
    OrganizationFactory(nom="Sans adresse")
    _db.session.commit()
    assert start_through_the_form(staff_client).status_code == 302
    campaign = _db.session.query(Campaign).one()
    return campaign, harmonie, petanque


def post(client, campaign, action):
    page = client.get(f"/moderation/campagnes/{campaign.id}")
    return client.post(f"/moderation/campagnes/{campaign.id}/{action}",
                       data={"csrf_token": csrf_token(page.text)})


def test_remind_now_reaches_those_who_have_not_answered(app, staff_client, mailbox, db):
    campaign, harmonie, petanque = started(staff_client, mailbox)
    # The harmonie confirms through its link.
    link = link_in(mailbox.last("bureau@harmonie.fr"), "/campagne/")
    visitor = app.test_client()
    page = visitor.get(link)
    assert visitor.post(link, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    mailbox.clear()

    page = staff_client.get(f"/moderation/campagnes/{campaign.id}").text
    assert "Relancer maintenant les fiches sans réponse" in page
    response = post(staff_client, campaign, "relancer")
    assert response.status_code == 302
    assert [m["To"] for m in mailbox.messages] == ["petanque@exemple.fr"]
    assert mailbox.messages[0]["Subject"].startswith("Rappel : vérifiez la fiche")
    assert "Relance envoyée à 1 fiche(s) sans réponse." in staff_client.get(
        response.location).text
    # A second click the same day sends nothing more.
    post(staff_client, campaign, "relancer")
    assert len(mailbox.messages) == 1
    _db.session.expire_all()
    recipient = next(r for r in campaign.recipients if r.organization_id == petanque.id)
    assert recipient.reminders_sent == 1 and recipient.last_reminder_at is not None


def test_closing_stops_links_and_reminders(app, staff_client, runner, mailbox, db):
    campaign, harmonie, _ = started(staff_client, mailbox)
    link = link_in(mailbox.last("bureau@harmonie.fr"), "/campagne/")
    mailbox.clear()
    assert post(staff_client, campaign, "cloturer").status_code == 302
    page = staff_client.get(f"/moderation/campagnes/{campaign.id}").text
    assert "close le" in page and "Relancer maintenant" not in page
    assert app.test_client().get(link).status_code == 410
    # Neither the page's button nor the daily command reminds anyone any more.
    post(staff_client, campaign, "relancer")
    runner.invoke(args=["campaigns", "send-reminders"])
    assert mailbox.messages == []


def test_export_of_the_history_of_answers(app, staff_client, mailbox, db):
    campaign, harmonie, petanque = started(staff_client, mailbox)
    member = UserFactory(name="Jeanne Trésorière")
    member_of(petanque, user=member)
    link = link_in(mailbox.last("bureau@harmonie.fr"), "/campagne/")
    visitor = app.test_client()
    page = visitor.get(link)
    assert visitor.post(link, data={"csrf_token": csrf_token(page.text)}).status_code == 302
    revisions.confirm(petanque, member, "Vérifiée")
    _db.session.commit()

    response = staff_client.get(f"/moderation/campagnes/{campaign.id}/reponses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    by_name = {r["Organisation"]: r for r in rows}
    assert by_name["Harmonie de Sergines"]["Réponse"] == "Confirmée sans changement"
    assert by_name["Harmonie de Sergines"]["Par"] == "lien personnel"
    assert by_name["Club de pétanque"]["Par"] == "Jeanne Trésorière"
    assert by_name["Sans adresse"]["Réponse"] == "Pas de réponse"
    assert by_name["Sans adresse"]["Courriels"] == "aucune adresse"
    page = staff_client.get(f"/moderation/campagnes/{campaign.id}").text
    assert f'href="/moderation/campagnes/{campaign.id}/reponses.csv"' in page


def test_members_and_professionals_are_refused(refused_clients, staff_client, mailbox, db):
    campaign, *_ = started(staff_client, mailbox)
    mailbox.clear()
    for other in refused_clients:
        assert other.get(f"/moderation/campagnes/{campaign.id}/reponses.csv").status_code == 403
        token = csrf_token(other.get("/compte/").text)
        for action in ("relancer", "cloturer"):
            response = other.post(f"/moderation/campagnes/{campaign.id}/{action}",
                                  data={"csrf_token": token})
            assert response.status_code == 403
    _db.session.expire_all()
    assert campaign.closed_at is None and mailbox.messages == []
