"""Write routes of the quarterly agenda editions: staff only."""

from datetime import date

from sqlalchemy import select

from directory.core.extensions import db
from directory.editions import operations as editions
from directory.editions.models import Edition, EditionItem
from tests.security_maps.route import Route

ROUTES = {
    "editions.new": Route(
        lambda s: ("/moderation/editions/nouvelle",
                   {"year": "2031", "quarter": "2", "submission_deadline": "2031-03-01",
                    "reminders": "7"}),
        "staff",
    ),
    "editions.settings": Route(
        lambda s: (f"/moderation/editions/{s.edition.id}/reglages",
                   {"title": "Piratée", "submission_deadline": "2030-12-01"}),
        "staff",
    ),
    "editions.items": Route(
        lambda s: (f"/moderation/editions/{s.edition.id}/evenements",
                   {"events-shown": str(s.edition_event.id), f"text-{s.edition_event.id}":
                    "Texte pirate"}),
        "staff",
    ),
    "editions.finalise": Route(
        lambda s: (f"/moderation/editions/{s.edition.id}/finaliser", {"confirm": "y"}),
        "staff",
    ),
}

PUBLIC: dict[str, str] = {}


def extend_scene(s) -> None:
    from tests.factories import EventFactory, paris_time

    s.edition_event = EventFactory(organization=s.org, title="Concert du printemps",
                                   starts_at=paris_time(date(2031, 1, 12), 15, 0),
                                   ends_at=paris_time(date(2031, 1, 12), 17, 0))
    s.edition = editions.create(2031, 1, None, date(2030, 12, 1), [7], None, s.staff)


def fingerprint() -> tuple:
    editions_state = tuple(db.session.execute(
        select(Edition.id, Edition.title, Edition.state, Edition.submission_deadline)
        .order_by(Edition.id)))
    items = tuple(db.session.execute(
        select(EditionItem.event_id, EditionItem.included, EditionItem.print_description)
        .order_by(EditionItem.id)))
    return editions_state, items
