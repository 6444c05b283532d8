"""Exports: the directory CSV opens in a spreadsheet as is, formulas are neutralised, and every
data·inclusion row validates against the schema's own package."""

import csv
import io
import json

import pytest
from data_inclusion.schema import v1

from directory.taxonomy.vocabularies import ContactVisibility, OrganizationKind, Status
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    PlaceFactory,
    ServiceFactory,
    commune,
    public,
    theme,
)


@pytest.fixture
def directory(db):
    centre = OrganizationFactory(
        nom="Centre social de l'Oreuse", kind=OrganizationKind.PARTNER,
        telephone="03 86 11 22 33", courriel="accueil@centre-oreuse.example",
        site_web="https://centre-oreuse.example", siret="35600000000048",
        description="Accueil, accompagnement et animations pour tous les habitants.",
    )
    centre.themes.append(theme("parentalite"))
    centre.places.append(PlaceFactory(name=None, adresse="2 rue des Écoles",
                                      commune=commune("thorigny-sur-oreuse")))
    parents = ServiceFactory(
        organization=centre, nom="Café des parents", type="atelier", frais="gratuit",
        description="Un temps d'échange entre parents, un samedi par mois.",
        modes_accueil=["en-presentiel"], modes_mobilisation=["se-presenter"],
        mobilisable_par=["usagers", "professionnels"],
    )
    parents.publics.extend([public("familles"), public("petite-enfance"), public("tout-public")])
    parents.themes.append(theme("parentalite"))
    parents.communes.append(commune("thorigny-sur-oreuse"))
    parents.orientation_courriel = "orientation-confidentielle@exemple.org"
    parents.notes_professionnels = "NOTE-PRO-SECRETE"
    # A service with almost nothing filled in still makes a valid row.
    ServiceFactory(organization=centre, nom="Ludo", type="loisir", description=None,
                   frais=None, frais_precisions=None)
    ContactFactory(organization=centre, label="Référente famille", courriel="ref@exemple.org",
                   telephone="06 12 34 56 78", visibility=ContactVisibility.PROFESSIONALS)
    # Values a spreadsheet would run as formulas, and some the schema would refuse.
    OrganizationFactory(nom="=HYPERLINK(\"http://evil.example\",\"Cliquez\")",
                        sigle="+33", telephone="-1+1", courriel="pas-une-adresse",
                        site_web="javascript:alert(1)", description="Bref")
    OrganizationFactory(nom="AS", presentation_resume=None, description=None)
    OrganizationFactory(nom="Association en brouillon", status=Status.DRAFT)
    db.session.commit()
    return centre


