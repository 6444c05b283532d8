"""The web layer: one module or sub-package per feature, registered by create_app()."""

from importlib import import_module

from flask import Flask

#: Each module holds one blueprint `bp`; the order is the order of registration.
BLUEPRINTS = (
    "listings.public",
    "accounts",
    "listings.manage",
    "listings.moderation",
    "listings.campaigns",
    "editions",
    "agenda.manage",
    "opendata.api",
    "opendata.exports",
    "opendata.imports",
    "agenda.feeds",
    "agenda.public",
    "partners",
    "agenda.moderation",
    "agenda.propose",
    "printing",
    "listings.rna_claim",
    "search",
    "staff_accounts",
    "listings.merges",
    "observatory",
    "staff",
    "newsletters",
    "volunteering",
    "pathways",
    "site",
)


def init_app(app: Flask) -> None:
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)
