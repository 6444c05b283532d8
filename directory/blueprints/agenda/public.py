"""Public agenda pages: upcoming dates, month, commune and organiser pages, event page, embed."""

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlalchemy import select

from directory.agenda import links as event_links
from directory.agenda import queries as agenda
from directory.agenda.ical import write as ical
from directory.agenda.models import Event
from directory.agenda.queries import AgendaFilters
from directory.core.dates import PARIS, date_fr, today_paris
from directory.core.extensions import db
from directory.core.headers import allow_framing
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import ACCESSIBILITY_LABELS, EVENT_STATUS_LABELS, Status

bp = Blueprint("agenda", __name__)

#: At most this many dates on a listing page; the rest is behind "voir la suite".
MAX_ITEMS = 60
#: Structured data of a repeating event: its next dates, one schema.org Event each.
JSON_LD_DATES = 10


# --- Helpers shared by the listing views -----------------------------------------------------


def _day_list_html(days: list, heading: str = "h2", new_tab: bool = False) -> Markup:
    day_list = get_template_attribute("agenda/_macros.html", "day_list")
    # One url_for for every date: the event's id and slug go into its {} placeholders.
    sample = url_for(".event", event_id=1, slug="slug")
    event_url = sample.removesuffix("1-slug").replace("{", "{{").replace("}", "}}") + "{}-{}"
    return day_list(
        days, EVENT_STATUS_LABELS, heading=heading, new_tab=new_tab, event_url=event_url
    )


def _listing(filters: AgendaFilters, limit: int = MAX_ITEMS) -> dict:
    """The dates to show for `filters` as HTML, their count, the arguments of "voir la suite".

    Kept per data version (`agenda.cached`): an unchanged agenda is not queried, expanded and
    rendered again; any change to an event gives a new version, hence a fresh listing.
    """

    def compute() -> dict:
        found = agenda.listing(filters, limit)
        more_args = None
        if found.more_from is not None:
            more_args = filters.with_dates(found.more_from, filters.end).to_args()
        return {
            "html": _day_list_html(found.days),
            "count": found.count,
            "shown": filters.with_dates(found.first_day, found.last_day),
            "more_args": more_args,
        }

    key = (agenda.filters_key(filters), limit, request.script_root)
    return agenda.cached("listing", key, compute)


def _facets(filters: AgendaFilters) -> dict:
    """Events per commune, theme and public, and the « (3 événements) » each choice shows."""

    def compute() -> dict:
        counts = agenda.facet_counts(filters)
        referential = _referential_choices()
        suffixes = {}
        for name, options in (
            ("commune", referential["communes"]),
            ("theme", [t for p in referential["themes"] for t in (p, *p.children)]),
            ("public", referential["publics"]),
        ):
            for option in options:
                n = counts[name].get(option.slug, 0)
                suffixes[name, option.slug] = f" ({n} événement{'s' if n > 1 else ''})"
        return {"counts": counts, "suffixes": suffixes}

    return agenda.cached("facets", agenda.filters_key(filters), compute)


def feed_links(filters: AgendaFilters) -> dict:
    """Subscription addresses for the same filters (the feed covers its own period)."""
    args = filters.to_args(dates=False)
    https_url = absolute_url("feeds.agenda", **args)
    return {
        "https": https_url,
        "webcal": event_links.webcal_url(https_url),
        "google": event_links.google_subscribe_url(https_url),
    }


@dataclass(frozen=True)
class Choice:
    slug: str
    name: str
    children: tuple = ()


#: The territory's communes, themes and publics change only through `flask territory` commands:
#: kept a few minutes as plain values rather than queried on every agenda page.
_REFERENTIAL_TTL = 300


def _referential_choices() -> dict:
    _referential = current_app.extensions.setdefault("agenda_choices", {})
    if _referential and time.monotonic() - _referential["at"] < _REFERENTIAL_TTL:
        return _referential
    themes = [
        Choice(t.slug, t.name, tuple(Choice(c.slug, c.name) for c in t.children))
        for t in listings.top_themes()
    ]
    _referential.update(
        at=time.monotonic(),
        communes=[Choice(c.slug, c.name) for c in listings.territory_communes()],
        themes=themes,
        publics=[Choice(p.slug, p.name) for p in listings.all_publics()],
    )
    return _referential


def _choices() -> dict:
    """What the filter form offers."""
    referential = _referential_choices()
    return {
        "communes": referential["communes"],
        "themes": referential["themes"],
        "publics": referential["publics"],
        "periods": agenda.PERIODS,
        "accessibility_labels": ACCESSIBILITY_LABELS,
    }


