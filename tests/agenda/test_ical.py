"""iCalendar output read back by two independent parsers and compared with the agenda's dates.

recurring-ical-events (over icalendar) runs in this process; vobject (over dateutil) runs in a
separate Python process (tests/agenda/ical_readback.py) that imports nothing of the app.
"""

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from directory.agenda import recurrence
from directory.agenda.ical import write as ical
from directory.agenda.models import EventOverride
from directory.core.dates import PARIS
from directory.taxonomy.vocabularies import EventStatus
from tests.factories import EventFactory, OrganizationFactory, PlaceFactory, paris_time, theme

READBACK = Path(__file__).with_name("ical_readback.py")

#: From September to April: crosses the October (31 Oct 2027) and March (26 Mar 2028) changes.
WINDOW = (
    datetime(2027, 9, 1, tzinfo=PARIS),
    datetime(2028, 4, 30, tzinfo=PARIS),
)

LONG_DESCRIPTION = (
    "Répétition générale de la chorale « Les Voix de l'Yonne » : œuvres de Fauré, Saint-Saëns "
    "et Déodat de Séverac, suivies d'un goûter partagé 🎶🥐 ; prévoir des vêtements chauds, "
    "l'église n'est pas chauffée ❄️. Entrée libre, participation bienvenue — à très bientôt ! "
) * 3


@pytest.fixture
def events(db):
    """A weekly 18:00 series with a moved, a cancelled and an excluded date and an extra one;
    an all-day monthly series; a July and a January evening; a cancelled event."""
    org = OrganizationFactory(nom="Chorale « Les Voix de l'Yonne »", courriel="chorale@exemple.fr")
    place = PlaceFactory(name="Église Saint-Martin", latitude=48.28, longitude=3.2)
    first = date(2027, 9, 7)  # a Tuesday
    weekly = EventFactory(
        organization=org,
        title="Répétition de la chorale",
        description=LONG_DESCRIPTION,
        place=place,
        starts_at=paris_time(first, 18, 0),
        ends_at=paris_time(first, 20, 0),
        rrule=recurrence.build_rrule(
            recurrence.WEEKLY, first, start_time=datetime.min.time().replace(hour=18),
            until=date(2028, 4, 25),
        ),
        exdates=[paris_time(date(2027, 11, 2), 18, 0).isoformat()],
        rdates=[paris_time(date(2027, 12, 27), 18, 0).isoformat()],
        overrides=[
            EventOverride(
                recurrence_id=paris_time(date(2027, 11, 9), 18, 0).astimezone(UTC),
                starts_at=paris_time(date(2027, 11, 9), 20, 0).astimezone(UTC),
                ends_at=paris_time(date(2027, 11, 9), 22, 0).astimezone(UTC),
                title="Répétition exceptionnelle",
                note="Exceptionnellement à la salle des fêtes",
            ),
            EventOverride(
                recurrence_id=paris_time(date(2027, 11, 16), 18, 0).astimezone(UTC),
                public_status=EventStatus.CANCELLED,
            ),
        ],
        sequence=3,
    )
    weekly.themes.append(theme("culture"))
    fair = EventFactory(
        organization=org,
        title="Brocante du premier samedi",
        start_date=date(2027, 9, 4),
        end_date=date(2027, 9, 6),
        rrule=recurrence.build_rrule(
            recurrence.MONTHLY_WEEKDAY, date(2027, 9, 4), all_day=True, until=date(2028, 3, 31)
        ),
        exdates=["2027-12-04"],
        overrides=[EventOverride(recurrence_date=date(2028, 1, 1), start_date=date(2028, 1, 8),
                                 end_date=date(2028, 1, 10), title="Brocante décalée")],
        address="Place du marché",
    )
    july = EventFactory(
        organization=org,
        title="Feu d'artifice",
        starts_at=paris_time(date(2027, 7, 14), 21, 0),
        ends_at=paris_time(date(2027, 7, 14), 23, 0),
    )
    january = EventFactory(
        organization=org,
        title="Vœux du maire",
        starts_at=paris_time(date(2028, 1, 15), 10, 0),
        ends_at=paris_time(date(2028, 1, 15), 12, 0),
    )
    cancelled = EventFactory(
        organization=org,
        title="Loto",
        starts_at=paris_time(date(2027, 10, 10), 14, 0),
        ends_at=paris_time(date(2027, 10, 10), 18, 0),
        public_status=EventStatus.CANCELLED,
    )
    db.session.commit()
    return {"weekly": weekly, "fair": fair, "july": july, "january": january,
            "cancelled": cancelled}


