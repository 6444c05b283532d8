"""Associations find the draft imported from the national register (RNA) and claim it instead of
creating a duplicate; staff accept the claim; the new member completes the draft; staff publish."""

import pytest
from sqlalchemy import func, select

from directory.accounts.models import Role
from directory.core.extensions import db as _db
from directory.listings.models.moderation import Claim
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import Status
from tests.conftest import csrf_token, sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.htmlforms import fill, form_fields
from tests.listings.test_manage import reload
from tests.mailserver import text_of
from tests.opendata.test_imports import waldec, waldec_row

REGISTER = waldec(
    waldec_row("W891000101", "ENTENTE SPORTIVE DE PONT SUR YONNE"),
    waldec_row("W891000102", "Comité des fêtes de Saint-Sérotin", insee="89364",
               commune="ST SEROTIN"),
    waldec_row("W891000103", "Les Écureuils de Villeblevin", insee="89449", cp="89340",
               commune="Villeblevin"),
)


@pytest.fixture
def imported(runner, tmp_path):
    """The register imported the way staff do it, Latin-1 and all."""
    path = tmp_path / "rna_waldec_89.csv"
    path.write_bytes(REGISTER.encode("latin-1"))
    result = runner.invoke(args=["imports", "rna", str(path)])
    assert result.exit_code == 0, result.output
    _db.session.expire_all()
    return {o.rna: o for o in _db.session.scalars(select(Organization))}


def lookup(client, q):
    return client.get("/gestion/nouvelle/registre", query_string={"q": q})


def new_listing(client, **values):
    data = form_fields(client.get("/gestion/nouvelle").text, "/gestion/nouvelle")
    fill(data, **values)
    data.setlist("communes", ["pont-sur-yonne"])
    return client.post("/gestion/nouvelle", data=data)


def count(model=Organization) -> int:
    return _db.session.scalar(select(func.count(model.id)))


def test_an_association_finds_claims_and_completes_its_imported_draft(client, imported, mailbox):
    sport = imported["W891000101"]
    person = UserFactory()
    sign_in(client, person)

    # From the new-listing page, a link to the register lookup.
    page = client.get("/gestion/nouvelle")
    assert 'href="/gestion/nouvelle/registre"' in page.text
    assert client.get("/gestion/nouvelle/registre").status_code == 200

    # By RNA number, typed loosely, and by name without accents or case.
    for q in ("w891 000 101", "Entente sportive de Pont-sur-Yonne", "entente sportive"):
        found = lookup(client, q)
        assert found.status_code == 200
        assert "Votre association figure déjà dans le registre national" in found.text
        assert "« Entente sportive de Pont-sur-Yonne »" in found.text
        assert "Pont-sur-Yonne" in found.text and "W891000101" in found.text
        assert f'href="/annuaire/{sport.slug}/revendiquer"' in found.text
    comite = lookup(client, "comite des fetes de st serotin")
    assert "Comité des fêtes de Saint-Sérotin" in comite.text
    assert "Aucune fiche à revendiquer" in lookup(client, "Club de tennis de Sergines").text
    empty = lookup(client, "")
    assert empty.status_code == 422 and "Indiquez le numéro RNA" in empty.text

    # The claim page says where the listing comes from; the claim waits for the staff.
    page = client.get(f"/annuaire/{sport.slug}/revendiquer")
    assert page.status_code == 200
    assert "importée du répertoire national des associations le" in page.text
    sent = client.post(f"/annuaire/{sport.slug}/revendiquer", data={
        "csrf_token": csrf_token(page.text), "message": "Je suis le président du club.",
    })
    assert sent.status_code == 200
    assert "transmise à l'intercommunalité" in sent.text
    assert f'href="/annuaire/{sport.slug}"' not in sent.text  # not public yet: no dead link
    assert mailbox.messages == []  # no address on an imported listing: no mailed shortcut
    assert client.get(f"/gestion/{sport.slug}").status_code == 403

    # Staff see the claim and accept it.
    moderator = UserFactory(role=Role.MODERATOR)
    staff = client.application.test_client()
    sign_in(staff, moderator)
    queue = staff.get("/moderation/file")
    assert "importée du RNA, pas encore revendiquée" in queue.text
    assert "Je suis le président du club." in queue.text
    claim = _db.session.scalars(select(Claim)).one()
    assert f'href="/moderation/fiches/{sport.id}"' in queue.text
    decided = staff.post(f"/moderation/revendications/{claim.id}", data={
        "csrf_token": csrf_token(queue.text), "accept": "Accepter",
    })
    assert decided.status_code == 302
    assert "Vous gérez maintenant la fiche" in text_of(mailbox.last(person.email))

    # Now a member: completes the draft, which stays a draft until the staff publish it.
    assert person.membership_of(reload(sport)) is not None
    page = client.get(f"/gestion/{sport.slug}")
    assert page.status_code == 200
    data = form_fields(page.text, f"/gestion/{sport.slug}")
    fill(data, presentation_resume="Football et athlétisme pour tous les âges.",
         courriel="contact@es-pont.example")
    assert client.post(f"/gestion/{sport.slug}", data=data).status_code == 302
    sport = reload(sport)
    assert sport.presentation_resume == "Football et athlétisme pour tous les âges."
    assert sport.status == Status.DRAFT
    assert client.get(f"/annuaire/{sport.slug}").status_code == 404
    again = client.get(f"/annuaire/{sport.slug}/revendiquer")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/gestion/{sport.slug}")
    # Claimed: no longer offered to anyone else.
    assert "Aucune fiche à revendiquer" in lookup(client, "W891000101").text
    other = client.application.test_client()
    sign_in(other, UserFactory())
    assert other.get(f"/annuaire/{sport.slug}/revendiquer").status_code == 404

    queue = staff.get("/moderation/file")
    assert "Entente sportive de Pont-sur-Yonne" in queue.text
    listing = staff.get(f"/moderation/fiches/{sport.id}")
    assert "Football et athlétisme" in listing.text
    published = staff.post(f"/moderation/fiches/{sport.id}", data={
        "csrf_token": csrf_token(listing.text), "accept": "Accepter",
    })
    assert published.status_code == 302
    assert reload(sport).status == Status.PUBLISHED
    assert client.get(f"/annuaire/{sport.slug}").status_code == 200
    # The claimant hears about the publication, though the import is the listing's author.
    assert "est publiée dans l'annuaire" in text_of(mailbox.last(person.email))


