"""The public agenda query: filters read from a query string, published events, their dates.

One `AgendaFilters` serves `/agenda`, `/agenda.ics`, the embeddable agenda and the API, so
that the same query string means the same events everywhere.
"""

import calendar
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from directory.agenda import recurrence
from directory.agenda.models import Event, EventOverride, event_publics, event_themes
from directory.core.dates import PARIS, clock_fr, date_fr, paris_day, today_paris
from directory.core.extensions import db
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.search import keywords
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import Accessibility, EventStatus, Fees, ModerationState

#: Query-string names, shared by every agenda URL.
ARG_TEXT = "q"
ARG_START = "du"
ARG_END = "au"
ARG_PERIOD = "periode"
ARG_COMMUNE = "commune"
ARG_THEME = "theme"
ARG_PUBLIC = "public"
ARG_ORGANIZATION = "organisation"
ARG_FREE = "gratuit"
ARG_ACCESSIBLE = "accessible"
#: A specific accessibility (repeatable), besides "accessible" (any of them).
ARG_ACCESSIBILITY = "accessibilite"

#: Named periods, relative to the day the URL is opened (bookmarks stay "this week-end").
PERIODS = {
    "aujourdhui": "Aujourd'hui",
    "demain": "Demain",
    "week-end": "Ce week-end",
    "semaine": "Cette semaine",
    "mois": "Ce mois-ci",
}

#: How far listing pages look ahead when no end is given ("voir la suite" goes further).
LISTING_HORIZON = timedelta(days=92)
#: How far `occurrences()` expands when a rule has no end and no end is given.
EXPANSION_HORIZON = timedelta(days=366)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,159}$")
_MAX_VALUES = 30
_TRUE = {"1", "on", "oui", "true", "yes"}


def _period_bounds(name: str, today: date) -> tuple[date, date]:
    """First and last day (both included) of a named period."""
    if name == "aujourdhui":
        return today, today
    if name == "demain":
        return today + timedelta(days=1), today + timedelta(days=1)
    if name == "week-end":
        if today.weekday() == 6:  # Sunday: what is left of it
            return today, today
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return max(today, saturday), saturday + timedelta(days=1)
    if name == "semaine":
        return today, today + timedelta(days=6 - today.weekday())
    if name == "mois":
        last = calendar.monthrange(today.year, today.month)[1]
        return today, today.replace(day=last)
    raise ValueError(name)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


def _slugs(args: Mapping, name: str) -> list[str]:
    getlist = getattr(args, "getlist", None)
    raw = getlist(name) if getlist else ([args[name]] if args.get(name) else [])
    if isinstance(raw, str):
        raw = [raw]
    values: list[str] = []
    for item in raw:
        for value in str(item).split(","):
            value = value.strip().lower()
            if _SLUG.match(value) and value not in values:
                values.append(value)
    return values[:_MAX_VALUES]


def _flag(args: Mapping, name: str) -> bool:
    return str(args.get(name) or "").strip().lower() in _TRUE


