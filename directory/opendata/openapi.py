"""The OpenAPI 3.1 document of the JSON API, written by hand from the serializers' schemas.

A test walks every documented path and checks that the answers carry the documented
properties, so that this document and the API cannot drift apart unnoticed.
"""


from directory.core.urls import absolute_url
from directory.opendata.serializers import (
    EVENT_SCHEMAS,
    INTEGER,
    MISSION_SCHEMAS,
    SCHEMAS,
    STRING,
    URI,
    array,
    nullable,
    obj,
    ref,
)
from directory.taxonomy.territory import territory_name

PAGE_META = obj({"total": INTEGER, "page": INTEGER, "per_page": INTEGER, "pages": INTEGER})
PAGE_LINKS = obj({
    "self": URI, "first": URI, "last": URI, "next": nullable(URI), "prev": nullable(URI),
})
ERROR = obj({"error": obj({"status": INTEGER, "message": STRING})})


def _page_of(name: str) -> dict:
    return obj({"data": array(ref(name)), "meta": ref("PageMeta"), "links": ref("PageLinks")})


def _list_of(name: str) -> dict:
    return obj({"data": array(ref(name))})


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or STRING}


def _path(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or STRING}


PAGINATION = [
    _query("page", "Numéro de page (à partir de 1).", {"type": "integer", "minimum": 1,
                                                        "maximum": 10000, "default": 1}),
    _query("per_page", "Nombre de résultats par page (100 au plus).",
           {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
]
DIRECTORY_FILTERS = [
    _query("q", "Texte recherché (nom, sigle, description, activités…).",
           {"type": "string", "maxLength": 200}),
    _query("theme", "Slug d'une thématique (voir /thematiques) ; une thématique parente "
                    "inclut ses sous-thématiques."),
    _query("public", "Slug d'un public (voir /publics)."),
    _query("commune", "Slug d'une commune (voir /communes)."),
]


def _json(schema_name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema_name)}}}


ERRORS = {
    "400": _json("Erreur", "Paramètre incorrect (message en français)."),
    "404": _json("Erreur", "Ressource ou page inexistante."),
}


def _get(summary: str, response: str, parameters: list, *, errors=ERRORS, **extra) -> dict:
    return {"get": {
        "summary": summary,
        "parameters": parameters,
        "responses": {"200": _json(response, "Réponse"), **errors},
        **extra,
    }}


EVENT_FILTERS = [
    _query("du", "Premier jour (AAAA-MM-JJ) ; aujourd'hui par défaut.",
           {"type": "string", "format": "date"}),
    _query("au", "Dernier jour inclus (AAAA-MM-JJ) ; un an plus loin par défaut.",
           {"type": "string", "format": "date"}),
    _query("periode", "Période nommée, à la place de du/au.",
           {"type": "string", "enum": ["aujourdhui", "demain", "week-end", "semaine", "mois"]}),
    _query("commune", "Slug(s) de commune, séparés par des virgules ou répétés."),
    _query("theme", "Slug(s) de thématique (une thématique parente inclut ses enfants)."),
    _query("public", "Slug(s) de public."),
    _query("organisation", "Slug de l'organisation."),
    _query("q", "Mots-clés, lus comme la recherche de l'annuaire (vocabulaire des besoins)."),
    _query("gratuit", "1 : événements gratuits seulement.", {"type": "string", "enum": ["1"]}),
    _query("accessible", "1 : événements avec une information d'accessibilité.",
           {"type": "string", "enum": ["1"]}),
    _query("accessibilite", "Accessibilité précise exigée (répétable).",
           {"type": "string",
            "enum": ["moteur", "auditif", "visuel", "mental", "psychique"]}),
]


def paths() -> dict:
    return {
        "/organisations": _get(
            "Organisations publiées (associations, services publics, partenaires)",
            "PageOrganisations",
            [*DIRECTORY_FILTERS,
             _query("type", "Type d'organisation.",
                    {"type": "string",
                     "enum": ["association", "service-public", "structure-partenaire"]}),
             *PAGINATION],
        ),
        "/organisations/{slug}": _get(
            "Une organisation, ses activités et ses contacts publics",
            "Organisation",
            [_path("slug", "Nom court de l'organisation (comme dans l'adresse de sa page).")],
            errors={"404": ERRORS["404"],
                    "410": _json("Erreur", "Fiche retirée de l'annuaire.")},
        ),
        "/services": _get(
            "Activités et services des organisations publiées",
            "PageServices",
            [*DIRECTORY_FILTERS,
             _query("type", "Type de service data·inclusion (atelier, accompagnement…)."),
             _query("organisation", "Slug de l'organisation."),
             *PAGINATION],
        ),
        "/services/{service_id}": _get(
            "Un service", "Service",
            [_path("service_id", "Numéro du service.", INTEGER)],
            errors={"404": ERRORS["404"]},
        ),
        "/evenements": _get(
            "Dates à venir des événements publiés de l'agenda (une entrée par occurrence)",
            "PageOccurrences",
            [*EVENT_FILTERS, *PAGINATION],
        ),
        "/evenements/{event_id}": _get(
            "Un événement publié, avec sa règle de répétition",
            "Evenement",
            [_path("event_id", "Numéro de l'événement.", INTEGER)],
            errors={"404": ERRORS["404"]},
        ),
        "/missions": _get(
            "Missions de bénévolat proposées par les associations (en cours ou à venir)",
            "PageMissions",
            [_query("thematique", "Slug d'une thématique (une thématique parente inclut ses "
                    "sous-thématiques) ; répétable."),
             _query("commune", "Slug d'une commune ; répétable."),
             _query("periode", "Missions proposées dans la période.",
                    {"type": "string", "enum": ["maintenant", "mois", "trimestre"]}),
             _query("rythme", "Rythme de la mission.",
                    {"type": "string", "enum": ["reguliere", "ponctuelle"]}),
             *PAGINATION],
        ),
        "/thematiques": _get("Thématiques (deux niveaux) et leurs codes data·inclusion",
                             "ListeThematiques", [], errors={}),
        "/publics": _get("Publics visés", "ListePublics", [], errors={}),
        "/communes": _get("Communes du territoire", "ListeCommunes", [], errors={}),
    }


def components() -> dict:
    schemas = {**SCHEMAS, **EVENT_SCHEMAS, **MISSION_SCHEMAS, "PageMeta": PAGE_META,
               "PageLinks": PAGE_LINKS, "Erreur": ERROR}
    schemas.update({
        "PageOrganisations": _page_of("OrganisationResume"),
        "PageServices": _page_of("Service"),
        "ListeThematiques": _list_of("Thematique"),
        "ListePublics": _list_of("Public"),
        "ListeCommunes": _list_of("Commune"),
        "PageOccurrences": _page_of("Occurrence"),
        "PageMissions": _page_of("Mission"),
    })
    return {"schemas": schemas}


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"API de l'annuaire et de l'agenda – {territory_name()}",
            "version": "1.0.0",
            "description": (
                "API en lecture seule : organisations, services, événements de l'agenda et "
                "vocabulaires. Seules les informations publiques y figurent ; les contacts et "
                "champs réservés aux professionnels n'y apparaissent jamais. Pages de "
                "`per_page` résultats (100 au plus), liens `next`/`prev` ; erreurs au format "
                "`{\"error\": {\"status\", \"message\"}}`. CORS ouvert en lecture."
            ),
            "license": {"name": "Licence Ouverte / Open Licence 2.0",
                        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"},
        },
        "servers": [{"url": absolute_url("api.index").rstrip("/")}],
        "paths": paths(),
        "components": components(),
    }
