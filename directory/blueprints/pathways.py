"""Pathways (/parcours), guides on the web (/guides), booklets, and the staff's pathway editor.

The editor lives under /moderation/parcours/; every change there is kept as a revision.
"""


from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from directory.accounts.permissions import can_moderate, permission_required
from directory.blueprints import printing as printing_views
from directory.core.extensions import db, limiter
from directory.core.versioning import StaleEdit
from directory.listings.queries import territory_communes
from directory.pathways import booklet, display, operations, queries
from directory.pathways.forms import ConfirmForm, form_for
from directory.pathways.models import Pathway, PathwayRevision
from directory.printing import guides

bp = Blueprint("pathways", __name__)

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))
_download_limit = limiter.limit(lambda: current_app.config.get("PRINT_RATELIMIT", "30/minute"))


# Public pages ---------------------------------------------------------------------------------

@bp.get("/parcours")
def index():
    return render_template("pathways/index.html", pathways=queries.visible_pathways())


@bp.get("/parcours/<slug>")
def show(slug: str):
    pathway = queries.by_slug(slug)
    if pathway is None or not (pathway.visible or can_moderate(current_user)):
        abort(404)
    commune = queries.territory_commune(request.args.get("commune"))
    page = queries.pathway_page(pathway, commune)
    return render_template("pathways/show.html", page=page, pathway=pathway,
                           communes=territory_communes(), preview=False,
                           show_booklets=pathway.slug == queries.NEWCOMERS_SLUG)


@bp.get("/parcours/livret/<slug>.pdf")
@_download_limit
def booklet_pdf(slug: str):
    commune = queries.territory_commune(slug)
    if commune is None:
        abort(404)
    folded = request.args.get("format") != "a5"
    # Built by the worker like every printed edition; the previous one is served meanwhile.
    return printing_views.serve("livret", booklet.stored_name(commune, folded=folded),
                                f"livret-{commune.slug}{'' if folded else '-a5'}.pdf",
                                f"Le livret d'accueil de {commune.name}")


@bp.get("/guides")
def guides_index():
    return render_template("pathways/guides.html", guides=guides.load_guides())


@bp.get("/guides/<slug>")
def guide(slug: str):
    found = guides.get_guide(slug)
    if found is None:
        abort(404)
    listings = queries.public_listings()
    return render_template("pathways/guide.html", guide=found,
                           sections=guides.fill(found, listings))


# The staff's editor ---------------------------------------------------------------------------

def _pathway(pathway_id: int):
    pathway = db.session.get(Pathway, pathway_id)
    if pathway is None:
        abort(404)
    return pathway


def _editor(form, pathway=None, *, status=200, preview=None, conflict=None):
    return render_template("pathways/manage/edit.html", form=form, pathway=pathway,
                           preview=preview, conflict=conflict,
                           communes=territory_communes()), status


@bp.get("/moderation/parcours/")
@staff_only
def manage():
    return render_template("pathways/manage/index.html", pathways=queries.all_pathways())


@bp.route("/moderation/parcours/nouveau", methods=["GET", "POST"])
@staff_only
def new():
    if request.method == "GET":
        return _editor(form_for(None))
    form = form_for(None, request.form)
    if not form.validate():
        return _editor(form, status=422)
    if request.form.get("action") == "preview":
        return _editor(form, preview=_preview(form))
    pathway = operations.create(form.data_dict(), current_user)
    db.session.commit()
    flash("Le parcours est créé.", "success")
    return redirect(url_for(".edit", pathway_id=pathway.id))


def _preview(form, pathway=None):
    """The page as it would read once saved (nothing is written)."""
    data = form.data_dict()
    draft = Pathway(**{k: v for k, v in data.items() if k != "steps"}, steps=[])
    return queries.pathway_page(pathway or draft, None, steps=data["steps"]), draft


@bp.route("/moderation/parcours/<int:pathway_id>/modifier", methods=["GET", "POST"])
@staff_only
def edit(pathway_id: int):
    pathway = _pathway(pathway_id)
    base = PathwayRevision.current_number(pathway.id)
    if request.method == "GET":
        return _editor(form_for(pathway, base=base), pathway)
    form = form_for(pathway, request.form)
    if not form.validate():
        return _editor(form, pathway, status=422)
    if request.form.get("action") == "preview":
        page, draft = _preview(form)
        return _editor(form, pathway, preview=(page, draft))
    try:
        base = int(form.base_revision.data or 0)
        operations.update(pathway, form.data_dict(), current_user, base)
    except StaleEdit as conflict:
        db.session.rollback()
        form.base_revision.data = str(conflict.current_number)
        return _editor(form, pathway, status=409, conflict=conflict)
    db.session.commit()
    flash("Le parcours est enregistré.", "success")
    return redirect(url_for(".edit", pathway_id=pathway.id))


@bp.get("/moderation/parcours/<int:pathway_id>/historique")
@staff_only
def history(pathway_id: int):
    pathway = _pathway(pathway_id)
    rows = display.history_rows(queries.history(pathway))
    return render_template("pathways/manage/history.html", pathway=pathway, rows=rows)


@bp.post("/moderation/parcours/<int:pathway_id>/archiver")
@staff_only
def archive(pathway_id: int):
    pathway = _pathway(pathway_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if pathway.archived_at is None:
        operations.archive(pathway, current_user)
        flash("Le parcours est archivé : il n'est plus visible.", "success")
    else:
        operations.restore(pathway, current_user)
        flash("Le parcours est rétabli.", "success")
    db.session.commit()
    return redirect(url_for(".manage"))
