"""Members keep their listing up to date: edit, activities, addresses, contacts, claims.

Members keep their listing up to date: edit, activities, addresses, contacts, confirm, history,
claim, report errors.

Views follow one pattern: load (404), check permission (403), validate (422, typed values kept),
call one operation, commit once, redirect. A save made from an out-of-date version answers 409
with what the other person changed, and the form carries the new version so it can be merged.
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
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from directory.accounts.forms import ConfirmForm
from directory.accounts.permissions import can_edit, can_moderate
from directory.blueprints.listings import editable_listing, listing_or_404
from directory.core import uploads
from directory.core.extensions import db, limiter
from directory.listings import display as listing_display
from directory.listings import logos, moderation, revisions, rna_drafts
from directory.listings import mails as listing_mails
from directory.listings import operations as organizations
from directory.listings.forms.moderation import ClaimForm, ReportForm
from directory.listings.forms.organization import (
    ContactForm,
    OrganizationForm,
    PlaceForm,
    ServiceForm,
)
from directory.listings.forms.rna_claim import NewOrganizationForm
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionState
from directory.listings.models.service import Service
from directory.taxonomy.vocabularies import Status

bp = Blueprint("manage", __name__)


def _report_limit() -> str:
    """For the forms that mail someone else: error reports and claims."""
    return current_app.config.get("REPORT_RATELIMIT", "5/hour")


def _public(slug: str) -> Organization:
    org = listing_or_404(slug)
    if org.status != Status.PUBLISHED:
        abort(404)
    return org


def _claimable(slug: str) -> Organization:
    """Published listings, and the drafts imported from the national register that no one
    manages yet (other drafts stay hidden)."""
    org = listing_or_404(slug)
    if (org.status != Status.PUBLISHED and current_user.membership_of(org) is None
            and not rna_drafts.is_claimable(org)):
        abort(404)
    return org


def _saved(org: Organization, revision: Revision | None):
    if revision is None:
        flash("Aucun changement : la fiche est restée telle quelle.", "info")
    elif revision.state == RevisionState.PENDING:
        flash("Merci ! Votre modification sera publiée après validation par l'intercommunalité.",
              "info")
    else:
        flash("Modification enregistrée.", "success")
    return redirect(url_for(".edit", slug=org.slug))


# My listings and new listings -----------------------------------------------------------------


@bp.get("/gestion/")
@login_required
def index():
    return render_template("listings/manage/index.html", organizations=current_user.organizations)


@bp.route("/gestion/nouvelle", methods=["GET", "POST"])
@login_required
def new():
    form = NewOrganizationForm()
    if not form.validate_on_submit():
        form.store_logo()  # a refused form shown again keeps a checked logo
        status = 422 if form.is_submitted() else 200
        return render_template("listings/manage/new.html", form=form), status
    if not form.store_logo():  # the server could not write it: the form comes back
        return render_template("listings/manage/new.html", form=form), 503
    org = organizations.create_listing(current_user, form.snapshot_part(), form.comment.data)
    db.session.commit()
    flash("Votre fiche est enregistrée. Elle sera publiée après validation par "
          "l'intercommunalité ; vous pouvez la compléter en attendant.", "success")
    return redirect(url_for(".edit", slug=org.slug))


@bp.get("/logos/<name>")
def logo(name: str):
    """Logos are stored by content hash: the URL changes with the picture, so cache for long."""
    if not logos.is_logo_name(name):
        abort(404)
    return uploads.send(name, "image/png")


# Editing --------------------------------------------------------------------------------------


def _render_edit(org, form, status=200, conflict=None, unsaved=None):
    return render_template(
        "listings/manage/edit.html",
        org=org,
        form=form,
        unsaved=unsaved,
        services=[s for s in org.services if s.archived_at is None],
        places=sorted(org.places, key=lambda p: p.id),
        contacts=revisions.snapshot_of(org)["contacts"],
        pending=revisions.pending_for(org),
        confirm_form=ConfirmForm(),
        conflict=conflict,
    ), status


def _save_and_commit(org: Organization, proposed: dict, form) -> Revision | None:
    """Save and commit; raises StaleEdit when someone saved first, even at the same instant.

    Two saves from the same version both take its number + 1: the unique constraint lets one
    in, and the other becomes a conflict like any other.
    """
    base = form.base_number
    try:
        revision = revisions.save(org, current_user, proposed, base, form.comment.data)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if revisions.current_number(org) == base:
            raise
        raise revisions.stale(org, base) from None
    return revision


def _conflict(error: revisions.StaleEdit, changed: dict | None):
    """What the template shows beside each field the other person changed."""
    shown = None
    if changed is not None:
        shown = {name: listing_display.display(name, value) for name, value in changed.items()}
    return {"fields": shown, "since": error.since}


@bp.route("/gestion/<slug>", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    org = editable_listing(slug)
    if request.method == "GET":
        snapshot = revisions.snapshot_of(org)
        data = {**snapshot["fields"], **{r: snapshot[r] for r in revisions.RELATIONS}}
        form = OrganizationForm(data=OrganizationForm.data_from(data), organization=org,
                                base_revision=str(revisions.current_number(org)))
        return _render_edit(org, form)
    form = OrganizationForm(organization=org)
    if not form.validate_on_submit():
        form.store_logo()  # a refused form shown again keeps a checked logo
        return _render_edit(org, form, 422)
    if not form.store_logo():  # the server could not write it: the form comes back
        return _render_edit(org, form, 503)
    proposed = organizations.with_fields(org, form.snapshot_part())
    try:
        revision = _save_and_commit(org, proposed, form)
    except revisions.StaleEdit as error:
        form.base_revision.data = str(error.current_number)
        changed = revisions.changed_fields(error.base, error.current)
        return _render_edit(org, form, 409, _conflict(error, changed))
    return _saved(org, revision)


@bp.post("/gestion/<slug>/confirmer")
@login_required
def confirm(slug: str):
    org = editable_listing(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if "nom" in request.form:
        # The button sends the edit form along: what was typed there is never thrown away.
        form = OrganizationForm(organization=org)
        edited = form.edited_fields(revisions.snapshot_of(org))
        if edited:
            form.validate()
            form.store_logo()
            return _render_edit(org, form, 409, unsaved=edited)
    revisions.confirm(org, current_user)
    db.session.commit()
    flash("Merci ! La fiche est confirmée à jour.", "success")
    return redirect(url_for(".edit", slug=org.slug))


def _service(org: Organization, service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or service.organization_id != org.id or service.archived_at is not None:
        abort(404)
    return service


def _render_service(org, form, service=None, status=200, conflict=None):
    return render_template(
        "listings/manage/service.html", org=org, form=form, service=service, conflict=conflict
    ), status


@bp.route("/gestion/<slug>/activites/nouvelle", methods=["GET", "POST"])
@login_required
def new_service(slug: str):
    org = editable_listing(slug)
    form = ServiceForm(base_revision=str(revisions.current_number(org)), organization=org)
    if not form.validate_on_submit():
        return _render_service(org, form, status=422 if form.is_submitted() else 200)
    proposed = organizations.with_service(org, None, form.snapshot_part())
    # Adding never overwrites anything: it starts from the current version whatever happened.
    revision = revisions.save(org, current_user, proposed, revisions.current_number(org),
                              form.comment.data)
    db.session.commit()
    return _saved(org, revision)


@bp.route("/gestion/<slug>/activites/<int:service_id>", methods=["GET", "POST"])
@login_required
def edit_service(slug: str, service_id: int):
    org = editable_listing(slug)
    service = _service(org, service_id)
    if request.method == "GET":
        data = revisions.service_snapshot(service)
        form = ServiceForm(data=data, base_revision=str(revisions.current_number(org)),
                           organization=org)
        return _render_service(org, form, service)
    form = ServiceForm(organization=org)
    if not form.validate_on_submit():
        return _render_service(org, form, service, 422)
    proposed = organizations.with_service(org, service.id, form.snapshot_part())
    try:
        revision = _save_and_commit(org, proposed, form)
    except revisions.StaleEdit as error:
        form.base_revision.data = str(error.current_number)
        changed = revisions.changed_service_fields(error.base, error.current, service.id)
        return _render_service(org, form, service, 409, _conflict(error, changed))
    return _saved(org, revision)


@bp.post("/gestion/<slug>/activites/<int:service_id>/archiver")
@login_required
def archive_service(slug: str, service_id: int):
    org = editable_listing(slug)
    service = _service(org, service_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    proposed = organizations.without_service(org, service.id)
    revision = revisions.save(org, current_user, proposed, revisions.current_number(org),
                              f"Activité « {service.nom} » archivée")
    db.session.commit()
    return _saved(org, revision)


# Addresses and contacts ---------------------------------------------------------------------
# Same pattern as activities; what differs is named in ITEM_VIEWS.

ITEM_VIEWS = {
    "places": {"form": PlaceForm, "template": "listings/manage/place.html",
               "removed": "Adresse « {} » retirée"},
    "contacts": {"form": ContactForm, "template": "listings/manage/contact.html",
                 "removed": "Contact « {} » retiré"},
}


def _item(org: Organization, key: str, item_id: int) -> dict:
    """The item as the listing's current snapshot has it (404 when not on this listing)."""
    item = next((i for i in revisions.snapshot_of(org)[key] if i["id"] == item_id), None)
    if item is None:
        abort(404)
    return item


