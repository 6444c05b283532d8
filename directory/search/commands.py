"""`flask search reindex | drain | check`: maintain the full-text index."""

import sys

import click

from directory import search as engine


@click.group()
def search():
    """Index de recherche : reconstruction, rattrapage, vérification."""


@search.command("reindex")
def reindex():
    """Rebuild the index from the database."""
    count = engine.reindex()
    click.echo(f"{count} organisations indexées.")


@search.command("drain")
def drain():
    """Apply pending changes (search_outbox) to the index."""
    count = engine.drain()
    click.echo(f"{count} modifications appliquées.")


@search.command("check")
def check():
    """Compare the index with the database; exit 1 on differences."""
    report = engine.check()
    if report.ok:
        click.echo("L'index est à jour.")
        return
    for line in report.lines():
        click.echo(line)
    sys.exit(1)
