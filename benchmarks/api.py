"""API and export benchmark: p50/p95 of every API list and every full export, wall and CPU.

    .venv/bin/python benchmarks/api.py [--size 10000] [--rounds 20]
        [--database-url postgresql://…/h_api_bench]

The territory is the cached synthetic database of benchmarks/search.py (SQLite), or the same
territory generated into --database-url (PostgreSQL, its full-text engine). Requests go through
the Flask test client in this process, so CPU time (time.process_time) is the app's own: the
machine is shared, wall-clock figures are inflated by the others' load. Exports are timed on a
first request with no stored file (the worker busy elsewhere: time to the first byte and to
the last of the build the request streams), then the worker's build, then repeats (the stored
file).
"""

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

from huey.storage import MemoryStorage

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import make_app, percentile, prepare, prepare_postgresql  # noqa: E402

from directory import search as engine  # noqa: E402
from directory.core import jobs  # noqa: E402
from directory.core.extensions import db  # noqa: E402

LISTS = [
    "/api/v1/organisations",
    "/api/v1/organisations?per_page=100",
    "/api/v1/organisations?q=atelier",
    "/api/v1/organisations?q=football&commune={commune}",
    "/api/v1/organisations?theme=sport&page=3",
    "/api/v1/organisations?tri=nom&page=5",
    "/api/v1/organisations?modifie_depuis=2020-01-01",
    "/api/v1/services",
    "/api/v1/services?per_page=100",
    "/api/v1/services?page=2&theme=sport",
    "/api/v1/services?q=atelier",
    "/api/v1/services?q=atelier+enfants&commune={commune}",
    "/api/v1/services?tri=-modifie_le&page=10",
    "/api/v1/services?modifie_depuis=2020-01-01",
    "/api/v1/services?organisation={slug}",
    "/api/v1/evenements",
    "/api/v1/evenements?q=concert&periode=mois",
    "/api/v1/missions",
    "/api/v1/thematiques",
    "/api/v1/publics",
    "/api/v1/communes",
]
EXPORTS = [
    "/exports/annuaire.csv",
    "/exports/data-inclusion/structures.json",
    "/exports/data-inclusion/structures.csv",
    "/exports/data-inclusion/services.json",
    "/exports/data-inclusion/services.csv",
    "/exports/benevolat.csv",
]


def _examples(app) -> dict:
    from directory.listings.models.organization import Organization
    from directory.taxonomy.models import Commune
    from directory.taxonomy.vocabularies import Status

    with app.app_context():
        slug = db.session.scalar(db.select(Organization.slug)
                                 .where(Organization.status == Status.PUBLISHED).limit(1))
        commune = db.session.scalar(db.select(Commune.slug).where(Commune.in_territory)
                                    .order_by(Commune.id).limit(1))
        db.session.remove()
    return {"slug": slug, "commune": commune}


def timed(client, path: str) -> tuple[float, float, float, object]:
    """(ms to the first byte, ms to the last, CPU ms, response)."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path, buffered=False)
    chunks = iter(response.response)
    first = next(chunks, b"")
    first_ms = (time.perf_counter() - wall) * 1000
    size = len(first) + sum(len(c) for c in chunks)
    response.close()
    response.size = size
    return first_ms, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, \
        response


def line(label: str, walls: list[float], cpus: list[float], response, extra: str = "") -> None:
    print(f"  {response.status_code} wall p50 {statistics.median(walls):7.0f} "
          f"p95 {percentile(walls, 95):7.0f} ms  cpu p50 {statistics.median(cpus):7.0f} "
          f"p95 {percentile(cpus, 95):7.0f} ms  {response.size / 1e6:6.2f} Mo{extra}  {label}")


def clear_stored_exports(app) -> None:
    """The exports' stored files, if this version of the app keeps them."""
    with app.app_context():
        try:
            from directory.printing.models import PrintedFile
            db.session.execute(db.delete(PrintedFile).where(PrintedFile.kind.like("export%")))
            db.session.commit()
        finally:
            db.session.remove()


def bench(app, rounds: int, label: str, only: str | None = None) -> None:
    app.config.update(SERVER_NAME="localhost", JOBS_IMMEDIATE=True, RATELIMIT_ENABLED=False)
    jobs._apps[:] = [app]  # tasks run in this app (create_app made others since)
    jobs.configure(app)
    examples = _examples(app)
    client = app.test_client()
    print(f"\n{label}  (load average {os.getloadavg()[0]:.2f})")
    print("API lists:")
    for template in LISTS if only != "exports" else ():
        path = template.format(**examples)
        timed(client, path)  # warm-up: caches, first connection
        walls, cpus = [], []
        for _ in range(rounds):
            _, wall, cpu, response = timed(client, path)
            walls.append(wall)
            cpus.append(cpu)
        line(path, walls, cpus, response)
    print("Full exports (first build: no stored file; then repeats):")
    for path in EXPORTS if only != "lists" else ():
        clear_stored_exports(app)
        # The worker is elsewhere: the visitor's request streams a build of its own...
        jobs.queue.immediate = False
        jobs.queue.storage = MemoryStorage("bench")
        try:
            first_byte, wall, cpu, response = timed(client, path)
            print(f"  {response.status_code} first request, no file: first byte "
                  f"{first_byte:7.0f} ms, last {wall:7.0f} ms, cpu {cpu:7.0f} ms  "
                  f"{response.size / 1e6:6.2f} Mo  {path}")
            # ...and the worker builds the file that the next requests get.
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in list(jobs.queue.pending()):
                jobs.queue.execute(jobs.queue.dequeue())
            print(f"      worker build: wall {(time.perf_counter() - wall) * 1000:7.0f} ms, "
                  f"cpu {(time.process_time() - cpu) * 1000:7.0f} ms")
        finally:
            jobs.configure(app)
        walls, cpus, firsts = [], [], []
        for _ in range(max(3, rounds // 4)):
            first_byte, wall, cpu, response = timed(client, path)
            walls.append(wall)
            cpus.append(cpu)
            firsts.append(first_byte)
        line(path + " (repeat)", walls, cpus, response,
             f"  first byte p50 {statistics.median(firsts):5.0f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=89)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--only", choices=("lists", "exports"), default=None)
    args = parser.parse_args(argv)
    folder, how = prepare(args.size, args.seed)
    if args.database_url:
        app = prepare_postgresql(args.size, args.seed, args.database_url, folder)
        label = f"{args.size} organisations on PostgreSQL"
    else:
        app = make_app(folder)
        label = f"{args.size} organisations on SQLite ({how})"
    with app.app_context():
        # Whoosh's index lives beside the cached database; PostgreSQL's in its tables.
        marker = folder / ("indexed-" + hashlib.sha256(args.database_url.encode()).hexdigest()[:8]
                           if args.database_url else "indexed")
        if not marker.exists():
            start = time.perf_counter()
            engine.reindex()
            print(f"search index rebuilt in {time.perf_counter() - start:.1f} s")
            marker.touch()
        db.session.remove()
    bench(app, args.rounds, label, args.only)


if __name__ == "__main__":
    main()
