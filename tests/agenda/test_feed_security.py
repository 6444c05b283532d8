"""Feed imports cannot reach another organisation's events (issue 19.4), the loopback through
DNS rebinding or odd IPv6 spellings (19.3), nor hold the import queue with a slow server (19.10).
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from directory.agenda import imports as event_feeds
from directory.agenda.ical import fetch as ical_fetch
from directory.agenda.ical.fetch import FeedError, fetch
from directory.agenda.models import Event
from directory.taxonomy.vocabularies import EventStatus
from tests.agenda import test_feed_import
from tests.agenda.test_feed_import import CONCERT, FAIR, YEAR, calendar, imported, run, vevent
from tests.agenda.test_feed_import_page import path_of, post
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of

server = test_feed_import.server  # the loopback feed server fixture

CONCERT_CHANGED = vevent("concert@asso", f"""
SUMMARY:Concert annulé par B
DTSTART;TZID=Europe/Paris:{YEAR}0411T203000
DTEND;TZID=Europe/Paris:{YEAR}0411T223000
SEQUENCE:1
""")


def test_another_organisation_giving_the_same_address_gets_its_own_events(
    db, client, runner, server
):
    a = OrganizationFactory(nom="Les Tricoteuses")
    event_feeds.set_feed(a, None, server.url)
    db.session.commit()
    server.content = calendar(CONCERT, FAIR)
    assert run(runner).exit_code == 0
    before = imported(db, a)
    assert set(before) == {"concert@asso", "brocante@asso"}
    event_feeds.set_feed(a, None, "")  # A stops its import: the address is free again
    b = OrganizationFactory(nom="Club concurrent")
    db.session.commit()

    sign_in(client, member_of(b))
    assert post(client, b, server.url).status_code == 302
    server.content = calendar(CONCERT_CHANGED)  # the fair left the feed
    server.etag = '"v2"'
    assert run(runner).exit_code == 0

    mine = imported(db, a)
    assert mine["concert@asso"].title == "Concert de printemps"
    assert mine["brocante@asso"].public_status != EventStatus.CANCELLED
    theirs = imported(db, b)
    assert set(theirs) == {"concert@asso"}
    assert theirs["concert@asso"].title == "Concert annulé par B"
    page = client.get(path_of(b)).text
    assert "Brocante" not in page and "Concert de printemps" not in page
    assert db.session.scalar(select(Event).where(Event.title == "Brocante")).organization_id == a.id


# --- DNS rebinding and IPv6 spellings of the loopback (19.3) ---------------------------------


class SteeredResolver:
    """The module's name resolution, answering each lookup of a name from a list in turn."""

    def __init__(self, answers: dict[str, list[list[str]]]):
        self.answers = answers
        self.lookups: list[str] = []

    def __call__(self, host, port):
        self.lookups.append(host)
        queue = self.answers[host]
        return queue.pop(0) if len(queue) > 1 else queue[0]


def test_a_name_rebound_to_the_loopback_after_the_check_is_not_fetched(server, monkeypatch):
    server.content = calendar(CONCERT)
    port = server.httpd.server_address[1]
    # First answer public (the check), every later one the loopback (the connection).
    resolver = SteeredResolver({"agenda.rebind.example": [["8.8.8.8"], ["127.0.0.1"]]})
    monkeypatch.setattr(ical_fetch, "resolve", resolver)
    with pytest.raises(FeedError):
        fetch(f"http://agenda.rebind.example:{port}/agenda.ics", timeout=2)
    assert server.requests == []  # the loopback server was never reached
    assert resolver.lookups == ["agenda.rebind.example"]  # one lookup: the checked address


@pytest.mark.parametrize("address", [
    "::127.0.0.1", "64:ff9b::7f00:1", "::ffff:127.0.0.1", "2002:7f00:1::1", "64:ff9b:1::a00:1",
    "::ffff:10.0.0.1", "fe80::1", "::1",
])
def test_ipv6_spellings_of_private_addresses_are_refused(server, monkeypatch, address):
    port = server.httpd.server_address[1]
    with pytest.raises(FeedError, match="ne peut pas être lue"):
        fetch(f"http://[{address}]:{port}/agenda.ics")
    monkeypatch.setattr(ical_fetch, "resolve", SteeredResolver({"feed.example": [[address]]}))
    with pytest.raises(FeedError, match="ne peut pas être lue"):
        fetch(f"http://feed.example:{port}/agenda.ics")
    assert server.requests == []



# --- A slow server cannot hold the import (19.10) --------------------------------------------


class TricklingServer:
    """Answers 200, then 8 bytes of calendar every `interval` seconds, for ever."""

    def __init__(self, interval: float, in_headers: bool = False):
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                if not in_headers:
                    self.wfile.write(b"Content-Type: text/calendar\r\n\r\n")
                self.wfile.flush()
                piece = b"X-Slow: 12345\r\n" if in_headers else b"BEGIN:VC"
                while not outer.stop.wait(interval):
                    try:
                        self.wfile.write(piece)
                        self.wfile.flush()
                    except OSError:
                        return

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/agenda.ics"

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_whole_fetch_deadline(in_headers):
    slow = TricklingServer(interval=0.5, in_headers=in_headers)
    try:
        started = time.monotonic()
        with pytest.raises(FeedError, match="trop lent"):
            fetch(slow.url, allow_private=True, timeout=2)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    # Each read came well within the per-read time; the fetch as a whole is bounded.
    assert 1.9 < elapsed < 3.5


def test_the_import_command_bounds_a_slow_feed(app, db, runner):
    slow = TricklingServer(interval=0.5)
    saved = {k: app.config[k] for k in ("FEED_IMPORT_ALLOW_PRIVATE", "FEED_IMPORT_TIMEOUT")
             if k in app.config}
    app.config.update(FEED_IMPORT_ALLOW_PRIVATE=True, FEED_IMPORT_TIMEOUT=2)
    try:
        org = OrganizationFactory(nom="Association lente")
        event_feeds.set_feed(org, None, slow.url)
        db.session.commit()
        started = time.monotonic()
        run(runner)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
        app.config.pop("FEED_IMPORT_TIMEOUT", None)
        app.config.update(saved)
    assert elapsed < 4
    db.session.expire_all()
    assert "trop lent" in event_feeds.feed_of(org).last_error


class Redirector:
    """Answers every GET with a redirect to `location` (a loop when it points at itself)."""

    def __init__(self, location: str | None = None):
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                outer.hits += 1
                self.send_response(302)
                self.send_header("Location", outer.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/agenda.ics"
        self.location = location or self.url

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_each_redirect_is_checked_again_and_their_number_bounded():
    hop = Redirector("file:///etc/passwd")
    try:
        with pytest.raises(FeedError, match="http:// ou https://"):
            fetch(hop.url, allow_private=True)
    finally:
        hop.close()
    loop = Redirector()
    try:
        with pytest.raises(FeedError, match="redirige trop"):
            fetch(loop.url, allow_private=True)
        assert loop.hits == 6  # the first request and five redirects
    finally:
        loop.close()
