"""Repeating events expanded in Paris local time: daylight saving, exclusions, extra dates."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from directory.agenda import recurrence
from directory.agenda.models import Event, EventOverride
from directory.agenda.recurrence import (
    BIWEEKLY,
    MONTHLY_WEEKDAY,
    WEEKLY,
    build_rrule,
    describe_rrule,
)
from directory.core.dates import PARIS
from directory.taxonomy.vocabularies import EventStatus

HOUR = timedelta(hours=1)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def timed(start: datetime, hours: int = 2, **fields) -> Event:
    event = Event(title="Répétition de la chorale", public_status=EventStatus.SCHEDULED, **fields)
    event.set_times(start.astimezone(UTC), (start + timedelta(hours=hours)).astimezone(UTC))
    return event


def local(occurrences) -> list[datetime]:
    return [o.start.astimezone(PARIS) for o in occurrences]


def whole_year(event) -> list:
    return recurrence.occurrences(event, paris(2026, 1, 1), paris(2028, 1, 1))


def test_weekly_event_keeps_its_local_time_across_the_end_of_march():
    # Daylight saving starts on Sunday 28 March 2027.
    event = timed(paris(2027, 3, 16, 18, 0), rrule="FREQ=WEEKLY;COUNT=4")
    found = local(whole_year(event))
    assert [d.date() for d in found] == [
        date(2027, 3, 16), date(2027, 3, 23), date(2027, 3, 30), date(2027, 4, 6),
    ]  # fmt: skip
    assert {d.time() for d in found} == {time(18, 0)}
    assert [d.utcoffset() for d in found] == [HOUR, HOUR, 2 * HOUR, 2 * HOUR]
    assert [o.start.hour for o in whole_year(event)] == [17, 17, 16, 16]  # in UTC
    assert all(o.end - o.start == 2 * HOUR for o in whole_year(event))


def test_weekly_event_keeps_its_local_time_across_the_end_of_october():
    # Daylight saving ends on Sunday 25 October 2026.
    event = timed(paris(2026, 10, 20, 18, 0), rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=2")
    found = local(whole_year(event))
    assert [(d.day, d.hour, d.utcoffset()) for d in found] == [(20, 18, 2 * HOUR), (27, 18, HOUR)]


def test_every_other_week_until_a_utc_instant():
    event = timed(paris(2027, 1, 5, 18, 0), rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20270331T230000Z")
    days = [d.date() for d in local(whole_year(event))]
    assert days[:3] == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2)]
    assert days[-1] == date(2027, 3, 30)
    assert len(days) == 7


def test_every_other_week_built_from_the_form_choice_includes_the_last_day():
    first = date(2027, 1, 5)
    rule = build_rrule(BIWEEKLY, first, start_time=time(18, 0), until=date(2027, 3, 30))
    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270330T160000Z"
    event = timed(paris(2027, 1, 5, 18, 0), rrule=rule)
    assert local(whole_year(event))[-1] == paris(2027, 3, 30, 18, 0)


def test_monthly_first_saturday():
    rule = build_rrule(MONTHLY_WEEKDAY, date(2027, 1, 2), start_time=time(9, 0), count=4)
    assert rule == "FREQ=MONTHLY;BYDAY=1SA;COUNT=4"
    event = timed(paris(2027, 1, 2, 9, 0), rrule=rule)
    assert [d.date() for d in local(whole_year(event))] == [
        date(2027, 1, 2), date(2027, 2, 6), date(2027, 3, 6), date(2027, 4, 3),
    ]  # fmt: skip
    assert build_rrule(MONTHLY_WEEKDAY, date(2027, 1, 30), nth=-1) == "FREQ=MONTHLY;BYDAY=-1SA"


def test_count_ends_the_series():
    event = timed(paris(2027, 1, 5, 18, 0), rrule=build_rrule(WEEKLY, date(2027, 1, 5), count=3))
    assert len(whole_year(event)) == 3
    with pytest.raises(ValueError):
        build_rrule(WEEKLY, date(2027, 1, 5), count=3, until=date(2027, 3, 1))


def test_excluded_dates_are_gone_even_the_first_one():
    event = timed(
        paris(2027, 1, 5, 18, 0),
        rrule="FREQ=WEEKLY;COUNT=4",
        # By instant, and by day (the event's own time is implied).
        exdates=[paris(2027, 1, 5, 18, 0).isoformat(), "2027-01-19"],
    )
    assert [d.day for d in local(whole_year(event))] == [12, 26]


def test_a_list_of_dates_without_a_rule():
    event = timed(
        paris(2027, 2, 10, 14, 30),
        rdates=["2027-03-17", paris(2027, 7, 14, 10, 0).isoformat()],
    )
    found = local(whole_year(event))
    assert found == [paris(2027, 2, 10, 14, 30), paris(2027, 3, 17, 14, 30), paris(2027, 7, 14, 10)]
    assert found[2].utcoffset() == 2 * HOUR
    assert all(o.recurrence_id is not None for o in whole_year(event))


def test_a_single_event_has_no_recurrence_id_and_respects_the_window():
    event = timed(paris(2027, 5, 1, 10, 0))
    [only] = whole_year(event)
    assert only.recurrence_id is None
    assert recurrence.occurrences(event, paris(2027, 5, 1, 11), paris(2027, 5, 2)) == [only]
    assert recurrence.occurrences(event, paris(2027, 5, 1, 12), paris(2027, 5, 2)) == []
    with pytest.raises(ValueError):
        recurrence.occurrences(event, datetime(2027, 1, 1), datetime(2028, 1, 1))


def test_the_window_cuts_a_long_series():
    event = timed(paris(2027, 1, 5, 18, 0), rrule="FREQ=WEEKLY")
    found = recurrence.occurrences(event, paris(2027, 2, 1), paris(2027, 3, 1))
    assert [d.day for d in local(found)] == [2, 9, 16, 23]


def test_overrides_cancel_move_and_rename_single_occurrences():
    event = timed(paris(2027, 1, 5, 18, 0), rrule="FREQ=WEEKLY;COUNT=4")
    cancelled = EventOverride(
        recurrence_id=paris(2027, 1, 12, 18).astimezone(UTC), public_status=EventStatus.CANCELLED
    )
    # The 26th moves to Thursday 4 February, out of the series' last week.
    moved = EventOverride(
        recurrence_id=paris(2027, 1, 26, 18).astimezone(UTC),
        starts_at=paris(2027, 2, 4, 20).astimezone(UTC),
        title="Répétition générale",
        note="Exceptionnellement le jeudi",
    )
    event.overrides = [cancelled, moved]
    found = whole_year(event)
    assert len(found) == 4
    assert [o.is_cancelled for o in found] == [False, True, False, False]
    assert found[1].recurrence_id == paris(2027, 1, 12, 18)
    assert found[3].start == paris(2027, 2, 4, 20)
    assert found[3].end - found[3].start == 2 * HOUR
    assert found[3].recurrence_id == paris(2027, 1, 26, 18)
    assert (found[3].title, found[3].note) == ("Répétition générale", "Exceptionnellement le jeudi")
    # Moved into a window its original date is not in, and out of the one it was in.
    assert local(recurrence.occurrences(event, paris(2027, 2, 1), paris(2027, 2, 8))) == [
        paris(2027, 2, 4, 20)
    ]
    assert recurrence.occurrences(event, paris(2027, 1, 25), paris(2027, 1, 28)) == []


def test_all_day_event_over_a_weekend_ends_on_the_excluded_monday():
    event = Event(title="Fête de la Saint-Jean", public_status=EventStatus.SCHEDULED)
    event.set_days(date(2027, 6, 26), date(2027, 6, 28))
    assert event.starts_at == paris(2027, 6, 26) and event.ends_at == paris(2027, 6, 28)
    [only] = whole_year(event)
    assert (only.start, only.end) == (date(2027, 6, 26), date(2027, 6, 28))
    # Seen on the Sunday, not on the Monday.
    assert recurrence.occurrences(event, paris(2027, 6, 27, 12), paris(2027, 6, 27, 13))
    assert recurrence.occurrences(event, paris(2027, 6, 28), paris(2027, 6, 29)) == []
    with pytest.raises(ValueError):
        event.set_days(date(2027, 6, 26), date(2027, 6, 26))


def test_repeating_all_day_event_with_a_date_until_and_a_utc_one():
    event = Event(title="Marché de producteurs", public_status=EventStatus.SCHEDULED)
    event.set_days(date(2027, 1, 2), date(2027, 1, 3))
    event.rrule = build_rrule(
        MONTHLY_WEEKDAY, date(2027, 1, 2), all_day=True, until=date(2027, 3, 6)
    )
    assert event.rrule == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270306"
    event.exdates = ["2027-02-06"]
    assert [o.start for o in whole_year(event)] == [date(2027, 1, 2), date(2027, 3, 6)]
    # An imported feed may give a UTC UNTIL to an all-day event: 23:00 UTC is already the 7th.
    event.rrule = "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270306T230000Z"
    event.exdates = []
    assert [o.start.month for o in whole_year(event)] == [1, 2, 3]


def test_a_date_until_on_a_timed_event_counts_the_whole_day():
    event = timed(paris(2027, 1, 5, 18, 0), rrule="FREQ=WEEKLY;UNTIL=20270119")
    assert [d.day for d in local(whole_year(event))] == [5, 12, 19]


def test_french_descriptions():
    assert (
        describe_rrule("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260331T215959Z", date(2026, 1, 6))
        == "tous les mardis du 6 janvier au 31 mars"
    )
    assert describe_rrule("FREQ=WEEKLY", date(2027, 1, 5)) == "tous les mardis"
    assert (
        describe_rrule(
            build_rrule(BIWEEKLY, date(2026, 11, 4), until=date(2027, 3, 1)), date(2026, 11, 4)
        )
        == "un mercredi sur deux du 4 novembre au 1er mars 2027"
    )
    assert describe_rrule("FREQ=MONTHLY;BYDAY=1SA", date(2027, 1, 2)) == (
        "le premier samedi de chaque mois"
    )
    assert describe_rrule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=6", date(2027, 1, 29)) == (
        "le dernier vendredi de chaque mois à partir du 29 janvier (6 fois)"
    )
    assert describe_rrule("FREQ=YEARLY;BYMONTH=7", date(2027, 7, 14)) == "à dates répétées"


def test_series_end_is_the_end_of_the_last_occurrence():
    single = timed(paris(2027, 5, 1, 10, 0))
    assert recurrence.series_end(single) == paris(2027, 5, 1, 12, 0)
    weekly = timed(paris(2027, 3, 16, 18, 0), rrule="FREQ=WEEKLY;COUNT=4")
    assert recurrence.series_end(weekly) == paris(2027, 4, 6, 20, 0)
    weekly.overrides = [
        EventOverride(
            recurrence_id=paris(2027, 4, 6, 18).astimezone(UTC),
            starts_at=paris(2027, 4, 9, 18).astimezone(UTC),
        )
    ]
    assert recurrence.series_end(weekly) == paris(2027, 4, 9, 20, 0)
    assert recurrence.series_end(timed(paris(2027, 3, 16, 18, 0), rrule="FREQ=WEEKLY")) is None
    fair = Event(title="Foire", rdates=["2027-09-04"])
    fair.set_days(date(2027, 5, 1), date(2027, 5, 3))
    assert recurrence.series_end(fair) == paris(2027, 9, 6)


def test_a_time_skipped_by_the_clock_change_moves_an_hour_later_as_rfc_5545_says():
    event = timed(paris(2027, 3, 21, 2, 30), hours=1, rrule="FREQ=WEEKLY;COUNT=3")
    found = local(whole_year(event))
    assert [(d.day, d.hour, d.minute) for d in found] == [(21, 2, 30), (28, 3, 30), (4, 2, 30)]