def _item_form(org, key, **kwargs):
    form_class = ITEM_VIEWS[key]["form"]
    if form_class is ContactForm:
        kwargs["organization"] = org
    return form_class(**kwargs)


def _render_item(org, key, form, item=None, status=200, conflict=None):
    return render_template(ITEM_VIEWS[key]["template"], org=org, form=form, item=item,
                           conflict=conflict), status


def _new_item(slug: str, key: str):
    org = editable_listing(slug)
    form = _item_form(org, key, base_revision=str(revisions.current_number(org)))
    if not form.validate_on_submit():
        return _render_item(org, key, form, status=422 if form.is_submitted() else 200)
    proposed = organizations.with_item(org, key, None, form.snapshot_part())
    # Adding never overwrites anything: it starts from the current version whatever happened.
    revision = revisions.save(org, current_user, proposed, revisions.current_number(org),
                              form.comment.data)
    db.session.commit()
    return _saved(org, revision)


def _edit_item(slug: str, key: str, item_id: int):
    org = editable_listing(slug)
    item = _item(org, key, item_id)
    if request.method == "GET":
        data = {n: ("" if v is None else v) for n, v in item.items()}
        form = _item_form(org, key, data=data, base_revision=str(revisions.current_number(org)))
        return _render_item(org, key, form, item)
    form = _item_form(org, key)
    if not form.validate_on_submit():
        return _render_item(org, key, form, item, 422)
    proposed = organizations.with_item(org, key, item_id, form.snapshot_part())
    try:
        revision = _save_and_commit(org, proposed, form)
    except revisions.StaleEdit as error:
        form.base_revision.data = str(error.current_number)
        changed = revisions.changed_service_fields(error.base, error.current, item_id, key)
        return _render_item(org, key, form, item, 409, _conflict(error, changed))
    return _saved(org, revision)


