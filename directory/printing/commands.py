"""Printed editions of the directory: build every PDF ahead of visitors (cron)."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.printing import paper as editions


@click.group("printing", help="Éditions imprimables de l'annuaire (annuaire, guides, affiches).")
def printing():
    pass


@printing.command("build")
@click.option("--base-url", help="Adresse publique du site (par défaut DIRECTORY_PUBLIC_URL).")
@with_appcontext
def build(base_url: str | None):
    """Build the directory, guides and commune posters that are not up to date.

    QR codes need the public address: DIRECTORY_PUBLIC_URL (e.g. https://annuaire.example.fr).
    """
    base = base_url or current_app.config.get("PUBLIC_URL")
    if not base:
        raise click.UsageError(
            "Indiquez l'adresse publique du site (DIRECTORY_PUBLIC_URL ou --base-url) : "
            "elle est imprimée dans les codes QR."
        )
    current_app.config["PUBLIC_URL"] = base  # this command's process only
    started = time.perf_counter()
    with current_app.test_request_context(base_url=base):
        built = editions.build_all()
    click.echo(f"{len(built)} éditions à jour en {time.perf_counter() - started:.1f} s.")
