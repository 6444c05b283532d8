"""Events proposed without an account: kept until the mailed link confirms them.

Events proposed by organisations without an account: kept until the mailed link is followed,
then created and sent to the staff; a personal link lets the proposer edit or cancel them later.

The two signed links (confirmation, management) are made and read in `proposal_tokens`.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from directory.accounts.models import normalize_email
from directory.agenda import images as event_images
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda.models import Event, EventAction, EventProposal
from directory.agenda.proposal_tokens import CONFIRM_MAX_AGE
from directory.core import uploads
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import operations as organizations
from directory.listings import revisions
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import EventStatus, ModerationState, Status

DATETIME_KEYS = ("starts_at", "ends_at")
DATE_KEYS = ("start_date", "end_date")

#: History note of the proposer's own changes (never their address: notes may be shown).
BY_PROPOSER = "Par la personne qui a proposé l'événement (lien personnel)."

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
    """Unconfirmed proposals whose link has expired are of no use to anyone: neither are the
    images or flyers they uploaded, unless an event or another proposal uses the same file."""
    limit = utcnow() - timedelta(seconds=CONFIRM_MAX_AGE)
    expired = EventProposal.confirmed_at.is_(None) & (EventProposal.created_at < limit)
    images = {
        data.get("image") for data in db.session.scalars(select(EventProposal.data).where(expired))
        if isinstance(data, dict)
    } - {None, ""}
    result = db.session.execute(
        delete(EventProposal).where(expired).execution_options(synchronize_session=False)
    )
    if images:
        kept = set(db.session.scalars(select(Event.image).where(Event.image.in_(images))))
        kept |= {data.get("image") for data in db.session.scalars(select(EventProposal.data))
                 if isinstance(data, dict)}
        uploads.remove(name for name in images - kept if event_images.is_image_name(name))
    return result.rowcount or 0


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

