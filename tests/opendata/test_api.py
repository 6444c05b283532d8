"""The read-only JSON API: pagination, filters, JSON errors, CORS, the OpenAPI document, and
nothing reserved to professionals ever in an answer."""

import json
import re
from datetime import timedelta

import pytest

from directory.core.dates import today_paris
from tests.opendata.conftest import PRO_SECRET

ORIGIN = "https://commune.example"


def get(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.is_json, (path, response.status_code, response.text[:200])
    return response


# Organisations --------------------------------------------------------------------------------


def test_organisations_are_paginated_with_links(client, sample):
    first = get(client, "/api/v1/organisations?per_page=2").json
    assert first["meta"] == {"total": 6, "page": 1, "per_page": 2, "pages": 3}
    assert len(first["data"]) == 2
    assert first["links"]["prev"] is None
    seen = [o["slug"] for o in first["data"]]
    page = first
    while page["links"]["next"]:
        page = get(client, page["links"]["next"]).json
        seen += [o["slug"] for o in page["data"]]
    assert page["meta"]["page"] == 3 and page["links"]["prev"].endswith("page=2")
    assert len(seen) == len(set(seen)) == 6
    assert "brouillon-invisible" not in seen and "fiche-archivee" not in seen


@pytest.mark.parametrize(("query", "expected"), [
    ("theme=theatre", {"theatre-des-deux-rives"}),
    ("theme=culture", {"theatre-des-deux-rives", "chorale-n-1", "chorale-n-2", "chorale-n-3"}),
    ("public=jeunes", {"football-club-de-pont"}),
    ("commune=vinneuf", {"chorale-n-1", "chorale-n-2", "chorale-n-3"}),
    ("type=service-public", {"france-services-de-sergines"}),
    ("q=theatre", {"theatre-des-deux-rives"}),
    ("q=chorale&commune=vinneuf&per_page=1", {"chorale-n-1"}),
])
def test_organisations_filter_like_the_pages(client, sample, query, expected):
    body = get(client, f"/api/v1/organisations?{query}").json
    assert {o["slug"] for o in body["data"]} == expected


@pytest.mark.parametrize(("query", "message"), [
    ("theme=inconnu", "Le thème « inconnu » n'existe pas (paramètre « theme » : voir "
                      "/api/v1/thematiques)."),
    ("public=martiens", "Le public « martiens » n'existe pas (paramètre « public » : voir "
                        "/api/v1/publics)."),
    ("commune=paris", "La commune « paris » n'existe pas (paramètre « commune » : voir "
                      "/api/v1/communes)."),
    ("type=entreprise", "Le type « entreprise » n'existe pas (paramètre « type » : "
                        "association, service-public, structure-partenaire)."),
    ("per_page=500", "Le paramètre « per_page » doit être un entier entre 1 et 100 (reçu : "
                     "« 500 »)."),
    ("per_page=%C2%B35", "Le paramètre « per_page » doit être un entier entre 1 et 100 "
                         "(reçu : « ³5 »)."),
    ("page=zero", "Le paramètre « page » doit être un entier entre 1 et 10000 (reçu : "
                  "« zero »)."),
    ("q=" + "x" * 201, "Le paramètre « q » est limité à 200 caractères."),
    ("tri=date", "Le tri « date » n'existe pas (paramètre « tri » : pertinence, nom, -nom, "
                 "modifie_le, -modifie_le)."),
    ("modifie_depuis=hier", "Le paramètre « modifie_depuis » doit être une date et heure "
                            "ISO 8601, par exemple 2026-12-01T08:00:00+01:00 (reçu : "
                            "« hier »)."),
])
def test_bad_parameters_are_400_in_json_and_french(client, sample, query, message):
    response = get(client, f"/api/v1/organisations?{query}")
    assert response.status_code == 400
    assert response.json == {"error": {"status": 400, "message": message}}


def test_pages_beyond_the_last_one_and_unknown_things_are_404_in_json(client, sample):
    response = get(client, "/api/v1/organisations?page=9")
    assert response.status_code == 404
    assert response.json["error"]["message"] == "La page 9 n'existe pas : il y a 1 page(s)."
    for path in ("/api/v1/organisations/brouillon-invisible", "/api/v1/organisations/rien",
                 "/api/v1/services/999999", "/api/v1/evenements/999999", "/api/v1/nimporte"):
        response = get(client, path)
        assert response.status_code == 404, path
        assert response.json["error"]["status"] == 404
    gone = get(client, "/api/v1/organisations/fiche-archivee")
    assert gone.status_code == 410
    assert "retirée" in gone.json["error"]["message"]


def test_writing_is_refused_in_json(client, sample):
    for method in (client.post, client.put, client.delete):
        response = method("/api/v1/organisations")
        assert response.status_code == 405
        assert response.json["error"]["message"] == (
            "Seule la lecture (GET) est possible sur cette API.")
    unknown = get(client, "/api/v1/organisations/a/b/c")
    assert unknown.status_code == 404
    # The rest of the site keeps its HTML error pages.
    page = client.post("/annuaire")
    assert page.status_code == 405 and not page.is_json


def test_organisation_detail_shows_public_services_and_contacts(client, sample):
    body = get(client, "/api/v1/organisations/theatre-des-deux-rives").json
    assert body["nom"] == "Théâtre des Deux Rives"
    assert body["telephone"] == "03 86 11 22 33"
    assert body["adresses"][0]["commune"] == {"slug": "sergines", "nom": "Sergines"}
    assert [c["libelle"] for c in body["contacts"]] == ["Accueil du théâtre"]
    [atelier] = body["services"]
    assert atelier["nom"] == "Atelier théâtre enfants"
    assert [c["libelle"] for c in atelier["contacts"]] == ["Animatrice atelier"]
    assert body["url"].endswith("/annuaire/theatre-des-deux-rives")


# Services -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"Atelier théâtre enfants", "École de foot", "Aide aux démarches"}),
    ("theme=culture", {"Atelier théâtre enfants"}),
    ("public=enfants", {"Atelier théâtre enfants"}),
    ("type=accompagnement", {"Aide aux démarches"}),
    ("organisation=football-club-de-pont", {"École de foot"}),
    ("q=demarches", {"Aide aux démarches"}),
    ("q=theatre", {"Atelier théâtre enfants"}),
])
def test_services_filter(client, sample, query, expected):
    body = get(client, f"/api/v1/services?{query}").json
    assert {s["nom"] for s in body["data"]} == expected
    assert body["meta"]["total"] == len(expected)


