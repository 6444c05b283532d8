"""The API's directory: organisations and their services (activities)."""

from datetime import datetime

from flask import jsonify, request
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from directory import search as engine
from directory.blueprints.opendata.api.base import (
    SUMMARY_OPTIONS,
    Pagination,
    bp,
    directory_filters,
    folded,
    last_modified,
    matches,
    organization_arg,
    paginated,
    since_arg,
    sorted_rows,
)
from directory.core.extensions import db
from directory.core.text import fold
from directory.listings import queries as listings
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.opendata import exports, params, serializers, sync
from directory.opendata.params import ApiError
from directory.search.types import SearchQuery
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status

# Organisations --------------------------------------------------------------------------------

ORGANIZATION_SORTS = ("pertinence", "nom", "-nom", "modifie_le", "-modifie_le")


def _organization_rows(q: str, filters: dict, kind: str | None, since: datetime | None) -> list:
    """Light rows of the published organisations matching the filters, changed since `since`
    (the engine ranks by relevance; this is for the other orders and for sync)."""
    columns = [Organization.id, Organization.nom, Organization.updated_at.label("modified")]
    if q:  # long texts, read only to match words
        columns += [Organization.sigle, Organization.presentation_resume]
    statement = select(*columns).where(listings.published_condition())
    if filters["theme"]:
        theme = listings.all_themes()[filters["theme"]]
        ids = [theme.id, *(child.id for child in theme.children)]
        statement = statement.where(Organization.themes.any(Theme.id.in_(ids)))
    if filters["public"]:
        statement = statement.where(Organization.publics.any(Public.slug == filters["public"]))
    if filters["commune"]:
        statement = statement.where(or_(
            Organization.communes.any(Commune.slug == filters["commune"]),
            Organization.places.any(Place.commune.has(Commune.slug == filters["commune"])),
        ))
    if kind:
        statement = statement.where(Organization.kind == kind)
    if since is not None:
        statement = statement.where(Organization.updated_at >= since)
    rows = db.session.connection().execute(statement).all()  # Core rows: faster than ORM's
    if q:
        words = fold(q).split()
        rows = [r for r in rows if matches(words, r.nom, r.sigle, r.presentation_resume)]
    return rows


@bp.get("/organisations")
def organizations():
    pagination = Pagination.from_args()
    q = params.text(request.args)
    filters = directory_filters()
    kind = params.choice(request.args, "type", [str(k) for k in OrganizationKind], "Le type")
    order = params.sort(request.args, ORGANIZATION_SORTS, "pertinence")
    since = since_arg()
    source = exports.source_name()
    last_modified(sync.directory_version())
    if since is None and order == "pertinence":
        results = engine.search(SearchQuery(q=q, **filters, type=kind, page=pagination.page,
                                            per_page=pagination.per_page))
        pagination.check(results.total)
        page_ids, total = results.ids, results.total
    else:
        rows = _organization_rows(q, filters, kind, since)
        rows = sorted_rows(rows, "nom" if order == "pertinence" else order, lambda r: r.nom,
                       lambda r: (folded(r.nom), r.id))
        page_ids, total = [r.id for r in pagination.slice(rows)], len(rows)
    by_id = {org.id: org for org in db.session.scalars(
        select(Organization)
        .where(listings.published_condition(), Organization.id.in_(page_ids or [0]))
        .options(*SUMMARY_OPTIONS)
    )}
    data = [serializers.organization_summary(by_id[i], source) for i in page_ids if i in by_id]
    withdrawn = sync.withdrawn_organizations(since, source) if since is not None else None
    return paginated(data, total, pagination, withdrawn)


@bp.get("/organisations/<slug>")
def organization(slug: str):
    if "\x00" in slug or len(slug) > 200:
        raise ApiError(404, "Aucune organisation publiée ne porte ce nom court.")
    org = db.session.scalars(
        select(Organization).where(Organization.slug == slug)
        .options(*listings.full_organization_options())
    ).one_or_none()
    if org is None or org.status not in (Status.PUBLISHED, Status.ARCHIVED):
        raise ApiError(404, f"Aucune organisation publiée ne porte le nom court « {slug} ».")
    if org.status == Status.ARCHIVED or org.archived_at is not None:
        raise ApiError(410, f"La fiche « {org.nom} » a été retirée de l'annuaire.")
    last_modified(sync.directory_version())
    return jsonify(serializers.organization(org, exports.source_name()))


