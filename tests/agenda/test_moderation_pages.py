"""Staff moderation of events: the queue, the review page, decisions mailed to the submitter and
kept in the event's history; trusted organisations and staff publish directly."""

from datetime import timedelta
from html import unescape

from sqlalchemy import select

from directory.accounts.models import Role
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda.models import Event, EventRevision
from directory.core.dates import today_paris
from directory.core.extensions import db as _db
from directory.taxonomy.vocabularies import ModerationState
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    paris_time,
)
from tests.mailserver import html_of, link_in, text_of


def member_event(org=None, **data):
    """An event created by a member of `org` and sent for validation, committed."""
    org = org or OrganizationFactory(nom="Comité des fêtes de Cuy")
    member = MembershipFactory(organization=org).user
    day = today_paris() + timedelta(days=10)
    values = {
        "title": "Loto du comité des fêtes", "description": "Nombreux **lots** à gagner.",
        "all_day": False, "starts_at": paris_time(day, 20, 0),
        "ends_at": paris_time(day, 23, 30), "address": "Salle des fêtes", "commune": "cuy",
        "themes": ["comites-des-fetes-et-animations"], "publics": ["tout-public"],
        "frais": "payant", "price_details": "3 € le carton", "accessibility": ["moteur"],
        "age_min": 6, **data,
    }
    event = events.create_event(org, member, values)
    event_moderation.submit(event, member)
    _db.session.commit()
    return event, member


def history_actions(event) -> list[tuple[str, str | None, str | None]]:
    entries = _db.session.scalars(
        select(EventRevision).where(EventRevision.event_id == event.id)
        .order_by(EventRevision.number)
    )
    return [(e.action, e.author.email if e.author else None, e.note) for e in entries]


def staff(client):
    moderator = UserFactory(role=Role.MODERATOR, name="Inès Modératrice")
    sign_in(client, moderator)
    return moderator


def decide(client, event, **data):
    page = client.get(f"/moderation/agenda/{event.id}")
    return client.post(f"/moderation/agenda/{event.id}",
                       data={"csrf_token": csrf_token(page.text), **data})


def test_submission_waits_in_the_queue_and_tells_the_member(client, db, mailbox):
    event, member = member_event()
    assert event.moderation_state == ModerationState.SUBMITTED
    mail = mailbox.last(member.email)
    assert "bien reçu" in mail["Subject"]
    assert "Loto du comité des fêtes" in text_of(mail)
    assert history_actions(event)[-1] == ("submit", member.email, None)

    staff(client)
    queue = client.get("/moderation/file")
    assert "Événements à valider (1)" in queue.text
    assert f"/moderation/agenda/{event.id}" in queue.text
    assert "Rien à examiner" not in queue.text


def test_review_page_shows_the_whole_event_and_its_clashes(client, db):
    event, member = member_event()
    day = event.starts_at
    EventFactory(title="Concert de l'harmonie", starts_at=day, ends_at=day + timedelta(hours=2),
                 commune=event.commune)
    staff(client)
    page = client.get(f"/moderation/agenda/{event.id}")
    assert page.status_code == 200
    text = unescape(page.text)
    for expected in ("Loto du comité des fêtes", "<strong>lots</strong>", "Salle des fêtes",
                     "Cuy", "Tout public", "3 € le carton", "Payant", "dès 6 ans",
                     "Handicap moteur", "Comité des fêtes de Cuy", member.email,
                     "En attente de validation", "Envoyé pour validation"):
        assert expected in text, expected
    assert "Concert de l'harmonie" in text
    assert "même commune" in text.lower()
    for button in ("Publier", "Demander une modification", "Refuser"):
        assert f'value="{button}"' in text


def test_publishing_mails_the_submitter_and_keeps_the_sequence(client, db, mailbox):
    event, member = member_event()
    sequence = event.sequence
    moderator = staff(client)
    mailbox.clear()
    response = decide(client, event, publish="Publier")
    assert response.status_code == 302 and response.location.endswith("/moderation/file")
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.PUBLISHED
    assert event.sequence == sequence  # nothing the public knew has changed
    assert history_actions(event)[-1] == ("publish", moderator.email, None)
    mail = mailbox.last(member.email)
    assert "publié" in mail["Subject"]
    assert f"/agenda/evenements/{event.id}-" in text_of(mail)
    assert f"/agenda/evenements/{event.id}-" in html_of(mail)
    assert "Événements à valider (0)" in client.get("/moderation/file").text
    assert client.get(f"/agenda/evenements/{event.id}-{event.slug}").status_code == 200


def test_asking_for_a_change_needs_a_message(client, db, mailbox):
    event, member = member_event()
    moderator = staff(client)
    mailbox.clear()
    missing = decide(client, event, request_changes="Demander une modification", message="")
    assert missing.status_code == 422
    assert "Indiquez la modification demandée" in unescape(missing.text)
    assert mailbox.messages == []

    response = decide(client, event, request_changes="Demander une modification",
                      message="Précisez l'heure d'ouverture des portes.")
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.DRAFT
    assert history_actions(event)[-1] == (
        "request-changes", moderator.email, "Précisez l'heure d'ouverture des portes.")
    mail = mailbox.last(member.email)
    assert "modification est demandée" in mail["Subject"]
    assert "Précisez l'heure d'ouverture des portes." in text_of(mail)
    assert link_in(mail, f"/agenda/{event.id}").startswith("/gestion/")


