"""`flask campaigns send-reminders`: the campaign mails that are due, meant for cron."""

from datetime import datetime

import click

from directory.core.models import utcnow
from directory.listings.campaigns.mails import send_due


@click.group()
def campaigns():
    """Campagnes de mise à jour des fiches."""


@campaigns.command("send-reminders")
@click.option("--now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z"]),
              help="Instant de référence (ISO 8601 avec fuseau), pour les essais.")
def send_reminders(now: datetime | None):
    """Send due first mails and reminders; running it twice never sends a mail twice.

    Links in the mails need DIRECTORY_SERVER_NAME (and DIRECTORY_PREFERRED_URL_SCHEME=https).
    """
    if now is not None and now.tzinfo is None:
        raise click.BadParameter("indiquez le fuseau, par exemple 2027-07-15T08:00:00+0200",
                                 param_hint="--now")
    sent = send_due(now or utcnow())
    click.echo(f"{sent.first} premier(s) envoi(s), {sent.reminders} relance(s), "
               f"{sent.failed} échec(s).")
    if sent.failed:
        raise SystemExit(1)
