"""Search latency benchmark: the directory's engine vs an SQLite FTS5 reference, and the page.

    .venv/bin/python benchmarks/search.py [--sizes 1000,10000,100000] [--queries 40]
        [--engine whoosh|postgresql --database-url postgresql://…]

For each size, a synthetic territory is generated once into benchmarks/.cache/ (kept between
runs, keyed by size, seed and database schema), the search index is rebuilt from scratch and
timed, then the fixed query mix of bench_queries.py runs through `directory.search.search()`,
through the FTS5 reference of fts5_reference.py, and (at 10 000) through GET /annuaire.
--engine postgresql generates the same territory into that database (emptied, see engines.py;
kept between runs of the same size and seed) and times the PostgreSQL engine instead.
"""

import argparse
import hashlib
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import engines  # noqa: E402
from bench_queries import QUERIES, page_params  # noqa: E402
from fts5_reference import build as build_fts  # noqa: E402
from fts5_reference import run as run_fts  # noqa: E402

from directory import create_app  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.search.types import SearchQuery  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
PAGE_SIZE = 10_000
TARGET_RATIO_FTS = 1.0  # engine text p95 <= FTS5 text p95 at 10 000
TARGET_P95_100K_MS = 50.0
TARGET_PAGE_P95_MS = 60.0
TARGET_AFTER_EDIT_P95_MS = 50.0
TARGET_INDEX_100K_S = 120.0
#: Edits timed for "first search after an edit" (each one a commit, then one search).
EDITS = 20


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def schema_key() -> str:
    """Changes when a table or column changes, so a stale cached database is not reused."""
    with create_app({"SECRET_KEY": "bench"}).app_context():
        columns = sorted(f"{t.name}.{c.name}" for t in db.metadata.tables.values() for c in t.c)
    return hashlib.sha256("\n".join(columns).encode()).hexdigest()[:10]


def make_app(folder: Path):
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'directory.db'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
        }
    )


def prepare(size: int, seed: int) -> tuple[Path, str]:
    """The cached database for this size, generated when missing."""
    folder = CACHE / f"size-{size}-seed-{seed}-{schema_key()}"
    marker = folder / "generated.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        return folder, f"cached (generated in {info['insert']:.1f} s)"
    for stale in CACHE.glob(f"size-{size}-seed-{seed}-*"):  # built with an older schema
        shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True)
    from directory.demo.generate import load_synthetic

    app = make_app(folder)
    with app.app_context():
        db.create_all()
        timings = load_synthetic(size, seed=seed, reindex=False)
        db.engine.dispose()
    marker.write_text(json.dumps(timings))
    return folder, f"generated in {timings['insert']:.1f} s"


def prepare_postgresql(size: int, seed: int, url: str, folder: Path):
    """An app on the PostgreSQL database holding the same territory (generated when missing)."""
    from sqlalchemy import text

    app = create_app(engines.postgresql_config(url, folder))
    key = f"{size}-{seed}-{schema_key()}"
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE IF NOT EXISTS bench_info (key text)"))
            known = conn.execute(text("SELECT key FROM bench_info")).scalar()
        if known != key:
            from directory.demo.generate import load_synthetic

            engines.reset_postgresql()
            load_synthetic(size, seed=seed, reindex=False)
            with db.engine.begin() as conn:
                conn.execute(text("DELETE FROM bench_info"))
                conn.execute(text("INSERT INTO bench_info VALUES (:key)"), {"key": key})
        db.session.remove()
    return app


