"""`flask campaigns send-reminders`: the campaign mails that are due, meant for cron."""

import click

from directory.core.mailings import batch_command
from directory.listings.campaigns.mails import send_due


@click.group()
def campaigns():
    """Campagnes de mise à jour des fiches."""


campaigns.add_command(batch_command(
    "send-reminders", send_due, example="2027-07-15T08:00:00+0200",
    help="Send due first mails and reminders; running it twice never sends a mail twice.",
    summary="{first} premier(s) envoi(s), {reminders} relance(s)",
))
