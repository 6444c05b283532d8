"""The staff's side: pending changes, decisions mailed with their reason, trust, restoring."""

from sqlalchemy import select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.listings import revisions
from directory.listings.models.moderation import ErrorReport
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision
from tests.conftest import csrf_token, sign_in
from tests.factories import OrganizationFactory, ServiceFactory, UserFactory, member_of
from tests.htmlforms import fill, form_fields
from tests.listings.test_manage import edit_form, reload, revisions_of
from tests.mailserver import text_of


def moderator():
    return UserFactory(role=Role.MODERATOR, name="Dominique Modère")


def propose(client, org, **values):
    data = fill(edit_form(client, org.slug), **values)
    response = client.post(f"/gestion/{org.slug}", data=data, follow_redirects=True)
    assert response.status_code == 200
    return response


def test_changes_from_a_non_trusted_organisation_wait_for_a_moderator(app, client, db, mailbox):
    org = OrganizationFactory(nom="Club de scrabble", presentation_resume="Parties le lundi.")
    member = member_of(org)
    sign_in(client, member)
    page = propose(client, org, presentation_resume="Parties le lundi et tournois mensuels.")
    assert "sera publiée après validation" in page.text
    assert "1 modification en attente" in page.text
    assert reload(org).presentation_resume == "Parties le lundi."
    assert "tournois" not in client.get(f"/annuaire/{org.slug}").text
    assert "Club de scrabble" not in client.get("/annuaire", query_string={"q": "tournois"}).text
    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()
    assert pending.number is None

    staff = sign_in(app.test_client(), moderator())
    queue = staff.get("/moderation/file")
    assert "Club de scrabble" in queue.text
    page = staff.get(f"/moderation/modifications/{pending.id}")
    assert "Présentation courte" in page.text and "tournois mensuels" in page.text
    response = staff.post(f"/moderation/modifications/{pending.id}",
                          data={"csrf_token": csrf_token(page.text), "accept": "Accepter"})
    assert response.status_code == 302
    assert reload(org).presentation_resume == "Parties le lundi et tournois mensuels."
    assert "Club de scrabble" in client.get("/annuaire", query_string={"q": "tournois"}).text
    assert "Votre modification de la fiche « Club de scrabble » est publiée." in text_of(
        mailbox.last(member.email))
    assert [r.number for r in revisions_of(org)] == [1, 2]


def test_a_refused_change_is_kept_with_its_reason_and_mailed(app, client, db, mailbox):
    org = OrganizationFactory(nom="Club de scrabble")
    member = member_of(org)
    sign_in(client, member)
    propose(client, org, nom="Meilleur club du monde")
    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()
    staff = sign_in(app.test_client(), moderator())
    page = staff.get(f"/moderation/modifications/{pending.id}")
    response = staff.post(f"/moderation/modifications/{pending.id}",
                          data={"csrf_token": csrf_token(page.text), "refuse": "Refuser"})
    assert response.status_code == 422 and "Indiquez le motif du refus" in response.text
    staff.post(f"/moderation/modifications/{pending.id}",
               data={"csrf_token": csrf_token(page.text), "refuse": "Refuser",
                     "reason": "Le nom officiel est celui du RNA."})
    assert reload(org).nom == "Club de scrabble"
    mail = text_of(mailbox.last(member.email))
    assert "n'a pas été retenue" in mail and "Le nom officiel est celui du RNA." in mail
    history = client.get(f"/annuaire/{org.slug}/historique").text
    assert "Refusée" in history and "Le nom officiel est celui du RNA." in history


def test_accepting_an_old_proposal_keeps_what_was_published_since(app, client, db):
    org = OrganizationFactory(presentation_resume="Avant.", telephone="03 86 00 00 00")
    sign_in(client, member_of(org))
    propose(client, org, presentation_resume="Proposé par le membre.")
    staff = sign_in(app.test_client(), moderator())
    data = fill(edit_form(staff, org.slug), telephone="03 86 11 11 11")
    assert staff.post(f"/gestion/{org.slug}", data=data).status_code == 302  # staff: direct
    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()
    page = staff.get(f"/moderation/modifications/{pending.id}")
    assert "La fiche a changé depuis cette proposition" in page.text
    staff.post(f"/moderation/modifications/{pending.id}",
               data={"csrf_token": csrf_token(page.text), "accept": "Accepter"})
    org = reload(org)
    assert (org.presentation_resume, org.telephone) == ("Proposé par le membre.", "03 86 11 11 11")