def read_csv(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with a BOM
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_directory_csv_opens_with_the_csv_module(client, directory):
    response = client.get("/exports/annuaire.csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    names = [r["Nom"] for r in rows]
    assert "Centre social de l'Oreuse" in names and "Association en brouillon" not in names
    centre = next(r for r in rows if r["Nom"] == "Centre social de l'Oreuse")
    assert centre["Adresse"] == "2 rue des Écoles"
    assert centre["Commune"] == "Thorigny-sur-Oreuse" and centre["Code postal"] == "89260"
    assert centre["Thèmes"] == "Enfance, jeunesse et famille › Parentalité"
    assert centre["Fiche"].endswith("/annuaire/centre-social-de-l-oreuse")
    assert "Café des parents" in centre["Activités"]


def test_formulas_are_neutralised(client, directory):
    rows = read_csv(client.get("/exports/annuaire.csv"))
    evil = next(r for r in rows if "HYPERLINK" in r["Nom"])
    assert evil["Nom"].startswith("'=")
    assert evil["Sigle"] == "'+33" and evil["Téléphone"] == "'-1+1"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_nothing_reserved_to_professionals_in_exports(client, directory):
    for path in ("/exports/annuaire.csv", "/exports/data-inclusion/structures.json",
                 "/exports/data-inclusion/services.json", "/exports/data-inclusion/services.csv",
                 "/exports/data-inclusion/structures.csv"):
        text = client.get(path).data.decode("utf-8-sig")
        for secret in ("Référente famille", "ref@exemple.org", "06 12 34 56 78",
                       "orientation-confidentielle@exemple.org", "NOTE-PRO-SECRETE"):
            assert secret not in text, (path, secret)


def test_data_inclusion_structures_validate(client, directory):
    rows = client.get("/exports/data-inclusion/structures.json").json
    assert len(rows) == 3
    for row in rows:
        v1.Structure.model_validate(row)
    centre = next(r for r in rows if r["nom"] == "Centre social de l'Oreuse")
    assert centre["source"] == "cc-yonne-nord"
    assert centre["id"] == f"cc-yonne-nord--{directory.id}"
    assert centre["code_postal"] == "89260" and centre["adresse"] == "2 rue des Écoles"
    assert centre["siret"] == "35600000000048"
    evil = next(r for r in rows if "HYPERLINK" in r["nom"])
    assert evil["courriel"] is None and evil["site_web"] is None and evil["description"] is None
    short = next(r for r in rows if r["nom"].startswith("AS"))
    assert len(short["nom"]) >= 3


def test_data_inclusion_services_validate(client, directory):
    rows = client.get("/exports/data-inclusion/services.json").json
    assert len(rows) == 2
    structures = {r["id"] for r in client.get("/exports/data-inclusion/structures.json").json}
    for row in rows:
        v1.Service.model_validate(row)
        assert row["structure_id"] in structures
        assert row["contact_nom_prenom"] is None
    cafe = next(r for r in rows if r["nom"] == "Café des parents")
    assert cafe["thematiques"] == ["famille--soutien-a-la-parentalite-et-a-leducation"]
    # "tous-publics" cannot be mixed with other publics in the schema.
    assert cafe["publics"] == ["familles"]
    assert cafe["type"] == "atelier" and cafe["frais"] == "gratuit"
    assert cafe["modes_accueil"] == ["en-presentiel"]
    assert cafe["mobilisable_par"] == ["professionnels", "usagers"]
    ludo = next(r for r in rows if r["nom"] == "Ludo")
    assert ludo["type"] is None  # not a data·inclusion type
    assert len(ludo["description"]) >= 5


def test_data_inclusion_csv_has_the_schema_columns(client, directory):
    for kind, model in (("structures", v1.Structure), ("services", v1.Service)):
        rows = read_csv(client.get(f"/exports/data-inclusion/{kind}.csv"))
        assert rows
        assert set(rows[0]) == set(model.model_fields)
    assert client.get("/exports/data-inclusion/inconnu.json").status_code == 404
    assert client.get("/exports/data-inclusion/services.xml").status_code == 404


# Stored and streamed ----------------------------------------------------------------------------

DOWNLOADS = ["/exports/annuaire.csv", "/exports/data-inclusion/structures.json",
             "/exports/data-inclusion/structures.csv", "/exports/data-inclusion/services.json",
             "/exports/data-inclusion/services.csv"]


def _built_in_one_piece(app, path: str) -> bytes:
    """What the export sent before it was stored and streamed: built at once, in memory."""
    from flask import jsonify

    from directory.listings import queries as listings
    from directory.opendata import downloads, exports

    name = path.removeprefix("/exports/")
    with app.test_request_context():
        orgs = listings.published_organizations()
        if name == "annuaire.csv":
            return exports.directory_csv(orgs, downloads._page_url).encode()
        kind, fmt = name.removeprefix("data-inclusion/").split(".")
        build = exports.structures if kind == "structures" else exports.services
        rows = list(build(orgs, downloads._page_url))
        if fmt == "json":
            return jsonify(rows).get_data()
        columns = exports.STRUCTURE_COLUMNS if kind == "structures" else exports.SERVICE_COLUMNS
        return exports.rows_csv(rows, columns).encode()


@pytest.mark.parametrize("path", DOWNLOADS)
def test_streamed_exports_send_the_same_bytes(app, client, directory, monkeypatch, path):
    from directory.opendata import downloads

    monkeypatch.setattr(downloads, "BATCH", 1)  # several batches even with a few listings
    monkeypatch.setattr(downloads, "PIECE", 100)
    response = client.get(path, buffered=False)
    assert response.is_streamed
    pieces = list(response.response)
    response.close()
    assert len(pieces) > 1
    assert b"".join(pieces) == _built_in_one_piece(app, path)
    assert client.get(path).data == _built_in_one_piece(app, path)  # the stored file now


def test_an_export_after_an_edit_shows_it_once_rebuilt(app, client, db, directory):
    from huey.storage import MemoryStorage

    from directory.core import jobs
    from directory.printing.models import PrintedFile

    first = client.get("/exports/annuaire.csv")
    assert "Centre social de l'Oreuse" in first.text
    stored = db.session.scalars(db.select(PrintedFile).where(
        PrintedFile.kind == "export", PrintedFile.name == "annuaire.csv")).one()
    assert stored.data == first.data
    assert client.get("/exports/annuaire.csv").data == first.data  # served as kept

    directory.nom = "Centre social et culturel de l'Oreuse"
    db.session.commit()
    jobs.queue.immediate = False  # the worker is busy: the previous file meanwhile
    jobs.queue.storage = MemoryStorage("tests")
    try:
        meanwhile = client.get("/exports/annuaire.csv")
        assert meanwhile.data == first.data
        assert meanwhile.headers["ETag"] == first.headers["ETag"]
        assert meanwhile.headers["Last-Modified"] == first.headers["Last-Modified"]
        client.get("/exports/annuaire.csv")
        (task,) = jobs.queue.pending()  # asked twice, queued once
        jobs.queue.execute(jobs.queue.dequeue())  # the worker
    finally:
        jobs.configure(app)
    rebuilt = client.get("/exports/annuaire.csv")
    assert "Centre social et culturel de l'Oreuse" in rebuilt.text
    assert rebuilt.headers["ETag"] != first.headers["ETag"]
    assert client.get("/exports/annuaire.csv",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_first_export_is_streamed_without_waiting_for_the_worker(app, client, directory,
                                                                  monkeypatch):
    from huey.storage import MemoryStorage

    from directory.core import jobs
    from directory.opendata import downloads

    read = []
    every_organization = downloads.published_organizations

    def counted():
        for org in every_organization():
            read.append(org.nom)
            yield org

    monkeypatch.setattr(downloads, "published_organizations", counted)
    jobs.queue.immediate = False
    jobs.queue.storage = MemoryStorage("tests")
    try:
        response = client.get("/exports/data-inclusion/structures.json", buffered=False)
        assert response.status_code == 200 and "Content-Length" not in response.headers
        pieces = iter(response.response)
        assert next(pieces) == b"[" and read == []  # sent before any listing was read
        body = b"[" + b"".join(pieces)
        response.close()
        assert len(read) == 3
        assert {s["nom"] for s in json.loads(body)} >= {"Centre social de l'Oreuse"}
        (task,) = jobs.queue.pending()
        assert task.name == "build_printed"
    finally:
        jobs.configure(app)