def test_refusing_needs_a_reason_which_is_mailed(client, db, mailbox):
    event, member = member_event()
    moderator = staff(client)
    mailbox.clear()
    missing = decide(client, event, refuse="Refuser", message="  ")
    assert missing.status_code == 422
    assert "Indiquez le motif du refus" in unescape(missing.text)
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.SUBMITTED

    response = decide(client, event, refuse="Refuser",
                      message="Les événements commerciaux ne sont pas publiés.")
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.REFUSED
    assert event.refusal_reason == "Les événements commerciaux ne sont pas publiés."
    assert history_actions(event)[-1] == (
        "refuse", moderator.email, "Les événements commerciaux ne sont pas publiés.")
    mail = mailbox.last(member.email)
    assert "n'a pas été publié" in mail["Subject"]
    assert "Les événements commerciaux ne sont pas publiés." in html_of(mail)


def test_a_decided_event_takes_no_second_decision(client, db, mailbox):
    event, member = member_event()
    staff(client)
    page = client.get(f"/moderation/agenda/{event.id}")
    token = csrf_token(page.text)
    assert client.post(f"/moderation/agenda/{event.id}",
                       data={"csrf_token": token, "publish": "Publier"}).status_code == 302
    mailbox.clear()
    again = client.post(f"/moderation/agenda/{event.id}",
                        data={"csrf_token": token, "refuse": "Refuser", "message": "Non"},
                        follow_redirects=True)
    assert "n'attend plus de décision" in unescape(again.text)
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.PUBLISHED
    assert mailbox.messages == []


def test_trusted_organisations_and_staff_publish_directly(client, db, mailbox):
    trusted = OrganizationFactory(nom="Médiathèque intercommunale", trusted=True)
    event, member = member_event(trusted, title="L'heure du conte")
    assert event.moderation_state == ModerationState.PUBLISHED
    assert [a for a, _, _ in history_actions(event)] == ["create", "publish"]
    assert "publié" in mailbox.last(member.email)["Subject"]

    moderator = UserFactory(role=Role.MODERATOR)
    other = events.create_event(OrganizationFactory(), moderator, {
        "title": "Forum des associations", "all_day": True,
        "start_date": today_paris() + timedelta(days=20),
        "end_date": today_paris() + timedelta(days=21), "commune": "sergines"})
    mailbox.clear()
    event_moderation.submit(other, moderator)
    _db.session.commit()
    assert other.moderation_state == ModerationState.PUBLISHED
    assert mailbox.messages == []  # staff are not mailed about their own publication
    staff(client)
    assert "Événements à valider (0)" in client.get("/moderation/file").text


def test_a_rolled_back_decision_mails_nobody(db, mailbox):
    event, member = member_event()
    mailbox.clear()
    event_moderation.refuse(event, UserFactory(role=Role.MODERATOR), "Doublon")
    _db.session.rollback()
    assert mailbox.messages == []
    _db.session.commit()
    assert mailbox.messages == []
    assert _db.session.get(Event, event.id).moderation_state == ModerationState.SUBMITTED


def test_only_staff_see_the_review_page(client, db):
    event, member = member_event()
    anonymous = client.get(f"/moderation/agenda/{event.id}")
    assert anonymous.status_code == 302 and "/compte/connexion" in anonymous.location
    sign_in(client, member)
    assert client.get(f"/moderation/agenda/{event.id}").status_code == 403
    assert "Événements à valider" not in client.get("/").text


def test_unknown_or_withdrawn_events_are_not_found(client, db):
    event, member = member_event()
    event.archived_at = event.created_at
    _db.session.commit()
    staff(client)
    assert client.get(f"/moderation/agenda/{event.id}").status_code == 404
    assert client.get("/moderation/agenda/999999").status_code == 404


def test_an_event_announced_from_the_organiser_pages_reaches_the_queue(client, db, mailbox):
    org = OrganizationFactory(nom="Club de l'amitié de Michery")
    member = MembershipFactory(organization=org).user
    sign_in(client, member)
    path = f"/gestion/{org.slug}/agenda/nouveau"
    page = client.get(path)
    day = today_paris() + timedelta(days=15)
    response = client.post(path, data={
        "csrf_token": csrf_token(page.text), "title": "Concours de belote",
        "start_date": day.isoformat(), "start_time": "14:00", "end_time": "18:00",
        "commune": "michery", "frais": "payant", "price_details": "8 € par personne",
        "submit": "Enregistrer"})
    assert response.status_code == 302, response.text
    event = _db.session.scalars(select(Event).where(Event.title == "Concours de belote")).one()
    assert event.moderation_state == ModerationState.SUBMITTED
    assert "bien reçu" in mailbox.last(member.email)["Subject"]

    moderator = client.application.test_client()
    staff(moderator)
    assert "Concours de belote" in moderator.get("/moderation/file").text
    decide(moderator, event, publish="Publier")
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.PUBLISHED
    page = client.get(f"/gestion/{org.slug}/agenda/{event.id}")
    assert "Publié" in page.text
