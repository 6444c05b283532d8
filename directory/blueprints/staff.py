"""The staff's home (/moderation/): what waits, every staff tool, how each one is told."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import db
from directory.staff import notifications, queries
from directory.staff.forms import NotifyForm

bp = Blueprint("staff", __name__, url_prefix="/moderation")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _home(form: NotifyForm, status: int = 200):
    return render_template(
        "staff/home.html", waiting=queries.waiting(), form=form,
        has_indicators="observatory.index" in current_app.view_functions,
    ), status


@bp.get("/")
@staff_only
def home():
    return _home(NotifyForm(formdata=None, notify=notifications.notify_choice(current_user)))


@bp.post("/courriels")
@staff_only
def notify():
    form = NotifyForm()
    if not form.validate_on_submit():
        return _home(form, 422)
    notifications.set_notify_choice(current_user, form.notify.data)
    db.session.commit()
    flash("Votre choix est enregistré.", "success")
    return redirect(url_for(".home", _anchor="courriels"))
