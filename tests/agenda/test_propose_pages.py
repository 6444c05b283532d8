"""The public proposal form: nothing exists until the mailed link is confirmed; a honeypot and a
rate limit against spam; a personal link to edit or cancel one's own event later."""

import time
from datetime import timedelta
from html import unescape

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from directory.accounts.models import Role
from directory.agenda import proposals as event_proposals
from directory.agenda.models import Event, EventProposal, EventRevision
from directory.core.dates import today_paris
from directory.core.extensions import db as _db
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import EventStatus, ModerationState, Status
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, UserFactory
from tests.htmlforms import fill, form_fields
from tests.mailserver import html_of, link_in, text_of

EMAIL = "presidente@comite-cuy.exemple.org"
DAY = today_paris() + timedelta(days=12)


def count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def proposal_data(token: str, **values) -> dict:
    data = {
        "csrf_token": token, "organization": "", "organization_name": "", "email": EMAIL,
        "title": "Bourse aux vêtements d'hiver", "description": "Dépôt le vendredi soir.",
        "start_date": DAY.isoformat(), "start_time": "09:00", "end_time": "17:00",
        "repeat": "", "place": "", "address": "Salle des fêtes, rue de la Mairie",
        "commune": "cuy", "themes": "comites-des-fetes-et-animations",
        "publics": "familles", "frais": "gratuit", "website": "",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def propose(client, **values):
    page = client.get("/agenda/proposer")
    return client.post("/agenda/proposer", data=proposal_data(csrf_token(page.text), **values))


def confirm(client, mailbox, email=EMAIL):
    path = link_in(mailbox.last(email), "/agenda/proposer/confirmer/")
    page = client.get(path)
    assert page.status_code == 200, page.text
    return client.post(path, data={"csrf_token": csrf_token(page.text)})


def management_link(mailbox, email=EMAIL) -> str:
    return link_in(mailbox.last(email), "/agenda/proposer/gerer/")


def proposed_event(client, mailbox, **values) -> tuple[Event, str]:
    """A proposal sent and confirmed; the event and its management link."""
    assert propose(client, **values).status_code == 200
    assert confirm(client, mailbox).status_code == 200
    event = _db.session.scalars(select(Event).order_by(Event.id.desc())).first()
    return event, management_link(mailbox)


def test_the_form_offers_listings_and_a_hidden_trap(client, db):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    OrganizationFactory(nom="Brouillon caché", status=Status.DRAFT)
    page = client.get("/agenda/proposer")
    assert page.status_code == 200
    assert "Proposer un événement" in page.text
    assert f'<option value="{org.id}">Comité des fêtes de Cuy</option>' in page.text
    assert "Brouillon caché" not in page.text
    assert 'class="honeypot" aria-hidden="true"' in page.text
    assert 'name="website"' in page.text and 'tabindex="-1"' in page.text
    assert "Vérifier les dates" not in page.text  # no clash list for anonymous visitors


def test_nothing_exists_until_the_link_is_confirmed(client, db, mailbox):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    response = propose(client, organization=str(org.id))
    assert response.status_code == 200
    assert "Vérifiez votre messagerie" in response.text
    assert count(Event) == 0 and count(EventProposal) == 1

    mail = mailbox.last(EMAIL)
    assert "Confirmez votre proposition" in mail["Subject"]
    # Nothing the sender typed is relayed to the address (the link's page shows it).
    assert "Bourse aux vêtements" not in text_of(mail) + html_of(mail) + mail["Subject"]
    assert "/agenda/proposer/confirmer/" in html_of(mail)
    staff = UserFactory(role=Role.MODERATOR)
    moderator = sign_in(client.application.test_client(), staff)
    assert "Bourse aux vêtements" not in moderator.get("/moderation/file").text

    # Opening the link shows a button; a mail scanner's GET confirms nothing.
    path = link_in(mail, "/agenda/proposer/confirmer/")
    page = client.get(path)
    assert "Confirmer et envoyer" in page.text
    assert "Bourse aux vêtements d&#39;hiver" in page.text
    assert count(Event) == 0
    mailbox.clear()
    done = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 200 and "Proposition confirmée" in done.text

    event = _db.session.scalars(select(Event)).one()
    assert event.organization_id == org.id and event.created_by_id is None
    assert event.moderation_state == ModerationState.SUBMITTED
    assert event.commune.slug == "cuy" and event.address == "Salle des fêtes, rue de la Mairie"
    assert [t.slug for t in event.themes] == ["comites-des-fetes-et-animations"]
    actions = _db.session.scalars(select(EventRevision.action).where(
        EventRevision.event_id == event.id).order_by(EventRevision.number)).all()
    assert actions == ["create", "submit"]
    # The same mail that says it arrived carries the personal management link.
    received = mailbox.last(EMAIL)
    assert "bien reçu" in received["Subject"]
    assert "/agenda/proposer/gerer/" in text_of(received)
    queue = moderator.get("/moderation/file")
    assert "Bourse aux vêtements" in unescape(queue.text)
    review = unescape(moderator.get(f"/moderation/agenda/{event.id}").text)
    assert EMAIL in review and "sans compte" in review


def test_the_confirmation_link_works_once(client, db, mailbox):
    propose(client, organization_name="Les Amis de Cuy")
    path = link_in(mailbox.last(EMAIL), "/agenda/proposer/confirmer/")
    page = client.get(path)
    token = csrf_token(page.text)
    assert client.post(path, data={"csrf_token": token}).status_code == 200
    again = client.post(path, data={"csrf_token": token})
    assert again.status_code == 200 and "déjà été confirmée" in unescape(again.text)
    assert "déjà été confirmée" in unescape(client.get(path).text)
    assert count(Event) == 1


def test_a_new_organisation_name_becomes_a_draft_listing(client, db, mailbox):
    event, _ = proposed_event(client, mailbox, organization_name="Les Amis de Cuy")
    org = event.organization
    assert org.nom == "Les Amis de Cuy" and org.status == Status.DRAFT
    assert org.courriel is None  # the proposer's address is never published
    sign_in(client, UserFactory(role=Role.MODERATOR))
    queue = unescape(client.get("/moderation/file").text)
    assert "Les Amis de Cuy" in queue and "Nouvelles fiches (1)" in queue
    review = unescape(client.get(f"/moderation/agenda/{event.id}").text)
    assert "fiche pas encore publiée" in review


def test_an_organisation_is_required_and_errors_keep_what_was_typed(client, db, mailbox):
    response = propose(client, email="pas-une-adresse", title="Loto de printemps")
    assert response.status_code == 422
    text = unescape(response.text)
    assert "Choisissez votre organisation dans la liste" in text
    assert "Cette adresse électronique n'est pas valide" in text
    assert 'value="Loto de printemps"' in text
    assert count(EventProposal) == 0 and mailbox.messages == []


def test_expired_and_forged_links_are_refused_in_french(client, db, mailbox):
    propose(client, organization_name="Les Amis de Cuy")
    proposal = _db.session.scalars(select(EventProposal)).one()

    class ThreeDaysAgo(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - 3 * 24 * 3600

    old = URLSafeTimedSerializer(client.application.secret_key,
                                 salt="directory.agenda.propose-confirm", signer=ThreeDaysAgo)
    payload = {"p": proposal.id, "m": EMAIL}
    expired = client.get(f"/agenda/proposer/confirmer/{old.dumps(payload)}")
    assert expired.status_code == 400 and "Ce lien a expiré" in expired.text

    path = link_in(mailbox.last(EMAIL), "/agenda/proposer/confirmer/")
    forged = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    response = client.get(forged)
    assert response.status_code == 400 and "pas valable" in unescape(response.text)
    other = URLSafeTimedSerializer("une-autre-clé", salt="directory.agenda.propose-confirm")
    response = client.get(f"/agenda/proposer/confirmer/{other.dumps(payload)}")
    assert response.status_code == 400
    # A confirmation link does not open the management page (different salt).
    token = path.rsplit("/", 1)[1]
    assert client.get(f"/agenda/proposer/gerer/{token}").status_code == 400
    assert count(Event) == 0


def test_the_honeypot_silently_drops_robots(client, db, mailbox):
    response = propose(client, organization_name="Casino en ligne",
                       website="https://spam.example")
    assert response.status_code == 200 and "Vérifiez votre messagerie" in response.text
    assert count(EventProposal) == 0 and count(Event) == 0
    assert mailbox.messages == []


def test_posting_is_rate_limited_with_a_french_page(client, db, mailbox):
    token = csrf_token(client.get("/agenda/proposer").text)
    statuses = [
        client.post("/agenda/proposer", data=proposal_data(
            token, organization_name=f"Association n° {i}")).status_code
        for i in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    limited = client.post("/agenda/proposer", data=proposal_data(token, title="Loto de Noël"))
    assert limited.status_code == 429 and "Trop de propositions envoyées" in limited.text
    assert 'value="Loto de Noël"' in limited.text  # what was typed comes back
    assert count(EventProposal) == 5
    assert client.get("/agenda/proposer").status_code == 200  # reading is never limited


def test_refused_forms_do_not_count_against_the_limit(client, db, mailbox):
    token = csrf_token(client.get("/agenda/proposer").text)
    for _ in range(6):  # mistakes, corrected one after the other
        refused = client.post("/agenda/proposer", data=proposal_data(
            token, title="", organization_name="Les Amis de Cuy"))
        assert refused.status_code == 422
    accepted = client.post("/agenda/proposer",
                           data=proposal_data(token, organization_name="Les Amis de Cuy"))
    assert accepted.status_code == 200 and count(EventProposal) == 1


def test_one_address_cannot_be_flooded_from_many_places(client, db, mailbox):
    token = csrf_token(client.get("/agenda/proposer").text)
    statuses = [
        client.post("/agenda/proposer", data=proposal_data(token, organization_name="Spam"),
                    environ_base={"REMOTE_ADDR": f"192.0.2.{i + 1}"}).status_code
        for i in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    assert len(mailbox.to(EMAIL)) == 5
    other = client.post("/agenda/proposer", environ_base={"REMOTE_ADDR": "192.0.2.99"},
                        data=proposal_data(token, email="autre@exemple.org",
                                           organization_name="Les Amis de Cuy"))
    assert other.status_code == 200


def test_unconfirmed_proposals_are_purged_once_expired(client, db, mailbox):
    propose(client, organization_name="Les Amis de Cuy")
    stale = _db.session.scalars(select(EventProposal)).one()
    stale.created_at -= timedelta(days=3)
    _db.session.commit()
    propose(client, organization_name="Les Amis de Pailly")
    names = _db.session.scalars(select(EventProposal.organization_name)).all()
    assert names == ["Les Amis de Pailly"]


def test_the_management_link_edits_its_event_which_goes_back_to_moderation(client, db, mailbox):
    event, link = proposed_event(client, mailbox, organization_name="Les Amis de Cuy")
    event.moderation_state = ModerationState.PUBLISHED
    _db.session.commit()

    page = client.get(link)
    assert page.status_code == 200
    assert 'value="Bourse aux vêtements d&#39;hiver"' in page.text or \
        "value=\"Bourse aux vêtements d'hiver\"" in page.text
    assert "noindex" in page.text
    data = fill(form_fields(page.text, link), title="Grande bourse aux vêtements d'hiver")
    response = client.post(link, data=data)
    assert response.status_code == 302
    _db.session.expire_all()
    assert event.title == "Grande bourse aux vêtements d'hiver"
    # Without an account there is no trust: the change waits for the staff again.
    assert event.moderation_state == ModerationState.SUBMITTED
    entries = _db.session.scalars(select(EventRevision).where(
        EventRevision.event_id == event.id).order_by(EventRevision.number)).all()
    assert [e.action for e in entries][-2:] == ["edit", "submit"]
    assert all(e.author_id is None for e in entries)
    assert EMAIL not in " ".join(e.note or "" for e in entries)
    followed = client.get(link)
    assert "après validation" in unescape(followed.text)

    # A stale form (the staff changed the event meanwhile) overwrites nothing.
    event.title = "Titre corrigé par l'intercommunalité"
    from directory.agenda import operations as events

    events.record_change(event, None, "edit")
    _db.session.commit()
    stale = client.post(link, data=fill(data, title="Ma version"))
    assert stale.status_code == 409
    _db.session.expire_all()
    assert event.title == "Titre corrigé par l'intercommunalité"


def test_the_management_link_cancels_only_its_own_event(client, db, mailbox):
    first, first_link = proposed_event(client, mailbox, organization_name="Les Amis de Cuy",
                                       title="Loto de printemps")
    second, second_link = proposed_event(client, mailbox, organization_name="Les Amis de Cuy",
                                         title="Vide-greniers de Cuy")
    first.moderation_state = ModerationState.PUBLISHED
    _db.session.commit()
    assert first_link != second_link

    page = client.get(first_link)
    cancel = first_link + "/annuler"
    response = client.post(cancel, data={"csrf_token": csrf_token(page.text),
                                         "note": "Salle indisponible."})
    assert response.status_code == 302
    _db.session.expire_all()
    assert first.public_status == EventStatus.CANCELLED
    assert first.moderation_state == ModerationState.PUBLISHED  # stays visible as cancelled
    assert first.archived_at is None
    assert second.public_status == EventStatus.SCHEDULED and second.archived_at is None

    # A link signed for the first proposal but naming the second event opens nothing.
    proposal = _db.session.scalar(select(EventProposal).where(EventProposal.event_id ==
                                                              first.id))
    mixed = URLSafeTimedSerializer(client.application.secret_key,
                                   salt="directory.agenda.propose-manage").dumps(
        {"p": proposal.id, "e": second.id, "m": EMAIL})
    assert client.get(f"/agenda/proposer/gerer/{mixed}").status_code == 400
    assert client.post(f"/agenda/proposer/gerer/{mixed}/annuler",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 400
    _db.session.expire_all()
    assert second.archived_at is None

    # Not yet published: cancelling withdraws it, and its link stops working.
    page = client.get(second_link)
    withdrawn = client.post(second_link + "/annuler", data={"csrf_token": csrf_token(page.text)})
    assert withdrawn.status_code == 200 and "Proposition retirée" in withdrawn.text
    _db.session.expire_all()
    assert second.archived_at is not None
    assert client.get(second_link).status_code == 400
    sign_in(client, UserFactory(role=Role.MODERATOR))
    assert "Vide-greniers de Cuy" not in client.get("/moderation/file").text


def test_a_proposal_for_a_trusted_organisation_still_waits_and_decisions_reach_the_proposer(
        client, db, mailbox):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy", trusted=True)
    event, link = proposed_event(client, mailbox, organization=str(org.id))
    assert event.moderation_state == ModerationState.SUBMITTED

    staff = client.application.test_client()
    sign_in(staff, UserFactory(role=Role.MODERATOR))
    page = staff.get(f"/moderation/agenda/{event.id}")
    mailbox.clear()
    staff.post(f"/moderation/agenda/{event.id}", data={
        "csrf_token": csrf_token(page.text), "request_changes": "Demander une modification",
        "message": "Ajoutez l'heure de dépôt des vêtements."})
    mail = mailbox.last(EMAIL)
    assert "Ajoutez l'heure de dépôt des vêtements." in text_of(mail)
    # The decision mail carries a fresh management link to the same event.
    assert event.title in unescape(client.get(management_link(mailbox)).text)

    # The proposer corrects it through the link: it goes back to the staff.
    page = client.get(link)
    client.post(link, data=fill(form_fields(page.text, link),
                                description="Dépôt le vendredi de 17 h à 19 h."))
    _db.session.expire_all()
    assert event.moderation_state == ModerationState.SUBMITTED
    page = staff.get(f"/moderation/agenda/{event.id}")
    staff.post(f"/moderation/agenda/{event.id}", data={
        "csrf_token": csrf_token(page.text), "publish": "Publier"})
    assert "publié" in mailbox.last(EMAIL)["Subject"]
    assert f"/agenda/evenements/{event.id}-" in text_of(mailbox.last(EMAIL))


def test_confirmed_proposals_survive_the_purge(db):
    org = _db.session.scalar(select(Organization).limit(1)) or OrganizationFactory()
    proposal = event_proposals.propose(EMAIL, org, None, {
        "title": "Loto", "all_day": True, "start_date": DAY, "end_date": DAY + timedelta(1),
        "commune": "cuy"})
    event_proposals.confirm(proposal)
    proposal.created_at -= timedelta(days=30)
    _db.session.commit()
    event_proposals.purge_expired()
    _db.session.commit()
    assert count(EventProposal) == 1


def test_a_repeating_proposal_keeps_its_rule_and_exclusions(client, db, mailbox):
    first = DAY + timedelta(days=(1 - DAY.weekday()) % 7)  # a Tuesday
    skipped = first + timedelta(weeks=2)
    event, _ = proposed_event(
        client, mailbox, organization_name="Les Amis de Cuy", title="Café des parents",
        start_date=first.isoformat(), start_time="09:00", end_time="10:30",
        repeat="weekly", repeat_count="6", excluded_dates=skipped.strftime("%d/%m/%Y"),
        themes=None, publics="familles")
    assert event.rrule.startswith("FREQ=WEEKLY;BYDAY=TU") and "COUNT=6" in event.rrule
    assert [value[:10] for value in event.exdates] == [skipped.isoformat()]
    assert event.starts_at.hour in (8, 7)  # 09:00 in Paris, stored in UTC
    assert event.series_ends_at is not None

    allday, _ = proposed_event(client, mailbox, organization_name="Les Amis de Cuy",
                               title="Exposition des peintres", all_day="y",
                               start_time=None, end_time=None,
                               end_date=(DAY + timedelta(days=1)).isoformat())
    assert allday.all_day and allday.start_date == DAY
    assert allday.end_date == DAY + timedelta(days=2)  # exclusive, as in iCalendar


def test_a_refused_proposal_writes_no_image(app, client, db):
    import io

    from directory.core.uploads import UploadedFile
    from tests.agenda.test_manage_pages import picture

    before = count(UploadedFile)
    page = client.get("/agenda/proposer")
    data = proposal_data(csrf_token(page.text), title="")
    data["image"] = (io.BytesIO(picture("PNG", (41, 31))), "a.png")
    response = client.post("/agenda/proposer", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert count(UploadedFile) == before
    assert count(EventProposal) == 0


def test_a_proposal_in_the_past_is_refused_with_a_clear_message(client, db, mailbox):
    token = csrf_token(client.get("/agenda/proposer").text)
    response = client.post("/agenda/proposer", data=proposal_data(
        token, organization_name="Les Amis de Cuy", start_date="2024-06-01"))
    assert response.status_code == 422
    assert "Cette date est passée (1er juin 2024)" in response.text
    assert count(EventProposal) == 0 and mailbox.messages == []
