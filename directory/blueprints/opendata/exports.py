"""Downloads of the public directory: spreadsheet CSV and data·inclusion structures/services.

The directory's files are built by the worker and kept (`opendata.downloads`): a download sends
the stored file, streamed; its ETag and Last-Modified are those of the data it was built from.
"""

from flask import Blueprint, Response, abort, request

from directory.blueprints.opendata.api.base import conditional
from directory.core.urls import absolute_url
from directory.opendata import downloads, exports, sync
from directory.volunteering import queries as volunteering

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _download(name: str) -> Response:
    served = downloads.serve(name)
    response = Response(mimetype=served.download.mimetype)
    response.headers["Content-Type"] = served.download.mimetype
    if served.download.mimetype.startswith("text/csv"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{served.download.filename}"')
    response.set_etag(served.etag)
    response.last_modified = served.last_modified
    # Revalidated each time: a newer file may be ready since.
    response.headers["Cache-Control"] = "public, no-cache"
    # Decided before the body is attached: a 304 (or a HEAD) never starts a build's stream.
    response.make_conditional(request)
    del response.headers["Content-Length"]
    if served.size is not None:
        response.content_length = served.size
    if response.status_code == 304 or request.method == "HEAD":
        return response
    response.response = served.body
    # Never gathered into one piece (which Werkzeug does to count the length by itself).
    response.implicit_sequence_conversion = False
    return response


@bp.get("/annuaire.csv")
def directory_csv():
    return _download("annuaire.csv")


@bp.get("/data-inclusion/<kind>.<fmt>")
def data_inclusion(kind: str, fmt: str):
    name = f"data-inclusion/{kind}.{fmt}"
    if name not in downloads.DOWNLOADS:
        abort(404)
    return _download(name)


@bp.get("/benevolat.csv")
def missions_csv():
    """The open volunteer missions, as /benevolat lists them (a few hundred: built each time)."""
    missions = volunteering.search(volunteering.MissionFilters())
    text = exports.missions_csv(
        missions, lambda m: absolute_url("volunteering.mission", mission_id=m.id))
    response = Response(text.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="benevolat.csv"',
    })
    return conditional(response, sync.missions_version())
