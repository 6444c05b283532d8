"""`flask agenda import-feeds` against organisations' feeds served by a real local HTTP server."""

import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import func, select

from directory.agenda import imports as event_feeds
from directory.agenda import recurrence
from directory.agenda.ical.read import FeedError, check_url, fetch
from directory.agenda.models import Event, EventFeed, EventRevision
from directory.core.dates import PARIS, today_paris
from directory.core.extensions import db as _db
from directory.taxonomy.vocabularies import EventStatus, ModerationState
from tests.factories import OrganizationFactory, commune

YEAR = today_paris().year + 1  # always in the future


class FeedServer:
    """Serves `content` at /agenda.ics with an ETag; answers 304 to a matching If-None-Match."""

    def __init__(self):
        self.content = b""
        self.etag = '"v1"'
        self.honour_etag = True
        self.status = 200
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.requests.append(dict(self.headers))
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                if server.honour_etag and self.headers.get("If-None-Match") == server.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("ETag", server.etag)
                self.send_header("Content-Length", str(len(server.content)))
                self.end_headers()
                self.wfile.write(server.content)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/agenda.ics"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(app):
    previous = app.config.get("FEED_IMPORT_ALLOW_PRIVATE")
    app.config["FEED_IMPORT_ALLOW_PRIVATE"] = True  # the test server is on loopback
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()
    app.config["FEED_IMPORT_ALLOW_PRIVATE"] = previous


VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def vevent(uid: str, body: str) -> str:
    return f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:{YEAR - 1}0101T000000Z\n{body.strip()}\nEND:VEVENT\n"


def calendar(*events: str) -> bytes:
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//Agenda de l'association//FR\n"
        + VTIMEZONE + "".join(events) + "END:VCALENDAR\n"
    )
    return text.replace("\n", "\r\n").encode()


CONCERT = vevent("concert@asso", f"""
SUMMARY:Concert de printemps
DESCRIPTION:Avec la <b>chorale</b> <script>alert(1)</script>\\nEntrée libre
LOCATION:Salle des fêtes\\, Courlon-sur-Yonne
DTSTART;TZID=Europe/Paris:{YEAR}0411T203000
DTEND;TZID=Europe/Paris:{YEAR}0411T223000
SEQUENCE:0
""")
# Weekly Tuesdays 18:00 from January to June: crosses the March change; one date excluded,
# one moved to 20:00, one cancelled.
WEEKLY = vevent("atelier@asso", f"""
SUMMARY:Atelier tricot
DTSTART;TZID=Europe/Paris:{YEAR}0105T180000
DTEND;TZID=Europe/Paris:{YEAR}0105T200000
RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL={YEAR}0630T215959Z
EXDATE;TZID=Europe/Paris:{YEAR}0119T180000
""") + vevent("atelier@asso", f"""
RECURRENCE-ID;TZID=Europe/Paris:{YEAR}0126T180000
SUMMARY:Atelier tricot (spécial)
DTSTART;TZID=Europe/Paris:{YEAR}0126T200000
DTEND;TZID=Europe/Paris:{YEAR}0126T220000
""") + vevent("atelier@asso", f"""
RECURRENCE-ID;TZID=Europe/Paris:{YEAR}0202T180000
SUMMARY:Atelier tricot
STATUS:CANCELLED
DTSTART;TZID=Europe/Paris:{YEAR}0202T180000
DTEND;TZID=Europe/Paris:{YEAR}0202T200000
""")
FAIR = vevent("brocante@asso", f"""
SUMMARY:Brocante
DTSTART;VALUE=DATE:{YEAR}0516
DTEND;VALUE=DATE:{YEAR}0518
""")
LOTO = vevent("loto@asso", f"""
SUMMARY:Loto
STATUS:CANCELLED
DTSTART:{YEAR}0301T130000Z
DTEND:{YEAR}0301T170000Z
""")
PRIVATE = vevent("bureau@asso", f"""
SUMMARY:Réunion du bureau
CLASS:PRIVATE
DTSTART:{YEAR}0302T170000Z
DTEND:{YEAR}0302T190000Z
""")


