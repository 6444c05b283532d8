"""The partner directory's pages: search, services, orientation sheets, professional access.

The partner directory: services by need and commune, service pages with what only
professionals see, orientation sheets, referral messages, professional access requests.

Public visitors search the same services and see their public fields, with an invitation to
sign in or ask for professional access; correspondents and professionals-only fields are shown
to validated professionals and staff only.
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

from directory.accounts.forms import ConfirmForm
from directory.accounts.models import Role, User
from directory.accounts.permissions import can_moderate, is_professional, permission_required
from directory.blueprints.staff import render_queue
from directory.core.extensions import db, limiter
from directory.listings.forms.moderation import DecisionForm
from directory.newsletters import mails as newsletter_mails
from directory.newsletters import operations as newsletters
from directory.newsletters import queries as partners_alerts
from directory.newsletters.forms import SaveSearchForm
from directory.newsletters.models import SavedSearch
from directory.partners import access as professionals
from directory.partners import mails
from directory.partners import operations as referrals
from directory.partners import queries as partners
from directory.partners.forms import AccessRequestForm, PartnerSearchForm, ReferralForm, SheetForm
from directory.partners.models import AccessRequestState, ProfessionalRequest
from directory.printing.pdf import render_pdf
from directory.search import misses
from directory.taxonomy.vocabularies import (
    MOBILISATION_MODE_LABELS,
    MOBILISER_LABELS,
    RECEPTION_DETAIL_LABELS,
)

bp = Blueprint("partners", __name__)

professional_only = permission_required(lambda user, **kwargs: is_professional(user))
staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _send_limit() -> str:
    return current_app.config.get("REFERRAL_RATELIMIT", "30/hour")


LABELS = {"modalites": RECEPTION_DETAIL_LABELS, "mobilisation": MOBILISATION_MODE_LABELS,
          "mobilisable_par": MOBILISER_LABELS}


def _service(service_id: int):
    service = partners.visible_service(service_id)
    if service is None:
        abort(404)
    return service


# Search and service pages ---------------------------------------------------------------------


@bp.get("/partenaires")
def index():
    form = PartnerSearchForm()
    status = 200 if form.validate() else 400
    query = partners.PartnerQuery(
        q=form.q.data or "", commune=form.commune.data or None, theme=form.theme.data or None,
        public=form.public.data or None, mode=form.mode.data or None,
        page=form.page_number, per_page=current_app.config["RESULTS_PER_PAGE"],
    )
    results = partners.search_services(query)
    if query.q and results.total == 0 and query.page == 1:
        misses.record_miss("partenaires", query.q)
        db.session.commit()
    save_form = (SaveSearchForm(formdata=None, data=form.url_args())
                 if is_professional(current_user) else None)
    return render_template("partners/index.html", form=form, results=results,
                           labels=LABELS, save_form=save_form), status


# Alerts of saved searches (mailed by the newsletters' digests) --------------------------------


def _my_searches() -> list[SavedSearch]:
    return list(db.session.scalars(
        db.select(SavedSearch).where(SavedSearch.user_id == current_user.id)
        .order_by(SavedSearch.id)))


def _alerts_page(form, status: int = 200):
    searches = _my_searches()
    return render_template(
        "partners/alerts.html", form=form, searches=searches, stop_form=ConfirmForm(),
        describe=partners_alerts.describe_search,
        manage_url=newsletter_mails.manage_url(searches[0].subscription) if searches else None,
    ), status


@bp.route("/partenaires/alertes", methods=["GET", "POST"])
@professional_only
def alerts():
    """The signed-in professional's saved searches; POST saves the search of the form."""
    if request.method != "POST":
        return _alerts_page(None)
    form = SaveSearchForm()
    if not form.validate():
        return _alerts_page(form, 422)
    newsletters.save_search(current_user, form.values(), form.frequency.data)
    db.session.commit()
    flash("Recherche enregistrée : ses services nouveaux ou mis à jour vous seront envoyés par "
          "courriel (rien n'est envoyé quand il n'y a rien de nouveau).", "success")
    return redirect(url_for(".alerts"))


@bp.post("/partenaires/alertes/<int:search_id>/arreter")
@professional_only
def stop_alert(search_id: int):
    search = db.session.get(SavedSearch, search_id)
    if search is None:
        abort(404)
    if search.user_id != current_user.id:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    newsletters.stop_search(search)
    db.session.commit()
    flash("Cette alerte est arrêtée.", "info")
    return redirect(url_for(".alerts"))


@bp.get("/partenaires/services/<int:service_id>")
def service(service_id: int):
    service = _service(service_id)
    return render_template(
        "partners/service.html",
        service=service,
        org=service.organization,
        contacts=partners.contacts_for(service, current_user),
        pro=partners.professional_details(service, current_user),
        communes=partners.commune_names(),
        labels=LABELS,
    )


# Orientation sheets and referrals -------------------------------------------------------------


def _sheet_html(service, form, contacts) -> str:
    ask_for = next((c for c in contacts if str(c.id) == form.ask_for.data), None)
    return render_template(
        "partners/sheet.html", service=service, org=service.organization, name=form.name.data,
        note=form.note.data, ask_for=ask_for, communes=partners.commune_names(), labels=LABELS,
    )


