"""Read-only questions of the staff's console: what waits, and how much of it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select

from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.jobs import Job, JobState
from directory.editions.models import Edition, EditionState
from directory.listings.models.moderation import Claim, ErrorReport, ReviewState
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.partners.models import AccessRequestState, ProfessionalRequest
from directory.taxonomy.vocabularies import ModerationState, Status

#: The comments of the creation revisions written by the CSV and RNA imports start so.
IMPORT_NOTE = "Import "


def imported_condition():
    """A listing created by an import (CSV or RNA), not by a person."""
    return exists().where(
        Revision.organization_id == Organization.id,
        Revision.action == RevisionAction.CREATE,
        Revision.comment.startswith(IMPORT_NOTE, autoescape=True),
    )


def waiting_listings_condition():
    """Drafts waiting for a decision: not archived, not sent back to their authors."""
    return (Organization.status == Status.DRAFT) & Organization.archived_at.is_(None) & \
        Organization.changes_requested_at.is_(None)


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


@dataclass
class Waiting:
    listings: int
    imported_listings: int
    changes: int
    claims: int
    reports: int
    events: int
    professional_requests: int
    running_imports: int
    draft_editions: int
    oldest: datetime | None

    @property
    def total(self) -> int:
        return (self.listings + self.changes + self.claims + self.reports + self.events
                + self.professional_requests)


def waiting() -> Waiting:
    """Counts for the staff's home: one indexed count per kind of item."""
    listing_ids = select(Organization.id).where(waiting_listings_condition())
    changes = (select(Revision.id).join(Organization)
               .where(Revision.state == RevisionState.PENDING, Organization.archived_at.is_(None)))
    events = select(Event.id).where(Event.moderation_state == ModerationState.SUBMITTED,
                                    Event.archived_at.is_(None))
    oldest = [
        db.session.scalar(select(func.min(Organization.created_at))
                          .where(waiting_listings_condition())),
        db.session.scalar(select(func.min(Revision.created_at))
                          .where(Revision.state == RevisionState.PENDING)),
        db.session.scalar(select(func.min(Event.updated_at))
                          .where(Event.moderation_state == ModerationState.SUBMITTED,
                                 Event.archived_at.is_(None))),
    ]
    oldest = [o for o in oldest if o is not None]
    return Waiting(
        listings=_count(listing_ids),
        imported_listings=_count(listing_ids.where(imported_condition())),
        changes=_count(changes),
        claims=_count(select(Claim.id).where(Claim.state == ReviewState.PENDING)),
        reports=_count(select(ErrorReport.id).where(ErrorReport.state == ReviewState.PENDING)),
        events=_count(events),
        professional_requests=_count(select(ProfessionalRequest.id).where(
            ProfessionalRequest.state == AccessRequestState.PENDING)),
        running_imports=_count(select(Job.id).where(
            or_(Job.state == JobState.QUEUED, Job.state == JobState.RUNNING))),
        draft_editions=_count(select(Edition.id).where(Edition.state == EditionState.DRAFT)),
        oldest=min(oldest) if oldest else None,
    )