def imported(db, org) -> dict[str, Event]:
    db.session.expire_all()
    rows = db.session.scalars(select(Event).where(Event.organization_id == org.id))
    return {e.source_uid: e for e in rows}


@pytest.fixture
def org(db, server):
    org = OrganizationFactory(nom="Les Tricoteuses")
    event_feeds.set_feed(org, None, server.url)
    db.session.commit()
    return org


def run(runner):
    return runner.invoke(args=["agenda", "import-feeds"])


def test_import_twice_then_with_changes(db, runner, server, org):
    server.content = calendar(CONCERT, WEEKLY, FAIR, LOTO, PRIVATE)
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert "4 ajouté(s)" in result.output

    events = imported(db, org)
    assert set(events) == {"concert@asso", "atelier@asso", "brocante@asso", "loto@asso"}
    concert = events["concert@asso"]
    # A non-trusted organisation's events wait for the staff.
    assert {e.moderation_state for e in events.values()} == {ModerationState.SUBMITTED}
    assert concert.starts_at == datetime(YEAR, 4, 11, 18, 30, tzinfo=UTC)
    assert concert.commune.slug == "courlon-sur-yonne"
    assert "chorale" in concert.description
    assert "<" not in concert.description and "alert" not in concert.description
    fair = events["brocante@asso"]
    assert fair.all_day and (fair.start_date, fair.end_date) == (date(YEAR, 5, 16),
                                                                 date(YEAR, 5, 18))
    assert events["loto@asso"].public_status == EventStatus.CANCELLED
    weekly = events["atelier@asso"]
    assert len(weekly.overrides) == 2 and weekly.exdates

    # The agenda expands the series to the dates the source feed gives.
    window = (datetime(YEAR, 1, 1, tzinfo=PARIS), datetime(YEAR, 7, 1, tzinfo=PARIS))
    source = recurring_ical_events.of(Calendar.from_ical(server.content)).between(*window)
    expected = sorted(
        (v.start.astimezone(UTC), str(v.get("STATUS", "CONFIRMED")))
        for v in source if str(v["UID"]) == "atelier@asso"
    )
    ours = sorted(
        (o.start, "CANCELLED" if o.is_cancelled else "CONFIRMED")
        for o in recurrence.occurrences(weekly, *window)
    )
    assert ours == expected and len(ours) > 20
    assert {o.start.astimezone(PARIS).hour for o in recurrence.occurrences(weekly, *window)
            if o.title == "Atelier tricot"} == {18}
    history = db.session.scalar(
        select(func.count()).select_from(EventRevision).where(EventRevision.event_id == concert.id)
    )
    sequences = {uid: e.sequence for uid, e in events.items()}

    # Second run: conditional GET, nothing changes.
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert server.requests[-1].get("If-None-Match") == '"v1"'
    assert "inchangé" in result.output
    # Even when the server ignores the ETag, the same content changes nothing.
    server.honour_etag = False
    assert run(runner).exit_code == 0
    again = imported(db, org)
    assert len(again) == 4
    assert {uid: e.sequence for uid, e in again.items()} == sequences
    assert db.session.scalar(
        select(func.count()).select_from(EventRevision).where(EventRevision.event_id == concert.id)
    ) == history

    # Changes: a new title, the fair gone, a new event.
    server.honour_etag = True
    server.etag = '"v2"'
    server.content = calendar(
        CONCERT.replace("Concert de printemps", "Grand concert de printemps"),
        WEEKLY, LOTO, vevent("expo@asso", f"""
SUMMARY:Exposition
DTSTART;VALUE=DATE:{YEAR}0601
""")
    )
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert "1 ajouté(s), 1 modifié(s), 1 annulé(s), 2 inchangé(s)" in result.output
    after = imported(db, org)
    assert len(after) == 5  # never a duplicate
    assert after["concert@asso"].title == "Grand concert de printemps"
    assert after["concert@asso"].sequence > sequences["concert@asso"]
    assert after["concert@asso"].uid == concert.uid  # the agenda's own UID never changes
    assert after["brocante@asso"].public_status == EventStatus.CANCELLED
    assert after["expo@asso"].end_date == date(YEAR, 6, 2)
    assert after["atelier@asso"].sequence == sequences["atelier@asso"]
    feed = db.session.scalar(select(EventFeed).where(EventFeed.organization_id == org.id))
    assert feed.etag == '"v2"' and feed.last_error is None and feed.last_success_at


