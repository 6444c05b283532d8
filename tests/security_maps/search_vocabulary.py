"""Write routes of the staff's search vocabulary page."""

from sqlalchemy import func, select

from directory.core.extensions import db
from directory.search.models import VocabularyEntry
from tests.security_maps.route import Route

ROUTES = {
    "search_vocabulary.add": Route(
        lambda s: ("/moderation/vocabulaire", {"words": "pirate", "find": "CAF"}),
        "staff",
    ),
}

PUBLIC: dict[str, str] = {}


def fingerprint() -> tuple:
    """A refused request adds no vocabulary entry."""
    return (db.session.scalar(select(func.count()).select_from(VocabularyEntry)),)
