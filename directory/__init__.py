"""Annuaire des associations, annuaire partenarial et agenda d'un territoire: the app factory."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.config import ROOT, load_config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    if app.config["PROXY_COUNT"]:
        # Rate limits, session checks and https detection need the visitor's address and scheme.
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)

    from directory import errors, headers, templating

    errors.init_app(app)
    headers.init_app(app)
    templating.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    from directory import (
        models,  # noqa: F401  (every table known to SQLAlchemy and Alembic)
        search,
    )
    from directory.extensions import babel, csrf, db, migrate
    from directory.referential import read_territory

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app)
    app.extensions["territory"] = read_territory(app.config["TERRITORY_FILE"])
    search.init_app(app)
    from directory import mail, sessions

    mail.init_app(app)
    sessions.init_app(app)


def register_blueprints(app: Flask) -> None:
    from directory.blueprints import register_blueprints as register

    register(app)


def register_commands(app: Flask) -> None:
    from directory.commands import register_commands as register

    register(app)
