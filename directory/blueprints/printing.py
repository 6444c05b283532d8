"""Printed editions of the directory: the paper directory, guides per public, commune posters.

Public downloads: they show only what the public pages show, and their purpose is to be
printed by anyone (town halls, libraries, associations). Building one takes seconds, so each
PDF is kept on disk (instance/print-cache/) under the current data version: a download is a
file read until something printed changes; a per-visitor limit bounds what rebuilds cost.
"""

import io

from flask import Blueprint, abort, current_app, render_template, send_file

from directory.extensions import limiter
from directory.printing import catalog, editions, guides

bp = Blueprint("printing", __name__, url_prefix="/editions")

_download_limit = limiter.limit(lambda: current_app.config.get("PRINT_RATELIMIT", "30/minute"))


def _pdf(data: bytes, filename: str):
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        download_name=filename,
        as_attachment=False,
        max_age=600,
    )
    return response


@bp.get("")
def index():
    return render_template(
        "printing/index.html",
        guides=guides.load_guides(),
        communes=catalog.territory_communes(),
    )


@bp.get("/annuaire.pdf")
@_download_limit
def directory_pdf():
    return _pdf(editions.directory_pdf(), "annuaire.pdf")


@bp.get("/guides/<slug>.pdf")
@_download_limit
def guide_pdf(slug: str):
    guide = guides.get_guide(slug)
    if guide is None:
        abort(404)
    return _pdf(editions.guide_pdf(guide), f"guide-{guide.slug}.pdf")


@bp.get("/communes/<slug>.pdf")
@_download_limit
def commune_pdf(slug: str):
    commune = catalog.territory_commune(slug)
    if commune is None:
        abort(404)
    return _pdf(editions.poster_pdf(commune), f"affiche-{commune.slug}.pdf")
