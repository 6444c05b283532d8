"""The RNA import's page: a simulation first, then the import, each with its report; the list
of imports links to every report."""

import io

from sqlalchemy import func, select

from directory.core.extensions import db as _db
from directory.listings.models.organization import Organization
from tests.conftest import csrf_token
from tests.opendata.test_imports import SAMPLE


def upload_rna(client, data: bytes, **extra):
    page = client.get("/moderation/imports/rna")
    assert page.status_code == 200
    return client.post("/moderation/imports/rna", data={
        "csrf_token": csrf_token(page.text),
        "fichier": (io.BytesIO(data), "rna_waldec_89.csv"), **extra,
    }, follow_redirects=True)


def count() -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count(Organization.id)))


def test_rna_page_simulates_then_imports_with_a_report(staff_client, db):
    data = SAMPLE.encode("latin-1")
    simulated = upload_rna(staff_client, data, simulation="y")
    assert simulated.status_code == 200
    assert "Simulation : rien n'a été enregistré." in simulated.text
    assert "3 fiche(s) créée(s) en brouillon" in simulated.text
    assert count() == 0
    done = upload_rna(staff_client, data)
    assert "3 fiche(s) créée(s) en brouillon" in done.text
    assert "1 association(s) non active(s)" in done.text
    assert "Entente sportive de Pont-sur-Yonne" in done.text
    assert "<td>8</td>" in done.text  # the invalid identifier's line, and why
    assert count() == 3
    listing = staff_client.get("/moderation/imports/").text
    assert listing.count("rna_waldec_89.csv") == 2 and "Terminé" in listing


def test_rna_page_says_what_is_wrong_with_the_file(staff_client, db):
    response = upload_rna(staff_client, b"Nom;Commune\nClub;Sergines\n")
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert count() == 0
    page = staff_client.get("/moderation/imports/rna")
    refused = staff_client.post("/moderation/imports/rna", data={
        "csrf_token": csrf_token(page.text)})
    assert refused.status_code == 422 and "Choisissez le fichier" in refused.text
