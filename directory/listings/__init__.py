"""The directory's listings: organisations and what they hold, their history and moderation.

The directory's listings: organisations, activities, contacts, places, their history and
moderation; freshness, the annual campaign and drafts imported from the RNA.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.listings import templating
    from directory.listings.campaigns.commands import campaigns
    from directory.listings.commands import users

    app.jinja_env.globals.update(
        can_edit_listing=templating.can_edit_listing,
        changes_requested=templating.changes_requested,
        listing_stale=templating.listing_stale,
        register_draft=templating.register_draft,
        unclaimed_register_ids=templating.unclaimed_register_ids,
    )
    app.cli.add_command(campaigns)
    app.cli.add_command(users)
