"""The API's agenda and volunteer missions: dates of the published events, open missions."""

from flask import jsonify, request
from sqlalchemy import select

from directory.agenda import queries as agenda
from directory.agenda.models import Event
from directory.blueprints.opendata.api.base import (
    Pagination,
    bp,
    last_modified,
    organization_arg,
    paginated,
    since_arg,
)
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.text import fold
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.opendata import params, serializers, sync
from directory.opendata.params import ApiError
from directory.taxonomy.vocabularies import Accessibility
from directory.volunteering import queries as volunteering
from directory.volunteering.models import Regularity

# Events ---------------------------------------------------------------------------------------

EVENT_SORTS = ("debut", "-debut", "modifie_le", "-modifie_le")


def _agenda_filters() -> tuple[agenda.AgendaFilters, bool]:
    """The agenda's filters, each value checked (the page's own reading ignores bad ones), and
    whether the window is empty (`au` before `du`)."""
    args = request.args
    period = params.choice(args, "periode", agenda.PERIODS, "La période")
    start, end, empty = params.day(args, "du"), params.day(args, "au"), False
    if period is not None:
        bounds = agenda.AgendaFilters.from_args({"periode": period})
        start, end = bounds.start, bounds.end
    else:
        start = start or today_paris()
        empty = end is not None and end < start
        if end is not None and end - start > params.MAX_WINDOW:
            end = start + params.MAX_WINDOW  # rules are expanded over the whole window
    filters = agenda.AgendaFilters(
        start=start, end=end, period=period,
        communes=params.choices(args, "commune", listings.all_communes(), "La commune"),
        themes=params.choices(args, "theme", listings.all_themes(), "Le thème"),
        publics=params.choices(args, "public", [p.slug for p in listings.all_publics()],
                               "Le public"),
        organization=organization_arg(),
        free_only=params.flag(args, "gratuit"),
        accessible=params.flag(args, "accessible"),
        accessibility=params.choices(args, "accessibilite", [str(a) for a in Accessibility],
                                     "L'accessibilité"),
        q=params.text(args),
    )
    return filters, empty


@bp.get("/evenements")
def events():
    pagination = Pagination.from_args()
    filters, empty = _agenda_filters()
    order = params.sort(request.args, EVENT_SORTS, "debut")
    since = since_arg()
    last_modified(sync.agenda_version())
    items = [] if empty else agenda.occurrences(filters)
    if since is not None:
        items = [o for o in items if o.event.updated_at >= since]
    if order == "-debut":
        items = items[::-1]
    elif order in ("modifie_le", "-modifie_le"):
        items = sorted(items, key=lambda o: (o.event.updated_at, o.event.id),
                       reverse=order == "-modifie_le")
    withdrawn = sync.withdrawn_events(since) if since is not None else None
    return paginated([serializers.occurrence(o) for o in pagination.slice(items)], len(items),
                     pagination, withdrawn)


@bp.get("/evenements/<int:event_id>")
def event(event_id: int):
    found = db.session.scalars(
        select(Event).where(Event.id == event_id, agenda.visible_condition())
        .options(*agenda.EVENT_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun événement publié ne porte le numéro {event_id}.")
    last_modified(sync.agenda_version())
    return jsonify(serializers.event(found))


# Volunteer missions ---------------------------------------------------------------------------

MISSION_SORTS = ("debut", "titre", "modifie_le", "-modifie_le")


@bp.get("/missions")
def missions():
    """Open volunteer missions, with the filters of /benevolat (thematique, commune, periode,
    rythme)."""
    pagination = Pagination.from_args()
    args = request.args
    filters = volunteering.MissionFilters(
        themes=params.choices(args, "thematique", listings.all_themes(), "Le thème"),
        communes=params.choices(args, "commune", listings.all_communes(), "La commune"),
        period=params.choice(args, "periode", volunteering.PERIODS, "La période"),
        regularity=params.choice(args, "rythme", [str(r) for r in Regularity], "Le rythme"),
    )
    order = params.sort(args, MISSION_SORTS, "debut")
    since = since_arg()
    last_modified(sync.missions_version())
    items = volunteering.search(filters)
    if since is not None:
        items = [m for m in items if m.updated_at >= since]
    if order == "titre":
        items = sorted(items, key=lambda m: (fold(m.title), m.id))
    elif order in ("modifie_le", "-modifie_le"):
        items = sorted(items, key=lambda m: (m.updated_at, m.id), reverse=order == "-modifie_le")
    withdrawn = sync.withdrawn_missions(since) if since is not None else None
    return paginated(
        [serializers.mission(m, absolute_url("volunteering.mission", mission_id=m.id))
         for m in pagination.slice(items)], len(items), pagination, withdrawn)
