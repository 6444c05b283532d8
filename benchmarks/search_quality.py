"""Relevance benchmark: do people's words find the structures that answer them, on the demo?

    .venv/bin/python benchmarks/search_quality.py [--verbose] [--engine whoosh|postgresql
        --database-url postgresql://…]

Loads the demo directory into a temporary database and index, then runs every judged query of
search_judgements.py through the engines behind `/annuaire` (directory.search.search) and
`/partenaires` (directory.partners.search_services), and through the SQLite FTS5 reference of
fts5_reference.py on the same listings. Prints, per page and engine, success@3 (an answering
listing among the first three), MRR (mean of 1/rank of the first answering listing, 0 when
none) and the queries left with no result at all; --verbose prints every query's top three.
For /partenaires the reference searches the structures (it has no services): a structure counts
once, at the rank of its first service. --engine postgresql loads the same demo into that
database (emptied first, see engines.py) and searches it with the PostgreSQL engine.
"""

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import engines  # noqa: E402
from fts5_reference import build as build_fts  # noqa: E402
from fts5_reference import run as run_fts  # noqa: E402
from search_judgements import DIRECTORY, PARTNERS  # noqa: E402

from directory import create_app  # noqa: E402
from directory.core.extensions import db  # noqa: E402
from directory.listings.models.organization import Organization  # noqa: E402
from directory.search.types import SearchQuery  # noqa: E402

TARGET_SUCCESS_AT_3 = 0.9
DEPTH = 10  # ranks looked at for MRR


def answers(names: list[str], expected: list[str]) -> list[bool]:
    """For each ranked name: does it answer (contains one of the expected parts)?"""
    wanted = [e.casefold() for e in expected]
    return [any(w in name.casefold() for w in wanted) for name in names]


def scores(ranked: list[list[str]], judged: list[tuple[str, list[str]]]) -> dict:
    hits, reciprocal, empty = 0, 0.0, []
    for names, (query, expected) in zip(ranked, judged, strict=True):
        good = answers(names[:DEPTH], expected)
        if any(good[:3]):
            hits += 1
        if True in good:
            reciprocal += 1 / (good.index(True) + 1)
        if not names:
            empty.append(query)
    n = len(judged)
    return {"success@3": hits / n, "mrr": reciprocal / n, "empty": empty}


def unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


def engine_directory(q: str) -> list[str]:
    from directory.search import search

    ids = search(SearchQuery(q=q, per_page=DEPTH)).ids
    orgs = {o.id: o for o in db.session.query(Organization).filter(Organization.id.in_(ids))}
    return [label(orgs[i]) for i in ids]


def label(org: Organization) -> str:
    """The name, then the postcodes of its communes (a postcode query is judged on them)."""
    return " · ".join([org.nom, *sorted({c.postal_code for c in org.communes if c.postal_code})])


def engine_partners(q: str) -> list[str]:
    from directory.partners import queries as partners

    results = partners.search_services(partners.PartnerQuery(q=q, per_page=3 * DEPTH))
    return unique([hit.service.organization.nom for hit in results.hits])[:DEPTH]


def reference(conn: sqlite3.Connection, q: str) -> list[str]:
    ids = run_fts(conn, SearchQuery(q=q, per_page=DEPTH)).ids
    names = dict(conn.execute("SELECT id, nom FROM organizations"))
    return [names[i] for i in ids]


def shown(labels: list[str]) -> list[str]:
    return [name.split(" · ")[0] for name in labels]


def report(title: str, judged, engine_ranked, fts_ranked, verbose: bool) -> bool:
    ours, fts = scores(engine_ranked, judged), scores(fts_ranked, judged)
    print(f"\n{title}: {len(judged)} judged queries")
    print(f"  {'':22} {'success@3':>10} {'MRR':>6} {'no result':>10}")
    for label, s in (("engine", ours), ("FTS5 reference", fts)):
        print(f"  {label:22} {s['success@3']:>10.2f} {s['mrr']:>6.2f} {len(s['empty']):>10}")
    missed = [
        (query, names[:3]) for names, (query, expected) in zip(engine_ranked, judged, strict=True)
        if not any(answers(names[:3], expected))
    ]
    for query, top in missed:
        print(f"  miss « {query} »: {' | '.join(shown(top)) or 'aucun résultat'}")
    if ours["empty"]:
        print(f"  NO RESULT: {', '.join(ours['empty'])}")
    if verbose:
        for names, (query, _) in zip(engine_ranked, judged, strict=True):
            print(f"    « {query} » -> {' | '.join(shown(names[:3]))}")
    ok = ours["success@3"] >= TARGET_SUCCESS_AT_3 and not ours["empty"]
    print(f"  target success@3 >= {TARGET_SUCCESS_AT_3} and no empty answer: "
          f"{'OK' if ok else 'MISSED'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every query's top three")
    engines.add_options(parser)
    args = parser.parse_args(argv)
    engines.check(parser, args)
    sys.stdout.reconfigure(line_buffering=True)
    folder = Path(tempfile.mkdtemp(prefix="search-quality-"))
    try:
        from directory.demo.generate import load_demo

        app = create_app({
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'directory.db'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
        })
        with app.app_context():
            db.create_all()
            load_demo()
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        build_fts(str(folder / "directory.db"))
        with sqlite3.connect(folder / "directory.db") as conn:
            fts = {
                "directory": [reference(conn, q) for q, _ in DIRECTORY],
                "partners": [reference(conn, q) for q, _ in PARTNERS],
            }
        conn.close()
        if args.engine == "postgresql":
            app = create_app(engines.postgresql_config(args.database_url, folder))
            with app.app_context():
                engines.reset_postgresql()
                load_demo()
                db.session.commit()
        print(f"engine: {args.engine}")
        with app.app_context():
            from directory.search import engine_name, reindex

            assert engine_name() == args.engine
            reindex()
            ok = report(
                "/annuaire", DIRECTORY, [engine_directory(q) for q, _ in DIRECTORY],
                fts["directory"], args.verbose,
            )
            ok &= report(
                "/partenaires", PARTNERS, [engine_partners(q) for q, _ in PARTNERS],
                fts["partners"], args.verbose,
            )
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
