"""French error pages; a database out of reach answers 503, not 500."""

import contextlib
import logging
import sqlite3

from flask import Flask, g, has_request_context, jsonify, render_template, request
from flask.globals import request_ctx
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc

from directory.core.extensions import db

log = logging.getLogger(__name__)

#: Seconds a client (or a proxy, a monitoring probe) is told to wait before trying again: a
#: restart or a failover of PostgreSQL takes about that long.
RETRY_AFTER = 30

UNAVAILABLE = (
    "Service momentanément indisponible",
    "Le site ne peut pas joindre sa base de données pour le moment. Rien n'est perdu : "
    "réessayez dans une minute.",
)

#: SQLite errors that say the file is out of reach or busy (others, like « no such table »,
#: are bugs and stay 500s).
_SQLITE_UNAVAILABLE = ("unable to open", "locked", "disk i/o", "busy")


def database_unavailable(error: Exception) -> bool:
    """Whether a database error means « out of reach for now » rather than a bug."""
    if isinstance(error, sa_exc.TimeoutError):  # no connection free in the pool
        return True
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if isinstance(error.orig, sqlite3.Error):
        text = str(error.orig).lower()
        return any(part in text for part in _SQLITE_UNAVAILABLE)
    # psycopg: connection refused or lost, server shutting down, statement cancelled.
    return isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError)

def unavailable(error: Exception):
    """« Service momentanément indisponible » (503, Retry-After): HTML, or JSON under /api/."""
    log.warning("database unavailable: %s", error.__class__.__name__, exc_info=True)
    # The session's transaction is dead: later hooks must not trip over it.
    with contextlib.suppress(sa_exc.SQLAlchemyError):
        db.session.rollback()
    # Nothing after this may ask the database who is signed in (headers, templates).
    g._login_user = AnonymousUserMixin()
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    title, message = UNAVAILABLE
    if request.path == "/api" or request.path.startswith("/api/"):
        body = jsonify({"error": {"status": 503, "message": f"{title}. {message}"}})
        return body, 503, headers
    if request_ctx.url_adapter is None:
        return f"{title}.\n", 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}
    page = render_template("errors/unavailable.html", title=title, message=message)
    return page, 503, headers


MESSAGES = {
    400: ("Requête incorrecte", "La demande n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas le droit d'accéder à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: (
        "Envoi trop volumineux",
        "L'envoi dépasse {limit} : rien n'a été enregistré. Un logo fait 2 Mo au plus, une "
        "image ou une affiche 4 Mo au plus ; réduisez le fichier, puis revenez au formulaire.",
    ),
    429: ("Trop de tentatives", "Merci de patienter quelques minutes avant de réessayer."),
    500: ("Erreur du serveur", "Une erreur est survenue. L'équipe a été prévenue."),
}


def init_app(app: Flask) -> None:
    def render(code: int, detail: str | None = None):
        title, message = MESSAGES[code]
        if has_request_context() and request_ctx.url_adapter is None:
            # A Host outside TRUSTED_HOSTS: no URL can be built, the page has no links.
            return f"{title} : adresse du site inconnue.\n", code, {
                "Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", title=title, message=detail or message), code

    for code in MESSAGES:
        if code != 413:
            app.register_error_handler(code, lambda e, code=code: render(code))

    @app.errorhandler(413)
    def too_large(e):
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        message = MESSAGES[413][1].format(limit=f"{limit / 1024 / 1024:.0f} Mo")
        if request_ctx.url_adapter is None:
            return render(413)
        # The form's own address: a GET shows it again (the body was never read).
        back = request.path if request.method == "POST" else None
        return render_template("errors/error.html", title=MESSAGES[413][0], message=message,
                               back=back), 413

    @app.errorhandler(sa_exc.DBAPIError)
    @app.errorhandler(sa_exc.TimeoutError)
    def database_error(e):
        if not database_unavailable(e):
            raise e
        return unavailable(e)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render(
            400,
            "Le formulaire a expiré ou n'a pas pu être vérifié. "
            "Rechargez la page et renvoyez-le : ce que vous aviez saisi est à ressaisir.",
        )