def test_a_new_listing_with_the_rna_of_an_imported_draft_is_refused(client, imported):
    sport = imported["W891000101"]
    sign_in(client, UserFactory())
    before = count()
    response = new_listing(client, nom="ES Pont", rna="W891000101",
                           description="Notre club de foot.")
    assert response.status_code == 422
    assert count() == before
    text = response.text
    assert "Votre association figure déjà dans l&#39;annuaire" in text
    assert "importée du répertoire national des associations le" in text
    assert "« Entente sportive de Pont-sur-Yonne »" in text
    assert 'id="rna-error"' in text  # next to the field
    assert f'href="/annuaire/{sport.slug}/revendiquer"' in text
    assert 'value="ES Pont"' in text and "Notre club de foot." in text  # typed values kept


def test_a_new_listing_named_like_an_imported_draft_asks_first(client, imported):
    person = UserFactory()
    sign_in(client, person)
    before = count()
    response = new_listing(client, nom="Les ecureuils de villeblevin")
    assert response.status_code == 422
    assert count() == before
    assert 'id="nom-error"' in response.text
    assert "Une association de ce nom figure déjà dans l&#39;annuaire" in response.text
    assert "« Les Écureuils de Villeblevin »" in response.text
    # "Not ours": the homonym gets its own listing.
    data = form_fields(response.text, "/gestion/nouvelle")
    fill(data, not_in_register="y")
    created = client.post("/gestion/nouvelle", data=data)
    assert created.status_code == 302
    assert count() == before + 1
    # Another RNA number is another association: no question asked.
    assert new_listing(client, nom="Comité des fêtes de Saint-Sérotin",
                       rna="W891000999").status_code == 302


def test_only_unclaimed_imported_drafts_can_be_found_or_claimed(client, imported):
    # A member's own draft, with an RNA number; a published listing; an archived one.
    own = MembershipFactory(organization__nom="Club privé de Sergines",
                            organization__status=Status.DRAFT,
                            organization__rna="W891000201").organization
    OrganizationFactory(nom="Club publié de Sergines", rna="W891000202")
    archived = imported["W891000103"]
    from directory.core.models import utcnow

    archived.archived_at = utcnow()
    unlisted = OrganizationFactory(nom="Brouillon sans RNA", status=Status.DRAFT)
    _db.session.commit()
    sign_in(client, UserFactory())
    for q in ("W891000201", "Club privé de Sergines", "W891000202", "Club publié de Sergines",
              "W891000103", "Les Écureuils de Villeblevin", "Brouillon sans RNA", "club"):
        found = lookup(client, q)
        assert found.status_code == 200
        assert "Aucune fiche à revendiquer" in found.text, q
    for org in (own, archived, unlisted):
        assert client.get(f"/annuaire/{org.slug}/revendiquer").status_code == 404
        assert client.post(f"/annuaire/{org.slug}/revendiquer",
                           data={"csrf_token": "x"}).status_code in (400, 404)
    assert count(Claim) == 0
    # Two letters list nothing.
    assert "Aucune fiche à revendiquer" in lookup(client, "es").text
    # The duplicate check on the form does not reveal a member's draft either.
    response = new_listing(client, nom="Club privé de Sergines", rna="W891000201")
    assert response.status_code == 422
    assert "Une autre fiche de l&#39;annuaire porte déjà ce numéro RNA." in response.text
    assert f"/annuaire/{own.slug}/revendiquer" not in response.text
    assert "registre national (importée" not in response.text


def test_the_lookup_needs_an_account_and_is_rate_limited(client, app, imported, monkeypatch):
    response = lookup(client, "W891000101")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    sign_in(client, UserFactory())
    monkeypatch.setitem(app.config, "RNA_LOOKUP_RATELIMIT", "3/hour")
    for _ in range(3):
        assert lookup(client, "entente sportive").status_code == 200
    assert lookup(client, "entente sportive").status_code == 429
    assert client.get("/gestion/nouvelle/registre").status_code == 200  # the empty form
