"""Sign-in sessions: Flask-Login, the secure session cookie and the rate limiter's defaults.

Sign-in sessions: Flask-Login, secure session cookie and the rate limiter's defaults (the
user loader is the accounts feature's).
"""

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