def test_service_detail(client, sample):
    body = get(client, f"/api/v1/services/{sample['atelier'].id}").json
    assert body["organisation"]["slug"] == "theatre-des-deux-rives"
    assert body["frais"] == "payant" and body["modes_accueil"] == ["en-presentiel"]


# Events ---------------------------------------------------------------------------------------


def test_events_list_occurrences_with_agenda_filters(client, sample):
    body = get(client, "/api/v1/evenements").json
    titles = [o["titre"] for o in body["data"]]
    assert titles.count("Tournoi des jeunes") == 3
    assert "Représentation de fin d'année" in titles
    only = get(client, "/api/v1/evenements?commune=sergines").json
    assert {o["titre"] for o in only["data"]} == {"Représentation de fin d'année"}
    later = (today_paris() + timedelta(days=10)).isoformat()
    after = get(client, f"/api/v1/evenements?du={later}").json
    assert [o["titre"] for o in after["data"]] == ["Tournoi des jeunes"] * 2
    bad = get(client, "/api/v1/evenements?du=demain")
    assert bad.status_code == 400 and "AAAA-MM-JJ" in bad.json["error"]["message"]


def test_event_detail_has_its_rule(client, sample):
    listing = get(client, "/api/v1/evenements?organisation=football-club-de-pont").json
    detail = get(client, listing["data"][0]["evenement"]["api_url"]).json
    assert detail["regle"] == "FREQ=WEEKLY;COUNT=3"
    assert detail["organisation"]["slug"] == "football-club-de-pont"


# Vocabularies ---------------------------------------------------------------------------------


def test_vocabularies(client, db):
    themes = get(client, "/api/v1/thematiques").json["data"]
    by_slug = {t["slug"]: t for t in themes}
    assert by_slug["theatre"]["parent"] == "culture"
    assert "famille--soutien-a-la-parentalite-et-a-leducation" in (
        by_slug["parentalite"]["codes_data_inclusion"])
    publics = get(client, "/api/v1/publics").json["data"]
    assert {"slug": "seniors", "nom": "Seniors", "code_data_inclusion": "seniors"} in publics
    communes = get(client, "/api/v1/communes").json["data"]
    assert len(communes) == 23 and communes[0]["nom"] == "Champigny"


# CORS -----------------------------------------------------------------------------------------


def test_cors_on_the_api_only(client, sample):
    api = client.get("/api/v1/organisations", headers={"Origin": ORIGIN})
    assert api.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in api.headers
    error = client.get("/api/v1/organisations/rien", headers={"Origin": ORIGIN})
    assert error.headers["Access-Control-Allow-Origin"] == "*"
    for path in ("/", "/annuaire", "/annuaire/theatre-des-deux-rives", "/exports/annuaire.csv"):
        page = client.get(path, headers={"Origin": ORIGIN})
        assert page.status_code == 200, path
        assert not any(h.startswith("Access-Control-") for h, _ in page.headers.items()), path


