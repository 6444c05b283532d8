"""Absolute URLs come from the configured public address, never from the request's Host or a
client's X-Forwarded-Host; other hosts are refused; production needs the settings (issue 19.2)."""

import re
from pathlib import Path

import pytest

from directory import create_app
from directory.core import jobs
from directory.core.config import ProductionConfigError
from tests.conftest import csrf_token
from tests.factories import EventFactory, UserFactory
from tests.mailserver import text_of

PUBLIC = "https://annuaire.exemple.fr"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_address(app):
    saved = app.config["PUBLIC_URL"]
    app.config["PUBLIC_URL"] = PUBLIC
    yield PUBLIC
    app.config["PUBLIC_URL"] = saved


def ask_reset(client, email, **kwargs):
    page = client.get("/compte/mot-de-passe-oublie", **kwargs)
    return client.post("/compte/mot-de-passe-oublie", **kwargs,
                       data={"csrf_token": csrf_token(page.text), "email": email})


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_a_request_naming_another_host_is_refused(client, db, mailbox):
    UserFactory(email="victime@exemple.fr")
    db.session.commit()
    response = client.get("/compte/mot-de-passe-oublie", headers={"Host": "evil.example"})
    assert response.status_code == 400
    response = client.post("/compte/mot-de-passe-oublie", headers={"Host": "evil.example"},
                           data={"email": "victime@exemple.fr"})
    assert response.status_code == 400
    assert mailbox.messages == []


def test_mailed_links_use_the_public_address_whatever_host_was_asked(
    app, client, db, mailbox, public_address
):
    UserFactory(email="victime@exemple.fr")
    db.session.commit()
    # Even a host the app accepts (here: any, as when TRUSTED_HOSTS is wide) is not used.
    saved = app.config["TRUSTED_HOSTS"]
    app.config["TRUSTED_HOSTS"] = None
    try:
        response = ask_reset(client, "victime@exemple.fr", headers={"Host": "evil.example"})
    finally:
        app.config["TRUSTED_HOSTS"] = saved
    assert response.status_code == 200
    sent = links(text_of(mailbox.last("victime@exemple.fr")))
    assert sent and all(url.startswith(PUBLIC + "/") for url in sent), sent
    assert any("/compte/mot-de-passe/" in url for url in sent)


def test_feeds_api_and_pages_use_the_public_address(app, client, db, public_address):
    event = EventFactory(title="Fête de la soupe")
    db.session.commit()
    feed = client.get("/agenda.ics").text
    assert f"URL:{PUBLIC}/agenda/evenements/{event.id}" in feed.replace("\r\n ", "")
    assert "localhost" not in feed
    api = client.get("/api/v1/evenements").text
    assert f"{PUBLIC}/api/v1/evenements/{event.id}" in api
    assert "http://localhost" not in api
    page = client.get(f"/agenda/evenements/{event.id}-{event.slug}").text
    assert f'<link rel="canonical" href="{PUBLIC}/agenda/evenements/{event.id}' in page


@pytest.fixture(autouse=True)
def session_app_keeps_the_job_queue(app):
    """create_app() points the job queue at the newest app: give it back to the session's."""
    yield
    jobs.configure(app)
    jobs._apps[:] = [app]


def behind_proxy(app, **settings):
    """A second app on the same database, as gunicorn behind nginx would run it."""
    config = {k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI",
                                         "SEARCH_INDEX_DIR", "SERVER_NAME", "PUBLIC_URL",
                                         "TRUSTED_HOSTS", "JOBS_IMMEDIATE")}
    other = create_app({**config, **settings})
    other.instance_path = app.instance_path
    return other


def test_a_client_sent_forwarded_host_is_not_believed(app, db, public_address):
    EventFactory(title="Fête de la soupe")
    db.session.commit()
    proxied = behind_proxy(app, PROXY_COUNT=1)
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    response = proxied.test_client().get("/agenda.ics", headers=forged)
    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert f"URL:{PUBLIC}/agenda/evenements/" in response.text
    with proxied.app_context():
        from directory.core.extensions import db as proxied_db

        proxied_db.engine.dispose()


def test_forwarded_host_believed_only_when_named_and_then_checked(app, db, public_address):
    proxied = behind_proxy(app, PROXY_HEADERS={"x_for": 1, "x_proto": 1, "x_host": 1})
    client = proxied.test_client()
    assert client.get("/", headers={"X-Forwarded-Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"X-Forwarded-Host": "localhost"}).status_code == 200
    with proxied.app_context():
        from directory.core.extensions import db as proxied_db

        proxied_db.engine.dispose()


def test_unknown_forwarded_header_names_are_refused(app):
    with pytest.raises(ProductionConfigError):
        behind_proxy(app, PROXY_HEADERS={"x_forwarded_host": 1})


@pytest.mark.parametrize("missing", ["PUBLIC_URL", "TRUSTED_HOSTS"])
def test_production_mode_refuses_to_start_without_public_address_and_hosts(app, missing):
    settings = {"ENV": "production", "PUBLIC_URL": PUBLIC, "TRUSTED_HOSTS": ["annuaire.exemple.fr"]}
    settings[missing] = None
    with pytest.raises(ProductionConfigError, match=f"DIRECTORY_{missing}"):
        behind_proxy(app, **settings)


def test_production_mode_from_the_environment_starts_with_its_settings(app, monkeypatch):
    monkeypatch.setenv("DIRECTORY_ENV", "production")
    monkeypatch.setenv("DIRECTORY_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("DIRECTORY_TRUSTED_HOSTS", '["annuaire.exemple.fr"]')
    monkeypatch.setenv("DIRECTORY_PROXY_HEADERS", '{"x_for": 1, "x_proto": 1}')
    config = {k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI",
                                         "SEARCH_INDEX_DIR", "JOBS_IMMEDIATE")}
    prod = create_app(config)
    client = prod.test_client()
    assert client.get("/", base_url=PUBLIC).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400
    # An https public address: the session cookie is Secure.
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    with prod.app_context():
        from directory.core.extensions import db as prod_db

        prod_db.engine.dispose()
    monkeypatch.delenv("DIRECTORY_TRUSTED_HOSTS")
    with pytest.raises(ProductionConfigError):
        create_app(config)


def test_no_url_is_made_absolute_from_the_request():
    """Every absolute URL goes through core.urls.absolute_url (branches merged later too)."""
    offenders = []
    for folder in ("directory", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".html", ".txt", ".xml", ".ics", ".j2"):
                continue
            if path == ROOT / "directory" / "core" / "urls.py":
                continue
            text = path.read_text()
            for pattern in ("_external=True", "request.url_root", "request.host_url"):
                if pattern in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == [], "use directory.core.urls.absolute_url / public_root"
