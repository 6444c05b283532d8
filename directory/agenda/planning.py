"""Planning help for organisers: clashes with other planned events, and the shared calendar.

« Planned » means published or awaiting moderation, not cancelled, not archived. Clashes are
warnings only: the same days in the same commune, in a neighbouring commune (the territory
file's `neighbours`, read both ways), or anywhere for the same public.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from directory.agenda import recurrence
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db
from directory.core.text import slugify
from directory.taxonomy.models import Commune, Public
from directory.taxonomy.vocabularies import EventStatus, ModerationState

PLANNED = (ModerationState.PUBLISHED, ModerationState.SUBMITTED)
#: Clashes are looked for over the first dates of a repeating event only.
HORIZON = timedelta(days=366)
MAX_DAYS = 120


def neighbours(slug: str | None) -> set[str]:
    """Slugs of the communes next to this one (the territory file's `neighbours`)."""
    if not slug:
        return set()
    found = set()
    for row in current_app.extensions["territory"].get("communes", []):
        name = slugify(row["name"])
        listed = {slugify(n) for n in row.get("neighbours", [])}
        if name == slug:
            found |= listed
        elif slug in listed:
            found.add(name)
    found.discard(slug)
    return found


def occurrence_days(occurrence: recurrence.Occurrence) -> list[date]:
    """The Paris days an occurrence covers (an all-day end is excluded)."""
    if isinstance(occurrence.start, datetime):
        first = occurrence.start.astimezone(PARIS).date()
        last = (occurrence.end - timedelta(microseconds=1)).astimezone(PARIS).date()
    else:
        first, last = occurrence.start, occurrence.end - timedelta(days=1)
    last = max(first, last)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS)


def planned_occurrences(start: date, end: date, exclude_id: int | None = None,
                        where=None):
    """(event, occurrence) pairs of planned events overlapping the days [start, end);
    `where`: an extra SQL condition that picks candidates before they are expanded."""
    low, high = _midnight(start), _midnight(end)
    statement = (
        Event.overlapping(low, high)
        .where(Event.moderation_state.in_(PLANNED))
        .options(selectinload(Event.organization), selectinload(Event.commune),
                 selectinload(Event.publics), selectinload(Event.overrides))
        .order_by(Event.starts_at, Event.id)
    )
    if exclude_id is not None:
        statement = statement.where(Event.id != exclude_id)
    if where is not None:
        statement = statement.where(where)
    for event in db.session.scalars(statement):
        for occurrence in recurrence.occurrences(event, low, high):
            if not occurrence.is_cancelled:
                yield event, occurrence


@dataclass
class Clash:
    event: Event
    occurrence: recurrence.Occurrence
    days: list[date]
    #: French reasons: « même commune », « commune voisine », « même public : Enfants ».
    reasons: list[str] = field(default_factory=list)
    #: Title and organiser hidden from this viewer (see PlanningItem.masked).
    masked: bool = False

    @property
    def is_submitted(self) -> bool:
        return self.event.moderation_state == ModerationState.SUBMITTED

    @property
    def summary(self) -> str:
        text = " · ".join(self.reasons)
        return text[:1].upper() + text[1:]


def clashes(candidate: Event, commune: str | None, publics: list[str],
            exclude_id: int | None = None) -> list[Clash]:
    """Planned events sharing a day with `candidate` (an Event, saved or not) nearby or for the
    same public, in date order."""
    if candidate is None:
        return []
    start = candidate.starts_at
    found = recurrence.occurrences(candidate, start, start + HORIZON)
    days = set()
    for occurrence in found:
        if not occurrence.is_cancelled:
            days.update(occurrence_days(occurrence))
        if len(days) >= MAX_DAYS:
            break
    if not days:
        return []
    nearby = neighbours(commune)
    wanted = set(publics or [])
    # Only events near by or for the same public can clash: pick them in SQL, expand those.
    places = {commune, *nearby} - {None}
    conditions = []
    if places:
        conditions.append(Event.commune_id.in_(
            select(Commune.id).where(Commune.slug.in_(places))))
    if wanted:
        conditions.append(Event.publics.any(Public.slug.in_(wanted)))
    if not conditions:
        return []
    result = []
    for event, occurrence in planned_occurrences(min(days), max(days) + timedelta(days=1),
                                                 exclude_id, where=or_(*conditions)):
        shared = sorted(days.intersection(occurrence_days(occurrence)))
        if not shared:
            continue
        reasons = []
        other = event.commune.slug if event.commune else None
        if commune and other == commune:
            reasons.append("même commune")
        elif other in nearby:
            reasons.append(f"commune voisine ({event.commune.name})")
        same = [p.name for p in event.publics if p.slug in wanted]
        if same:
            reasons.append("même public : " + ", ".join(same))
        if reasons:
            result.append(Clash(event, occurrence, shared, reasons))
    return result


@dataclass
class PlanningItem:
    event: Event
    occurrence: recurrence.Occurrence
    #: Title and organiser hidden: an event the public cannot see yet, of another
    #: organisation, shown to a non-staff member (the day stays marked as taken).
    masked: bool = False

    @property
    def is_submitted(self) -> bool:
        return self.event.moderation_state == ModerationState.SUBMITTED

    @property
    def status(self) -> str:
        return self.occurrence.status or EventStatus.SCHEDULED


def mask_for(items, own: set[int]) -> None:
    """Hide, from a non-staff member, what the public cannot see of other organisations."""
    for item in items:
        item.masked = not (item.event.organization_id in own or is_public(item.event))


def is_public(event: Event) -> bool:
    """Published, by a published listing: what the public agenda shows."""
    org = event.organization
    return (event.moderation_state == ModerationState.PUBLISHED and org is not None
            and org.is_published and org.archived_at is None)


def month_grid(year: int, month: int, commune: str | None = None, *,
               full_view: bool = False, own: set[int] | frozenset = frozenset()
               ) -> list[list[tuple]]:
    """Weeks (Monday first) of (day, items) for the month; days of other months have none.

    Only `full_view` (staff) sees the titles of events still waiting for moderation, or of
    unpublished listings; members see their own organisations' (`own`: their ids) too."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    by_day = defaultdict(list)
    wanted = None
    if commune:
        wanted = {commune} | neighbours(commune)
    for event, occurrence in planned_occurrences(first, following):
        if wanted is not None and (event.commune is None or event.commune.slug not in wanted):
            continue
        masked = not (full_view or event.organization_id in own or is_public(event))
        for day in occurrence_days(occurrence):
            if first <= day < following:
                by_day[day].append(PlanningItem(event, occurrence, masked))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day, by_day.get(day, []) if day.month == month else [])
                      for day in week])
    return weeks
