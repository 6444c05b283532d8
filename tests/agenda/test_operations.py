"""Event operations: creation, changes, public status and the history they leave."""

from datetime import date, datetime

import pytest

from directory.accounts.models import Role
from directory.agenda import display as event_display
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda import recurrence
from directory.core.dates import PARIS
from directory.taxonomy.vocabularies import EventStatus, Fees, ModerationState
from tests.factories import OrganizationFactory, PlaceFactory, UserFactory


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def timed(**extra) -> dict:
    return {
        "title": "Loto de l'école",
        "description": "Nombreux **lots**.",
        "all_day": False,
        "starts_at": paris(2027, 3, 20, 14, 0),
        "ends_at": paris(2027, 3, 20, 18, 0),
        "address": "Salle polyvalente, rue des Écoles",
        "commune": "sergines",
        "themes": ["culture"],
        "publics": ["familles"],
        "frais": Fees.PAID,
        "price_details": "2 € le carton",
        **extra,
    }


def test_create_event_keeps_everything_and_records_the_creation(db):
    org = OrganizationFactory()
    user = UserFactory()
    event = events.create_event(org, user, timed())
    db.session.commit()
    assert event.id and event.uid
    assert event.moderation_state == ModerationState.DRAFT
    assert event.commune.slug == "sergines"
    assert [p.slug for p in event.publics] == ["familles"]
    assert event.slug == "loto-de-l-ecole"
    assert event.sequence == 0
    assert event.series_ends_at == paris(2027, 3, 20, 18, 0)
    [entry] = events.history(event)
    assert entry.number == 1 and entry.action == "create" and entry.author_id == user.id
    assert entry.snapshot["title"] == "Loto de l'école"
    assert entry.snapshot["starts_at"].startswith("2027-03-20T13:00")


def test_a_place_gives_its_commune(db):
    place = PlaceFactory()
    event = events.create_event(OrganizationFactory(), None, timed(place_id=place.id,
                                                                    commune=None))
    assert event.place is place and event.commune.slug == "pont-sur-yonne"
    assert event.address is None


def test_update_touches_and_records_only_real_changes(db):
    event = events.create_event(OrganizationFactory(), None, timed(
        accessibility=["moteur", "auditif"]))
    events.update_event(event, None, {"accessibility": ["auditif", "moteur"]})
    assert len(events.history(event)) == 1
    before = event.last_modified_at
    events.update_event(event, None, timed())
    assert event.sequence == 0 and len(events.history(event)) == 1
    events.update_event(event, None, {"title": "Grand loto"}, base=1)
    assert event.sequence == 1 and event.last_modified_at >= before
    assert [e.action for e in events.history(event)] == ["edit", "create"]
    with pytest.raises(events.StaleEdit) as error:
        events.update_event(event, None, {"title": "Loto d'hiver"}, base=1)
    assert error.value.current_number == 2
    assert error.value.changed == {"title": "Grand loto"}
    assert event.title == "Grand loto"


def test_touch_refreshes_the_series_end(db):
    event = events.create_event(OrganizationFactory(), None, timed(
        rrule=recurrence.build_rrule(recurrence.WEEKLY, date(2027, 3, 20), count=3)))
    assert event.series_ends_at == paris(2027, 4, 3, 18, 0)
    event.rrule = recurrence.build_rrule(recurrence.WEEKLY, date(2027, 3, 20))
    events.touch(event)
    assert event.series_ends_at is None and event.sequence == 1


def test_all_day_events_over_several_days(db):
    event = events.create_event(OrganizationFactory(), None, timed(
        all_day=True, start_date=date(2027, 5, 1), end_date=date(2027, 5, 3)))
    assert event.all_day and event.starts_at == paris(2027, 5, 1)
    assert event.series_ends_at == paris(2027, 5, 3)


