"""Session listeners: changed entities go to the `search_outbox` table in the same transaction."""

import logging

from flask import current_app
from sqlalchemy import event

from directory.core.models import utcnow
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.search import indexer, jobs
from directory.search.models import SearchOutbox

log = logging.getLogger(__name__)

PENDING = "search_outbox_pending"


def register(session) -> None:
    """Listen on the Flask-SQLAlchemy session (once per process, whatever the number of apps)."""
    if not event.contains(session, "after_flush", after_flush):
        event.listen(session, "after_flush", after_flush)
        event.listen(session, "after_commit", after_commit)
        event.listen(session, "after_soft_rollback", after_rollback)


def changed_entities(session) -> set[tuple[str, int]]:
    """(entity, id) of what this flush changed that a document shows."""
    found = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if isinstance(obj, Organization):
            found.add(("organization", obj.id))
        elif isinstance(obj, Service | Contact):
            if obj.organization_id is not None:
                found.add(("organization", obj.organization_id))
            elif obj.organization is not None and obj.organization.id is not None:
                found.add(("organization", obj.organization.id))
        elif isinstance(obj, Place):
            # Shared by organisations and services: resolved when draining.
            found.add(("place", obj.id))
        elif (org_id := getattr(obj, "indexed_organization_id", None)) is not None:
            # Another feature's row that a document shows (a volunteer mission).
            found.add(("organization", org_id))
    return {(entity, id_) for entity, id_ in found if id_ is not None}


def after_flush(session, flush_context) -> None:
    if current_app and current_app.extensions["search"]["engine"] != "whoosh":
        return  # the PostgreSQL engine writes its documents in the transaction (postgres/store.py)
    entities = changed_entities(session)
    if not entities:
        return
    now = utcnow()
    session.connection().execute(
        SearchOutbox.__table__.insert(),
        [{"entity": e, "entity_id": i, "created_at": now} for e, i in sorted(entities)],
    )
    session.info.setdefault(PENDING, set()).update(entities)


#: More changes than this in one transaction: none is drained by the committer itself.
OWN_PIECE = 50


def after_commit(session) -> None:
    """The committer drains its own few rows (its edit is found at once), never a backlog:
    whatever else waits is the job worker's (`search/jobs.py`)."""
    entities = session.info.pop(PENDING, None)
    if not entities:
        return
    app = current_app._get_current_object()
    try:
        if len(entities) <= OWN_PIECE:
            indexer.drain(app, only=entities)
        if indexer.pending(app):
            jobs.queue_drain()
    except Exception:  # never fail a request that already committed; the rows wait
        log.exception("search drain failed; outbox rows kept for the next drain")


def after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
