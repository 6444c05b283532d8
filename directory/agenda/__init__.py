"""The shared agenda: events and their dates, proposals, moderation, planning, iCalendar feeds."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.agenda.commands import agenda

    app.cli.add_command(agenda)