@dataclass
class AgendaFilters:
    """What a visitor asked to see. `end` is the last day shown (included), None for no end."""

    start: date = field(default_factory=today_paris)
    end: date | None = None
    communes: list[str] = field(default_factory=list)
    #: A parent theme includes its children.
    themes: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    organization: str | None = None
    free_only: bool = False
    #: Any accessibility information at all.
    accessible: bool = False
    #: Specific kinds (vocabularies.Accessibility values); an event must offer all of them.
    accessibility: list[str] = field(default_factory=list)
    #: A named period (PERIODS) that set start and end; kept so that links stay relative.
    period: str | None = None
    #: Keywords, read with the directory search's analysis and vocabulary.
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping, today: date | None = None) -> "AgendaFilters":
        """Lenient: an unreadable date or value is ignored, never an error."""
        today = today or today_paris()
        period = (args.get(ARG_PERIOD) or "").strip() or None
        if period in PERIODS:
            start, end = _period_bounds(period, today)
        else:
            period = None
            start = _parse_day(args.get(ARG_START)) or today
            end = _parse_day(args.get(ARG_END))
            if end is not None and end < start:
                end = None
        organization = _slugs(args, ARG_ORGANIZATION)
        accessibility = [
            a for a in _slugs(args, ARG_ACCESSIBILITY) if a in set(Accessibility)
        ]
        return cls(
            start=start,
            end=end,
            communes=_slugs(args, ARG_COMMUNE),
            themes=_slugs(args, ARG_THEME),
            publics=_slugs(args, ARG_PUBLIC),
            organization=organization[0] if organization else None,
            free_only=_flag(args, ARG_FREE),
            accessible=_flag(args, ARG_ACCESSIBLE),
            accessibility=accessibility,
            period=period,
            q=(args.get(ARG_TEXT) or "").strip()[:200],
        )

    def to_args(self, *, dates: bool = True) -> dict:
        """Query-string arguments (lists for repeated ones), defaults left out.

        `dates=False` leaves the period out (for a feed, which covers its own time span).
        """
        args: dict = {}
        if dates:
            if self.period:
                args[ARG_PERIOD] = self.period
            else:
                if self.start != today_paris():
                    args[ARG_START] = self.start.isoformat()
                if self.end is not None:
                    args[ARG_END] = self.end.isoformat()
        if self.communes:
            args[ARG_COMMUNE] = list(self.communes)
        if self.themes:
            args[ARG_THEME] = list(self.themes)
        if self.publics:
            args[ARG_PUBLIC] = list(self.publics)
        if self.organization:
            args[ARG_ORGANIZATION] = self.organization
        if self.free_only:
            args[ARG_FREE] = "1"
        if self.accessible:
            args[ARG_ACCESSIBLE] = "1"
        if self.accessibility:
            args[ARG_ACCESSIBILITY] = list(self.accessibility)
        if self.q:
            args[ARG_TEXT] = self.q
        return args

    def with_dates(self, start: date, end: date | None) -> "AgendaFilters":
        return replace(self, start=start, end=end, period=None)

    @property
    def has_subject_filters(self) -> bool:
        """True when something else than dates narrows the agenda."""
        return bool(self.to_args(dates=False))

    @property
    def window(self) -> tuple[datetime, datetime | None]:
        """[start, end) in aware datetimes: Paris midnights of the first and the day after."""
        first = datetime.combine(self.start, time(0), tzinfo=PARIS)
        if self.end is None:
            return first, None
        return first, datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=PARIS)


# --- Queries ---------------------------------------------------------------------------------


def visible_condition():
    """What the public may see: published and not archived (cancelled ones included)."""
    return (Event.moderation_state == ModerationState.PUBLISHED) & Event.archived_at.is_(None)


def published_events(filters: AgendaFilters):
    """Published, non-archived events that may have an occurrence in the filters' period.

    Expand them (`occurrences`) to be sure: a repeating event may skip the period.
    """
    start, end = filters.window
    query = select(Event).where(
        visible_condition(),
        or_(Event.series_ends_at.is_(None), Event.series_ends_at > start),
    )
    if end is not None:
        query = query.where(Event.starts_at < end)
    if filters.communes:
        query = query.where(
            Event.commune_id.in_(select(Commune.id).where(Commune.slug.in_(filters.communes)))
        )
    if filters.themes:
        chosen = select(Theme.id).where(Theme.slug.in_(filters.themes))
        theme_ids = select(Theme.id).where(
            or_(Theme.id.in_(chosen), Theme.parent_id.in_(chosen))
        )
        query = query.where(
            Event.id.in_(
                select(event_themes.c.event_id).where(event_themes.c.theme_id.in_(theme_ids))
            )
        )
    if filters.publics:
        public_ids = select(Public.id).where(Public.slug.in_(filters.publics))
        query = query.where(
            Event.id.in_(
                select(event_publics.c.event_id).where(event_publics.c.public_id.in_(public_ids))
            )
        )
    if filters.organization:
        query = query.where(
            Event.organization_id.in_(
                select(Organization.id).where(Organization.slug == filters.organization)
            )
        )
    if filters.free_only:
        query = query.where(Event.frais == Fees.FREE)
    # The JSON list is stored as text on both SQLite and PostgreSQL ('["moteur", "visuel"]').
    as_text = cast(Event.accessibility, String)
    if filters.accessible:
        query = query.where(as_text.like('%"%'))
    for kind in filters.accessibility:
        query = query.where(as_text.like(f'%"{kind}"%'))
    if filters.q and (matches := keywords.matcher(filters.q)):
        query = query.where(Event.id.in_(_matching_ids(query, matches)))
    return query.order_by(Event.starts_at, Event.id)


