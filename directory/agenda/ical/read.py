"""Reading organisations' own iCalendar feeds (fetched by fetch.py): VEVENTs as plain data.

Nothing here touches the database: `operations/event_feeds.py` applies what `parse` returns.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import nh3
from dateutil.rrule import rrulestr
from icalendar import Calendar

# Fetching lives in fetch.py; these names stay importable from here.
from directory.agenda.ical.fetch import FeedError, Fetched, check_url, fetch  # noqa: F401
from directory.agenda.recurrence import _until_matching_dtstart
from directory.core.dates import PARIS
from directory.taxonomy.vocabularies import EventStatus

# --- Parsing --------------------------------------------------------------------------------


@dataclass
class ImportedOverride:
    """A changed occurrence: `key` is the original start (aware UTC) or day (all day)."""

    key: datetime | date
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    title: str | None = None
    status: str | None = None


@dataclass
class ImportedEvent:
    uid: str
    title: str
    description: str | None
    all_day: bool
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    start_date: date | None = None
    end_date: date | None = None
    location: str | None = None
    rrule: str | None = None
    rdates: list[str] = field(default_factory=list)
    exdates: list[str] = field(default_factory=list)
    status: str = EventStatus.SCHEDULED
    overrides: list[ImportedOverride] = field(default_factory=list)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value, limit: int) -> str:
    """Plain text: tags dropped (some feeds send HTML), entities decoded, controls removed."""
    if value is None:
        return ""
    text = str(value)
    text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
    text = html.unescape(nh3.clean(text, tags=set()))
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:limit].strip()


def _aware(value: datetime) -> datetime:
    """Floating times are Paris times; everything is stored in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=PARIS)
    return value.astimezone(UTC)


def _value(component, name):
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return getattr(prop, "dt", None)


def _dates(component, name: str, all_day: bool, first: datetime | None) -> list[str]:
    """RDATE/EXDATE values as the Event columns hold them (ISO dates or datetimes)."""
    props = component.get(name)
    if props is None:
        return []
    if not isinstance(props, list):
        props = [props]
    values: list[str] = []
    for prop in props:
        for item in getattr(prop, "dts", []):
            moment = item.dt
            if isinstance(moment, tuple):  # RDATE;VALUE=PERIOD: its start
                moment = moment[0]
            if all_day:
                if isinstance(moment, datetime):
                    moment = (moment.astimezone(PARIS) if moment.tzinfo else moment).date()
                values.append(moment.isoformat())
            elif isinstance(moment, datetime):
                values.append(_aware(moment).astimezone(PARIS).isoformat())
            elif first is not None:
                at = datetime.combine(moment, first.astimezone(PARIS).time(), tzinfo=PARIS)
                values.append(at.isoformat())
    return sorted(set(values))


def _times(component) -> tuple[bool, datetime | date, datetime | date] | None:
    start = _value(component, "DTSTART")
    if start is None:
        return None
    end = _value(component, "DTEND")
    duration = _value(component, "DURATION")
    if not isinstance(start, datetime):  # a date: all day
        if isinstance(end, datetime):
            end = end.date()
        if end is None and isinstance(duration, timedelta):
            end = start + timedelta(days=max(1, duration.days))
        if end is None or end <= start:
            end = start + timedelta(days=1)
        return True, start, end
    start = _aware(start)
    if isinstance(end, datetime):
        end = _aware(end)
    elif isinstance(end, date):
        end = datetime.combine(end, time(0), tzinfo=PARIS).astimezone(UTC)
    elif isinstance(duration, timedelta):
        end = start + duration
    else:
        end = start
    return False, start, max(start, end)


def _rrule(component, all_day: bool, start) -> str | None:
    rule = component.get("RRULE")
    if isinstance(rule, list):
        rule = rule[0] if rule else None
    if rule is None:
        return None
    text = _until_matching_dtstart(rule.to_ical().decode(), all_day)
    if len(text) > 500:
        return None
    dtstart = (
        datetime.combine(start, time(0)) if all_day else start.astimezone(PARIS)
    )
    try:
        rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError):
        return None
    return text


def _status(component) -> str:
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return EventStatus.CANCELLED
    return EventStatus.SCHEDULED


def _recurrence_key(component, all_day: bool) -> datetime | date | None:
    value = _value(component, "RECURRENCE-ID")
    if value is None:
        return None
    if all_day:
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        return None
    return _aware(value)


def _private(component) -> bool:
    return str(component.get("CLASS", "PUBLIC")).upper() in {"PRIVATE", "CONFIDENTIAL"}


def _event(uid: str, component) -> ImportedEvent | None:
    times = _times(component)
    if times is None:
        return None
    all_day, start, end = times
    item = ImportedEvent(
        uid=uid,
        title=clean_text(component.get("SUMMARY"), 200) or "Événement",
        description=clean_text(component.get("DESCRIPTION"), 10_000) or None,
        all_day=all_day,
        location=clean_text(component.get("LOCATION"), 255).replace("\n", ", ") or None,
        status=_status(component),
    )
    if all_day:
        item.start_date, item.end_date = start, end
    else:
        item.starts_at, item.ends_at = start, end
    item.rrule = _rrule(component, all_day, start)
    first = None if all_day else start
    item.rdates = _dates(component, "RDATE", all_day, first)
    item.exdates = _dates(component, "EXDATE", all_day, first)
    return item


def _override(key, component, master: ImportedEvent) -> ImportedOverride:
    override = ImportedOverride(key=key)
    times = _times(component)
    if times is not None:
        all_day, start, end = times
        if master.all_day and all_day:
            override.start_date, override.end_date = start, end
        elif not master.all_day and not all_day:
            override.starts_at, override.ends_at = start, end
    title = clean_text(component.get("SUMMARY"), 200)
    if title and title != master.title:
        override.title = title
    status = _status(component)
    if status != master.status:
        override.status = status
    return override


def parse(content: bytes) -> list[ImportedEvent]:
    """The feed's public events, one per UID, with their changed occurrences."""
    try:
        calendar = Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError) as error:
        raise FeedError("Ce fichier n'est pas un calendrier iCalendar lisible.") from error
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise FeedError("Ce fichier n'est pas un calendrier iCalendar lisible.")
    masters: dict[str, tuple[int, object]] = {}
    instances: dict[str, list] = {}
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", "")).strip()[:255]
        if not uid or _private(component):
            continue
        if "RECURRENCE-ID" in component:
            instances.setdefault(uid, []).append(component)
            continue
        sequence = int(component.get("SEQUENCE", 0) or 0)
        if uid not in masters or sequence >= masters[uid][0]:
            masters[uid] = (sequence, component)
    found: list[ImportedEvent] = []
    for uid, (_, component) in masters.items():
        item = _event(uid, component)
        if item is None:
            continue
        recurring = bool(item.rrule or item.rdates)
        for instance in instances.pop(uid, []):
            key = _recurrence_key(instance, item.all_day)
            if key is None:
                continue
            if recurring:
                item.overrides.append(_override(key, instance, item))
            else:  # a changed single date: its content wins
                single = _event(uid, instance)
                if single is not None:
                    item = single
        found.append(item)
    # Occurrences without their series (some exports do this): events of their own.
    for uid, components in instances.items():
        for instance in components:
            key = _value(instance, "RECURRENCE-ID")
            single = _event(f"{uid}/{key.isoformat() if key else ''}"[:255], instance)
            if single is not None:
                found.append(single)
    return found
