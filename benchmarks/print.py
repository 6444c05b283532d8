"""Quarterly agenda PDF benchmark: 300 events (QR codes included) to an A4 PDF, timed.

    .venv/bin/python benchmarks/print.py [--events 300] [--runs 3] [--workers N]

A temporary SQLite database gets a territory, organisations and events spread over the first
quarter of 2027 (one in six repeating weekly), and an edition. Each run builds the edition's
content from the database, lays it out and writes the PDF, as the staff's download does.

The layout runs in a pool of processes (printing.workers, one per core by default; --workers 1
lays out everything in this process). The first run starts the pool and has empty QR code
caches, as the first edition built by a fresh web worker; the next ones reuse them.
Target: the first run under 5 s of wall clock. The CPU time of the pool's processes is read
when the pool is stopped, after the runs, and shown per build next to this process's own.
"""

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from directory import create_app  # noqa: E402
from directory.accounts.models import (  # noqa: E402
    Role,  # noqa: E402
    User,
)
from directory.agenda.models import Event  # noqa: E402
from directory.agenda.recurrence import WEEKLY, build_rrule, series_end  # noqa: E402
from directory.core.dates import PARIS  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.core.text import slugify  # noqa: E402
from directory.editions import layout as quarterly  # noqa: E402
from directory.editions import operations as editions  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.printing import workers  # noqa: E402
from directory.taxonomy.models import Commune  # noqa: E402
from directory.taxonomy.territory import sync_taxonomy, sync_territory  # noqa: E402
from directory.taxonomy.vocabularies import Fees, ModerationState, Status  # noqa: E402

TARGET_SECONDS = 5.0
WORDS = ["concert", "atelier", "balade", "conférence", "loto", "exposition", "spectacle",
         "marché", "lecture", "randonnée", "tournoi", "bal", "projection", "rencontre", "stage",
         "découverte", "jeux", "fête"]


def populate(count: int) -> None:
    rng = random.Random(2027)
    communes = db.session.scalars(select(Commune)).all()
    orgs = []
    for n in range(60):
        org = Organization(kind="association", nom=f"Association {rng.choice(WORDS)} n° {n + 1}",
                           slug=f"association-{n + 1}", status=Status.PUBLISHED)
        db.session.add(org)
        orgs.append(org)
    db.session.flush()
    for n in range(count):
        day = date(2027, 1, 1) + timedelta(days=rng.randrange(89))
        start = datetime.combine(day, clock(rng.randrange(9, 21), rng.choice((0, 30))),
                                 tzinfo=PARIS)
        title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} n° {n + 1}"
        event = Event(
            organization=rng.choice(orgs), title=title, slug=slugify(title),
            description=" ".join(rng.choice(WORDS) for _ in range(rng.randrange(10, 60))),
            commune=rng.choice(communes), address=f"{rng.randrange(1, 80)} rue de la Mairie",
            frais=rng.choice([Fees.FREE, Fees.PAID]), price_details=rng.choice([None, "5 €"]),
            moderation_state=ModerationState.PUBLISHED,
        )
        event.set_times(start, start + timedelta(hours=2))
        if n % 6 == 0:
            event.rrule = build_rrule(WEEKLY, day, until=date(2027, 3, 31),
                                      start_time=start.timetz().replace(tzinfo=None))
        event.series_ends_at = series_end(event)
        db.session.add(event)
    staff = User(email="agent@exemple.fr", name="Agent", role=Role.MODERATOR)
    db.session.add(staff)
    db.session.flush()
    edition = editions.create(2027, 1, None, date(2026, 12, 1), None,
                              "Un trimestre **riche** en rendez-vous.", staff)
    for event in db.session.scalars(select(Event).limit(count // 10)):
        editions.set_choices(edition, event, included=True, highlighted=True,
                             print_description="Texte raccourci pour le papier.")
    db.session.commit()


def _children_cpu() -> float:
    """CPU seconds of the child processes that have ended (the pool, once stopped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes laying out the parts (default: one per core, at most 4)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="print-bench-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "SERVER_NAME": "agenda.exemple.fr",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                          "SEARCH_INDEX_DIR": str(folder / "index")})
        with app.app_context():
            upgrade()
            sync_territory()
            sync_taxonomy()
            populate(args.events)
            edition = editions.find(2027, 1)
            timings, cpu, pages = [], [], 0
            size = args.workers or workers.default_workers()
            children_before = _children_cpu()
            for run in range(args.runs):
                db.session.expire_all()
                began, began_cpu = time.perf_counter(), time.process_time()
                content = editions.content(edition)
                data = quarterly.render_edition_pdf(content, "a4", workers=size)
                timings.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
                if run == 0:
                    import io

                    from pypdf import PdfReader

                    pages = len(PdfReader(io.BytesIO(data)).pages)
                    (folder.parent / "print-bench.pdf").write_bytes(data)
            workers.shutdown()
            pool_cpu = (_children_cpu() - children_before) / args.runs
            print(f"{len(content['entries'])} printed entries from {args.events} events, "
                  f"{pages} A4 pages, {len(data) // 1024} KiB; {size} layout process(es) on "
                  f"{workers.available_cpus()} CPU(s)")
            print("wall clock (s):            " + ", ".join(f"{t:.2f}" for t in timings))
            print("CPU, this process (s):     " + ", ".join(f"{t:.2f}" for t in cpu))
            print(f"CPU, pool (s, per build):  {pool_cpu:.2f}")
            if len(timings) > 1:
                print(f"later runs (warm pool): median {statistics.median(timings[1:]):.2f} s")
            verdict = "OK" if timings[0] < TARGET_SECONDS else "TOO SLOW"
            print(f"first run (pool started, QR caches empty): {timings[0]:.2f} s wall; "
                  f"target < {TARGET_SECONDS} s: {verdict}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
