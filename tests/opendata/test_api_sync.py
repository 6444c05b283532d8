"""The API for other sites: incremental sync (`modifie_depuis` and withdrawals), sorting,
ETag/Last-Modified and 304, the data·inclusion identifiers, strict parameters, JSON errors."""

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from directory.core.models import utcnow
from directory.taxonomy.vocabularies import Status
from tests.factories import organization
from tests.opendata.test_api import get


def _since() -> str:
    # The rows of the fixture were written just before: the next change is strictly later.
    time.sleep(0.01)
    return quote(utcnow().isoformat())


def test_modifie_depuis_lists_changes_and_what_was_withdrawn(client, db, sample):
    mairie_service = sample["foot"].services[0]
    since = _since()
    sample["foot"].nom = "Football Club de Pont-sur-Yonne"
    sample["atelier"].archived_at = utcnow()
    chorale = organization("Chorale n° 9", status=Status.PUBLISHED)
    db.session.commit()
    # A listing archived afterwards: withdrawn, with the same identifier as in the exports.
    chorale.status = Status.ARCHIVED
    chorale.archived_at = utcnow()
    db.session.commit()

    body = get(client, f"/api/v1/organisations?modifie_depuis={since}").json
    assert [o["slug"] for o in body["data"]] == ["football-club-de-pont"]
    assert [(r["id"], r["raison"]) for r in body["retraits"]] == [("chorale-n-9", "archive")]
    exported = {s["nom"]: s["id"]
                for s in get(client, "/exports/data-inclusion/structures.json").json}
    assert body["data"][0]["id_data_inclusion"] == exported["Football Club de Pont-sur-Yonne"]
    assert body["retraits"][0]["id_data_inclusion"].endswith(f"--{chorale.id}")
    # Without it: everything, and no withdrawals.
    full = get(client, "/api/v1/organisations").json
    assert full["retraits"] is None and full["meta"]["total"] == 6

    services = get(client, f"/api/v1/services?modifie_depuis={since}").json
    assert [s["id"] for s in services["data"]] == [mairie_service.id]  # its organisation changed
    assert [(r["id"], r["raison"]) for r in services["retraits"]] == [
        (sample["atelier"].id, "archive")]


def test_withdrawn_events_and_missions(client, db, sample):
    events = get(client, "/api/v1/evenements").json["data"]
    event_id = next(o["evenement"]["id"] for o in events
                    if o["titre"] == "Représentation de fin d'année")
    since = _since()
    from directory.agenda.models import Event

    event = db.session.get(Event, event_id)
    event.archived_at = utcnow()
    db.session.commit()
    body = get(client, f"/api/v1/evenements?modifie_depuis={since}").json
    assert body["data"] == []
    assert [(r["id"], r["raison"]) for r in body["retraits"]] == [(event_id, "archive")]
    missions = get(client, f"/api/v1/missions?modifie_depuis={since}").json
    assert missions["data"] == [] and missions["retraits"] == []


def test_sorting(client, db, sample):
    names = [o["nom"] for o in get(client, "/api/v1/organisations?tri=-nom").json["data"]]
    assert names == sorted(names, reverse=True) and len(names) == 6
    assert [o["nom"] for o in get(client, "/api/v1/organisations?tri=nom").json["data"]] == \
        names[::-1]
    time.sleep(0.01)
    sample["foot"].sigle = "FCP"
    db.session.commit()
    latest = get(client, "/api/v1/organisations?tri=-modifie_le").json["data"]
    assert latest[0]["slug"] == "football-club-de-pont"
    assert get(client, "/api/v1/organisations?tri=modifie_le").json["data"][-1]["slug"] == \
        "football-club-de-pont"
    services = get(client, "/api/v1/services?tri=nom").json["data"]
    assert [s["nom"] for s in services] == ["Aide aux démarches", "Atelier théâtre enfants",
                                             "École de foot"]