# Services -------------------------------------------------------------------------------------

SERVICE_OPTIONS = (
    selectinload(Service.organization),
    selectinload(Service.themes),
    selectinload(Service.publics),
    selectinload(Service.communes),
    selectinload(Service.place).selectinload(Place.commune),
)
SERVICE_SORTS = ("organisation", "nom", "-nom", "modifie_le", "-modifie_le")


def _service_statement():
    return (
        select(Service)
        .join(Organization, Organization.id == Service.organization_id)
        .where(listings.published_condition(), Service.archived_at.is_(None))
    )


@bp.get("/services")
def services():
    """Filters in SQL on light rows; text match and French order in Python (a territory holds a
    few thousand services); only the requested page is loaded in full."""
    pagination = Pagination.from_args()
    q = params.text(request.args)
    filters = directory_filters()
    kind = params.choice(request.args, "type", sorted(exports.DI_TYPES), "Le type de service")
    org_slug = organization_arg()
    order = params.sort(request.args, SERVICE_SORTS, "organisation")
    since = since_arg()
    source = exports.source_name()
    last_modified(sync.directory_version())
    columns = [Service.id, Service.position, Service.nom, Organization.nom.label("org_nom")]
    if order in ("modifie_le", "-modifie_le"):  # else not read: thousands of dates to convert
        columns += [Service.updated_at, Organization.updated_at.label("org_updated_at")]
    if q:
        columns += [Service.description, Organization.sigle]
    statement = (
        select(*columns)
        .join(Organization, Organization.id == Service.organization_id)
        .where(listings.published_condition(), Service.archived_at.is_(None))
    )
    if filters["theme"]:
        theme = listings.all_themes()[filters["theme"]]
        ids = [theme.id, *(child.id for child in theme.children)]
        statement = statement.where(Service.themes.any(Theme.id.in_(ids)))
    if filters["public"]:
        statement = statement.where(Service.publics.any(Public.slug == filters["public"]))
    if filters["commune"]:
        slug = filters["commune"]
        statement = statement.where(or_(
            Service.communes.any(Commune.slug == slug),
            Service.place.has(Place.commune.has(Commune.slug == slug)),
        ))
    if kind:
        statement = statement.where(Service.type == kind)
    if org_slug:
        statement = statement.where(Organization.slug == org_slug)
    if since is not None:
        statement = statement.where(or_(Service.updated_at >= since,
                                        Organization.updated_at >= since))
    # Core rows, not the ORM's: its per-row processing was half the time of a list.
    dated = order in ("modifie_le", "-modifie_le")
    rows = [_ServiceRow(r, dated) for r in db.session.connection().execute(statement).all()]
    if q:
        words = fold(q).split()
        rows = [r for r in rows
                if matches(words, r.row.nom, r.row.description, r.row.org_nom, r.row.sigle)]
    rows = sorted_rows(rows, order, lambda r: r.row.nom,
                   lambda r: (folded(r.row.org_nom), r.row.position, r.id))
    page_ids = [r.id for r in pagination.slice(rows)]
    loaded = {s.id: s for s in db.session.scalars(
        select(Service).where(Service.id.in_(page_ids or [0])).options(*SERVICE_OPTIONS)
    )}
    page = [loaded[i] for i in page_ids if i in loaded]
    contacts = listings.public_contacts(sorted({s.organization_id for s in page}))
    withdrawn = sync.withdrawn_services(since, source) if since is not None else None
    return paginated([serializers.service(s, contacts, source) for s in page], len(rows),
                     pagination, withdrawn)


class _ServiceRow:
    """A service's light row, modified when it or its organisation last changed."""

    __slots__ = ("row", "id", "modified")

    def __init__(self, row, dated: bool):
        self.row, self.id = row, row[0]
        self.modified = max(row.updated_at, row.org_updated_at) if dated else None


@bp.get("/services/<int:service_id>")
def service(service_id: int):
    found = db.session.scalars(
        _service_statement().where(Service.id == service_id).options(*SERVICE_OPTIONS)
    ).one_or_none()
    if found is None:
        raise ApiError(404, f"Aucun service publié ne porte le numéro {service_id}.")
    contacts = listings.public_contacts([found.organization_id])
    last_modified(sync.directory_version())
    return jsonify(serializers.service(found, contacts, exports.source_name()))
