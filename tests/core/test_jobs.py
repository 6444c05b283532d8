"""The job queue for real: a worker process (`flask jobs worker`) takes an import queued by the
staff's page, through the queue's SQLite file, and the page follows it to its report."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey.storage import SqliteStorage
from sqlalchemy import func, select

from directory.accounts.models import Role
from directory.core import jobs
from directory.core.extensions import db as _db
from directory.listings.models.organization import Organization
from tests.conftest import csrf_token, sign_in
from tests.factories import UserFactory

ROWS = 300


@pytest.fixture
def worker(app, db, tmp_path):
    """The app's queue in a SQLite file, and a real worker process reading it."""
    path = tmp_path / "jobs.db"
    saved = jobs.queue.storage
    jobs.queue.immediate = False
    jobs.queue.storage = SqliteStorage("directory", filename=str(path))
    env = {
        **os.environ,
        "DIRECTORY_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "DIRECTORY_SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "DIRECTORY_SECRET_KEY": "tests",
        "DIRECTORY_JOBS_URL": f"sqlite:///{path}",
    }
    flask = Path(sys.executable).with_name("flask")
    process = subprocess.Popen([str(flask), "--app", "directory", "jobs", "worker"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    output = process.communicate(timeout=30)[0].decode(errors="replace")
    jobs.queue.storage = saved
    jobs.queue.immediate = True
    print(output)


def test_a_worker_process_runs_the_import_and_the_page_follows_it(app, db, worker):
    staff = UserFactory(role=Role.MODERATOR)
    _db.session.commit()
    client = sign_in(app.test_client(), staff)
    lines = ["Nom;Commune"] + [f"Association n° {i};Sergines" for i in range(ROWS)]
    lines.append(";Sergines")  # one row without a name: left out, with its line number
    import io

    page = client.get("/moderation/imports/csv")
    started = time.monotonic()
    response = client.post("/moderation/imports/csv", data={
        "csrf_token": csrf_token(page.text), "mode": "valides",
        "fichier": (io.BytesIO("\n".join(lines).encode()), "annuaire.csv"),
    })
    answered = time.monotonic() - started
    assert response.status_code == 302
    job_page = response.location
    first = client.get(job_page).text
    assert "Avancement" in first and 'http-equiv="refresh"' in first
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = client.get(job_page).text
        if "Rapport" in text:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the worker never finished the import")
    assert f"{ROWS} fiche(s) importée(s), en brouillon." in text
    assert "Lignes écartées" in text and f"<td>{ROWS + 2}</td>" in text
    assert 'http-equiv="refresh"' not in text
    _db.session.expire_all()
    assert _db.session.scalar(select(func.count(Organization.id))) == ROWS
    assert answered < 2, "the page waited for the import"
