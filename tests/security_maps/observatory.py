"""Write routes of the observatory: a professional records a need nobody answers."""

from sqlalchemy import func, select

from directory.accounts.models import Role
from directory.core.extensions import db
from directory.observatory.models import UnmetNeed
from tests.factories import UserFactory
from tests.security_maps.route import Route

ROUTES = {
    "observatory.unmet_need": Route(
        lambda s: ("/partenaires/besoin-non-couvert",
                   {"need": "garde d'enfant le samedi matin"}),
        # Professionals (and staff) only: a member of a structure without the role is refused.
        "observer",
    ),
}

PUBLIC: dict[str, str] = {}


def extend_scene(s) -> None:
    s.observer = UserFactory(role=Role.PROFESSIONAL)


def fingerprint() -> tuple:
    """A refused request records no need."""
    return (db.session.scalar(select(func.count()).select_from(UnmetNeed)),)
