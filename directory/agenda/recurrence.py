"""Occurrences of agenda events: RRULE/RDATE/EXDATE expanded by dateutil, in Paris local time."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import rruleset, rrulestr

from directory.core.dates import PARIS, day_fr, weekday_fr
from directory.taxonomy.vocabularies import EventStatus

#: Form-level choices of repetition.
WEEKLY = "weekly"
BIWEEKLY = "biweekly"
MONTHLY_WEEKDAY = "monthly-weekday"

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ORDINALS = {
    1: "premier",
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    -1: "dernier",
}


@dataclass(frozen=True)
class Occurrence:
    """One date of an event. Timed: aware UTC datetimes; all day: dates, `end` excluded."""

    start: datetime | date
    end: datetime | date
    #: The start given by the rule (iCalendar RECURRENCE-ID); None for a single event.
    recurrence_id: datetime | date | None
    status: str
    title: str
    note: str | None = None
    #: The EventOverride applied, if any.
    override: Any = None

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


# --- Expansion -------------------------------------------------------------------------------


def _first_start(event) -> datetime:
    """DTSTART as dateutil sees it: Paris wall-clock time (naive midnight for all-day events).

    An aware Europe/Paris DTSTART makes dateutil repeat the local time, so a weekly 18:00
    stays at 18:00 across daylight-saving changes.
    """
    if event.all_day:
        return datetime.combine(event.start_date, time(0))
    return event.starts_at.astimezone(PARIS)


def _until_matching_dtstart(rule: str, all_day: bool) -> str:
    """UNTIL must have DTSTART's type (RFC 5545 §3.3.10); dateutil refuses a mismatch.

    Imported feeds do not always comply: a date UNTIL on a timed event becomes the end of that
    Paris day in UTC, a UTC UNTIL on an all-day event becomes its Paris date.
    """
    match = re.search(r"UNTIL=(\d{8})(T\d{6}Z?)?", rule)
    if not match:
        return rule
    day = datetime.strptime(match.group(1), "%Y%m%d").date()
    clock = match.group(2)
    if all_day and clock:
        moment = datetime.strptime(match.group(1) + clock.rstrip("Z"), "%Y%m%dT%H%M%S")
        if clock.endswith("Z"):
            moment = moment.replace(tzinfo=UTC).astimezone(PARIS)
        value = moment.strftime("%Y%m%d")
    elif not all_day and not (clock and clock.endswith("Z")):
        if clock:
            local = datetime.strptime(match.group(1) + clock, "%Y%m%dT%H%M%S")
        else:
            local = datetime.combine(day, time(23, 59, 59))
        value = local.replace(tzinfo=PARIS).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    else:
        return rule
    return rule[: match.start()] + "UNTIL=" + value + rule[match.end() :]


def _parse_moment(value: str, event) -> datetime:
    """An RDATE/EXDATE entry in dateutil's terms: a date alone takes the event's start time."""
    if event.all_day:
        return datetime.combine(date.fromisoformat(value[:10]), time(0))
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), _first_start(event).timetz()).replace(
            tzinfo=PARIS
        )
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def rule_set(event) -> rruleset:
    """The event's starts as a dateutil rruleset (the first start included, as DTSTART is)."""
    dtstart = _first_start(event)
    if event.rrule:
        rules = rrulestr(
            _until_matching_dtstart(event.rrule, event.all_day), dtstart=dtstart, forceset=True
        )
    else:
        rules = rruleset()
    rules.rdate(dtstart)
    for value in event.rdates or []:
        rules.rdate(_parse_moment(value, event))
    for value in event.exdates or []:
        rules.exdate(_parse_moment(value, event))
    return rules


def _to_key(moment: datetime, all_day: bool) -> datetime | date:
    return moment.date() if all_day else moment.astimezone(UTC)


def _window_bounds(start: datetime, end: datetime, all_day: bool) -> tuple[datetime, datetime]:
    if all_day:
        # Naive Paris dates, as dateutil holds them for all-day events.
        return (
            datetime.combine(start.astimezone(PARIS).date(), time(0)),
            datetime.combine(end.astimezone(PARIS).date(), time(23, 59, 59)),
        )
    return start.astimezone(PARIS), end.astimezone(PARIS)


def _overlaps(occurrence: Occurrence, start: datetime, end: datetime) -> bool:
    first, last = _sort_key(occurrence.start), _sort_key(occurrence.end)
    return first < end and last > start


def _make(event, key, override) -> Occurrence:
    if event.all_day:
        length = event.end_date - event.start_date
        start, end = key, key + length
        if override is not None and override.start_date:
            start = override.start_date
            end = override.end_date or start + length
    else:
        length = event.ends_at - event.starts_at
        start, end = key, key + length
        if override is not None and override.starts_at:
            start = override.starts_at
            end = override.ends_at or start + length
    status = event.public_status
    title = event.title
    note = None
    if override is not None:
        status = override.public_status or status
        title = override.title or title
        note = override.note
    recurrence_id = key if event.is_recurring else None
    return Occurrence(start, end, recurrence_id, status, title, note, override)


