"""The benchmarks' choice of search engine: Whoosh on the SQLite file, or PostgreSQL's own.

    --engine whoosh|postgresql   --database-url postgresql://…  (or DIRECTORY_BENCH_DATABASE_URL)

The PostgreSQL database is emptied and migrated (its tables are dropped: give a database of
its own, e.g. `createdb -h 127.0.0.1 -U postgres dir_bench`).
"""

import argparse
import os

from sqlalchemy import text

ENGINES = ("whoosh", "postgresql")


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="whoosh", help="search engine")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DIRECTORY_BENCH_DATABASE_URL"),
        help="PostgreSQL database for --engine postgresql (emptied!)",
    )


def check(parser: argparse.ArgumentParser, args) -> None:
    if args.engine == "postgresql" and not (args.database_url or "").startswith("postgresql"):
        parser.error("--engine postgresql needs --database-url postgresql://…")


def postgresql_config(url: str, folder) -> dict:
    return {
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_ENGINE": "postgresql",
        "SEARCH_INDEX_DIR": str(folder / "index-unused"),
    }


def reset_postgresql() -> None:
    """Inside the app context: every table dropped, then the migrations to head."""
    from flask_migrate import upgrade

    from directory.core.extensions import db

    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
