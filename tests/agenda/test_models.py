"""Events as stored: times, dates, vocabularies and recurrence survive a round trip."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.agenda import recurrence
from directory.agenda.models import Event, EventOverride
from directory.core.dates import PARIS
from directory.taxonomy.vocabularies import Accessibility, EventStatus, Fees, ModerationState
from tests.factories import OrganizationFactory, PlaceFactory, UserFactory, commune, public, theme


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def reload(db, event_id: int) -> Event:
    db.session.commit()
    db.session.expunge_all()
    return db.session.get(Event, event_id)


def make_event(**fields) -> Event:
    fields.setdefault("title", "Concert de printemps")
    event = Event(organization=OrganizationFactory(), **fields)
    event.set_times(paris(2027, 3, 20, 20, 30), paris(2027, 3, 20, 22, 30))
    return event


def test_a_timed_repeating_event_round_trips(db):
    author_id = UserFactory().id
    place = PlaceFactory()
    event = make_event(
        slug="concert-de-printemps",
        description="Entrée **libre**, au chapeau.",
        place=place,
        commune=place.commune,
        frais=Fees.PAID,
        price_details="8 €, gratuit pour les moins de 12 ans",
        registration_url="https://example.org/inscription",
        accessibility=[Accessibility.MOTOR, Accessibility.HEARING],
        age_min=6,
        age_max=99,
        rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20270531T215959Z",
        exdates=[paris(2027, 4, 3, 20, 30).isoformat()],
        rdates=["2027-07-14"],
        created_by_id=author_id,
    )
    event.themes.append(theme("theatre"))
    event.publics.append(public("enfants"))
    event.overrides.append(
        EventOverride(recurrence_id=paris(2027, 4, 17, 20, 30), public_status=EventStatus.CANCELLED)
    )
    db.session.add(event)
    db.session.flush()
    uid = event.uid

    event = reload(db, event.id)
    assert len(uid) == 36 and event.uid == uid
    assert event.starts_at == paris(2027, 3, 20, 20, 30)
    assert event.starts_at.tzinfo is not None and event.starts_at.utcoffset().total_seconds() == 0
    assert not event.all_day and event.start_date is None
    assert event.place.commune.slug == "pont-sur-yonne" == event.commune.slug
    assert event.frais == Fees.PAID and event.age_min == 6
    assert event.accessibility == ["moteur", "auditif"]
    assert [t.slug for t in event.themes] == ["theatre"]
    assert [p.slug for p in event.publics] == ["enfants"]
    assert event.created_by.id == author_id
    assert (event.moderation_state, event.public_status) == ("draft", "scheduled")
    assert event.sequence == 0 and event.last_modified_at is not None
    assert event.overrides[0].recurrence_id == paris(2027, 4, 17, 20, 30)

    found = recurrence.occurrences(event, paris(2027, 1, 1), paris(2028, 1, 1))
    days = [o.start.astimezone(PARIS).date() for o in found]
    assert date(2027, 4, 3) not in days and date(2027, 7, 14) in days
    assert days[:3] == [date(2027, 3, 20), date(2027, 4, 17), date(2027, 5, 1)]
    assert found[1].is_cancelled and not found[0].is_cancelled


def test_an_all_day_event_keeps_its_dates(db):
    event = Event(
        organization=OrganizationFactory(), title="Brocante", commune=commune("sergines"),
        address="Place de l'Église",
    )  # fmt: skip
    event.set_days(date(2027, 7, 10), date(2027, 7, 12))
    db.session.add(event)
    db.session.flush()
    event = reload(db, event.id)
    assert event.all_day and (event.start_date, event.end_date) == (
        date(2027, 7, 10),
        date(2027, 7, 12),
    )
    assert event.starts_at == paris(2027, 7, 10) and event.ends_at.astimezone(UTC).hour == 22


def test_moderation_and_public_status_are_independent(db):
    event = make_event()
    db.session.add(event)
    db.session.flush()
    # Cancelled while still awaiting moderation, then published: it stays cancelled.
    event.moderation_state = ModerationState.SUBMITTED
    event.public_status = EventStatus.CANCELLED
    event = reload(db, event.id)
    assert (event.moderation_state, event.public_status) == ("submitted", "cancelled")
    event.moderation_state = ModerationState.PUBLISHED
    event = reload(db, event.id)
    assert event.is_published and event.is_cancelled
    event.moderation_state = ModerationState.REFUSED
    event.refusal_reason = "Événement hors du territoire."
    event.public_status = EventStatus.FULL
    event = reload(db, event.id)
    assert not event.is_published and not event.is_cancelled
    assert event.refusal_reason == "Événement hors du territoire."


def test_an_imported_event_is_unique_per_organisation_feed_and_uid(db):
    feed = "https://example.org/agenda.ics"
    first = make_event(source_feed_url=feed, source_uid="abc@example.org")
    db.session.add(first)
    db.session.flush()
    other_feed = Event(organization=first.organization, title="Autre",
                       source_feed_url="https://autre.example/a.ics", source_uid="abc@example.org")
    other_feed.set_times(first.starts_at, first.ends_at)
    # Another organisation importing the same address gets its own events (issue 19.4).
    other_org = make_event(source_feed_url=feed, source_uid="abc@example.org")
    db.session.add_all([other_feed, other_org])
    db.session.flush()
    again = Event(organization=first.organization, title="Doublon", source_feed_url=feed,
                  source_uid="abc@example.org")
    again.set_times(first.starts_at, first.ends_at)
    db.session.add(again)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_uids_differ_and_overrides_are_unique_per_occurrence(db):
    a, b = make_event(), make_event()
    db.session.add_all([a, b])
    db.session.flush()
    assert a.uid != b.uid
    when = paris(2027, 3, 27, 20, 30)
    a.overrides.append(EventOverride(recurrence_id=when, public_status=EventStatus.FULL))
    db.session.flush()
    db.session.add(EventOverride(event=a, recurrence_id=when, public_status=EventStatus.CANCELLED))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(Event)).all() == []


def test_overlapping_finds_series_begun_earlier_and_skips_ended_or_archived_ones(db):
    weekly = make_event(title="Atelier tricot", rrule="FREQ=WEEKLY")
    ended = make_event(title="Cycle terminé", rrule="FREQ=WEEKLY;COUNT=2")
    archived = make_event(title="Archivé", archived_at=paris(2027, 1, 1))
    later = make_event(title="Plus tard")
    later.set_times(paris(2027, 9, 1, 20), paris(2027, 9, 1, 22))
    for event in (weekly, ended, archived, later):
        event.series_ends_at = recurrence.series_end(event)
    db.session.add_all([weekly, ended, archived, later])
    db.session.flush()
    found = db.session.scalars(Event.overlapping(paris(2027, 6, 1), paris(2027, 7, 1))).all()
    assert [e.title for e in found] == ["Atelier tricot"]
    [june_first_saturday] = recurrence.occurrences(found[0], paris(2027, 6, 1), paris(2027, 6, 8))
    assert june_first_saturday.start == paris(2027, 6, 5, 20, 30)
