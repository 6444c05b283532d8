"""Newsletter pages: subscribe, confirm, change or stop a subscription; staff letters.

Links from mails open a page with a button (mail scanners that follow links confirm or stop
nothing), except the one-click unsubscription of RFC 8058: mail clients POST
`List-Unsubscribe=One-Click` to the URL of the `List-Unsubscribe` header without any CSRF
token, so that one route, and only it, is exempt from CSRF; its signed token is the credential
and it can only stop the subscription it names.
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
from flask_limiter.util import get_remote_address
from flask_login import current_user

from directory.accounts.forms import ConfirmForm
from directory.accounts.models import normalize_email
from directory.accounts.permissions import can_moderate, permission_required
from directory.core.extensions import csrf, db, limiter
from directory.newsletters import jobs as newsletter_jobs
from directory.newsletters import links, mails, operations, queries, tokens
from directory.newsletters.forms import (
    LetterForm,
    ManageForm,
    PreferencesForm,
    SubscribeForm,
    TestSendForm,
)
from directory.newsletters.models import LetterState, Newsletter

bp = Blueprint("newsletters", __name__)

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _limit() -> str:
    return current_app.config["NEWSLETTER_SUBSCRIBE_RATELIMIT"]


def _email_key() -> str:
    """Per typed address too: nobody floods someone else's mailbox from many IP addresses."""
    email = normalize_email(request.form.get("email", ""))
    return f"subscribe:{email}" if email else get_remote_address()


def _link_error(error: tokens.LinkError):
    return render_template("newsletters/link_invalid.html",
                           expired=error.kind == tokens.EXPIRED), 400