@bp.route("/partenaires/services/<int:service_id>/fiche", methods=["GET", "POST"])
@professional_only
@limiter.limit(_send_limit, methods=["POST"])
def sheet(service_id: int):
    """Print, download or mail an orientation sheet. Always POST: the person's name never
    appears in a URL, hence in no access log."""
    service = _service(service_id)
    contacts = partners.contacts_for(service, current_user)
    form = SheetForm(contacts=contacts, retention_days=referrals.retention_days())
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("partners/sheet_form.html", service=service,
                               org=service.organization, form=form), status
    html = _sheet_html(service, form, contacts)
    if form.pdf.data:
        response = current_app.response_class(render_pdf(html), mimetype="application/pdf")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="fiche-orientation-{service.id}.pdf"')
        response.headers["Cache-Control"] = "no-store"
        return response
    if not form.send.data:
        response = current_app.response_class(html, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        return response
    referrals.sheet_sent(service, current_user, email=form.email.data, name=form.name.data)
    ask_for = next((c for c in contacts if str(c.id) == form.ask_for.data), None)
    mails.send_orientation_sheet(form.email.data, service, current_user, name=form.name.data,
                                 note=form.note.data, ask_for=ask_for, labels=LABELS)
    db.session.commit()
    flash("La fiche d'orientation est envoyée par courriel.", "success")
    return redirect(url_for(".service", service_id=service.id))


@bp.route("/partenaires/services/<int:service_id>/orienter", methods=["GET", "POST"])
@professional_only
@limiter.limit(_send_limit, methods=["POST"])
def refer(service_id: int):
    service = _service(service_id)
    recipients = partners.referral_recipients(service)
    form = ReferralForm(recipients=recipients, retention_days=referrals.retention_days())
    if not recipients:
        form = None  # nowhere to send it: the page says whom to call instead
    if form is None or not form.validate_on_submit():
        status = 422 if form is not None and form.is_submitted() else 200
        return render_template("partners/refer.html", service=service,
                               org=service.organization, form=form,
                               days=referrals.retention_days()), status
    referrals.purge()
    item = referrals.refer(service, current_user, sent_to=form.recipient.data,
                           name=form.name.data, contact=form.contact.data, need=form.need.data)
    mails.send_referral(item, service, current_user)
    db.session.commit()
    flash("L'orientation est envoyée à la structure. Elle figure dans vos orientations.",
          "success")
    return redirect(url_for(".service", service_id=service.id))


@bp.get("/partenaires/orientations")
@login_required
def history():
    """Referrals the person sent, and those received by the structures they belong to."""
    referrals.purge()
    db.session.commit()
    sent, received = referrals.history(current_user)
    return render_template("partners/history.html", sent=sent, received=received,
                           days=referrals.retention_days(), erased_on=referrals.erased_on)


# Professional access --------------------------------------------------------------------------


@bp.route("/partenaires/acces", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config.get("REPORT_RATELIMIT", "5/hour"), methods=["POST"])
def request_access():
    if is_professional(current_user):
        return render_template("partners/access.html", state="granted")
    if professionals.pending_request(current_user) is not None:
        return render_template("partners/access.html", state="pending")
    form = AccessRequestForm(data={"name": current_user.name or ""})
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("partners/access.html", state="form", form=form), status
    professionals.request_access(
        current_user, name=form.name.data, structure=form.structure.data,
        organization_id=form.organization_id, role=form.role.data, reason=form.reason.data,
    )
    db.session.commit()
    return render_template("partners/access.html", state="sent")


@bp.post("/moderation/acces-professionnels/<int:request_id>")
@staff_only
def decide_access(request_id: int):
    item = db.session.get(ProfessionalRequest, request_id)
    if item is None or item.state != AccessRequestState.PENDING:
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        # As for claims: the queue again, the error at its top.
        return render_queue(422, form=form)
    if form.accept.data:
        professionals.accept(item, current_user, form.reason.data)
        mails.send_access_decision(item, accepted=True, reason=form.reason.data)
        db.session.commit()
        flash(f"{item.name} a maintenant un accès professionnel.", "success")
    else:
        professionals.refuse(item, current_user, form.reason.data)
        mails.send_access_decision(item, accepted=False, reason=form.reason.data)
        db.session.commit()
        flash("La demande est refusée ; la personne est prévenue par courriel.", "info")
    return redirect(url_for("moderation.queue"))


@bp.get("/moderation/acces-professionnels")
@staff_only
def professionals_list():
    return render_template("partners/professionals.html",
                           professionals=professionals.professionals(), form=ConfirmForm())


@bp.post("/moderation/acces-professionnels/comptes/<int:user_id>/retirer")
@staff_only
def revoke_access(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.PROFESSIONAL:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    professionals.revoke(user)
    db.session.commit()
    flash(f"{user.display_name} n'a plus d'accès professionnel.", "info")
    return redirect(url_for(".professionals_list"))
