"""Printed editions of the directory: build every PDF ahead of visitors (cron)."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from directory.printing import editions


@click.group("printing", help="Éditions imprimables de l'annuaire (annuaire, guides, affiches).")
def printing():
    pass


@printing.command("build")
@with_appcontext
def build():
    """Build the directory, guides and commune posters that are not up to date.

    QR codes need the public address: set DIRECTORY_PUBLIC_URL (e.g. https://annuaire.example.fr).
    """
    base = current_app.config.get("PUBLIC_URL") or "http://localhost/"
    started = time.perf_counter()
    with current_app.test_request_context(base_url=base):
        built = editions.build_all()
    click.echo(f"{len(built)} éditions à jour en {time.perf_counter() - started:.1f} s.")
