"""The staff's accounts pages: find an account, its role and memberships, the account log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.accounts import audit
from directory.accounts.models import ROLE_LABELS, Role, User
from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import db
from directory.listings import accounts_admin as admin
from directory.listings.forms.staff import NO_ROLE, DeactivateForm, RoleForm, StaffInviteForm
from directory.listings.models.membership import Membership

bp = Blueprint("staff_accounts", __name__, url_prefix="/moderation/comptes")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/")
@staff_only
def index():
    args = request.args
    page = admin.search_accounts(args.get("q", ""), args.get("role", ""), args.get("etat", ""),
                                 args.get("page", 1, type=int))
    return render_template("staff/accounts.html", result=page, args=args,
                           role_labels=ROLE_LABELS, roles=list(Role), role_label=admin.role_label)


def _render_account(user: User, *, role_form=None, deactivate_form=None, error=None,
                    status=200):
    if role_form is None:
        role_form = RoleForm(formdata=None, role=user.role or NO_ROLE)
    return render_template(
        "staff/account.html", user=user, memberships=admin.all_memberships(user),
        role_form=role_form, deactivate_form=deactivate_form or DeactivateForm(formdata=None),
        log=audit.log_of(user), role_label=admin.role_label, error=error,
    ), status


@bp.route("/<int:user_id>")
@staff_only
def account(user_id: int):
    return _render_account(_user(user_id))


@bp.post("/<int:user_id>/role")
@staff_only
def role(user_id: int):
    user = _user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _render_account(user, role_form=form, status=422)
    try:
        admin.change_role(user, None if form.role.data == NO_ROLE else form.role.data,
                          current_user)
    except admin.AccountRefused as error:
        db.session.rollback()
        form.role.errors = [str(error)]
        return _render_account(user, role_form=form, status=403)
    db.session.commit()
    flash(f"Rôle de {user.display_name} : {admin.role_label(user.role)}.", "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/<int:user_id>/desactiver")
@staff_only
def deactivate(user_id: int):
    user = _user(user_id)
    form = DeactivateForm()
    if not form.validate_on_submit():
        return _render_account(user, deactivate_form=form, status=422)
    try:
        admin.deactivate(user, current_user, form.reason.data)
    except admin.AccountRefused as error:
        db.session.rollback()
        form.reason.errors = [str(error)]
        return _render_account(user, deactivate_form=form, status=403)
    db.session.commit()
    flash(f"Le compte de {user.display_name} est désactivé : ses sessions et ses liens ne "
          "fonctionnent plus.", "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/<int:user_id>/reactiver")
@staff_only
def reactivate(user_id: int):
    user = _user(user_id)
    try:
        admin.reactivate(user, current_user)
    except admin.AccountRefused as error:
        db.session.rollback()
        return _render_account(user, error=str(error), status=403)
    db.session.commit()
    flash(f"Le compte de {user.display_name} est réactivé.", "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.post("/adhesions/<int:membership_id>/retirer")
@staff_only
def remove_membership(membership_id: int):
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        abort(404)
    admin.remove_membership(membership, current_user)
    db.session.commit()
    flash(f"{membership.user.display_name} ne gère plus la fiche « "
          f"{membership.organization.nom} ».", "success")
    return redirect(url_for(".account", user_id=membership.user_id))


@bp.route("/inviter", methods=["GET", "POST"])
@staff_only
def invite():
    form = StaffInviteForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/invite.html", form=form), status
    try:
        user, created = admin.invite_staff(form.email.data, form.name.data, form.role.data,
                                           current_user)
    except admin.AccountRefused as error:
        db.session.rollback()
        form.email.errors = [str(error)]
        return render_template("staff/invite.html", form=form), 422
    admin.send_staff_invitation(user, current_user)
    db.session.commit()
    flash(f"{user.email} a reçu son invitation ({admin.role_label(user.role)}).", "success")
    return redirect(url_for(".account", user_id=user.id))


@bp.route("/journal")
@staff_only
def log():
    return render_template("staff/log.html", log=audit.log_of(limit=500))