@pytest.fixture
def feed(app, events):
    ical.clear_caches()
    with app.test_request_context("/agenda.ics"):
        return ical.calendar("Agenda de test", [ical.cached_block(e) for e in events.values()])


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def agenda_occurrences(events, window=WINDOW) -> list[list]:
    """What the agenda itself shows, in the read-back form."""
    found = []
    for event in events:
        for occ in recurrence.occurrences(event, *window):
            found.append([
                event.uid, _text(occ.start), _text(occ.end),
                ical.ICAL_STATUS.get(occ.status, "CONFIRMED"),
                ical._summary(occ.title, occ.status),
            ])
    return sorted(found)


def icalendar_occurrences(data: bytes, window=WINDOW) -> list[list]:
    calendar = Calendar.from_ical(data)
    found = []
    for vevent in recurring_ical_events.of(calendar).between(*window):
        found.append([
            str(vevent["UID"]), _text(vevent.start), _text(vevent.end),
            str(vevent.get("STATUS", "CONFIRMED")), str(vevent["SUMMARY"]),
        ])
    return sorted(found)


def vobject_occurrences(data: bytes, window=WINDOW) -> list[list]:
    result = subprocess.run(
        [sys.executable, str(READBACK), window[0].isoformat(), window[1].isoformat()],
        input=data, capture_output=True, check=True, timeout=60,
    )
    return json.loads(result.stdout)


@pytest.mark.slow
def test_both_parsers_find_the_agenda_dates_across_clock_changes(feed, events):
    expected = agenda_occurrences(events.values())
    assert len(expected) > 40
    assert icalendar_occurrences(feed) == expected
    assert vobject_occurrences(feed) == expected


@pytest.mark.slow
def test_weekly_evening_stays_at_six_local_time_across_both_changes(feed, events):
    calendar = Calendar.from_ical(feed)
    starts = [
        v.start for v in recurring_ical_events.of(calendar).between(*WINDOW)
        if str(v["UID"]) == events["weekly"].uid and "exceptionnelle" not in str(v["SUMMARY"])
    ]
    assert {s.astimezone(PARIS).hour for s in starts} == {18}
    offsets = {s.utcoffset() for s in starts}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    october = [s for s in starts if s.date() in (date(2027, 10, 26), date(2027, 11, 9))]
    assert [s.astimezone(UTC).hour for s in october] == [16]  # 26 Oct: summer time
    in_vobject = [o for o in vobject_occurrences(feed) if o[0] == events["weekly"].uid]
    assert [
        o[1] for o in in_vobject
        if o[1][:10] in ("2027-10-26", "2027-11-23", "2028-03-21", "2028-03-28")
    ] == ["2027-10-26T16:00:00+00:00", "2027-11-23T17:00:00+00:00", "2028-03-21T17:00:00+00:00",
            "2028-03-28T16:00:00+00:00"]


@pytest.mark.slow
def test_july_and_january_offsets(feed, events):
    calendar = Calendar.from_ical(feed)
    by_uid = {str(v["UID"]): v for v in calendar.walk("VEVENT") if "RECURRENCE-ID" not in v}
    assert by_uid[events["july"].uid].start.utcoffset() == timedelta(hours=2)
    assert by_uid[events["january"].uid].start.utcoffset() == timedelta(hours=1)
    assert b"DTSTART;TZID=Europe/Paris:20270714T210000\r\n" in feed
    read = subprocess.run(
        [sys.executable, str(READBACK), "2027-07-01T00:00:00+02:00", "2028-02-01T00:00:00+01:00"],
        input=feed, capture_output=True, check=True, timeout=60,
    )
    starts = {o[0]: o[1] for o in json.loads(read.stdout) if o[0] != events["weekly"].uid}
    assert starts[events["july"].uid] == "2027-07-14T19:00:00+00:00"
    assert starts[events["january"].uid] == "2028-01-15T09:00:00+00:00"


