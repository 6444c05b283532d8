"""`flask backup create`, then `flask backup restore` into an empty database and a new instance
folder: listings, history, events, uploads and search all come back (SQLite and PostgreSQL)."""

import io
import tarfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from directory import create_app
from directory.agenda.models import Event
from directory.core import jobs
from directory.core.extensions import db as _db
from directory.core.uploads import UploadedFile
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision
from directory.taxonomy.territory import sync_taxonomy, sync_territory
from tests.conftest import sign_in
from tests.factories import EventFactory, OrganizationFactory, member_of
from tests.htmlforms import fill
from tests.listings.test_manage import edit_form, picture


@pytest.fixture(autouse=True)
def session_app_keeps_the_job_queue(app):
    yield
    jobs.configure(app)
    jobs._apps[:] = [app]


def is_postgresql(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture
def empty_target(app, db, tmp_path):
    """A new instance folder and index, on an empty database: a new SQLite file, or on
    PostgreSQL the test database itself, emptied to the bare schema (put back afterwards)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not is_postgresql(app):
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    target = create_app({
        "TESTING": True, "SECRET_KEY": "autre-clé", "SQLALCHEMY_DATABASE_URI": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"), "SERVER_NAME": "localhost",
        "PUBLIC_URL": "http://localhost", "TRUSTED_HOSTS": ["localhost"],
        "JOBS_IMMEDIATE": True, "OBSERVATORY_COUNTING": False,
    })
    target.instance_path = str(tmp_path / "instance")
    Path(target.instance_path).mkdir()

    def wipe():
        db.session.remove()
        with target.app_context():
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            _db.engine.dispose()
        _db.engine.dispose()

    target.wipe = wipe if is_postgresql(app) else lambda: None
    yield target
    with target.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if is_postgresql(app):
        # Whatever happened, the session's database has its schema and vocabularies back.
        with app.app_context():
            with _db.engine.connect() as conn:
                migrated = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
            if migrated is None:
                upgrade()
                sync_territory()
                sync_taxonomy()
                _db.session.commit()


def test_a_backup_restores_everything_into_an_empty_instance(app, db, runner, tmp_path,
                                                              empty_target):
    client = app.test_client()
    org = OrganizationFactory(nom="Harmonie de Champigny", trusted=True)
    sign_in(client, member_of(org))
    # Edited through the form, with a logo: a history entry and an uploaded file.
    data = fill(edit_form(client, org.slug), presentation_resume="Fanfare des bords d'Yonne")
    data = data.to_dict(flat=False)
    data["logo"] = (io.BytesIO(picture((300, 200))), "logo.jpg")
    saved = client.post(f"/gestion/{org.slug}", data=data, content_type="multipart/form-data")
    assert saved.status_code == 302
    _db.session.expire_all()
    org = _db.session.get(Organization, org.id)
    logo = org.logo
    logo_bytes = _db.session.get(UploadedFile, logo).data  # uploads live in the database
    event = EventFactory(organization=org, title="Concert de la Sainte-Cécile")
    db.session.commit()
    slug, event_id = org.slug, event.id
    revisions = db.session.scalar(select(func.count()).select_from(Revision))
    assert revisions >= 1
    Path(app.instance_path, "secret_key").write_text(app.secret_key)

    archive = tmp_path / "sauvegarde.tar.gz"
    result = runner.invoke(args=["backup", "create", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "tables/uploaded_files.jsonl" in names and "secret_key" in names
    assert "tables/organizations.jsonl" in names and "tables/events.jsonl" in names
    Path(app.instance_path, "secret_key").unlink()

    empty_target.wipe()
    with empty_target.app_context():  # the CLI runs in the app already pushed, if any
        restored = empty_target.test_cli_runner().invoke(
            args=["backup", "restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert "index de recherche reconstruit" in restored.output

    target = empty_target
    instance = Path(target.instance_path)
    assert (instance / "secret_key").read_text() == app.secret_key
    visitor = target.test_client()
    page = visitor.get(f"/annuaire/{slug}")
    assert page.status_code == 200 and "Harmonie de Champigny" in page.text
    assert f"/logos/{logo}" in page.text
    with visitor.get(f"/logos/{logo}") as served:
        assert served.status_code == 200 and served.data == logo_bytes
    shown = visitor.get(f"/agenda/evenements/{event_id}", follow_redirects=True)
    assert "Concert de la Sainte-Cécile" in shown.text
    found = visitor.get("/annuaire?q=fanfare")  # the index was rebuilt from the rows
    assert found.status_code == 200 and "Harmonie de Champigny" in found.text
    with target.app_context():
        assert _db.session.scalar(select(func.count()).select_from(Revision)) == revisions
        # New rows get new ids (PostgreSQL's sequences start past the restored ones).
        newer = OrganizationFactory(nom="Chorale nouvelle")
        _db.session.commit()
        assert newer.id > org.id
        assert _db.session.scalar(select(func.count()).select_from(Event)) == 1

    # A second restore would mix two sites: refused, nothing touched.
    with target.app_context():
        again = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    assert again.exit_code == 1
    assert "La base n'est pas vide" in again.output


def test_a_file_that_is_not_a_backup_is_refused(app, db, runner, tmp_path):
    bogus = tmp_path / "autre.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, "notes.txt")
    result = runner.invoke(args=["backup", "restore", str(bogus)])
    assert result.exit_code == 1
    assert "n'est pas une sauvegarde de l'annuaire" in result.output
