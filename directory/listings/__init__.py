"""The directory's listings: organisations, activities, contacts, places, their history and
moderation; freshness, the annual campaign and drafts imported from the RNA."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.listings.campaigns.commands import campaigns
    from directory.listings.commands import users

    app.cli.add_command(campaigns)
    app.cli.add_command(users)
