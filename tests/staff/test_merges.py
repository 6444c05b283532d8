"""Duplicates: found by folded name, identifiers, phone or mail; merged with everything they
hold; the other address answers 301; both histories say so; undone from the history. Archived
listings: listed and restored."""

from sqlalchemy import func, select

from directory.agenda.models import Event
from directory.core.extensions import db as _db
from directory.core.models import utcnow
from directory.listings import moderation
from directory.listings.models.contact import Contact
from directory.listings.models.membership import Membership
from directory.listings.models.merge import ListingMerge
from directory.listings.models.moderation import Claim
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service
from directory.taxonomy.vocabularies import Status
from tests.conftest import csrf_token
from tests.factories import (
    ContactFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
    UserFactory,
)
from tests.staff.conftest import post_form


def owned(model, org) -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count(model.id)).where(model.organization_id == org.id))


def test_likely_duplicates_are_listed_with_why(staff_client, db):
    OrganizationFactory(nom="Comité des fêtes de Pont-sur-Yonne", slug="comite-pont")
    OrganizationFactory(nom="Comite des fetes de Pont sur Yonne (7)", slug="comite-pont-7")
    OrganizationFactory(nom="Gym volontaire", slug="gym", telephone="03 86 67 00 01")
    OrganizationFactory(nom="GV Michery", slug="gv", telephone="+33 3 86 67 00 01")
    OrganizationFactory(nom="Chorale", slug="chorale", telephone="03 86 00 00 09")
    _db.session.commit()
    page = staff_client.get("/moderation/doublons").text
    assert "Même nom" in page and "comite-pont-7" in page
    assert "Même téléphone" in page and "gv" in page
    assert "chorale" not in page


def test_merging_moves_everything_redirects_and_can_be_undone(app, staff_client, db):
    kept = OrganizationFactory(nom="Comité des fêtes de Pont-sur-Yonne", slug="comite-pont")
    other = OrganizationFactory(nom="Comité des fêtes de Pont-sur-Yonne (7)", slug="comite-pont-7",
                                telephone="03 86 67 00 07", rna="W891000007")
    for org in (kept, other):
        ServiceFactory(organization=org)
        ContactFactory(organization=org)
        for _ in range(3):
            EventFactory(organization=org)
    member = MembershipFactory(organization=other).user
    both = MembershipFactory(organization=other).user
    MembershipFactory(organization=kept, user=both)
    moderation.claim(other, UserFactory(), "Je suis le trésorier")
    _db.session.commit()

    response = post_form(staff_client, "/moderation/doublons", "/moderation/doublons/fusionner",
                         {"kept": kept.id, "other": other.id})
    assert response.status_code == 302
    assert owned(Event, kept) == 6 and owned(Event, other) == 0
    assert owned(Service, kept) == 2 and owned(Contact, kept) == 2
    assert owned(Claim, kept) == 1
    assert owned(Membership, kept) == 2  # the person in both is a member once
    kept = _db.session.get(Organization, kept.id)
    assert kept.telephone == "03 86 67 00 07" and kept.rna == "W891000007"
    moved = app.test_client().get("/annuaire/comite-pont-7")
    assert moved.status_code == 301 and moved.location.endswith("/annuaire/comite-pont")
    history = staff_client.get("/annuaire/comite-pont/historique").text
    assert "Fusion de fiches en double" in history and "Annuler cette fusion" in history
    assert "Fusion de fiches en double" in staff_client.get(
        "/annuaire/comite-pont-7/historique").text
    from tests.conftest import sign_in

    assert sign_in(app.test_client(), member).get("/gestion/comite-pont").status_code == 200

    # Undone from the kept listing's history.
    merge_id = _db.session.scalar(select(func.max(ListingMerge.id)))
    token = csrf_token(history)
    response = staff_client.post(f"/moderation/fusions/{merge_id}/annuler",
                                 data={"csrf_token": token})
    assert response.status_code == 302
    assert owned(Event, kept) == 3 and owned(Event, other) == 3
    assert owned(Membership, other) == 2 and owned(Claim, other) == 1
    other = _db.session.get(Organization, other.id)
    assert other.status == Status.PUBLISHED and other.rna == "W891000007"
    assert _db.session.get(Organization, kept.id).telephone is None
    assert app.test_client().get("/annuaire/comite-pont-7").status_code == 200
    history = staff_client.get("/annuaire/comite-pont/historique").text
    assert "Annulation d&#39;une fusion" in history
    again = staff_client.post(f"/moderation/fusions/{merge_id}/annuler",
                              data={"csrf_token": token})
    assert again.status_code == 409


def test_merging_an_archived_listing_is_refused(staff_client, db):
    kept = OrganizationFactory(nom="Club")
    gone = OrganizationFactory(nom="Club (2)", status=Status.ARCHIVED, archived_at=utcnow())
    _db.session.commit()
    response = post_form(staff_client, "/moderation/doublons", "/moderation/doublons/fusionner",
                         {"kept": kept.id, "other": gone.id})
    assert response.status_code == 409
    assert "restaurez-la d&#39;abord" in response.text


def test_archived_listings_are_listed_and_restored(app, staff_client, staff, db):
    from directory.listings import operations

    org = OrganizationFactory(nom="Les Amis du patrimoine", slug="amis-patrimoine")
    _db.session.flush()
    operations.publish(org, staff)
    operations.archive(org, staff, "Dissoute")
    _db.session.commit()
    assert app.test_client().get("/annuaire/amis-patrimoine").status_code == 410
    page = staff_client.get("/moderation/fiches-archivees").text
    assert "Les Amis du patrimoine" in page
    response = post_form(staff_client, "/moderation/fiches-archivees",
                         f"/moderation/fiches-archivees/{org.id}/restaurer", {})
    assert response.status_code == 302
    assert app.test_client().get("/annuaire/amis-patrimoine").status_code == 200
    assert "Sortie des archives" in staff_client.get("/annuaire/amis-patrimoine/historique").text
    assert "Les Amis du patrimoine" not in staff_client.get("/moderation/fiches-archivees").text
