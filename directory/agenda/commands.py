"""`flask agenda import-feeds`: organisations' own iCalendar feeds into the agenda (for cron)."""

import click
from flask import current_app

from directory.agenda import imports as event_feeds
from directory.agenda.models import EventFeed
from directory.core.extensions import db


@click.group()
def agenda():
    """Agenda partagé."""


@agenda.command("import-feeds")
@click.option("--organisation", "slug", help="Seulement le calendrier de cette organisation.")
def import_feeds(slug: str | None):
    """Read every organisation's feed: add new events, update changed ones, cancel removed ones.

    Each feed is committed on its own, so that one unreadable feed does not hold the others.
    Exits with status 1 when a feed could not be read (its error shows on its page).
    """
    failed = 0
    feeds = [f for f in event_feeds.active_feeds() if slug is None or f.organization.slug == slug]
    for feed_id, name in [(f.id, f.organization.nom) for f in feeds]:
        feed = db.session.get(EventFeed, feed_id)
        try:
            report = event_feeds.import_feed(feed)
            db.session.commit()
        except Exception:  # a bug or odd data in one feed must not stop the others
            db.session.rollback()
            current_app.logger.exception("import of event feed %s failed", feed_id)
            event_feeds.record_failure(db.session.get(EventFeed, feed_id))
            db.session.commit()
            report = event_feeds.ImportReport(error=event_feeds.UNEXPECTED)
        if report.error:
            failed += 1
        click.echo(f"{name} : {report}")
    if not feeds:
        click.echo("Aucun calendrier à importer.")
    if failed:
        raise SystemExit(1)
