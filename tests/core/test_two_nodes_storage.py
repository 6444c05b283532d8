"""Two app nodes (separate instance folders) on one database and one Redis: the same uploads,
the same printed PDFs and the same rate-limit counts. Redis: db 2 at 127.0.0.1:6379 (only that
db is flushed)."""

import logging
import tempfile

import pytest
import redis
from sqlalchemy import func, select

from directory import create_app
from directory.core.extensions import db as _db
from directory.core.extensions import limiter
from directory.printing.models import PrintedFile
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory, UserFactory

REDIS_URL = "redis://127.0.0.1:6379/2"


#: The nodes a test started: their database connections are closed after it.
_NODES: list = []


@pytest.fixture(autouse=True)
def nodes_closed():
    yield
    while _NODES:
        with _NODES.pop().app_context():
            _db.session.remove()
            _db.engine.dispose()


def node(app, **config):
    instance = tempfile.mkdtemp(prefix="directory-node-")
    other = create_app({
        "TESTING": True, "SECRET_KEY": "tests", "JOBS_IMMEDIATE": True,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SEARCH_INDEX_DIR": f"{instance}/index", "SERVER_NAME": "localhost",
        "PUBLIC_URL": "http://localhost", "TRUSTED_HOSTS": ["localhost"], **config,
    })
    other.instance_path = instance
    _NODES.append(other)
    return other


@pytest.fixture
def shared_redis(app):
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    limiter.init_app(app)  # the session's app counts in memory again


def test_two_nodes_share_rate_limit_counts_in_redis(app, db, shared_redis):
    UserFactory(email="cible@exemple.fr")
    _db.session.commit()
    a = node(app, RATELIMIT_STORAGE_URI=shared_redis).test_client()
    b = node(app, RATELIMIT_STORAGE_URI=shared_redis).test_client()
    statuses = []
    for client in (a, b, a, b, a, b):
        page = client.get("/compte/connexion")
        statuses.append(client.post("/compte/connexion", data={
            "csrf_token": csrf_token(page.text), "email": "cible@exemple.fr",
            "password": "essai au hasard"}).status_code)
    assert statuses == [400] * 5 + [429]  # 5 a minute in all, not 5 per node


def test_memory_counts_under_several_workers_are_warned_about(app, monkeypatch, caplog):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    with caplog.at_level(logging.WARNING):
        node(app, RATELIMIT_STORAGE_URI="memory://")
    assert "several workers count apart" in caplog.text
    caplog.clear()
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    with caplog.at_level(logging.WARNING):
        node(app, RATELIMIT_STORAGE_URI="memory://")
    assert "count apart" not in caplog.text
    limiter.init_app(app)


def test_a_pdf_built_through_one_node_is_served_by_the_other(app, db):
    OrganizationFactory(nom="Judo Club de Sergines")
    _db.session.commit()
    a, b = node(app), node(app)
    first = a.test_client().get("/editions/annuaire.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    second = b.test_client().get("/editions/annuaire.pdf")
    assert second.data == first.data  # not built again: one cache for both
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(PrintedFile)) == 1


def test_a_logo_uploaded_through_one_node_is_served_by_the_other(app, db):
    import io
    import re

    from tests.conftest import sign_in
    from tests.factories import member_of
    from tests.htmlforms import form_fields
    from tests.listings.test_manage import picture

    org = OrganizationFactory(nom="Club photo", trusted=True)
    member = member_of(org)
    _db.session.commit()
    a = sign_in(node(app).test_client(), member)
    data = form_fields(a.get(f"/gestion/{org.slug}").text, f"/gestion/{org.slug}")
    files = data.to_dict(flat=False)
    files["logo"] = (io.BytesIO(picture()), "logo.png")
    assert a.post(f"/gestion/{org.slug}", data=files,
                  content_type="multipart/form-data").status_code == 302
    b = node(app).test_client()
    page = b.get(f"/annuaire/{org.slug}").text
    (path,) = re.findall(r'src="(/logos/[0-9a-f]{64}\.png)"', page)
    from_a, from_b = a.get(path), b.get(path)
    assert from_b.status_code == 200 and from_b.data == from_a.data
    assert from_b.headers["ETag"] == from_a.headers["ETag"]
    assert b.get(path, headers={"If-None-Match": from_a.headers["ETag"]}).status_code == 304
