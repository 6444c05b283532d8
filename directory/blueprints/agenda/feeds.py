"""iCalendar feeds of the public agenda: the whole agenda (with its filters), per organisation."""

from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from directory.accounts.permissions import can_edit
from directory.agenda import imports as event_feeds
from directory.agenda.forms.feed import EventFeedForm
from directory.agenda.ical import published as feed_queries
from directory.agenda.queries import AgendaFilters
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.urls import public_root
from directory.listings.models.organization import Organization

bp = Blueprint("feeds", __name__)

CACHE_CONTROL = f"public, max-age={int(timedelta(minutes=15).total_seconds())}, no-transform"


@bp.get("/agenda.ics")
def agenda():
    filters = feed_queries.feed_filters(AgendaFilters.from_args(request.args), today_paris())
    return _serve(filters, feed_queries.agenda_name(filters))


@bp.get("/agenda/organisations/<slug>.ics")
def organization(slug: str):
    org = db.session.scalar(
        select(Organization).where(Organization.slug == slug, Organization.archived_at.is_(None))
    )
    if org is None or not org.is_published:
        abort(404)
    filters = feed_queries.feed_filters(AgendaFilters(organization=org.slug), today_paris())
    return _serve(filters, f"Agenda – {org.nom}")


def _serve(filters: AgendaFilters, name: str) -> Response:
    state = feed_queries.feed_state(filters, name, public_root())
    response = Response(mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.set_etag(state.etag)
    response.last_modified = state.last_modified
    # no-transform: proxies must not compress or rewrite the feed (some calendar clients
    # do not decode gzip); calendars poll every few hours anyway.
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Disposition"] = 'inline; filename="agenda.ics"'
    if _not_modified(state):
        response.status_code = 304
        return response
    response.set_data(feed_queries.feed_bytes(filters, name, state, public_root()))
    return response


def _not_modified(state) -> bool:
    # If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
    if request.if_none_match:
        return request.if_none_match.contains_weak(state.etag)
    since = request.if_modified_since
    return since is not None and state.last_modified <= since


# --- Members: the organisation's own calendar to import ---------------------------------------


@bp.route("/gestion/<slug>/agenda/flux", methods=["GET", "POST"])
@login_required
def manage(slug: str):
    org = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None or org.archived_at is not None:
        abort(404)
    if not can_edit(current_user, org):
        abort(403)
    feed = event_feeds.feed_of(org)
    form = EventFeedForm(data={"url": feed.url if feed and not feed.archived_at else ""})
    if request.method == "POST":
        form = EventFeedForm()
        if form.validate() and event_feeds.used_elsewhere(org, form.url.data):
            form.url.errors.append(
                "Cette adresse est déjà importée par une autre organisation : écrivez à "
                "l'équipe de l'intercommunalité si ces événements sont aussi les vôtres."
            )
        elif not form.errors:
            event_feeds.set_feed(org, current_user, form.url.data)
            db.session.commit()
            flash(
                "L'adresse de votre calendrier est enregistrée : il sera lu lors du prochain "
                "import." if form.url.data else "L'import de votre calendrier est arrêté."
            )
            return redirect(url_for("feeds.manage", slug=org.slug))
    events = (
        db.session.scalars(event_feeds.imported_events(feed).limit(50)).all()
        if feed is not None and not feed.archived_at else []
    )
    status = 422 if form.errors else 200
    return render_template("agenda/feeds/manage.html", org=org, form=form, feed=feed,
                           events=events), status
