"""`flask editions send-reminders`: the quarterly agenda's deadline reminders, meant for cron."""

import click

from directory.core.mailings import batch_command
from directory.editions.mails import send_due


@click.group()
def editions():
    """Éditions imprimées de l'agenda trimestriel."""


editions.add_command(batch_command(
    "send-reminders", send_due, example="2026-12-01T08:00:00+0100",
    help="Remind organisations of the submission deadline; running it twice never mails twice.",
    summary="{reminders} rappel(s) envoyé(s)",
))
