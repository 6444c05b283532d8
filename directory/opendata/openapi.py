"""The OpenAPI 3.1 document of the JSON API, written by hand from the serializers' schemas.

A test walks every documented path and checks that the answers carry the documented
properties, so that this document and the API cannot drift apart unnoticed.
"""


from directory.agenda.queries import PERIODS as AGENDA_PERIODS
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.opendata import params
from directory.opendata.exports import DI_TYPES
from directory.opendata.serializers import (
    DELETION,
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
from directory.taxonomy.vocabularies import Accessibility, OrganizationKind
from directory.volunteering.models import Regularity
from directory.volunteering.queries import PERIODS as MISSION_PERIODS

PAGE_META = obj({"total": INTEGER, "page": INTEGER, "per_page": INTEGER, "pages": INTEGER})
PAGE_LINKS = obj({
    "self": URI, "first": URI, "last": URI, "next": nullable(URI), "prev": nullable(URI),
})
ERROR = obj({"error": obj({"status": INTEGER, "message": STRING})})


def _page_of(name: str) -> dict:
    return obj({"data": array(ref(name)), "meta": ref("PageMeta"), "links": ref("PageLinks"),
                "retraits": {**nullable(array(ref("Retrait"))), "description":
                             "Avec `modifie_depuis` : les éléments retirés depuis (quels que "
                             "soient les filtres) ; sinon null."}})


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
                                                        "maximum": params.MAX_PAGE,
                                                        "default": 1}),
    _query("per_page", f"Nombre de résultats par page ({params.MAX_PER_PAGE} au plus).",
           {"type": "integer", "minimum": 1, "maximum": params.MAX_PER_PAGE,
            "default": params.DEFAULT_PER_PAGE}),
]
SINCE = _query(
    "modifie_depuis",
    "Synchronisation : seulement ce qui a changé depuis cette date et heure (ISO 8601, par "
    "exemple 2026-12-01T08:00:00+01:00 ; sans décalage, heure de Paris), et, dans "
    "`retraits`, ce qui a été retiré depuis. Reprendre au `modifie_le` le plus récent reçu.",
    {"type": "string", "format": "date-time"},
)


def _sort(values: tuple, description: str) -> dict:
    return _query("tri", description + " Un « - » devant inverse l'ordre.",
                  {"type": "string", "enum": list(values)})


def _enum(values) -> dict:
    return {"type": "string", "enum": sorted(values)}


def _repeated(name: str, description: str, values) -> dict:
    """A filter with several values (`theme=a&theme=b`; commas work too)."""
    return {**_query(name, description, array(_enum(values))), "style": "form",
            "explode": True}


def _vocabularies() -> dict:
    return {
        "theme": list(listings.all_themes()),
        "public": [p.slug for p in listings.all_publics()],
        "commune": list(listings.all_communes()),
    }


def directory_filters(vocab: dict) -> list:
    return [
        _query("q", "Texte recherché (nom, sigle, description, activités…).",
               {"type": "string", "maxLength": params.MAX_QUERY_LENGTH}),
        _query("theme", "Slug d'une thématique (voir /thematiques) ; une thématique parente "
                        "inclut ses sous-thématiques.", _enum(vocab["theme"])),
        _query("public", "Slug d'un public (voir /publics).", _enum(vocab["public"])),
        _query("commune", "Slug d'une commune (voir /communes).", _enum(vocab["commune"])),
    ]


ORGANIZATION_ARG = _query("organisation", "Nom court (slug) d'une organisation publiée ; 404 "
                          "si aucune ne le porte.")
