"""Missions in the API and the exports, without any address of the association."""

import csv
import io

from directory.core.extensions import db
from tests.factories import OrganizationFactory
from tests.volunteering.factories import mission

SECRET = "buvette-secrete@amis.fr"


def _scene():
    org = OrganizationFactory(nom="Les Amis du Théâtre", courriel="bureau-secret@amis.fr")
    mission("Tenir la buvette", organization=org, themes=["theatre"], contact_email=SECRET,
            skills="Le sourire")
    mission("Arbitrer les matchs", themes=["sport"], regularity="ponctuelle")
    db.session.commit()


def test_the_api_lists_open_missions_with_the_filters_of_benevolat(client):
    _scene()
    answer = client.get("/api/v1/missions")
    assert answer.status_code == 200
    data = answer.json["data"]
    assert [m["titre"] for m in data] == ["Tenir la buvette", "Arbitrer les matchs"]
    buvette = data[0]
    assert buvette["organisation"]["nom"] == "Les Amis du Théâtre"
    assert buvette["thematiques"] == [{"slug": "theatre", "nom": "Théâtre"}]
    assert buvette["url"].endswith(f"/benevolat/{buvette['id']}")
    assert [m["titre"] for m in client.get("/api/v1/missions?thematique=culture").json["data"]
            ] == ["Tenir la buvette"]
    assert [m["titre"] for m in client.get("/api/v1/missions?rythme=ponctuelle").json["data"]
            ] == ["Arbitrer les matchs"]
    assert SECRET not in answer.text and "bureau-secret" not in answer.text


def test_the_missions_spreadsheet(client):
    _scene()
    response = client.get("/exports/benevolat.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert [(r["Mission"], r["Association"]) for r in rows][0] == (
        "Tenir la buvette", "Les Amis du Théâtre")
    assert len(rows) == 2 and rows[0]["Compétences"] == "Le sourire"
    assert SECRET not in response.text and "bureau-secret" not in response.text
