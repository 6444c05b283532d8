"""Agenda models: events and their changed dates, imported feeds, public proposals, history."""

import uuid
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime, utcnow
from directory.core.versioning import RevisionMixin
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import EventStatus, Fees, ModerationState


def _link_table(name: str, right: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}s.id", ondelete="CASCADE"), primary_key=True),
    )


event_themes = _link_table("event_themes", "theme")
event_publics = _link_table("event_publics", "public")


def new_uid() -> str:
    return str(uuid.uuid4())


def paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS)


class Event(TimestampMixin, db.Model):
    """One event; when `rrule`/`rdates` are set, its first occurrence and the rule of the others.

    `starts_at`/`ends_at` are always filled (for all-day events: Paris midnights of
    `start_date`/`end_date`) so that listings query one pair of columns.
    """

    __tablename__ = "events"
    #: An imported event belongs to the organisation that imports it (two may give one address).
    __table_args__ = (UniqueConstraint("organization_id", "source_feed_url", "source_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: iCalendar UID: set once, never changed, so calendars update instead of duplicating.
    uid: Mapped[str] = mapped_column(String(255), unique=True, default=new_uid)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: For readable URLs only; the id (or uid) identifies the event.
    slug: Mapped[str] = mapped_column(String(220), default="")
    #: Markdown, rendered through the HTML sanitiser.
    description: Mapped[str | None] = mapped_column(Text)

    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    all_day: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date | None]
    #: Exclusive, as DTEND;VALUE=DATE in iCalendar: a Saturday-Sunday event ends on Monday.
    end_date: Mapped[date | None]

    #: A place of the organisation or a known venue; else `address` in `commune`.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(255))
    #: The event's commune (the place's one when a place is chosen), for filters and clashes.
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)

    frais: Mapped[str] = mapped_column(String(20), default=Fees.FREE)
    #: Free text, e.g. "5 €, gratuit pour les moins de 12 ans".
    price_details: Mapped[str | None] = mapped_column(String(255))
    registration_url: Mapped[str | None] = mapped_column(String(500))
    #: Accessibility vocabulary values (see vocabularies.Accessibility).
    accessibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    #: File name of the image or flyer (content hash), never deleted.
    image: Mapped[str | None] = mapped_column(String(80))

    #: iCalendar RRULE value without "RRULE:", e.g. "FREQ=WEEKLY;INTERVAL=2;UNTIL=…Z";
    #: UNTIL is UTC for timed events and a date for all-day ones (RFC 5545 §3.3.10).
    rrule: Mapped[str | None] = mapped_column(String(500))
    #: Extra occurrences: ISO datetimes with offset (timed) or ISO dates (all day).
    rdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Removed occurrences, same form as `rdates`.
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: End of the last occurrence (recurrence.series_end), None while a rule has no end:
    #: lets listings pick candidate events in SQL before expanding them.
    series_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    moderation_state: Mapped[str] = mapped_column(
        String(20), default=ModerationState.DRAFT, index=True
    )
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    public_status: Mapped[str] = mapped_column(String(20), default=EventStatus.SCHEDULED)
    #: iCalendar SEQUENCE: raised on each change the public sees.
    sequence: Mapped[int] = mapped_column(default=0)
    #: When the content last changed: LAST-MODIFIED and DTSTAMP (never the clock).
    last_modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: Set for events imported from an organisation's own iCalendar feed.
    source_feed_url: Mapped[str | None] = mapped_column(String(500))
    source_uid: Mapped[str | None] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()
    place: Mapped[Place | None] = relationship()
    commune: Mapped[Commune | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=event_themes)
    publics: Mapped[list[Public]] = relationship(secondary=event_publics)
    overrides: Mapped[list["EventOverride"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventOverride.id"
    )

    def set_times(self, starts_at: datetime, ends_at: datetime) -> None:
        """A timed event (aware datetimes)."""
        if ends_at < starts_at:
            raise ValueError("an event cannot end before it starts")
        self.all_day = False
        self.start_date = self.end_date = None
        self.starts_at, self.ends_at = starts_at, ends_at

    def set_days(self, start_date: date, end_date: date) -> None:
        """An all-day event from `start_date` to `end_date` excluded."""
        if end_date <= start_date:
            raise ValueError("an all-day event ends at least one day after it starts")
        self.all_day = True
        self.start_date, self.end_date = start_date, end_date
        self.starts_at, self.ends_at = paris_midnight(start_date), paris_midnight(end_date)

    @classmethod
    def overlapping(cls, start: datetime, end: datetime):
        """Events that may have an occurrence in [start, end): expand them to be sure."""
        return select(cls).where(
            cls.archived_at.is_(None),
            cls.starts_at < end,
            or_(cls.series_ends_at.is_(None), cls.series_ends_at > start),
        )

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule or self.rdates)

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.public_status == EventStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


