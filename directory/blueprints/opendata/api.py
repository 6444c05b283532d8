"""Read-only JSON API under /api/v1/: organisations, services, events, vocabularies.

Public fields only, through the explicit serializers of `opendata.serializers`; paginated
(`page`, `per_page`), sorted (`tri`), filtered with the same parameters as the pages but read
strictly (`opendata.params`: a bad value is a 400 that says why), `modifie_depuis` on every list
for incremental sync (with the items withdrawn since, `opendata.sync`), ETag and Last-Modified
on every answer, errors in JSON with French messages, described by the OpenAPI document of
`opendata.openapi` at /api/v1/openapi.json. CORS (reading only, no credentials) is enabled on
this blueprint alone.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_cors import CORS
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from directory import search as engine
from directory.agenda import queries as agenda
from directory.agenda.models import Event
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.text import fold
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.opendata import exports, openapi, params, serializers, sync
from directory.opendata.params import ApiError
from directory.search.types import SearchQuery
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import Accessibility, OrganizationKind, Status
from directory.volunteering import queries as volunteering
from directory.volunteering.models import Regularity

bp = Blueprint("api", __name__, url_prefix="/api/v1")
CORS(bp, origins="*", send_wildcard=True, methods=["GET", "HEAD", "OPTIONS"],
     supports_credentials=False, expose_headers=["ETag", "Last-Modified"],
     max_age=86400)

#: The methods every address of the API answers (405 names them in `Allow`).
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def error_response(status: int, message: str):
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    if status == 405:
        response.headers["Allow"] = ALLOWED_METHODS
    return response


@bp.errorhandler(ApiError)
def api_error(e: ApiError):
    return error_response(e.status, e.message)


HTTP_MESSAGES = {
    400: "La requête est incorrecte.",
    404: "Cette ressource n'existe pas.",
    405: "Seule la lecture (GET) est possible sur cette API.",
    410: "Cette ressource a été retirée.",
    413: "La requête est trop volumineuse.",
    429: "Trop de requêtes : merci de patienter avant de réessayer.",
    500: "Une erreur est survenue sur le serveur.",
    503: "Le service est momentanément indisponible : réessayez dans quelques instants.",
}


def http_error(e: HTTPException):
    response = error_response(e.code, HTTP_MESSAGES.get(e.code, e.description))
    # 429 and 503 say when to come back.
    headers = dict(e.response.headers) if e.response is not None else dict(e.get_headers())
    if "Retry-After" in headers:
        response.headers["Retry-After"] = headers["Retry-After"]
    return response


# By code, not only by class: the site's own handlers (HTML pages) are registered by code and
# Flask prefers a code match of the app to a class match of the blueprint.
bp.register_error_handler(HTTPException, http_error)
for _code in HTTP_MESSAGES:
    bp.register_error_handler(_code, http_error)


@bp.errorhandler(Exception)
def unexpected_error(e: Exception):
    if isinstance(e, HTTPException):
        return http_error(e)
    # Logged like any unhandled error; the client gets JSON, never the site's HTML page.
    current_app.logger.exception("API error on %s", request.path)
    return error_response(500, HTTP_MESSAGES[500])


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
        response = error_response(error.code, HTTP_MESSAGES.get(error.code, error.description))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response
    return None


# Conditional requests -------------------------------------------------------------------------


def conditional(response, last_modified: datetime | None = None):
    """ETag (from the body) and Last-Modified on a 200; 304 when the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers.setdefault("Cache-Control", "public, no-cache")
    return response.make_conditional(request)


@bp.after_request
def validators(response):
    return conditional(response, g.pop("api_last_modified", None))


def last_modified(value: datetime | None) -> None:
    """The answer's Last-Modified (set by each view from the data it shows)."""
    g.api_last_modified = value


# Arguments ------------------------------------------------------------------------------------


@dataclass
class Pagination:
    page: int
    per_page: int

    @classmethod
    def from_args(cls) -> "Pagination":
        return cls(params.integer(request.args, "page", 1, params.MAX_PAGE),
                   params.integer(request.args, "per_page", params.DEFAULT_PER_PAGE,
                                  params.MAX_PER_PAGE))

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


