"""What every feature builds on: configuration, extensions, dates, text, mail, uploads, pages."""

from flask import Flask

from directory.core.config import ROOT


def init_app(app: Flask) -> None:
    from directory.core import errors, headers, jobs, mail, sessions, templating
    from directory.core.extensions import babel, csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app)
    mail.init_app(app)
    sessions.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    templating.init_app(app)
    jobs.init_app(app)
