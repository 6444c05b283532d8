"""Demo accounts with published passwords, so that a demo can be signed into at once.

Only `flask demo accounts` (run by `make run`) creates them: never on a real installation.
"""

from dataclasses import dataclass

from sqlalchemy import select

from directory.accounts import operations as accounts
from directory.accounts.models import Role, User
from directory.core.extensions import db
from directory.listings import members
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import OrganizationKind, Status


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    password: str
    role: str | None


DEMO_ACCOUNTS = (
    DemoAccount(
        "Administratrice (équipe intercommunale)",
        "admin@exemple.org",
        "demo-admin-yonne-nord",
        Role.ADMIN,
    ),
    DemoAccount(
        "Bénévole d'une association", "benevole@exemple.org", "demo-benevole-yonne-nord", None
    ),
    DemoAccount(
        "Professionnelle (annuaire partenarial)",
        "pro@exemple.org",
        "demo-pro-yonne-nord",
        Role.PROFESSIONAL,
    ),
)


def demo_association() -> Organization | None:
    """The association the demo volunteer manages: the first published one, by slug."""
    return db.session.scalars(
        select(Organization)
        .where(
            Organization.kind == OrganizationKind.ASSOCIATION,
            Organization.status == Status.PUBLISHED,
        )
        .order_by(Organization.slug)
        .limit(1)
    ).first()


def ensure_demo_accounts() -> list[tuple[DemoAccount, Organization | None]]:
    """Create the demo accounts that are missing; flushes, the caller commits."""
    association = demo_association()
    made = []
    for account in DEMO_ACCOUNTS:
        organization = association if account.role is None else None
        user = User.by_email(account.email)
        if user is None:
            user = accounts.create_user(account.email, account.role, account.password)
            if organization is not None:
                members.add_membership(user, organization)
        elif organization is not None:
            organization = user.memberships[0].organization if user.memberships else organization
        made.append((account, organization))
    return made
