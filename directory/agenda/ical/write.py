"""iCalendar (RFC 5545) output of agenda events: pure functions, events -> bytes.

A feed is assembled by concatenating per-event VEVENT blocks that are serialised once and kept
in memory (see `_BLOCKS`; the database keeps them too, see `published`), between a fixed header
and a fixed Europe/Paris VTIMEZONE.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import markdown
import nh3
from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vCategory,
    vDate,
    vDatetime,
    vDuration,
    vGeo,
    vInt,
    vRecur,
    vText,
    vUri,
)
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Parameters

from directory.agenda.recurrence import _make, _parse_moment, _until_matching_dtstart
from directory.core.dates import PARIS
from directory.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from directory.core.text import html_to_text, markdown_to_text
from directory.core.urls import absolute_url, public_root
from directory.taxonomy.vocabularies import EVENT_STATUS_LABELS, EventStatus

PRODID = "-//Communauté de communes//Agenda partagé//FR"
TZID = "Europe/Paris"
#: How often calendar applications should fetch a feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
REFRESH = timedelta(hours=6)
CRLF = b"\r\n"

#: Shown before the title, because calendars have no field for "postponed" or "full" and
#: Google Calendar drops cancelled events of subscribed feeds without a word.
STATUS_PREFIX = {
    EventStatus.CANCELLED: EVENT_STATUS_LABELS[EventStatus.CANCELLED],
    EventStatus.POSTPONED: EVENT_STATUS_LABELS[EventStatus.POSTPONED],
    EventStatus.FULL: EVENT_STATUS_LABELS[EventStatus.FULL],
}
#: STATUS values: TENTATIVE for a postponed event (its date no longer holds).
ICAL_STATUS = {
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


# --- Time zone ------------------------------------------------------------------------------


def _paris_vtimezone() -> bytes:
    """Europe/Paris with its yearly summer and winter rules (EU rules, in force since 1996).

    Written as two RRULEs rather than the list of RDATEs `Timezone.from_tzid()` generates:
    Outlook and Apple Calendar match RRULE-based definitions to their own zones, and the block
    stays a few lines long. tests/test_ical.py checks it against zoneinfo day by day.
    """
    tz = Timezone()
    tz.add("TZID", TZID)
    tz.add("X-LIC-LOCATION", TZID)
    summer = TimezoneDaylight()
    summer.add("TZOFFSETFROM", timedelta(hours=1))
    summer.add("TZOFFSETTO", timedelta(hours=2))
    summer.add("TZNAME", "CEST")
    summer.add("DTSTART", datetime(1970, 3, 29, 2, 0))
    summer.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    winter = TimezoneStandard()
    winter.add("TZOFFSETFROM", timedelta(hours=2))
    winter.add("TZOFFSETTO", timedelta(hours=1))
    winter.add("TZNAME", "CET")
    winter.add("DTSTART", datetime(1970, 10, 25, 3, 0))
    winter.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz.to_ical()


VTIMEZONE = _paris_vtimezone()


@lru_cache(maxsize=256)
def _header(name: str) -> bytes:
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.calendar_name = one_line(name)  # NAME (RFC 7986) and X-WR-CALNAME
    cal.add("X-WR-TIMEZONE", TZID)
    cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    head = cal.to_ical()
    return head[: head.rindex(b"END:VCALENDAR")]


def calendar(name: str, blocks: Iterable[bytes]) -> bytes:
    """A whole VCALENDAR from serialised VEVENT blocks."""
    return b"".join([_header(name), VTIMEZONE, *blocks, b"END:VCALENDAR", CRLF])


# --- Events ---------------------------------------------------------------------------------


def event_url(event) -> str:
    """The public page of the event, absolute."""
    slug = event.slug or "evenement"
    return absolute_url("agenda.event", event_id=event.id, slug=slug)


_MARKDOWN = threading.local()


def _rendered(markdown_text: str) -> str:
    """`sanitize.render_markdown`, with one Markdown converter per thread instead of per call.

    Building a converter (parsers, patterns, extensions) costs twice its conversion of a short
    description; `reset()` clears what a conversion leaves behind. Same options as
    `render_markdown` (tests/test_ical.py compares them).
    """
    converter = getattr(_MARKDOWN, "converter", None)
    if converter is None:
        converter = _MARKDOWN.converter = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    html_text = converter.reset().convert(markdown_text)
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener",
    )


@lru_cache(maxsize=4096)
def plain_text(markdown_text: str | None) -> str:
    """Markdown as plain text for DESCRIPTION: the sanitised HTML without its tags.

    Kept by text: an organiser's repeated description, or blocks rebuilt after a change
    elsewhere (organiser renamed, another address), do not convert it again.
    """
    if not markdown_text:
        return ""
    return html_to_text(_rendered(markdown_text))


def plain_text_reference(markdown_text: str | None) -> str:
    """`plain_text` through `render_markdown` itself, converter built per call (naive build)."""
    return markdown_to_text(markdown_text)


def _location(event) -> str | None:
    if event.place is not None:
        return event.place.one_line
    parts = [event.address, event.commune.name if event.commune else None]
    return ", ".join(p for p in parts if p) or None


def _description(
    event, url: str, note: str | None = None, text: Callable[[str | None], str] = plain_text
) -> str:
    parts = []
    if note:
        parts.append(note)
    if event.public_status in STATUS_PREFIX:
        parts.append(f"{STATUS_PREFIX[event.public_status]}.")
    if event.description:
        parts.append(text(event.description))
    if event.price_details:
        parts.append(f"Tarif : {event.price_details}")
    elif event.frais == "gratuit":
        parts.append("Gratuit")
    if event.registration_url:
        parts.append(f"Inscription : {event.registration_url}")
    parts.append(f"Plus d'informations : {url}")
    return "\n\n".join(parts)


def _summary(title: str, status: str) -> str:
    prefix = STATUS_PREFIX.get(status)
    return one_line(f"{prefix} : {title}" if prefix else title)


def one_line(value: str) -> str:
    """A single-line property (SUMMARY, LOCATION): any line break or control character in
    the stored text becomes a space (a raw CR would end the content line: 500)."""
    return " ".join(_CONTROL_CHARS.sub(" ", value).split())


def _lines(value: str) -> str:
    """A multi-line property (DESCRIPTION): CR LF and lone CR become LF, which iCalendar
    escapes; other control characters but tabs go."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _MULTILINE_CONTROL.sub("", value)


_MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def _sort(key: datetime | date) -> datetime:
    if isinstance(key, datetime):
        return key
    return datetime.combine(key, time(0), tzinfo=PARIS)


def _list_moment(value: str, event) -> datetime | date:
    moment = _parse_moment(value, event)
    return moment.date() if event.all_day else moment


def _add_date_lists(component, event) -> None:
    """RDATE and EXDATE; lists of dates are rare: `add` builds their vDDDLists."""
    if event.rdates:
        component.add("RDATE", [_list_moment(v, event) for v in event.rdates])
    if event.exdates:
        component.add("EXDATE", [_list_moment(v, event) for v in event.exdates])


def _changed_dates(event) -> list:
    """(override, occurrence) for each changed date of a repeating event, in date order."""
    if not event.is_recurring:
        return []
    overrides = sorted(event.overrides or [], key=lambda o: _sort(o.key))
    return [(override, _make(event, override.key, override)) for override in overrides]


# --- Events, built property by property ----------------------------------------------------
#
# `event_components` gives icalendar ready-made property values (what `Component.add` would
# infer, convert and look up for every value: the value type, the UTC conversion of stamps, the
# TZID of a datetime through icalendar's time-zone registry) and lets icalendar serialise them.
# `reference_components` is the same event written the plain way with `Component.add`: the
# naive feed of the benchmark, and the reference tests/test_ical.py compares blocks with.


_FOLD = b"\r\n "


