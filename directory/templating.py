"""Jinja filters and globals shared by every template."""

from flask import Flask, current_app

from directory.dates import date_fr, datetime_fr, today_paris
from directory.sanitize import render_markdown
from directory.vocabularies import ACCESSIBILITY_LABELS, FEES_LABELS, ORGANIZATION_KIND_LABELS


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date_fr=date_fr,
        datetime_fr=datetime_fr,
        markdown=render_markdown,
    )
    app.jinja_env.globals.update(
        kind_labels=ORGANIZATION_KIND_LABELS,
        accessibility_labels=ACCESSIBILITY_LABELS,
        fees_labels=FEES_LABELS,
        today_paris=today_paris,
    )

    @app.context_processor
    def territory():
        return {"territory": current_app.extensions["territory"]}
