"""The shared agenda: events and their dates, proposals, moderation, planning, iCalendar feeds."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.agenda import display, templating
    from directory.agenda.commands import agenda

    app.jinja_env.globals.update(
        event_status_label=templating.event_status_label,
        moderation_state_label=templating.moderation_state_label,
        event_when=display.event_when,
        event_when_key=templating.event_when_key,
        event_image_url=templating.event_image_url,
        upcoming_events=templating.upcoming_events,
        events_awaiting_moderation=templating.events_awaiting_moderation,
    )
    app.jinja_env.filters.update(day_fr=templating.day_fr)
    app.cli.add_command(agenda)
