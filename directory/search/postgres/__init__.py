"""The PostgreSQL full-text engine: search documents in a table, French stems, pg_trgm typos.

Documents are written in the edit's own transaction, so every node sees an edit at once.

Same interface and rules as the Whoosh engine; `directory.search` picks one of the two.
"""

import logging

from flask import Flask

from directory.search import documents, fallback
from directory.search.indexer import CheckReport, session
from directory.search.postgres import engine, store
from directory.search.types import SearchQuery, SearchResults

log = logging.getLogger(__name__)

__all__ = ["check", "register", "reindex", "search"]

register = store.register


def search(q: SearchQuery, app: Flask) -> SearchResults:
    """Never raises because of the search tables: the plain database search answers then."""
    try:
        return engine.run(q, app)
    except Exception:
        log.exception("PostgreSQL search failed: answering from the database")
        return fallback.search(q)


def reindex() -> int:
    with session() as db_session:
        count = store.rebuild(db_session)
        db_session.commit()
    return count


def check() -> CheckReport:
    with session() as db_session:
        indexed = store.indexed_digests(db_session)
        expected = {
            int(d["id"]): store.digest(d) for d in documents.published_documents(db_session)
        }
    report = CheckReport()
    report.missing = sorted(set(expected) - set(indexed))
    report.extra = sorted(set(indexed) - set(expected))
    report.stale = sorted(i for i in set(expected) & set(indexed) if expected[i] != indexed[i])
    return report
