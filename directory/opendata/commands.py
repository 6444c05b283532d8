"""`flask imports csv|rna FILE`: import an existing directory or the associations register."""

from pathlib import Path

import click

from directory.core.extensions import db
from directory.opendata import imports, rna


@click.group("imports")
def imports_group():
    """Imports dans l'annuaire (tableur CSV, répertoire national des associations)."""


def echo_csv_report(report: imports.CsvReport) -> None:
    if report.file_errors:
        for message in report.file_errors:
            click.echo(f"Fichier refusé : {message}")
        return
    for message in report.warnings:
        click.echo(f"Attention : {message}")
    if report.ignored_columns:
        click.echo("Colonnes ignorées : " + ", ".join(report.ignored_columns))
    click.echo(f"{report.total} ligne(s) lue(s) : {len(report.rows)} valide(s), "
               f"{len(report.errors)} invalide(s).")
    for error in report.errors:
        name = f" ({error.nom})" if error.nom else ""
        click.echo(f"Ligne {error.line}{name} : " + " ".join(error.messages))


@imports_group.command("csv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Vérifier seulement : rien n'est enregistré.")
@click.option("--valid-only", is_flag=True,
              help="Importer les lignes valides même si d'autres sont invalides.")
@click.option("--publish", is_flag=True,
              help="Publier les fiches importées (sinon : brouillons à relire).")
def import_csv(path: Path, dry_run: bool, valid_only: bool, publish: bool):
    """Import listings from a CSV file (columns of the directory export: Nom, Commune…).

    Every row is checked first; if one is invalid, nothing is imported unless --valid-only.
    """
    report = imports.check_csv(path.read_bytes(), path.name)
    echo_csv_report(report)
    if report.file_errors:
        raise SystemExit(1)
    if dry_run:
        click.echo("Simulation : rien n'a été importé.")
        raise SystemExit(1 if report.errors else 0)
    try:
        created = imports.import_csv(report, only_valid=valid_only, publish=publish)
        db.session.commit()
    except imports.ImportRefused as refused:
        db.session.rollback()
        click.echo(str(refused))
        raise SystemExit(1) from None
    except Exception:
        db.session.rollback()
        raise
    state = "publiée(s)" if publish else "en brouillon"
    click.echo(f"{len(created)} fiche(s) importée(s), {state}.")


@imports_group.command("rna")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Montrer ce qui serait fait, sans l'enregistrer.")
def import_rna(path: Path, dry_run: bool):
    """Import the active associations of the territory from an RNA "waldec" file (one
    département), as draft listings; safe to run again with a newer file."""
    try:
        report = rna.import_rna(path.read_bytes(), path.name)
    except rna.RnaFileError as error:
        db.session.rollback()
        click.echo(str(error))
        raise SystemExit(1) from None
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Encodage détecté : {report.encoding}. {report.rows} association(s) lue(s).")
    click.echo(f"Ignorées : {report.inactive} non active(s), {report.outside} hors du territoire.")
    click.echo(f"{len(report.created)} fiche(s) créée(s) en brouillon, "
               f"{len(report.renamed)} renommée(s), {report.unchanged} déjà à jour, "
               f"{report.kept_as_is} déjà revendiquée(s) ou publiée(s) (inchangées).")
    for old, new in report.renamed:
        click.echo(f"Renommée : « {old} » -> « {new} »")
    for kept, register in report.edited:
        click.echo(f"Modifiée depuis l'import, nom gardé : « {kept} » (registre : « {register} »)")
    for line, message in report.invalid:
        click.echo(f"Ligne {line} ignorée : {message}")
    if dry_run:
        db.session.rollback()
        click.echo("Simulation : rien n'a été enregistré.")
    else:
        db.session.commit()
