"""What every feature builds on: configuration, extensions, dates, text, mail, uploads, pages."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from directory.core.config import ROOT


class RowId(IntegerConverter):
    """`<int:…>` in every route: a number the database's integer columns can hold, else 404
    (a 20-digit id overflowed the driver: 500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    from directory.core import errors, headers, jobs, mail, sessions, templating, uploads
    from directory.core.extensions import babel, csrf, db, migrate

    app.url_map.converters["int"] = RowId  # before any blueprint adds its rules

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
    uploads.init_app(app)
