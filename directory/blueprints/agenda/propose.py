"""The public proposal form: propose an event without an account, confirm it, manage it.

The public proposal form: an organisation without an account proposes an event, confirms it
through a mailed link, and later edits or cancels it through a personal link.

The form has a hidden trap field (a robot gets the same « check your mail » page, and nothing
is kept) and a rate limit on POST. Links open a page with a button: mail scanners that follow
links do not confirm or change anything.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address

from directory.accounts.forms import ConfirmForm
from directory.accounts.models import normalize_email
from directory.agenda import operations as events
from directory.agenda import proposal_tokens
from directory.agenda import proposals as event_proposals
from directory.agenda.forms.event import EventForm
from directory.agenda.forms.proposal import ManageEventForm, ProposalForm, WithdrawForm
from directory.agenda.mails import send_proposal_confirmation
from directory.core.extensions import db, limiter
from directory.taxonomy.vocabularies import ModerationState

bp = Blueprint("agenda_propose", __name__, url_prefix="/agenda/proposer")


def _limit() -> str:
    return current_app.config.get("PROPOSE_RATELIMIT", "5/hour")


def _email_key() -> str:
    """Per typed address too: nobody floods someone else's mailbox from many IP addresses."""
    email = normalize_email(request.form.get("email", ""))
    return f"propose:{email}" if email else get_remote_address()


def _link_error(error: proposal_tokens.LinkError):
    return render_template("agenda/propose/link_invalid.html",
                           expired=error.kind == proposal_tokens.EXPIRED), 400


def _accepted(response) -> bool:
    """Only a proposal that went through counts against the limit, not a form sent back."""
    return response.status_code == 200


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=_accepted)
@limiter.limit(_limit, methods=["POST"], key_func=_email_key, scope="propose-email",
               deduct_when=_accepted)
def new():
    form = ProposalForm()
    if form.is_submitted() and form.is_robot:
        # Checked before validating: a robot's upload is not even stored.
        return render_template("agenda/propose/sent.html")
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("agenda/propose/new.html", form=form), status
    if not form.store_image():  # the server could not write it: the form comes back
        return render_template("agenda/propose/new.html", form=form), 503
    proposal = event_proposals.propose(form.email.data, form.chosen_organization(),
                                       form.organization_name.data, form.event_data())
    send_proposal_confirmation(proposal)
    db.session.commit()
    return render_template("agenda/propose/sent.html")


@bp.errorhandler(429)
def too_many(error):
    """Over the limit: the form comes back with what was typed (a file is to choose again)."""
    if request.endpoint != "agenda_propose.new":
        return render_template("errors/error.html", title="Trop de tentatives",
                               message="Merci de patienter avant de réessayer."), 429
    return render_template("agenda/propose/new.html", form=ProposalForm(), limited=True), 429


@bp.route("/confirmer/<token>", methods=["GET", "POST"])
def confirm(token: str):
    try:
        proposal = proposal_tokens.proposal_to_confirm(token)
    except proposal_tokens.LinkError as error:
        return _link_error(error)
    if proposal.confirmed_at is not None:
        return render_template("agenda/propose/already_confirmed.html", proposal=proposal)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("agenda/propose/confirm.html", proposal=proposal, form=form)
    event_proposals.confirm(proposal)
    db.session.commit()  # the moderation's mail (with the management link) leaves now
    return render_template("agenda/propose/confirmed.html", proposal=proposal)


def _manage_page(proposal, form, status=200, conflict=None):
    return render_template("agenda/propose/manage.html", proposal=proposal,
                           event=proposal.event, form=form, cancel_form=WithdrawForm(),
                           conflict=conflict), status


@bp.route("/gerer/<token>", methods=["GET", "POST"])
def manage(token: str):
    try:
        proposal = proposal_tokens.proposal_to_manage(token)
    except proposal_tokens.LinkError as error:
        return _link_error(error)
    event = proposal.event
    if request.method != "POST":
        form = ManageEventForm(data=EventForm.data_from(event), organization=event.organization,
                               event=event)
        form.base_version.data = str(events.current_number(event))
        form.read_dates()
        return _manage_page(proposal, form)
    form = ManageEventForm(organization=event.organization, event=event)
    if not form.validate():
        return _manage_page(proposal, form, 422)
    state_before = event.moderation_state
    if not form.store_image():  # the server could not write it: the form comes back
        return _manage_page(proposal, form, 503)
    try:
        event_proposals.edit(proposal, form.event_data(), base=form.base_number)
    except events.StaleEdit as error:
        db.session.rollback()
        form.base_version.data = str(error.current_number)
        return _manage_page(proposal, form, 409, conflict=error)
    db.session.commit()
    if event.moderation_state == ModerationState.SUBMITTED and \
            state_before != ModerationState.SUBMITTED:
        flash("Modification enregistrée. L'événement sera de nouveau visible dans l'agenda "
              "après validation par l'intercommunalité.", "info")
    else:
        flash("Modification enregistrée.", "success")
    return redirect(url_for(".manage", token=token))


@bp.post("/gerer/<token>/annuler")
def cancel(token: str):
    try:
        proposal = proposal_tokens.proposal_to_manage(token)
    except proposal_tokens.LinkError as error:
        return _link_error(error)
    form = WithdrawForm()
    if not form.validate_on_submit():
        edit_form = ManageEventForm(data=EventForm.data_from(proposal.event),
                                    organization=proposal.event.organization,
                                    event=proposal.event)
        edit_form.read_dates()
        return render_template("agenda/propose/manage.html", proposal=proposal,
                               event=proposal.event, form=edit_form, cancel_form=form), 422
    event = event_proposals.cancel(proposal, form.note.data)
    db.session.commit()
    if event.archived_at is not None:
        return render_template("agenda/propose/withdrawn.html", event=event)
    flash("L'événement est annoncé comme annulé dans l'agenda.", "success")
    return redirect(url_for(".manage", token=token))