def test_vtimezone_rules_match_zoneinfo():
    calendar = Calendar.from_ical(ical.calendar("x", []))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert len(vtimezone.walk("STANDARD")) == 1 and len(vtimezone.walk("DAYLIGHT")) == 1
    tz = vtimezone.to_tz()
    day = datetime(2000, 1, 1, 12)
    while day.year < 2040:
        for hour in (1, 12):
            moment = day.replace(hour=hour)
            assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(
                tzinfo=PARIS
            ).utcoffset(), moment
        day += timedelta(days=1)


def test_raw_bytes_crlf_folding_and_utf8(feed):
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n") and feed.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in feed.replace(b"\r\n", b"")
    assert b"\r" not in feed.replace(b"\r\n", b"")
    lines = feed.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never cuts a character in two
    unfolded = Calendar.from_ical(feed)
    descriptions = [str(v["DESCRIPTION"]) for v in unfolded.walk("VEVENT")]
    assert any(LONG_DESCRIPTION.strip() in d for d in descriptions)
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) > 5 and any("🎶".encode() in line for line in folded)


def test_calendar_properties(feed):
    lines = feed.split(b"\r\n")
    for expected in (
        b"VERSION:2.0",
        b"METHOD:PUBLISH",
        b"NAME:Agenda de test",
        b"X-WR-CALNAME:Agenda de test",
        b"REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        b"X-PUBLISHED-TTL:PT6H",
        b"CALSCALE:GREGORIAN",
        b"TZID:Europe/Paris",
    ):
        assert expected in lines, expected
    assert b"VALARM" not in feed
    assert lines.count(b"BEGIN:VTIMEZONE") == 1


def test_event_properties(feed, events):
    calendar = Calendar.from_ical(feed)
    vevents = calendar.walk("VEVENT")
    weekly = [v for v in vevents if str(v["UID"]) == events["weekly"].uid]
    master = next(v for v in weekly if "RECURRENCE-ID" not in v)
    # Overrides are VEVENTs with the series' UID and the original start as RECURRENCE-ID.
    assert len(weekly) == 3
    ids = sorted(v["RECURRENCE-ID"].dt for v in weekly if "RECURRENCE-ID" in v)
    assert ids == [paris_time(date(2027, 11, 9), 18, 0), paris_time(date(2027, 11, 16), 18, 0)]
    assert all(v["SEQUENCE"] == 3 for v in weekly)
    stamp = events["weekly"].last_modified_at.replace(microsecond=0)
    assert master["DTSTAMP"].dt == stamp and master["LAST-MODIFIED"].dt == stamp
    rule = master["RRULE"].to_ical().decode()
    assert "UNTIL=20280425T160000Z" in rule  # 18:00 Paris on the last day, in UTC
    assert b"EXDATE;TZID=Europe/Paris:20271102T180000\r\n" in feed
    assert b"RDATE;TZID=Europe/Paris:20271227T180000\r\n" in feed
    assert str(master["URL"]).endswith(f"/agenda/evenements/{events['weekly'].id}-"
                                       f"{events['weekly'].slug}")
    assert str(master["LOCATION"]).startswith("Église Saint-Martin")
    assert master["ORGANIZER"].params["CN"] == "Chorale « Les Voix de l'Yonne »"
    assert str(master["ORGANIZER"]) == "mailto:chorale@exemple.fr"
    assert master.categories == [t.name for t in events["weekly"].themes]
    assert "**" not in str(master["DESCRIPTION"])
    cancelled_date = next(v for v in weekly if v.get("STATUS") == "CANCELLED")
    assert cancelled_date["RECURRENCE-ID"].dt.date() == date(2027, 11, 16)

    fair = next(v for v in vevents if str(v["UID"]) == events["fair"].uid
                and "RECURRENCE-ID" not in v)
    assert b"DTSTART;VALUE=DATE:20270904\r\n" in feed
    assert b"DTEND;VALUE=DATE:20270906\r\n" in feed  # exclusive end: Saturday and Sunday
    assert "UNTIL=20280331" in fair["RRULE"].to_ical().decode()
    assert b"EXDATE;VALUE=DATE:20271204\r\n" in feed
    assert b"RECURRENCE-ID;VALUE=DATE:20280101\r\n" in feed

    loto = next(v for v in vevents if str(v["UID"]) == events["cancelled"].uid)
    assert loto["STATUS"] == "CANCELLED"
    assert str(loto["SUMMARY"]) == "Annulé : Loto"
    assert next(v for v in vevents if str(v["UID"]) == events["july"].uid)["STATUS"] == "CONFIRMED"


