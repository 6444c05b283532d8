"""`flask territory import --epci`: the territory file written from INSEE's Code officiel
géographique, as published by the npm package @etalab/decoupage-administratif.

The small data folder written here has the package's own layout and fields (data/epci.json:
code, nom, membres[code, nom]; data/communes.json: code, nom, type, codesPostaux), with the
real codes of three communes of the CC Yonne Nord.
"""

import json
import tomllib

import pytest
from sqlalchemy import select

from directory.core.config import ROOT
from directory.taxonomy import cog
from directory.taxonomy.models import Commune
from directory.taxonomy.territory import read_territory, sync_territory

DEMO_FILE = ROOT / "data" / "territories" / "yonne-nord.toml"
SIREN = "248900896"


@pytest.fixture
def cog_data(tmp_path):
    folder = tmp_path / "decoupage-administratif" / "data"
    folder.mkdir(parents=True)
    (folder.parent / "package.json").write_text('{"version": "6.0.0"}')
    members = [("89255", "Michery", ["89140"]), ("89080", "La Chapelle-sur-Oreuse", ["89260"]),
               ("89162", "Évry", ["89140"])]
    (folder / "epci.json").write_text(json.dumps([{
        "code": SIREN, "nom": "CC Yonne Nord", "type": "CC",
        "membres": [{"code": code, "nom": name} for code, name, _ in members],
    }]))
    (folder / "communes.json").write_text(json.dumps([
        {"code": code, "nom": name, "type": "commune-actuelle", "codesPostaux": postcodes}
        for code, name, postcodes in members
    ] + [{"code": "89255", "nom": "Ancienne commune", "type": "commune-deleguee"}]))
    return folder


def test_import_writes_a_new_territory_file_the_app_reads(runner, cog_data, tmp_path):
    output = tmp_path / "territoire.toml"
    result = runner.invoke(args=["territory", "import", "--epci", "248 900 896",
                                 "--output", str(output), "--data", str(cog_data)])
    assert result.exit_code == 0, result.output
    assert "CC Yonne Nord (SIREN 248900896) : 3 communes écrites" in result.output
    data = read_territory(output)
    assert data["epci_siren"] == SIREN and data["name"] == "CC Yonne Nord"
    # Sorted as a French reader files them: Évry among the E.
    assert [(c["name"], c["insee_code"], c["postal_code"]) for c in data["communes"]] == [
        ("Évry", "89162", "89140"), ("La Chapelle-sur-Oreuse", "89080", "89260"),
        ("Michery", "89255", "89140")]
    assert "npm @etalab/decoupage-administratif 6.0.0" in output.read_text()


def test_import_into_an_existing_file_keeps_everything_else(runner, cog_data, tmp_path):
    output = tmp_path / "territoire.toml"
    output.write_text(
        '# Notre territoire.\nname = "CC Yonne Nord"\n'
        "communes = [\n"
        '  { name = "Chapelle-sur-Oreuse", postal_code = "89260", latitude = 48.28, '
        'longitude = 3.31, neighbours = ["Évry"] },\n'
        '  { name = "Sens", postal_code = "89100" },\n'
        "]\n\n[publisher]\nname = \"CC\"\n", encoding="utf-8")
    args = ["territory", "import", "--epci", SIREN, "--output", str(output),
            "--data", str(cog_data)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "Retirées du fichier (hors de l'EPCI) : Sens." in result.output
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Notre territoire.\n") and '[publisher]\nname = "CC"' in text
    chapelle = next(c for c in tomllib.loads(text)["communes"] if c["insee_code"] == "89080")
    # The official spelling, and what was typed by hand (coordinates, neighbours) kept.
    assert chapelle == {"name": "La Chapelle-sur-Oreuse", "insee_code": "89080",
                        "postal_code": "89260", "latitude": 48.28, "longitude": 3.31,
                        "neighbours": ["Évry"]}
    assert runner.invoke(args=args).exit_code == 0
    assert output.read_text(encoding="utf-8") == text  # running it again changes nothing


def test_import_says_what_is_wrong(runner, cog_data, tmp_path):
    output = tmp_path / "t.toml"
    for siren, message in (("1234", "n'est pas un numéro SIREN"),
                           ("200000000", "Aucun EPCI à fiscalité propre n'a le SIREN 200000000")):
        result = runner.invoke(args=["territory", "import", "--epci", siren, "--output",
                                     str(output), "--data", str(cog_data)])
        assert result.exit_code == 1 and message in result.output
    result = runner.invoke(args=["territory", "import", "--epci", SIREN, "--output", str(output),
                                 "--data", str(tmp_path / "absent")])
    assert result.exit_code == 1 and "make tools" in result.output
    assert not output.exists()


def test_sync_finds_a_renamed_commune_by_its_code(db, tmp_path):
    michery = db.session.scalars(select(Commune).where(Commune.slug == "michery")).one()
    path = tmp_path / "t.toml"
    path.write_text('name = "T"\nepci_siren = "248900896"\ncommunes = [\n'
                    '  { name = "Michery-sur-Yonne", insee_code = "89255", '
                    'postal_code = "89140" },\n]\n', encoding="utf-8")
    sync_territory(path)  # flushed only: the db fixture rolls it back
    assert michery.name == "Michery-sur-Yonne" and michery.slug == "michery-sur-yonne"
    assert michery.epci_siren == SIREN
    assert db.session.scalar(select(Commune.id).where(Commune.insee_code == "89255")) == michery.id


def test_the_demo_territory_has_every_official_code(db):
    data = read_territory(DEMO_FILE)
    assert data["epci_siren"] == SIREN
    codes = [c.get("insee_code") for c in data["communes"]]
    assert len(codes) == 23 and all(code and code.startswith("89") for code in codes)
    communes = db.session.scalars(select(Commune).where(Commune.in_territory)).all()
    assert {c.insee_code for c in communes} == set(codes)
    assert {c.epci_siren for c in communes} == {SIREN}


@pytest.mark.skipif(not (cog.DATA_DIR / "epci.json").exists(),
                    reason="node_modules absent (make tools installs the referential)")
def test_the_demo_file_is_what_the_pinned_referential_gives(runner, tmp_path):
    """The committed codes are those of the package version pinned in package-lock.json."""
    output = tmp_path / "yonne-nord.toml"
    output.write_text(DEMO_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(args=["territory", "import", "--epci", SIREN, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == DEMO_FILE.read_text(encoding="utf-8")