def fold(data: bytes) -> bytes:
    """A UTF-8 content line folded exactly as icalendar 7.3's `_foldline` folds it.

    That function walks the line character by character (encoding each one) and costs more
    than everything else in a VEVENT's serialisation. Same rules, on octets: pieces of at most
    74 octets, a multi-octet character never split, a piece never ending with the `\\` or `^`
    that starts an escape (it moves to the next piece). tests/test_ical.py compares the two.
    """
    size = len(data)
    if size < 75:
        return data
    pieces = []
    start = 0
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return _FOLD.join(pieces)


class _Line(Contentline):
    """A content line built by icalendar and folded by `fold`."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        return fold(self.encode("utf-8"))


class FeedEvent(VEvent):
    """A VEVENT whose content lines are `_Line`s; everything else is icalendar's."""

    def content_line(self, name, value, sorted: bool = True):  # noqa: A002 (icalendar's name)
        params = getattr(value, "params", None)
        return _Line.from_parts(
            name, params if params is not None else Parameters(), value, sorted=sorted
        )


def _utc(value: datetime) -> vDatetime:
    return vDatetime(value.astimezone(UTC))


def _when(value: datetime | date, all_day: bool) -> vDatetime | vDate:
    """DTSTART, DTEND, RECURRENCE-ID: a date, or Paris wall-clock time with TZID=Europe/Paris."""
    if all_day:
        day = value.date() if isinstance(value, datetime) else value
        return vDate(day, {"VALUE": "DATE"})
    moment = vDatetime(value.astimezone(PARIS).replace(tzinfo=None))
    moment.params = Parameters({"TZID": TZID})
    return moment


@lru_cache(maxsize=1024)
def _organizer(name: str, address: str) -> vCalAddress:
    return vCalAddress(address, params={"CN": one_line(name)})


@lru_cache(maxsize=256)
def _rule(rrule: str, all_day: bool) -> vRecur:
    return vRecur.from_ical(_until_matching_dtstart(rrule, all_day))


_PUBLIC = vText("PUBLIC")
_TRANSPARENT = vText("TRANSPARENT")
_STATUS = {value: vText(value) for value in ("CONFIRMED", "TENTATIVE", "CANCELLED")}


def _fill_common(component: VEvent, event, url: vUri, stamp: vDatetime, extra: dict) -> None:
    component["UID"] = vText(event.uid)
    component["DTSTAMP"] = stamp
    component["LAST-MODIFIED"] = stamp
    if extra["created"] is not None:
        component["CREATED"] = extra["created"]
    component["SEQUENCE"] = vInt(event.sequence or 0)
    component["URL"] = url
    component["CLASS"] = _PUBLIC
    component["TRANSP"] = _TRANSPARENT
    for name in ("LOCATION", "GEO", "CATEGORIES", "ORGANIZER"):
        if extra[name] is not None:
            component[name] = extra[name]


