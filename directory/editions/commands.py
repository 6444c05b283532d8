"""`flask editions send-reminders`: the quarterly agenda's deadline reminders, meant for cron."""

from datetime import datetime

import click

from directory.core.models import utcnow
from directory.editions.mails import send_due


@click.group()
def editions():
    """Éditions imprimées de l'agenda trimestriel."""


@editions.command("send-reminders")
@click.option("--now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z"]),
              help="Instant de référence (ISO 8601 avec fuseau), pour les essais.")
def send_reminders(now: datetime | None):
    """Remind organisations of the submission deadline; running it twice never mails twice.

    Links in the mails need DIRECTORY_SERVER_NAME (and DIRECTORY_PREFERRED_URL_SCHEME=https).
    """
    if now is not None and now.tzinfo is None:
        raise click.BadParameter("indiquez le fuseau, par exemple 2026-12-01T08:00:00+0100",
                                 param_hint="--now")
    sent = send_due(now or utcnow())
    click.echo(f"{sent.reminders} rappel(s) envoyé(s), {sent.failed} échec(s).")
    if sent.failed:
        raise SystemExit(1)
