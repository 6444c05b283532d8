"""Security headers on every response; the CSP allows no inline script and no other site.

Only views marked with `allow_framing` (the embeddable agenda) may be shown in another site's
frame; every other page refuses it.
"""

from flask import Flask, current_app, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The same policy for pages other sites may frame (any site, as the agenda is public).
FRAMABLE_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


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
        return response