def paginated(data: list, total: int, pagination: Pagination, withdrawn: list | None = None):
    """`withdrawn`: with `modifie_depuis`, what the list no longer shows (else None)."""
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
        "retraits": withdrawn,
    })


def _since() -> datetime | None:
    return params.moment(request.args, "modifie_depuis")


def _directory_filters() -> dict:
    args = request.args
    return {
        "theme": params.choice(args, "theme", listings.all_themes(), "Le thème"),
        "public": params.choice(args, "public", [p.slug for p in listings.all_publics()],
                                "Le public"),
        "commune": params.choice(args, "commune", listings.all_communes(), "La commune"),
    }


def _organization_arg() -> str | None:
    slug = (request.args.get("organisation") or "").strip() or None
    if slug is not None and db.session.scalar(
        select(Organization.id).where(Organization.slug == slug, listings.published_condition())
    ) is None:
        raise ApiError(404, f"Aucune organisation publiée ne porte le nom court « {slug[:80]} ».")
    return slug


SUMMARY_OPTIONS = (
    selectinload(Organization.themes),
    selectinload(Organization.publics),
    selectinload(Organization.communes),
)


def _sorted(rows: list, order: str, name, default_key) -> list:
    """`order`: "nom", "-nom", "modifie_le", "-modifie_le" or the list's default."""
    if order in ("nom", "-nom"):
        return sorted(rows, key=lambda r: (fold(name(r)), r.id), reverse=order == "-nom")
    if order in ("modifie_le", "-modifie_le"):
        return sorted(rows, key=lambda r: (r.modified, r.id), reverse=order == "-modifie_le")
    return sorted(rows, key=default_key)


def _matches(words: list[str], *texts: str | None) -> bool:
    text = fold(" ".join(filter(None, texts)))
    return all(word in text for word in words)


# Organisations --------------------------------------------------------------------------------

ORGANIZATION_SORTS = ("pertinence", "nom", "-nom", "modifie_le", "-modifie_le")


def _organization_rows(q: str, filters: dict, kind: str | None, since: datetime | None) -> list:
    """Light rows of the published organisations matching the filters, changed since `since`
    (the engine ranks by relevance; this is for the other orders and for sync)."""
    statement = select(Organization.id, Organization.nom, Organization.sigle,
                       Organization.presentation_resume,
                       Organization.updated_at.label("modified")).where(
        listings.published_condition())
    if filters["theme"]:
        theme = listings.all_themes()[filters["theme"]]
        ids = [theme.id, *(child.id for child in theme.children)]
        statement = statement.where(Organization.themes.any(Theme.id.in_(ids)))
    if filters["public"]:
        statement = statement.where(Organization.publics.any(Public.slug == filters["public"]))
    if filters["commune"]:
        statement = statement.where(or_(
            Organization.communes.any(Commune.slug == filters["commune"]),
            Organization.places.any(Place.commune.has(Commune.slug == filters["commune"])),
        ))
    if kind:
        statement = statement.where(Organization.kind == kind)
    if since is not None:
        statement = statement.where(Organization.updated_at >= since)
    rows = db.session.execute(statement).all()
    if q:
        words = fold(q).split()
        rows = [r for r in rows if _matches(words, r.nom, r.sigle, r.presentation_resume)]
    return rows


@bp.get("/organisations")
def organizations():
    pagination = Pagination.from_args()
    q = params.text(request.args)
    filters = _directory_filters()
    kind = params.choice(request.args, "type", [str(k) for k in OrganizationKind], "Le type")
    order = params.sort(request.args, ORGANIZATION_SORTS, "pertinence")
    since = _since()
    source = exports.source_name()
    last_modified(sync.directory_version())
    if since is None and order == "pertinence":
        results = engine.search(SearchQuery(q=q, **filters, type=kind, page=pagination.page,
                                            per_page=pagination.per_page))
        pagination.check(results.total)
        page_ids, total = results.ids, results.total
    else:
        rows = _organization_rows(q, filters, kind, since)
        rows = _sorted(rows, "nom" if order == "pertinence" else order, lambda r: r.nom,
                       lambda r: (fold(r.nom), r.id))
        page_ids, total = [r.id for r in pagination.slice(rows)], len(rows)
    by_id = {org.id: org for org in db.session.scalars(
        select(Organization)
        .where(listings.published_condition(), Organization.id.in_(page_ids or [0]))
        .options(*SUMMARY_OPTIONS)
    )}
    data = [serializers.organization_summary(by_id[i], source) for i in page_ids if i in by_id]
    withdrawn = sync.withdrawn_organizations(since, source) if since is not None else None
    return paginated(data, total, pagination, withdrawn)


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
    last_modified(sync.directory_version())
    return jsonify(serializers.organization(org, exports.source_name()))


