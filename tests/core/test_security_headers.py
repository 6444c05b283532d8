"""Caching, HSTS, the session cookie's prefix and the account-less form's mail (issue 19.13)."""

import pytest

from directory import create_app
from directory.accounts.models import Role
from tests.agenda.test_propose_pages import EMAIL, propose
from tests.conftest import sign_in
from tests.core.test_public_address import (  # noqa: F401  (fixture)
    PUBLIC,
    session_app_keeps_the_job_queue,
)
from tests.factories import OrganizationFactory, ServiceFactory, UserFactory
from tests.mailserver import html_of, text_of


def test_pages_shown_to_a_signed_in_professional_are_not_cached(app, client, db):
    service = ServiceFactory(organization=OrganizationFactory(nom="Centre social"),
                             notes_professionnels="Réservé aux pros : code porte 4512")
    db.session.commit()
    path = f"/partenaires/services/{service.id}"
    anonymous = client.get(path)
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")

    professional = sign_in(app.test_client(), UserFactory(role=Role.PROFESSIONAL))
    for url in (path, "/partenaires", "/compte/"):
        response = professional.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response.headers["Vary"]


def test_hsts_over_https_only(client, db):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=63072000")


@pytest.fixture
def production(app):
    config = {k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI",
                                         "SEARCH_INDEX_DIR", "JOBS_IMMEDIATE")}
    prod = create_app({**config, "ENV": "production", "PUBLIC_URL": PUBLIC,
                       "TRUSTED_HOSTS": ["annuaire.exemple.fr"]})
    yield prod
    with prod.app_context():
        from directory.core.extensions import db as prod_db

        prod_db.engine.dispose()


def test_the_session_cookie_has_the_host_prefix_in_production(production, db):
    client = production.test_client()
    response = client.get("/compte/connexion", base_url=PUBLIC)
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if "session=" in c]
    assert cookie.startswith("__Host-session=")
    attributes = [a.strip() for a in cookie.split(";")]
    assert "Secure" in attributes and "Path=/" in attributes
    assert not any(a.lower().startswith("domain=") for a in attributes)


def test_the_proposal_form_relays_no_typed_text_to_the_address(client, db, mailbox):
    org = OrganizationFactory(nom="Comité des fêtes de Cuy")
    db.session.commit()
    spam = "Gagnez 10 000 € sur https://arnaque.example"
    victim = "quelquun@exemple.fr"
    response = propose(client, organization=str(org.id), email=victim, title=spam,
                       description=spam, address=spam)
    assert response.status_code == 200
    mail = mailbox.last(victim)
    sent = mail["Subject"] + text_of(mail) + html_of(mail)
    assert "arnaque" not in sent and "Gagnez" not in sent
    assert "/agenda/proposer/confirmer/" in sent
    assert mailbox.to(EMAIL) == []