def event_components(event, url: str | None = None) -> list[VEvent]:
    """The event's VEVENTs: the event (with its rule) then one per changed occurrence."""
    url = url or event_url(event)
    uri = vUri(url)
    created = getattr(event, "created_at", None)
    location = _location(event)
    place = event.place
    themes = [theme.name for theme in event.themes]
    organization = event.organization
    extra = {
        "created": _utc(created) if created else None,
        "LOCATION": vText(one_line(location)) if location else None,
        "GEO": (
            vGeo((place.latitude, place.longitude))
            if place is not None and place.latitude is not None and place.longitude is not None
            else None
        ),
        "CATEGORIES": vCategory(themes) if themes else None,
        "ORGANIZER": (
            _organizer(
                organization.nom,
                f"mailto:{organization.courriel}" if organization.courriel else url,
            )
            if organization is not None
            else None
        ),
    }
    all_day = event.all_day
    stamp = _utc(event.last_modified_at)
    master = FeedEvent()
    _fill_common(master, event, uri, stamp, extra)
    master["SUMMARY"] = vText(_summary(event.title, event.public_status))
    if all_day:
        master["DTSTART"] = _when(event.start_date, True)
        master["DTEND"] = _when(event.end_date, True)  # exclusive, as stored
    else:
        master["DTSTART"] = _when(event.starts_at, False)
        master["DTEND"] = _when(event.ends_at, False)
    master["STATUS"] = _STATUS[ICAL_STATUS.get(event.public_status, "CONFIRMED")]
    master["DESCRIPTION"] = vText(_lines(_description(event, url)))
    if event.rrule:
        master["RRULE"] = _rule(event.rrule, all_day)
    _add_date_lists(master, event)
    components = [master]
    for override, occurrence in _changed_dates(event):
        component = FeedEvent()
        changed = override.last_modified_at
        if changed is not None and changed > event.last_modified_at:
            _fill_common(component, event, uri, _utc(changed), extra)
        else:
            _fill_common(component, event, uri, stamp, extra)
        component["RECURRENCE-ID"] = _when(override.key, all_day)
        component["SUMMARY"] = vText(_summary(occurrence.title, occurrence.status))
        component["DTSTART"] = _when(occurrence.start, all_day)
        component["DTEND"] = _when(occurrence.end, all_day)
        component["STATUS"] = _STATUS[ICAL_STATUS.get(occurrence.status, "CONFIRMED")]
        component["DESCRIPTION"] = vText(_lines(_description(event, url, occurrence.note)))
        components.append(component)
    return components


def event_block(event, url: str | None = None) -> bytes:
    """The serialised VEVENTs of one event (CRLF line ends, folded at 75 octets)."""
    return b"".join(c.to_ical() for c in event_components(event, url))


# --- The plain way: one `Component.add` per property --------------------------------------


def _moment(value: datetime | date, all_day: bool) -> datetime | date:
    """A start or end as written: a date, or Paris local time (TZID=Europe/Paris)."""
    if all_day:
        return value if not isinstance(value, datetime) else value.date()
    return value.astimezone(PARIS)


def _common(component: VEvent, event, url: str, stamp: datetime) -> None:
    component.add("UID", event.uid)
    component.add("DTSTAMP", stamp.astimezone(UTC))
    component.add("LAST-MODIFIED", stamp.astimezone(UTC))
    if getattr(event, "created_at", None):
        component.add("CREATED", event.created_at.astimezone(UTC))
    component.add("SEQUENCE", event.sequence or 0)
    component.add("URL", url)
    component.add("CLASS", "PUBLIC")
    # A public agenda is not the subscriber's busy time.
    component.add("TRANSP", "TRANSPARENT")
    location = _location(event)
    if location:
        component.add("LOCATION", one_line(location))
    place = event.place
    if place is not None and place.latitude is not None and place.longitude is not None:
        component.add("GEO", (place.latitude, place.longitude))
    themes = [theme.name for theme in event.themes]
    if themes:
        component.add("CATEGORIES", themes)
    organization = event.organization
    if organization is not None:
        address = f"mailto:{organization.courriel}" if organization.courriel else url
        component.add("ORGANIZER", address, parameters={"CN": one_line(organization.nom)})


