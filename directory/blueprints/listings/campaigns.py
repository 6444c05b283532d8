"""Freshness and the annual campaign: the staff's pages, and the page behind each personal link.

The personal link is the only credential of the organisation's side: it shows the listing and
confirms it unchanged; it signs nobody in. Changes go through the member's edit form, after
signing in (the sign-in page mails a link and comes back to the form).
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from directory.accounts.forms import ConfirmForm
from directory.accounts.permissions import can_edit, can_moderate, permission_required
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import french_order
from directory.core.urls import absolute_url
from directory.listings import display as listing_display
from directory.listings import freshness, revisions
from directory.listings.campaigns import operations as campaigns
from directory.listings.campaigns.forms import CampaignForm, ConfirmListingForm
from directory.listings.campaigns.mails import remind_now, send_due
from directory.listings.campaigns.models import Campaign
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import ORGANIZATION_KIND_LABELS, Status

bp = Blueprint("campaigns", __name__)

staff_only = permission_required(lambda user, **kwargs: can_moderate(user))


def _campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


# Staff ----------------------------------------------------------------------------------------


@bp.get("/moderation/campagnes/")
@staff_only
def index():
    items = [(c, campaigns.progress(c)) for c in campaigns.campaigns()]
    return render_template("listings/campaigns/index.html", items=items, today=today_paris())


@bp.route("/moderation/campagnes/nouvelle", methods=["GET", "POST"])
@staff_only
def new():
    form = CampaignForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("listings/campaigns/new.html", form=form), status
    campaign = campaigns.start(form.name.data, form.ends_on.data, form.reminder_days,
                               form.message.data, current_user)
    db.session.commit()
    sent = send_due(utcnow())
    flash(f"Campagne lancée : {sent['first']} fiche(s) prévenue(s) par courriel.", "success")
    if sent["failed"]:
        flash(f"{sent['failed']} envoi(s) en échec : ils seront retentés par la commande "
              "« campaigns send-reminders ».", "warning")
    return redirect(url_for(".show", campaign_id=campaign.id))


@bp.get("/moderation/campagnes/<int:campaign_id>")
@staff_only
def show(campaign_id: int):
    campaign = _campaign(campaign_id)
    return render_template("listings/campaigns/show.html", campaign=campaign,
                           progress=campaigns.progress(campaign),
                           is_open=campaigns.is_open(campaign, today_paris()),
                           confirm_form=ConfirmForm())


def _open_campaign(campaign_id: int) -> Campaign:
    campaign = _campaign(campaign_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not campaigns.is_open(campaign, today_paris()):
        flash("Cette campagne est terminée : ni relance ni clôture possibles.", "info")
        return None
    return campaign


@bp.post("/moderation/campagnes/<int:campaign_id>/relancer")
@staff_only
def remind(campaign_id: int):
    campaign = _open_campaign(campaign_id)
    if campaign is not None:
        sent = remind_now(campaign, utcnow())
        flash(f"Relance envoyée à {sent['reminders']} fiche(s) sans réponse.", "success")
        if sent["failed"]:
            flash(f"{sent['failed']} envoi(s) en échec : réessayez plus tard.", "warning")
    return redirect(url_for(".show", campaign_id=campaign_id))


@bp.post("/moderation/campagnes/<int:campaign_id>/cloturer")
@staff_only
def close(campaign_id: int):
    campaign = _open_campaign(campaign_id)
    if campaign is not None:
        campaigns.close(campaign)
        db.session.commit()
        flash("La campagne est close : les liens personnels ne fonctionnent plus et aucune "
              "relance ne partira.", "success")
    return redirect(url_for(".show", campaign_id=campaign_id))


@bp.get("/moderation/campagnes/<int:campaign_id>/reponses.csv")
@staff_only
def answers_export(campaign_id: int):
    campaign = _campaign(campaign_id)
    body = campaigns.answers_csv(
        campaign, lambda org: absolute_url("public.organization", slug=org.slug))
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="campagne-{campaign.id}-reponses.csv"',
    })


@bp.get("/moderation/campagnes/<int:campaign_id>/restantes.csv")
@staff_only
def export(campaign_id: int):
    campaign = _campaign(campaign_id)
    body = campaigns.left_csv(
        campaign, campaigns.progress(campaign).left,
        lambda org: absolute_url("public.organization", slug=org.slug),
    )
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="campagne-{campaign.id}-sans-reponse.csv"',
    })


SORTS = {"anciennete": "Plus anciennes d'abord", "nom": "Nom"}


@bp.get("/moderation/fiches-a-verifier")
@staff_only
def stale():
    """Listings not verified for FRESHNESS_MONTHS, oldest first; filter by kind and commune."""
    sort = request.args.get("tri") if request.args.get("tri") in SORTS else "anciennete"
    kind = request.args.get("type") if request.args.get("type") in ORGANIZATION_KIND_LABELS else ""
    communes = sorted(db.session.scalars(select(Commune)), key=lambda c: french_order(c.name))
    commune = request.args.get("commune", "")
    commune = commune if commune in {c.slug for c in communes} else ""
    query = freshness.stale_query(today_paris())
    if kind:
        query = query.where(Organization.kind == kind)
    if commune:
        query = query.where(Organization.communes.any(Commune.slug == commune))
    if sort == "nom":
        query = query.order_by(None).order_by(Organization.nom)
    orgs = list(db.session.scalars(query))
    return render_template(
        "listings/campaigns/stale.html", orgs=orgs, sort=sort, sorts=SORTS, kind=kind,
        commune=commune,
        kinds=ORGANIZATION_KIND_LABELS, months=freshness.months(),
        communes=communes,
    )


# The organisation's side ----------------------------------------------------------------------


@bp.route("/campagne/<token>", methods=["GET", "POST"])
def review(token: str):
    recipient = campaigns.recipient_from_token(token)
    if recipient is None:
        abort(404)
    org, campaign = recipient.organization, recipient.campaign
    if org.archived_at is not None or org.status != Status.PUBLISHED:
        abort(404)
    if not campaigns.is_open(campaign, today_paris()):
        return render_template("listings/campaigns/expired.html", campaign=campaign, org=org), 410
    form = ConfirmListingForm()
    if form.validate_on_submit():
        campaigns.confirm(recipient)
        db.session.commit()
        flash("Merci ! La fiche est confirmée à jour.", "success")
        return redirect(url_for(".review", token=token))
    if form.is_submitted():
        abort(400)
    edit_url = url_for("manage.edit", slug=org.slug)
    if not can_edit(current_user, org):
        edit_url = url_for("account.login", next=edit_url)
    return render_template(
        "listings/campaigns/review.html", org=org, campaign=campaign, form=form, edit_url=edit_url,
        changes=listing_display.diff(None, revisions.snapshot_of(org)),
        answer=campaigns.answers(campaign).get(recipient.id),
        answer_labels=campaigns.ANSWER_LABELS,
        site_name=current_app.extensions["territory"]["site_name"],
    )
