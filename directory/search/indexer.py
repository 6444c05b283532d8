"""Writing the index: drain the outbox, rebuild, compare with the database; one writer at a time.

Writers across processes (gunicorn workers, CLI) take an OS lock on a file next to the index.
Draining never waits for it: the holder loops until the outbox is empty, and checks again once it
has released the lock, so rows committed meanwhile are never left behind.
"""

import fcntl
import gc
import logging
import os
import shutil
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.writing import CLEAR

from directory.core.extensions import db
from directory.search import documents
from directory.search.models import SearchOutbox
from directory.search.schema import build_schema

log = logging.getLogger(__name__)

#: Outbox rows handled per index commit.
DRAIN_BATCH = 500
#: Processes analysing documents during a full rebuild, at most (and at most one per core).
REBUILD_PROCS = 4


def index_dir(app: Flask) -> Path:
    return Path(app.extensions["search"]["index_dir"])


@contextmanager
def write_lock(app: Flask, blocking: bool):
    """Yields True when this process holds the writers' lock, False if another one does."""
    directory = index_dir(app)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f"{directory.name}.lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class IndexUnreadable(Exception):
    """The index directory holds no index, or files whoosh cannot read."""


def _guarded(open_function, app: Flask, *, check: bool):
    # Whoosh leaves files open when it fails on a garbled index; they are closed (silently) when
    # its exception is released, here rather than in the caller.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = open_function(str(index_dir(app)))
            if check:
                # Reading the segment files makes garbled ones fail here rather than in a search.
                with ix.searcher() as searcher:
                    reader = searcher.reader()
                    if reader.doc_count_all():
                        reader.column_reader("oid")[0]
                        reader.column_reader("sort_name")[0]
            return ix
        except whoosh_index.EmptyIndexError:
            missing = True
        except Exception as exc:
            missing, message = False, f"{type(exc).__name__}: {exc}"
        gc.collect()
    if missing:
        raise whoosh_index.EmptyIndexError("no search index yet")
    raise IndexUnreadable(message)


def open_index(app: Flask, check: bool = True):
    """The index, or EmptyIndexError / IndexUnreadable (`check`: its columns read first)."""
    return _guarded(whoosh_index.open_dir, app, check=check)


def _create_index(app: Flask):
    directory = index_dir(app)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return whoosh_index.create_in(str(directory), build_schema())


def session() -> Session:
    """A session of its own: the one that just committed must not be reused."""
    return Session(db.engine, autoflush=False)


def _outbox_pending(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(SearchOutbox)) > 0


def drain(app: Flask, *, only: set[tuple[str, int]] | None = None,
          max_rows: int | None = None) -> int:
    """Applies outbox rows to the index; returns how many rows it handled (0 if another process
    holds the lock: that process will handle them).

    `only`: just the rows of these (entity, id), a request's own changes, and never a rebuild
    (a missing index is the worker's to build). `max_rows`: stop after about that many (the
    worker's bounded batches; the caller queues the rest).
    """
    handled = 0
    while True:
        with write_lock(app, blocking=False) as locked:
            if not locked:
                return handled
            handled += _drain_locked(app, only=only, max_rows=max_rows)
        if only is not None or (max_rows is not None and handled >= max_rows):
            return handled
        # Rows committed while we held the lock, by processes that could not take it.
        with session() as db_session:
            if not _outbox_pending(db_session):
                return handled


def pending(app: Flask) -> bool:
    """Rows are waiting in the outbox."""
    with session() as db_session:
        return db_session.scalar(select(SearchOutbox.id).limit(1)) is not None


def _drain_locked(app: Flask, *, only=None, max_rows=None) -> int:
    try:
        ix = open_index(app)
    except whoosh_index.EmptyIndexError:
        if only is not None:
            return 0
        log.info("no search index yet: building it")
        return _rebuild_locked(app)[1]
    except Exception:
        if only is not None:
            return 0
        log.warning("search index unreadable: rebuilding it", exc_info=True)
        return _rebuild_locked(app)[1]
    handled = 0
    while max_rows is None or handled < max_rows:
        with session() as db_session:
            statement = (select(SearchOutbox.id, SearchOutbox.entity, SearchOutbox.entity_id)
                         .order_by(SearchOutbox.id).limit(DRAIN_BATCH))
            if only is not None:
                statement = statement.where(
                    tuple_(SearchOutbox.entity, SearchOutbox.entity_id).in_(sorted(only)))
            rows = db_session.execute(statement).all()
            if not rows:
                return handled
            ids = documents.organization_ids(db_session, [(r.entity, r.entity_id) for r in rows])
            orgs = documents.load(db_session, ids)
            seeking = documents.seeking_volunteers(db_session, list(ids))
            writer = ix.writer(timeout=30)
            try:
                for org_id in ids:
                    org = orgs.get(org_id)
                    if documents.indexable(org):
                        writer.update_document(**documents.document(org, seeking))
                    else:
                        writer.delete_by_term("id", str(org_id))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            # Only now: a crash before this line leaves rows that the next drain replays.
            db_session.execute(
                delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows]))
            )
            db_session.commit()
            handled += len(rows)
    return handled


