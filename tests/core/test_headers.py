"""Security headers and cookies: a strict CSP (no inline script, no other site), no framing."""

import re

import flask

from directory import create_app
from directory.core.extensions import db
from tests.factories import OrganizationFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request.path}: no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def argument_free_pages(app) -> list[str]:
    """Every GET URL of the app that needs no argument (new pages are checked automatically)."""
    with app.test_request_context():
        return sorted(
            flask.url_for(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
        )


def assert_secure_headers(response) -> None:
    path = response.request.path
    csp = csp_directives(response)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"], f"{path}: script-src {scripts}"
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    for name, values in csp.items():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, name
        # Only this site (and data: images): no CDN, no tracker, no font service.
        assert all(v.startswith("'") or v == "data:" for v in values), f"{name}: {values}"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def assert_no_inline_code(response) -> None:
    """The CSP would block these in a browser: the page would silently lose behaviour or style."""
    if response.mimetype != "text/html":
        return
    html = response.text
    path = response.request.path
    assert not INLINE_SCRIPT.search(html), f"{path}: inline <script>"
    assert not EVENT_HANDLER.search(html), f"{path}: inline event handler"
    assert not INLINE_STYLE.search(html), f"{path}: inline style"


def test_home_page_has_strict_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_secure_headers(response)
    assert_no_inline_code(response)


#: Pages meant to be framed by other sites (directory.headers.allow_framing).
FRAMABLE_PAGES = {"/agenda/integrer"}


def test_every_argument_free_page_has_strict_security_headers(app, client):
    pages = argument_free_pages(app)
    assert "/" in pages
    for path in pages:
        response = client.get(path)
        assert response.status_code < 500, path
        if path in FRAMABLE_PAGES:
            assert csp_directives(response)["frame-ancestors"] == ["*"], path
            assert "X-Frame-Options" not in response.headers, path
        else:
            assert_secure_headers(response)
        assert_no_inline_code(response)


def test_organization_page_and_error_pages_have_strict_security_headers(db, client):
    org = OrganizationFactory(nom="Comité des fêtes de Sergines")
    db.session.commit()
    for path, status in [
        (f"/annuaire/{org.slug}", 200),
        ("/annuaire/structure-inconnue", 404),
        ("/page-qui-n-existe-pas", 404),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert_secure_headers(response)
        assert_no_inline_code(response)


def session_cookie(response) -> list[str]:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return [part.strip() for part in cookies[0].split(";")]


def test_session_cookie_is_out_of_reach_of_scripts_and_other_sites(client):
    # The sign-in form puts its CSRF token in the session: the cookie is set on this page.
    response = client.get("/compte/connexion")
    assert response.status_code == 200
    attributes = session_cookie(response)
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    # Plain HTTP (make run on 127.0.0.1) must keep working: Secure only over HTTPS.
    assert "Secure" not in attributes


def test_session_cookie_is_secure_over_https(client):
    response = client.get("/compte/connexion", base_url="https://localhost")
    assert response.status_code == 200
    attributes = session_cookie(response)
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= set(attributes)


def test_forwarded_headers_are_trusted_only_behind_a_declared_proxy(app, client):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    # Without a declared proxy, anyone could claim https: the header is ignored.
    assert "Secure" not in session_cookie(client.get("/compte/connexion", headers=forwarded))

    behind_proxy = create_app({**app.config, "PROXY_COUNT": 1})
    with behind_proxy.test_client() as proxied:
        response = proxied.get("/compte/connexion", headers=forwarded)
    with behind_proxy.app_context():
        db.engine.dispose()  # its own pool: an open PostgreSQL connection would leak
    assert "Secure" in session_cookie(response)