def occurrences(event, start: datetime, end: datetime) -> list[Occurrence]:
    """The event's occurrences that overlap [start, end), in order, cancelled ones included.

    `event` is an Event (or any object with its attributes); `start` and `end` are aware.
    Overrides move, rename or cancel single occurrences; an excluded date is gone for good.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("occurrences() needs aware datetimes")
    overrides = {o.key: o for o in (event.overrides or [])}
    rules = rule_set(event)
    length = (
        timedelta(days=(event.end_date - event.start_date).days)
        if event.all_day
        else event.ends_at - event.starts_at
    )
    low, high = _window_bounds(start, end, event.all_day)
    # Wall-clock arithmetic: an hour more covers a daylight-saving change; _overlaps decides.
    margin = length + timedelta(hours=1)
    keys = {_to_key(m, event.all_day) for m in rules.between(low - margin, high, inc=True)}
    # An occurrence moved into the window from elsewhere still belongs to it.
    for key, override in overrides.items():
        if key not in keys and (override.starts_at or override.start_date):
            moment = datetime.combine(key, time(0)) if event.all_day else key.astimezone(PARIS)
            if rules.between(moment, moment, inc=True):
                keys.add(key)
    found = [_make(event, key, overrides.get(key)) for key in keys]
    found = [o for o in found if _overlaps(o, start, end)]
    return sorted(found, key=lambda o: (_sort_key(o.start), o.title))


def series_end(event) -> datetime | None:
    """When the event's last occurrence ends (aware UTC), None for a rule without an end.

    Stored in `Event.series_ends_at` by whoever changes the dates, rule or overrides.
    """
    if event.rrule and not re.search(r"\b(UNTIL|COUNT)=", event.rrule.upper()):
        return None
    starts = [_to_key(m, event.all_day) for m in rule_set(event)]
    overrides = {o.key: o for o in (event.overrides or [])}
    ends = [_sort_key(_make(event, key, overrides.get(key)).end) for key in starts]
    if not ends:  # everything excluded
        return event.ends_at
    return max(ends).astimezone(UTC)


def _sort_key(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tzinfo=PARIS)


# --- Building rules from form choices -------------------------------------------------------


def nth_weekday(day: date) -> int:
    """1 for the first such weekday of the month, 2 for the second, … (5 at most)."""
    return (day.day - 1) // 7 + 1


def build_rrule(
    frequency: str,
    first: date,
    *,
    all_day: bool = False,
    start_time: time | None = None,
    until: date | None = None,
    count: int | None = None,
    nth: int | None = None,
) -> str:
    """An RRULE value from the form's choices, ending on `until` (included) or after `count`.

    Monthly rules repeat `first`'s weekday: the `nth` one of the month (default: the rank of
    `first`, -1 for the last). UNTIL is written in UTC for timed events, as a date otherwise.
    """
    if until is not None and count is not None:
        raise ValueError("a repetition ends on a date or after a number of times, not both")
    weekday = ICAL_DAYS[first.weekday()]
    if frequency == WEEKLY:
        parts = ["FREQ=WEEKLY", f"BYDAY={weekday}"]
    elif frequency == BIWEEKLY:
        parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={weekday}"]
    elif frequency == MONTHLY_WEEKDAY:
        parts = ["FREQ=MONTHLY", f"BYDAY={nth or nth_weekday(first)}{weekday}"]
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    if until is not None:
        if all_day:
            parts.append("UNTIL=" + until.strftime("%Y%m%d"))
        else:
            # The whole last day counts, whatever the event's time.
            last = datetime.combine(until, start_time or time(23, 59, 59), tzinfo=PARIS)
            parts.append("UNTIL=" + last.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    if count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


# --- French descriptions ---------------------------------------------------------------------


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def _until_day(value: str) -> date:
    if value.endswith("Z"):
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return moment.astimezone(PARIS).date()
    return datetime.strptime(value[:8], "%Y%m%d").date()


def _day_fr(day: date, reference: date) -> str:
    """'6 janvier', '1er mars'; the year only when it differs from the reference's."""
    return day_fr(day, with_year=day.year != reference.year)


def describe_rrule(rule: str, first: date) -> str:
    """'tous les mardis du 6 janvier au 31 mars', 'le premier samedi de chaque mois'…

    For the print edition and event pages; an unusual rule gets a plain 'dates répétées'.
    """
    parts = _rule_parts(rule)
    frequency = parts.get("FREQ")
    interval = int(parts.get("INTERVAL", "1"))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if frequency == "WEEKLY" and interval in (1, 2) and len(days) <= 1:
        index = ICAL_DAYS.index(days[0]) if days else first.weekday()
        name = weekday_fr(index)
        text = f"tous les {name}s" if interval == 1 else f"un {name} sur deux"
    elif frequency == "MONTHLY" and len(days) == 1 and interval == 1:
        match = re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", days[0])
        if not match or int(match.group(1) or nth_weekday(first)) not in ORDINALS:
            return "à dates répétées"
        nth = int(match.group(1) or nth_weekday(first))
        text = f"le {ORDINALS[nth]} {weekday_fr(ICAL_DAYS.index(match.group(2)))} de chaque mois"
    elif frequency == "DAILY" and interval == 1:
        text = "tous les jours"
    else:
        return "à dates répétées"
    if "UNTIL" in parts:
        text += f" du {_day_fr(first, first)} au {_day_fr(_until_day(parts['UNTIL']), first)}"
    elif "COUNT" in parts:
        count = int(parts["COUNT"])
        text += f" à partir du {_day_fr(first, first)} ({count} fois)"
    return text
