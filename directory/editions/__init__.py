"""The quarterly printed agenda: what goes in, its layout and outputs, the deadline reminders."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.editions import templating
    from directory.editions.commands import editions

    app.jinja_env.globals.update(quarterly_editions=templating.quarterly_editions)
    app.cli.add_command(editions)
