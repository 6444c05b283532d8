"""The `flask newsletters` CLI group: send the due digests (cron), counts for the indicators."""

import click

newsletters = click.Group("newsletters", help="Lettres d'information et alertes par courriel.")