def test_postponed_and_full_show_in_the_title(app, db):
    postponed = EventFactory(title="Bal", public_status=EventStatus.POSTPONED)
    full = EventFactory(title="Atelier", public_status=EventStatus.FULL)
    db.session.commit()
    with app.test_request_context("/"):
        for event, summary, status in (
            (postponed, "Reporté : Bal", "TENTATIVE"),
            (full, "Complet : Atelier", "CONFIRMED"),
        ):
            (vevent,) = Calendar.from_ical(ical.event_calendar(event)).walk("VEVENT")
            assert str(vevent["SUMMARY"]) == summary
            assert vevent["STATUS"] == status


@pytest.mark.slow
def test_single_event_calendar_is_read_by_vobject(app, db):
    event = EventFactory(title="Conférence 🌍 « Le climat »",
                         starts_at=paris_time(date(2027, 7, 2), 20, 30))
    db.session.commit()
    with app.test_request_context("/"):
        data = ical.event_calendar(event)
    assert data.count(b"BEGIN:VEVENT") == 1 and b"BEGIN:VTIMEZONE" in data
    read = subprocess.run(
        [sys.executable, str(READBACK), "2027-07-01T00:00:00+02:00", "2027-07-03T00:00:00+02:00"],
        input=data, capture_output=True, check=True, timeout=60,
    )
    (occurrence,) = json.loads(read.stdout)
    assert occurrence[1] == "2027-07-02T18:30:00+00:00"
    assert occurrence[4] == "Conférence 🌍 « Le climat »"


def test_cached_block_follows_sequence_and_last_modified(app, db):
    event = EventFactory(title="Concert")
    db.session.commit()
    with app.test_request_context("/"):
        first = ical.cached_block(event)
        assert ical.cached_block(event) is first
        event.title = "Concert annulé"
        event.sequence += 1
        event.last_modified_at = event.last_modified_at + timedelta(seconds=5)
        second = ical.cached_block(event)
    assert b"SUMMARY:Concert annul" in second and b"SEQUENCE:1" in second
    assert b"SEQUENCE:0" in first


def test_naive_feed_has_the_same_events(app, events, feed):
    with app.test_request_context("/agenda.ics"):
        naive = ical.naive_feed("Agenda de test", events.values())
    assert icalendar_occurrences(naive) == icalendar_occurrences(feed)


def test_blocks_are_those_icalendar_writes_with_add(app, events):
    """Ready-made property values and the faster folding change no octet of the output."""
    with app.test_request_context("/agenda.ics"):
        for event in events.values():
            assert ical.event_block(event) == ical.reference_block(event)


@pytest.mark.parametrize(
    "text",
    [
        LONG_DESCRIPTION,
        "Atelier **cuisine** _végétarienne_ : [inscription](https://exemple.fr/a?b=1&c=2)",
        "Programme :\n\n- 14 h : accueil\n- 15 h : jeux\n\n1. un\n2. deux\n\n> À noter\n\n### Plan",
        "Ligne un  \nligne deux <script>alert(1)</script> &amp; « citation » 🎉",
        "Code `x < y` et\n\n    bloc indenté\n\n---\n\nFin",
    ],
)
def test_plain_text_matches_render_markdown(text):
    """A converter kept per thread gives what `render_markdown` gives, call after call."""
    for _ in range(2):
        assert ical.plain_text(text) == ical.plain_text_reference(text)
        ical.plain_text.cache_clear()


def test_folding_is_icalendars():
    """`ical.fold` folds as icalendar does: 75 octets, whole characters, escapes kept whole."""
    import random

    from icalendar.parser.string import _foldline

    rng = random.Random(5)
    alphabet = ["a", " ", "é", "🎉", "\\", "^", "€", ",", "ô", "x", "\\n"]
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 300)))
        assert ical.fold(line.encode()) == _foldline(line).encode()
