"""The database restarting or out of reach: a clear 503 while it lasts, no 500, no restart."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text

from directory import create_app
from directory.core import jobs
from tests.factories import EventFactory, OrganizationFactory
from tests.tcprelay import Relay

PAGES = ["/", "/annuaire", "/annuaire?q=foyer", "/agenda", "/agenda.ics", "/api/v1/organisations"]

on_postgresql = pytest.mark.skipif(
    not os.environ.get("DIRECTORY_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="PostgreSQL only: SQLite has no server to lose",
)


@pytest.fixture(autouse=True)
def session_app_keeps_the_job_queue(app):
    """create_app() points the job queue at the newest app: give it back to the session's."""
    yield
    jobs.configure(app)
    jobs._apps[:] = [app]


class Outage:
    """A second app on the test database through a way that can be cut and restored: a TCP
    relay for PostgreSQL (the server seems gone), a symbolic link for SQLite's file."""

    def __init__(self, app, tmp_path: Path):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if url.startswith("sqlite"):
            real = Path(url.removeprefix("sqlite:///"))
            self.link = tmp_path / "db"
            self.link.symlink_to(real.parent)
            self.relay, self.real = None, real.parent
            url = f"sqlite:///{self.link / real.name}"
        else:
            parts = urlsplit(url)
            self.relay = Relay((parts.hostname, parts.port or 5432))
            netloc = parts.netloc.replace(f"{parts.hostname}:{parts.port or 5432}",
                                          f"127.0.0.1:{self.relay.port}")
            url = urlunsplit(parts._replace(netloc=netloc))
        config = {k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SEARCH_INDEX_DIR",
                                             "SERVER_NAME", "PUBLIC_URL", "TRUSTED_HOSTS",
                                             "JOBS_IMMEDIATE")}
        self.app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url,
                               "OBSERVATORY_COUNTING": False})
        self.app.instance_path = app.instance_path

    def cut(self):
        if self.relay:
            self.relay.cut()
        else:
            self.link.unlink()
            with self.app.app_context():
                from directory.core.extensions import db

                db.engine.dispose()  # open files would outlive the link

    def restore(self):
        if self.relay:
            self.relay.restore()
        else:
            self.link.symlink_to(self.real)

    def close(self):
        with self.app.app_context():
            from directory.core.extensions import db

            db.engine.dispose()
        if self.relay:
            self.relay.cut()


@pytest.fixture
def outage(app, db, tmp_path):
    outage = Outage(app, tmp_path)
    yield outage
    outage.close()


def test_pages_say_unavailable_while_the_database_is_away_and_recover(db, outage):
    org = OrganizationFactory(nom="Foyer rural de Gisy")
    EventFactory(title="Concert")
    db.session.commit()
    client = outage.app.test_client()
    pages = [*PAGES, f"/annuaire/{org.slug}"]
    for path in pages:
        assert client.get(path).status_code == 200, path

    outage.cut()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "30"
        assert response.headers["Cache-Control"] == "no-store"
        if path.startswith("/api/"):
            assert response.is_json
            error = response.json["error"]
            assert error["status"] == 503
            assert error["message"].startswith("Service momentanément indisponible")
        else:
            assert response.mimetype == "text/html"
            assert "<h1>Service momentanément indisponible</h1>" in response.text
    # A form sent meanwhile gets the same page, not a 500.
    assert client.post("/compte/connexion", data={"email": "a@exemple.fr"}).status_code in (
        400, 503)

    outage.restore()  # back without any restart: the pool connects again
    for path in pages:
        assert client.get(path).status_code == 200, path


@on_postgresql
def test_connections_postgresql_closed_are_not_handed_to_requests(app, db):
    org = OrganizationFactory(nom="Foyer rural de Gisy")
    EventFactory(title="Concert")
    db.session.commit()
    client = app.test_client()
    pages = [*PAGES, f"/annuaire/{org.slug}"]
    # Several connections in the pool, as a busy worker keeps.
    held = [db.engine.connect() for _ in range(3)]
    for conn in held:
        conn.execute(text("SELECT 1"))
        conn.close()
    for path in pages:
        assert client.get(path).status_code == 200
    db.session.remove()

    # Another connection, as an operator or a failover would: every backend of the app goes.
    url = db.engine.url
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = :name AND pid <> pg_backend_pid()"),
            {"name": url.database},
        ).scalar()
    admin.dispose()
    assert killed >= 1

    statuses = [client.get(path).status_code for _ in range(4) for path in pages]
    assert statuses == [200] * len(statuses)
