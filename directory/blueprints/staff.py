"""The staff's home (/moderation/): what waits, every staff tool, how each one is told."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import db
from directory.core.text import french_order
from directory.listings import queries as listing_queries
from directory.listings.forms.moderation import CloseReportForm, DecisionForm
from directory.staff import notifications, operations, queries
from directory.staff.forms import BulkDecisionForm, NotifyForm

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


# The queue ----------------------------------------------------------------------------------


def render_queue(status: int = 200, *, bulk_form=None, form=None, close_form=None,
                 failed=None):
    """The queue page with the filters of the request; also re-rendered, with the error at
    its top, when a decision posted from it fails validation."""
    filters = queries.QueueFilters.from_args(request.args)
    queue = queries.staff_queue(filters)
    return render_template(
        "staff/queue.html", queue=queue, filters=filters,
        imported=queries.imported_ids([o.id for o in queue.listings.items]),
        kinds=queries.KINDS, ages=queries.AGES, origins=queries.ORIGINS,
        communes=listing_queries.territory_communes(),
        themes=sorted(listing_queries.all_themes().values(),
                      key=lambda t: french_order(t.full_name)),
        bulk_form=bulk_form or BulkDecisionForm(formdata=None),
        form=form or DecisionForm(formdata=None),
        close_form=close_form or CloseReportForm(formdata=None), failed=failed,
    ), status


@bp.post("/file/decisions")
@staff_only
def bulk():
    form = BulkDecisionForm()
    items = operations.parse_items(request.form.getlist("item"))
    if not form.validate_on_submit():
        return render_queue(422, bulk_form=form)
    if not items:
        form.reason.errors = list(form.reason.errors) + [
            "Cochez au moins un élément de la file."]
        return render_queue(422, bulk_form=form)
    result = operations.decide_many(items, form.decision, current_user, form.reason.data)
    db.session.commit()
    count = len(result.decided)
    plural = "s" if count > 1 else ""
    done = {operations.ACCEPT: f"accepté{plural}", operations.REFUSE: f"refusé{plural}",
            operations.REQUEST_CHANGES: f"renvoyé{plural} à "
            f"{'leurs auteurs' if plural else 'son auteur'} avec la demande de modification",
            }[form.decision]
    flash(f"{count} élément{plural} {done}.", "success")
    if result.skipped:
        several = result.skipped > 1
        flash(f"{result.skipped} n'attendai{'en' if several else ''}t plus de décision (déjà "
              f"traité{'s' if several else ''}) : rien n'a changé pour "
              f"{'eux' if several else 'lui'}.", "info")
    kept = {key: value for key, value in request.args.items() if key != "cocher"}
    return redirect(url_for("moderation.queue", **kept))
