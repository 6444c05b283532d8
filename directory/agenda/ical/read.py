"""Reading organisations' own iCalendar feeds (fetched by fetch.py): VEVENTs as plain data.

Nothing here touches the database: `agenda/imports.py` applies what `parse` returns. A value
that cannot be read costs its event, never the feed: what is readable is imported, the rest is
reported event by event (`Problem`), and every VEVENT of the file is accounted for.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rrulestr
from icalendar import Calendar
from icalendar.prop import vBroken, vUTCOffset

from directory.agenda import recurrence
from directory.agenda.ical import series
from directory.agenda.ical.content import clean_text, decode

# Fetching lives in fetch.py; these names stay importable from here.
from directory.agenda.ical.fetch import FeedError, Fetched, check_url, fetch  # noqa: F401
from directory.agenda.recurrence import _until_matching_dtstart
from directory.core.dates import PARIS, date_fr, datetime_fr
from directory.taxonomy.vocabularies import EventStatus

# icalendar's documented switch for time zones with offsets past 24 hours (iCloud writes
# `TZOFFSETFROM:+5328` for some historical observances): read them instead of refusing the
# whole calendar. It only relaxes that one check; our own feeds never write such offsets.
vUTCOffset.ignore_exceptions = True

#: Event.source_uid's length: longer UIDs are stored as their hash, never cut.
UID_LENGTH = 255


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
    sequence: int = 0


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


@dataclass
class Problem:
    """What could not be read in one event, in French, for the feed's report."""

    event: str
    reason: str
    #: True when the event was imported without that value, False when it was left out.
    imported: bool = False

    def __str__(self) -> str:
        verdict = "importé sans cette valeur" if self.imported else "non importé"
        return f"{self.event} : {self.reason} ({verdict})"


