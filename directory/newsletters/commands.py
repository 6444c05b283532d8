"""The `flask newsletters` CLI group: queue the due digests (cron), counts for the indicators."""

from datetime import datetime, timedelta

import click

from directory.core.extensions import db
from directory.core.models import utcnow
from directory.newsletters import jobs, operations, queries, tokens
from directory.newsletters.models import Frequency

newsletters = click.Group("newsletters", help="Lettres d'information et alertes par courriel.")


@newsletters.command("send-digests")
@click.option("--frequency", type=click.Choice([f.value for f in Frequency]),
              default=Frequency.WEEKLY.value, show_default=True)
@click.option("--now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z"]),
              help="Instant de référence (ISO 8601 avec fuseau), pour les essais.")
def send_digests(frequency: str, now: datetime | None):
    """Queue this period's digests (cron: weekly and monthly); the worker sends them in batches.

    Running it twice in a period sends nothing twice; mails that failed are tried again.
    Links in the mails need DIRECTORY_SERVER_NAME (and DIRECTORY_PREFERRED_URL_SCHEME=https).
    """
    if now is not None and now.tzinfo is None:
        raise click.BadParameter("indiquez le fuseau, par exemple 2027-01-04T07:00:00+0100",
                                 param_hint="--now")
    now = now or utcnow()
    forgotten = operations.forget_unconfirmed(now - timedelta(seconds=tokens.CONFIRM_MAX_AGE))
    job = jobs.start_digests(frequency, now)
    db.session.commit()
    click.echo(f"Envoi {job.options['key']} mis en file (travail n° {job.id}) ; "
               f"{forgotten} adresse(s) jamais confirmée(s) oubliée(s).")


@newsletters.command("stats")
def stats():
    """Subscribers, mails sent and unsubscriptions (opens are not tracked)."""
    counts = queries.indicators()
    click.echo(f"{counts['subscribers']} abonné(s), {counts['sent']} courriel(s) envoyé(s), "
               f"{counts['unsubscribed']} désabonnement(s).")
