"""Write routes of the staff's tools: accounts, duplicates and merges, archived listings, RNA."""

from directory.accounts.models import Role
from directory.core.models import utcnow
from directory.listings import merges
from directory.taxonomy.vocabularies import Status
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.security_maps.open_data import ReplayableFile
from tests.security_maps.route import Route

RNA = (b"id;siret;titre;objet;objet_social1;objet_social2;adrs_codeinsee;adrs_codepostal;"
       b"adrs_libcommune;siteweb;position\n")


def extend_scene(s) -> None:
    s.twin = OrganizationFactory(nom="Cible (2)", slug="cible-2")
    s.old = OrganizationFactory(nom="Ancienne", status=Status.ARCHIVED, archived_at=utcnow())
    kept = OrganizationFactory(nom="Doublon gardé")
    s.merge = merges.merge(kept, OrganizationFactory(nom="Doublon fusionné"), s.staff)
    s.account = UserFactory()
    s.membership = MembershipFactory(user=s.account, organization=OrganizationFactory(nom="Club"))
    s.inactive = UserFactory(archived_at=utcnow())


ROUTES = {
    "imports.rna_import": Route(
        lambda s: ("/moderation/imports/rna", {"fichier": (ReplayableFile(RNA), "rna.csv")}),
        "staff",
    ),
    "staff_accounts.invite": Route(
        lambda s: ("/moderation/comptes/inviter",
                   {"email": "collegue@cc-territoire.fr", "role": Role.MODERATOR.value}),
        "staff",
    ),
    "staff_accounts.role": Route(
        lambda s: (f"/moderation/comptes/{s.account.id}/role", {"role": "professional"}),
        "staff",
    ),
    "staff_accounts.deactivate": Route(
        lambda s: (f"/moderation/comptes/{s.account.id}/desactiver", {"reason": "Départ"}),
        "staff",
    ),
    "staff_accounts.reactivate": Route(
        lambda s: (f"/moderation/comptes/{s.inactive.id}/reactiver", {}), "staff",
    ),
    "staff_accounts.remove_membership": Route(
        lambda s: (f"/moderation/comptes/adhesions/{s.membership.id}/retirer", {}), "staff",
    ),
    "merges.merge": Route(
        lambda s: ("/moderation/doublons/fusionner", {"kept": s.org.id, "other": s.twin.id}),
        "staff",
    ),
    "merges.undo": Route(lambda s: (f"/moderation/fusions/{s.merge.id}/annuler", {}), "staff"),
    "merges.restore": Route(
        lambda s: (f"/moderation/fiches-archivees/{s.old.id}/restaurer", {}), "staff",
    ),
}

PUBLIC: dict[str, str] = {}


def fingerprint() -> tuple:
    from sqlalchemy import select

    from directory.accounts.models import User
    from directory.core.extensions import db
    from directory.listings.models.membership import Membership

    users = tuple((u.id, u.role, u.archived_at) for u in db.session.scalars(
        select(User).order_by(User.id)))
    members = tuple((m.id, m.organization_id, m.archived_at) for m in db.session.scalars(
        select(Membership).order_by(Membership.id)))
    return users, members
