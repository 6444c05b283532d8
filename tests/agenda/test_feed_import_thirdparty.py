"""The public test calendars of two iCalendar libraries, imported as organisations' feeds.

They are read from the installed packages (icalendar and recurring-ical-events ship their test
calendars in their wheels; see fixtures/thirdparty/README.md): no crash, every VEVENT imported
or reported with its reason, and exact dates for a handful checked by hand.
"""

import re
from datetime import UTC, datetime, time
from importlib.resources import files
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from directory.agenda import imports as event_feeds
from directory.agenda import recurrence
from directory.agenda.ical.read import FeedError, Fetched, parse
from directory.agenda.models import Event
from directory.core.dates import PARIS
from directory.core.extensions import db as _db
from tests.factories import OrganizationFactory

LIBRARIES = {
    "icalendar": Path(str(files("icalendar"))) / "tests" / "calendars",
    "recurring-ical-events": Path(str(files("recurring_ical_events"))) / "test" / "calendars",
}
CALENDARS = sorted(
    (library, path) for library, folder in LIBRARIES.items() for path in folder.glob("*.ics")
)
VEVENT = re.compile(rb"^BEGIN:VEVENT\s*$", re.MULTILINE | re.IGNORECASE)


def test_the_packages_ship_their_calendars():
    counts = {library: sum(1 for lib, _ in CALENDARS if lib == library) for library in LIBRARIES}
    assert counts["icalendar"] > 80 and counts["recurring-ical-events"] > 80, counts


@pytest.mark.filterwarnings("ignore::UserWarning")  # icalendar's guesses at vendor TZIDs
def test_every_calendar_imports_or_says_why(db):
    files_read = files_refused = 0
    for library, path in CALENDARS:
        content = path.read_bytes()
        try:
            parsed = parse(content)
        except FeedError:
            files_refused += 1  # the whole file: its page shows the French reason
            continue
        files_read += 1
        # Every VEVENT of the file is imported, reported, private or an older version.
        assert sum(parsed.outcomes.values()) == len(VEVENT.findall(content)), (path.name,
                                                                              parsed.outcomes)
        # A series left out takes its changed dates with it: one line says why.
        assert bool(parsed.outcomes["problem"]) <= bool(parsed.problems), path.name
        assert all(p.reason for p in parsed.problems)
        org = OrganizationFactory(nom=f"{library} {path.stem}"[:150])
        feed = event_feeds.set_feed(org, None, f"https://exemple.fr/{library}/{path.name}")
        report = event_feeds.import_feed(
            feed, fetcher=lambda _feed, content=content: Fetched(False, content)
        )
        assert report.error is None, (path.name, report.error)
        assert report.added == len({e.uid for e in parsed.events}), path.name
        _db.session.flush()
    assert files_read > 150 and files_refused < 20, (files_read, files_refused)


def _import(db, library: str, name: str):
    content = (LIBRARIES[library] / name).read_bytes()
    org = OrganizationFactory(nom=name)
    feed = event_feeds.set_feed(org, None, f"https://exemple.fr/{name}")
    report = event_feeds.import_feed(feed, fetcher=lambda _feed: Fetched(False, content))
    db.session.flush()
    events = list(db.session.scalars(db.select(Event).where(Event.organization_id == org.id)))
    return content, report, feed, events


def _utc(moment) -> datetime:
    """A start as an instant: a day is its Paris midnight, a floating time a Paris time."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC)


def _ours(events, start, end):
    return sorted(
        (_utc(o.start), o.title) for e in events
        for o in recurrence.occurrences(e, start, end) if not o.is_cancelled
    )


def _theirs(content, start, end):
    return sorted(
        (_utc(v.start), str(v.get("SUMMARY", "")))
        for v in recurring_ical_events.of(Calendar.from_ical(content)).between(start, end)
        if str(v.get("STATUS", "")).upper() != "CANCELLED"
    )


@pytest.mark.parametrize("name, start, end, count", [
    # An RRULE and an RDATE on the same date, an EXDATE removing an RDATE (checked by hand:
    # daily 19:00 UTC from 3 August 2013 to 19 March 2015, and from 3 August 2014 to 19 March
    # 2016: 594 days each; the RDATE falls on a date of the rule).
    ("rdate.ics", datetime(2013, 8, 1, tzinfo=UTC), datetime(2016, 4, 1, tzinfo=UTC), 1188),
    # Three events without UID at the same time: three events, none dropped or merged.
    ("issue_15_duplicated_events.ics", datetime(2013, 8, 1, tzinfo=UTC),
     datetime(2013, 8, 5, tzinfo=UTC), 3),
    # Two RRULEs on one event, in London time: 20 Thursdays from 12 January and the second
    # Mondays of February and March, with DTSTART: 22.
    ("multiple_rrule.ics", datetime(2023, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC),
     22),
    # COUNT=-1 beside UNTIL (a calendar server's export): every fourth Monday, all day, from
    # 2 October 2023 to 18 March 2024 (7 dates), not the first one alone.
    ("issue_128_only_first_event.ics", datetime(2023, 9, 1, tzinfo=UTC),
     datetime(2024, 6, 1, tzinfo=UTC), 7),
    # DTEND before DTSTART: read the other way round.
    ("issue_132_swapped_start_and_end.ics", datetime(2023, 12, 1, tzinfo=UTC),
     datetime(2024, 1, 1, tzinfo=UTC), 1),
    # RANGE=THISANDFUTURE twice, and a single date changed between them. (Its UNTIL is a date
    # on a timed rule, which RFC 5545 forbids: the agenda reads the whole day as included,
    # recurring-ical-events its midnight; the window stops before that last day.)
    ("issue_75_range_parameter.ics", datetime(2024, 9, 1, tzinfo=UTC),
     datetime(2025, 9, 15, tzinfo=UTC), None),
])
def test_exact_dates_of_hand_checked_calendars(db, name, start, end, count):
    content, report, feed, events = _import(db, "recurring-ical-events", name)
    assert report.error is None and not report.problems, report.problems
    ours = _ours(events, start, end)
    assert ours == _theirs(content, start, end)
    if count is not None:
        assert len(ours) == count
    else:
        assert len(ours) > 1


def test_an_unreadable_rule_is_reported_by_event(db):
    _, report, feed, events = _import(db, "recurring-ical-events",
                                      "bad_rrule_missing_until_event.ics")
    assert report.error is None and len(events) == 1
    assert any("« blabla »" in line and "règle de répétition illisible" in line
               for line in feed.last_problems)
