"""Security and cache headers: a CSP with no inline script nor other site; ETags for proxies.

Only views marked with `allow_framing` (the embeddable agenda) may be shown in another site's
frame; every other page refuses it. Pages anyone gets alike (no account, no form token, no
cookie set) carry an ETag and may be kept by a shared cache (reverse proxy) for a minute;
browsers ask again each time and get a 304 when nothing changed.
"""

from flask import Flask, current_app, g, request, session
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


#: Seconds a shared cache (the reverse proxy) may serve an anonymous page without asking.
DEFAULT_PUBLIC_MAX_AGE = 60


def _same_for_everyone(response) -> bool:
    """An anonymous 200 that holds nothing of the visitor: no CSRF token made for their session,
    no cookie about to be set, and no caching the view chose itself."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.is_streamed
        and "Cache-Control" not in response.headers
        and "ETag" not in response.headers
        and "Set-Cookie" not in response.headers
        and not session.modified
        and not _made_a_form_token()
    )


def _made_a_form_token() -> bool:
    # Flask-WTF keeps the token it made for this request in g (emptied as each request starts).
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def _public_cache(response) -> None:
    max_age = int(current_app.config.get("PUBLIC_MAX_AGE", DEFAULT_PUBLIC_MAX_AGE))
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={max_age}"
    # A signed-in visitor (a session cookie) never gets the anonymous copy from the proxy.
    response.vary.add("Cookie")
    response.add_etag()
    response.make_conditional(request)


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
        elif not _signed_in() and _same_for_everyone(response):
            _public_cache(response)
        elif (request.method in ("GET", "HEAD") and "Cache-Control" not in response.headers
              and _made_a_form_token()):
            # A form's token belongs to one session: never in a shared cache.
            response.headers["Cache-Control"] = "private, no-cache"
            response.vary.add("Cookie")
        return response
