"""Downloads of the public directory: spreadsheet CSV and data·inclusion structures/services."""

from flask import Blueprint, Response, abort, jsonify, request

from directory.blueprints.opendata.api.base import conditional
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.opendata import exports, sync
from directory.volunteering import queries as volunteering

bp = Blueprint("exports", __name__, url_prefix="/exports")


@bp.after_request
def validators(response):
    """ETag and Last-Modified, so that a harvester downloads a file again only once changed."""
    version = (sync.missions_version() if request.endpoint == "exports.missions_csv"
               else sync.directory_version())
    return conditional(response, version)

KINDS = {
    "structures": (exports.structures, exports.STRUCTURE_COLUMNS),
    "services": (exports.services, exports.SERVICE_COLUMNS),
}


def _page_url(org) -> str:
    return absolute_url("public.organization", slug=org.slug)


def _csv(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@bp.get("/annuaire.csv")
def directory_csv():
    orgs = listings.published_organizations()
    return _csv(exports.directory_csv(orgs, _page_url), "annuaire.csv")


@bp.get("/benevolat.csv")
def missions_csv():
    """The open volunteer missions, as /benevolat lists them."""
    missions = volunteering.search(volunteering.MissionFilters())
    return _csv(exports.missions_csv(
        missions, lambda m: absolute_url("volunteering.mission", mission_id=m.id)),
        "benevolat.csv")


@bp.get("/data-inclusion/<kind>.<fmt>")
def data_inclusion(kind: str, fmt: str):
    if kind not in KINDS or fmt not in ("json", "csv"):
        abort(404)
    build, columns = KINDS[kind]
    rows = build(listings.published_organizations(), _page_url)
    if fmt == "json":
        return jsonify(rows)
    return _csv(exports.rows_csv(rows, columns), f"{kind}.csv")
