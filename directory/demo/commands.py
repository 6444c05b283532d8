"""`flask demo load` and `flask demo synthetic`: fictional content for demos and benchmarks."""

from datetime import date

import click

from directory.core.dates import today_paris
from directory.demo.generate import DEFAULT_SEED, has_organizations, load_demo, load_synthetic


@click.group()
def demo():
    """Données de démonstration (fictives)."""


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si des organisations existent.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date de référence des dates générées (par défaut : aujourd'hui).",
)
def load(if_empty: bool, seed: int, today):
    """Load the fictional directory of the Communauté de communes Yonne Nord."""
    if if_empty and has_organizations():
        click.echo("Des organisations existent déjà : données de démonstration non chargées.")
        return
    reference = today.date() if today else today_paris()
    count = load_demo(seed=seed, today=reference)
    click.echo(f"{count} organisations fictives chargées (graine {seed}).")
    from directory.demo.events import count_events

    click.echo(f"{count_events()} événements fictifs dans l'agenda.")


@demo.command("synthetic")
@click.option(
    "--size", type=int, required=True, help="Nombre d'organisations, ex. 1000, 10000, 100000."
)
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
def synthetic(size: int, seed: int):
    """Bulk-insert a synthetic territory (benchmarks), then rebuild the search index once."""
    if size < 1:
        raise click.BadParameter("la taille doit être un entier positif.", param_hint="--size")
    timings = load_synthetic(size, seed=seed, today=date(2026, 1, 15))
    click.echo(
        f"{size} organisations synthétiques insérées en {timings['insert']:.1f} s, "
        f"index reconstruit en {timings['index']:.1f} s."
    )


@demo.command("accounts")
def accounts_command():
    """Create the demo accounts (published passwords: demos only) and print how to sign in."""
    from directory.core.extensions import db
    from directory.demo.accounts import ensure_demo_accounts

    made = ensure_demo_accounts()
    db.session.commit()
    click.echo("Comptes de démonstration (mots de passe publics : ne pas utiliser en production) :")
    for account, organization in made:
        line = f"  {account.label} : {account.email} / {account.password}"
        if organization is not None:
            line += f" (gère « {organization.nom} »)"
        click.echo(line)
    click.echo(
        "Connexion sur /compte/connexion ; les courriels (liens de connexion) sont écrits "
        "dans instance/mails/."
    )