@dataclass
class ParsedFeed:
    events: list[ImportedEvent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Remarks on the whole file (its encoding).
    notes: list[str] = field(default_factory=list)
    #: What became of each VEVENT: imported, private, superseded (an older SEQUENCE), problem.
    outcomes: Counter = field(default_factory=Counter)


class _Unreadable(Exception):
    """An event that cannot be imported; the message is the French reason."""


# --- Identity ---------------------------------------------------------------------------------


def storage_uid(uid: str) -> str:
    """The UID as Event.source_uid holds it: itself, or its SHA-256 when too long to store
    (cutting it would merge two long UIDs sharing their first 255 characters)."""
    if len(uid) <= UID_LENGTH:
        return uid
    return "sha256:" + hashlib.sha256(uid.encode()).hexdigest()


def _raw(component, name: str) -> str:
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        return ""
    params = getattr(prop, "params", {}) or {}
    value = prop.to_ical()
    value = value.decode() if isinstance(value, bytes) else str(value)
    return f"{params.get('TZID', '')}:{value}"


def _uid(component) -> str:
    """The UID, or for events without one (some WordPress and Meetup exports) a stable identity
    from what identifies the event to a reader: its start and title. The feed is implicit, as
    events are matched within their feed only."""
    uid = str(component.get("UID", "") or "").strip()
    if uid:
        return uid
    basis = "\x1f".join((_raw(component, "DTSTART"), str(component.get("SUMMARY", "")).strip()))
    return "sans-uid:" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def _label(component) -> str:
    """« Title », 12 mars 2027: how the report names an event."""
    title = clean_text(component.get("SUMMARY"), 80) or "Sans titre"
    text = f"« {title} »"
    try:
        start = component["DTSTART"].dt
    except Exception:  # noqa: BLE001 (a broken or missing start: the raw text then)
        raw = str(component.get("DTSTART", "") or "")
        return f"{text} (début « {raw[:40]} »)" if raw else text
    if isinstance(start, datetime):
        return f"{text}, {datetime_fr(_aware(start))}"
    return f"{text}, {date_fr(start)}"


# --- Values -----------------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    """Floating times are Paris times; everything is stored in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=PARIS)
    return value.astimezone(UTC)


def _broken(component, name: str) -> bool:
    prop = component.get(name)
    if isinstance(prop, list):
        return any(isinstance(p, vBroken) for p in prop)
    return isinstance(prop, vBroken)


def _value(component, name):
    if _broken(component, name):
        return None
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return getattr(prop, "dt", None)


def _sequence(component, problems: list[Problem]) -> int:
    value = component.get("SEQUENCE")
    if value is None:
        return 0
    try:
        return int(str(value).strip())
    except ValueError:
        problems.append(Problem(
            _label(component), f"numéro de version (SEQUENCE) illisible « {str(value)[:20]} »",
            imported=True,
        ))
        return 0


def _zone(start: datetime):
    """The zone the event was written in (floating times: Paris)."""
    return start.tzinfo or PARIS


def _times(component) -> tuple[bool, datetime | date, datetime | date]:
    """(all day, start, end): aware UTC datetimes, or dates with the end excluded."""
    if "DTSTART" not in component:
        raise _Unreadable("pas de date de début (DTSTART)")
    start = _value(component, "DTSTART")
    if start is None:
        raw = str(component.get("DTSTART"))[:40]
        raise _Unreadable(f"date de début illisible « {raw} »")
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
    zone = _zone(start)
    start = _aware(start)
    if isinstance(end, datetime):
        end = _aware(end)
    elif isinstance(end, date):
        end = datetime.combine(end, time(0), tzinfo=zone).astimezone(UTC)
    elif isinstance(duration, timedelta):
        end = start + duration
    else:
        end = start
    if end < start:  # written the wrong way round: read as the reader meant it
        start, end = end, start
    return False, start, end


def _props(component, name: str) -> list:
    props = component.get(name)
    if props is None:
        return []
    return props if isinstance(props, list) else [props]


def _list_values(component, name: str) -> list[datetime | date]:
    """RDATE/EXDATE moments as given (periods by their start), broken values left out."""
    values = []
    for prop in _props(component, name):
        if isinstance(prop, vBroken):
            continue
        for item in getattr(prop, "dts", []):
            moment = item.dt
            if isinstance(moment, tuple):  # RDATE;VALUE=PERIOD: its start
                moment = moment[0]
            if isinstance(moment, date):  # a bare time or duration says no date
                values.append(moment)
    return values


def _stored_dates(values, all_day: bool, first: datetime | None) -> list[str]:
    """RDATE/EXDATE values as the Event columns hold them (ISO dates or datetimes)."""
    out: list[str] = []
    for moment in values:
        if all_day:
            if isinstance(moment, datetime):
                moment = (moment.astimezone(PARIS) if moment.tzinfo else moment).date()
            out.append(moment.isoformat())
        elif isinstance(moment, datetime):
            out.append(_aware(moment).astimezone(PARIS).isoformat())
        elif first is not None:
            zone = first.tzinfo or PARIS
            at = datetime.combine(moment, first.astimezone(zone).time(), tzinfo=zone)
            out.append(at.astimezone(PARIS).isoformat())
    return sorted(set(out))


def _rules(component, problems: list[Problem]) -> list[str]:
    texts = []
    for prop in _props(component, "RRULE"):
        if isinstance(prop, vBroken):
            problems.append(Problem(
                _label(component), "règle de répétition illisible : seule la première date "
                "est importée", imported=True,
            ))
            continue
        text = _repaired_rule(prop.to_ical().decode().strip())
        if text:  # `RRULE:` alone (seen in holiday calendars) repeats nothing
            texts.append(text)
    return texts


def _repaired_rule(text: str) -> str:
    """COUNT with UNTIL (RFC 5545 forbids both), or COUNT=-1, as some calendar servers write
    it: the UNTIL is kept, as other readers do."""
    parts = [part for part in text.split(";") if part]
    names = [part.split("=", 1)[0].upper() for part in parts]
    if "COUNT" in names:
        count = parts[names.index("COUNT")].split("=", 1)[-1]
        if "UNTIL" in names or not count.lstrip("+").isdigit() or int(count) <= 0:
            parts = [p for p, n in zip(parts, names, strict=True) if n != "COUNT"]
    return ";".join(parts)


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


def _this_and_future(component) -> bool:
    prop = component.get("RECURRENCE-ID")
    params = getattr(prop, "params", {}) or {}
    return str(params.get("RANGE", "")).upper() == "THISANDFUTURE"


def _private(component) -> bool:
    return str(component.get("CLASS", "PUBLIC")).upper() in {"PRIVATE", "CONFIDENTIAL"}


# --- Events -----------------------------------------------------------------------------------


@dataclass
class _Master:
    """A VEVENT without RECURRENCE-ID, with what the expansion needs besides its item."""

    item: ImportedEvent
    dtstart: datetime | None = None  # in its own zone (timed) or naive midnight (all day)
    rules: list[str] = field(default_factory=list)
    rdates: list = field(default_factory=list)
    exdates: list = field(default_factory=list)


def _event(uid: str, component, problems: list[Problem]) -> _Master:
    all_day, start, end = _times(component)
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
        own_start = start
    else:
        item.starts_at, item.ends_at = start, end
        own_start = start.astimezone(_zone(_value(component, "DTSTART")))
    master = _Master(item, series.as_dtstart(own_start, all_day, _zone_of(own_start)))
    master.rules = _rules(component, problems)
    master.rdates = _list_values(component, "RDATE")
    master.exdates = _list_values(component, "EXDATE")
    for name, what in (("RDATE", "dates ajoutées (RDATE)"), ("EXDATE", "dates exclues (EXDATE)"),
                       ("DTEND", "date de fin (DTEND)")):
        if _broken(component, name):
            problems.append(Problem(_label(component), f"{what} illisible(s)", imported=True))
    first = None if all_day else own_start
    item.rdates = _stored_dates(master.rdates, all_day, first)
    item.exdates = _stored_dates(master.exdates, all_day, first)
    if len(master.rules) == 1:
        # None when the stored form cannot hold it: _finish then stores its dates.
        item.rrule = _single_rule(master.rules[0], all_day, start)
    return master


def _zone_of(moment: datetime | date):
    return moment.tzinfo if isinstance(moment, datetime) else None


def _single_rule(text: str, all_day: bool, start) -> str | None:
    text = _until_matching_dtstart(text, all_day)
    if len(text) > 500:
        return None
    dtstart = datetime.combine(start, time(0)) if all_day else start.astimezone(PARIS)
    try:
        rrulestr(text, dtstart=dtstart)
    except (ValueError, TypeError):
        return None
    return text


def _override(key, component, master: ImportedEvent, sequence: int) -> ImportedOverride:
    override = ImportedOverride(key=key, sequence=sequence)
    all_day, start, end = _times(component)
    if master.all_day:
        override.start_date, override.end_date = start, end
    else:
        override.starts_at, override.ends_at = start, end
    title = clean_text(component.get("SUMMARY"), 200)
    if title and title != master.title:
        override.title = title
    status = _status(component)
    if status != master.status:
        override.status = status
    return override


def _drop_repeated(override: ImportedOverride, master: ImportedEvent) -> None:
    """Drop the start/end an override repeats from the rule (they change nothing)."""
    if master.all_day:
        length = master.end_date - master.start_date
        if override.start_date == override.key and override.end_date == override.key + length:
            override.start_date = override.end_date = None
    else:
        length = master.ends_at - master.starts_at
        if override.starts_at == override.key and override.ends_at == override.key + length:
            override.starts_at = override.ends_at = None


# --- Series that the agenda stores as their dates ----------------------------------------------


def _paris_form_matches(master: _Master) -> bool:
    """The stored form (one rule, Paris wall clock) gives the same dates as the source."""
    item = master.item
    try:
        own, complete = series.expand(
            master.dtstart, master.rules, master.rdates, master.exdates
        )
        ours = list(islice(recurrence.rule_set(replace(item)), len(own) + 1))
    except (ValueError, TypeError):
        return False
    keys = [series.key_of(m, item.all_day) for m in own]
    same = keys == [series.key_of(m, item.all_day) for m in ours[: len(keys)]]
    return same and (not complete or len(ours) == len(own))


def _as_dates(master: _Master, starts: list[datetime], item: ImportedEvent) -> ImportedEvent:
    """The series as its dates: first start, then RDATEs; no rule left to misread."""
    out = replace(item, rrule=None, overrides=list(item.overrides))
    if not starts:  # everything excluded: an event without dates
        out.rdates = []
        out.exdates = [series.stored(master.dtstart, item.all_day)] if master.dtstart else []
        return out
    first = starts[0]
    if item.all_day:
        length = item.end_date - item.start_date
        out.start_date, out.end_date = first.date(), first.date() + length
    else:
        length = item.ends_at - item.starts_at
        out.starts_at = first.astimezone(UTC)
        out.ends_at = out.starts_at + length
    out.rdates = sorted({series.stored(m, item.all_day) for m in starts[1:]})
    out.exdates = []
    return out


def _split(master: _Master, future: list[tuple], problems: list[Problem], label: str):
    """The series cut at each « this and future » change (RANGE=THISANDFUTURE): before it the
    series as it was, from it on the change applied to every date (time shift, length, title,
    status). `future`: (key, component, sequence), sorted. Yields ImportedEvents."""
    item = master.item
    starts, complete = series.expand(master.dtstart, master.rules, master.rdates, master.exdates)
    if not complete:
        problems.append(Problem(
            label, "répétition très longue ou sans fin : dates importées jusqu'au "
            f"{date_fr(series.horizon())}", imported=True,
        ))
    cuts = [key for key, _, _ in future]
    pieces: list[list[datetime]] = [[] for _ in range(len(cuts) + 1)]
    for moment in starts:
        key = series.key_of(moment, item.all_day)
        index = sum(1 for cut in cuts if key >= cut)
        pieces[index].append(moment)
    segments = []
    for index, moments in enumerate(pieces):
        if index == 0:
            segment = _as_dates(master, moments, item)
            delta = timedelta(0)
        else:
            key, component, _ = future[index - 1]
            changed = _event(item.uid, component, problems).item
            if changed.all_day != item.all_day:
                raise _Unreadable("changement « cette date et les suivantes » entre journée "
                                  "entière et horaire")
            if item.all_day:
                delta = changed.start_date - key
                moments = [m + delta for m in moments]
            else:
                delta = changed.starts_at - key
                moments = [m + delta for m in moments]
            changed.overrides = []
            segment = _as_dates(master, moments, changed)
            segment.uid = f"{item.uid}/{_key_text(key)}"
        segments.append((segment, delta, {series.key_of(m, item.all_day) for m in moments}))
    # Single-date changes go to the piece holding their date (shifted as the piece is).
    for override in item.overrides:
        for segment, delta, keys in segments:
            moved = override.key + delta
            if moved in keys:
                if delta:
                    override = _shifted(override, delta)
                segment.overrides.append(override)
                break
        else:
            segments[0][0].overrides.append(override)
    return [segment for segment, _, _ in segments]


def _shifted(override: ImportedOverride, delta: timedelta) -> ImportedOverride:
    return replace(override, key=override.key + delta)


def _key_text(key: datetime | date) -> str:
    return key.strftime("%Y%m%dT%H%M%SZ") if isinstance(key, datetime) else key.strftime("%Y%m%d")


def _finish(master: _Master, future: list[tuple], problems: list[Problem], label: str):
    """The master as the agenda stores it: its rule as is, or its dates (see module doc)."""
    item = master.item
    recurring = bool(master.rules or master.rdates)
    if not recurring:
        return [item]
    simple = (
        not future
        and len(master.rules) <= 1
        and (not master.rules or item.rrule is not None)
        and _paris_form_matches(master)
    )
    if simple:
        return [item]
    try:
        return _split(master, future, problems, label)
    except ValueError:
        problems.append(Problem(label, "règle de répétition illisible : seule la première date "
                                "est importée", imported=True))
        return [replace(item, rrule=None, rdates=[], exdates=[])]


# --- The file ---------------------------------------------------------------------------------


def parse(content: bytes) -> ParsedFeed:
    """The feed's public events, one per UID, with their changed occurrences."""
    decoded = decode(content)
    result = ParsedFeed()
    if decoded.note:
        result.notes.append(decoded.note)
    try:
        # Bytes, always: icalendar reads a one-line *string* as a file path.
        calendar = Calendar.from_ical(decoded.text.encode("utf-8"))
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise FeedError("Ce fichier n'est pas un calendrier iCalendar lisible.") from error
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise FeedError("Ce fichier n'est pas un calendrier iCalendar lisible.")
    problems = result.problems
    masters: dict[str, tuple[int, object]] = {}
    instances: dict[str, list[tuple[int, object]]] = {}
    for component in calendar.walk("VEVENT"):
        if _private(component):
            result.outcomes["private"] += 1
            continue
        uid = _uid(component)
        if "RECURRENCE-ID" in component:
            instances.setdefault(uid, []).append((_sequence(component, problems), component))
            continue
        sequence = _sequence(component, problems)
        if uid in masters:
            result.outcomes["superseded"] += 1  # two versions: the higher SEQUENCE wins
            if sequence < masters[uid][0]:
                continue
        masters[uid] = (sequence, component)
    for uid, (_, component) in masters.items():
        label = _label(component)
        try:
            master = _event(uid, component, problems)
        except _Unreadable as error:
            problems.append(Problem(label, str(error)))
            result.outcomes["problem"] += 1 + len(instances.pop(uid, []))
            continue
        except Exception as error:  # noqa: BLE001 (one odd event must not stop the feed)
            problems.append(Problem(label, f"événement illisible ({type(error).__name__})"))
            result.outcomes["problem"] += 1 + len(instances.pop(uid, []))
            continue
        result.outcomes["imported"] += 1
        item = master.item
        recurring = bool(master.rules or master.rdates)
        by_key: dict = {}
        future: list[tuple] = []
        for sequence, instance in instances.pop(uid, []):
            try:
                outcome = _instance(master, instance, sequence, recurring, by_key, future, result)
            except _Unreadable as error:
                problems.append(Problem(_label(instance), str(error)))
                outcome = "problem"
            except Exception as error:  # noqa: BLE001
                problems.append(Problem(_label(instance),
                                        f"date modifiée illisible ({type(error).__name__})"))
                outcome = "problem"
            if outcome != "superseded-counted":
                result.outcomes[outcome] += 1
            if outcome == "replaces":  # a changed single date: its content wins
                item = master.item
        item.overrides = sorted(by_key.values(), key=lambda o: _sort(o.key))
        for override in item.overrides:
            _drop_repeated(override, item)
        future.sort(key=lambda entry: _sort(entry[0]))
        result.events.extend(_finish(master, future, problems, label))
    # Occurrences without their series (some exports do this): events of their own.
    for uid, components in instances.items():
        for _, instance in components:
            try:
                key = _value(instance, "RECURRENCE-ID")
                single = _event(f"{uid}/{key.isoformat() if key else ''}", instance, problems)
            except _Unreadable as error:
                problems.append(Problem(_label(instance), str(error)))
                result.outcomes["problem"] += 1
                continue
            except Exception as error:  # noqa: BLE001
                problems.append(Problem(_label(instance),
                                        f"événement illisible ({type(error).__name__})"))
                result.outcomes["problem"] += 1
                continue
            single.item.rrule, single.item.rdates, single.item.exdates = None, [], []
            result.events.append(single.item)
            result.outcomes["imported"] += 1
    for event in result.events:
        event.uid = storage_uid(event.uid)
    # outcomes "replaces" and "override" are imported too, into their series.
    result.outcomes["imported"] += result.outcomes.pop("override", 0)
    result.outcomes["imported"] += result.outcomes.pop("replaces", 0)
    return result


def _sort(key: datetime | date) -> datetime:
    return key if isinstance(key, datetime) else datetime.combine(key, time(0), tzinfo=PARIS)


def _instance(master: _Master, instance, sequence: int, recurring: bool, by_key: dict,
              future: list, result: ParsedFeed) -> str:
    """One VEVENT with a RECURRENCE-ID of `master`'s UID; returns its outcome."""
    item = master.item
    key = _recurrence_key(instance, item.all_day)
    if key is None:
        raise _Unreadable("date d'origine (RECURRENCE-ID) illisible")
    if not recurring:
        single = _event(item.uid, instance, result.problems)
        single.item.rrule, single.item.rdates, single.item.exdates = None, [], []
        master.item = single.item
        return "replaces"
    all_day, _, _ = _times(instance)
    if all_day != item.all_day:
        # From a day to a time or back: that date leaves the series as an event of its own.
        separate = _event(f"{item.uid}/{_key_text(key)}", instance, result.problems).item
        separate.rrule, separate.rdates, separate.exdates = None, [], []
        moment = key if item.all_day else key.astimezone(PARIS)
        item.exdates = sorted({*item.exdates, moment.isoformat()})
        master.exdates.append(key)
        result.events.append(separate)
        return "override"
    if _this_and_future(instance):
        future.append((key, instance, sequence))
        return "override"
    override = _override(key, instance, item, sequence)
    previous = by_key.get(key)
    if previous is not None:  # two versions of one date: the higher SEQUENCE wins
        result.outcomes["superseded"] += 1
        if previous.sequence > sequence:
            return "superseded-counted"
        result.outcomes["override"] -= 1
    by_key[key] = override
    return "override"
