"""Security headers on every response; the CSP allows no inline script and no other site.

Only views marked with `allow_framing` (the embeddable agenda) may be shown in another site's
frame; every other page refuses it.
"""

from flask import Flask, current_app, request, session
from flask_login import current_user

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The same policy for pages other sites may frame (any site, as the agenda is public).
FRAMABLE_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


#: Two years, the preload lists' minimum.
HSTS = "max-age=63072000; includeSubDomains"


def _signed_in() -> bool:
    # Only when the session names a user: anonymous pages stay cacheable by proxies.
    return "_user_id" in session and current_user.is_authenticated


def allow_framing(view):
    """Mark a view whose page other sites may put in an <iframe>."""
    view.allow_framing = True
    return view


def _framable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "allow_framing", False))


def init_app(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        if _framable():
            response.headers.setdefault("Content-Security-Policy", FRAMABLE_CSP)
        else:
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if request.is_secure:
            # Browsers come back over https only (a first visit over http is redirected by
            # the proxy); not sent over plain http, where it would mean nothing.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if _signed_in() and "Cache-Control" not in response.headers:
            # A signed-in page may hold what only professionals or members see (the same URL
            # shows less to the public): no cache, shared or on disk, may keep it.
            response.headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
        return response
