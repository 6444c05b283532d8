"""Several real processes (like gunicorn workers) editing at once: the index ends up true."""

import logging
import multiprocessing
import random

import pytest
from sqlalchemy import func, select

from directory.taxonomy.vocabularies import Status

PROCESSES = 4
EDITS = 25
WORKER_NAMES = ["alpha", "bravo", "charlie", "delta"]


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def edit_many(url: str, index_dir: str, org_ids: list[int], worker: int) -> None:
    """One process: its own app on the same database and index, committing edit after edit."""
    from directory import create_app
    from directory.core.extensions import db
    from directory.listings.models.organization import Organization

    errors = _Errors()
    logging.getLogger("directory").addHandler(errors)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "tests",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}}
            if url.startswith("sqlite")
            else {},
            "SEARCH_INDEX_DIR": index_dir,
        }
    )
    rng = random.Random(worker)
    with app.app_context():
        for n in range(EDITS):
            # The first organisation is edited by every process; the others by one or two.
            org_id = org_ids[0] if n % 3 == 0 else rng.choice(org_ids[1:])
            org = db.session.get(Organization, org_id)
            # Words far apart (typo tolerance), numbers of two digits (one character is dropped).
            org.nom = f"Association {WORKER_NAMES[worker]} {n + 10}"
            if n % 7 == 6:
                org.status = Status.ARCHIVED if org.status == Status.PUBLISHED else Status.PUBLISHED
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    if errors.records:
        raise SystemExit(f"{len(errors.records)} errors logged: {errors.records[0].getMessage()}")


@pytest.mark.slow
def test_concurrent_processes_leave_a_true_index(app, db):
    from directory import search
    from directory.listings.models.organization import Organization
    from directory.search import SearchQuery
    from directory.search.models import SearchOutbox
    from tests.factories import OrganizationFactory

    orgs = [OrganizationFactory(nom=f"Association de départ {i}") for i in range(6)]
    db.session.commit()
    org_ids = [o.id for o in orgs]
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(
            target=edit_many, args=(url, app.config["SEARCH_INDEX_DIR"], org_ids, worker)
        )
        for worker in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=240)
    assert [p.exitcode for p in processes] == [0] * PROCESSES

    # Rows a process could not drain (another held the lock) are the job worker's: its run.
    from directory.search import jobs as search_jobs

    search_jobs.drain_outbox_every_minute.call_local()
    db.session.expire_all()
    # No row left behind.
    assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 0
    report = search.check()
    assert report.ok, report.lines()
    final = db.session.execute(select(Organization.id, Organization.nom, Organization.status)).all()
    for org_id, nom, status in final:
        found = search.search(SearchQuery(q=nom)).ids
        if status == Status.PUBLISHED:
            assert found == [org_id], nom
        else:
            # Others may be shown as partial matches, never the unpublished one.
            assert org_id not in found, nom
