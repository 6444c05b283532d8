"""Full-text search of the directory behind a few functions, on one of two engines.

Whoosh (the embedded default): the index follows database commits through the outbox
(`outbox.py`) drained after each commit (`indexer.py`). PostgreSQL (`postgres/`, the default on
a PostgreSQL database, SEARCH_ENGINE to choose): documents written in the edit's transaction,
seen by every node. `search()` answers a SearchQuery; `reindex()`, `drain()` and `check()` back
the `flask search` commands.
"""

import dataclasses
import logging

from flask import Flask, current_app

from directory.search import fallback, indexer, query, snapshot
from directory.search.indexer import CheckReport
from directory.search.types import FacetValue, SearchQuery, SearchResults

__all__ = [
    "CheckReport",
    "FacetValue",
    "SearchQuery",
    "SearchResults",
    "check",
    "engine_name",
    "drain",
    "init_app",
    "reindex",
    "search",
]

log = logging.getLogger(__name__)

ENGINES = ("whoosh", "postgresql")


def _choose_engine(app: Flask) -> str:
    """SEARCH_ENGINE if set, else PostgreSQL's own engine on a PostgreSQL database."""
    on_postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    name = app.config.get("SEARCH_ENGINE") or ("postgresql" if on_postgresql else "whoosh")
    if name not in ENGINES:
        raise ValueError(f"SEARCH_ENGINE must be one of {', '.join(ENGINES)}, not {name!r}")
    if name == "postgresql" and not on_postgresql:
        raise ValueError("SEARCH_ENGINE = 'postgresql' needs a PostgreSQL database")
    return name


def init_app(app: Flask) -> None:
    """Remembers the engine and the index directory and listens to the session; touches
    neither the database nor the index (migrations may not have run yet)."""
    from directory.core.extensions import db
    from directory.search import outbox, postgres
    from directory.search.commands import search as search_group

    app.extensions["search"] = {
        "index_dir": app.config["SEARCH_INDEX_DIR"],
        "engine": _choose_engine(app),
    }
    outbox.register(db.session)
    postgres.register(db.session)
    app.cli.add_command(search_group)


def engine_name(app: Flask | None = None) -> str:
    """"whoosh" or "postgresql": the engine this app searches with."""
    app = app or current_app._get_current_object()
    return app.extensions["search"]["engine"]


def _postgres():
    from directory.search import postgres

    return postgres


def _normalized(q: SearchQuery) -> SearchQuery:
    per_page = min(max(1, q.per_page), query.MAX_PER_PAGE)
    return dataclasses.replace(q, q=q.q or "", page=max(1, q.page), per_page=per_page)


def search(q: SearchQuery) -> SearchResults:
    """Published organisations matching the query, best first (A-Z for an empty query).

    Never raises because of the index: a missing or damaged one is rebuilt, and the database
    answers if even that fails.
    """
    app = current_app._get_current_object()
    q = _normalized(q)
    if engine_name(app) == "postgresql":
        return _postgres().search(q, app)
    try:
        return query.run(snapshot.current(app), q, app)
    except Exception:
        log.warning("search index unreadable: rebuilding it", exc_info=True)
        snapshot.forget(app)
    try:
        indexer.rebuild_if_broken(app)
        return query.run(snapshot.current(app), q, app)
    except Exception:
        log.exception("search index still unreadable: answering from the database")
        snapshot.forget(app)
        return fallback.search(q)


def drain() -> int:
    """Applies pending outbox rows to the index; returns how many (0 if another process does,
    always 0 for PostgreSQL, whose documents are written with the edits)."""
    if engine_name() == "postgresql":
        return 0
    return indexer.drain(current_app._get_current_object())


def reindex() -> int:
    """Rebuilds the index from the database (atomically for readers); returns the document count."""
    app = current_app._get_current_object()
    if engine_name(app) == "postgresql":
        return _postgres().reindex()
    count = indexer.reindex(app)
    return count


def check() -> CheckReport:
    """Differences between the index and the published organisations in the database."""
    if engine_name() == "postgresql":
        return _postgres().check()
    return indexer.check(current_app._get_current_object())
