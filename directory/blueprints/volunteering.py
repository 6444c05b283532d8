"""Volunteering pages: /benevolat search, a mission and its contact form; members' missions.

The contact form has a hidden trap field (a robot gets the same « sent » page, nothing is
sent) and a rate limit on POST, per visitor and per mission. The association's address is
never in a page: the message goes by mail, reply-to the volunteer.
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
from flask_login import current_user, login_required

from directory.accounts.forms import ConfirmForm
from directory.blueprints.listings import editable_listing
from directory.core.extensions import db, limiter
from directory.core.urls import absolute_url
from directory.listings.forms.organization import commune_choices
from directory.listings.models.organization import Organization
from directory.volunteering import mails, operations, queries, revisions
from directory.volunteering.forms import ContactForm, MissionForm
from directory.volunteering.models import REGULARITY_LABELS, Mission

bp = Blueprint("volunteering", __name__)


def _limit() -> str:
    return current_app.config["VOLUNTEER_CONTACT_RATELIMIT"]


def _mission_key() -> str:
    return f"volunteer:{get_remote_address()}:{request.view_args.get('mission_id')}"


@bp.get("/benevolat")
def index():
    filters = queries.MissionFilters.from_args(request.args)
    return render_template(
        "volunteering/index.html", filters=filters, missions=queries.search(filters),
        periods=queries.PERIODS, regularities=REGULARITY_LABELS,
        themes=queries.parent_themes(), communes=commune_choices(),
    )


@bp.route("/benevolat/<int:mission_id>", methods=["GET"])
def mission(mission_id: int):
    item = queries.public_mission(mission_id)
    if item is None:
        abort(404)
    return render_template("volunteering/mission.html", mission=item, form=ContactForm())


@bp.post("/benevolat/<int:mission_id>/contact")
@limiter.limit(_limit)
@limiter.limit(_limit, key_func=_mission_key, scope="volunteer-mission")
def contact(mission_id: int):
    item = queries.public_mission(mission_id)
    if item is None:
        abort(404)
    form = ContactForm()
    if form.is_submitted() and form.is_robot:
        return render_template("volunteering/sent.html", mission=item)
    if not form.validate_on_submit():
        return render_template("volunteering/mission.html", mission=item, form=form), 422
    url = absolute_url("volunteering.mission", mission_id=item.id)
    if not mails.send_volunteer_message(item, form.name.data, form.email.data,
                                        form.message.data, url):
        flash("Cette association n'a pas encore d'adresse pour recevoir les messages. "
              "Réessayez plus tard.", "error")
        return render_template("volunteering/mission.html", mission=item, form=form), 422
    operations.record_message(item)
    db.session.commit()
    return render_template("volunteering/sent.html", mission=item)


# Members: their organisation's missions ------------------------------------------------------


def _own_mission(org: Organization, mission_id: int, ended: bool = False) -> Mission:
    item = db.session.get(Mission, mission_id)
    if item is None or item.organization_id != org.id or (
            item.archived_at is not None and not ended):
        abort(404)
    return item


@bp.get("/gestion/<slug>/benevolat/<int:mission_id>/historique")
@login_required
def history(slug: str, mission_id: int):
    """Every change of the mission, ended ones included: for its association and the staff."""
    org = editable_listing(slug)
    item = _own_mission(org, mission_id, ended=True)
    return render_template("volunteering/manage/history.html", org=org, mission=item,
                           entries=revisions.history(item))


@bp.get("/gestion/<slug>/benevolat")
@login_required
def manage(slug: str):
    org = editable_listing(slug)
    return render_template("volunteering/manage/index.html", org=org,
                           missions=queries.missions_of(org), end_form=ConfirmForm(),
                           ended=queries.ended_missions_of(org),
                           counts=queries.message_counts(org))


@bp.route("/gestion/<slug>/benevolat/nouvelle", methods=["GET", "POST"])
@login_required
def new(slug: str):
    org = editable_listing(slug)
    form = MissionForm()
    if not form.validate_on_submit():
        return render_template("volunteering/manage/edit.html", org=org, form=form,
                               mission=None), 422 if form.is_submitted() else 200
    operations.create_mission(org, current_user, form.values())
    db.session.commit()
    flash("La mission est publiée sur la page de l'association et dans « Bénévolat ».",
          "success")
    return redirect(url_for(".manage", slug=org.slug))


def _form_data(item: Mission) -> dict:
    return {
        "title": item.title, "description": item.description, "regularity": item.regularity,
        "schedule": item.schedule, "frequency": item.frequency,
        "commune": item.commune.slug if item.commune else "", "place": item.place,
        "themes": [t.slug for t in item.themes], "publics": [p.slug for p in item.publics],
        "skills": item.skills, "starts_on": item.starts_on, "ends_on": item.ends_on,
        "contact_email": item.contact_email,
    }


@bp.route("/gestion/<slug>/benevolat/<int:mission_id>", methods=["GET", "POST"])
@login_required
def edit(slug: str, mission_id: int):
    org = editable_listing(slug)
    item = _own_mission(org, mission_id)
    if request.method != "POST":
        form = MissionForm(data=_form_data(item))
        return render_template("volunteering/manage/edit.html", org=org, form=form,
                               mission=item)
    form = MissionForm()
    if not form.validate():
        return render_template("volunteering/manage/edit.html", org=org, form=form,
                               mission=item), 422
    operations.update_mission(item, form.values(), current_user)
    db.session.commit()
    flash("Mission enregistrée.", "success")
    return redirect(url_for(".manage", slug=org.slug))


@bp.post("/gestion/<slug>/benevolat/<int:mission_id>/terminer")
@login_required
def end(slug: str, mission_id: int):
    org = editable_listing(slug)
    item = _own_mission(org, mission_id)
    if not ConfirmForm().validate():
        abort(400)
    operations.end_mission(item, current_user)
    db.session.commit()
    flash(f"La mission « {item.title} » n'est plus proposée.", "success")
    return redirect(url_for(".manage", slug=org.slug))
