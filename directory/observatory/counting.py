"""Audience counting without tracking: page views, searches, feeds, downloads and QR scans.

The CNIL's conditions for audience measurement exempt from consent: no cookie, nothing across
sites, no address or browser string stored, counts only (per day and key), kept 25 months.
Distinct feed subscribers of a day are estimated from a hash of the address and browser salted
with a random value of the day: hashes and salt are deleted the next day, once counted.

Counting must not slow a page: a request only adds to a dictionary in the process; the counts
are written (one upsert per key, adding to the row of the day) after the response is sent, at
most every OBSERVATORY_FLUSH_SECONDS, in a connection of their own, and a failure to write
keeps them for the next time instead of breaking anything. A process that dies loses at most
those seconds of counts.
"""

import atexit
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import Counter
from datetime import date
from urllib.parse import urlencode

from flask import Flask, Response, current_app, redirect, request
from sqlalchemy import delete, func, select

from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.listings.freshness import months_before
from directory.observatory.models import CountKind, DailyCount, DailySalt, DailyVisitor
from directory.printing.qr import SCAN_PARAM, parse_scan

log = logging.getLogger(__name__)

DEFAULT_FLUSH_SECONDS = 10
#: Months counts are kept (the CNIL's 25 months at most).
RETENTION_MONTHS = 25

#: Public sections, by blueprint or endpoint: what page views are counted under.
SECTIONS = {
    "public.home": "accueil",
    "public": "annuaire",
    "partners.index": "partenaires",
    "partners.service": "partenaires",
    "agenda.embed": "agenda-integre",
    "agenda": "agenda",
    "printing.index": "editions",
    "api": "api",
    "exports": "exports",
}
SECTION_LABELS = {
    "accueil": "Accueil",
    "annuaire": "Annuaire des associations",
    "partenaires": "Annuaire partenarial",
    "agenda": "Agenda",
    "agenda-integre": "Agenda intégré à d'autres sites",
    "editions": "Éditions imprimables",
    "api": "API",
    "exports": "Exports de données",
}
#: Searches with words: endpoint and the scope they are counted under.
SEARCHES = {"public.search": "annuaire", "partners.index": "partenaires",
            "agenda.index": "agenda"}
#: Subscription feeds (calendar apps poll them): endpoint -> key.
FEEDS = {"feeds.agenda", "feeds.organization"}
#: Key of the distinct subscribers of all feeds together.
ALL_FEEDS = "*"
_BOTS = re.compile(r"bot|crawl|spider|slurp|facebookexternalhit|preview", re.IGNORECASE)


