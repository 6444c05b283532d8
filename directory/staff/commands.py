"""The staff console's commands: the daily digest of what waits."""

import click
from flask.cli import with_appcontext

from directory.staff import notifications


@click.group("staff")
def staff_group():
    """L'équipe : courriels de ce qui attend dans la file."""


@staff_group.command("digest")
@with_appcontext
def digest():
    """Send the daily digest to the staff who chose it (to run once a day by cron)."""
    sent = notifications.send_digests()
    click.echo(f"{sent} récapitulatif(s) envoyé(s).")
