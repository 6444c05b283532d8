"""The quarterly agenda's PDFs are laid out by the job worker, never in a request: the pages say
« en préparation » meanwhile, then serve the file."""

from datetime import date

import pytest
from huey.storage import MemoryStorage

from directory.core import jobs
from directory.core.extensions import db as _db
from directory.editions import operations as editions
from directory.editions.models import Edition
from tests.conftest import sign_in
from tests.editions.test_pages import event, pdf_text, staff
from tests.factories import OrganizationFactory


@pytest.fixture
def worker_queue(app):
    """Tasks wait for the worker (the test plays it)."""
    jobs.queue.immediate = False
    jobs.queue.storage = MemoryStorage("tests")
    yield jobs.queue
    jobs.configure(app)


def run_worker(queue) -> list[str]:
    names = []
    while (task := queue.dequeue()) is not None:
        names.append(task.name)
        queue.execute(task)
    return [name for name in names if name != "drain_outbox"]  # the search index's


def test_draft_and_finalised_pdfs_come_from_the_worker(app, client, db, worker_queue):
    org = OrganizationFactory(nom="Harmonie de Sergines")
    event(date(2027, 1, 16), "Concert d'hiver", organization=org)
    agent = staff()
    edition = Edition(year=2027, quarter=1, title="Janvier – mars 2027",
                      submission_deadline=date(2026, 12, 1), reminder_days=[])
    _db.session.add(edition)
    _db.session.commit()
    sign_in(client, agent)

    waiting = client.get(f"/moderation/editions/{edition.id}/a5.pdf")
    assert waiting.status_code == 202 and waiting.headers["Retry-After"]
    assert "en préparation" in waiting.text
    assert run_worker(worker_queue) == ["build_printed"]
    ready = client.get(f"/moderation/editions/{edition.id}/a5.pdf")
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    assert 'filename="agenda-2027-t1-a5.pdf"' in ready.headers["Content-Disposition"]
    assert "Concert d'hiver" in pdf_text(ready.data)

    editions.finalise(_db.session.get(Edition, edition.id), agent)
    _db.session.commit()  # answered at once: the layout is queued
    public = app.test_client().get("/editions/agenda/2027-t1.pdf")
    assert public.status_code == 503 and public.headers["Retry-After"] == "20"
    assert "en préparation" in public.text
    assert run_worker(worker_queue) == ["build_final_pdf"]
    _db.session.expire_all()  # the test's session is the requests' too: read the worker's work
    public = app.test_client().get("/editions/agenda/2027-t1.pdf")
    assert public.status_code == 200 and "Concert d'hiver" in pdf_text(public.data)
