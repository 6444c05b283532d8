"""What a feed holds and its version: the events of a feed, its ETag, its assembled bytes."""

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from directory import ical
from directory.agenda import AgendaFilters, published_events
from directory.dates import PARIS
from directory.extensions import db
from directory.models import Commune, Event, Place

#: Feeds start this far back, so that a subscriber still sees last weeks' events.
PAST = timedelta(days=30)

#: What the VEVENTs show, loaded up front (only for blocks not yet in the cache).
FEED_OPTIONS = (
    selectinload(Event.overrides),
    selectinload(Event.organization),
    selectinload(Event.commune),
    selectinload(Event.place).selectinload(Place.commune),
    selectinload(Event.themes),
)


def feed_filters(filters: AgendaFilters, today: date) -> AgendaFilters:
    """A feed covers from 30 days ago on, with no end, whatever the page's period was."""
    return replace(filters, start=today - PAST, end=None, period=None)


def agenda_name(filters: AgendaFilters) -> str:
    territory = current_app.extensions["territory"]
    name = f"Agenda – {territory['short_name']}"
    if filters.communes:
        names = db.session.scalars(
            select(Commune.name).where(Commune.slug.in_(filters.communes)).order_by(Commune.name)
        ).all()
        if names:
            name += " – " + ", ".join(names)
    return name


@dataclass(frozen=True)
class FeedState:
    etag: str
    last_modified: datetime


def _filter_key(filters: AgendaFilters) -> str:
    args = filters.to_args(dates=False)
    return "&".join(f"{k}={v}" for k, v in sorted(args.items())) + f"@{filters.start}"


def feed_state(filters: AgendaFilters, name: str, url_root: str) -> FeedState:
    """The feed's version from one aggregate query, without loading any event.

    Any public change raises an event's SEQUENCE and LAST-MODIFIED; count and sum of ids catch
    events coming in or out. Last-Modified also takes the latest change to any event (a removed
    event leaves no trace among the visible ones) and the day the window starts.
    """
    visible = published_events(filters).order_by(None).subquery()
    any_change = select(func.max(Event.updated_at)).scalar_subquery()
    row = db.session.execute(
        select(
            func.count(),
            func.max(visible.c.last_modified_at),
            func.coalesce(func.sum(visible.c.id), 0),
            func.coalesce(func.sum(visible.c.sequence), 0),
            any_change,
        ).select_from(visible)
    ).one()
    count, latest, ids, sequences, changed = row
    moments = [datetime.combine(filters.start, time(0), tzinfo=PARIS).astimezone(UTC)]
    for value in (latest, changed):
        if value is not None:
            # SQLite hands back naive UTC strings or datetimes from aggregates.
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            moments.append(value if value.tzinfo else value.replace(tzinfo=UTC))
    last_modified = max(moments).replace(microsecond=0)
    key = "|".join(
        str(part)
        for part in (name, url_root, _filter_key(filters), count, ids, sequences, max(moments))
    )
    return FeedState(hashlib.sha256(key.encode()).hexdigest()[:32], last_modified)


def feed_events(filters: AgendaFilters) -> list[Event]:
    """Every event of the feed, fully loaded (the plain way, for the benchmark's reference)."""
    return db.session.scalars(published_events(filters).options(*FEED_OPTIONS)).all()


def assemble(filters: AgendaFilters, name: str, url_root: str) -> bytes:
    """The feed from cached VEVENT blocks: only events without a block are loaded whole."""
    rows = db.session.execute(
        published_events(filters).with_only_columns(
            Event.id, Event.sequence, Event.last_modified_at
        )
    ).all()
    keys = [ical.block_key(row.id, row.sequence, row.last_modified_at, url_root) for row in rows]
    blocks = {key: ical.lookup_block(key) for key in keys}
    missing = [key[0] for key, block in blocks.items() if block is None]
    for start in range(0, len(missing), 500):  # stay under SQLite's bound-parameter limit
        chunk = missing[start : start + 500]
        for event in db.session.scalars(
            select(Event).where(Event.id.in_(chunk)).options(*FEED_OPTIONS)
        ):
            key = ical.block_key(event.id, event.sequence, event.last_modified_at, url_root)
            blocks[key] = ical.cached_block(event)
    return ical.calendar(name, [blocks[key] for key in keys])


def feed_bytes(filters: AgendaFilters, name: str, state: FeedState, url_root: str) -> bytes:
    """The feed, from the whole-feed cache or assembled from cached VEVENT blocks."""
    cached = ical.cached_feed(state.etag)
    if cached is not None:
        return cached
    return ical.store_feed(state.etag, assemble(filters, name, url_root))
