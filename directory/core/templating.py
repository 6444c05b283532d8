"""Jinja filters and globals shared by every template."""

from flask import Flask, current_app

from directory.core.dates import date_fr, datetime_fr, today_paris
from directory.core.sanitize import render_markdown


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date_fr=date_fr,
        datetime_fr=datetime_fr,
        markdown=render_markdown,
    )
    app.jinja_env.globals.update(
        today_paris=today_paris,
    )

    @app.context_processor
    def territory():
        return {"territory": current_app.extensions["territory"]}
