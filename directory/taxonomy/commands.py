"""`flask territory sync` and `import`: communes and vocabularies from the data files."""

from pathlib import Path

import click
from flask import current_app

from directory.core.extensions import db
from directory.taxonomy import cog
from directory.taxonomy.territory import read_territory, sync_taxonomy, sync_territory


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


@territory.command("import")
@click.option("--epci", "siren", required=True, help="SIREN de l'intercommunalité (9 chiffres).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier du territoire à écrire (par défaut celui de la configuration).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=cog.DATA_DIR, show_default=True,
              help="Dossier data/ du paquet @etalab/decoupage-administratif.")
def import_command(siren: str, output: Path | None, data_dir: Path):
    """Write the communes of an EPCI (INSEE codes, postcodes) into the territory file."""
    output = output or Path(current_app.config["TERRITORY_FILE"])
    try:
        epci = cog.read_epci(siren, data_dir)
        existing = output.read_text(encoding="utf-8") if output.exists() else None
        previous = read_territory(output).get("communes", []) if existing else []
        text = cog.territory_text(epci, existing, previous, cog.package_version(data_dir))
    except cog.CogError as error:
        raise click.ClickException(str(error)) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    added, gone = cog.changes(epci, previous)
    click.echo(f"{epci.name} (SIREN {epci.siren}) : {len(epci.communes)} communes écrites "
               f"dans {output}" + (f", dont nouvelles : {', '.join(added)}" if added else "")
               + ".")
    if gone:
        click.echo("Retirées du fichier (hors de l'EPCI) : " + ", ".join(gone) + ".")
    click.echo("Lancez « flask territory sync » pour mettre la base à jour.")