def _remove_item(slug: str, key: str, item_id: int):
    org = editable_listing(slug)
    item = _item(org, key, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    proposed = organizations.without_item(org, key, item_id)
    name = item.get("label") or item.get("name") or item.get("adresse")
    revision = revisions.save(org, current_user, proposed, revisions.current_number(org),
                              ITEM_VIEWS[key]["removed"].format(name))
    db.session.commit()
    return _saved(org, revision)


@bp.route("/gestion/<slug>/adresses/nouvelle", methods=["GET", "POST"])
@login_required
def new_place(slug: str):
    return _new_item(slug, "places")


@bp.route("/gestion/<slug>/adresses/<int:place_id>", methods=["GET", "POST"])
@login_required
def edit_place(slug: str, place_id: int):
    return _edit_item(slug, "places", place_id)


@bp.post("/gestion/<slug>/adresses/<int:place_id>/retirer")
@login_required
def remove_place(slug: str, place_id: int):
    return _remove_item(slug, "places", place_id)


@bp.route("/gestion/<slug>/contacts/nouveau", methods=["GET", "POST"])
@login_required
def new_contact(slug: str):
    return _new_item(slug, "contacts")


@bp.route("/gestion/<slug>/contacts/<int:contact_id>", methods=["GET", "POST"])
@login_required
def edit_contact(slug: str, contact_id: int):
    return _edit_item(slug, "contacts", contact_id)


@bp.post("/gestion/<slug>/contacts/<int:contact_id>/retirer")
@login_required
def remove_contact(slug: str, contact_id: int):
    return _remove_item(slug, "contacts", contact_id)


# History --------------------------------------------------------------------------------------


def history_entries(org: Organization) -> list[dict]:
    """Each revision with its differences from the state it followed."""
    entries = []
    items = list(db.session.scalars(Revision.history(org)))
    by_number = {r.number: r for r in items if r.number is not None}
    for revision in items:
        if revision.state == RevisionState.APPLIED:
            previous = by_number.get((revision.number or 0) - 1)
        else:
            previous = by_number.get(revision.base_number or 1)
        changes = ([] if previous is None
                   else listing_display.diff(previous.snapshot, revision.snapshot))
        entries.append({"revision": revision, "changes": changes})
    return entries


@bp.get("/annuaire/<slug>/historique")
@login_required
def history(slug: str):
    org = db.session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()
    # Archived listings keep their history, for the staff.
    if org is None or (org.archived_at is not None and not can_moderate(current_user)):
        abort(404)
    if not can_edit(current_user, org):
        abort(403)
    return render_template(
        "listings/manage/history.html",
        org=org,
        entries=history_entries(org),
        current=revisions.current_number(org),
        restore_form=ConfirmForm() if can_moderate(current_user) else None,
    )


# Claims ---------------------------------------------------------------------------------------


@bp.route("/annuaire/<slug>/revendiquer", methods=["GET", "POST"])
@login_required
@limiter.limit(_report_limit, methods=["POST"])
def claim(slug: str):
    org = _claimable(slug)
    if current_user.membership_of(org) is not None:
        flash("Vous gérez déjà cette fiche.", "info")
        return redirect(url_for(".edit", slug=org.slug))
    form = ClaimForm()
    matches = moderation.email_matches(org, current_user)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        page = render_template("listings/manage/claim.html", org=org, form=form, matches=matches)
        return page, status
    item = moderation.claim(org, current_user, form.message.data)
    if matches:
        listing_mails.send_claim_link(item)
    db.session.commit()
    return render_template("listings/manage/claim_sent.html", org=org, matches=matches)


@bp.route("/annuaire/<slug>/revendiquer/<token>", methods=["GET", "POST"])
@login_required
def confirm_claim(slug: str, token: str):
    org = _public(slug)
    item = moderation.claim_from_token(token)
    if item is None or item.organization_id != org.id:
        return render_template("listings/manage/claim_invalid.html", org=org), 400
    if item.user_id != current_user.id:
        abort(403)  # the link proves the address, not who opened it
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("listings/manage/claim_confirm.html", org=org, form=form)
    moderation.confirm_claim_by_email(item)
    db.session.commit()
    flash(f"Vous gérez maintenant la fiche « {org.nom} ».", "success")
    return redirect(url_for(".edit", slug=org.slug))


# Error reports --------------------------------------------------------------------------------


@bp.route("/annuaire/<slug>/signaler", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report(slug: str):
    org = _public(slug)
    form = ReportForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("listings/manage/report.html", org=org, form=form), status
    if not form.is_robot:  # a robot gets the same thank-you page, and nothing is kept
        item = moderation.report_error(org, form.message.data, form.email.data)
        listing_mails.send_error_report(item, org)
        db.session.commit()
    return render_template("listings/manage/report_sent.html", org=org)
