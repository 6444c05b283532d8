"""Sign-in sessions: Flask-Login, the secure session cookie and the rate limiter's defaults.

Sign-in sessions: Flask-Login, secure session cookie and the rate limiter's defaults (the
user loader is the accounts feature's).
"""

import os
import sys

from flask import Flask, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from directory.core.extensions import limiter, login_manager


class SessionInterface(SecureCookieSessionInterface):
    """The cookie is marked Secure whenever the page itself came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    config = app.config
    # Memory by default (demo); DIRECTORY_RATELIMIT_STORAGE_URI=redis://… in production.
    config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    #: Per IP and, where a form names one, per email address.
    config.setdefault("ACCOUNT_RATELIMIT", "5/minute;30/hour")
    if config.get("PREFERRED_URL_SCHEME") == "https":
        config["SESSION_COOKIE_SECURE"] = True
    if config.get("SESSION_COOKIE_SECURE") and config.get("SESSION_COOKIE_NAME") == "session":
        # __Host-: the browser keeps it only if Secure, for this host alone (no Domain) and
        # for every path, so no sibling subdomain or plain-http page can plant or shadow it.
        config["SESSION_COOKIE_NAME"] = "__Host-session"
        config["SESSION_COOKIE_DOMAIN"] = None
        config["SESSION_COOKIE_PATH"] = "/"
    app.session_interface = SessionInterface()
    limiter.init_app(app)
    warn_if_counted_apart(app)

    login_manager.init_app(app)
    login_manager.login_view = "account.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    # Strong protection is done in load_user: Flask-Login's own would also rewrite every
    # anonymous session that holds a CSRF token (and clear a remember cookie) at each request.
    login_manager.session_protection = None

    @app.before_request
    def forget_previous_request():
        # Flask-Login caches the user, Flask-WTF the CSRF token, in `g`, which outlives a request
        # whenever an app context was pushed beforehand (tests, scripts): each request must
        # load its own from its own session.
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def served_by_several_processes() -> bool:
    """Under gunicorn or uWSGI (or WEB_CONCURRENCY > 1), requests go to several processes."""
    program = os.path.basename(sys.argv[0] if sys.argv else "")
    return ("gunicorn" in program or "uwsgi" in program
            or "gunicorn" in os.environ.get("SERVER_SOFTWARE", "")
            or os.environ.get("WEB_CONCURRENCY", "1").strip() not in ("", "0", "1"))


def warn_if_counted_apart(app: Flask) -> None:
    """Rate limits kept in each process's memory: with several workers each counts apart (4
    workers let about 4 times the attempts through). Said at start, in the log."""
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri.startswith("memory://") and served_by_several_processes():
        app.logger.warning(
            "Rate limits are counted in each worker's memory (%s): several workers count apart. "
            "Set DIRECTORY_RATELIMIT_STORAGE_URI=redis://… to share the counts.", uri)
