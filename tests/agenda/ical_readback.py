"""Occurrences of an iCalendar feed as vobject (dateutil) reads it: run in a separate process.

    python tests/agenda/ical_readback.py START END < feed.ics

(START/END: ISO datetimes with offset.)

Prints a JSON list of [uid, start, end, status, summary]: timed starts/ends in UTC ISO form,
all-day ones as ISO dates. Changed occurrences (RECURRENCE-ID) replace the rule's ones, as
calendar applications do. Independent of the app: imports neither `directory` nor icalendar.
"""

import json
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import vobject

PARIS = ZoneInfo("Europe/Paris")


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat()


def _key(value) -> str:
    return _text(value)


def main() -> None:
    start = datetime.fromisoformat(sys.argv[1])
    end = datetime.fromisoformat(sys.argv[2])
    calendar = vobject.readOne(sys.stdin.read())
    masters, overrides = {}, {}
    for vevent in calendar.vevent_list:
        uid = vevent.uid.value
        if hasattr(vevent, "recurrence_id"):
            overrides.setdefault(uid, {})[_key(vevent.recurrence_id.value)] = vevent
        else:
            masters[uid] = vevent
    found = []
    for uid, master in masters.items():
        first = master.dtstart.value
        length = master.dtend.value - first
        all_day = not isinstance(first, datetime)
        if hasattr(master, "rrule") or hasattr(master, "rdate"):
            starts = list(master.getrruleset(addRDate=True))
        else:
            starts = [first]
        changed = overrides.get(uid, {})
        for moment in starts:
            if all_day and isinstance(moment, datetime):
                moment = moment.date()
            override = changed.get(_key(moment))
            source = override or master
            if override is not None:
                begin, finish = override.dtstart.value, override.dtend.value
            else:
                begin, finish = moment, moment + length
            status = source.status.value if hasattr(source, "status") else "CONFIRMED"
            if all_day:
                low = datetime.combine(begin, datetime.min.time(), tzinfo=PARIS)
                high = datetime.combine(finish, datetime.min.time(), tzinfo=PARIS)
            else:
                low, high = begin, finish
            if low < end and high > start:
                found.append([uid, _text(begin), _text(finish), status, source.summary.value])
    found.sort()
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
