"""Organisations' own feeds: which one to import, and bringing its events into the agenda.

Events are matched by (organisation, source_feed_url, source_uid): added once, updated when
their content changes, cancelled when they leave the feed. History goes through
operations/events.py, so feeds see a new SEQUENCE on each change. Functions flush, never commit.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import or_, select

from directory.accounts.models import User
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as event_ops
from directory.agenda import recurrence
from directory.agenda.ical.read import FeedError, ImportedEvent, ImportedOverride, fetch, parse
from directory.agenda.models import Event, EventAction, EventFeed, EventOverride
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import EventStatus, ModerationState

NOTE = "Import du calendrier de l'organisation"
UNEXPECTED = "Le calendrier n'a pas pu être importé (erreur inattendue, signalée à l'équipe)."
GONE_NOTE = "Retiré du calendrier de l'organisation"
#: Lines of reading problems kept on the feed for its page.
MAX_PROBLEMS = 100


# --- The feed's address ---------------------------------------------------------------------


def feed_of(organization: Organization) -> EventFeed | None:
    return db.session.scalar(
        select(EventFeed).where(EventFeed.organization_id == organization.id)
    )


def set_feed(organization: Organization, user: User | None, url: str | None) -> EventFeed | None:
    """Start, change or stop (empty `url`) the import of the organisation's feed.

    Events already imported follow a new address, so that they are updated, not duplicated.
    """
    feed = feed_of(organization)
    url = (url or "").strip() or None
    if url is None:
        if feed is not None and feed.archived_at is None:
            feed.archived_at = utcnow()
        db.session.flush()
        return feed
    if feed is None:
        feed = EventFeed(organization=organization, url=url)
        db.session.add(feed)
    elif feed.url != url:
        for event in db.session.scalars(
            select(Event).where(
                Event.organization_id == organization.id, Event.source_feed_url == feed.url
            )
        ):
            event.source_feed_url = url
        feed.url = url
        feed.etag = feed.http_last_modified = None
        feed.last_error = None
    feed.archived_at = None
    db.session.flush()
    return feed


def used_elsewhere(organization: Organization, url: str | None) -> bool:
    """Another organisation already imports this address (its events would be shared)."""
    if not url:
        return False
    return db.session.scalar(
        select(EventFeed.id).where(
            EventFeed.url == url.strip(),
            EventFeed.organization_id != organization.id,
            EventFeed.archived_at.is_(None),
        ).limit(1)
    ) is not None


def active_feeds() -> list[EventFeed]:
    return list(
        db.session.scalars(
            select(EventFeed)
            .join(Organization)
            .where(EventFeed.archived_at.is_(None), Organization.archived_at.is_(None))
            .order_by(EventFeed.id)
        )
    )


# --- Import ---------------------------------------------------------------------------------


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    #: Events left out, or imported without a value, with the reason (French, by event).
    problems: list[str] = field(default_factory=list)
    #: Remarks on the whole file (its encoding).
    notes: list[str] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None

    def __str__(self) -> str:
        if self.error:
            return f"erreur : {self.error}"
        if self.not_modified:
            return "inchangé depuis la dernière lecture"
        text = (
            f"{self.added} ajouté(s), {self.updated} modifié(s), {self.cancelled} annulé(s), "
            f"{self.unchanged} inchangé(s)"
        )
        if self.problems:
            text += f", {len(self.problems)} problème(s) de lecture"
        return text


def import_feed(feed: EventFeed, fetcher=None) -> ImportReport:
    """Fetch, read and apply one feed; a failure is kept on the feed, nothing else changes."""
    fetcher = fetcher or _fetch
    feed.last_fetched_at = utcnow()
    try:
        fetched = fetcher(feed)
        if fetched.not_modified:
            report = ImportReport(not_modified=True)
        else:
            parsed = parse(fetched.content)
            report = apply(feed, parsed.events)
            report.problems = [str(problem) for problem in parsed.problems]
            report.notes = parsed.notes
            feed.etag, feed.http_last_modified = fetched.etag, fetched.last_modified
            feed.last_problems = (report.notes + report.problems)[:MAX_PROBLEMS]
    except FeedError as error:
        feed.last_error = str(error)
        feed.last_report = None
        db.session.flush()
        return ImportReport(error=str(error))
    feed.last_error = None
    feed.last_success_at = feed.last_fetched_at
    feed.last_report = str(report)[:255]
    db.session.flush()
    return report


def record_failure(feed: EventFeed, message: str = UNEXPECTED) -> None:
    feed.last_fetched_at = utcnow()
    feed.last_error = message
    feed.last_report = None
    db.session.flush()


def _fetch(feed: EventFeed):
    config = current_app.config
    return fetch(
        feed.url,
        feed.etag,
        feed.http_last_modified,
        allow_private=config.get("FEED_IMPORT_ALLOW_PRIVATE", False),
        timeout=config.get("FEED_IMPORT_TIMEOUT") or 15,  # seconds for the whole fetch
        max_bytes=config.get("FEED_IMPORT_MAX_BYTES", 5 * 1024 * 1024),
    )


def apply(feed: EventFeed, items: list[ImportedEvent]) -> ImportReport:
    """Bring the agenda in line with the feed's events."""
    organization = feed.organization
    report = ImportReport()
    existing = {
        event.source_uid: event
        for event in db.session.scalars(
            # Only the importing organisation's own events: another one giving the same
            # address must not update, cancel or list them.
            select(Event).where(
                Event.organization_id == feed.organization_id,
                Event.source_feed_url == feed.url,
                Event.archived_at.is_(None),
            )
        )
    }
    communes = _communes()
    seen: set[str] = set()
    for item in items:
        if item.uid in seen:
            continue
        seen.add(item.uid)
        data = _data(item, organization, communes)
        event = existing.get(item.uid)
        if event is None:
            _create(feed, organization, item, data)
            report.added += 1
        elif _update(event, item, data):
            report.updated += 1
        else:
            report.unchanged += 1
    now = datetime.now(UTC)
    for uid, event in existing.items():
        if uid in seen or event.public_status == EventStatus.CANCELLED:
            continue
        if event.series_ends_at is not None and event.series_ends_at <= now:
            continue  # past events often leave feeds: they are not cancelled for that
        event_ops.cancel(event, None, GONE_NOTE)
        report.cancelled += 1
    db.session.flush()
    return report


