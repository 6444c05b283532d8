"""The annual update campaign: staff start it, organisations answer through a personal link,
reminders go to those who have not answered, the staff follow the response rate and export."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.dates import today_paris
from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.listings import operations as organizations
from directory.listings import revisions
from directory.listings.campaigns import operations as campaigns
from directory.listings.campaigns.models import Campaign, CampaignRecipient
from directory.listings.models.revision import Revision
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, UserFactory, member_of
from tests.htmlforms import fill
from tests.listings.test_manage import edit_form, reload
from tests.mailserver import link_in, text_of


def staff():
    return UserFactory(role=Role.MODERATOR, email="agent@cc-yonne-nord.fr")


def start_through_the_form(client, **values):
    page = client.get("/moderation/campagnes/nouvelle")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), "name": "Mise à jour 2027",
            "ends_on": (today_paris() + timedelta(days=60)).isoformat(),
            "reminders": "14, 28", "message": "Merci pour votre aide !", **values}
    return client.post("/moderation/campagnes/nouvelle", data=data)


def test_staff_start_a_campaign_and_an_organisation_confirms_through_its_link(
        app, client, db, mailbox):
    org = OrganizationFactory(nom="Harmonie de Sergines", courriel="bureau@harmonie.fr")
    member_of(org, user=UserFactory(email="tresoriere@harmonie.fr"))
    OrganizationFactory(nom="Club de pétanque", courriel="petanque@exemple.fr")
    OrganizationFactory(nom="Sans adresse")
    OrganizationFactory(nom="En attente", status="draft", courriel="brouillon@exemple.fr")
    sign_in(client, staff())
    queue = client.get("/moderation/file").text
    assert 'href="/moderation/campagnes/"' in queue and "/moderation/fiches-a-verifier" in queue

    response = start_through_the_form(client)
    assert response.status_code == 302
    assert sorted(m["To"] for m in mailbox.messages) == [
        "bureau@harmonie.fr", "petanque@exemple.fr", "tresoriere@harmonie.fr"]
    mail = mailbox.last("bureau@harmonie.fr")
    assert "Mise à jour 2027" in mail["Subject"] and "Harmonie de Sergines" in mail["Subject"]
    assert "Merci pour votre aide !" in text_of(mail)
    link = link_in(mail, "/campagne/")
    # The same link for every address of the organisation, another for each organisation.
    assert link_in(mailbox.last("tresoriere@harmonie.fr"), "/campagne/") == link
    assert link_in(mailbox.last("petanque@exemple.fr"), "/campagne/") != link

    page = client.get(response.location).text
    assert page.count("Campagne lancée : 2 fiche(s) prévenue(s)") == 1
    assert "0 %" in page and "0 sur 2 fiches prévenues" in page
    assert "Sans adresse" in page and "aucune adresse" in page

    # The person who received the mail is not signed in: the link alone confirms.
    visitor = app.test_client()
    review = visitor.get(link)
    assert review.status_code == 200
    assert "Harmonie de Sergines" in review.text and "Confirmer sans changement" in review.text
    assert f"/compte/connexion?next=/gestion/{org.slug}" in review.text
    confirmed = visitor.post(link, data={"csrf_token": csrf_token(review.text)})
    assert confirmed.status_code == 302
    assert "Confirmée sans changement" in visitor.get(link).text
    # Nobody got signed in by the link.
    assert visitor.get(f"/gestion/{org.slug}").status_code == 302

    org = reload(org)
    assert org.last_verified_at is not None
    last = _db.session.scalars(select(Revision).where(Revision.organization_id == org.id)
                               .order_by(Revision.id.desc())).first()
    assert last.action == "confirm" and "Mise à jour 2027" in last.comment
    assert "Confirmée via la campagne" in client.get(f"/annuaire/{org.slug}/historique").text

    page = client.get(response.location).text
    assert "50 %" in page and "1 sur 2 fiches prévenues" in page
    left = page[page.index("Sans réponse ("):]
    assert "Club de pétanque" in left and "Harmonie de Sergines" not in left


def test_a_change_made_by_a_member_counts_as_an_answer(app, client, db, mailbox):
    org = OrganizationFactory(nom="Judo club", courriel="judo@exemple.fr", trusted=True)
    member = member_of(org, user=UserFactory(email="prof@judo.fr"))
    campaign = campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=30), [14],
                               None, staff())
    _db.session.commit()
    from directory.listings.campaigns.mails import send_due

    send_due(utcnow())
    link = link_in(mailbox.last("prof@judo.fr"), "/campagne/")

    # Signed in, the review page leads straight to the edit form.
    sign_in(client, member)
    review = client.get(link).text
    assert f'href="/gestion/{org.slug}"' in review
    form = edit_form(client, org.slug)
    assert client.post(f"/gestion/{org.slug}",
                       data=fill(form, telephone="03 86 11 22 33")).status_code == 302

    campaign = _db.session.get(Campaign, campaign.id)
    progress = campaigns.progress(campaign)
    assert (progress.sent, progress.confirmed, progress.changed, progress.rate) == (1, 0, 1, 100)
    assert "Modifiée" in client.get(link).text


def test_staff_edits_are_not_the_organisations_answer(db):
    org = OrganizationFactory(courriel="a@exemple.fr")
    agent = staff()
    campaign = campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=30), [], None,
                               agent)
    campaign.recipients[0].sent_at = utcnow() - timedelta(minutes=1)
    snapshot = revisions.snapshot_of(org)
    snapshot["fields"]["telephone"] = "03 86 00 00 09"
    revisions.save(org, agent, snapshot, 0)
    assert campaigns.answers(campaign) == {}


def run(runner, now):
    result = runner.invoke(args=["campaigns", "send-reminders", "--now",
                                 now.strftime("%Y-%m-%dT%H:%M:%S%z")])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_go_at_the_set_intervals_once_to_those_who_have_not_answered(
        app, runner, db, mailbox):
    # The first mails left 40 days ago; the command is run at fixed instants since then.
    start = utcnow() - timedelta(days=40)
    OrganizationFactory(nom="Chorale", courriel="chorale@exemple.fr")
    OrganizationFactory(nom="Football", courriel="foot@exemple.fr")
    OrganizationFactory(nom="Bridge", courriel="bridge@exemple.fr")
    campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=10), [14, 28], None,
                    staff())
    _db.session.commit()
    assert "3 premier(s) envoi(s)" in run(runner, start)
    assert "0 premier(s) envoi(s), 0 relance(s)" in run(runner, start + timedelta(hours=1))

    # Football answers through its link (today, after the first mail).
    link = link_in(mailbox.last("foot@exemple.fr"), "/campagne/")
    client = app.test_client()
    client.post(link, data={"csrf_token": csrf_token(client.get(link).text)})
    mailbox.clear()

    assert "0 relance(s)" in run(runner, start + timedelta(days=13, hours=23))
    assert "2 relance(s)" in run(runner, start + timedelta(days=14))
    assert sorted(m["To"] for m in mailbox.messages) == ["bridge@exemple.fr",
                                                          "chorale@exemple.fr"]
    assert "Rappel" in mailbox.last("chorale@exemple.fr")["Subject"]
    # The reminder carries the same personal link as the first mail.
    assert "/campagne/" in link_in(mailbox.last("chorale@exemple.fr"), "/campagne/")
    assert "0 relance(s)" in run(runner, start + timedelta(days=14, hours=2))
    assert "0 relance(s)" in run(runner, start + timedelta(days=27))
    assert "2 relance(s)" in run(runner, start + timedelta(days=28))
    assert "0 relance(s)" in run(runner, start + timedelta(days=39))
    assert len(mailbox.to("chorale@exemple.fr")) == 2
    assert mailbox.to("foot@exemple.fr") == []


def test_a_missed_run_sends_one_reminder_not_two(runner, db, mailbox):
    start = utcnow() - timedelta(days=40)
    OrganizationFactory(courriel="chorale@exemple.fr")
    campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=10), [14, 28], None,
                    staff())
    _db.session.commit()
    run(runner, start)
    mailbox.clear()
    assert "1 relance(s)" in run(runner, start + timedelta(days=30))
    assert "0 relance(s)" in run(runner, start + timedelta(days=35))
    recipient = _db.session.scalars(select(CampaignRecipient)).one()
    _db.session.refresh(recipient)
    assert recipient.reminders_sent == 2 and len(mailbox.messages) == 1


def test_nothing_is_sent_once_the_campaign_is_over_and_the_link_expires(
        app, runner, db, mailbox):
    org = OrganizationFactory(courriel="chorale@exemple.fr")
    campaign = campaigns.start("Mise à jour 2026", today_paris() + timedelta(days=1), [14],
                               None, staff())
    _db.session.commit()
    run(runner, utcnow())
    link = link_in(mailbox.last("chorale@exemple.fr"), "/campagne/")
    mailbox.clear()
    campaign = _db.session.get(Campaign, campaign.id)
    campaign.ends_on = today_paris() - timedelta(days=1)
    _db.session.commit()
    assert "0 relance(s)" in run(runner, utcnow() + timedelta(days=20))
    assert mailbox.messages == []
    client = app.test_client()
    page = client.get(link)
    assert page.status_code == 410 and "expiré" in page.text
    token = csrf_token(client.get(f"/annuaire/{org.slug}/signaler").text)
    assert client.post(link, data={"csrf_token": token}).status_code == 410
    assert reload(org).last_verified_at is None


def test_a_forged_or_altered_link_is_refused(app, client, db, mailbox):
    OrganizationFactory(courriel="chorale@exemple.fr")
    campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=10), [], None, staff())
    _db.session.commit()
    run(app.test_cli_runner(), utcnow())
    link = link_in(mailbox.last("chorale@exemple.fr"), "/campagne/")
    assert client.get(link[:-2] + ("AA" if not link.endswith("AA") else "BB")).status_code == 404
    assert client.get("/campagne/1").status_code == 404
    # Without the form's CSRF token nothing is confirmed.
    assert client.post(link, data={}).status_code == 400


def test_an_invalid_campaign_form_shows_french_errors_and_keeps_what_was_typed(client, db):
    sign_in(client, staff())
    response = start_through_the_form(client, name="", ends_on="2020-01-01",
                                      reminders="14, deux semaines", message="Bonjour")
    assert response.status_code == 422
    assert "Donnez un nom à la campagne" in response.text
    assert "Le dernier jour doit être dans le futur." in response.text
    assert "Indiquez des nombres de jours" in response.text
    assert "14, deux semaines" in response.text and "Bonjour" in response.text
    assert _db.session.scalars(select(Campaign)).all() == []


def test_campaign_pages_are_for_the_staff_only(app, client, db):
    org = OrganizationFactory()
    campaign = campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=10), [], None,
                               staff())
    _db.session.commit()
    pages = ["/moderation/campagnes/", "/moderation/campagnes/nouvelle",
             f"/moderation/campagnes/{campaign.id}",
             f"/moderation/campagnes/{campaign.id}/restantes.csv"]
    for path in pages:
        assert client.get(path).status_code == 302
    sign_in(client, member_of(org))
    for path in pages:
        assert client.get(path).status_code == 403


def test_export_of_those_left_opens_in_excel_and_neutralises_formulas(client, db, mailbox):
    OrganizationFactory(nom="=HYPERLINK(\"http://evil.example\")", courriel="x@exemple.fr",
                        telephone="+33 3 86 00 00 00")
    done = OrganizationFactory(nom="Déjà fait", courriel="ok@exemple.fr")
    OrganizationFactory(nom="@SUM(A1)")
    sign_in(client, staff())
    campaign_url = start_through_the_form(client).location
    recipient = _db.session.scalars(
        select(CampaignRecipient).where(CampaignRecipient.organization_id == done.id)).one()
    campaigns.confirm(recipient)
    _db.session.commit()

    response = client.get(f"{campaign_url}/restantes.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Organisation", "Courriels", "Téléphone"]
    names = [r[0] for r in rows[1:]]
    assert names == ["'=HYPERLINK(\"http://evil.example\")", "'@SUM(A1)"]
    assert rows[1][2] == "'+33 3 86 00 00 00"
    assert rows[2][1] == "aucune adresse" and rows[2][3] == "non envoyé"


def test_html_in_a_campaign_message_is_not_executed(client, db, mailbox):
    from tests.mailserver import html_of

    OrganizationFactory(nom="<script>alert(1)</script>", courriel="x@exemple.fr")
    sign_in(client, staff())
    location = start_through_the_form(client, message="<img src=x onerror=alert(1)>").location
    html = html_of(mailbox.last("x@exemple.fr"))
    assert "<img src=x" not in html and "&lt;img src=x" in html
    page = client.get(location).text
    assert "<script>alert(1)</script>" not in page


def test_archived_and_draft_listings_are_not_asked(db):
    agent = staff()
    archived = OrganizationFactory(courriel="a@exemple.fr")
    organizations.archive(archived, agent)
    OrganizationFactory(courriel="b@exemple.fr", status="draft")
    kept = OrganizationFactory(courriel="c@exemple.fr")
    campaign = campaigns.start("Mise à jour 2027", today_paris() + timedelta(days=10), [], None,
                               agent)
    assert [r.organization for r in campaign.recipients] == [kept]