def test_submit_or_publish(db):
    staff = UserFactory(role=Role.MODERATOR)
    member = UserFactory()
    plain = events.create_event(OrganizationFactory(), member, timed())
    assert event_moderation.submit_or_publish(plain, member) == ModerationState.SUBMITTED
    trusted = events.create_event(OrganizationFactory(trusted=True), member, timed())
    assert event_moderation.submit_or_publish(trusted, member) == ModerationState.PUBLISHED
    by_staff = events.create_event(OrganizationFactory(), staff, timed())
    assert event_moderation.submit_or_publish(by_staff, staff) == ModerationState.PUBLISHED
    assert by_staff.sequence == 0
    # Editing a published event leaves it published.
    assert event_moderation.submit_or_publish(by_staff, member) == ModerationState.PUBLISHED
    # A waiting event stays waiting when the staff corrects it: the moderation page decides.
    assert event_moderation.submit_or_publish(plain, staff) == ModerationState.SUBMITTED


def test_cancel_postpone_full_stay_visible_and_are_recorded(db):
    event = events.create_event(OrganizationFactory(), None, timed())
    events.cancel(event, None, "Intempéries")
    assert event.public_status == EventStatus.CANCELLED and event.sequence == 1
    events.reopen(event, None)
    events.mark_full(event, None)
    assert event.public_status == EventStatus.FULL
    events.postpone(event, None, paris(2027, 4, 3, 15, 0), "Reporté au 3 avril")
    assert event.public_status == EventStatus.POSTPONED
    assert (event.starts_at, event.ends_at) == (paris(2027, 4, 3, 15), paris(2027, 4, 3, 19))
    assert event.series_ends_at == paris(2027, 4, 3, 19)
    entries = events.history(event)
    assert [e.action for e in entries] == ["postpone", "full", "reopen", "cancel", "create"]
    assert entries[0].note == "Reporté au 3 avril"
    assert entries[-2].snapshot["public_status"] == "cancelled"


def test_a_repeating_event_is_postponed_without_new_date(db):
    event = events.create_event(OrganizationFactory(), None, timed(
        rrule=recurrence.build_rrule(recurrence.WEEKLY, date(2027, 3, 20), count=3)))
    with pytest.raises(ValueError):
        events.postpone(event, None, paris(2027, 4, 3, 15, 0))
    events.postpone(event, None)
    assert event.public_status == EventStatus.POSTPONED


def test_diff_names_what_changed_in_french(db):
    event = events.create_event(OrganizationFactory(), None, timed())
    events.update_event(event, None, {
        "title": "Grand loto", "starts_at": paris(2027, 3, 27, 14), "all_day": False,
        "ends_at": paris(2027, 3, 27, 18), "publics": ["familles", "seniors"],
        "rrule": recurrence.build_rrule(recurrence.WEEKLY, date(2027, 3, 27), count=3),
        "exdates": [paris(2027, 4, 3, 14).isoformat()],
    })
    new, old = [e.snapshot for e in events.history(event)]
    changes = {c.label: (c.old, c.new) for c in event_display.diff(old, new)}
    assert changes["Titre"] == ("Loto de l'école", "Grand loto")
    assert changes["Date et heure"] == ("samedi 20 mars 2027, 14:00 – 18:00",
                                        "samedi 27 mars 2027, 14:00 – 18:00")
    assert changes["Publics"] == ("Familles et parents", "Familles et parents, Seniors")
    assert changes["Répétition"] == ("", "tous les samedis à partir du 27 mars (3 fois)")
    assert changes["Dates exclues"] == ("", "03/04/2027")
    assert set(changes) == {"Titre", "Date et heure", "Publics", "Répétition", "Dates exclues"}


def test_postponing_an_all_day_event_keeps_its_length(db):
    event = events.create_event(OrganizationFactory(), None, timed(
        all_day=True, start_date=date(2027, 5, 1), end_date=date(2027, 5, 3)))
    events.postpone(event, None, date(2027, 6, 5))
    assert (event.start_date, event.end_date) == (date(2027, 6, 5), date(2027, 6, 7))
    assert event.series_ends_at == paris(2027, 6, 7)
    assert events.history(event)[0].snapshot["start_date"] == "2027-06-05"