def _matching_ids(query, matches) -> list[int]:
    """Ids of the events of `query` whose title, description, organisation, commune or themes
    answer the keywords."""
    candidates = db.session.scalars(
        query.options(
            selectinload(Event.organization), selectinload(Event.commune),
            selectinload(Event.themes).selectinload(Theme.parent),
        )
    ).all()
    found = []
    for event in candidates:
        text = " ".join(filter(None, (
            event.title, event.description, event.organization.nom if event.organization else "",
            event.organization.sigle if event.organization else "",
            event.commune.name if event.commune else "",
            *(t.name for t in event.themes), *(t.parent.name for t in event.themes if t.parent),
        )))
        if matches(text):
            found.append(event.id)
    return found


#: What listings show of each event, loaded up front.
EVENT_OPTIONS = (
    selectinload(Event.overrides),
    selectinload(Event.organization),
    selectinload(Event.commune),
    selectinload(Event.place).selectinload(Place.commune),
    selectinload(Event.themes).selectinload(Theme.parent),
    selectinload(Event.publics),
)


def facet_counts(filters: AgendaFilters) -> dict[str, dict[str, int]]:
    """Events per commune, theme and public slug, each ignoring its own filter (not the others).

    Counts events that may have a date in the period (a repeating event counts once); a parent
    theme counts the events of its children once each. Three light queries on the events
    matching every other filter, then the facets are crossed in Python.
    """
    base = published_events(replace(filters, communes=[], themes=[], publics=[]))
    ids = base.with_only_columns(Event.id).order_by(None).scalar_subquery()
    commune_of = dict(
        db.session.execute(
            select(Event.id, Commune.slug)
            .join(Commune, Commune.id == Event.commune_id)
            .where(Event.id.in_(ids))
        ).all()
    )
    theme_rows = db.session.execute(
        select(event_themes.c.event_id, Theme.slug, Theme.parent_id)
        .join(Theme, Theme.id == event_themes.c.theme_id)
        .where(event_themes.c.event_id.in_(ids))
    ).all()
    public_rows = db.session.execute(
        select(event_publics.c.event_id, Public.slug)
        .join(Public, Public.id == event_publics.c.public_id)
        .where(event_publics.c.event_id.in_(ids))
    ).all()
    parents = dict(db.session.execute(select(Theme.id, Theme.slug)).all())
    themes_of: dict[int, set[str]] = defaultdict(set)
    for event_id, slug, parent_id in theme_rows:
        themes_of[event_id].add(slug)
        if parent_id is not None:
            themes_of[event_id].add(parents[parent_id])
    publics_of: dict[int, set[str]] = defaultdict(set)
    for event_id, slug in public_rows:
        publics_of[event_id].add(slug)

    # A chosen parent theme matches its children: themes_of already holds the parents.
    wanted_communes, wanted_themes = set(filters.communes), set(filters.themes)
    wanted_publics = set(filters.publics)
    counts: dict[str, dict[str, int]] = {"commune": {}, "theme": {}, "public": {}}
    for event_id in set(commune_of) | set(themes_of) | set(publics_of):
        in_commune = not wanted_communes or commune_of.get(event_id) in wanted_communes
        in_theme = not wanted_themes or bool(themes_of[event_id] & wanted_themes)
        in_public = not wanted_publics or bool(publics_of[event_id] & wanted_publics)
        if in_theme and in_public and event_id in commune_of:
            slug = commune_of[event_id]
            counts["commune"][slug] = counts["commune"].get(slug, 0) + 1
        if in_commune and in_public:
            for slug in themes_of[event_id]:
                counts["theme"][slug] = counts["theme"].get(slug, 0) + 1
        if in_commune and in_theme:
            for slug in publics_of[event_id]:
                counts["public"][slug] = counts["public"].get(slug, 0) + 1
    return counts


#: What listing pages need: no themes or publics; many-to-one relations joined in one query.
LISTING_OPTIONS = (
    selectinload(Event.overrides),
    joinedload(Event.organization).load_only(Organization.nom, Organization.slug),
    joinedload(Event.commune),
    joinedload(Event.place).joinedload(Place.commune),
    defer(Event.description),
    defer(Event.accessibility),
    defer(Event.price_details),
    defer(Event.registration_url),
    defer(Event.source_feed_url),
    defer(Event.source_uid),
    defer(Event.refusal_reason),
)


