"""The quarterly printed agenda: what goes in, its layout and outputs, the deadline reminders."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.editions.commands import editions

    app.cli.add_command(editions)