def latencies(calls, rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds per call: (first pass, `rounds` further passes).

    The first pass is each query asked for the first time: the engine keeps per-term caches,
    so the repeated passes show a busy server's warm figures and the first pass the cold ones.
    """

    def one_pass():
        out = []
        for call in calls:
            started = time.perf_counter()
            call()
            out.append((time.perf_counter() - started) * 1000)
        return out

    first = one_pass()
    return first, [sample for _ in range(rounds) for sample in one_pass()]


def slowest(samples: list[float], queries, count: int = 4) -> str:
    """The queries with the highest median, e.g. "judo (theme=sport) 120 ms"."""
    per_query = [samples[i :: len(queries)] for i in range(len(queries))]
    medians = sorted(
        ((statistics.median(times), q) for times, q in zip(per_query, queries, strict=True)),
        key=lambda pair: -pair[0],
    )
    return ", ".join(f"{describe(q)} {ms:.0f} ms" for ms, q in medians[:count])


def describe(query) -> str:
    filters = [f"{k}={v}" for k, v in page_params(query).items() if k != "q"]
    return repr(query.q) + (f" ({', '.join(filters)})" if filters else "")


def figure(samples: list[float]) -> str:
    return f"p50 {percentile(samples, 50):6.1f} ms   p95 {percentile(samples, 95):6.1f} ms"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def bench_size(size: int, seed: int, count: int, rounds: int, page: bool, args) -> dict:
    from directory import search

    folder, origin = prepare(size, seed)
    shutil.rmtree(folder / "index", ignore_errors=True)
    app = make_app(folder)
    if args.engine == "postgresql":
        app = prepare_postgresql(size, seed, args.database_url, folder)
    queries = QUERIES[:count]
    text_queries = [q for q in queries if q.q.strip()]
    row: dict = {"size": size}
    print(f"\n== {size:,} organisations ({origin}), engine {args.engine} ==".replace(",", " "))
    with app.app_context():
        started, started_cpu = time.perf_counter(), time.process_time()
        search.reindex()
        row["index_s"] = time.perf_counter() - started
        print(
            f"  index build (engine)      {row['index_s']:7.1f} s"
            f"   (CPU of this process {time.process_time() - started_cpu:.1f} s)"
        )

        search.search(SearchQuery(per_page=1))  # opens the index: not part of any query
        first, repeated = latencies([lambda q=q: search.search(q) for q in queries], rounds)

        def text_only(samples):  # the queries FTS5 can run too (those with words)
            return [ms for i, ms in enumerate(samples) if queries[i % len(queries)].q.strip()]

        row["engine"], row["engine_text"] = first, text_only(first)
        row["engine_warm"], row["engine_text_warm"] = repeated, text_only(repeated)
        print(f"  engine, {len(queries)} queries, 1st time {figure(first)}")
        print(f"  engine, {len(text_queries)} text, 1st time   {figure(row['engine_text'])}")
        print(f"  engine, {len(queries)} queries, repeated {figure(repeated)}")
        print(f"  engine, {len(text_queries)} text, repeated   {figure(row['engine_text_warm'])}")
        print(f"  engine, slowest 1st time: {slowest(first, queries)}")
        row["after_edit"], row["after_edit_cpu"] = after_edits(queries)
        print(
            f"  1st search after an edit  {figure(row['after_edit'])}"
            f"   (CPU p95 {percentile(row['after_edit_cpu'], 95):.1f} ms)"
        )

        database = str(folder / "directory.db")
        started = time.perf_counter()
        build_fts(database)
        row["fts_build_s"] = time.perf_counter() - started
        conn = sqlite3.connect(database)
        _, fts_samples = latencies([lambda q=q: run_fts(conn, q) for q in text_queries], rounds)
        conn.close()
        row["fts"] = fts_samples
        print(f"  FTS5 index build          {row['fts_build_s']:7.1f} s")
        print(f"  FTS5, {len(text_queries)} text queries      {figure(fts_samples)}")

        if page:
            client = app.test_client()
            probe = client.get("/annuaire", query_string={"q": "judo"})
            if probe.status_code != 200:
                print(f"  page /annuaire            absent (HTTP {probe.status_code}): skipped")
            else:
                calls = [
                    lambda q=q: client.get("/annuaire", query_string=page_params(q))
                    for q in queries
                ]
                row["page"] = latencies(calls, rounds)[1]
                print(f"  page /annuaire, {len(queries)} queries {figure(row['page'])}")
        db.engine.dispose()
    return row


def after_edits(queries) -> tuple[list[float], list[float]]:
    """Milliseconds (wall, CPU) of the first search after each of EDITS commits.

    Each edit renames a published organisation and commits it, as an organiser saving their
    listing does: the index gets a new segment, and the next search must see it.
    """
    from directory import search
    from directory.listings.models.organization import Organization
    from directory.taxonomy.vocabularies import Status

    ids = db.session.scalars(
        db.select(Organization.id)
        .where(Organization.status == Status.PUBLISHED)
        .order_by(Organization.id)
        .limit(EDITS)
    ).all()
    wall, cpu = [], []
    for i, org_id in enumerate(ids):
        org = db.session.get(Organization, org_id)
        org.nom = f"{org.nom} {i}"
        db.session.commit()
        search.drain()  # what the commit left to the worker, if anything: not part of a search
        query = queries[i % len(queries)]
        started, started_cpu = time.perf_counter(), time.process_time()
        search.search(query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def summary(rows: list[dict]) -> None:
    print("\nEngine figures are first-time queries (cold term caches); warm = repeated queries.")
    print(
        "size      index   engine p50/p95   warm p95   text p95   FTS5 p95   page p95   "
        "edit p95   targets"
    )
    for row in rows:
        p95 = percentile(row["engine"], 95)
        text95, fts95 = percentile(row["engine_text"], 95), percentile(row["fts"], 95)
        page95 = percentile(row["page"], 95) if "page" in row else None
        targets = []
        if row["size"] == PAGE_SIZE:
            ratio = text95 / fts95 if fts95 else float("inf")
            targets.append(f"text p95 <= FTS5: {ratio:.2f}x {verdict(ratio <= TARGET_RATIO_FTS)}")
            if page95 is not None:
                targets.append(f"page p95 < 60 ms: {verdict(page95 < TARGET_PAGE_P95_MS)}")
        edit95 = percentile(row["after_edit"], 95)
        if row["size"] >= 100_000:
            targets.append(f"text p95 < 50 ms: {verdict(text95 < TARGET_P95_100K_MS)}")
            targets.append(
                f"after an edit p95 < 50 ms: {verdict(edit95 < TARGET_AFTER_EDIT_P95_MS)}"
            )
            targets.append(f"index < 2 min: {verdict(row['index_s'] < TARGET_INDEX_100K_S)}")
        page_text = f"{page95:7.1f}" if page95 is not None else "      -"
        print(
            f"{row['size']:>7}  {row['index_s']:5.1f} s  {percentile(row['engine'], 50):6.1f}/"
            f"{p95:6.1f} ms  {percentile(row['engine_warm'], 95):6.1f}     {text95:6.1f}     "
            f"{fts95:6.1f}   {page_text}    {edit95:6.1f}     " + "; ".join(targets)
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated sizes")
    parser.add_argument("--queries", type=int, default=len(QUERIES), help="how many of the mix")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the mix")
    parser.add_argument("--seed", type=int, default=89)
    engines.add_options(parser)
    args = parser.parse_args(argv)
    engines.check(parser, args)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows even when redirected
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    count = max(1, min(args.queries, len(QUERIES)))
    rows = [
        bench_size(size, args.seed, count, args.rounds, size == PAGE_SIZE, args) for size in sizes
    ]
    summary(rows)


if __name__ == "__main__":
    main()
