"""Migrations build the schema the models describe, from an empty database and back to nothing.

Runs on a fresh SQLite file, and on PostgreSQL (in a throwaway schema of the test database)
when DIRECTORY_TEST_DATABASE_URL is set, so that the session database is left alone.
"""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from directory import create_app
from directory.core.config import ROOT
from directory.core.extensions import db

BACKENDS = ["sqlite"]
if os.environ.get("DIRECTORY_TEST_DATABASE_URL", "").startswith("postgresql"):
    BACKENDS.append("postgresql")


@pytest.fixture(params=BACKENDS)
def empty_app(request):
    """An app on an empty database of its own, dropped afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="directory-migrations-"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "tests",
        "SEARCH_INDEX_DIR": str(tmp / "index"),
    }
    schema = None
    if request.param == "sqlite":
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp / 'empty.db'}"
    else:
        url = os.environ["DIRECTORY_TEST_DATABASE_URL"]
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        schema = f"migrations_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(url)
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        config["SQLALCHEMY_DATABASE_URI"] = url
        # Everything the migrations create lands in the new schema, alembic_version included.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    app = create_app(config)
    app.instance_path = str(tmp)
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if schema:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def schema_differences(app) -> list:
    """What `flask db migrate` would write (nothing when models and migrations agree)."""
    options = app.extensions["migrate"].configure_args
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts=dict(options))
        return compare_metadata(context, db.metadata)


def test_migrations_have_a_single_head():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads, merge them: {heads}"


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(empty_app):
    assert table_names() == set()

    upgrade()
    assert table_names() == set(db.metadata.tables) | {"alembic_version"}
    assert schema_differences(empty_app) == []

    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}

    # A downgrade that forgot an index or a constraint would make this second upgrade fail.
    upgrade()
    assert schema_differences(empty_app) == []
