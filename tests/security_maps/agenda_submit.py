"""Write routes of organisers' event pages: announce, edit, cancel, postpone, full, reopen."""

from datetime import datetime

from sqlalchemy import select

from directory.agenda import operations as events
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.taxonomy.vocabularies import ModerationState
from tests.security_maps.route import Route

EVENT_FORM = {"title": "Intrus", "start_date": "2027-03-20", "start_time": "14:00",
              "end_time": "16:00", "commune": "cuy", "frais": "gratuit"}


def _event_path(s, suffix: str = "") -> str:
    return f"/gestion/{s.org.slug}/agenda/{s.agenda_event.id}{suffix}"


ROUTES = {
    "agenda_manage.new": Route(
        lambda s: (f"/gestion/{s.org.slug}/agenda/nouveau", EVENT_FORM), "member"
    ),
    "agenda_manage.edit": Route(
        lambda s: (_event_path(s), {**EVENT_FORM, "title": "Piraté",
                                    "base_version": str(s.agenda_event_version)}),
        "member",
    ),
    "agenda_manage.cancel": Route(lambda s: (_event_path(s, "/annuler"), {"note": "x"}), "member"),
    "agenda_manage.postpone": Route(
        lambda s: (_event_path(s, "/reporter"), {"new_date": "2028-02-05"}), "member"
    ),
    "agenda_manage.full": Route(lambda s: (_event_path(s, "/complet"), {}), "member"),
    "agenda_manage.reopen": Route(lambda s: (_event_path(s, "/reprogrammer"), {}), "member"),
}

PUBLIC: dict[str, str] = {}


def extend_scene(s) -> None:
    event = events.create_event(s.org, s.member, {
        "title": "Concert de la Cible", "all_day": False,
        "starts_at": datetime(2027, 6, 5, 20, tzinfo=PARIS),
        "ends_at": datetime(2027, 6, 5, 22, tzinfo=PARIS), "commune": "cuy",
    })
    event.moderation_state = ModerationState.PUBLISHED
    events.cancel(event, s.member)  # so that « reopen » changes something
    s.agenda_event = event
    s.agenda_event_version = events.current_number(event)


def fingerprint() -> tuple:
    """Events as they were: titles, dates, states and versions."""
    return tuple(db.session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.moderation_state,
               Event.public_status, Event.sequence).order_by(Event.id)
    ))