class Buffer:
    """Counts and hashes of this process not yet written, and the salt of the day."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.visitors: set[tuple[date, str, str]] = set()
        self.last_flush = time.monotonic()
        self.salt: tuple[date, bytes] | None = None
        #: The last day whose older hashes were counted and deleted.
        self.rolled_over: date | None = None

    def add(self, day: date, kind: str, key: str, count: int = 1) -> None:
        with self.lock:
            self.counts[(day, kind, key[:120])] += count

    def clear(self) -> None:
        with self.lock:
            self.counts.clear()
            self.visitors.clear()
            self.salt = None
            self.rolled_over = None
            self.last_flush = time.monotonic()

    def take(self) -> tuple[Counter, set]:
        with self.lock:
            counts, visitors = self.counts, self.visitors
            self.counts, self.visitors = Counter(), set()
            self.last_flush = time.monotonic()
        return counts, visitors

    def put_back(self, counts: Counter, visitors: set) -> None:
        with self.lock:
            self.counts.update(counts)
            self.visitors |= visitors


def buffer(app: Flask | None = None) -> Buffer:
    return (app or current_app).extensions["observatory"]


# What a request counts ------------------------------------------------------------------------


def _section(endpoint: str) -> str | None:
    return SECTIONS.get(endpoint) or SECTIONS.get(endpoint.partition(".")[0])


def _is_bot() -> bool:
    return bool(_BOTS.search(request.headers.get("User-Agent", "")))


def _salt(day: date) -> bytes:
    """The random salt of the day, shared by every process through the database."""
    buf = buffer()
    if buf.salt is not None and buf.salt[0] == day:
        return buf.salt[1]
    with db.engine.begin() as conn:
        salt = conn.scalar(select(DailySalt.salt).where(DailySalt.day == day))
        if salt is None:
            conn.execute(_insert(conn, DailySalt).values(day=day, salt=secrets.token_bytes(32))
                         .on_conflict_do_nothing())
            salt = conn.scalar(select(DailySalt.salt).where(DailySalt.day == day))
    buf.salt = (day, salt)
    return salt


def visitor_digest(salt: bytes, address: str, agent: str) -> str:
    """What stands for a visitor for one day: nothing to go back to the address once the salt
    is gone."""
    return hashlib.sha256(salt + address.encode() + b"\0" + agent.encode()).hexdigest()[:32]


def count_response(response: Response) -> None:
    """What this request adds to the counts (called for every response)."""
    endpoint = request.endpoint
    if request.method != "GET" or endpoint is None:
        return
    status = response.status_code
    buf, day = buffer(), today_paris()
    if endpoint in FEEDS:
        if status not in (200, 304):
            return
        key = request.path
        buf.add(day, CountKind.FEED, key)
        digest = visitor_digest(_salt(day), request.remote_addr or "",
                                request.headers.get("User-Agent", ""))
        with buf.lock:
            buf.visitors.add((day, key[:120], digest))
            buf.visitors.add((day, ALL_FEEDS, digest))
        return
    if status != 200 or _is_bot():
        return
    download = _download_key(endpoint, request.view_args or {})
    if download:
        buf.add(day, CountKind.DOWNLOAD, download)
        return
    section = _section(endpoint)
    if section is None:
        return
    buf.add(day, CountKind.PAGE, section)
    scope = SEARCHES.get(endpoint)
    if scope and request.args.get("q", "").strip() and request.args.get("page", "1") == "1":
        buf.add(day, CountKind.SEARCH, scope)


#: What a clash count says: the organiser checked dates that clash (« Vérifier les dates » or the
#: form's live check), or saved an event while the form showed a clash.
CLASH_CHECKED = "verification"
CLASH_SAVED = "enregistrement"


def count_clash_warning(key: str) -> None:
    """An organiser was shown clashes with other planned events: counted with the day's other
    counts, with nothing of who or which event."""
    if current_app.config["OBSERVATORY_COUNTING"]:
        buffer().add(today_paris(), CountKind.CLASH, key)


def _download_key(endpoint: str, args: dict) -> str | None:
    if endpoint == "printing.directory_pdf":
        return "annuaire"
    if endpoint == "printing.guide_pdf":
        return f"guide-{args.get('slug')}"
    if endpoint == "printing.commune_pdf":
        return f"affiche-{args.get('slug')}"
    if endpoint == "editions.public_pdf":
        return f"agenda-{args.get('year')}-t{args.get('quarter')}"
    return None


def scan_redirect():
    """A page opened from a printed QR code: count the scan, then the page without the tag."""
    if request.method != "GET" or SCAN_PARAM not in request.args:
        return None
    scan = parse_scan(request.args.get(SCAN_PARAM, ""))
    if scan is not None and not _is_bot():
        buffer().add(today_paris(), CountKind.QR, ".".join(scan))
    rest = [(k, v) for k, v in request.args.items(multi=True) if k != SCAN_PARAM]
    target = request.path + ("?" + urlencode(rest) if rest else "")
    response = redirect(target, code=302)
    response.headers["Cache-Control"] = "no-store"
    return response


# Writing the counts ---------------------------------------------------------------------------


def _insert(conn, model):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _add_counts(conn, counts) -> None:
    rows = [{"day": d, "kind": k, "key": key, "count": n}
            for (d, k, key), n in counts.items() if n]
    if not rows:
        return
    stmt = _insert(conn, DailyCount)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["day", "kind", "key"],
        set_={"count": DailyCount.count + stmt.excluded["count"]},
    ), rows)


def write(counts: Counter, visitors: set) -> None:
    """Add counts and today's hashes to the database (one transaction of its own)."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # Never wait seconds behind another writer: the counts wait for the next time.
            conn.exec_driver_sql("PRAGMA busy_timeout = 200")
        try:
            _add_counts(conn, counts)
            if visitors:
                conn.execute(_insert(conn, DailyVisitor).on_conflict_do_nothing(), [
                    {"day": d, "key": k, "digest": h} for d, k, h in visitors])
        finally:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA busy_timeout = 5000")


