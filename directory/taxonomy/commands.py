"""`flask territory sync`: load communes and vocabularies from the data files."""

import click

from directory.core.extensions import db
from directory.taxonomy.territory import sync_taxonomy, sync_territory


@click.group()
def territory():
    """Territoire : communes, thèmes et publics."""


@territory.command("sync")
def sync():
    """Create or update communes, themes and publics from data/."""
    communes = sync_territory()
    themes, publics = sync_taxonomy()
    db.session.commit()
    click.echo(f"{communes} communes, {themes} thèmes, {publics} publics.")
