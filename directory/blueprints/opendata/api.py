"""Read-only JSON API under /api/v1/: organisations, services, events, vocabularies.

Public fields only, through the explicit serializers of `directory.serializers`; paginated
(`page`, `per_page`), filtered with the same parameters as the pages, errors in JSON with French
messages, described by the OpenAPI document of `directory.openapi` at /api/v1/openapi.json.
CORS (reading only, no credentials) is enabled on this blueprint alone.
"""

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, jsonify, render_template, request
from flask_cors import CORS
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from directory import search as engine
from directory.agenda import queries as agenda
from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.text import fold, french_order
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.opendata import openapi, serializers
from directory.search.types import SearchQuery
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status
from directory.volunteering import queries as volunteering

bp = Blueprint("api", __name__, url_prefix="/api/v1")
CORS(bp, origins="*", send_wildcard=True, methods=["GET", "HEAD", "OPTIONS"],
     supports_credentials=False,
     max_age=86400)

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_QUERY_LENGTH = 200


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str):
    return jsonify({"error": {"status": status, "message": message}}), status


@bp.errorhandler(ApiError)
def api_error(e: ApiError):
    return error_response(e.status, e.message)


HTTP_MESSAGES = {
    400: "La requête est incorrecte.",
    404: "Cette ressource n'existe pas.",
    405: "Seule la lecture (GET) est possible sur cette API.",
    410: "Cette ressource a été retirée.",
    500: "Une erreur est survenue sur le serveur.",
}


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException):
    return error_response(e.code, HTTP_MESSAGES.get(e.code, e.description))


@bp.before_app_request
def routing_error_in_json():
    """An unknown address or a method other than GET under /api/ fails before any view of this
    blueprint is chosen: answer in JSON there too, rather than with the site's HTML page."""
    error = request.routing_exception
    if (isinstance(error, HTTPException) and not isinstance(error, RequestRedirect)
            and request.path.startswith(bp.url_prefix + "/")):
        if error.code == 404:
            return error_response(404, "Cette adresse ne correspond à aucune ressource de "
                                       "l'API.")
        return error_response(error.code, HTTP_MESSAGES.get(error.code, error.description))
    return None


# Arguments ------------------------------------------------------------------------------------


