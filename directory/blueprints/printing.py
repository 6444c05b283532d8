"""Printed editions of the directory: the paper directory, guides per public, commune posters.

Public downloads: they show only what the public pages show, and their purpose is to be
printed by anyone (town halls, libraries, associations). Building the whole directory takes
tens of seconds, so no request builds one: the job worker does (printing.store), when a
download finds the data changed and each night; meanwhile visitors get the previous build
(it prints the date of its data), and a « en préparation » page (503, Retry-After) when
there is none yet. Staff get the current file or that page with the build's state (202).
"""

import io

from flask import Blueprint, Response, abort, current_app, render_template, send_file
from flask_login import current_user

from directory.accounts.permissions import is_staff
from directory.core.extensions import db, limiter
from directory.listings.queries import territory_communes
from directory.printing import catalog, guides, store
from directory.printing import paper as editions  # noqa: F401  (registers the kinds)

#: Seconds a visitor is told to wait for a first build.
RETRY_AFTER = 20


bp = Blueprint("printing", __name__, url_prefix="/editions")

_download_limit = limiter.limit(lambda: current_app.config.get("PRINT_RATELIMIT", "30/minute"))


def _stale_ok() -> bool:
    return not is_staff(current_user)


def _pdf(data: bytes, filename: str):
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        download_name=filename,
        as_attachment=False,
        max_age=600,
    )
    # Staff check their changes at once: no copy kept by the browser.
    if not _stale_ok():
        response.cache_control.no_store = True
        response.cache_control.max_age = 0
    return response


def serve(kind: str, name: str, filename: str, title: str) -> Response:
    """The current file; else (a build is queued) the previous one for visitors, or the
    « en préparation » page. Shared with the quarterly editions' downloads."""
    found = store.fetch(kind, name)
    db.session.commit()  # the build request: queued once committed
    if not found.current:
        found = found.refresh()
    file = found.file
    if found.current or (_stale_ok() and file is not None and file.data is not None):
        return _pdf(file.data, filename)
    return pending(title, file)


def pending(title: str, file=None) -> Response:
    staff = not _stale_ok()
    status = 202 if staff else 503
    response = Response(render_template("printing/pending.html", title=title, file=file,
                                        staff=staff, retry_after=RETRY_AFTER), status=status)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.cache_control.no_store = True
    return response


@bp.get("")
def index():
    return render_template(
        "printing/index.html",
        guides=guides.load_guides(),
        communes=territory_communes(),
        builds=store.all_files() if is_staff(current_user) else None,
    )


@bp.get("/annuaire.pdf")
@_download_limit
def directory_pdf():
    return serve("annuaire", "annuaire", "annuaire.pdf", "L'annuaire papier")


@bp.get("/guides/<slug>.pdf")
@_download_limit
def guide_pdf(slug: str):
    guide = guides.get_guide(slug)
    if guide is None:
        abort(404)
    return serve("guide", guide.slug, f"guide-{guide.slug}.pdf", f"Le guide {guide.title}")


@bp.get("/communes/<slug>.pdf")
@_download_limit
def commune_pdf(slug: str):
    commune = catalog.territory_commune(slug)
    if commune is None:
        abort(404)
    return serve("affiche", commune.slug, f"affiche-{commune.slug}.pdf",
                 f"L'affiche de {commune.name}")
