"""The queue at scale: filters and a search box; many items accepted, refused with one reason
or sent back for changes in one action, each kept in its history and mailed after the commit;
« ask for changes » for listings as for events; a pending logo shown as a thumbnail."""

from datetime import timedelta
from html import unescape

from sqlalchemy import select

from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.listings import operations as organizations
from directory.listings import revisions
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.taxonomy.vocabularies import ModerationState, Status
from tests.conftest import csrf_token, sign_in
from tests.factories import EventFactory, OrganizationFactory, UserFactory, commune, theme
from tests.htmlforms import form_fields
from tests.mailserver import link_in, text_of


def imported_draft(nom: str, **fields):
    org = OrganizationFactory(nom=nom, status=Status.DRAFT, **fields)
    revisions.record_creation(org, None, f"Import du fichier « asso.csv », ligne {org.id}")
    return org


def person_draft(author, nom: str):
    return organizations.create_listing(author, {"nom": nom})


def pending_change(org, author, **fields):
    proposed = revisions.snapshot_of(org)
    proposed["fields"].update(fields)
    return revisions.save(org, author, proposed, revisions.current_number(org))


def queue_page(client, **args) -> str:
    response = client.get("/moderation/file", query_string=args)
    assert response.status_code == 200
    return unescape(response.text)


def post_bulk(client, items: list[str], button: str, reason: str = "", **args):
    token = csrf_token(client.get("/moderation/file").text)
    return client.post("/moderation/file/decisions", query_string=args,
                       data={"csrf_token": token, "item": items, "reason": reason,
                             button: "x"})


def test_filters_and_search_box(staff_client, db):
    judo = imported_draft("Club de judo de Sergines")
    judo.communes.append(commune("sergines"))
    judo.themes.append(theme("sport"))
    theatre = person_draft(UserFactory(), "Compagnie de théâtre")
    theatre.themes.append(theme("culture"))
    theatre.created_at = utcnow() - timedelta(days=10)
    event = EventFactory(title="Tournoi de belote", moderation_state=ModerationState.SUBMITTED,
                         commune=commune("sergines"))
    _db.session.commit()

    everything = queue_page(staff_client)
    assert "Nouvelles fiches (2)" in everything and "Événements à valider (1)" in everything
    assert "Club de judo de Sergines</a> – créée le" in everything
    assert "– importée" in everything

    only_events = queue_page(staff_client, type="evenement")
    assert "Tournoi de belote" in only_events and "Nouvelles fiches (" not in only_events
    in_sergines = queue_page(staff_client, commune="sergines")
    assert "Club de judo" in in_sergines and "Tournoi de belote" in in_sergines
    assert "Compagnie de théâtre" not in in_sergines
    # A parent theme finds its children's listings too.
    judo.themes[:] = [theme("arts-martiaux-et-sports-de-combat")]
    _db.session.commit()
    sport = queue_page(staff_client, thematique="sport")
    assert "Club de judo" in sport and "Compagnie de théâtre" not in sport
    old = queue_page(staff_client, anciennete="7")
    assert "Compagnie de théâtre" in old and "Club de judo" not in old
    assert "Tournoi de belote" not in old
    imported = queue_page(staff_client, origine="import")
    assert "Nouvelles fiches (1)" in imported and "Club de judo" in imported
    assert "Tournoi de belote" not in imported
    by_person = queue_page(staff_client, origine="personne")
    assert "Compagnie de théâtre" in by_person and "Club de judo" not in by_person
    # The search box folds accents and case.
    found = queue_page(staff_client, q="THEATRE")
    assert "Nouvelles fiches (1)" in found and "Compagnie de théâtre" in found
    assert "Événements à valider (0)" in found
    assert f'value="evenement-{event.id}"' in queue_page(staff_client, q="belote")
    nothing = queue_page(staff_client, q="pétanque")
    assert "Rien à examiner pour le moment avec ces filtres." in nothing


def test_accepting_many_imported_drafts_at_once(staff_client, mailbox, db):
    drafts = [imported_draft(f"Association importée n° {n}") for n in range(12)]
    claimant = UserFactory(email="president@exemple.fr")
    from directory.listings.members import add_membership

    add_membership(claimant, drafts[0])
    _db.session.commit()
    response = post_bulk(staff_client, [f"fiche-{o.id}" for o in drafts], "accept",
                         origine="import")
    assert response.status_code == 302
    assert response.location.endswith("/moderation/file?origine=import")
    page = unescape(staff_client.get(response.location).text)
    assert "12 éléments acceptés." in page
    assert "Nouvelles fiches (0)" in page
    _db.session.expire_all()
    assert {o.status for o in drafts} == {Status.PUBLISHED}
    # Each listing's history records its publication, by the moderator.
    for org in drafts:
        actions = [r.action for r in _db.session.scalars(Revision.history(org))]
        assert RevisionAction.PUBLISH in actions
    # The one that has a person to tell is told; the others have nobody.
    [mail] = mailbox.to("president@exemple.fr")
    assert "Votre fiche est publiée" in mail["Subject"]