def _int_arg(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ApiError(400, f"Le paramètre « {name} » doit être un entier entre 1 et {maximum}.")
    return int(raw)


@dataclass
class Pagination:
    page: int
    per_page: int

    @classmethod
    def from_args(cls) -> "Pagination":
        return cls(_int_arg("page", 1, MAX_PAGE), _int_arg("per_page", DEFAULT_PER_PAGE,
                                                           MAX_PER_PAGE))

    def check(self, total: int) -> int:
        """The number of pages; 404 for a page beyond the last one."""
        pages = max(1, -(-total // self.per_page))
        if self.page > pages:
            raise ApiError(404, f"La page {self.page} n'existe pas : il y a {pages} page(s).")
        return pages

    def slice(self, items: list) -> list:
        start = (self.page - 1) * self.per_page
        return items[start : start + self.per_page]


def _page_url(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return absolute_url(request.endpoint, **(request.view_args or {}), **args)


def paginated(data: list, total: int, pagination: Pagination):
    pages = pagination.check(total)
    page = pagination.page
    return jsonify({
        "data": data,
        "meta": {"total": total, "page": page, "per_page": pagination.per_page, "pages": pages},
        "links": {
            "self": _page_url(page),
            "first": _page_url(1),
            "last": _page_url(pages),
            "next": _page_url(page + 1) if page < pages else None,
            "prev": _page_url(page - 1) if page > 1 else None,
        },
    })


def _text_arg() -> str:
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise ApiError(400, f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères.")
    return q


FILTER_MESSAGES = {
    "theme": "Le thème « {value} » n'existe pas.",
    "public": "Le public « {value} » n'existe pas.",
    "commune": "La commune « {value} » n'existe pas.",
    "type": "Le type « {value} » n'existe pas.",
    "organisation": "L'organisation « {value} » n'existe pas.",
}


def _filter_arg(name: str, known) -> str | None:
    value = (request.args.get(name) or "").strip() or None
    if value is not None and value not in known:
        raise ApiError(400, FILTER_MESSAGES[name].format(value=value))
    return value


def _directory_filters() -> dict:
    return {
        "theme": _filter_arg("theme", listings.all_themes()),
        "public": _filter_arg("public", {p.slug for p in listings.all_publics()}),
        "commune": _filter_arg("commune", listings.all_communes()),
    }


SUMMARY_OPTIONS = (
    selectinload(Organization.themes),
    selectinload(Organization.publics),
    selectinload(Organization.communes),
)


# Organisations --------------------------------------------------------------------------------


@bp.get("/organisations")
def organizations():
    pagination = Pagination.from_args()
    query = SearchQuery(
        q=_text_arg(),
        **_directory_filters(),
        type=_filter_arg("type", {str(k) for k in OrganizationKind}),
        page=pagination.page,
        per_page=pagination.per_page,
    )
    results = engine.search(query)
    pagination.check(results.total)
    rows = db.session.scalars(
        select(Organization)
        .where(listings.published_condition(), Organization.id.in_(results.ids or [0]))
        .options(*SUMMARY_OPTIONS)
    )
    by_id = {org.id: org for org in rows}
    data = [serializers.organization_summary(by_id[i]) for i in results.ids if i in by_id]
    return paginated(data, results.total, pagination)


@bp.get("/organisations/<slug>")
def organization(slug: str):
    org = db.session.scalars(
        select(Organization).where(Organization.slug == slug)
        .options(*listings.full_organization_options())
    ).one_or_none()
    if org is None or org.status not in (Status.PUBLISHED, Status.ARCHIVED):
        raise ApiError(404, f"Aucune organisation publiée ne porte le nom court « {slug} ».")
    if org.status == Status.ARCHIVED or org.archived_at is not None:
        raise ApiError(410, f"La fiche « {org.nom} » a été retirée de l'annuaire.")
    return jsonify(serializers.organization(org))


# Services -------------------------------------------------------------------------------------

SERVICE_OPTIONS = (
    selectinload(Service.organization),
    selectinload(Service.themes),
    selectinload(Service.publics),
    selectinload(Service.communes),
    selectinload(Service.place).selectinload(Place.commune),
)


def _service_statement():
    return (
        select(Service)
        .join(Organization, Organization.id == Service.organization_id)
        .where(listings.published_condition(), Service.archived_at.is_(None))
    )


def _matches(words: list[str], *texts: str | None) -> bool:
    text = fold(" ".join(filter(None, texts)))
    return all(word in text for word in words)


@bp.get("/services")
def services():
    """Filters in SQL on light rows; text match and French order in Python (a territory holds a
    few thousand services); only the requested page is loaded in full."""
    pagination = Pagination.from_args()
    q = _text_arg()
    filters = _directory_filters()
    kind = (request.args.get("type") or "").strip() or None
    org_slug = (request.args.get("organisation") or "").strip() or None
    columns = [Service.id, Service.position, Organization.nom.label("org_nom")]
    if q:
        columns += [Service.nom, Service.description, Organization.sigle]
    statement = (
        select(*columns)
        .join(Organization, Organization.id == Service.organization_id)
        .where(listings.published_condition(), Service.archived_at.is_(None))
    )
    if filters["theme"]:
        theme = listings.all_themes()[filters["theme"]]
        ids = [theme.id, *(child.id for child in theme.children)]
        statement = statement.where(Service.themes.any(Theme.id.in_(ids)))
    if filters["public"]:
        statement = statement.where(Service.publics.any(Public.slug == filters["public"]))
    if filters["commune"]:
        slug = filters["commune"]
        statement = statement.where(or_(
            Service.communes.any(Commune.slug == slug),
            Service.place.has(Place.commune.has(Commune.slug == slug)),
        ))
    if kind:
        statement = statement.where(Service.type == kind)
    if org_slug:
        statement = statement.where(Organization.slug == org_slug)
    rows = db.session.execute(statement).all()
    if q:
        words = fold(q).split()
        rows = [r for r in rows if _matches(words, r.nom, r.description, r.org_nom, r.sigle)]
    rows.sort(key=lambda r: (french_order(r.org_nom), r.position, r.id))
    page_ids = [r.id for r in pagination.slice(rows)]
    loaded = {s.id: s for s in db.session.scalars(
        select(Service).where(Service.id.in_(page_ids or [0])).options(*SERVICE_OPTIONS)
    )}
    page = [loaded[i] for i in page_ids if i in loaded]
    contacts = listings.public_contacts(sorted({s.organization_id for s in page}))
    return paginated([serializers.service(s, contacts) for s in page], len(rows), pagination)


@bp.get("/services/<int:service_id>")
def service(service_id: int):
    found = db.session.scalars(
        _service_statement().where(Service.id == service_id).options(*SERVICE_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun service publié ne porte le numéro {service_id}.")
    contacts = listings.public_contacts([found.organization_id])
    return jsonify(serializers.service(found, contacts))


# Events ---------------------------------------------------------------------------------------


def _agenda_filters() -> agenda.AgendaFilters:
    for name in ("du", "au"):
        raw = (request.args.get(name) or "").strip()
        if raw:
            try:
                date.fromisoformat(raw)
            except ValueError:
                raise ApiError(400, f"La date « {raw} » ({name}) n'est pas au format "
                                    "AAAA-MM-JJ.") from None
    return agenda.AgendaFilters.from_args(request.args)


@bp.get("/evenements")
def events():
    pagination = Pagination.from_args()
    items = agenda.occurrences(_agenda_filters())
    return paginated([serializers.occurrence(o) for o in pagination.slice(items)], len(items),
                     pagination)


@bp.get("/evenements/<int:event_id>")
def event(event_id: int):
    found = db.session.scalars(
        select(Event).where(Event.id == event_id, agenda.visible_condition())
        .options(*agenda.EVENT_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun événement publié ne porte le numéro {event_id}.")
    return jsonify(serializers.event(found))


# Volunteer missions ---------------------------------------------------------------------------


@bp.get("/missions")
def missions():
    """Open volunteer missions, with the filters of /benevolat (thematique, commune, periode,
    rythme)."""
    pagination = Pagination.from_args()
    items = volunteering.search(volunteering.MissionFilters.from_args(request.args))
    return paginated(
        [serializers.mission(m, absolute_url("volunteering.mission", mission_id=m.id))
         for m in pagination.slice(items)], len(items), pagination)


# Vocabularies ---------------------------------------------------------------------------------


@bp.get("/thematiques")
def themes():
    themes = sorted(
        listings.all_themes().values(),
        key=lambda t: (t.parent.position if t.parent else t.position,
                       t.parent_id is not None, t.position),
    )
    return jsonify({"data": [serializers.theme(t) for t in themes]})


@bp.get("/publics")
def publics():
    return jsonify({"data": [serializers.public(p) for p in listings.all_publics()]})


@bp.get("/communes")
def communes():
    communes = sorted(listings.all_communes().values(), key=lambda c: french_order(c.name))
    return jsonify({"data": [serializers.commune(c) for c in communes]})


# Documentation --------------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/")
def index():
    return render_template("opendata/api/index.html", document=openapi.document())