def _active_filters(filters: AgendaFilters, choices: dict, fixed: tuple = ()) -> list:
    """(label, arguments without it) for each filter in use, to show and remove them one by one."""
    communes = {c.slug: c.name for c in choices["communes"]}
    themes = {t.slug: t.name for parent in choices["themes"] for t in (parent, *parent.children)}
    publics = {p.slug: p.name for p in choices["publics"]}
    active = []

    def without(**changes):
        return replace(filters, **changes).to_args()

    no_dates = without(period=None, start=today_paris(), end=None)
    if filters.period:
        active.append((agenda.PERIODS[filters.period], no_dates))
    elif filters.start != today_paris() or filters.end:
        label = f"Du {date_fr(filters.start)}"
        if filters.end:
            label += f" au {date_fr(filters.end)}"
        active.append((label, no_dates))
    if "commune" not in fixed:
        for slug in filters.communes:
            rest = [c for c in filters.communes if c != slug]
            active.append((communes.get(slug, slug), without(communes=rest)))
    for slug in filters.themes:
        rest = [t for t in filters.themes if t != slug]
        active.append((themes.get(slug, slug), without(themes=rest)))
    for slug in filters.publics:
        rest = [p for p in filters.publics if p != slug]
        active.append((publics.get(slug, slug), without(publics=rest)))
    if filters.organization and "organisation" not in fixed:
        name = db.session.scalar(
            select(Organization.nom).where(Organization.slug == filters.organization)
        )
        label = f"Organisateur : {name or filters.organization}"
        active.append((label, without(organization=None)))
    if filters.free_only:
        active.append(("Gratuit", without(free_only=False)))
    if filters.accessible:
        active.append(("Accessible", without(accessible=False)))
    for kind in filters.accessibility:
        rest = [a for a in filters.accessibility if a != kind]
        active.append((ACCESSIBILITY_LABELS.get(kind, kind), without(accessibility=rest)))
    return active


def _render_listing(template: str, filters: AgendaFilters, fixed: tuple = (), **context):
    choices = _choices()
    period = filters
    if filters.end is None:
        period = filters.with_dates(filters.start, filters.start + agenda.LISTING_HORIZON)
    choices.update(_facets(period))
    return render_template(
        template,
        filters=filters,
        args=filters.to_args(),
        listing=_listing(filters),
        feed=feed_links(filters),
        choices=choices,
        active_filters=_active_filters(filters, choices, fixed),
        fixed=fixed,
        status_labels=EVENT_STATUS_LABELS,
        **context,
    )


# --- Listing pages ---------------------------------------------------------------------------


@bp.get("/agenda")
def index():
    filters = AgendaFilters.from_args(request.args)
    return _render_listing("agenda/index.html", filters, endpoint="agenda.index", url_args={})


@bp.get("/agenda/communes/<slug>")
def commune(slug: str):
    place = db.session.scalars(select(Commune).where(Commune.slug == slug)).one_or_none()
    if place is None:
        abort(404)
    filters = AgendaFilters.from_args(request.args)
    filters.communes = [slug]
    return _render_listing(
        "agenda/index.html",
        filters,
        fixed=("commune",),
        commune=place,
        endpoint="agenda.commune",
        url_args={"slug": slug},
    )


@bp.get("/agenda/organisations/<slug>")
def organization(slug: str):
    org = db.session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()
    if org is None or org.archived_at is not None or org.status == Status.ARCHIVED:
        abort(404)
    filters = AgendaFilters.from_args(request.args)
    filters.organization = slug
    return _render_listing(
        "agenda/index.html",
        filters,
        fixed=("organisation",),
        organization=org,
        organization_listed=org.status == Status.PUBLISHED,
        endpoint="agenda.organization",
        url_args={"slug": slug},
    )


@bp.get("/agenda/mois/<int:year>/<int:month>")
def month(year: int, month: int):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        abort(404)
    first, last = agenda.month_bounds(year, month)
    filters = AgendaFilters.from_args(request.args).with_dates(first, last)
    items = agenda.occurrences(filters, agenda.LISTING_OPTIONS)
    previous = first - timedelta(days=1)
    following = last + timedelta(days=1)
    return render_template(
        "agenda/month.html",
        filters=filters,
        args=filters.to_args(dates=False),
        first=first,
        weeks=agenda.month_weeks(year, month, items),
        count=len(items),
        previous=previous,
        following=following,
        feed=feed_links(filters),
        choices=_choices(),
        status_labels=EVENT_STATUS_LABELS,
    )


@bp.get("/agenda/mois")
def this_month():
    today = today_paris()
    args = AgendaFilters.from_args(request.args).to_args(dates=False)
    return redirect(url_for(".month", year=today.year, month=today.month, **args))


