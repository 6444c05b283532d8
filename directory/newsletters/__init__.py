"""Newsletters and alerts: subscriptions by e-mail, weekly or monthly digests, staff letters."""

from flask import Flask


def init_app(app: Flask) -> None:
    from directory.newsletters.commands import newsletters

    app.config.setdefault("NEWSLETTER_BOUNCE_ADDRESS", None)
    app.config.setdefault("NEWSLETTER_BATCH_SIZE", 200)
    app.config.setdefault("NEWSLETTER_SUBSCRIBE_RATELIMIT", "10/hour")
    app.cli.add_command(newsletters)
