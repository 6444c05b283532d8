"""The staff's duplicates, merges (and undoing one) and archived listings pages."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import db
from directory.listings import merges
from directory.listings.forms.staff import MergeForm
from directory.listings.models.merge import ListingMerge
from directory.listings.models.organization import Organization

bp = Blueprint("merges", __name__, url_prefix="/moderation")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


@bp.app_template_global()
def listing_merges(org: Organization) -> list[ListingMerge]:
    """For the history page: the merges this listing took part in."""
    return merges.merges_of(org)


@bp.app_template_global()
def merged_histories(org: Organization):
    """For the history page: the past of the listings merged into this one."""
    return merges.merged_histories(org)


@bp.route("/doublons")
@staff_only
def duplicates():
    return render_template("staff/duplicates.html", pairs=merges.likely_duplicates())


def _org(org_id: int | None) -> Organization:
    org = db.session.get(Organization, org_id) if org_id else None
    if org is None:
        abort(404)
    return org


@bp.post("/doublons/fusionner")
@staff_only
def merge():
    form = MergeForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return render_template("staff/duplicates.html", pairs=merges.likely_duplicates()), 422
    kept, other = _org(form.kept.data), _org(form.other.data)
    try:
        merges.merge(kept, other, current_user)
    except merges.MergeRefused as error:
        db.session.rollback()
        return render_template("staff/duplicates.html", pairs=merges.likely_duplicates(),
                               error=str(error)), 409
    db.session.commit()
    flash(f"« {other.nom} » est fusionnée dans « {kept.nom} ». Vous pouvez annuler la fusion "
          "depuis l'historique.", "success")
    return redirect(url_for("manage.history", slug=kept.slug))


@bp.post("/fusions/<int:merge_id>/annuler")
@staff_only
def undo(merge_id: int):
    record = db.session.get(ListingMerge, merge_id)
    if record is None:
        abort(404)
    try:
        merges.undo(record, current_user)
    except merges.MergeRefused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("manage.history", slug=record.kept.slug)), 409
    db.session.commit()
    flash(f"La fusion est annulée : « {record.merged.nom} » est de nouveau une fiche à part.",
          "success")
    return redirect(url_for("manage.history", slug=record.kept.slug))


@bp.route("/fiches-archivees")
@staff_only
def archived():
    orgs = merges.archived_listings()
    return render_template("staff/archived.html", orgs=orgs,
                           merged={o.id: merges.redirect_target(o) for o in orgs})


@bp.post("/fiches-archivees/<int:org_id>/restaurer")
@staff_only
def restore(org_id: int):
    org = _org(org_id)
    try:
        merges.restore_archived(org, current_user)
    except merges.MergeRefused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".archived")), 409
    db.session.commit()
    state = "publiée" if org.is_published else "en brouillon, dans la file de modération"
    flash(f"« {org.nom} » est restaurée ({state}).", "success")
    return redirect(url_for("manage.history", slug=org.slug))
