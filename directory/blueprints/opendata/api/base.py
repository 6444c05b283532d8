"""The API's blueprint and what its views share: JSON errors, validators, arguments, pages.

The views are in `directory` (organisations, services), `agenda` (events, missions) and the
package itself (vocabularies, documentation). CORS (reading only, no credentials) is enabled
on this blueprint alone.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, current_app, g, jsonify, request
from flask_cors import CORS
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from directory.core import errors
from directory.core.extensions import db
from directory.core.text import fold
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.opendata import params
from directory.opendata.params import ApiError

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
    if errors.database_unavailable(e):  # 503 with Retry-After, as on every page
        return errors.unavailable(e)
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


def since_arg() -> datetime | None:
    return params.moment(request.args, "modifie_depuis")


def directory_filters() -> dict:
    args = request.args
    return {
        "theme": params.choice(args, "theme", listings.all_themes(), "Le thème"),
        "public": params.choice(args, "public", [p.slug for p in listings.all_publics()],
                                "Le public"),
        "commune": params.choice(args, "commune", listings.all_communes(), "La commune"),
    }


def published_slug(slug: str) -> bool:
    """Whether a published organisation has this slug (a NUL, which PostgreSQL refuses in a
    query, or an overlong text is no slug)."""
    return len(slug) <= 200 and "\x00" not in slug and db.session.scalar(
        select(Organization.id).where(Organization.slug == slug, listings.published_condition())
    ) is not None


def organization_arg() -> str | None:
    slug = (request.args.get("organisation") or "").strip() or None
    if slug is not None and not published_slug(slug):
        raise ApiError(404, f"Aucune organisation publiée ne porte le nom court « {slug[:80]} ».")
    return slug


SUMMARY_OPTIONS = (
    selectinload(Organization.themes),
    selectinload(Organization.publics),
    selectinload(Organization.communes),
)


#: `fold` of the names and texts lists filter and sort by, kept by the process: a list reads
#: every published row each time (thousands) and folding them again was most of its time.
folded = functools.lru_cache(maxsize=100_000)(fold)


def sorted_rows(rows: list, order: str, name, default_key) -> list:
    """`order`: "nom", "-nom", "modifie_le", "-modifie_le" or the list's default."""
    if order in ("nom", "-nom"):
        return sorted(rows, key=lambda r: (folded(name(r)), r.id), reverse=order == "-nom")
    if order in ("modifie_le", "-modifie_le"):
        return sorted(rows, key=lambda r: (r.modified, r.id), reverse=order == "-modifie_le")
    return sorted(rows, key=default_key)


def matches(words: list[str], *texts: str | None) -> bool:
    text = folded(" ".join(filter(None, texts)))
    return all(word in text for word in words)