def _communes() -> list[tuple[str, str]]:
    """(slugified name, slug) of the territory's communes, longest names first."""
    rows = db.session.execute(select(Commune.name, Commune.slug)).all()
    return sorted(((slugify(name), slug) for name, slug in rows), key=lambda r: -len(r[0]))


def _commune_for(location: str | None, organization: Organization, communes) -> str | None:
    if location:
        text = f"-{slugify(location)}-"
        for name, slug in communes:
            if f"-{name}-" in text:
                return slug
    for place in organization.places:
        return place.commune.slug
    return organization.communes[0].slug if organization.communes else None


def _data(item: ImportedEvent, organization: Organization, communes) -> dict:
    data = {
        "title": item.title,
        "description": item.description,
        "all_day": item.all_day,
        "address": item.location,
        "commune": _commune_for(item.location, organization, communes),
        "rrule": item.rrule,
        "rdates": item.rdates,
        "exdates": item.exdates,
    }
    if item.all_day:
        data.update(start_date=item.start_date, end_date=item.end_date)
    else:
        data.update(starts_at=item.starts_at, ends_at=item.ends_at)
    return data


def _override_rows(items: list[ImportedOverride], all_day: bool) -> list[EventOverride]:
    rows = []
    for item in items:
        row = EventOverride(
            public_status=item.status,
            title=item.title,
            last_modified_at=utcnow(),
        )
        if all_day:
            row.recurrence_date = item.key if isinstance(item.key, date) else None
            row.start_date, row.end_date = item.start_date, item.end_date
        else:
            row.recurrence_id = item.key
            row.starts_at, row.ends_at = item.starts_at, item.ends_at
        rows.append(row)
    return rows


def _override_state(overrides) -> list[tuple]:
    def text(value):
        return value.isoformat() if value is not None else None

    return sorted(
        (
            text(o.recurrence_id), text(o.recurrence_date), text(o.starts_at), text(o.ends_at),
            text(o.start_date), text(o.end_date), o.public_status or None, o.title or None,
        )
        for o in overrides
    )


def _set_overrides(event: Event, item: ImportedEvent) -> bool:
    """Bring the changed occurrences in line with the feed's; True if they changed.

    Rows are matched by their date and updated in place: replacing the collection would
    insert the new rows before deleting the old ones, and a date already changed once would
    break the uniqueness of (event, date) on its next change.
    """
    wanted = _override_rows(item.overrides, item.all_day) if event.is_recurring else []
    if _override_state(wanted) == _override_state(event.overrides):
        return False
    by_key = {row.key: row for row in wanted}
    for row in list(event.overrides):
        new = by_key.pop(row.key, None)
        if new is None or row.recurrence_id is None and row.recurrence_date is None:
            event.overrides.remove(row)
            continue
        for name in _OVERRIDE_FIELDS:
            setattr(row, name, getattr(new, name))
        row.last_modified_at = utcnow()
    # Deleted rows go first, so that a date removed and added again never meets itself.
    db.session.flush()
    event.overrides.extend(row for row in wanted if row.key in by_key)
    event.series_ends_at = recurrence.series_end(event)
    return True


_OVERRIDE_FIELDS = ("starts_at", "ends_at", "start_date", "end_date", "public_status", "title")


def _create(feed: EventFeed, organization: Organization, item: ImportedEvent, data: dict):
    event = event_ops.create_event(organization, None, data)
    event.source_feed_url = feed.url
    event.source_uid = item.uid
    _set_overrides(event, item)
    if item.status == EventStatus.CANCELLED:
        event.public_status = EventStatus.CANCELLED
    event_ops.record_change(event, None, EventAction.IMPORT, NOTE)
    # Trusted organisations publish directly; the others' events wait for the staff.
    event_moderation.submit_or_publish(event, None)
    return event


def _update(event: Event, item: ImportedEvent, data: dict) -> bool:
    sequence = event.sequence
    event_ops.update_event(event, None, data, note=NOTE)
    changed = event.sequence != sequence
    if _set_overrides(event, item):
        event_ops.touch(event)
        event_ops.record_change(event, None, EventAction.EDIT, NOTE)
        changed = True
    if item.status == EventStatus.CANCELLED and event.public_status != EventStatus.CANCELLED:
        event_ops.cancel(event, None, NOTE)
        changed = True
    elif item.status != EventStatus.CANCELLED and event.public_status == EventStatus.CANCELLED:
        event_ops.reopen(event, None, NOTE)
        changed = True
    if changed and event.moderation_state == ModerationState.DRAFT:
        event_moderation.submit_or_publish(event, None)
    return changed


def imported_events(feed: EventFeed):
    """The organisation's events that came from this feed (for its page)."""
    return (
        select(Event)
        .where(Event.organization_id == feed.organization_id)
        .where(Event.source_feed_url == feed.url, Event.archived_at.is_(None))
        .where(or_(Event.series_ends_at.is_(None), Event.series_ends_at > utcnow()))
        .order_by(Event.starts_at)
    )
