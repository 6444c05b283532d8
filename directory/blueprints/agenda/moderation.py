"""The staff's review of a submitted event, with its clashes and history, and the decision.

The staff's review of submitted events: the event in full, its clashes and history, and the
decision (publish, ask for a change, refuse with a reason), mailed to the submitter.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate, permission_required
from directory.agenda import display as event_display
from directory.agenda import moderation as event_moderation
from directory.agenda import operations as events
from directory.agenda import planning
from directory.agenda.forms.moderation import EventDecisionForm
from directory.agenda.models import Event
from directory.core.extensions import db

bp = Blueprint("agenda_moderation", __name__, url_prefix="/moderation/agenda")

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _review_page(event: Event, form: EventDecisionForm, status: int = 200):
    commune = event.commune.slug if event.commune else None
    clashes = planning.clashes(event, commune, [p.slug for p in event.publics],
                               exclude_id=event.id)
    proposal = event_moderation.proposal_of(event)
    snapshot = events.snapshot_of(event)
    shown = {name: event_display.display(name, snapshot) for name in ("rrule", "rdates", "exdates")}
    return render_template(
        "agenda/moderation/review.html", event=event, form=form, clashes=clashes, shown=shown,
        proposal=proposal, submitter=event_moderation.submitter(event),
        history=events.history(event),
    ), status


@bp.route("/<int:event_id>", methods=["GET", "POST"])
@staff_only
def review(event_id: int):
    event = db.session.get(Event, event_id)
    if event is None or event.archived_at is not None:
        abort(404)
    form = EventDecisionForm()
    if not form.is_submitted():
        return _review_page(event, form)
    if not form.validate():
        return _review_page(event, form, 422)
    try:
        if form.publish.data:
            event_moderation.publish(event, current_user, form.message.data or None)
            message = f"« {event.title} » est publié dans l'agenda."
        elif form.request_changes.data:
            event_moderation.request_changes(event, current_user, form.message.data)
            message = f"La demande de modification de « {event.title} » est envoyée."
        else:
            event_moderation.refuse(event, current_user, form.message.data)
            message = f"« {event.title} » est refusé ; le motif est envoyé par courriel."
    except event_moderation.NotSubmitted:
        db.session.rollback()
        flash("Cet événement n'attend plus de décision : quelqu'un l'a déjà traité.", "info")
        return redirect(url_for(".review", event_id=event_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("moderation.queue"))
