"""A backlog in the search outbox is the job worker's: a member's POST drains only its own edit
(found at once), and queues one bounded run for the rest."""

import time

from huey.storage import MemoryStorage
from sqlalchemy import func, select

from directory import search
from directory.core import jobs
from directory.search import SearchQuery
from directory.search import jobs as search_jobs
from directory.search.models import SearchOutbox
from tests.conftest import sign_in
from tests.factories import OrganizationFactory, member_of
from tests.htmlforms import form_fields
from tests.search.engines import whoosh_only

BACKLOG = 12_000


def outbox_rows(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def ids(q: str) -> list[int]:
    return search.search(SearchQuery(q=q)).ids


# The outbox and its drains feed Whoosh's files; PostgreSQL's engine writes its documents in
# the edit's own transaction (tests/search/test_index_sync.py).
pytestmark = whoosh_only


def test_a_post_drains_its_own_edit_and_leaves_the_backlog_to_the_worker(app, client, db):
    org = OrganizationFactory(nom="Les Amis du Jardin", trusted=True)
    others = OrganizationFactory.create_batch(3)
    db.session.commit()
    # An import's leftovers, or rows of processes that died: many rows for the same few orgs.
    with db.engine.begin() as conn:
        conn.execute(SearchOutbox.__table__.insert(), [
            {"entity": "organization", "entity_id": others[i % 3].id} for i in range(BACKLOG)])
    sign_in(client, member_of(org))
    page = client.get(f"/gestion/{org.slug}")
    data = form_fields(page.text, f"/gestion/{org.slug}")
    data["nom"] = "Potager partagé de Sergines"
    jobs.queue.immediate = False  # a real queue: tasks wait for the worker
    jobs.queue.storage = MemoryStorage("tests")
    try:
        started = time.monotonic()
        assert client.post(f"/gestion/{org.slug}", data=data).status_code == 302
        answered = time.monotonic() - started
        assert ids("potager") == [org.id]  # the member's own edit: found at once
        assert outbox_rows(db) == BACKLOG  # the backlog waits for the worker
        assert answered < 3, f"the POST took {answered:.1f} s"
        # One run queued, however many commits happen meanwhile.
        org.presentation_resume = "Jardin ouvert le samedi."
        db.session.commit()
        (task,) = [t for t in jobs.queue.pending() if t.name == "drain_outbox"]
        # The worker's runs: bounded, each queuing the next while rows remain.
        runs = 0
        while (pending := jobs.queue.dequeue()) is not None:
            jobs.queue.execute(pending)
            runs += 1
        assert runs == -(-BACKLOG // search_jobs.RUN_ROWS)
        assert outbox_rows(db) == 0
    finally:
        jobs.configure(app)
    assert search.check().ok


def test_the_schedule_drains_what_is_left(app, db):
    org = OrganizationFactory(nom="Harmonie de Sergines")
    db.session.commit()
    with db.engine.begin() as conn:
        conn.execute(SearchOutbox.__table__.insert().values(entity="organization",
                                                            entity_id=org.id))
    assert "drain_outbox_every_minute" in {t.name for t in jobs.queue._registry.periodic_tasks}
    assert search_jobs.drain_outbox_every_minute.call_local() == 1
    assert outbox_rows(db) == 0
