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
    config = current_app.config
    saved = config["PUBLIC_URL"], config["TRUSTED_HOSTS"]
    # QR codes are built on PUBLIC_URL; no request comes in, the host list does not apply.
    config["PUBLIC_URL"], config["TRUSTED_HOSTS"] = base, None
    started = time.perf_counter()
    try:
        with current_app.test_request_context(base_url=base):
            built = editions.build_all()
    finally:
        config["PUBLIC_URL"], config["TRUSTED_HOSTS"] = saved
    click.echo(f"{len(built)} éditions à jour en {time.perf_counter() - started:.1f} s.")
