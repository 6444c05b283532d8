"""Pathways by life moment (« J'ai besoin de… »), easy-to-read texts, newcomers' booklets."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.pathways import templating

    app.jinja_env.filters["fr_spaces"] = templating.fr_spaces
    app.jinja_env.globals.update(
        readability_of=templating.readability_of,
        pathways_menu=templating.pathways_menu,
    )
