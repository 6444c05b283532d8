"""Public pages: home, directory search, organisation, theme and commune pages."""

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from directory import search as engine
from directory.agenda import queries as agenda
from directory.core.extensions import db
from directory.listings import merges
from directory.listings import queries as listings
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.partners import queries as partner_queries
from directory.search import misses
from directory.search.facets import build_facets
from directory.search.forms import SearchForm
from directory.search.types import SearchQuery
from directory.taxonomy.models import Commune, Theme
from directory.taxonomy.vocabularies import (
    ORGANIZATION_KIND_LABELS,
    RECEPTION_DETAIL_LABELS,
    RECEPTION_MODE_LABELS,
    Status,
)

bp = Blueprint("public", __name__)


#: How many dates of the coming week-end the home page shows (the agenda has the rest).
HOME_WEEKEND_ITEMS = 6


@bp.get("/")
def home():
    weekend = agenda.AgendaFilters.from_args({agenda.ARG_PERIOD: "week-end"})
    now = datetime.now(UTC)
    weekend_items = [o for o in agenda.occurrences(weekend, agenda.LISTING_OPTIONS) if o.end > now]
    return render_template(
        "listings/public/home.html",
        form=SearchForm(known={}, formdata=None),
        weekend=weekend,
        weekend_items=weekend_items[:HOME_WEEKEND_ITEMS],
        weekend_more=len(weekend_items) > HOME_WEEKEND_ITEMS,
        themes=listings.top_themes(),
        theme_counts=listings.theme_counts(),
        publics=listings.all_publics(),
        public_counts=listings.public_counts(),
        communes=listings.territory_communes(),
        commune_counts=listings.commune_counts(),
    )


@bp.get("/annuaire")
def search():
    themes = listings.all_themes()
    publics = {p.slug: p.name for p in listings.all_publics()}
    communes = {c.slug: c.name for c in listings.all_communes().values()}
    kinds = {str(k): label for k, label in ORGANIZATION_KIND_LABELS.items()}
    volunteers = {"oui": "Recherche des bénévoles"}
    known = {"theme": themes, "public": publics, "commune": communes, "type": kinds,
             "benevoles": volunteers}
    form = SearchForm(known={name: set(values) for name, values in known.items()})
    status = 200
    if not form.validate():
        form.drop_invalid()  # search without what made no sense, and say so
        status = 400
    query = SearchQuery(
        q=form.query_text,
        **form.filters,
        page=form.page_number,
        per_page=current_app.config["RESULTS_PER_PAGE"],
    )
    results = engine.search(query)
    if query.q and results.total == 0 and query.page == 1:
        misses.record_miss("annuaire", query.q)
        db.session.commit()
    beyond = query.page > results.pages
    if beyond and status == 200:
        status = 404
    labels = {"public": publics, "commune": communes, "type": kinds, "benevoles": volunteers}
    return render_template(
        "listings/public/search.html",
        form=form,
        query=query,
        results=results,
        beyond=beyond,
        organizations=[] if beyond else listings.published_in_order(results.ids),
        facets=build_facets(results.facets, form.url_args, themes, labels),
        themes=themes,
        labels=labels,
    ), status


@bp.get("/annuaire/<slug>")
def organization(slug: str):
    org = db.session.scalars(
        select(Organization)
        .where(Organization.slug == slug)
        .options(*listings.full_organization_options())
    ).one_or_none()
    if org is None or org.status not in (Status.PUBLISHED, Status.ARCHIVED):
        abort(404)
    if org.status == Status.ARCHIVED or org.archived_at is not None:
        target = merges.redirect_target(org)  # a duplicate merged into another listing
        if target is not None and target.is_published and target.archived_at is None:
            return redirect(url_for(".organization", slug=target.slug), 301)
        # Gone for good: tells search engines to forget the page rather than retry it.
        return render_template(
            "errors/error.html",
            title="Fiche archivée",
            message=f"La fiche « {org.nom} » a été retirée de l'annuaire.",
        ), 410
    contacts = listings.public_contacts([org.id])
    return render_template(
        "listings/public/organization.html",
        org=org,
        services=[s for s in org.services if s.archived_at is None],
        contacts=[c for c in contacts if c.service_id is None],
        service_contacts=_group_by_service(contacts),
        reception_labels=RECEPTION_MODE_LABELS,
        reception_detail_labels=RECEPTION_DETAIL_LABELS,
        commune_names=partner_queries.commune_names()
        if any(s.permanences for s in org.services) else {},
    )


def _group_by_service(contacts: list[Contact]) -> dict[int, list[Contact]]:
    grouped: dict[int, list[Contact]] = {}
    for contact in contacts:
        if contact.service_id is not None:
            grouped.setdefault(contact.service_id, []).append(contact)
    return grouped


@bp.get("/thematiques")
def themes():
    return render_template(
        "listings/public/themes.html", themes=listings.top_themes(), counts=listings.theme_counts()
    )


@bp.get("/thematiques/<slug>")
def theme(slug: str):
    theme = db.session.scalars(select(Theme).where(Theme.slug == slug)).one_or_none()
    if theme is None:
        abort(404)
    listing = _listing(listings.theme_condition(theme))
    return render_template(
        "listings/public/theme.html", theme=theme, listing=listing, counts=listings.theme_counts()
    )


@bp.get("/communes")
def communes():
    return render_template(
        "listings/public/communes.html",
        communes=listings.territory_communes(),
        counts=listings.commune_counts(),
    )


@bp.get("/communes/<slug>")
def commune(slug: str):
    commune = db.session.scalars(select(Commune).where(Commune.slug == slug)).one_or_none()
    if commune is None:
        abort(404)
    listing = _listing(listings.commune_condition(commune))
    return render_template("listings/public/commune.html", commune=commune, listing=listing)


def _listing(condition) -> listings.Page:
    """One alphabetical page; 400 for a page number that is not one, 404 beyond the last page."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) <= 10_000:
        abort(400)
    listing = listings.alphabetical_page(
        condition, int(raw), current_app.config["RESULTS_PER_PAGE"]
    )
    if listing.page > listing.pages:
        abort(404)
    return listing