# Services -------------------------------------------------------------------------------------

SERVICE_OPTIONS = (
    selectinload(Service.organization),
    selectinload(Service.themes),
    selectinload(Service.publics),
    selectinload(Service.communes),
    selectinload(Service.place).selectinload(Place.commune),
)
SERVICE_SORTS = ("organisation", "nom", "-nom", "modifie_le", "-modifie_le")


def _service_statement():
    return (
        select(Service)
        .join(Organization, Organization.id == Service.organization_id)
        .where(listings.published_condition(), Service.archived_at.is_(None))
    )


@bp.get("/services")
def services():
    """Filters in SQL on light rows; text match and French order in Python (a territory holds a
    few thousand services); only the requested page is loaded in full."""
    pagination = Pagination.from_args()
    q = params.text(request.args)
    filters = _directory_filters()
    kind = params.choice(request.args, "type", sorted(exports.DI_TYPES), "Le type de service")
    org_slug = _organization_arg()
    order = params.sort(request.args, SERVICE_SORTS, "organisation")
    since = _since()
    source = exports.source_name()
    last_modified(sync.directory_version())
    columns = [Service.id, Service.position, Service.nom, Organization.nom.label("org_nom"),
               Service.updated_at, Organization.updated_at.label("org_updated_at")]
    if q:
        columns += [Service.description, Organization.sigle]
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
    if since is not None:
        statement = statement.where(or_(Service.updated_at >= since,
                                        Organization.updated_at >= since))
    rows = [_ServiceRow(r) for r in db.session.execute(statement).all()]
    if q:
        words = fold(q).split()
        rows = [r for r in rows
                if _matches(words, r.row.nom, r.row.description, r.row.org_nom, r.row.sigle)]
    rows = _sorted(rows, order, lambda r: r.row.nom,
                   lambda r: (fold(r.row.org_nom), r.row.position, r.id))
    page_ids = [r.id for r in pagination.slice(rows)]
    loaded = {s.id: s for s in db.session.scalars(
        select(Service).where(Service.id.in_(page_ids or [0])).options(*SERVICE_OPTIONS)
    )}
    page = [loaded[i] for i in page_ids if i in loaded]
    contacts = listings.public_contacts(sorted({s.organization_id for s in page}))
    withdrawn = sync.withdrawn_services(since, source) if since is not None else None
    return paginated([serializers.service(s, contacts, source) for s in page], len(rows),
                     pagination, withdrawn)


class _ServiceRow:
    """A service's light row, modified when it or its organisation last changed."""

    __slots__ = ("row", "id", "modified")

    def __init__(self, row):
        self.row, self.id = row, row.id
        self.modified = max(row.updated_at, row.org_updated_at)


