"""The public agenda: filters, days in Paris time, repetitions, statuses, event pages, embed."""

from datetime import date, timedelta

from directory import agenda
from directory.agenda import AgendaFilters
from directory.dates import today_paris
from directory.models import EventOverride
from directory.vocabularies import Accessibility, EventStatus, Fees, ModerationState
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    commune,
    paris_time,
    public,
    theme,
)

DAY = date(2030, 6, 1)


def titles(filters: AgendaFilters) -> list[str]:
    return [o.title for o in agenda.occurrences(filters)]


def window(**kwargs) -> AgendaFilters:
    return AgendaFilters(start=DAY, end=DAY + timedelta(days=30), **kwargs)


def at(day: date, hour: int = 14, minute: int = 30, minutes: int = 120):
    start = paris_time(day, hour, minute)
    return {"starts_at": start, "ends_at": start + timedelta(minutes=minutes)}


# --- Filters read from and written to a query string -----------------------------------------


def test_filters_round_trip_through_the_query_string():
    from werkzeug.datastructures import MultiDict

    args = MultiDict(
        [
            ("du", "2030-06-01"),
            ("au", "2030-06-30"),
            ("commune", "sens"),
            ("commune", "pont-sur-yonne"),
            ("theme", "sport"),
            ("public", "enfants"),
            ("organisation", "la-chorale"),
            ("gratuit", "1"),
            ("accessible", "1"),
            ("accessibilite", "moteur"),
        ]
    )
    filters = AgendaFilters.from_args(args)
    assert filters == AgendaFilters(
        start=date(2030, 6, 1),
        end=date(2030, 6, 30),
        communes=["sens", "pont-sur-yonne"],
        themes=["sport"],
        publics=["enfants"],
        organization="la-chorale",
        free_only=True,
        accessible=True,
        accessibility=["moteur"],
    )
    assert AgendaFilters.from_args(MultiDict(filters.to_args())) == filters


def test_unreadable_filters_are_ignored_and_defaults_stay_out_of_urls():
    filters = AgendaFilters.from_args(
        {"du": "demain", "au": "2030-13-45", "commune": "<script>", "accessibilite": "x"}
    )
    assert filters == AgendaFilters()
    assert filters.start == today_paris()
    assert filters.to_args() == {}


def test_named_periods_stay_relative():
    saturday = date(2030, 6, 1)  # a Saturday
    wednesday = date(2030, 6, 5)
    week_end = AgendaFilters.from_args({"periode": "week-end"}, today=wednesday)
    assert (week_end.start, week_end.end) == (date(2030, 6, 8), date(2030, 6, 9))
    assert week_end.to_args() == {"periode": "week-end"}
    on_saturday = AgendaFilters.from_args({"periode": "week-end"}, today=saturday)
    assert (on_saturday.start, on_saturday.end) == (saturday, date(2030, 6, 2))
    month = AgendaFilters.from_args({"periode": "mois"}, today=wednesday)
    assert (month.start, month.end) == (wednesday, date(2030, 6, 30))
    week = AgendaFilters.from_args({"periode": "semaine"}, today=wednesday)
    assert week.end == date(2030, 6, 9)


# --- The query ----------------------------------------------------------------------------------


def test_only_published_non_archived_events_in_the_period(db):
    EventFactory(title="Publié", **at(DAY))
    EventFactory(title="Brouillon", moderation_state=ModerationState.DRAFT, **at(DAY))
    EventFactory(title="En attente", moderation_state=ModerationState.SUBMITTED, **at(DAY))
    EventFactory(title="Refusé", moderation_state=ModerationState.REFUSED, **at(DAY))
    EventFactory(title="Archivé", archived_at=paris_time(DAY), **at(DAY))
    EventFactory(title="Avant", **at(DAY - timedelta(days=1)))
    EventFactory(title="Après", **at(DAY + timedelta(days=31)))
    EventFactory(title="Annulé", public_status=EventStatus.CANCELLED, **at(DAY, 16))
    db.session.commit()
    assert titles(window()) == ["Publié", "Annulé"]


def test_each_filter(db):
    EventFactory(title="Champigny", commune=commune("champigny"), **at(DAY))
    football = EventFactory(title="Football", frais=Fees.PAID, **at(DAY))
    football.themes.append(theme("sports-collectifs"))
    kids = EventFactory(title="Enfants", **at(DAY))
    kids.publics.append(public("enfants"))
    other = OrganizationFactory(slug="la-chorale", nom="La chorale")
    EventFactory(title="Chorale", organization=other, frais=Fees.PAID, **at(DAY))
    EventFactory(
        title="Accessible",
        accessibility=[Accessibility.MOTOR, Accessibility.VISUAL],
        frais=Fees.PAID,
        **at(DAY),
    )
    EventFactory(title="Auditif", accessibility=[Accessibility.HEARING], frais=Fees.PAID, **at(DAY))
    db.session.commit()
    assert titles(window(communes=["champigny"])) == ["Champigny"]
    assert titles(window(themes=["sport"])) == ["Football"]
    assert titles(window(themes=["sports-collectifs"])) == ["Football"]
    assert titles(window(themes=["culture"])) == []  # a parent includes its children
    assert titles(window(publics=["enfants"])) == ["Enfants"]
    assert titles(window(organization="la-chorale")) == ["Chorale"]
    assert set(titles(window(free_only=True))) == {"Champigny", "Enfants"}
    assert set(titles(window(accessible=True))) == {"Accessible", "Auditif"}
    assert titles(window(accessibility=["moteur"])) == ["Accessible"]
    assert titles(window(accessibility=["moteur", "auditif"])) == []


def test_a_repeating_event_shows_on_each_date_and_a_cancelled_date_as_cancelled(db):
    start = paris_time(DAY, 18)
    EventFactory(
        title="Yoga",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        overrides=[
            EventOverride(
                recurrence_id=paris_time(DAY + timedelta(days=7), 18),
                public_status=EventStatus.CANCELLED,
            )
        ],
    )
    db.session.commit()
    found = agenda.occurrences(window())
    assert [o.day for o in found] == [DAY + timedelta(days=7 * n) for n in range(4)]
    assert [o.is_cancelled for o in found] == [False, True, False, False]


def test_days_are_paris_days(db):
    # 23:30 in Paris on 1 June is 21:30 UTC; in winter 23:30 is 22:30 UTC the same day.
    EventFactory(title="Nuit", **at(DAY, 23, 30, minutes=20))
    winter = date(2030, 12, 1)
    EventFactory(title="Hiver", **at(winter, 23, 30, minutes=20))
    db.session.commit()
    assert [o.day for o in agenda.occurrences(window())] == [DAY]
    found = agenda.occurrences(AgendaFilters(start=winter, end=winter))
    assert [(o.title, o.day) for o in found] == [("Hiver", winter)]
    next_day = winter + timedelta(days=1)
    assert agenda.occurrences(AgendaFilters(start=next_day, end=next_day)) == []
