"""Write routes of the agenda feeds: the organisation's own calendar to import."""

from sqlalchemy import func, select

from directory.agenda.models import EventFeed
from directory.core.extensions import db
from tests.security_maps.route import Route

ROUTES = {
    "feeds.manage": Route(
        lambda s: (f"/gestion/{s.org.slug}/agenda/flux", {"url": "https://exemple.fr/pirate.ics"}),
        "member",
    ),
}

PUBLIC: dict[str, str] = {}


def fingerprint() -> tuple:
    """A refused request leaves no feed address behind (nor a changed one)."""
    return tuple(db.session.execute(select(EventFeed.url, func.count()).group_by(EventFeed.url)))
