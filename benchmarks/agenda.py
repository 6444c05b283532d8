"""Agenda feed and page benchmark: the iCalendar feed built the naive way and from cached blocks.

    .venv/bin/python benchmarks/agenda.py [--events 2000] [--rounds 20]

Creates its own temporary SQLite database, fills it with `--events` upcoming published events
(a tenth repeating weekly, some with changed or cancelled dates, a few cancelled) spread over
six months, then prints in one run:
- the full /agenda.ics feed built the naive way (every event loaded, one icalendar Calendar
  holding every VEVENT written with `Component.add`, serialised per request) and our way
  (VEVENT blocks serialised once and cached by id, SEQUENCE and LAST-MODIFIED, concatenated,
  kept in memory and in the database): the first build ever (nothing kept anywhere), a new
  worker process's first build (nothing in memory, the blocks in the database: target 4x),
  every block serialised again in a warm process (descriptions' plain text still known), and
  after a change to one event (target 4x), with the ratios to the naive build (wall clock and
  CPU time);
- a repeated GET /agenda.ics (nothing changed: the ETag query and the cached feed);
- a conditional GET /agenda.ics with If-None-Match (304);
- GET /agenda (the listing page).
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory import create_app  # noqa: E402
from directory.agenda import recurrence  # noqa: E402
from directory.agenda.ical import published as feed_queries  # noqa: E402
from directory.agenda.ical import write as ical  # noqa: E402
from directory.agenda.models import Event, EventOverride, FeedBlock  # noqa: E402
from directory.agenda.queries import AgendaFilters  # noqa: E402
from directory.core.dates import PARIS, today_paris  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.listings.models.place import Place  # noqa: E402
from directory.taxonomy.models import Commune, Theme  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402
from directory.taxonomy.vocabularies import EventStatus, ModerationState, Status  # noqa: E402

TARGET_RATIO = 4.0
TARGET_REPEATED_MS = 10.0
TARGET_CONDITIONAL_MS = 3.0
TARGET_PAGE_P95_MS = 60.0

DESCRIPTION = (
    "Rendez-vous **convivial** ouvert à tous : présentation, échanges puis verre de l'amitié. "
    "Prévoir des chaussures confortables ; accès possible en fauteuil roulant. 🎉"
)
TITLES = ["Concert", "Atelier tricot", "Loto", "Conférence", "Randonnée", "Bourse aux livres",
          "Spectacle de marionnettes", "Marché de producteurs", "Répétition", "Exposition"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fill(count: int, seed: int) -> None:
    rng = random.Random(seed)
    communes = db.session.query(Commune).all()
    themes = db.session.query(Theme).all()
    orgs = []
    for n in range(max(10, count // 20)):
        org = Organization(nom=f"Association n° {n + 1}", slug=f"association-{n + 1}",
                           status=Status.PUBLISHED, courriel=f"contact{n}@exemple.fr")
        place = Place(name="Salle des fêtes", adresse=f"{n + 1} rue de la Mairie",
                      commune=rng.choice(communes), latitude=48.2, longitude=3.2)
        org.places.append(place)
        orgs.append(org)
    db.session.add_all(orgs)
    today = today_paris()
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(count):
        org = rng.choice(orgs)
        day = today + timedelta(days=rng.randrange(1, 180))
        title = f"{rng.choice(TITLES)} n° {n + 1}"
        # Each description its own (as in real life): no cache keyed by text helps a cold build.
        event = Event(organization=org, title=title, slug=f"evenement-{n + 1}",
                      description=f"{DESCRIPTION} {title}.",
                      moderation_state=ModerationState.PUBLISHED,
                      place=org.places[0], commune=org.places[0].commune,
                      last_modified_at=stamp, sequence=rng.randrange(3),
                      themes=rng.sample(themes, 2))
        if n % 15 == 0:
            event.set_days(day, day + timedelta(days=2))
        else:
            start = datetime(day.year, day.month, day.day, rng.choice([10, 14, 18, 20]),
                             tzinfo=PARIS)
            event.set_times(start, start + timedelta(hours=2))
        if n % 10 == 0:  # a tenth repeating
            event.rrule = recurrence.build_rrule(
                recurrence.WEEKLY, day, all_day=event.all_day,
                start_time=None if event.all_day else event.starts_at.astimezone(PARIS).timetz(),
                until=day + timedelta(weeks=20),
            )
            if not event.all_day:
                second = event.starts_at + timedelta(weeks=1)
                event.overrides.append(EventOverride(
                    recurrence_id=second, public_status=EventStatus.CANCELLED,
                    last_modified_at=stamp))
                event.exdates = [(event.starts_at + timedelta(weeks=2)).astimezone(PARIS)
                                 .isoformat()]
        if n % 50 == 7:
            event.public_status = EventStatus.CANCELLED
        event.series_ends_at = recurrence.series_end(event)
        db.session.add(event)
    db.session.commit()


#: CPU time of this thread per call, besides wall-clock time: on a machine shared with other
#: busy processes, wall-clock figures mostly measure the wait for a CPU.
CPU: dict[int, list[float]] = {}


def timed(call, rounds: int) -> list[float]:
    samples, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    CPU[id(samples)] = cpu
    return samples


def cpu_figure(samples: list[float]) -> str:
    cpu = CPU[id(samples)]
    return f"(CPU p50 {percentile(cpu, 50):.2f} ms)"


def figure(samples: list[float]) -> str:
    return f"p50 {percentile(samples, 50):7.2f} ms   p95 {percentile(samples, 95):7.2f} ms"


def ratio(naive: list[float], ours: list[float]) -> float:
    """How many times faster than naive, medians against medians."""
    ours_med = statistics.median(ours)
    return statistics.median(naive) / ours_med if ours_med else float("inf")


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30, help="timed requests of each kind")
    parser.add_argument("--build-rounds", type=int, default=3, help="timed feed builds")
    parser.add_argument("--seed", type=int, default=89)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    folder = Path(tempfile.mkdtemp(prefix="agenda-bench-"))
    try:
        run(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, args) -> None:
    app = create_app({
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'agenda.db'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "SERVER_NAME": "localhost",
        # Nothing to count here (and the counts' last write would outlive the folder).
        "OBSERVATORY_COUNTING": False,
    })
    with app.app_context():
        db.create_all()
        sync_territory()
        sync_taxonomy()
        db.session.commit()
        started = time.perf_counter()
        fill(args.events, args.seed)
        print(f"{args.events} upcoming events ({args.events // 10} repeating) "
              f"inserted in {time.perf_counter() - started:.1f} s")
        filters = feed_queries.feed_filters(AgendaFilters(), today_paris())
        name = "Agenda"
        rounds = args.build_rounds

        with app.test_request_context("/agenda.ics"):
            root = "http://localhost/"

            def naive():
                db.session.expire_all()
                return ical.naive_feed(name, feed_queries.feed_events(filters))

            naive_ms = timed(naive, rounds)
            reference = naive()

            def forget_stored():
                db.session.execute(db.delete(FeedBlock))
                db.session.commit()

            def first_ever():
                ical.clear_caches()
                forget_stored()
                db.session.expire_all()
                return feed_queries.assemble(filters, name, root)

            first_ms = timed(first_ever, max(1, rounds - 1))

            def new_worker():
                # Nothing in memory; the blocks the first build stored are in the database.
                ical.clear_caches()
                db.session.expire_all()
                return feed_queries.assemble(filters, name, root)

            feed_queries.assemble(filters, name, root)
            cold_ms = timed(new_worker, max(1, rounds - 1))

            def rebuilt():
                ical.clear_caches(texts=False)
                forget_stored()
                db.session.expire_all()
                return feed_queries.assemble(filters, name, root)

            rebuilt_ms = timed(rebuilt, max(1, rounds - 1))
            ours = feed_queries.assemble(filters, name, root)
            assert ours.count(b"BEGIN:VEVENT") == reference.count(b"BEGIN:VEVENT")

            one = db.session.scalars(db.select(Event).limit(1)).one()

            def after_change():
                # One event changes (its block is rebuilt); every other block comes from memory.
                one.sequence += 1
                one.last_modified_at = datetime.now(UTC)
                db.session.commit()
                db.session.expire_all()
                return feed_queries.assemble(filters, name, root)

            ours_ms = timed(after_change, rounds)

        client = app.test_client()
        first = client.get("/agenda.ics")
        assert first.status_code == 200, first.status_code
        etag = first.headers["ETag"]
        repeated_ms = timed(lambda: client.get("/agenda.ics"), args.rounds)
        conditional_ms = timed(
            lambda: client.get("/agenda.ics", headers={"If-None-Match": etag}), args.rounds
        )
        assert client.get("/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
        page = client.get("/agenda")
        if page.status_code == 200:
            page_ms = timed(lambda: client.get("/agenda"), args.rounds)
        else:
            page_ms = None
        db.engine.dispose()

    size = len(reference) / 1024
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"machine load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    print(f"feed size                         {size:8.0f} Ko, "
          f"{reference.count(b'BEGIN:VEVENT')} VEVENTs")
    print(f"feed build, naive (one Calendar)  {figure(naive_ms)} {cpu_figure(naive_ms)}")
    for label, samples, target in (
        ("feed build, ours, first ever   ", first_ms, False),
        ("feed build, ours, new worker   ", cold_ms, True),
        ("feed build, ours, all rebuilt  ", rebuilt_ms, False),
        ("feed build, ours, after 1 change", ours_ms, True),
    ):
        wall, cpu = ratio(naive_ms, samples), ratio(CPU[id(naive_ms)], CPU[id(samples)])
        said = verdict(min(wall, cpu) >= TARGET_RATIO) if target else "(no target)"
        print(f"{label}  {figure(samples)} {cpu_figure(samples)}   "
              f"{wall:5.1f}x faster than naive ({cpu:.1f}x in CPU time): {said}")
    print(f"GET /agenda.ics repeated          {figure(repeated_ms)} {cpu_figure(repeated_ms)}   "
          f"< 10 ms: {verdict(percentile(repeated_ms, 95) < TARGET_REPEATED_MS)}")
    print(f"GET /agenda.ics If-None-Match     {figure(conditional_ms)} "
          f"{cpu_figure(conditional_ms)}   "
          f"< 3 ms: {verdict(percentile(conditional_ms, 95) < TARGET_CONDITIONAL_MS)}")
    if page_ms is None:
        print(f"GET /agenda                       absent (HTTP {page.status_code}): skipped")
    else:
        print(f"GET /agenda                       {figure(page_ms)} {cpu_figure(page_ms)}   "
              f"p95 < 60 ms: {verdict(percentile(page_ms, 95) < TARGET_PAGE_P95_MS)}")


if __name__ == "__main__":
    main()
