"""Read-only questions of the staff's console: what waits, and how much of it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.jobs import Job, JobState
from directory.core.models import utcnow
from directory.core.text import fold
from directory.editions.models import Edition, EditionState
from directory.listings.models.moderation import Claim, ErrorReport, ReviewState
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.partners.models import AccessRequestState, ProfessionalRequest
from directory.taxonomy.models import Commune, Theme
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


# The queue, filtered --------------------------------------------------------------------------

#: The queue's kinds, as they appear in its URL (?type=…), and their headings.
KINDS = {
    "evenement": "Événements à valider",
    "fiche": "Nouvelles fiches",
    "modification": "Modifications en attente",
    "revendication": "Demandes de gestion",
    "acces-pro": "Demandes d'accès professionnel",
    "signalement": "Erreurs signalées",
}
#: « En attente depuis plus de … »: days.
AGES = {"1": "plus d'un jour", "7": "plus d'une semaine", "30": "plus d'un mois"}
ORIGINS = {"import": "Importées (CSV ou RNA)", "personne": "Créées par une personne"}
#: Items shown per kind; the heading gives the full count.
LIMIT = 200


@dataclass
class QueueFilters:
    kind: str = ""
    commune: str = ""
    theme: str = ""
    age: str = ""
    origin: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "QueueFilters":
        def pick(name, allowed=None):
            value = (args.get(name) or "").strip()
            return value if allowed is None or value in allowed else ""

        return cls(kind=pick("type", KINDS), commune=pick("commune")[:160],
                   theme=pick("thematique")[:120], age=pick("anciennete", AGES),
                   origin=pick("origine", ORIGINS), q=pick("q")[:200])

    @property
    def active(self) -> bool:
        return any((self.kind, self.commune, self.theme, self.age, self.origin, self.q))

    def shows(self, kind: str) -> bool:
        return not self.kind or self.kind == kind

    def older_than(self) -> datetime | None:
        if not self.age:
            return None
        return utcnow() - timedelta(days=int(self.age))


@dataclass
class Section:
    items: list
    total: int


@dataclass
class StaffQueue:
    events: Section
    listings: Section
    changes: Section
    claims: Section
    professional_requests: Section
    reports: Section

    @property
    def empty(self) -> bool:
        return not any(s.total for s in (self.events, self.listings, self.changes, self.claims,
                                         self.professional_requests, self.reports))


def _org_filters(stmt, f: QueueFilters):
    """Commune and theme filters on a query that has Organization."""
    if f.commune:
        stmt = stmt.where(Organization.communes.any(Commune.slug == f.commune))
    if f.theme:
        stmt = stmt.where(Organization.themes.any(Theme.id.in_(_theme_ids(f.theme))))
    return stmt


def _theme_ids(slug: str) -> list[int]:
    """A theme and its children: « Sport » finds « Sport › Arts martiaux »."""
    parent = db.session.scalar(select(Theme.id).where(Theme.slug == slug))
    if parent is None:
        return []
    return [parent, *db.session.scalars(select(Theme.id).where(Theme.parent_id == parent))]


def _matches(f: QueueFilters, *texts) -> bool:
    if not f.q:
        return True
    wanted = fold(f.q)
    return any(wanted in fold(t or "") for t in texts)


def _section(stmt, f: QueueFilters, texts) -> Section:
    """Run `stmt` (already filtered in SQL), then the search box on what it found."""
    if f.q:
        items = [item for item in db.session.scalars(stmt) if _matches(f, *texts(item))]
        return Section(items[:LIMIT], len(items))
    total = _count(stmt)
    return Section(list(db.session.scalars(stmt.limit(LIMIT))) if total else [], total)


def _empty() -> Section:
    return Section([], 0)


def staff_queue(f: QueueFilters) -> StaffQueue:
    """The queue as the filters ask: oldest first in each kind."""
    since = f.older_than()
    # Only listings have an origin (imported or not); the origin filter shows listings only.
    only_listings = bool(f.origin)
    result = {}

    if f.shows("evenement") and not only_listings:
        stmt = (select(Event).join(Organization, Event.organization_id == Organization.id)
                .where(Event.moderation_state == ModerationState.SUBMITTED,
                       Event.archived_at.is_(None))
                .options(selectinload(Event.organization), selectinload(Event.commune))
                .order_by(Event.updated_at, Event.id))
        if f.commune:
            stmt = stmt.where(Event.commune.has(Commune.slug == f.commune))
        if f.theme:
            stmt = stmt.where(Event.themes.any(Theme.id.in_(_theme_ids(f.theme))))
        if since:
            stmt = stmt.where(Event.updated_at < since)
        result["events"] = _section(stmt, f, lambda e: (e.title, e.organization.nom))
    if f.shows("fiche"):
        stmt = (select(Organization).where(waiting_listings_condition())
                .order_by(Organization.created_at, Organization.id))
        stmt = _org_filters(stmt, f)
        if since:
            stmt = stmt.where(Organization.created_at < since)
        if f.origin == "import":
            stmt = stmt.where(imported_condition())
        elif f.origin == "personne":
            stmt = stmt.where(~imported_condition())
        result["listings"] = _section(stmt, f, lambda o: (o.nom, o.sigle, o.rna))
    if not only_listings and f.shows("modification"):
        stmt = (select(Revision).join(Organization, Revision.organization_id == Organization.id)
                .where(Revision.state == RevisionState.PENDING, Organization.archived_at.is_(None))
                .options(selectinload(Revision.organization), selectinload(Revision.author))
                .order_by(Revision.created_at, Revision.id))
        stmt = _org_filters(stmt, f)
        if since:
            stmt = stmt.where(Revision.created_at < since)
        result["changes"] = _section(stmt, f, lambda r: (r.organization.nom, r.comment))
    if not only_listings and f.shows("revendication"):
        stmt = (select(Claim).join(Organization, Claim.organization_id == Organization.id)
                .where(Claim.state == ReviewState.PENDING).order_by(Claim.created_at, Claim.id))
        stmt = _org_filters(stmt, f)
        if since:
            stmt = stmt.where(Claim.created_at < since)
        result["claims"] = _section(stmt, f, lambda c: (c.organization.nom, c.user.email,
                                                        c.user.display_name))
    if not only_listings and f.shows("acces-pro") and not (f.commune or f.theme):
        stmt = (select(ProfessionalRequest)
                .where(ProfessionalRequest.state == AccessRequestState.PENDING)
                .order_by(ProfessionalRequest.created_at, ProfessionalRequest.id))
        if since:
            stmt = stmt.where(ProfessionalRequest.created_at < since)
        result["professional_requests"] = _section(
            stmt, f, lambda r: (r.name, r.structure, r.email))
    if not only_listings and f.shows("signalement"):
        stmt = (select(ErrorReport)
                .join(Organization, ErrorReport.organization_id == Organization.id)
                .where(ErrorReport.state == ReviewState.PENDING)
                .order_by(ErrorReport.created_at, ErrorReport.id))
        stmt = _org_filters(stmt, f)
        if since:
            stmt = stmt.where(ErrorReport.created_at < since)
        result["reports"] = _section(stmt, f, lambda r: (r.organization.nom, r.message))
    return StaffQueue(**{name: result.get(name) or _empty() for name in (
        "events", "listings", "changes", "claims", "professional_requests", "reports")})


def imported_ids(org_ids: list[int]) -> set[int]:
    """Which of these listings an import created (one query, for the queue's marks)."""
    if not org_ids:
        return set()
    return set(db.session.scalars(
        select(Organization.id).where(Organization.id.in_(org_ids), imported_condition())))