@pytest.mark.parametrize("path", [
    "/api/v1/organisations", "/api/v1/organisations/theatre-des-deux-rives",
    "/api/v1/services", "/api/v1/evenements", "/api/v1/missions", "/api/v1/thematiques",
    "/exports/annuaire.csv", "/exports/data-inclusion/services.json",
])
def test_etag_last_modified_and_304(client, db, sample, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    if path != "/api/v1/thematiques":  # vocabularies carry no date: ETag only
        modified = first.headers["Last-Modified"]
        cached = client.get(path, headers={"If-Modified-Since": modified})
        assert cached.status_code == 304 and cached.data == b""
    time.sleep(1.1)  # Last-Modified counts in seconds
    sample["theatre"].nom = "Théâtre des Deux Rives (Sergines)"
    sample["atelier"].nom = "Atelier théâtre des enfants"
    db.session.commit()
    again = client.get(path, headers={"If-None-Match": etag})
    if path == "/api/v1/thematiques":
        assert again.status_code == 304
        return
    assert again.status_code == 200 and again.headers["ETag"] != etag
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 200


def test_same_identifiers_as_the_data_inclusion_exports(client, db, sample):
    structures = {s["nom"]: s["id"] for s in
                  get(client, "/exports/data-inclusion/structures.json").json}
    services = {s["nom"]: s["id"] for s in
                get(client, "/exports/data-inclusion/services.json").json}
    api_orgs = get(client, "/api/v1/organisations?per_page=100").json["data"]
    assert {o["nom"]: o["id_data_inclusion"] for o in api_orgs} == structures
    api_services = get(client, "/api/v1/services").json["data"]
    assert {s["nom"]: s["id_data_inclusion"] for s in api_services} == services
    detail = get(client, "/api/v1/organisations/theatre-des-deux-rives").json
    assert detail["id_data_inclusion"] == structures["Théâtre des Deux Rives"]
    assert detail["services"][0]["id_data_inclusion"] == services["Atelier théâtre enfants"]


@pytest.mark.parametrize(("path", "message"), [
    ("/api/v1/evenements?periode=hier", "La période « hier » n'existe pas (paramètre "
     "« periode » : aujourdhui, demain, week-end, semaine, mois)."),
    ("/api/v1/evenements?gratuit=2", "Le paramètre « gratuit » vaut 1 (oui) ou 0 (non), pas "
     "« 2 »."),
    ("/api/v1/evenements?theme=zzz", "Le thème « zzz » n'existe pas (paramètre « theme » : "
     "voir /api/v1/thematiques)."),
    ("/api/v1/evenements?du=demain", "Le paramètre « du » doit être une date AAAA-MM-JJ "
     "(reçu : « demain »)."),
    ("/api/v1/evenements?accessibilite=rampe", "L'accessibilité « rampe » n'existe pas "
     "(paramètre « accessibilite » : auditif, mental, moteur, psychique, visuel)."),
    ("/api/v1/services?theme=zzz", "Le thème « zzz » n'existe pas (paramètre « theme » : "
     "voir /api/v1/thematiques)."),
    ("/api/v1/services?type=stage", "Le type de service « stage » n'existe pas (paramètre "
     "« type » : accompagnement, aide-financiere, aide-materielle, atelier, formation, "
     "information)."),
    ("/api/v1/missions?thematique=zzz", "Le thème « zzz » n'existe pas (paramètre "
     "« thematique » : voir /api/v1/thematiques)."),
    ("/api/v1/missions?rythme=souvent", "Le rythme « souvent » n'existe pas (paramètre "
     "« rythme » : reguliere, ponctuelle)."),
    ("/api/v1/missions?per_page=%C2%B35", "Le paramètre « per_page » doit être un entier "
     "entre 1 et 100 (reçu : « ³5 »)."),
])
def test_invalid_values_are_400_that_say_why(client, sample, path, message):
    response = get(client, path)
    assert response.status_code == 400
    assert response.json == {"error": {"status": 400, "message": message}}


def test_unknown_organisation_filter_is_404_and_reversed_window_is_empty(client, sample):
    for path in ("/api/v1/services?organisation=inconnue",
                 "/api/v1/evenements?organisation=inconnue"):
        response = get(client, path)
        assert response.status_code == 404
        assert "inconnue" in response.json["error"]["message"]
    today = datetime.now(UTC).date()
    body = get(client, f"/api/v1/evenements?du={today + timedelta(days=9)}&au={today}").json
    assert body["data"] == [] and body["meta"]["total"] == 0
    valid = get(client, "/api/v1/evenements?gratuit=0&commune=sergines,pont-sur-yonne").json
    assert valid["meta"]["total"] >= 1


def test_every_error_is_json(client, db, sample, monkeypatch):
    for path in ("/api/v1/services/9223372036854775808", "/api/v1/evenements/99999999999999",
                 "/api/v1/services/2147483648"):
        response = get(client, path)
        assert response.status_code == 404
    response = client.delete("/api/v1/services")
    assert response.status_code == 405 and response.is_json
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {
        "GET", "HEAD", "OPTIONS"}
    # An HTML route with a huge id: 404, not a 500.
    assert client.get("/agenda/evenements/9223372036854775808.ics").status_code == 404
    # A fault inside a view: a 500 in JSON, never the site's HTML page.
    from directory.opendata import sync

    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setattr(sync, "directory_version", broken)
    response = get(client, "/api/v1/services")
    assert response.status_code == 500
    assert response.json["error"]["message"] == "Une erreur est survenue sur le serveur."


def test_service_of_an_unpublished_organisation_is_withdrawn(client, db, sample):
    since = _since()
    sample["foot"].status = Status.DRAFT
    db.session.commit()
    body = get(client, f"/api/v1/services?modifie_depuis={since}").json
    assert body["data"] == []
    assert [(r["id"], r["raison"]) for r in body["retraits"]] == [
        (sample["foot"].services[0].id, "depublie")]
    # A draft never published is not named among the withdrawn listings.
    assert get(client, f"/api/v1/organisations?modifie_depuis={since}").json["retraits"] == []


def test_a_nul_character_is_a_404_not_a_database_error(client, sample):
    for path in ("/api/v1/organisations/th%00atre", "/api/v1/services?organisation=a%00b",
                 "/api/v1/evenements?organisation=a%00b"):
        response = get(client, path)
        assert response.status_code == 404, path