def roll_over(today: date, conn=None) -> int:
    """Count the distinct subscribers of the days before `today`, then delete their hashes and
    salts; also drop counts past the retention period. Returns the hashes deleted."""
    def run(conn) -> int:
        gone = conn.execute(
            delete(DailyVisitor).where(DailyVisitor.day < today)
            .returning(DailyVisitor.day, DailyVisitor.key)
        ).all()
        subscribers = Counter((day, CountKind.SUBSCRIBERS, key) for day, key in gone)
        _add_counts(conn, subscribers)
        conn.execute(delete(DailySalt).where(DailySalt.day < today))
        conn.execute(delete(DailyCount).where(DailyCount.day < retention_start(today)))
        return len(gone)

    if conn is not None:
        return run(conn)
    with db.engine.begin() as conn:
        return run(conn)


def retention_start(today: date) -> date:
    """The first day still kept."""
    return months_before(today, RETENTION_MONTHS)


def flush(app: Flask | None = None, *, force: bool = True, at_exit: bool = False) -> bool:
    """Write this process's counts (when due, unless forced); never raises."""
    app = app or current_app
    buf = buffer(app)
    seconds = app.config.get("OBSERVATORY_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS)
    if not force and time.monotonic() - buf.last_flush < seconds:
        return False
    counts, visitors = buf.take()
    today = today_paris()
    if not counts and not visitors and (at_exit or buf.rolled_over == today):
        return True
    try:
        with app.app_context():
            if buf.rolled_over != today:
                roll_over(today)
                buf.rolled_over = today
            if counts or visitors:
                write(counts, visitors)
    except Exception:  # the database is busy or away: keep the counts for the next time
        log.warning("observatory counts not written yet", exc_info=True)
        buf.put_back(counts, visitors)
        return False
    return True


def subscribers(start: date, end: date, key: str = ALL_FEEDS) -> int:
    """Sum over the days of the distinct subscribers of a feed (today's from its hashes)."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(DailyCount.count), 0)).where(
            DailyCount.kind == CountKind.SUBSCRIBERS, DailyCount.key == key,
            DailyCount.day >= start, DailyCount.day <= end)) or 0
    live = db.session.scalar(
        select(func.count()).select_from(DailyVisitor).where(
            DailyVisitor.key == key, DailyVisitor.day >= start, DailyVisitor.day <= end)) or 0
    return int(total) + int(live)


def init_app(app: Flask) -> None:
    app.extensions["observatory"] = Buffer()
    app.config.setdefault("OBSERVATORY_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS)
    app.config.setdefault("OBSERVATORY_COUNTING", True)

    @app.before_request
    def _scans():
        if app.config["OBSERVATORY_COUNTING"]:
            return scan_redirect()
        return None

    @app.after_request
    def _count(response: Response) -> Response:
        if not app.config["OBSERVATORY_COUNTING"]:
            return response
        try:
            count_response(response)
        except Exception:  # counting never breaks a page
            log.warning("observatory: request not counted", exc_info=True)
            return response
        # After the response is sent: the visitor does not wait for the counts' write.
        response.call_on_close(lambda: flush(app, force=False))
        return response

    if not app.testing:  # the test database is gone by then
        atexit.register(lambda: flush(app, at_exit=True))
