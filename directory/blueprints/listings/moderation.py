"""The staff's moderation pages: the queue, decisions (mailed with their reason), trust, restore."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.forms import ConfirmForm
from directory.accounts.permissions import can_moderate, permission_required
from directory.blueprints.staff import render_queue
from directory.core.extensions import db
from directory.listings import display as listing_display
from directory.listings import mails, moderation, revisions
from directory.listings import operations as organizations
from directory.listings.forms.moderation import (
    CloseReportForm,
    DecisionForm,
    ListingDecisionForm,
)
from directory.listings.models.moderation import Claim, ErrorReport, ReviewState
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionState
from directory.taxonomy.vocabularies import Status

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _get(model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None:
        abort(404)
    return item


@bp.get("/file")
@staff_only
def queue():
    return render_queue()


# New listings ---------------------------------------------------------------------------------


@bp.route("/fiches/<int:org_id>", methods=["GET", "POST"])
@staff_only
def listing(org_id: int):
    org = _get(Organization, org_id)
    if org.status != Status.DRAFT or org.archived_at is not None or org.changes_requested_at:
        abort(404)
    form = ListingDecisionForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        changes = listing_display.diff(None, revisions.snapshot_of(org))
        return render_template("listings/moderation/listing.html", org=org, form=form,
                               changes=changes), status
    # An imported listing has no author: tell the people who claimed it instead.
    author = organizations.creator(org) or next(iter(organizations.members(org)), None)
    if form.request_changes.data:
        organizations.request_changes(org, current_user, form.reason.data)
        mails.send_listing_changes_requested(org, author, form.reason.data)
        db.session.commit()
        flash(f"La demande de modification de « {org.nom} » est envoyée.", "success")
    elif form.accept.data:
        organizations.publish(org, current_user)
        mails.send_listing_decision(org, author, accepted=True, reason=form.reason.data)
        db.session.commit()
        flash(f"« {org.nom} » est publiée.", "success")
    else:
        organizations.archive(org, current_user, form.reason.data)
        mails.send_listing_decision(org, author, accepted=False, reason=form.reason.data)
        db.session.commit()
        flash(f"« {org.nom} » est refusée et archivée.", "info")
    return redirect(url_for(".queue"))


@bp.post("/fiches/<int:org_id>/confiance")
@staff_only
def trust(org_id: int):
    org = _get(Organization, org_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    organizations.set_trusted(org, not org.trusted)
    db.session.commit()
    if org.trusted:
        flash(f"Les modifications de « {org.nom} » seront publiées directement.", "success")
    else:
        flash(f"Les modifications de « {org.nom} » passeront par la modération.", "info")
    return redirect(url_for("manage.history", slug=org.slug))


@bp.post("/fiches/<int:org_id>/archiver")
@staff_only
def archive(org_id: int):
    """Take a listing out of the directory; it stays in the database with its history."""
    org = _get(Organization, org_id)
    if org.archived_at is not None:
        abort(404)
    form = CloseReportForm()
    if not form.validate_on_submit():
        abort(400)
    organizations.archive(org, current_user, form.reason.data)
    db.session.commit()
    flash(f"« {org.nom} » est archivée : elle n'apparaît plus dans l'annuaire.", "info")
    return redirect(url_for(".queue"))


# Pending changes ------------------------------------------------------------------------------


@bp.route("/modifications/<int:revision_id>", methods=["GET", "POST"])
@staff_only
def change(revision_id: int):
    revision = _get(Revision, revision_id)
    org = revision.organization
    if revision.state != RevisionState.PENDING or org.archived_at is not None:
        abort(404)
    form = ListingDecisionForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        base = revisions.snapshot_at(org, revision.base_number)
        return render_template(
            "listings/moderation/change.html", revision=revision, org=org, form=form,
            changes=listing_display.diff(base, revision.snapshot),
            outdated=revision.base_number != revisions.current_number(org),
        ), status
    author = revision.author
    if form.request_changes.data:
        revisions.request_changes(revision, current_user, form.reason.data)
        mails.send_change_changes_requested(org, author, form.reason.data)
        db.session.commit()
        flash("La demande de modification est envoyée à son auteur.", "success")
    elif form.accept.data:
        revisions.accept(revision, current_user)
        mails.send_change_decision(org, author, accepted=True, reason=form.reason.data)
        db.session.commit()
        flash("La modification est publiée.", "success")
    else:
        revisions.refuse(revision, current_user, form.reason.data)
        mails.send_change_decision(org, author, accepted=False, reason=form.reason.data)
        db.session.commit()
        flash("La modification est refusée.", "info")
    return redirect(url_for(".queue"))


@bp.post("/revisions/<int:revision_id>/restaurer")
@staff_only
def restore(revision_id: int):
    revision = _get(Revision, revision_id)
    if revision.state != RevisionState.APPLIED or revision.organization.archived_at is not None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    revisions.restore(revision, current_user)
    db.session.commit()
    flash(f"La version n° {revision.number} est restaurée.", "success")
    return redirect(url_for("manage.history", slug=revision.organization.slug))


# Claims and error reports ---------------------------------------------------------------------


@bp.post("/revendications/<int:claim_id>")
@staff_only
def claim(claim_id: int):
    item = _get(Claim, claim_id)
    if item.state != ReviewState.PENDING:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_queue(422, form=form, failed=("claim", item.id))
    if form.accept.data:
        moderation.accept_claim(item, current_user)
    else:
        moderation.refuse_claim(item, current_user, form.reason.data)
    mails.send_claim_decision(item, accepted=form.accept.data, reason=form.reason.data)
    db.session.commit()
    flash("Décision enregistrée et envoyée par courriel.", "success")
    return redirect(url_for(".queue"))


@bp.post("/signalements/<int:report_id>")
@staff_only
def report(report_id: int):
    item = _get(ErrorReport, report_id)
    if item.state != ReviewState.PENDING:
        abort(404)
    form = CloseReportForm()
    if not form.validate_on_submit():
        return render_queue(422, close_form=form)
    moderation.close_report(item, current_user, form.reason.data)
    mails.send_report_closed(item, reason=form.reason.data)
    db.session.commit()
    flash("Signalement traité.", "success")
    return redirect(url_for(".queue"))
