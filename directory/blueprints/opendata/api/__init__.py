"""Read-only JSON API under /api/v1/: organisations, services, events, missions, vocabularies.

Public fields only, through the explicit serializers of `opendata.serializers`; paginated,
sorted (`tri`), filtered with the pages' parameters read strictly (`opendata.params`),
`modifie_depuis` on every list with what was withdrawn since (`opendata.sync`), ETag and
Last-Modified on every answer, errors in JSON with French messages (`base`), described by the
OpenAPI document of `opendata.openapi` at /api/v1/openapi.json.
"""

from flask import jsonify, render_template

from directory.blueprints.opendata.api import agenda, directory  # noqa: F401  (their views)
from directory.blueprints.opendata.api.base import bp
from directory.core.text import french_order
from directory.listings import queries as listings
from directory.opendata import openapi, serializers

__all__ = ["bp"]


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
