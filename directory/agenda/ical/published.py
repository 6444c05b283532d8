"""What a feed holds and its version: the events of a feed, its ETag, its assembled bytes."""

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from directory.agenda.ical import write as ical
from directory.agenda.models import Event, EventOverride, FeedBlock, event_themes
from directory.agenda.queries import AgendaFilters, published_events
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Theme

log = logging.getLogger(__name__)

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


#: The agenda's version: any change to an event (publication, archive, a field, a date)
#: raises its `updated_at`, changed dates go through `touch`, and an organiser's new name or
#: address raises the organisation's `updated_at`. Built once: the statement
#: is compiled once too, so a conditional request costs one small aggregate query.
_VERSION = select(
    select(func.count()).select_from(Event).scalar_subquery(),
    select(func.max(Event.updated_at)).scalar_subquery(),
    select(func.max(EventOverride.last_modified_at)).scalar_subquery(),
    select(func.max(Organization.updated_at)).scalar_subquery(),
)


def _utc(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite may hand aggregates back as text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def feed_state(filters: AgendaFilters, name: str, url_root: str) -> FeedState:
    """The feed's version without loading any event: one aggregate query over all events.

    Deliberately coarse (any change anywhere gives every feed a new ETag): it is cheap, it
    cannot miss an event leaving a feed, and rebuilding a feed from cached blocks is fast.
    The window's first day is part of it, since the feed drops events as days pass.
    """
    count, *changes = db.session.execute(_VERSION).one()
    moments = [datetime.combine(filters.start, time(0), tzinfo=PARIS).astimezone(UTC)]
    moments += [m for m in map(_utc, changes) if m is not None]
    key = "|".join(
        str(part)
        for part in (name, url_root, _filter_key(filters), count, *moments)
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return FeedState(digest, max(moments).replace(microsecond=0))


def feed_events(filters: AgendaFilters) -> list[Event]:
    """Every event of the feed, fully loaded (the plain way, for the benchmark's reference)."""
    return db.session.scalars(published_events(filters).options(*FEED_OPTIONS)).all()


#: The organiser, place and commune of events whose block is built (many-to-one: few rows).
BLOCK_OPTIONS = (
    selectinload(Event.organization),
    selectinload(Event.commune),
    selectinload(Event.place).selectinload(Place.commune),
)


def _events_for_blocks(ids: list[int]) -> list[Event]:
    """These events with what their VEVENTs show, in three queries plus the referential data.

    Themes and changed dates are read as plain rows and set on the events: `selectinload`
    of both cost as much as loading the events themselves (2 000 events: ~200 ms), when only
    a tenth of the events repeat and themes are a short list known in advance.
    """
    events = db.session.scalars(
        select(Event).where(Event.id.in_(ids)).options(*BLOCK_OPTIONS)
    ).all()
    themes = {theme.id: theme for theme in db.session.scalars(select(Theme))}
    event_theme_ids = defaultdict(list)
    for event_id, theme_id in db.session.execute(
        select(event_themes.c.event_id, event_themes.c.theme_id)
        .where(event_themes.c.event_id.in_(ids))
        .order_by(event_themes.c.event_id, event_themes.c.theme_id)
    ):
        event_theme_ids[event_id].append(themes[theme_id])
    recurring = [event.id for event in events if event.is_recurring]
    overrides = defaultdict(list)
    if recurring:
        for override in db.session.scalars(
            select(EventOverride)
            .where(EventOverride.event_id.in_(recurring))
            .order_by(EventOverride.id)
        ):
            overrides[override.event_id].append(override)
    for event in events:
        set_committed_value(event, "themes", event_theme_ids.get(event.id, []))
        set_committed_value(event, "overrides", overrides.get(event.id, []))
    return events


def assemble(filters: AgendaFilters, name: str, url_root: str) -> bytes:
    """The feed from cached VEVENT blocks: only events without a block are loaded whole."""
    return _assemble(filters, name, url_root)[0]


def _assemble(filters: AgendaFilters, name: str, url_root: str) -> tuple[bytes, bool]:
    """The feed, and whether every event was read as it was listed.

    The list of events and the events themselves come from two queries: an event saved (or
    archived) between them comes back with another key, or not at all. Its fresh block is
    used, or it is left out; such a feed is not cached under the version read before.
    """
    rows = db.session.execute(
        published_events(filters)
        .join(Organization, Organization.id == Event.organization_id)
        .with_only_columns(
            Event.id, Event.sequence, Event.last_modified_at, Organization.updated_at
        )
    ).all()
    keys = [ical.block_key(*row, url_root) for row in rows]
    blocks = {key: ical.lookup_block(key) for key in keys}
    blocks.update(_stored_blocks([key for key, block in blocks.items() if block is None]))
    missing = [key[0] for key, block in blocks.items() if block is None]
    fresh: dict[int, bytes] = {}
    built: dict[tuple, bytes] = {}
    consistent = True
    for start in range(0, len(missing), 500):  # stay under SQLite's bound-parameter limit
        for event in _events_for_blocks(missing[start : start + 500]):
            key = ical.block_key(
                event.id, event.sequence, event.last_modified_at,
                event.organization.updated_at, url_root,
            )
            consistent = consistent and key in blocks
            fresh[event.id] = built[key] = ical.cached_block(event)
    consistent = consistent and len(fresh) == len(missing)
    parts = (blocks[key] or fresh.get(key[0]) for key in keys)
    content = ical.calendar(name, [part for part in parts if part is not None])
    _keep_blocks(built)
    return content, consistent


# Blocks kept in the database: a process's first feed reads what another serialised ----------


def _digest(key: tuple) -> str:
    return hashlib.sha256("|".join(map(str, key)).encode()).hexdigest()


def _stored_blocks(keys: list[tuple]) -> dict[tuple, bytes]:
    by_digest = {_digest(key): key for key in keys}
    digests = list(by_digest)
    found = {}
    for start in range(0, len(digests), 500):
        for digest, body in db.session.execute(
            select(FeedBlock.digest, FeedBlock.body)
            .where(FeedBlock.digest.in_(digests[start : start + 500]))
        ):
            key = by_digest[digest]
            found[key] = ical.remember_block(key, body)
    return found


def _keep_blocks(built: dict[tuple, bytes]) -> None:
    """Store the blocks this request serialised, in place of their events' older ones. Once
    the feed is built: a busy database only means another process serialises them again."""
    if not built:
        return
    ids = sorted({key[0] for key in built})
    try:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            db.session.execute(delete(FeedBlock).where(FeedBlock.event_id.in_(chunk)))
        db.session.execute(insert(FeedBlock), [
            {"digest": _digest(key), "event_id": key[0], "body": block}
            for key, block in built.items()])
        db.session.commit()
    except SQLAlchemyError:  # stored meanwhile by another process, or the database is busy
        db.session.rollback()
        log.info("feed blocks not stored", exc_info=True)


def feed_bytes(filters: AgendaFilters, name: str, state: FeedState, url_root: str) -> bytes:
    """The feed, from the whole-feed cache or assembled from cached VEVENT blocks."""
    cached = ical.cached_feed(state.etag)
    if cached is not None:
        return cached
    content, consistent = _assemble(filters, name, url_root)
    return ical.store_feed(state.etag, content) if consistent else content