@bp.route("/lettre/abonnement", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
@limiter.limit(_limit, methods=["POST"], key_func=_email_key, scope="subscribe-email")
def subscribe():
    form = SubscribeForm()
    if form.is_submitted() and form.is_robot:
        return render_template("newsletters/sent.html")
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("newsletters/subscribe.html", form=form), status
    subscription, outcome = operations.subscribe(form.email.data, form.preferences())
    if outcome == operations.ALREADY:
        mails.send_already_subscribed(subscription)
    else:
        mails.send_confirmation(subscription)
    db.session.commit()
    # The same page whatever the address: it tells nobody who is subscribed.
    return render_template("newsletters/sent.html")


@bp.route("/lettre/confirmer/<token>", methods=["GET", "POST"])
def confirm(token: str):
    try:
        subscription = tokens.subscription_to_confirm(token)
    except tokens.LinkError as error:
        return _link_error(error)
    if subscription is None:
        return _link_error(tokens.LinkError(tokens.INVALID))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("newsletters/confirm.html", form=form)
    was_unsubscribed = subscription.unsubscribed_at is not None
    operations.confirm(subscription)
    db.session.commit()
    flash("Votre abonnement est confirmé." if not was_unsubscribed else
          "Votre abonnement est de nouveau actif.", "success")
    return redirect(url_for(".manage", token=tokens.manage_token(subscription)))


def _manage_page(form, subscription, token, status=200):
    return render_template("newsletters/manage.html", form=form, subscription=subscription,
                           token=token, describe=queries.describe_search,
                           stop_form=ConfirmForm()), status


@bp.route("/lettre/gerer/<token>", methods=["GET", "POST"])
def manage(token: str):
    try:
        subscription = tokens.subscription_to_manage(token)
    except tokens.LinkError as error:
        return _link_error(error)
    if subscription is None:
        return render_template("newsletters/unsubscribed.html")
    # With saved searches, the territory's digest may be turned off.
    form_class = ManageForm if subscription.searches else PreferencesForm
    if request.method != "POST":
        form = form_class(data={
            "frequency": subscription.frequency, "themes": subscription.themes,
            "publics": subscription.publics, "communes": subscription.communes,
            "missions": subscription.missions, "territory": subscription.territory,
        })
        return _manage_page(form, subscription, token)
    form = form_class()
    if not form.validate():
        return _manage_page(form, subscription, token, 422)
    operations.change(subscription, form.preferences())
    db.session.commit()
    flash("Vos choix sont enregistrés.", "success")
    return redirect(url_for(".manage", token=token))


@bp.post("/lettre/gerer/<token>/recherches/<int:search_id>/arreter")
def stop_search(token: str, search_id: int):
    """Stop one saved search's alert from the link of a mail (no sign-in needed)."""
    try:
        subscription = tokens.subscription_to_manage(token)
    except tokens.LinkError as error:
        return _link_error(error)
    if subscription is None:
        return render_template("newsletters/unsubscribed.html")
    search = next((s for s in subscription.searches if s.id == search_id), None)
    if search is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.stop_search(search)
    db.session.commit()
    if subscription.unsubscribed_at is not None:
        return render_template("newsletters/unsubscribed.html")
    flash("Cette alerte est arrêtée.", "info")
    return redirect(url_for(".manage", token=token))


@bp.route("/lettre/desabonner/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail clients post without a token (see the module's text)
def unsubscribe(token: str):
    try:
        subscription = tokens.subscription_to_manage(token)
    except tokens.LinkError as error:
        return _link_error(error)
    if request.method != "POST":
        if subscription is None:
            return render_template("newsletters/unsubscribed.html")
        return render_template("newsletters/unsubscribe.html", token=token)
    if subscription is not None:
        operations.unsubscribe(subscription)
        db.session.commit()
    return render_template("newsletters/unsubscribed.html")


@bp.get("/lettre/<int:letter_id>")
def letter(letter_id: int):
    """The web version of a sent letter (drafts: staff only, as a preview)."""
    item = db.session.get(Newsletter, letter_id)
    if item is None or (item.state != LetterState.SENT and not can_moderate(current_user)):
        abort(404)
    return render_template("newsletters/letter.html", letter=item, **links.LINKS,
                           **queries.letter_content(item))


# Staff: compose, preview, test, send --------------------------------------------------------


@bp.get("/moderation/lettres/")
@staff_only
def letters_index():
    return render_template("newsletters/staff/index.html", letters=queries.all_letters(),
                           indicators=queries.indicators(), recent=queries.recent_jobs(),
                           counts=queries.letter_counts)


def _letter_form_page(form, item=None, status=200):
    return render_template("newsletters/staff/edit.html", form=form, letter=item,
                           test_form=TestSendForm()), status


@bp.route("/moderation/lettres/nouvelle", methods=["GET", "POST"])
@staff_only
def new_letter():
    form = LetterForm()
    if not form.validate_on_submit():
        return _letter_form_page(form, status=422 if form.is_submitted() else 200)
    item = operations.create_letter(current_user, form.values())
    db.session.commit()
    flash("Lettre enregistrée : relisez l'aperçu, envoyez-vous un essai, puis envoyez-la.",
          "success")
    return redirect(url_for(".edit_letter", letter_id=item.id))


def _draft(letter_id: int) -> Newsletter:
    item = db.session.get(Newsletter, letter_id)
    if item is None:
        abort(404)
    return item


def _form_data(item: Newsletter) -> dict:
    return {"title": item.title, "editorial": item.editorial, "events": item.event_ids,
            "organizations": item.organization_ids, "themes": item.themes,
            "communes": item.communes}


@bp.route("/moderation/lettres/<int:letter_id>", methods=["GET", "POST"])
@staff_only
def edit_letter(letter_id: int):
    item = _draft(letter_id)
    if request.method != "POST":
        return _letter_form_page(LetterForm(data=_form_data(item)), item)
    form = LetterForm()
    if item.state != LetterState.DRAFT:
        flash("Cette lettre est déjà envoyée : elle ne peut plus être modifiée.", "error")
        return redirect(url_for(".edit_letter", letter_id=item.id))
    if not form.validate():
        return _letter_form_page(form, item, 422)
    operations.update_letter(item, form.values())
    db.session.commit()
    flash("Lettre enregistrée.", "success")
    return redirect(url_for(".edit_letter", letter_id=item.id))


@bp.post("/moderation/lettres/<int:letter_id>/essai")
@staff_only
def test_letter(letter_id: int):
    item = _draft(letter_id)
    form = TestSendForm()
    if not form.validate():
        return _letter_form_page(LetterForm(data=_form_data(item)), item, 422)
    if mails.send_test(item, queries.letter_content(item), form.email.data):
        operations.mark_tested(item)
        db.session.commit()
        flash(f"Un essai a été envoyé à {form.email.data}.", "success")
    else:
        flash("L'essai n'a pas pu partir : le serveur de courriel ne répond pas.", "error")
    return redirect(url_for(".edit_letter", letter_id=item.id))


@bp.post("/moderation/lettres/<int:letter_id>/envoyer")
@staff_only
def send_letter(letter_id: int):
    item = _draft(letter_id)
    form = ConfirmForm()
    if not form.validate() or item.state != LetterState.DRAFT:
        flash("Cette lettre est déjà envoyée.", "error")
        return redirect(url_for(".edit_letter", letter_id=item.id))
    operations.mark_sending(item)
    newsletter_jobs.start_letter(item, current_user)
    db.session.commit()
    flash("L'envoi a commencé : il se poursuit en arrière-plan, par lots.", "success")
    return redirect(url_for(".letters_index"))
