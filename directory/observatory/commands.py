"""`flask observatory`: write the counts now, purge what is past its time."""

import click
from flask.cli import AppGroup

from directory.core.dates import today_paris
from directory.observatory import counting

observatory = AppGroup("observatory", help="Mesure d'audience et indicateurs.")


@observatory.command("purge")
def purge() -> None:
    """Compte et efface les empreintes des jours passés ; efface les comptes de plus de 25 mois.

    Fait aussi chaque jour par le premier enregistrement des comptes ; à lancer par cron sur
    une installation sans visites.
    """
    today = today_paris()
    deleted = counting.roll_over(today)
    counting.flush()
    click.echo(f"{deleted} empreinte(s) des jours passés comptée(s) et effacée(s) ; comptes "
               f"gardés depuis le {counting.retention_start(today).isoformat()}.")