def test_refusing_many_needs_one_reason_and_mails_each(app, staff_client, mailbox, db):
    alice, bob = UserFactory(email="alice@exemple.fr"), UserFactory(email="bob@exemple.fr")
    first, second = person_draft(alice, "Doublon un"), person_draft(bob, "Doublon deux")
    _db.session.commit()
    mailbox.clear()
    items = [f"fiche-{first.id}", f"fiche-{second.id}"]

    response = post_bulk(staff_client, items, "refuse")
    assert response.status_code == 422
    assert "Indiquez le motif du refus" in unescape(response.text)
    # What was checked is still in the page, nothing was decided, nobody was mailed.
    _db.session.expire_all()
    assert first.status == Status.DRAFT and mailbox.messages == []

    response = post_bulk(staff_client, items, "refuse", "Fiche en double d'une fiche publiée.")
    assert response.status_code == 302
    _db.session.expire_all()
    assert first.status == second.status == Status.ARCHIVED
    for person in ("alice@exemple.fr", "bob@exemple.fr"):
        mail = mailbox.last(person)
        assert "n'a pas été publiée" in mail["Subject"]
        assert "Fiche en double d'une fiche publiée." in text_of(mail)


def test_nothing_checked_is_an_error(staff_client, db):
    person_draft(UserFactory(), "Une fiche")
    _db.session.commit()
    response = post_bulk(staff_client, [], "accept")
    assert response.status_code == 422
    assert "Cochez au moins un élément de la file." in unescape(response.text)


def test_asking_for_changes_on_listings_changes_and_events(app, staff_client, mailbox, db):
    author = UserFactory(email="auteur@exemple.fr")
    draft = person_draft(author, "Chorale du Nord")
    published = OrganizationFactory(nom="Club de judo")
    from directory.listings.members import add_membership

    add_membership(author, published)
    change = pending_change(published, author, telephone="03 86 00 00 99")
    event = EventFactory(title="Loto d'hiver", organization=published, created_by=author,
                         moderation_state=ModerationState.SUBMITTED)
    _db.session.commit()
    mailbox.clear()

    response = post_bulk(staff_client,
                         [f"fiche-{draft.id}", f"modification-{change.id}",
                          f"evenement-{event.id}"],
                         "request_changes", "Ajoutez une commune et un horaire.")
    assert response.status_code == 302
    page = unescape(staff_client.get("/moderation/file").text)
    assert "3 éléments renvoyés à leurs auteurs" in page
    assert "Chorale du Nord" not in page and "Loto d'hiver" not in page
    assert "Modifications en attente (0)" in page

    _db.session.expire_all()
    assert draft.status == Status.DRAFT and draft.changes_requested_at is not None
    assert change.state == RevisionState.CHANGES_REQUESTED
    assert event.moderation_state == ModerationState.DRAFT
    mails = mailbox.to("auteur@exemple.fr")
    assert len(mails) == 3
    assert all("Ajoutez une commune et un horaire." in text_of(m) for m in mails)
    listing_mail = next(m for m in mails if "Votre fiche : une modification" in m["Subject"])
    assert link_in(listing_mail, "/gestion/") == f"/gestion/{draft.slug}"
    # The draft's history says it; the change's row says it too.
    history = list(_db.session.scalars(Revision.history(draft)))
    assert history[0].action == RevisionAction.REQUEST_CHANGES
    assert history[0].comment == "Ajoutez une commune et un horaire."

    # The author reads what to change on the listing's page, saves it: back in the queue.
    member = sign_in(app.test_client(), author)
    edit_page = member.get(f"/gestion/{draft.slug}").text
    assert "L'intercommunalité vous demande une modification" in unescape(edit_page)
    assert "Ajoutez une commune et un horaire." in unescape(edit_page)
    club_page = unescape(member.get(f"/gestion/{published.slug}").text)
    assert "Ajoutez une commune et un horaire." in club_page  # the change sent back
    data = form_fields(edit_page, f"/gestion/{draft.slug}")
    data["telephone"] = "03 86 00 00 42"
    assert member.post(f"/gestion/{draft.slug}", data=data).status_code == 302
    _db.session.expire_all()
    assert draft.changes_requested_at is None
    assert "Chorale du Nord" in unescape(staff_client.get("/moderation/file").text)
    assert "vous demande une modification" not in unescape(
        member.get(f"/gestion/{draft.slug}").text)


