"""The partner directory: services, what only professionals see, orientation sheets, referrals."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.partners.commands import partners

    app.cli.add_command(partners)
