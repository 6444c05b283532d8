"""Absolute URLs built from the configured public address (PUBLIC_URL), never from the request.

A link in a mail, a feed, a QR code, JSON-LD or the API must not follow the Host or
X-Forwarded-Host a client sent (a password-reset link pointing at another site hands its token
over). `absolute_url()` works inside a request, a job or a CLI command alike.
"""

from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context, request

#: Used when no public address is configured (development, demo, tests); production refuses
#: to start without one (core.config.check_production).
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"


def public_url() -> str:
    """The site's public address, without a trailing slash: `https://annuaire.example.fr`."""
    return (current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def public_root() -> str:
    """The public address with its trailing slash (what `request.url_root` would be)."""
    return public_url() + "/"


def absolute_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)`, absolute, on the configured public address."""
    app = current_app._get_current_object()
    if endpoint.startswith(".") and has_request_context() and request.blueprint:
        endpoint = request.blueprint + endpoint
    elif endpoint.startswith("."):
        endpoint = endpoint[1:]
    anchor = values.pop("_anchor", None)
    method = values.pop("_method", None)
    values.pop("_external", None)
    values.pop("_scheme", None)
    app.inject_url_defaults(endpoint, values)
    base = urlsplit(public_url())
    adapter = app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, method=method, force_external=True)
    if anchor is not None:
        url += "#" + quote(anchor, safe="%!#$&'()*+,/:;=?@")
    return url
