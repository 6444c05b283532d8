"""`flask agenda import-feeds`: organisations' own iCalendar feeds into the agenda (for cron)."""

import click

from directory.extensions import db
from directory.operations import event_feeds


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
    for feed in feeds:
        name = feed.organization.nom
        report = event_feeds.import_feed(feed)
        db.session.commit()
        if report.error:
            failed += 1
        click.echo(f"{name} : {report}")
    if not feeds:
        click.echo("Aucun calendrier à importer.")
    if failed:
        raise SystemExit(1)
