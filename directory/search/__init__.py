"""Full-text search of the directory (Whoosh) behind a few functions.

`search()` answers a SearchQuery; the index follows database commits through the outbox
(`outbox.py`) drained after each commit (`indexer.py`); `reindex()`, `drain()` and `check()`
back the `flask search` commands.
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
    "drain",
    "init_app",
    "reindex",
    "search",
]

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Remembers the index directory and listens to the session; touches neither the database
    nor the index (migrations may not have run yet)."""
    from directory.core.extensions import db
    from directory.search import outbox
    from directory.search.commands import search as search_group

    app.extensions["search"] = {"index_dir": app.config["SEARCH_INDEX_DIR"]}
    outbox.register(db.session)
    app.cli.add_command(search_group)


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
    """Applies pending outbox rows to the index; returns how many (0 if another process does)."""
    return indexer.drain(current_app._get_current_object())


def reindex() -> int:
    """Rebuilds the index from the database (atomically for readers); returns the document count."""
    app = current_app._get_current_object()
    count = indexer.reindex(app)
    return count


def check() -> CheckReport:
    """Differences between the index and the published organisations in the database."""
    return indexer.check(current_app._get_current_object())
