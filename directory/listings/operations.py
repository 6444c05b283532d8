"""Listings: creation by a member, and changes to their activities, addresses and contacts.

Listings: creation by a member; activities, addresses, contacts added, changed or removed;
publication, trust.

Every change goes through operations.revisions.save(), so that it is kept in the history,
checked against concurrent edits and, for non-trusted organisations, moderated.
"""

import copy

from sqlalchemy import select

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.listings import revisions
from directory.listings.members import add_membership
from directory.listings.models.organization import Organization
from directory.listings.models.revision import RevisionAction
from directory.taxonomy.vocabularies import Status


def unique_slug(nom: str) -> str:
    base = slugify(nom) or "organisation"
    slug, n = base, 1
    while db.session.scalar(select(Organization.id).where(Organization.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_listing(user: User, part: dict, comment: str | None = None) -> Organization:
    """A new listing by a member: a draft that waits for the staff; its author manages it."""
    org = Organization(nom=part["nom"], slug=unique_slug(part["nom"]), status=Status.DRAFT)
    db.session.add(org)
    db.session.flush()
    snapshot = {"fields": {}, "services": []}
    snapshot["fields"] = {n: part.get(n) for n in revisions.ORG_FIELDS}
    snapshot.update({rel: part.get(rel, []) for rel in revisions.RELATIONS})
    revisions.apply_snapshot(org, snapshot)
    org.last_edited_at = org.last_verified_at = utcnow()
    add_membership(user, org)
    revisions.record_creation(org, user, comment)
    return org


def with_fields(org: Organization, part: dict) -> dict:
    """The listing's current snapshot with the organisation form's fields replaced."""
    snapshot = revisions.snapshot_of(org)
    snapshot["fields"].update({n: part[n] for n in revisions.ORG_FIELDS if n in part})
    snapshot.update({rel: part[rel] for rel in revisions.RELATIONS})
    return snapshot


def with_item(org: Organization, key: str, item_id: int | None, part: dict) -> dict:
    """The current snapshot with one activity, address or contact (`key`) changed, or added
    when `item_id` is None."""
    snapshot = revisions.snapshot_of(org)
    entry = {"id": item_id, **part}
    for i, item in enumerate(snapshot[key]):
        if item["id"] == item_id:
            snapshot[key][i] = entry
            break
    else:
        snapshot[key].append(entry)
    return snapshot


def without_item(org: Organization, key: str, item_id: int) -> dict:
    snapshot = copy.deepcopy(revisions.snapshot_of(org))
    snapshot[key] = [i for i in snapshot[key] if i["id"] != item_id]
    if key == "places":  # the activities held there no longer say where
        for service in snapshot["services"]:
            if service.get("place_id") == item_id:
                service["place_id"] = None
    return snapshot


def with_service(org: Organization, service_id: int | None, part: dict) -> dict:
    return with_item(org, "services", service_id, part)


def without_service(org: Organization, service_id: int) -> dict:
    return without_item(org, "services", service_id)


def publish(org: Organization, moderator: User) -> None:
    org.status = Status.PUBLISHED
    org.archived_at = None
    revisions.record_status(org, moderator, RevisionAction.PUBLISH)


def request_changes(org: Organization, moderator: User, message: str) -> None:
    """A draft back to its authors with what to change: out of the queue until they save it
    (revisions.save), kept in its history."""
    if not message:
        raise ValueError("asking for changes needs to say which")
    org.changes_requested_at = utcnow()
    revisions.record_status(org, moderator, RevisionAction.REQUEST_CHANGES, message)


def archive(org: Organization, moderator: User, reason: str | None = None) -> None:
    """Listings are archived, never deleted: the page answers 410 and the history stays."""
    org.status = Status.ARCHIVED
    org.archived_at = utcnow()
    revisions.record_status(org, moderator, RevisionAction.ARCHIVE, reason)


def set_trusted(org: Organization, trusted: bool) -> None:
    org.trusted = trusted
    db.session.flush()


def creator(org: Organization) -> User | None:
    first = db.session.scalars(
        select(revisions.Revision)
        .where(revisions.Revision.organization_id == org.id,
               revisions.Revision.action == RevisionAction.CREATE)
    ).first()
    return first.author if first is not None else None


def members(org: Organization) -> list[User]:
    from directory.listings.models.membership import Membership

    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == org.id, Membership.archived_at.is_(None),
               User.archived_at.is_(None))
    ))
