"""The RNA import as the staff run it, on an extract in the register's own format.

tests/opendata/files/rna_waldec_89_extrait.csv has the 39 columns, in order, of the « waldec »
files of the Répertoire national des associations (one CSV per département, « ; »-separated,
Windows-1252, CRLF), as the Ministère de l'Intérieur publishes them on data.gouv.fr (dataset
« Répertoire National des Associations », files rna_waldec_AAAAMMJJ_dpt_89.csv). The
associations are fictional; the communes and their INSEE codes are real.
"""

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.core.extensions import db as _db
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import Status
from tests.conftest import csrf_token
from tests.factories import OrganizationFactory, UserFactory, commune
from tests.htmlforms import fill, form_fields

EXTRACT = Path(__file__).parent / "files" / "rna_waldec_89_extrait.csv"


@pytest.fixture
def staff_client(login_as, db):
    from directory.accounts.models import Role

    return login_as(UserFactory(role=Role.MODERATOR))


def upload_rna(client, data: bytes, **extra):
    page = client.get("/moderation/imports/rna")
    assert page.status_code == 200
    return client.post("/moderation/imports/rna", data={
        "csrf_token": csrf_token(page.text),
        "fichier": (io.BytesIO(data), "rna_waldec_20251201_dpt_89.csv"), **extra,
    }, follow_redirects=True)


def by_rna() -> dict[str, Organization]:
    _db.session.expire_all()
    return {o.rna: o for o in _db.session.scalars(select(Organization)) if o.rna}


def test_register_extract_through_the_staff_page(staff_client, db):
    OrganizationFactory(nom="Comité des fêtes de Vinneuf", status=Status.PUBLISHED,
                        communes=[commune("vinneuf")])
    _db.session.commit()
    done = upload_rna(staff_client, EXTRACT.read_bytes())
    assert done.status_code == 200
    assert "Encodage détecté : Windows-1252. 8 association(s) lue(s)." in done.text
    orgs = by_rna()
    # Sentence case, accents restored, communes spelt as the territory spells them.
    assert orgs["W891000201"].nom == "Comité des fêtes de Serbonnes"
    assert orgs["W891000201"].description == "Organiser des fêtes et animations dans le village"
    assert orgs["W891000202"].nom == "Association aide aux devoirs Michery"
    assert orgs["W891000207"].nom == "Les amis de l'école de Villeneuve-la-Guyard"
    assert "Comité des fêtes de Serbonnes" in done.text
    # « CHAPELLE-SUR-OREUSE (LA) » is in the territory (INSEE code 89080).
    chapelle = orgs["W891000203"]
    assert chapelle.nom == "Club de gym de La Chapelle-sur-Oreuse"
    assert [c.slug for c in chapelle.communes] == ["la-chapelle-sur-oreuse"]
    # A seat without INSEE code is matched by name and postcode.
    assert [c.slug for c in orgs["W891000207"].communes] == ["villeneuve-la-guyard"]
    # Websites kept, whatever the register's spelling.
    assert orgs["W891000201"].site_web == "https://www.fetes-serbonnes.example"
    assert orgs["W891000202"].site_web == "https://aide-devoirs-michery.example"
    # Every row left out is listed, with why.
    assert "W891000204" not in orgs  # the listing typed by hand is not duplicated
    for text in ("Doublons non créés (1)", "COMITE DES FETES DE VINNEUF",
                 "Même nom que la fiche « Comité des fêtes de Vinneuf » (Vinneuf)",
                 "Associations non actives (1)", "AMICALE DES BOULISTES DE CUY",
                 "Association dissoute.", "Sièges hors du territoire (1)",
                 "CHORALE DU SENONAIS", "Siège à SENS (89387), hors du territoire.",
                 "Lignes invalides (1)", "<td>9</td>",
                 "Ligne mal formée (nombre de colonnes inattendu)."):
        assert text in done.text, text
    assert "4 fiche(s) créée(s) en brouillon" in done.text


def test_a_draft_someone_edited_is_never_renamed(staff_client, db):
    upload_rna(staff_client, EXTRACT.read_bytes())
    draft = by_rna()["W891000202"]
    # The staff write the name and description the association uses.
    path = f"/gestion/{draft.slug}"
    data = fill(form_fields(staff_client.get(path).text, path),
                nom="Aide aux devoirs de Michery",
                description="Chaque soir d'école, des bénévoles aident les enfants.")
    assert staff_client.post(path, data=data).status_code == 302
    again = upload_rna(staff_client, EXTRACT.read_bytes())
    assert "0 renommée(s)" in again.text
    assert "1 modifiée(s) depuis l'import (nom gardé)" in again.text
    assert "Association aide aux devoirs Michery" in again.text  # the register's, for reference
    draft = by_rna()["W891000202"]
    assert draft.nom == "Aide aux devoirs de Michery"
    assert draft.description == "Chaque soir d'école, des bénévoles aident les enfants."
    # Nor is a second draft created under the register's title.
    assert sum(1 for o in by_rna().values() if "devoirs" in o.nom.lower()) == 1


def test_an_untouched_draft_follows_the_register(staff_client, db):
    first = EXTRACT.read_bytes()
    upload_rna(staff_client, first)
    renamed = first.replace(b"COMITE DES FETES DE SERBONNES", b"FOYER RURAL DE SERBONNES")
    again = upload_rna(staff_client, renamed)
    assert "1 renommée(s)" in again.text
    assert by_rna()["W891000201"].nom == "Foyer rural de Serbonnes"
    assert by_rna()["W891000201"].site_web == "https://www.fetes-serbonnes.example"
