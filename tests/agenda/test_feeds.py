"""The agenda's iCalendar feeds as a calendar application fetches them."""

from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar

from directory.agenda import operations as event_ops
from directory.agenda import recurrence
from directory.agenda.ical import write as ical
from directory.core.dates import PARIS, today_paris
from directory.core.models import utcnow
from directory.taxonomy.vocabularies import EventStatus, ModerationState, Status
from tests.agenda.test_ical import agenda_occurrences, icalendar_occurrences, vobject_occurrences
from tests.factories import EventFactory, OrganizationFactory, commune, paris_time, theme


def uids(response) -> set[str]:
    calendar = Calendar.from_ical(response.data)
    return {str(v["UID"]) for v in calendar.walk("VEVENT")}


def titles(response) -> set[str]:
    calendar = Calendar.from_ical(response.data)
    return {str(v["SUMMARY"]) for v in calendar.walk("VEVENT")}


def in_days(days: int, hour: int = 18) -> datetime:
    return paris_time(today_paris() + timedelta(days=days), hour, 0)


def test_feed_headers(client, db):
    EventFactory(title="Concert")
    db.session.commit()
    response = client.get("/agenda.ics", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Encoding" not in response.headers
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Last-Modified"]
    cache = response.cache_control
    assert cache.public and cache.max_age and cache.no_transform
    assert "Set-Cookie" not in response.headers
    assert titles(response) == {"Concert"}
    lines = response.data.split(b"\r\n")
    assert b"METHOD:PUBLISH" in lines and b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
    assert any(line.startswith(b"X-WR-CALNAME:Agenda") for line in lines)


def test_conditional_requests(client, db):
    event = EventFactory(title="Concert")
    db.session.commit()
    first = client.get("/agenda.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    again = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get("/agenda.ics", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/agenda.ics", headers={"If-None-Match": '"autre"'}).status_code == 200

    # A public change: new ETag, the old one gets the whole feed again.
    event_ops.cancel(event, None)
    db.session.commit()
    changed = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"STATUS:CANCELLED" in changed.data


def test_same_bytes_without_a_data_change(client, db):
    EventFactory(title="Concert", rrule="FREQ=WEEKLY;COUNT=5")
    db.session.commit()
    first = client.get("/agenda.ics").data
    ical.clear_caches()  # built again from the data, not served from memory
    second = client.get("/agenda.ics").data
    assert first == second
    stamps = [line for line in first.split(b"\r\n") if line.startswith(b"DTSTAMP")]
    assert stamps and len(set(stamps)) == 1


def test_sequence_rises_and_cancelled_events_stay(client, db):
    event = EventFactory(title="Loto")
    db.session.commit()

    def vevent():
        (found,) = Calendar.from_ical(client.get("/agenda.ics").data).walk("VEVENT")
        return found

    before = vevent()
    event_ops.cancel(event, None, "Salle indisponible")
    db.session.commit()
    after = vevent()
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt
    assert after["STATUS"] == "CANCELLED" and str(after["SUMMARY"]) == "Annulé : Loto"


def test_only_published_events_of_the_last_30_days_and_later(client, db):
    shown = EventFactory(title="Publié")
    recent = EventFactory(title="Il y a 20 jours", starts_at=in_days(-20),
                          ends_at=in_days(-20) + timedelta(hours=2))
    EventFactory(title="Il y a 40 jours", starts_at=in_days(-40),
                 ends_at=in_days(-40) + timedelta(hours=2))
    for state in (ModerationState.DRAFT, ModerationState.SUBMITTED, ModerationState.REFUSED):
        EventFactory(title=f"État {state}", moderation_state=state)
    EventFactory(title="Archivé", archived_at=utcnow())
    db.session.commit()
    response = client.get("/agenda.ics")
    assert uids(response) == {shown.uid, recent.uid}
    # The page's period does not narrow a feed.
    assert uids(client.get("/agenda.ics?periode=demain")) == {shown.uid, recent.uid}


def test_filters_apply(client, db):
    here = EventFactory(title="À Pont", commune=commune("pont-sur-yonne"), frais="gratuit")
    elsewhere = EventFactory(title="Ailleurs", commune=commune("courlon-sur-yonne"),
                             frais="payant")
    here.themes.append(theme("culture"))
    db.session.commit()
    assert uids(client.get("/agenda.ics?commune=pont-sur-yonne")) == {here.uid}
    assert uids(client.get("/agenda.ics?commune=courlon-sur-yonne")) == {elsewhere.uid}
    assert uids(client.get("/agenda.ics?theme=culture")) == {here.uid}
    assert uids(client.get("/agenda.ics?gratuit=1")) == {here.uid}
    both = client.get("/agenda.ics")
    assert uids(both) == {here.uid, elsewhere.uid}
    filtered = client.get("/agenda.ics?commune=pont-sur-yonne")
    assert filtered.headers["ETag"] != both.headers["ETag"]
    assert b"X-WR-CALNAME:Agenda" in filtered.data and b"Pont-sur-Yonne" in filtered.data


def test_organization_feed(client, db):
    org = OrganizationFactory(nom="Comité des fêtes")
    mine = EventFactory(organization=org, title="Bal")
    EventFactory(title="Autre")
    hidden = OrganizationFactory(nom="Brouillon", status=Status.DRAFT)
    EventFactory(organization=hidden)
    db.session.commit()
    response = client.get(f"/agenda/organisations/{org.slug}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert uids(response) == {mine.uid}
    assert "X-WR-CALNAME:Agenda – Comité des fêtes".encode() in response.data
    etag = response.headers["ETag"]
    again = client.get(f"/agenda/organisations/{org.slug}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/agenda/organisations/inconnue.ics").status_code == 404
    assert client.get(f"/agenda/organisations/{hidden.slug}.ics").status_code == 404


@pytest.mark.slow
def test_feeds_read_back_by_two_parsers_match_the_agenda(client, db):
    """Over a year from today: both clock changes, a weekly 18:00, overrides, all-day dates."""
    from directory.agenda.models import EventOverride

    org = OrganizationFactory(nom="Chorale")
    start = in_days(3)
    second = start + timedelta(days=7)
    weekly = EventFactory(
        organization=org, title="Répétition", starts_at=start, ends_at=start + timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=50",
        exdates=[(start + timedelta(days=14)).isoformat()],
        overrides=[EventOverride(recurrence_id=second.astimezone(UTC),
                                 public_status=EventStatus.CANCELLED)],
    )
    day = today_paris() + timedelta(days=5)
    fair = EventFactory(organization=org, title="Brocante", start_date=day,
                        end_date=day + timedelta(days=2), rrule="FREQ=MONTHLY;COUNT=12")
    single = EventFactory(title="Conférence", starts_at=in_days(200, 20),
                          ends_at=in_days(200, 22))
    db.session.commit()
    window = (
        datetime.combine(today_paris() - timedelta(days=30), time(0), tzinfo=PARIS),
        datetime.combine(today_paris() + timedelta(days=400), time(0), tzinfo=PARIS),
    )
    offsets = {
        o.start.astimezone(PARIS).utcoffset()
        for o in recurrence.occurrences(weekly, *window)
    }
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # the window crosses a change
    for path, events in (
        ("/agenda.ics", [weekly, fair, single]),
        (f"/agenda/organisations/{org.slug}.ics", [weekly, fair]),
    ):
        data = client.get(path).data
        expected = agenda_occurrences(events, window)
        assert len(expected) >= 55
        assert icalendar_occurrences(data, window) == expected
        assert vobject_occurrences(data, window) == expected
        local = {
            datetime.fromisoformat(o[1]).astimezone(PARIS).time()
            for o in expected if o[0] == weekly.uid
        }
        assert local == {start.time()}


def test_new_event_appears_after_the_feed_was_cached(client, db):
    EventFactory(title="Premier")
    db.session.commit()
    first = client.get("/agenda.ics")
    EventFactory(title="Second", starts_at=in_days(9), ends_at=in_days(9, 20))
    db.session.commit()
    second = client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert titles(second) == {"Premier", "Second"}


def test_an_event_leaving_the_feed_changes_its_version(client, db):
    kept = EventFactory(title="Gardé")
    leaving = EventFactory(title="Retiré")
    db.session.commit()
    first = client.get("/agenda.ics")
    leaving.archived_at = utcnow()
    db.session.commit()
    second = client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert uids(second) == {kept.uid}
    leaving.archived_at = None
    leaving.moderation_state = ModerationState.REFUSED
    db.session.commit()
    third = client.get("/agenda.ics", headers={"If-None-Match": second.headers["ETag"]})
    assert third.status_code == 200 and uids(third) == {kept.uid}


def test_a_renamed_organiser_shows_in_the_feed(client, db):
    org = OrganizationFactory(nom="Comité des fêtes")
    EventFactory(organization=org, title="Bal")
    db.session.commit()
    first = client.get("/agenda.ics")
    org.nom = "Comité des fêtes de Michery"
    db.session.commit()
    second = client.get("/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    (vevent,) = Calendar.from_ical(second.data).walk("VEVENT")
    assert vevent["ORGANIZER"].params["CN"] == "Comité des fêtes de Michery"


def test_feed_blocks_are_the_plain_icalendar_build(app, client, db):
    """Themes and changed dates loaded as rows give the blocks `Component.add` gives."""
    from directory.agenda.ical import published as feed_queries
    from directory.agenda.models import Event, EventOverride

    start = in_days(4)
    weekly = EventFactory(
        title="Atelier", starts_at=start, ends_at=start + timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=5",
        overrides=[EventOverride(recurrence_id=(start + timedelta(days=7)).astimezone(UTC),
                                 public_status=EventStatus.CANCELLED)],
    )
    weekly.themes.extend([theme("culture"), theme("sport")])
    single = EventFactory(title="Conférence", starts_at=in_days(6), ends_at=in_days(6, 20))
    db.session.commit()
    data = client.get("/agenda.ics").data
    db.session.expire_all()
    with app.test_request_context("/agenda.ics"):
        for event_id in (weekly.id, single.id):
            event = db.session.scalars(
                db.select(Event).where(Event.id == event_id).options(*feed_queries.FEED_OPTIONS)
            ).one()
            assert ical.reference_block(event) in data
    assert data.count(b"BEGIN:VEVENT") == 3 and b"CATEGORIES:" in data


def test_a_new_process_reads_the_blocks_others_serialised(client, db):
    """The blocks a feed serialised are kept in the database: a process that has none in
    memory (here: forgotten) takes them from there instead of serialising the events again;
    a changed event gets a new block, in place of its old one."""
    from sqlalchemy import select, update

    from directory.agenda.models import FeedBlock

    event = EventFactory(title="Loto")
    EventFactory(title="Concert", starts_at=in_days(5), ends_at=in_days(5, 20))
    db.session.commit()
    assert titles(client.get("/agenda.ics")) == {"Loto", "Concert"}
    assert len(db.session.scalars(select(FeedBlock)).all()) == 2
    # What another process stored is what is served (a marked copy shows it was read).
    stored = db.session.scalar(select(FeedBlock.body).where(FeedBlock.event_id == event.id))
    marked = stored.replace(b"SUMMARY:Loto", b"SUMMARY:Loto (lu en base)")
    db.session.execute(update(FeedBlock).where(FeedBlock.event_id == event.id)
                       .values(body=marked))
    db.session.commit()
    ical.clear_caches()
    assert titles(client.get("/agenda.ics")) == {"Loto (lu en base)", "Concert"}
    # A change gives the event a new key: its block is serialised again and replaces the old.
    event_ops.cancel(event, None, "Salle indisponible")
    db.session.commit()
    assert titles(client.get("/agenda.ics")) == {"Annulé : Loto", "Concert"}
    bodies = db.session.scalars(select(FeedBlock.body).where(FeedBlock.event_id == event.id))
    assert [b"Annul" in body for body in bodies] == [True]
