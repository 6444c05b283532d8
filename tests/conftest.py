"""Shared fixtures: one app on a temporary instance, index and database for the whole session.

The database comes from DIRECTORY_TEST_DATABASE_URL (CI points it at PostgreSQL), else a
temporary SQLite file. Tests commit for real (the search index follows commits), and every
table but the territory's vocabularies is emptied after each test.
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from directory import create_app
from directory.core.extensions import db as _db
from directory.taxonomy.territory import sync_taxonomy, sync_territory
from tests.mailserver import mailbox, smtp_server  # noqa: F401  (fixtures)

#: Loaded once per session; never emptied between tests.
REFERENTIAL_TABLES = {"communes", "themes", "publics", "alembic_version"}


@pytest.fixture(scope="session")
def app():
    tmp = Path(tempfile.mkdtemp(prefix="directory-tests-"))
    url = os.environ.get("DIRECTORY_TEST_DATABASE_URL") or f"sqlite:///{tmp / 'test.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "tests",
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_DIR": str(tmp / "index"),
            # url_for() outside a request (fixtures) needs a server name; absolute URLs come
            # from PUBLIC_URL, and requests naming another host are refused (TRUSTED_HOSTS).
            "SERVER_NAME": "localhost",
            "PUBLIC_URL": "http://localhost",
            "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],  # 127.0.0.1: the browser tests
            # Tasks run at once, in the test process; tests/core/test_jobs.py runs a real worker.
            "JOBS_IMMEDIATE": True,
        }
    )
    app.instance_path = str(tmp)
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        sync_territory()
        sync_taxonomy()
        _db.session.commit()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        with _db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        _db.engine.dispose()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def db(app):
    """The session, inside an app context; every non-referential table is emptied afterwards."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        empty_tables()
        from directory import search

        search.reindex()


def empty_tables() -> None:
    tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name not in REFERENTIAL_TABLES]
    with _db.engine.begin() as conn:
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture(autouse=True)
def fresh_caches(app):
    """Each test starts with the process's caches empty: they are keyed by row ids and data
    versions, which come back once the tables are emptied, and the instance folder is shared."""
    from directory.agenda.ical import write as ical
    from directory.core.extensions import limiter

    ical.clear_caches()
    app.extensions.pop("agenda_cache", None)
    shutil.rmtree(Path(app.instance_path) / "print-cache", ignore_errors=True)
    limiter.reset()  # rate-limit counts must not leak from one test to the next
    # create_app() points the process's job queue at the newest app (tests building a second
    # one do): each test's tasks run in the session's app, with its database and mail.
    from directory.core import jobs

    jobs._apps[:] = [app]
    jobs.configure(app)
    yield
    ical.clear_caches()


@pytest.fixture
def client(app, db):
    return app.test_client()


def sign_in(client, user):
    """Sign `user` in on `client` the way a person does: through an emailed sign-in link (any
    client: two people at once need two clients)."""
    from flask import url_for

    from directory.accounts.operations import signin_token

    _db.session.commit()
    path = url_for("account.magic_link", token=signin_token(user), _external=False)
    page = client.get(path)
    response = client.post(path, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def login_as(client):
    """Sign a user in on the test client: `login_as(user)`."""
    return lambda user: sign_in(client, user)


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page (forms are always posted with their token)."""
    match = CSRF_RE.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1)
