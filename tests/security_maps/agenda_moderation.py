"""Write routes of event moderation (staff) and of the public proposal form."""

from datetime import datetime

from sqlalchemy import select

from directory.agenda import operations as events
from directory.agenda.models import Event, EventAction, EventProposal
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.taxonomy.vocabularies import ModerationState
from tests.security_maps.route import Route

ROUTES = {
    "agenda_moderation.review": Route(
        lambda s: (f"/moderation/agenda/{s.submitted_event.id}", {"publish": "Publier"}),
        "staff",
    ),
}

PUBLIC = {
    "agenda_propose.new": "the public proposal form is for organisations without an account: "
                          "nothing is created until the mailed link is confirmed (honeypot "
                          "and rate limit)",
    "agenda_propose.confirm": "the mailed, signed, expiring, single-use link is the credential",
    "agenda_propose.manage": "the personal management link (signed with the event and the "
                             "proposer's address) is the credential",
    "agenda_propose.cancel": "the personal management link (signed with the event and the "
                             "proposer's address) is the credential",
}


def extend_scene(s) -> None:
    event = events.create_event(s.org, s.member, {
        "title": "Loto de la Cible", "all_day": False,
        "starts_at": datetime(2027, 4, 10, 20, tzinfo=PARIS),
        "ends_at": datetime(2027, 4, 10, 23, tzinfo=PARIS), "commune": "cuy",
    })
    # Submitted without the acknowledgement mail: refused requests must leave the box empty.
    event.moderation_state = ModerationState.SUBMITTED
    events.record_change(event, s.member, EventAction.SUBMIT)
    s.submitted_event = event


def fingerprint() -> tuple:
    """Moderation states and refusal reasons of events, and the proposals kept."""
    return (
        tuple(db.session.execute(
            select(Event.id, Event.moderation_state, Event.refusal_reason, Event.archived_at)
            .order_by(Event.id)
        )),
        tuple(db.session.execute(
            select(EventProposal.id, EventProposal.confirmed_at).order_by(EventProposal.id)
        )),
    )