@bp.get("/services/<int:service_id>")
def service(service_id: int):
    found = db.session.scalars(
        _service_statement().where(Service.id == service_id).options(*SERVICE_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun service publié ne porte le numéro {service_id}.")
    contacts = listings.public_contacts([found.organization_id])
    last_modified(sync.directory_version())
    return jsonify(serializers.service(found, contacts, exports.source_name()))


# Events ---------------------------------------------------------------------------------------

EVENT_SORTS = ("debut", "-debut", "modifie_le", "-modifie_le")


def _agenda_filters() -> tuple[agenda.AgendaFilters, bool]:
    """The agenda's filters, each value checked (the page's own reading ignores bad ones), and
    whether the window is empty (`au` before `du`)."""
    args = request.args
    period = params.choice(args, "periode", agenda.PERIODS, "La période")
    start, end, empty = params.day(args, "du"), params.day(args, "au"), False
    if period is not None:
        bounds = agenda.AgendaFilters.from_args({"periode": period})
        start, end = bounds.start, bounds.end
    else:
        start = start or today_paris()
        empty = end is not None and end < start
        if end is not None and end - start > params.MAX_WINDOW:
            end = start + params.MAX_WINDOW  # rules are expanded over the whole window
    filters = agenda.AgendaFilters(
        start=start, end=end, period=period,
        communes=params.choices(args, "commune", listings.all_communes(), "La commune"),
        themes=params.choices(args, "theme", listings.all_themes(), "Le thème"),
        publics=params.choices(args, "public", [p.slug for p in listings.all_publics()],
                               "Le public"),
        organization=_organization_arg(),
        free_only=params.flag(args, "gratuit"),
        accessible=params.flag(args, "accessible"),
        accessibility=params.choices(args, "accessibilite", [str(a) for a in Accessibility],
                                     "L'accessibilité"),
        q=params.text(args),
    )
    return filters, empty


@bp.get("/evenements")
def events():
    pagination = Pagination.from_args()
    filters, empty = _agenda_filters()
    order = params.sort(request.args, EVENT_SORTS, "debut")
    since = _since()
    last_modified(sync.agenda_version())
    items = [] if empty else agenda.occurrences(filters)
    if since is not None:
        items = [o for o in items if o.event.updated_at >= since]
    if order == "-debut":
        items = items[::-1]
    elif order in ("modifie_le", "-modifie_le"):
        items = sorted(items, key=lambda o: (o.event.updated_at, o.event.id),
                       reverse=order == "-modifie_le")
    withdrawn = sync.withdrawn_events(since) if since is not None else None
    return paginated([serializers.occurrence(o) for o in pagination.slice(items)], len(items),
                     pagination, withdrawn)


@bp.get("/evenements/<int:event_id>")
def event(event_id: int):
    found = db.session.scalars(
        select(Event).where(Event.id == event_id, agenda.visible_condition())
        .options(*agenda.EVENT_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun événement publié ne porte le numéro {event_id}.")
    last_modified(sync.agenda_version())
    return jsonify(serializers.event(found))


# Volunteer missions ---------------------------------------------------------------------------

MISSION_SORTS = ("debut", "titre", "modifie_le", "-modifie_le")


@bp.get("/missions")
def missions():
    """Open volunteer missions, with the filters of /benevolat (thematique, commune, periode,
    rythme)."""
    pagination = Pagination.from_args()
    args = request.args
    filters = volunteering.MissionFilters(
        themes=params.choices(args, "thematique", listings.all_themes(), "Le thème"),
        communes=params.choices(args, "commune", listings.all_communes(), "La commune"),
        period=params.choice(args, "periode", volunteering.PERIODS, "La période"),
        regularity=params.choice(args, "rythme", [str(r) for r in Regularity], "Le rythme"),
    )
    order = params.sort(args, MISSION_SORTS, "debut")
    since = _since()
    last_modified(sync.missions_version())
    items = volunteering.search(filters)
    if since is not None:
        items = [m for m in items if m.updated_at >= since]
    if order == "titre":
        items = sorted(items, key=lambda m: (fold(m.title), m.id))
    elif order in ("modifie_le", "-modifie_le"):
        items = sorted(items, key=lambda m: (m.updated_at, m.id), reverse=order == "-modifie_le")
    withdrawn = sync.withdrawn_missions(since) if since is not None else None
    return paginated(
        [serializers.mission(m, absolute_url("volunteering.mission", mission_id=m.id))
         for m in pagination.slice(items)], len(items), pagination, withdrawn)


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
    communes = sorted(listings.all_communes().values(), key=lambda c: fold(c.name))
    return jsonify({"data": [serializers.commune(c) for c in communes]})


# Documentation --------------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/")
def index():
    return render_template("opendata/api/index.html", document=openapi.document())
