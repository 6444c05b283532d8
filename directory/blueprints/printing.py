"""Printed editions of the directory: the paper directory, guides per public, commune posters.

Public downloads: they show only what the public pages show, and their purpose is to be
printed by anyone (town halls, libraries, associations). Building the whole directory takes
tens of seconds, so each PDF is kept on disk (instance/print-cache/) under the current data
version, and only staff downloads (and `flask printing build`, by cron) rebuild a PDF that is
out of date; visitors get the newest build, which prints the date of its data. A visitor
builds only an edition never built before; a per-visitor limit bounds even that.
"""

import io

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_login import current_user

from directory.accounts.permissions import is_staff
from directory.core.extensions import limiter
from directory.listings.queries import territory_communes
from directory.printing import catalog, guides
from directory.printing import paper as editions

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


@bp.get("")
def index():
    return render_template(
        "printing/index.html",
        guides=guides.load_guides(),
        communes=territory_communes(),
    )


@bp.get("/annuaire.pdf")
@_download_limit
def directory_pdf():
    return _pdf(editions.directory_pdf(allow_stale=_stale_ok()), "annuaire.pdf")


@bp.get("/guides/<slug>.pdf")
@_download_limit
def guide_pdf(slug: str):
    guide = guides.get_guide(slug)
    if guide is None:
        abort(404)
    return _pdf(editions.guide_pdf(guide, allow_stale=_stale_ok()), f"guide-{guide.slug}.pdf")


@bp.get("/communes/<slug>.pdf")
@_download_limit
def commune_pdf(slug: str):
    commune = catalog.territory_commune(slug)
    if commune is None:
        abort(404)
    data = editions.poster_pdf(commune, allow_stale=_stale_ok())
    return _pdf(data, f"affiche-{commune.slug}.pdf")
