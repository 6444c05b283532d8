"""Writing the PostgreSQL engine's documents: in the transaction of the edit, and in bulk.

A flush records which organisations changed (the outbox's own rule, `changed_entities`); just
before the commit their documents are re-read and written through the same connection, so a
rollback leaves no ghost and the commit makes the edit searchable on every node at once.
"""

import hashlib
import json
import logging
from collections.abc import Iterable

from flask import current_app, has_app_context
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from directory.search import documents
from directory.search.outbox import changed_entities

log = logging.getLogger(__name__)

PENDING = "search_documents_pending"
#: Documents written per statement batch by `rebuild`.
BATCH = 1000

UPSERT = text(
    """
    INSERT INTO search_documents
        (organization_id, sort_name, digest, tsv, folded,
         themes, subthemes, publics, communes, kind, benevoles)
    VALUES (
        :id, :sort_name, :digest,
        setweight(to_tsvector('directory_french', :name), 'A')
        || setweight(to_tsvector('directory_french', :sigle), 'B')
        || setweight(to_tsvector('directory_french', :level_c), 'C')
        || setweight(to_tsvector('directory_french', :level_d), 'D'),
        to_tsvector('directory_folded', :folded),
        CAST(:themes AS text[]), CAST(:subthemes AS text[]), CAST(:publics AS text[]),
        CAST(:communes AS text[]), :kind, :benevoles)
    ON CONFLICT (organization_id) DO UPDATE SET
        sort_name = EXCLUDED.sort_name, digest = EXCLUDED.digest, tsv = EXCLUDED.tsv,
        folded = EXCLUDED.folded, themes = EXCLUDED.themes, subthemes = EXCLUDED.subthemes,
        publics = EXCLUDED.publics, communes = EXCLUDED.communes, kind = EXCLUDED.kind,
        benevoles = EXCLUDED.benevoles
    """
)
#: New words of these documents into the lexicon, in one order (concurrent writers never
#: wait on each other in a cycle).
LEXICON = text(
    """
    INSERT INTO search_words (word)
    SELECT DISTINCT w FROM search_documents d, unnest(tsvector_to_array(d.folded)) AS w
    WHERE d.organization_id = ANY(CAST(:ids AS integer[]))
    ORDER BY w
    ON CONFLICT DO NOTHING
    """
)
DELETE = text("DELETE FROM search_documents WHERE organization_id = ANY(CAST(:ids AS integer[]))")

#: Text fields whose words come from sets (themes, publics, services, communes): their order
#: depends on how the database returned the rows, so the digest sorts them.
UNORDERED = ("themes", "publics", "services", "communes", "folded")


def digest(doc: dict) -> str:
    """The document's hash, the same whatever order the database returned its themes in."""
    fields = {k: v for k, v in doc.items() if k not in ("digest", "id", "oid")}
    for name in UNORDERED:
        fields[name] = " ".join(sorted(fields[name].split()))
    return hashlib.sha1(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _slugs(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def row(doc: dict) -> dict:
    """Parameters of UPSERT for one document of `documents.document`."""
    return {
        "id": doc["oid"],
        "sort_name": doc["sort_name"],
        "digest": digest(doc),
        "name": doc["name"],
        "sigle": doc["sigle"],
        "level_c": " ".join([doc["resume"], doc["themes"], doc["communes"]]),
        "level_d": " ".join([doc["services"], doc["publics"], doc["description"]]),
        "folded": doc["folded"],
        "themes": _slugs(doc["theme"]),
        "subthemes": _slugs(doc["subtheme"]),
        "publics": _slugs(doc["public"]),
        "communes": _slugs(doc["commune"]),
        "kind": doc["type"],
        "benevoles": doc["benevoles"] == "oui",
    }


def write(session: Session, org_ids: Iterable[int]) -> None:
    """Writes (or removes) the documents of these organisations as the session sees them."""
    org_ids = sorted(set(org_ids))
    if not org_ids:
        return
    orgs = documents.load(session, org_ids)
    rows = [row(documents.document(orgs[i])) for i in org_ids if documents.indexable(orgs.get(i))]
    gone = [i for i in org_ids if not documents.indexable(orgs.get(i))]
    if rows:
        session.execute(UPSERT, rows)
        session.execute(LEXICON, {"ids": [r["id"] for r in rows]})
    if gone:
        session.execute(DELETE, {"ids": gone})


def rebuild(session: Session) -> int:
    """Every published organisation's document, written afresh (the caller commits: readers see
    the old documents until then)."""
    session.execute(text("DELETE FROM search_documents"))
    session.execute(text("DELETE FROM search_words"))
    count, batch = 0, []
    for doc in documents.published_documents(session):
        batch.append(row(doc))
        if len(batch) == BATCH:
            session.execute(UPSERT, batch)
            count, batch = count + len(batch), []
    if batch:
        session.execute(UPSERT, batch)
        count += len(batch)
    session.execute(
        text(
            "INSERT INTO search_words (word) SELECT DISTINCT w FROM search_documents d,"
            " unnest(tsvector_to_array(d.folded)) AS w ORDER BY w ON CONFLICT DO NOTHING"
        )
    )
    tidy(session)
    return count


#: After a bulk load: GIN indexes merge their pending lists (searching a long one is slow) and
#: the planner learns the new tables' statistics. Needs the tables' owner: skipped otherwise.
TIDY = (
    "SELECT gin_clean_pending_list('ix_search_documents_tsv'::regclass)",
    "SELECT gin_clean_pending_list('ix_search_documents_folded'::regclass)",
    "SELECT gin_clean_pending_list('ix_search_words_trigram'::regclass)",
    "ANALYZE search_documents",
    "ANALYZE search_words",
)


def tidy(session: Session) -> None:
    for statement in TIDY:
        try:
            with session.begin_nested():
                session.execute(text(statement))
        except DBAPIError:
            log.warning("search: %s refused (not the tables' owner?)", statement)


def indexed_digests(session: Session) -> dict[int, str]:
    return dict(session.execute(text("SELECT organization_id, digest FROM search_documents")).all())


# Session listeners ---------------------------------------------------------------------------


def active() -> bool:
    return has_app_context() and current_app.extensions.get("search", {}).get("engine") == (
        "postgresql"
    )


def register(session) -> None:
    """Listen on the Flask-SQLAlchemy session (once per process, whatever the number of apps)."""
    if not event.contains(session, "after_flush", after_flush):
        event.listen(session, "after_flush", after_flush)
        event.listen(session, "before_commit", before_commit)
        event.listen(session, "after_soft_rollback", after_rollback)


def after_flush(session, flush_context) -> None:
    if active() and (entities := changed_entities(session)):
        session.info.setdefault(PENDING, set()).update(entities)


def before_commit(session) -> None:
    if not active():
        return
    session.flush()  # what is not flushed yet would be committed without its document
    entities = session.info.pop(PENDING, None)
    if not entities:
        return
    # A session of its own on the same connection: same transaction, fresh objects.
    with Session(bind=session.connection(), autoflush=False) as own:
        write(own, documents.organization_ids(own, sorted(entities)))


def after_rollback(session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