def test_trusted_organisation_publishes_to_the_public_feed(db, runner, server, client):
    org = OrganizationFactory(nom="Mairie", trusted=True)
    event_feeds.set_feed(org, None, server.url)
    db.session.commit()
    server.content = calendar(CONCERT, WEEKLY)
    assert run(runner).exit_code == 0
    events = imported(db, org)
    assert {e.moderation_state for e in events.values()} == {ModerationState.PUBLISHED}
    data = client.get(f"/agenda/organisations/{org.slug}.ics").data
    vevents = Calendar.from_ical(data).walk("VEVENT")
    assert {str(v["SUMMARY"]) for v in vevents} >= {"Concert de printemps", "Atelier tricot"}
    assert len([v for v in vevents if "RECURRENCE-ID" in v]) == 2


def test_event_cancelled_in_the_source(db, runner, server, org):
    server.content = calendar(CONCERT)
    assert run(runner).exit_code == 0
    server.etag = '"v2"'
    server.content = calendar(CONCERT.replace("SEQUENCE:0", "SEQUENCE:1\nSTATUS:CANCELLED"))
    assert run(runner).exit_code == 0
    (event,) = imported(db, org).values()
    assert event.public_status == EventStatus.CANCELLED


def test_unreadable_feeds_are_reported(app, db, runner, server, org):
    server.status = 404
    result = run(runner)
    assert result.exit_code == 1
    assert "HTTP 404" in result.output
    db.session.expire_all()
    feed = event_feeds.feed_of(org)
    assert "HTTP 404" in feed.last_error

    server.status = 200
    server.content = b"<html>Ceci n'est pas un calendrier</html>"
    assert run(runner).exit_code == 1
    db.session.expire_all()
    assert "pas un calendrier" in event_feeds.feed_of(org).last_error

    server.content = calendar(CONCERT)
    app.config["FEED_IMPORT_MAX_BYTES"] = 100
    try:
        assert run(runner).exit_code == 1
    finally:
        del app.config["FEED_IMPORT_MAX_BYTES"]
    db.session.expire_all()
    assert "volumineux" in event_feeds.feed_of(org).last_error
    assert imported(db, org) == {}


def test_only_http_and_public_addresses(server):
    for url in ("ftp://exemple.fr/agenda.ics", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(FeedError):
            check_url(url)
    with pytest.raises(FeedError, match="ne peut pas être lue"):
        fetch(server.url)  # loopback, not allowed by default
    assert server.requests == []


def test_new_address_keeps_the_imported_events(db, runner, server, org):
    server.content = calendar(CONCERT)
    assert run(runner).exit_code == 0
    moved = server.url + "?v=2"
    event_feeds.set_feed(org, None, moved)
    _db.session.commit()
    assert run(runner).exit_code == 0
    events = imported(db, org)
    assert len(events) == 1
    (event,) = events.values()
    assert event.source_feed_url == moved and event.public_status == EventStatus.SCHEDULED


def test_no_feed_no_work(db, runner):
    result = run(runner)
    assert result.exit_code == 0 and "Aucun calendrier" in result.output


def test_past_events_leaving_the_feed_are_not_cancelled(db, runner, server, org):
    past = today_paris() - timedelta(days=10)
    server.content = calendar(vevent("ancien@asso", f"""
SUMMARY:Ancien
DTSTART;VALUE=DATE:{past:%Y%m%d}
"""))
    assert run(runner).exit_code == 0
    server.etag = '"v2"'
    server.content = calendar(CONCERT)
    assert run(runner).exit_code == 0
    events = imported(db, org)
    assert events["ancien@asso"].public_status == EventStatus.SCHEDULED


def test_commune_from_location_or_organisation(db, runner, server, org):
    org.communes.append(commune("pont-sur-yonne"))
    db.session.commit()
    server.content = calendar(FAIR)
    assert run(runner).exit_code == 0
    (event,) = imported(db, org).values()
    assert event.commune.slug == "pont-sur-yonne"