def test_cors_preflight(client, sample):
    response = client.options("/api/v1/services", headers={
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "GET",
    })
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    allowed = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in allowed and "POST" not in allowed and "DELETE" not in allowed
    page = client.options("/annuaire", headers={"Origin": ORIGIN,
                                                "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in page.headers


def test_api_answers_set_no_cookie(client, sample):
    response = client.get("/api/v1/organisations")
    assert "Set-Cookie" not in response.headers


# OpenAPI --------------------------------------------------------------------------------------


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _check(document, schema, value, where):
    """The value has every documented property of the schema (recursively), and no other."""
    schema = _resolve(document, schema)
    if "oneOf" in schema:
        if value is None:
            return
        schema = _resolve(document, schema["oneOf"][0])
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if value is None:
        assert "null" in types, f"{where}: null not allowed"
        return
    if "object" in types:
        assert isinstance(value, dict), where
        assert set(value) == set(schema["properties"]), (
            f"{where}: {set(value) ^ set(schema['properties'])}")
        for name, sub in schema["properties"].items():
            _check(document, sub, value[name], f"{where}.{name}")
    elif "array" in types:
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check(document, schema["items"], item, f"{where}[{i}]")
    elif "integer" in types:
        assert isinstance(value, int), where
    elif "number" in types:
        assert isinstance(value, int | float), where
    elif "boolean" in types:
        assert isinstance(value, bool), where
    elif "string" in types:
        assert isinstance(value, str), where
        if "enum" in schema:
            assert value in schema["enum"], where


def test_openapi_document_matches_the_answers(client, sample):
    document = get(client, "/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"]
    base = document["servers"][0]["url"]
    assert base.endswith("/api/v1")
    # Every reference points to a component.
    text = json.dumps(document)
    for name in re.findall(r'"#/components/schemas/([^"]+)"', text):
        assert name in document["components"]["schemas"], name
    examples = {
        "slug": "theatre-des-deux-rives",
        "service_id": str(sample["atelier"].id),
    }
    listing = get(client, "/api/v1/evenements").json
    examples["event_id"] = str(listing["data"][0]["evenement"]["id"])
    walked = 0
    for path, item in document["paths"].items():
        url = base + re.sub(r"\{(\w+)\}", lambda m: examples[m.group(1)], path)
        response = get(client, url)
        assert response.status_code == 200, url
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        _check(document, schema, response.json, path)
        assert response.json.get("data") != [], f"{path}: nothing to check"
        for code in item["get"]["responses"]:
            assert code in {"200", "304", "400", "404", "410"}
        walked += 1
    assert walked == len(document["paths"]) >= 9
    # Documented paths are exactly the API's GET routes (documentation page aside).
    rules = {r.rule for r in client.application.url_map.iter_rules()
             if r.endpoint.startswith("api.")}
    documented = {"/api/v1" + re.sub(r"\{(\w+)\}", r"<\1>", p) for p in document["paths"]}
    documented = {p.replace("<service_id>", "<int:service_id>")
                   .replace("<event_id>", "<int:event_id>") for p in documented}
    assert rules - documented == {"/api/v1/", "/api/v1/openapi.json"}


def test_documentation_page_links_to_the_document(client, db):
    page = client.get("/api/v1/")
    assert page.status_code == 200
    assert 'href="/api/v1/openapi.json"' in page.text
    assert "GET /organisations" in page.text
    assert 'href="/exports/annuaire.csv"' in page.text
    assert "/moderation/imports/csv" not in page.text  # for the staff only


# Nothing reserved to professionals ------------------------------------------------------------


def test_no_professionals_only_contact_or_field_in_any_answer(client, sample):
    secrets = ["Référente parcours", "referente-pro@exemple.org", "06 99 99 99 99",
               "Contact orientation", "orientation-pro@exemple.org",
               "orientation-secrete@exemple.org", PRO_SECRET]
    document = get(client, "/api/v1/openapi.json").json
    examples = {"{slug}": "theatre-des-deux-rives", "{service_id}": str(sample["atelier"].id)}
    paths = [p for p in document["paths"] if "{event_id}" not in p]
    for path in paths:
        for key, value in examples.items():
            path = path.replace(key, value)
        text = client.get("/api/v1" + path + "?per_page=100").text
        for secret in secrets:
            assert secret not in text, (path, secret)
    schema_text = json.dumps(document)
    for field in ("orientation_", "notes_professionnels", "visibility"):
        assert field not in schema_text