def reference_components(event, url: str | None = None) -> list[VEvent]:
    """The event's VEVENTs written with `Component.add` and nothing kept between events."""
    url = url or event_url(event)
    master = VEvent()
    _common(master, event, url, event.last_modified_at)
    master.add("SUMMARY", _summary(event.title, event.public_status))
    if event.all_day:
        master.add("DTSTART", event.start_date)
        master.add("DTEND", event.end_date)  # exclusive, as stored
    else:
        master.add("DTSTART", _moment(event.starts_at, False))
        master.add("DTEND", _moment(event.ends_at, False))
    master.add("STATUS", ICAL_STATUS.get(event.public_status, "CONFIRMED"))
    master.add("DESCRIPTION", _lines(_description(event, url, text=plain_text_reference)))
    if event.rrule:
        rule = _until_matching_dtstart(event.rrule, event.all_day)
        master.add("RRULE", vRecur.from_ical(rule))
    _add_date_lists(master, event)
    components = [master]
    for override, occurrence in _changed_dates(event):
        component = VEvent()
        stamp = max(event.last_modified_at, override.last_modified_at or event.last_modified_at)
        _common(component, event, url, stamp)
        component.add("RECURRENCE-ID", _moment(override.key, event.all_day))
        component.add("SUMMARY", _summary(occurrence.title, occurrence.status))
        component.add("DTSTART", _moment(occurrence.start, event.all_day))
        component.add("DTEND", _moment(occurrence.end, event.all_day))
        component.add("STATUS", ICAL_STATUS.get(occurrence.status, "CONFIRMED"))
        component.add(
            "DESCRIPTION",
            _lines(_description(event, url, occurrence.note, text=plain_text_reference)),
        )
        components.append(component)
    return components


def reference_block(event, url: str | None = None) -> bytes:
    return b"".join(c.to_ical() for c in reference_components(event, url))


def event_calendar(event) -> bytes:
    """A calendar with this one event, for "add to my calendar"."""
    return calendar(event.title, [cached_block(event)])


# --- Cache of serialised events -------------------------------------------------------------


class _BlockCache:
    """Serialised VEVENT blocks, least recently used dropped first.

    A block is a pure function of the row (the key holds the id, SEQUENCE and LAST-MODIFIED,
    which every public change raises), so a process can never serve a stale one and needs no
    invalidation; a few thousand blocks weigh a few megabytes. A new process takes the blocks
    others serialised from the database (published.FeedBlock) rather than serialising them
    again (2 000 events: 1.5 to 2 s of CPU, a third of it descriptions' Markdown, see
    benchmarks/agenda.py).
    """

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, build: Callable[[], bytes]) -> bytes:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                return value
        value = build()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def peek(self, key) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_BLOCKS = _BlockCache(20_000)
#: Whole feeds by ETag: a repeated request only runs the ETag query.
_FEEDS = _BlockCache(64)


def _url_root() -> str:
    return public_root()


def block_key(
    event_id: int,
    sequence: int,
    last_modified_at: datetime,
    organizer_changed_at: datetime | None,
    url_root: str,
) -> tuple:
    """What a VEVENT block depends on; the event's page URL follows from the id and the root.

    The organiser's `updated_at` is there for its name and address (ORGANIZER, LOCATION of its
    places); theme names are referential data that hardly ever change.
    """
    return (event_id, sequence, last_modified_at, organizer_changed_at, url_root)


def cached_block(event) -> bytes:
    organization = event.organization
    key = block_key(
        event.id,
        event.sequence,
        event.last_modified_at,
        organization.updated_at if organization is not None else None,
        _url_root(),
    )
    return _BLOCKS.get(key, lambda: event_block(event))


def lookup_block(key: tuple) -> bytes | None:
    return _BLOCKS.peek(key)


def remember_block(key: tuple, block: bytes) -> bytes:
    """A block serialised elsewhere (kept in the database), now kept by this process too."""
    return _BLOCKS.get(key, lambda: block)


def cached_feed(etag: str) -> bytes | None:
    return _FEEDS.peek(etag)


def store_feed(etag: str, content: bytes) -> bytes:
    return _FEEDS.get(etag, lambda: content)


def naive_feed(name: str, events: Iterable) -> bytes:
    """The feed built the plain way, one icalendar object for everything (benchmark reference)."""
    cal = Calendar.from_ical(calendar(name, []))
    for event in events:
        for component in reference_components(event):
            cal.add_component(component)
    return cal.to_ical()


def clear_caches(*, texts: bool = True) -> None:
    """Forget every block and feed; with `texts`, also what a new process would not know."""
    _BLOCKS.clear()
    _FEEDS.clear()
    if texts:
        plain_text.cache_clear()
        _organizer.cache_clear()
        _rule.cache_clear()
