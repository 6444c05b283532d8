"""Annuaire des associations, annuaire partenarial et agenda d'un territoire: the app factory."""

from importlib import import_module

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.core.config import ROOT, load_config, proxy_headers

#: The features, in dependency order: each package's init_app() adds its CLI group, template
#: helpers and listeners.
FEATURES = (
    "taxonomy",
    "accounts",
    "listings",
    "search",
    "partners",
    "agenda",
    "volunteering",
    "editions",
    "printing",
    "newsletters",
    "opendata",
    "observatory",
    "staff",
    "pathways",
    "backup",
    "demo",
)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    if headers := proxy_headers(app):
        # Rate limits, session checks and https detection need the visitor's address and
        # scheme; only the headers the operator named are believed (never a client's own).
        app.wsgi_app = ProxyFix(app.wsgi_app, **{"x_for": 0, "x_proto": 0, **headers})

    from directory import (
        blueprints,
        core,
        models,  # noqa: F401  (every table known to SQLAlchemy and Alembic)
    )

    core.init_app(app)
    for name in FEATURES:
        import_module(f"directory.{name}").init_app(app)
    blueprints.init_app(app)
    return app