def reindex(app: Flask) -> int:
    """Rebuilds the whole index from the database; returns the number of documents."""
    with write_lock(app, blocking=True):
        count, _ = _rebuild_locked(app)
    drain(app)  # rows committed during the rebuild
    return count


def _bulk_writer(ix):
    """A writer for a whole rebuild: the documents are analysed and written by one process per
    core while this one reads the database, each into its own segment (searches read several
    segments as one; the next edits' merges gather them)."""
    procs = max(1, min(REBUILD_PROCS, os.cpu_count() or 1))
    if procs == 1:
        return ix.writer(timeout=30, procs=1, limitmb=256)
    return ix.writer(timeout=30, procs=procs, limitmb=128, multisegment=True, batchsize=200)


def _rebuild_locked(app: Flask) -> tuple[int, int]:
    """(documents written, outbox rows cleared). Readers keep the old generation until commit."""
    try:
        ix = _guarded(whoosh_index.open_dir, app, check=False)
        writer = _bulk_writer(ix)
    except Exception:
        ix = _create_index(app)
        writer = _bulk_writer(ix)
    count = 0
    with session() as db_session:
        # Rows up to here are covered by this rebuild; later ones are drained afterwards.
        last = db_session.scalar(select(func.max(SearchOutbox.id))) or 0
        try:
            for doc in documents.published_documents(db_session):
                writer.add_document(**doc)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        try:
            writer.commit(mergetype=CLEAR)
        except Exception:
            # Old segments unreadable: start from an empty directory.
            ix = _create_index(app)
            writer = ix.writer(timeout=30, procs=1, limitmb=256)
            for doc in documents.published_documents(db_session):
                writer.add_document(**doc)
            writer.commit()
        result = db_session.execute(delete(SearchOutbox).where(SearchOutbox.id <= last))
        db_session.commit()
    return count, result.rowcount or 0


def rebuild_if_broken(app: Flask) -> None:
    """Called by searches that could not read the index: the first one in rebuilds it."""
    with write_lock(app, blocking=True):
        try:
            open_index(app)
        except Exception:
            log.warning("search index missing or unreadable: rebuilding it", exc_info=True)
            _rebuild_locked(app)


@dataclass
class CheckReport:
    """Differences between the index and the database (published organisations)."""

    #: Published but not in the index.
    missing: list[int] = field(default_factory=list)
    #: In the index but not (or no longer) published.
    extra: list[int] = field(default_factory=list)
    #: In the index with a document that differs from the database.
    stale: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)

    def lines(self) -> list[str]:
        return [
            f"{label}: {', '.join(map(str, ids))}"
            for label, ids in (
                ("missing", self.missing),
                ("extra", self.extra),
                ("stale", self.stale),
            )
            if ids
        ]


def check(app: Flask) -> CheckReport:
    try:
        ix = open_index(app)
    except Exception:
        ix = None
    indexed = {}
    if ix is not None and ix.doc_count_all():
        with ix.searcher() as searcher:
            reader = searcher.reader()
            oids = reader.column_reader("oid")
            for docnum, stored in reader.iter_docs():
                indexed[oids[docnum]] = stored.get("digest")
    report = CheckReport()
    with session() as db_session:
        expected = {int(d["id"]): d["digest"] for d in documents.published_documents(db_session)}
    report.missing = sorted(set(expected) - set(indexed))
    report.extra = sorted(set(indexed) - set(expected))
    report.stale = sorted(i for i in set(expected) & set(indexed) if expected[i] != indexed[i])
    return report


def remove(app: Flask) -> None:
    """Deletes the index files (tests of a lost index)."""
    if os.path.isdir(index_dir(app)):
        shutil.rmtree(index_dir(app))
