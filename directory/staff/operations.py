"""Decisions taken on many items of the queue at once: accept, refuse, ask for changes.

Each item gets the same decision as on its own page: its history records it and its people
are mailed (after the commit, by `core.mail.queue_mail`). An item that no longer waits (decided
meanwhile by a colleague) is skipped and counted, never decided twice.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.accounts.models import User
from directory.agenda import moderation as event_moderation
from directory.agenda.models import Event
from directory.core.extensions import db
from directory.listings import mails, revisions
from directory.listings import operations as organizations
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.revision import Revision, RevisionState
from directory.taxonomy.vocabularies import ModerationState, Status

ACCEPT, REFUSE, REQUEST_CHANGES = "accepter", "refuser", "modifier"
#: The prefixes of the queue's checkboxes: "fiche-12", "modification-5", "evenement-9".
PREFIXES = {"fiche": Organization, "modification": Revision, "evenement": Event}


@dataclass
class BulkResult:
    decided: list[str] = field(default_factory=list)
    skipped: int = 0


def parse_items(values: list[str]) -> list[tuple[str, int]]:
    """The checked boxes as (kind, id); anything else is ignored."""
    found = []
    for value in values:
        kind, _, number = value.partition("-")
        if kind in PREFIXES and number.isdigit():
            found.append((kind, int(number)))
    return list(dict.fromkeys(found))


def _listing_author(org: Organization) -> User | None:
    # An imported listing has no author: tell the people who claimed it instead.
    return organizations.creator(org) or next(iter(organizations.members(org)), None)


def _decide_listing(org: Organization, decision: str, staff: User, reason: str | None) -> bool:
    if org.status != Status.DRAFT or org.archived_at is not None or org.changes_requested_at:
        return False
    author = _listing_author(org)
    if decision == ACCEPT:
        organizations.publish(org, staff)
        mails.send_listing_decision(org, author, accepted=True, reason=reason)
    elif decision == REFUSE:
        organizations.archive(org, staff, reason)
        mails.send_listing_decision(org, author, accepted=False, reason=reason)
    else:
        organizations.request_changes(org, staff, reason)
        mails.send_listing_changes_requested(org, author, reason)
    return True


def _decide_change(revision: Revision, decision: str, staff: User, reason: str | None) -> bool:
    org = revision.organization
    if revision.state != RevisionState.PENDING or org.archived_at is not None:
        return False
    if decision == ACCEPT:
        revisions.accept(revision, staff)
        mails.send_change_decision(org, revision.author, accepted=True, reason=reason)
    elif decision == REFUSE:
        revisions.refuse(revision, staff, reason)
        mails.send_change_decision(org, revision.author, accepted=False, reason=reason)
    else:
        revisions.request_changes(revision, staff, reason)
        mails.send_change_changes_requested(org, revision.author, reason)
    return True


def _decide_event(event: Event, decision: str, staff: User, reason: str | None) -> bool:
    if event.moderation_state != ModerationState.SUBMITTED or event.archived_at is not None:
        return False
    if decision == ACCEPT:
        event_moderation.publish(event, staff, reason or None)
    elif decision == REFUSE:
        event_moderation.refuse(event, staff, reason)
    else:
        event_moderation.request_changes(event, staff, reason)
    return True


def _name(kind: str, obj) -> str:
    if kind == "fiche":
        return obj.nom
    if kind == "modification":
        return obj.organization.nom
    return obj.title


def _preload(org_ids: list[int]) -> list[Organization]:
    """The listings and what their history snapshots read, in a few queries for all of them
    (not a few per listing): accepting 50 imported drafts stays one quick action."""
    if not org_ids:
        return []
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(org_ids))
                                   .options(
        selectinload(Organization.themes), selectinload(Organization.publics),
        selectinload(Organization.communes),
        selectinload(Organization.places).selectinload(Place.commune),
        selectinload(Organization.services))))


def decide_many(items: list[tuple[str, int]], decision: str, staff: User,
                reason: str | None) -> BulkResult:
    """One decision for every item; flushes, the caller commits once."""
    if decision in (REFUSE, REQUEST_CHANGES) and not reason:
        raise ValueError("a refusal or a request for changes needs its reason")
    deciders = {"fiche": _decide_listing, "modification": _decide_change,
                "evenement": _decide_event}
    result = BulkResult()
    # Held until the end: the session's identity map keeps only what is referenced.
    loaded = _preload([item_id for kind, item_id in items if kind == "fiche"])  # noqa: F841
    for kind, item_id in items:
        obj = db.session.get(PREFIXES[kind], item_id)
        if obj is None or not deciders[kind](obj, decision, staff, reason):
            result.skipped += 1
            continue
        result.decided.append(_name(kind, obj))
    db.session.flush()
    return result
