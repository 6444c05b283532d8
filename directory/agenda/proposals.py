"""Events proposed by organisations without an account: kept until the mailed link is followed,
then created and sent to the staff; a personal link lets the proposer edit or cancel them later.

Two signed links (itsdangerous, the app's secret key, one salt each):
- confirmation: the proposal id and address, valid CONFIRM_MAX_AGE, usable once (the proposal
  keeps `confirmed_at`);
- management: the event id, proposal id and address, valid MANAGE_MAX_AGE; it only ever opens
  the event it was made for, and stops working when the event is withdrawn.
"""

from datetime import date, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select

from directory.accounts.models import normalize_email
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda.models import Event, EventAction, EventProposal
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import operations as organizations
from directory.listings import revisions
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import EventStatus, ModerationState, Status

CONFIRM_MAX_AGE = 2 * 24 * 3600
MANAGE_MAX_AGE = 400 * 24 * 3600
DATETIME_KEYS = ("starts_at", "ends_at")
DATE_KEYS = ("start_date", "end_date")

#: History note of the proposer's own changes (never their address: notes may be shown).
BY_PROPOSER = "Par la personne qui a proposé l'événement (lien personnel)."

#: Why a link was refused, for the page that says so.
INVALID, EXPIRED = "invalid", "expired"


class LinkError(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


# Keeping the typed event ------------------------------------------------------------------------


def to_json(data: dict) -> dict:
    """The form's event data with dates as ISO text (the JSON column keeps nothing else)."""
    result = dict(data)
    for key in (*DATETIME_KEYS, *DATE_KEYS):
        if isinstance(result.get(key), date):
            result[key] = result[key].isoformat()
    return result


def from_json(data: dict) -> dict:
    result = dict(data)
    for key in DATETIME_KEYS:
        if result.get(key):
            result[key] = datetime.fromisoformat(result[key])
    for key in DATE_KEYS:
        if result.get(key):
            result[key] = date.fromisoformat(result[key])
    return result


def publishable_organizations():
    """Listings a proposer may choose: published, not archived."""
    return (select(Organization)
            .where(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None))
            .order_by(Organization.nom))


def propose(email: str, organization: Organization | None, organization_name: str | None,
            data: dict) -> EventProposal:
    """Keep a proposal until it is confirmed; expired unconfirmed ones are purged meanwhile."""
    purge_expired()
    proposal = EventProposal(
        email=normalize_email(email),
        organization=organization,
        organization_name=None if organization is not None else organization_name,
        data=to_json(data),
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def purge_expired() -> int:
    """Unconfirmed proposals whose link has expired are of no use to anyone."""
    limit = utcnow() - timedelta(seconds=CONFIRM_MAX_AGE)
    result = db.session.execute(
        delete(EventProposal)
        .where(EventProposal.confirmed_at.is_(None), EventProposal.created_at < limit)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# Links ------------------------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"directory.agenda.{purpose}")


def confirm_token(proposal: EventProposal) -> str:
    return _serializer("propose-confirm").dumps({"p": proposal.id, "m": proposal.email})


def manage_token(proposal: EventProposal) -> str:
    return _serializer("propose-manage").dumps(
        {"p": proposal.id, "e": proposal.event_id, "m": proposal.email}
    )


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(EXPIRED) from None
    except BadSignature:
        raise LinkError(INVALID) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        raise LinkError(INVALID)
    return payload


def proposal_to_confirm(token: str) -> EventProposal:
    """The proposal of a confirmation link (maybe already confirmed); raises LinkError."""
    payload = _load("propose-confirm", token, CONFIRM_MAX_AGE)
    proposal = db.session.get(EventProposal, payload["p"])
    if proposal is None or proposal.email != payload.get("m"):
        raise LinkError(INVALID)
    return proposal


def proposal_to_manage(token: str) -> EventProposal:
    """The confirmed proposal of a management link, its event still there; raises LinkError."""
    payload = _load("propose-manage", token, MANAGE_MAX_AGE)
    proposal = db.session.get(EventProposal, payload["p"])
    if (proposal is None or proposal.confirmed_at is None or proposal.event is None
            or proposal.event_id != payload.get("e") or proposal.email != payload.get("m")
            or proposal.event.archived_at is not None):
        raise LinkError(INVALID)
    return proposal


# Confirming -------------------------------------------------------------------------------------


def _organization_for(proposal: EventProposal) -> Organization:
    """The listing chosen, or a draft listing for a name not in the directory (it waits in the
    staff's queue like any new listing; the proposer's address is not published on it)."""
    if proposal.organization is not None:
        return proposal.organization
    name = proposal.organization_name
    org = Organization(nom=name, slug=organizations.unique_slug(name), status=Status.DRAFT)
    db.session.add(org)
    db.session.flush()
    org.last_edited_at = utcnow()
    revisions.record_creation(
        org, None, f"Créée par la proposition d'un événement ({proposal.email})."
    )
    return org


def confirm(proposal: EventProposal) -> Event:
    """Create the event and send it to the staff (once: a second call returns it unchanged)."""
    if proposal.confirmed_at is not None:
        return proposal.event
    org = _organization_for(proposal)
    event = events.create_event(org, None, from_json(proposal.data))
    proposal.confirmed_at = utcnow()
    proposal.event = event
    db.session.flush()
    event_moderation.submit(event, None)
    return event


# Managing -------------------------------------------------------------------------------------


def edit(proposal: EventProposal, data: dict, base: int | None = None) -> Event:
    """The proposer changes the event (events.StaleEdit when it changed meanwhile).

    Without an account there is no trust to rely on: a change to a published, refused or
    sent-back event goes to the staff again before the public sees it.
    """
    event = proposal.event
    before = events.current_number(event)
    events.update_event(event, None, data, base=base, note=BY_PROPOSER)
    if events.current_number(event) != before and \
            event.moderation_state != ModerationState.SUBMITTED:
        event_moderation.submit(event, None)
    return event


def cancel(proposal: EventProposal, note: str | None = None) -> Event:
    """A published event stays in the agenda as cancelled; one not yet published is withdrawn
    (archived: the staff's queue and the link forget it, its history stays)."""
    event = proposal.event
    if event.moderation_state == ModerationState.PUBLISHED:
        if event.public_status != EventStatus.CANCELLED:
            events.cancel(event, None, note or None)
    else:
        event.archived_at = utcnow()
        events.record_change(event, None, EventAction.ARCHIVE, note or BY_PROPOSER)
    return event

