"""Repeating events of imported feeds expanded in their own time zone (RFC 5545 §3.8.5).

The agenda stores a rule as Paris wall-clock time. A rule written in another zone (New York,
UTC, Tokyo) does not repeat at the same Paris time all year, nor always on the same Paris
weekday; several RRULEs and « this and future » changes have no single-rule form either. Such
series are expanded here, in the zone they were written in, into the dates they give, which the
agenda stores as RDATEs (Paris time), so that our pages and feeds show the source's times.
"""

import re
from datetime import UTC, date, datetime, time
from itertools import islice

from dateutil.rrule import rruleset, rrulestr

from directory.core.dates import PARIS

#: Rules without an end are expanded this many years ahead (re-imports extend them).
HORIZON_YEARS = 3
#: A feed's series never yields more dates than this (a daily rule over three years).
MAX_OCCURRENCES = 1200


def horizon() -> datetime:
    """January 1st, HORIZON_YEARS ahead: a yearly step, so re-imports do not change each day."""
    return datetime(datetime.now(UTC).year + HORIZON_YEARS, 1, 1, tzinfo=PARIS)


def as_dtstart(start: datetime | date, all_day: bool, zone) -> datetime:
    """DTSTART as dateutil expands it: naive midnight for a day, else aware in its own zone."""
    if all_day:
        return datetime.combine(start, time(0))
    return start.astimezone(zone)


def _until_like_dtstart(rule: str, dtstart: datetime) -> str:
    """UNTIL of the DTSTART's kind (dateutil refuses a mismatch, feeds do not always comply)."""
    match = re.search(r"UNTIL=(\d{8})(T\d{6})?(Z?)", rule, flags=re.IGNORECASE)
    if not match:
        return rule
    day, clock, utc = match.group(1), match.group(2), match.group(3)
    if dtstart.tzinfo is None:  # all day: a date
        moment = datetime.strptime(day + (clock or "T000000"), "%Y%m%dT%H%M%S")
        if utc:
            moment = moment.replace(tzinfo=UTC).astimezone(PARIS)
        value = moment.strftime("%Y%m%d")
    else:
        if utc:
            return rule
        local = datetime.strptime(day + (clock or "T235959"), "%Y%m%dT%H%M%S")
        value = local.replace(tzinfo=dtstart.tzinfo).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return rule[: match.start()] + "UNTIL=" + value + rule[match.end():]


def _moment(value: datetime | date, dtstart: datetime) -> datetime:
    """An RDATE/EXDATE value in the DTSTART's terms."""
    if dtstart.tzinfo is None:
        if isinstance(value, datetime):
            value = (value.astimezone(PARIS) if value.tzinfo else value).date()
        return datetime.combine(value, time(0))
    if not isinstance(value, datetime):
        return datetime.combine(value, dtstart.timetz())
    if value.tzinfo is None:
        return value.replace(tzinfo=dtstart.tzinfo)
    return value


def expand(
    dtstart: datetime,
    rules: list[str],
    rdates: list,
    exdates: list,
    until: datetime | None = None,
) -> tuple[list[datetime], bool]:
    """The series' starts (DTSTART included, RFC 5545), up to `until` for endless rules.

    Returns (starts, complete): complete is False when the horizon or MAX_OCCURRENCES cut it.
    ValueError when a rule cannot be read.
    """
    series = rruleset()
    endless = False
    for text in rules:
        series.rrule(rrulestr(_until_like_dtstart(text, dtstart), dtstart=dtstart))
        endless = endless or not re.search(r"\b(UNTIL|COUNT)=", text.upper())
    series.rdate(dtstart)
    for value in rdates:
        series.rdate(_moment(value, dtstart))
    for value in exdates:
        series.exdate(_moment(value, dtstart))
    limit = until or horizon()
    if dtstart.tzinfo is None:
        limit = limit.astimezone(PARIS).replace(tzinfo=None)
    starts = []
    for moment in islice(series, MAX_OCCURRENCES + 1):
        if endless and moment > limit:
            return starts, False
        starts.append(moment)
    if len(starts) > MAX_OCCURRENCES:
        return starts[:MAX_OCCURRENCES], False
    return starts, True


def key_of(moment: datetime, all_day: bool) -> datetime | date:
    """A start as the agenda keys occurrences: aware UTC, or the day."""
    return moment.date() if all_day else moment.astimezone(UTC)


def stored(moment: datetime, all_day: bool) -> str:
    """A start as Event.rdates holds it: ISO date, or ISO Paris time with offset."""
    return moment.date().isoformat() if all_day else moment.astimezone(PARIS).isoformat()

