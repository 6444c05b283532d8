"""Jinja filters and globals shared by every template."""

from urllib.parse import urlsplit

from babel.numbers import format_decimal
from flask import Flask, current_app
from markupsafe import Markup, escape

from directory.core.dates import date_fr, datetime_fr, today_paris
from directory.core.sanitize import render_markdown
from directory.core.text import de, time_ranges, unbreakable_times
from directory.core.urls import absolute_url


def is_web_url(value) -> bool:
    """Only http(s) addresses become links (an imported "javascript:" URL stays inert)."""
    return isinstance(value, str) and urlsplit(value.strip()).scheme in ("http", "https")


def nowrap_times(value) -> Markup:
    """The text, escaped, each time or time range in a `nowrap` span: « 14 h – 16 h » never
    breaks across lines (site and printed editions; print.css and site.css have the class)."""
    if value is None:
        return Markup("")
    text, parts, last = str(value), [], 0
    for start, end in time_ranges(text):
        parts += [escape(text[last:start]), Markup('<span class="nowrap">'),
                  escape(text[start:end]), Markup("</span>")]
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


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
        nowrap_times=nowrap_times,
        unbreakable_times=unbreakable_times,
    )
    app.jinja_env.tests.update(web_url=is_web_url)
    app.jinja_env.globals.update(
        today_paris=today_paris,
        absolute_url=absolute_url,
    )

    @app.context_processor
    def territory():
        return {"territory": current_app.extensions["territory"]}
