"""`flask agenda import-feeds`: organisations' own iCalendar feeds into the agenda (for cron)."""

import click

from directory.agenda.jobs import import_all


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
    feeds = import_all(slug)
    for name, report in feeds:
        click.echo(f"{name} : {report}")
    failed = sum(1 for _, report in feeds if report.error)
    if not feeds:
        click.echo("Aucun calendrier à importer.")
    if failed:
        raise SystemExit(1)
