"""Downloads of the public directory: spreadsheet CSV and data·inclusion structures/services.

The directory's files are built by the worker and kept (`opendata.downloads`): a download sends
the stored file, streamed; its ETag and Last-Modified are those of the data it was built from.
"""

from flask import Blueprint, Response, abort, request, stream_with_context

from directory.blueprints.opendata.api.base import conditional
from directory.core.urls import absolute_url
from directory.opendata import downloads, exports, sync
from directory.volunteering import queries as volunteering

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _download(name: str) -> Response:
    served = downloads.serve(name)
    body = served.body
    if request.method == "HEAD":
        body = iter(())
    response = Response(stream_with_context(body), mimetype=served.download.mimetype)
    response.headers["Content-Type"] = served.download.mimetype
    if served.download.mimetype.startswith("text/csv"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{served.download.filename}"')
    response.set_etag(served.etag)
    response.last_modified = served.last_modified
    # Revalidated each time: a newer file may be ready since.
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


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
