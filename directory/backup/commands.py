"""`flask backup create` and `flask backup restore`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from directory.backup import archive

backup = AppGroup("backup", help="Sauvegarde et restauration (base, fichiers envoyés).")


@backup.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path | None):
    """Écrit une sauvegarde complète (.tar.gz) : par défaut dans instance/backups/."""
    summary = archive.create(path)
    click.echo(f"Sauvegarde écrite : {summary.path} ({sum(summary.rows.values())} lignes "
               f"dans {len(summary.rows)} tables, {summary.files} fichiers, schéma "
               f"{summary.revision}).")


@backup.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(path: Path):
    """Restaure une sauvegarde dans une base vide, puis reconstruit l'index de recherche."""
    try:
        summary = archive.restore(path)
    except archive.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Sauvegarde restaurée : {sum(summary.rows.values())} lignes, "
               f"{summary.files} fichiers ; index de recherche reconstruit. Redémarrez le "
               f"site et le processus des travaux (clé secrète reprise).")
