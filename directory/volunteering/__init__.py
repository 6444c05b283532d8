"""Volunteering: the missions associations publish, their search, and volunteers' messages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.search import documents
    from directory.volunteering import queries

    if queries.seeking_volunteers not in documents.VOLUNTEER_SOURCES:
        documents.VOLUNTEER_SOURCES.append(queries.seeking_volunteers)

    app.config.setdefault("VOLUNTEER_CONTACT_RATELIMIT", "5/hour")
    app.jinja_env.globals.update(open_missions_of=queries.open_missions_of)