def listing_cutoff(filters: AgendaFilters, count: int) -> date | None:
    """The Paris day by which at least `count` dates start, counting single events only.

    Repeating events only add dates, so a listing of `count` dates never goes past that day:
    pages load the events up to it instead of the whole period. None when there are fewer.
    """
    start, _ = filters.window
    query = (
        published_events(filters)
        .where(Event.rrule.is_(None), Event.starts_at >= start)
        .with_only_columns(Event.starts_at)
        .order_by(None)
        .order_by(Event.starts_at)
        .offset(count - 1)
        .limit(1)
    )
    moment = db.session.scalar(query)
    return None if moment is None else moment.astimezone(PARIS).date()


@dataclass(frozen=True)
class AgendaOccurrence:
    """One date of one published event, as listings show it."""

    event: Event
    occurrence: recurrence.Occurrence
    #: Paris date of the start.
    day: date
    all_day: bool

    @property
    def status(self) -> str:
        return self.occurrence.status

    @property
    def title(self) -> str:
        return self.occurrence.title

    @property
    def is_cancelled(self) -> bool:
        return self.occurrence.status == EventStatus.CANCELLED

    @property
    def start(self) -> datetime:
        """Aware start (Paris midnight for all-day events)."""
        return _aware(self.occurrence.start)

    @property
    def end(self) -> datetime:
        return _aware(self.occurrence.end)

    @property
    def last_day(self) -> date:
        """The last Paris day the occurrence covers (all-day ends are exclusive)."""
        if self.all_day:
            return self.occurrence.end - timedelta(days=1)
        end = self.end.astimezone(PARIS)
        if end.time() == time(0) and end.date() > self.day:
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def clock(self) -> str:
        """The Paris start time ('14 h 30'), empty for all-day occurrences."""
        return "" if self.all_day else clock_fr(self.start)

    @property
    def end_clock(self) -> str:
        return "" if self.all_day else clock_fr(self.end)

    @property
    def is_past(self) -> bool:
        return self.end <= datetime.now(UTC)

    @property
    def time_label(self) -> str:
        """'14 h 30 – 17 h', 'toute la journée', 'jusqu'au 7 décembre'…"""
        if self.all_day:
            if self.last_day > self.day:
                return f"jusqu'au {date_fr(self.last_day, 'd MMMM')}"
            return "toute la journée"
        start, end = self.start.astimezone(PARIS), self.end.astimezone(PARIS)
        if self.last_day > self.day:
            return f"{clock_fr(start)}, jusqu'au {date_fr(end, 'd MMMM')} {clock_fr(end)}"
        if end == start:
            return clock_fr(start)
        return f"{clock_fr(start)} – {clock_fr(end)}"


def _aware(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tzinfo=PARIS)


def expand(events: Iterable[Event], start: datetime, end: datetime) -> list[AgendaOccurrence]:
    """The occurrences of `events` overlapping [start, end), sorted by start then title."""
    found = [
        AgendaOccurrence(event, occ, paris_day(occ.start), event.all_day)
        for event in events
        for occ in recurrence.occurrences(event, start, end)
    ]
    found.sort(key=lambda o: (o.start, o.title.lower(), o.event.id))
    return found


def occurrences(filters: AgendaFilters, options=EVENT_OPTIONS) -> list[AgendaOccurrence]:
    """Every occurrence of the published events matching `filters` in its period, sorted.

    Without an end, rules are expanded a year ahead (EXPANSION_HORIZON). `options` are the
    loader options of the events (LISTING_OPTIONS for pages that show few details).
    """
    start, end = filters.window
    if end is None:
        end = start + EXPANSION_HORIZON
        filters = filters.with_dates(filters.start, (end - timedelta(days=1)).date())
    events = db.session.scalars(published_events(filters).options(*options)).unique().all()
    return expand(events, start, end)


@dataclass
class Listing:
    """A listing page's dates: from the filters' start to `last_day`, at most about `limit`."""

    days: list["Day"]
    count: int
    first_day: date
    last_day: date
    #: Where "voir la suite" starts, None when the period is complete.
    more_from: date | None


def listing(filters: AgendaFilters, limit: int, horizon: timedelta = LISTING_HORIZON) -> Listing:
    """The first `limit` dates (whole days kept together) within the period or `horizon`."""
    last_day = filters.end or filters.start + horizon
    cutoff = listing_cutoff(filters.with_dates(filters.start, last_day), limit)
    if cutoff is not None and cutoff < last_day:
        last_day = cutoff
    items = occurrences(filters.with_dates(filters.start, last_day), LISTING_OPTIONS)
    if len(items) > limit:
        cut_day = max(items[limit - 1].day, filters.start)
        # Whole days: the day of the last date kept is shown entirely.
        items = [o for o in items if max(o.day, filters.start) <= cut_day]
        last_day = cut_day
    more = filters.end is None or last_day < filters.end
    return Listing(
        days=group_by_day(items, filters.start),
        count=len(items),
        first_day=filters.start,
        last_day=last_day,
        more_from=last_day + timedelta(days=1) if more else None,
    )