#: `du` and `au`: the agenda reads years 2000 to 2099.
DAY = {"type": "string", "format": "date",
       "pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
FLAG = {"type": "string", "enum": ["0", "1"]}


def event_filters(vocab: dict) -> list:
    return [
        _query("du", "Premier jour (AAAA-MM-JJ) ; aujourd'hui par défaut.", DAY),
        _query("au", "Dernier jour inclus (AAAA-MM-JJ) ; un an plus loin par défaut, deux ans "
                     "après `du` au plus ; avant `du`, la liste est vide.", DAY),
        _query("periode", "Période nommée, à la place de du/au.", _enum(AGENDA_PERIODS)),
        _repeated("commune", "Slug(s) de commune.", vocab["commune"]),
        _repeated("theme", "Slug(s) de thématique (une thématique parente inclut ses enfants).",
                  vocab["theme"]),
        _repeated("public", "Slug(s) de public.", vocab["public"]),
        ORGANIZATION_ARG,
        _query("q", "Mots-clés, lus comme la recherche de l'annuaire (vocabulaire des besoins).",
               {"type": "string", "maxLength": params.MAX_QUERY_LENGTH}),
        _query("gratuit", "1 : événements gratuits seulement.", FLAG),
        _query("accessible", "1 : événements avec une information d'accessibilité.", FLAG),
        _repeated("accessibilite", "Accessibilité précise exigée.",
                  [str(a) for a in Accessibility]),
    ]


def _json(schema_name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema_name)}}}


NOT_MODIFIED = {"description": "Inchangé depuis la copie du client (If-None-Match, "
                               "If-Modified-Since)."}
ERRORS = {
    "304": NOT_MODIFIED,
    "400": _json("Erreur", "Paramètre incorrect (message en français)."),
    "404": _json("Erreur", "Ressource ou page inexistante."),
}
VALIDATORS = {
    "ETag": {"description": "Version de la réponse (If-None-Match).",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "Dernière modification des données (If-Modified-Since).",
                      "schema": {"type": "string"}},
}


def _get(summary: str, response: str, parameters: list, *, errors=ERRORS, **extra) -> dict:
    return {"get": {
        "summary": summary,
        "parameters": parameters,
        "responses": {"200": {**_json(response, "Réponse"), "headers": VALIDATORS},
                      "304": NOT_MODIFIED, **errors},
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
    vocab = _vocabularies()
    return {
        "/organisations": _get(
            "Organisations publiées (associations, services publics, partenaires)",
            "PageOrganisations",
            [*directory_filters(vocab),
             _query("type", "Type d'organisation.", _enum(str(k) for k in OrganizationKind)),
             _sort(("pertinence", "nom", "-nom", "modifie_le", "-modifie_le"),
                   "Ordre : pertinence (par défaut ; par nom sans `q`), nom, date de "
                   "modification."),
             SINCE, *PAGINATION],
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
            [*directory_filters(vocab),
             _query("type", "Type de service data·inclusion.", _enum(DI_TYPES)),
             ORGANIZATION_ARG,
             _sort(("organisation", "nom", "-nom", "modifie_le", "-modifie_le"),
                   "Ordre : par organisation (par défaut), nom du service, date de "
                   "modification."),
             SINCE, *PAGINATION],
        ),
        "/services/{service_id}": _get(
            "Un service", "Service",
            [_path("service_id", "Numéro du service.", INTEGER)],
            errors={"404": ERRORS["404"]},
        ),
        "/evenements": _get(
            "Dates à venir des événements publiés de l'agenda (une entrée par occurrence)",
            "PageOccurrences",
            [*event_filters(vocab),
             _sort(("debut", "-debut", "modifie_le", "-modifie_le"),
                   "Ordre : date (par défaut), date de modification de l'événement."),
             SINCE, *PAGINATION],
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
            [_repeated("thematique", "Slug(s) de thématique (une thématique parente inclut "
                       "ses sous-thématiques).", vocab["theme"]),
             _repeated("commune", "Slug(s) de commune.", vocab["commune"]),
             _query("periode", "Missions proposées dans la période.", _enum(MISSION_PERIODS)),
             _query("rythme", "Rythme de la mission.", _enum(str(r) for r in Regularity)),
             _sort(("debut", "titre", "modifie_le", "-modifie_le"),
                   "Ordre : début (par défaut), titre, date de modification."),
             SINCE, *PAGINATION],
        ),
        "/thematiques": _get("Thématiques (deux niveaux) et leurs codes data·inclusion",
                             "ListeThematiques", [], errors={}),
        "/publics": _get("Publics visés", "ListePublics", [], errors={}),
        "/communes": _get("Communes du territoire", "ListeCommunes", [], errors={}),
    }


def components() -> dict:
    schemas = {**SCHEMAS, **EVENT_SCHEMAS, **MISSION_SCHEMAS, "PageMeta": PAGE_META,
               "PageLinks": PAGE_LINKS, "Erreur": ERROR, "Retrait": DELETION}
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