# --- One event -------------------------------------------------------------------------------


def _visible_event(event_id: int) -> Event:
    event = db.session.scalars(
        select(Event)
        .where(Event.id == event_id, agenda.visible_condition())
        .options(*agenda.EVENT_OPTIONS)
    ).one_or_none()
    if event is None:
        abort(404)
    return event


@bp.get("/agenda/evenements/<int:event_id>")
@bp.get("/agenda/evenements/<int:event_id>-<slug>")
def event(event_id: int, slug: str = ""):
    event = _visible_event(event_id)
    if slug != event.slug:
        return redirect(url_for(".event", event_id=event.id, slug=event.slug), code=301)
    now = datetime.now(UTC)
    upcoming = agenda.expand([event], now, max(now, event.starts_at) + agenda.EXPANSION_HORIZON)
    if upcoming:
        featured = upcoming[0]
    else:  # all past: show the last one
        last = agenda.expand([event], event.starts_at - timedelta(days=1), now)
        featured = last[-1] if last else None
    page_url = absolute_url(".event", event_id=event.id, slug=event.slug)
    organizer_url = None
    if event.organization.status == Status.PUBLISHED and event.organization.archived_at is None:
        organizer_url = absolute_url("public.organization", slug=event.organization.slug)
    image_url = _image_url(event)
    context = {}
    if featured is not None:
        occ = featured.occurrence
        # Search engines want one Event per date of a repeating event.
        dates = upcoming[:JSON_LD_DATES] if event.is_recurring and upcoming else [featured]
        structured = [
            event_links.json_ld(
                event,
                item.occurrence,
                page_url=page_url,
                organizer_url=organizer_url,
                image_url=image_url,
            )
            for item in dates
        ]
        context = {
            "google_url": event_links.google_calendar_url(event, occ, page_url),
            "outlook_url": event_links.outlook_url(event, occ, page_url),
            "json_ld": structured if event.is_recurring else structured[0],
        }
    return render_template(
        "agenda/event.html",
        event=event,
        featured=featured,
        upcoming=upcoming[:30],
        more_dates=len(upcoming) > 30,
        repetition=_repetition(event),
        location=event_links.location_text(event),
        organizer_listed=organizer_url is not None,
        image_url=image_url,
        feed=feed_links(AgendaFilters(organization=event.organization.slug)),
        status_labels=EVENT_STATUS_LABELS,
        accessibility_labels=ACCESSIBILITY_LABELS,
        **context,
    )


def _repetition(event: Event) -> str | None:
    if not event.rrule:
        return "à plusieurs dates" if event.rdates else None
    first = event.start_date if event.all_day else event.starts_at.astimezone(PARIS).date()
    return agenda.recurrence.describe_rrule(event.rrule, first)


def _image_url(event: Event) -> str | None:
    if not event.image:
        return None
    return absolute_url("agenda_manage.image", name=event.image)


@bp.get("/agenda/evenements/<int:event_id>.ics")
def event_ics(event_id: int):
    event = _visible_event(event_id)
    body = ical.event_calendar(event)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = (event.slug or f"evenement-{event.id}")[:80] + ".ics"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Embeddable agenda -----------------------------------------------------------------------


@bp.get("/agenda/integrer")
@allow_framing
def embed():
    filters = AgendaFilters.from_args(request.args)
    limit = _embed_limit()

    def compute() -> dict:
        found = agenda.listing(filters, limit, horizon=timedelta(days=61))
        return {
            "html": _day_list_html(found.days, new_tab=True),
            "empty": not found.days,
            "truncated": found.more_from is not None,
        }

    found = agenda.cached(
        "embed", (agenda.filters_key(filters), limit, request.script_root), compute
    )
    return render_template(
        "agenda/embed.html",
        filters=filters,
        listing=found,
        truncated=found["truncated"],
        full_url=absolute_url(".index", **filters.to_args()),
        feed=feed_links(filters),
        status_labels=EVENT_STATUS_LABELS,
    )


def _embed_limit() -> int:
    raw = request.args.get("nombre", "")
    return min(int(raw), 100) if raw.isdigit() and int(raw) > 0 else 30


@bp.get("/agenda/integrer/aide")
def embed_help():
    filters = AgendaFilters.from_args(request.args)
    embed_url = absolute_url(".embed", **filters.to_args())
    return render_template(
        "agenda/embed_help.html",
        filters=filters,
        args=filters.to_args(),
        embed_url=embed_url,
        preview_url=url_for(".embed", **filters.to_args()),
        choices=_choices(),
        feed=feed_links(filters),
    )