def upcoming_for_organization(organization: Organization, limit: int = 5) -> list[AgendaOccurrence]:
    """The organisation's next dates (for its directory page)."""
    filters = AgendaFilters(organization=organization.slug)
    filters = filters.with_dates(filters.start, filters.start + LISTING_HORIZON * 2)
    return [o for o in occurrences(filters) if o.end > datetime.now(UTC)][:limit]


# --- Results kept per data version ----------------------------------------------------------

#: The agenda's data version: anything a listing shows or counts. Any change to an event goes
#: through `touch` (a new sequence) and raises its `updated_at`; a deleted event or date changes
#: a count; an organiser's name or a venue raises its `updated_at`; themes and publics are
#: counted too. Never a clock: results are reused until the data differs, not for a while.
_VERSION = select(
    select(func.count()).select_from(Event).scalar_subquery(),
    select(func.max(Event.updated_at)).scalar_subquery(),
    select(func.coalesce(func.sum(Event.sequence), 0)).scalar_subquery(),
    select(func.count()).select_from(EventOverride).scalar_subquery(),
    select(func.max(EventOverride.last_modified_at)).scalar_subquery(),
    select(func.max(Organization.updated_at)).scalar_subquery(),
    select(func.max(Place.updated_at)).scalar_subquery(),
    select(func.count()).select_from(event_themes).scalar_subquery(),
    select(func.count()).select_from(event_publics).scalar_subquery(),
)

#: How many results (listings, facet counts) each app keeps, least recently used dropped first.
CACHE_SIZE = 128


class _LRU:
    """A small thread-safe least-recently-used mapping."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def data_version() -> tuple:
    """The agenda's data version (one aggregate query, asked once per request)."""
    # Kept on the request, not on `g`: an app context may outlive many requests (tests, CLI).
    store = request.environ if has_request_context() else {}
    version = store.get("directory.agenda_version")
    if version is None:
        version = tuple(str(part) for part in db.session.execute(_VERSION).one())
        store["directory.agenda_version"] = version
    return version


def cached(kind: str, key, compute):
    """`compute()`, kept per app for this `key` and the current data version."""
    cache = current_app.extensions.get("agenda_cache")
    if cache is None:
        cache = current_app.extensions.setdefault("agenda_cache", _LRU(CACHE_SIZE))
    full_key = (kind, data_version(), key)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.put(full_key, value)
    return value


def filters_key(filters: AgendaFilters) -> str:
    """Everything that tells two `AgendaFilters` apart."""
    return repr(filters)


# --- Presentation helpers --------------------------------------------------------------------


@dataclass
class Day:
    day: date
    items: list[AgendaOccurrence]

    @property
    def heading(self) -> str:
        """'samedi 5 décembre 2026'."""
        return day_heading(self.day)


def day_heading(day: date) -> str:
    """'samedi 5 décembre 2026' (Babel is slow: a day's heading is formatted once)."""
    heading = _HEADINGS.get(day)
    if heading is None:
        if len(_HEADINGS) > 2000:
            _HEADINGS.clear()
        heading = _HEADINGS[day] = date_fr(day, "EEEE d MMMM yyyy")
    return heading


_HEADINGS: dict[date, str] = {}


def group_by_day(items: list[AgendaOccurrence], first_day: date | None = None) -> list[Day]:
    """Occurrences under their Paris start day; ones already running show on `first_day`."""
    days: dict[date, list[AgendaOccurrence]] = defaultdict(list)
    for item in items:
        day = item.day if first_day is None else max(item.day, first_day)
        days[day].append(item)
    return [Day(day, days[day]) for day in sorted(days)]


def month_weeks(year: int, month: int, items: list[AgendaOccurrence]) -> list[list[tuple]]:
    """Weeks (Monday first) of (date, in_month, occurrences) for a month table.

    All-day occurrences show on each day they cover; timed ones on their start day.
    """
    by_day: dict[date, list[AgendaOccurrence]] = defaultdict(list)
    for item in items:
        last = item.last_day if item.all_day else item.day
        day = item.day
        while day <= last:
            by_day[day].append(item)
            day += timedelta(days=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