def test_staff_chooses_which_organisations_are_trusted(app, client, db):
    org = OrganizationFactory()
    member = member_of(org)
    staff = sign_in(app.test_client(), moderator())
    page = staff.get(f"/annuaire/{org.slug}/historique")
    assert "Faire confiance à cette organisation" in page.text
    staff.post(f"/moderation/fiches/{org.id}/confiance",
               data={"csrf_token": csrf_token(page.text)})
    assert reload(org).trusted is True
    sign_in(client, member)
    propose(client, org, presentation_resume="Publié tout de suite.")
    assert "Publié tout de suite." in client.get(f"/annuaire/{org.slug}").text
    assert "Faire confiance" not in client.get(f"/annuaire/{org.slug}/historique").text


def test_a_moderator_restores_any_revision_and_nothing_is_lost(app, client, db):
    org = OrganizationFactory(nom="Harmonie municipale", trusted=True,
                              presentation_resume="Version un.")
    ServiceFactory(organization=org, nom="Cours de trompette")
    sign_in(client, member_of(org))
    propose(client, org, presentation_resume="Version deux.")
    service = org.services[0]
    page = client.get(f"/gestion/{org.slug}")
    client.post(f"/gestion/{org.slug}/activites/{service.id}/archiver",
                data={"csrf_token": csrf_token(page.text)})
    assert "Cours de trompette" not in client.get(f"/annuaire/{org.slug}").text
    first = revisions_of(org)[0]

    assert client.post(f"/moderation/revisions/{first.id}/restaurer",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 403
    staff = sign_in(app.test_client(), moderator())
    history = staff.get(f"/annuaire/{org.slug}/historique")
    assert "Restaurer cette version" in history.text
    response = staff.post(f"/moderation/revisions/{first.id}/restaurer",
                          data={"csrf_token": csrf_token(history.text)})
    assert response.status_code == 302
    org = reload(org)
    assert org.presentation_resume == "Version un."
    page = client.get(f"/annuaire/{org.slug}").text
    assert "Cours de trompette" in page and "Version un." in page
    assert [r.action for r in revisions_of(org)] == ["initial", "edit", "edit", "restore"]
    history = staff.get(f"/annuaire/{org.slug}/historique").text
    assert "Version n° 4 – Restauration d&#39;une version antérieure" in history


def test_refusing_a_new_listing_archives_it_and_mails_the_reason(client, db, mailbox):
    person = UserFactory()
    sign_in(client, person)
    data = fill(form_fields(client.get("/gestion/nouvelle").text, "/gestion/nouvelle"),
                nom="Association en double")
    client.post("/gestion/nouvelle", data=data)
    org = _db.session.scalars(select(Organization)).one()
    sign_in(client, moderator())
    page = client.get(f"/moderation/fiches/{org.id}")
    client.post(f"/moderation/fiches/{org.id}",
                data={"csrf_token": csrf_token(page.text), "refuse": "Refuser",
                      "reason": "Cette association a déjà une fiche."})
    org = reload(org)
    assert org.status == "archived" and org.archived_at is not None
    assert "Cette association a déjà une fiche." in text_of(mailbox.last(person.email))
    client.get("/moderation/file")  # shows the flashed decision
    assert "Association en double" not in client.get("/moderation/file").text
    assert client.get(f"/annuaire/{org.slug}").status_code == 410


def test_the_queue_is_for_staff_only(client, db):
    assert client.get("/moderation/file").status_code == 302
    org = OrganizationFactory()
    sign_in(client, member_of(org))
    assert client.get("/moderation/file").status_code == 403


# Injection ------------------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html


def test_html_typed_in_any_field_never_executes(app, client, db):
    org = OrganizationFactory(nom="Cercle des lecteurs", trusted=True)
    member = member_of(org)
    sign_in(client, member)
    data = fill(edit_form(client, org.slug), nom=f"Cercle {SCRIPT}",
                presentation_resume=f"Lecture {SCRIPT}", description=f"Lecture **{SCRIPT}**",
                horaires_accueil=SCRIPT, comment=SCRIPT, sigle="<b>x</b>")
    assert client.post(f"/gestion/{org.slug}", data=data).status_code == 302
    path = f"/gestion/{org.slug}/activites/nouvelle"
    data = fill(form_fields(client.get(path).text, path), nom=f"Atelier {SCRIPT}",
                description=SCRIPT, comment=SCRIPT)
    assert client.post(path, data=data).status_code == 302
    path = f"/annuaire/{org.slug}/signaler"
    client.post(path, data={"csrf_token": csrf_token(client.get(path).text),
                            "message": f"Erreur {SCRIPT}"})
    # A pending change from another, non-trusted organisation, for the queue.
    other = OrganizationFactory(nom="Autre club")
    other_client = sign_in(app.test_client(), member_of(other))
    propose(other_client, other, presentation_resume=SCRIPT, comment=SCRIPT)

    pages = {
        "organisation": client.get(f"/annuaire/{org.slug}"),
        "search": client.get("/annuaire", query_string={"q": "lecture"}),
        "history": client.get(f"/annuaire/{org.slug}/historique"),
        "edit": client.get(f"/gestion/{org.slug}"),
    }
    assert "Cercle" in pages["search"].text
    staff = sign_in(app.test_client(), moderator())
    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()
    pages["queue"] = staff.get("/moderation/file")
    pages["change"] = staff.get(f"/moderation/modifications/{pending.id}")
    pages["staff history"] = staff.get(f"/annuaire/{other.slug}/historique")
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert_inert(response.text)
        assert "&lt;script&gt;" in response.text, name
    assert _db.session.scalars(select(ErrorReport)).one()
    assert revisions.snapshot_of(reload(org))["fields"]["nom"] == f"Cercle {SCRIPT}"


def test_staff_archives_a_listing_which_leaves_the_directory_but_keeps_its_history(client, db):
    org = OrganizationFactory(nom="Comité des fêtes dissous")
    sign_in(client, moderator())
    history = client.get(f"/annuaire/{org.slug}/historique")
    response = client.post(f"/moderation/fiches/{org.id}/archiver",
                           data={"csrf_token": csrf_token(history.text),
                                 "reason": "Association dissoute en assemblée générale"})
    assert response.status_code == 302
    org = reload(org)
    assert org.status == "archived" and org.archived_at is not None
    assert client.get(f"/annuaire/{org.slug}").status_code == 410
    assert "dissous" not in client.get("/annuaire", query_string={"q": "comité"}).text
    last = revisions_of(org)[-1]
    assert (last.action, last.comment) == ("archive", "Association dissoute en assemblée générale")
    history = client.get(f"/annuaire/{org.slug}/historique")
    assert history.status_code == 200 and "Fiche archivée le" in history.text


def test_an_activity_proposed_by_a_non_trusted_member_appears_once_accepted(app, client, db):
    org = OrganizationFactory(nom="Club de danse")
    sign_in(client, member_of(org))
    path = f"/gestion/{org.slug}/activites/nouvelle"
    data = fill(form_fields(client.get(path).text, path), nom="Salsa débutants",
                horaires="Vendredi 19 h")
    assert client.post(path, data=data).status_code == 302
    assert "Salsa débutants" not in client.get(f"/annuaire/{org.slug}").text
    pending = _db.session.scalars(select(Revision).where(Revision.state == "pending")).one()

    staff = sign_in(app.test_client(), moderator())
    page = staff.get(f"/moderation/modifications/{pending.id}")
    assert "Activité ajoutée" in page.text and "Salsa débutants" in page.text
    staff.post(f"/moderation/modifications/{pending.id}",
               data={"csrf_token": csrf_token(page.text), "accept": "Accepter"})
    public = client.get(f"/annuaire/{org.slug}").text
    # (the time stays on one line: a nowrap span)
    assert "Salsa débutants" in public and 'Vendredi <span class="nowrap">19 h</span>' in public
