"""Staff are told what enters the queue as each one chose: a mail per arrival (one per
transaction), one daily digest, or nothing; never a mail per item unasked."""

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.listings import moderation
from directory.listings import operations as organizations
from directory.staff import notifications
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, UserFactory
from tests.htmlforms import fill, form_fields
from tests.mailserver import link_in, text_of
from tests.staff.conftest import post_form


def choose(client, choice: str):
    return post_form(client, "/moderation/", "/moderation/courriels", {"notify": choice})


def test_each_staff_member_chooses_and_the_choice_is_shown(staff_client, staff, db):
    page = staff_client.get("/moderation/").text
    # Without a choice: the daily digest, never a mail per item.
    assert 'checked id="notify-1" name="notify" required type="radio" value="digest"' in page
    assert choose(staff_client, "each").status_code == 302
    page = staff_client.get("/moderation/").text
    assert 'checked id="notify-0" name="notify" required type="radio" value="each"' in page
    assert notifications.notify_choice(staff) == "each"
    response = choose(staff_client, "tous-les-jours")
    assert response.status_code == 422
    assert "Choisissez une des possibilités proposées." in response.text


def test_a_mail_per_arrival_only_to_who_chose_it(app, staff_client, staff, mailbox, db):
    digest_person = UserFactory(role=Role.MODERATOR, email="resume@cc-territoire.fr")
    quiet = UserFactory(role=Role.ADMIN, email="calme@cc-territoire.fr")
    notifications.set_notify_choice(quiet, "none")
    choose(staff_client, "each")
    mailbox.clear()

    member = sign_in(app.test_client(), UserFactory(email="benevole@exemple.fr"))
    data = form_fields(member.get("/gestion/nouvelle").text, "/gestion/nouvelle")
    fill(data, nom="Les Randonneurs de l'Yonne")
    assert member.post("/gestion/nouvelle", data=data).status_code == 302

    [mail] = mailbox.to(staff.email)
    assert "nouvelle fiche" in mail["Subject"] and "Les Randonneurs de l'Yonne" in mail["Subject"]
    assert "Nouvelle fiche : Les Randonneurs de l'Yonne" in text_of(mail)
    assert link_in(mail, "/moderation/") == "/moderation/file"
    assert mailbox.to(digest_person.email) == [] and mailbox.to(quiet.email) == []


def test_many_arrivals_in_one_transaction_are_one_mail(staff_client, staff, mailbox, db):
    choose(staff_client, "each")
    mailbox.clear()
    author = UserFactory()
    org = OrganizationFactory(nom="Club de judo")
    for n in range(12):
        organizations.create_listing(author, {"nom": f"Association importée {n}"})
    moderation.report_error(org, "Le téléphone est faux", None)
    _db.session.commit()
    [mail] = mailbox.to(staff.email)
    assert "13 nouveaux éléments" in mail["Subject"]
    assert "Erreur signalée : Club de judo" in text_of(mail)


def test_a_rolled_back_arrival_mails_nobody(staff_client, staff, mailbox, db):
    choose(staff_client, "each")
    mailbox.clear()
    organizations.create_listing(UserFactory(), {"nom": "Jamais enregistrée"})
    _db.session.rollback()
    _db.session.commit()
    assert mailbox.to(staff.email) == []


def test_the_daily_digest_goes_once_to_who_chose_it(runner, staff, mailbox, db):
    each = UserFactory(role=Role.MODERATOR, email="chaque@cc-territoire.fr")
    notifications.set_notify_choice(each, "each")
    quiet = UserFactory(role=Role.ADMIN, email="calme@cc-territoire.fr")
    notifications.set_notify_choice(quiet, "none")
    member = UserFactory(email="membre@exemple.fr")
    organizations.create_listing(member, {"nom": "Nouvelle chorale"})
    organizations.create_listing(member, {"nom": "Nouveau club"})
    _db.session.commit()
    mailbox.clear()

    result = runner.invoke(args=["staff", "digest"])
    assert result.exit_code == 0 and "1 récapitulatif(s) envoyé(s)." in result.output
    [mail] = mailbox.to(staff.email)
    assert "2 éléments" in mail["Subject"]
    assert "Nouvelles fiches : 2" in text_of(mail)
    assert mailbox.to(each.email) == [] and mailbox.to(quiet.email) == []
    assert mailbox.to(member.email) == []
    # Run twice the same day (a cron retry): nothing more.
    assert "0 récapitulatif(s)" in runner.invoke(args=["staff", "digest"]).output
    assert len(mailbox.to(staff.email)) == 1


def test_no_digest_when_nothing_waits(runner, staff, mailbox, db):
    _db.session.commit()
    assert "0 récapitulatif(s)" in runner.invoke(args=["staff", "digest"]).output
    assert mailbox.messages == []


def test_the_worker_runs_the_digest_every_day(app):
    from datetime import datetime

    from directory.core import jobs
    from directory.staff import jobs as staff_jobs  # noqa: F401  (declares the task)

    due = {t.name for t in jobs.queue.read_periodic(datetime(2026, 12, 3, 7, 0))}
    assert "daily_digest" in due
    assert "daily_digest" not in {
        t.name for t in jobs.queue.read_periodic(datetime(2026, 12, 3, 8, 0))}


def test_nobody_is_told_of_what_they_did_themselves(staff_client, staff, mailbox, db):
    colleague = UserFactory(role=Role.MODERATOR, email="collegue@cc-territoire.fr")
    notifications.set_notify_choice(colleague, "each")
    choose(staff_client, "each")
    mailbox.clear()
    data = form_fields(staff_client.get("/gestion/nouvelle").text, "/gestion/nouvelle")
    fill(data, nom="Fiche créée par l'équipe")
    assert staff_client.post("/gestion/nouvelle", data=data).status_code == 302
    assert [m["Subject"] for m in mailbox.to(staff.email)] == []
    assert "Fiche créée par l'équipe" in mailbox.last(colleague.email)["Subject"]