def test_ask_for_changes_from_a_listing_page(staff_client, mailbox, db):
    author = UserFactory(email="auteur@exemple.fr")
    draft = person_draft(author, "Chorale du Nord")
    _db.session.commit()
    page = staff_client.get(f"/moderation/fiches/{draft.id}")
    assert "Demander une modification" in page.text
    token = csrf_token(page.text)
    response = staff_client.post(f"/moderation/fiches/{draft.id}",
                                 data={"csrf_token": token, "request_changes": "x"})
    assert response.status_code == 422
    assert "Indiquez ce qu'il faut modifier" in unescape(response.text)
    response = staff_client.post(f"/moderation/fiches/{draft.id}",
                                 data={"csrf_token": token, "request_changes": "x",
                                       "reason": "Précisez les horaires."})
    assert response.status_code == 302
    assert "Précisez les horaires." in text_of(mailbox.last("auteur@exemple.fr"))
    assert staff_client.get(f"/moderation/fiches/{draft.id}").status_code == 404


def test_an_item_decided_meanwhile_is_skipped(staff_client, staff, mailbox, db):
    draft = person_draft(UserFactory(), "Déjà publiée")
    other = person_draft(UserFactory(), "Encore en attente")
    organizations.publish(draft, staff)
    _db.session.commit()
    response = post_bulk(staff_client, [f"fiche-{draft.id}", f"fiche-{other.id}"], "accept")
    page = unescape(staff_client.get(response.location).text)
    assert "1 élément accepté." in page
    assert "1 n'attendait plus de décision" in page
    actions = [r.action for r in _db.session.scalars(Revision.history(draft))]
    assert actions.count(RevisionAction.PUBLISH) == 1


def test_a_pending_logo_is_a_thumbnail(app, staff_client, db):
    org = OrganizationFactory(nom="Club photo")
    member = UserFactory()
    change = pending_change(org, member, logo="80db344d0000aaaa.png")
    _db.session.commit()
    page = staff_client.get(f"/moderation/modifications/{change.id}").text
    assert '<img class="logo-thumb" src="/logos/80db344d0000aaaa.png"' in page
    assert "Image 80db344d" not in page


def test_members_and_professionals_are_refused(refused_clients, db):
    draft = person_draft(UserFactory(), "Une fiche")
    _db.session.commit()
    for other in refused_clients:
        assert other.get("/moderation/file").status_code == 403
        token = csrf_token(other.get("/compte/").text)
        response = other.post("/moderation/file/decisions",
                              data={"csrf_token": token, "item": [f"fiche-{draft.id}"],
                                    "accept": "x"})
        assert response.status_code == 403
    _db.session.expire_all()
    assert draft.status == Status.DRAFT
    assert _db.session.scalars(select(Revision).where(
        Revision.action == RevisionAction.PUBLISH)).first() is None


def test_ask_for_changes_from_a_pending_change_page(staff_client, mailbox, db):
    org = OrganizationFactory(nom="Club de judo")
    author = UserFactory(email="auteur@exemple.fr")
    change = pending_change(org, author, telephone="03 86 00 00 99")
    _db.session.commit()
    page = staff_client.get(f"/moderation/modifications/{change.id}")
    assert "Demander une modification" in page.text
    response = staff_client.post(f"/moderation/modifications/{change.id}", data={
        "csrf_token": csrf_token(page.text), "request_changes": "x",
        "reason": "Le numéro doit être celui du club, pas un portable."})
    assert response.status_code == 302
    mail = mailbox.last("auteur@exemple.fr")
    assert "un changement est demandé" in mail["Subject"]
    assert "pas un portable" in text_of(mail)
    _db.session.expire_all()
    assert change.state == RevisionState.CHANGES_REQUESTED
    assert org.telephone != "03 86 00 00 99"
    history = unescape(staff_client.get(f"/annuaire/{org.slug}/historique").text)
    assert "Modification demandée" in history and "pas un portable" in history


def test_tick_every_imported_draft_without_javascript(staff_client, db):
    drafts = [imported_draft(f"Association importée n° {n}") for n in range(5)]
    person_draft(UserFactory(), "Fiche d'une personne")
    _db.session.commit()
    page = queue_page(staff_client, origine="import")
    assert 'href="/moderation/file?cocher=fiche&amp;origine=import#q-fiche"' in \
        staff_client.get("/moderation/file?origine=import").text
    page = queue_page(staff_client, origine="import", cocher="fiche")
    for org in drafts:
        assert f'value="fiche-{org.id}" checked' in page
    assert "Fiche d'une personne" not in page
    data = form_fields(page, "/moderation/file/decisions?origine=import&cocher=fiche")
    data["accept"] = "Accepter la sélection"
    response = staff_client.post("/moderation/file/decisions?origine=import&cocher=fiche",
                                 data=data)
    assert response.status_code == 302
    assert response.location.endswith("/moderation/file?origine=import")
    _db.session.expire_all()
    assert {o.status for o in drafts} == {Status.PUBLISHED}
