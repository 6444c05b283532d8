"""The partner directory: services, what only professionals see, orientation sheets, referrals."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.partners import queries, templating
    from directory.partners.commands import partners

    app.jinja_env.globals.update(
        reception_details=queries.reception_details,
        pending_professional_requests=templating.pending_professional_requests,
    )
    app.cli.add_command(partners)