class EventOverride(db.Model):
    """One occurrence of a repeating event that differs from the rule (RECURRENCE-ID).

    Feeds write it as a VEVENT with the event's UID; None fields keep the event's value.
    """

    __tablename__ = "event_overrides"
    __table_args__ = (
        UniqueConstraint(
            "event_id", "recurrence_id", name="uq_event_overrides_event_id_recurrence_id"
        ),
        UniqueConstraint(
            "event_id", "recurrence_date", name="uq_event_overrides_event_id_recurrence_date"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: The original start of the occurrence, for timed events.
    recurrence_id: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The original day of the occurrence, for all-day events.
    recurrence_date: Mapped[date | None]
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    #: e.g. cancelled or full for this date only.
    public_status: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(200))
    #: Shown with this occurrence, e.g. "Exceptionnellement à la salle des fêtes".
    note: Mapped[str | None] = mapped_column(String(500))
    last_modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="overrides")

    @property
    def key(self) -> datetime | date:
        return self.recurrence_date if self.recurrence_id is None else self.recurrence_id


class FeedBlock(db.Model):
    """An event's VEVENT block as a feed last serialised it, kept for every process and node.

    Keyed by a digest of what the block depends on (ical.write.block_key): a changed event
    gets a new key, so a stored block is never stale, only unused until replaced. A new web
    worker's first feed then reads blocks instead of serialising every event again.
    """

    __tablename__ = "event_feed_blocks"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class EventFeed(TimestampMixin, db.Model):
    """The address of an organisation's calendar; its events are matched by their UID."""

    __tablename__ = "event_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One feed per organisation.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), unique=True)
    #: http or https; imported events keep it in Event.source_feed_url.
    url: Mapped[str] = mapped_column(String(500))
    #: Validators of the last answer, sent back for a conditional GET.
    etag: Mapped[str | None] = mapped_column(String(255))
    http_last_modified: Mapped[str | None] = mapped_column(String(64))
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Last time the feed was read without error (its events are then up to date).
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: French message of the last failure, None after a success.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Summary of the last import, e.g. "3 ajoutés, 1 modifié, 0 annulé".
    last_report: Mapped[str | None] = mapped_column(String(255))
    #: French lines of the last import: events not imported, or imported without a value,
    #: and why; remarks on the file (its encoding). None before the first import.
    last_problems: Mapped[list[str] | None] = mapped_column(JSON)
    #: Set when the organisation stops the import (the row is kept, never deleted).
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()

    def __repr__(self) -> str:
        return f"<EventFeed {self.organization_id} {self.url!r}>"


# The feeds' version (directory/feeds.py) is max(updated_at) over events and organisations
# and max(last_modified_at) over overrides: with these indexes, an index lookup instead of a
# table scan, so that a conditional feed request stays within a few milliseconds.
Index("ix_events_updated_at", Event.updated_at)
Index("ix_event_overrides_last_modified_at", EventOverride.last_modified_at)
Index("ix_organizations_updated_at", Organization.updated_at)


class EventProposal(db.Model):
    __tablename__ = "event_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The proposer's address (normalised): confirmation and management links go there.
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: An existing listing chosen in the form…
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: …or the name of an organisation not in the directory (a draft listing on confirmation).
    organization_name: Mapped[str | None] = mapped_column(String(150))
    #: The event as operations.events.create_event takes it, dates as ISO text.
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: When the mailed link was followed; None while waiting (expired ones are purged).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), unique=True)

    organization: Mapped[Organization | None] = relationship()
    event: Mapped[Event | None] = relationship()

    @property
    def organization_label(self) -> str:
        if self.organization is not None:
            return self.organization.nom
        return self.organization_name or ""

    def __repr__(self) -> str:
        return f"<EventProposal {self.id} event={self.event_id}>"


class EventAction(StrEnum):
    """Usual actions; `record_change` accepts any short string (other areas add theirs)."""

    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request-changes"
    REFUSE = "refuse"
    CANCEL = "cancel"
    POSTPONE = "postpone"
    FULL = "full"
    REOPEN = "reopen"
    IMPORT = "import"
    ARCHIVE = "archive"


EVENT_ACTION_LABELS = {
    EventAction.CREATE: "Création",
    EventAction.EDIT: "Modification",
    EventAction.SUBMIT: "Envoyé pour validation",
    EventAction.PUBLISH: "Publication",
    EventAction.REQUEST_CHANGES: "Modifications demandées",
    EventAction.REFUSE: "Refus",
    EventAction.CANCEL: "Annulation",
    EventAction.POSTPONE: "Report",
    EventAction.FULL: "Marqué complet",
    EventAction.REOPEN: "De nouveau programmé",
    EventAction.IMPORT: "Import depuis le calendrier de l'organisation",
    EventAction.ARCHIVE: "Archivage",
}


class EventRevision(RevisionMixin, db.Model):
    """One state of an event after a change; numbered 1, 2, 3… per event (the event's version,
    see RevisionMixin)."""

    __tablename__ = "event_revisions"
    __table_args__ = (UniqueConstraint("event_id", "number"),)
    record_column = "event_id"
    action_labels = EVENT_ACTION_LABELS

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    #: An EventAction value (or another area's own short action name).
    action: Mapped[str] = mapped_column(String(30))
    #: None for changes made by the system (feed import, public form without an account).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Free text: a comment, a refusal reason, "reporté au …".
    note: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
    author: Mapped[User | None] = relationship()

    @classmethod
    def history(cls, event: Event):
        return select(cls).where(cls.event_id == event.id).order_by(cls.number.desc())

    def __repr__(self) -> str:
        return f"<EventRevision event={self.event_id} n={self.number} {self.action}>"
