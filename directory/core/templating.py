"""Jinja filters and globals shared by every template."""

from urllib.parse import urlsplit

from babel.numbers import format_decimal
from flask import Flask, current_app

from directory.core.dates import date_fr, datetime_fr, today_paris
from directory.core.sanitize import render_markdown
from directory.core.text import de
from directory.core.urls import absolute_url


def is_web_url(value) -> bool:
    """Only http(s) addresses become links (an imported "javascript:" URL stays inert)."""
    return isinstance(value, str) and urlsplit(value.strip()).scheme in ("http", "https")


def number_fr(value: int) -> str:
    return format_decimal(value, locale="fr_FR")


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date_fr=date_fr,
        datetime_fr=datetime_fr,
        markdown=render_markdown,
        number_fr=number_fr,
        de=de,
        de_place=lambda name: de(name, proper=True),
    )
    app.jinja_env.tests.update(web_url=is_web_url)
    app.jinja_env.globals.update(
        today_paris=today_paris,
        absolute_url=absolute_url,
    )

    @app.context_processor
    def territory():
        return {"territory": current_app.extensions["territory"]}
