"""Read-only queries of listings: published organisations, their public contacts, full loads.

Read-only queries behind the public pages: published organisations in order, their public
contacts, and their counts.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.core.extensions import db
from directory.core.text import french_order
from directory.listings.models.contact import Contact
from directory.listings.models.organization import (
    Organization,
    organization_communes,
    organization_places,
    organization_publics,
    organization_themes,
)
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import Status

CARD_OPTIONS = (
    selectinload(Organization.themes).selectinload(Theme.parent),
    selectinload(Organization.communes),
)


def published_condition():
    """Published and not archived: what the public pages (and the search index) show."""
    return (Organization.status == Status.PUBLISHED) & Organization.archived_at.is_(None)


def published_in_order(ids: list[int]) -> list[Organization]:
    """The published organisations among `ids`, in the order given (one query).

    An id the index still holds for an organisation since unpublished is skipped.
    """
    if not ids:
        return []
    rows = db.session.scalars(
        select(Organization)
        .where(published_condition(), Organization.id.in_(ids))
        .options(*CARD_OPTIONS)
    )
    by_id = {org.id: org for org in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Page:
    items: list[Organization]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def alphabetical_page(condition, page: int, per_page: int) -> Page:
    """One page of the published organisations matching `condition`, in French alphabetical order.

    Sorting happens in Python on the folded name: SQL collations differ between SQLite and
    PostgreSQL (and put "Éveil" after "Zumba"); a territory holds a few thousand rows at most.
    """
    names = db.session.execute(
        select(Organization.id, Organization.nom)
        .where(published_condition(), condition)
        .distinct()
    ).all()
    names.sort(key=lambda row: (french_order(row.nom), row.id))
    start = (page - 1) * per_page
    ids = [row.id for row in names[start : start + per_page]]
    return Page(published_in_order(ids), len(names), page, per_page)


def theme_condition(theme: Theme):
    """Organisations classified under a theme or, for a parent theme, under one of its children."""
    ids = [theme.id, *(child.id for child in theme.children)]
    return Organization.id.in_(
        select(organization_themes.c.organization_id).where(organization_themes.c.theme_id.in_(ids))
    )


def _commune_links():
    """(organisation id, commune id) for the communes where an organisation acts or has a place.

    The same rule as the search index's commune facet, so that counts agree between pages.
    """
    acts = select(organization_communes.c.organization_id, organization_communes.c.commune_id)
    seats = select(organization_places.c.organization_id, Place.commune_id).join(
        Place, Place.id == organization_places.c.place_id
    )
    activities = (
        select(Service.organization_id, Place.commune_id)
        .join(Place, Place.id == Service.place_id)
        .where(Service.archived_at.is_(None))
    )
    return acts.union(seats, activities).subquery()


def commune_condition(commune: Commune):
    links = _commune_links()
    return Organization.id.in_(
        select(links.c.organization_id).where(links.c.commune_id == commune.id)
    )


def _published_links(table, column):
    return db.session.execute(
        select(table.c.organization_id, column)
        .join(Organization, Organization.id == table.c.organization_id)
        .where(published_condition())
    ).all()


def theme_counts() -> dict[int, int]:
    """Published organisations per theme id; a parent counts those of its children once each."""
    parents = dict(db.session.execute(select(Theme.id, Theme.parent_id)).all())
    orgs = defaultdict(set)
    for org_id, theme_id in _published_links(organization_themes, organization_themes.c.theme_id):
        orgs[theme_id].add(org_id)
        if parents.get(theme_id):
            orgs[parents[theme_id]].add(org_id)
    return {theme_id: len(ids) for theme_id, ids in orgs.items()}


def public_counts() -> dict[int, int]:
    counts = defaultdict(int)
    for _, public_id in _published_links(organization_publics, organization_publics.c.public_id):
        counts[public_id] += 1
    return dict(counts)


def commune_counts() -> dict[int, int]:
    links = _commune_links()
    counts = defaultdict(int)
    for _, commune_id in _published_links(links, links.c.commune_id):
        counts[commune_id] += 1
    return dict(counts)


def top_themes() -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme)
            .where(Theme.parent_id.is_(None))
            .order_by(Theme.position)
            .options(selectinload(Theme.children))
        )
    )


def all_themes() -> dict[str, Theme]:
    """Every theme by slug, parents loaded (the taxonomy holds a few dozen)."""
    themes = db.session.scalars(select(Theme).options(selectinload(Theme.children))).all()
    return {t.slug: t for t in themes}


def all_publics() -> list[Public]:
    return list(db.session.scalars(select(Public).order_by(Public.position)))


def territory_communes() -> list[Commune]:
    communes = db.session.scalars(select(Commune).where(Commune.in_territory.is_(True))).all()
    return sorted(communes, key=lambda c: french_order(c.name))


def all_communes() -> dict[str, Commune]:
    return {c.slug: c for c in db.session.scalars(select(Commune))}


def full_organization_options():
    """Everything shown of an organisation (page, API, exports, print), loaded up front."""
    return (
        selectinload(Organization.themes).selectinload(Theme.parent),
        selectinload(Organization.publics),
        selectinload(Organization.communes),
        selectinload(Organization.places).selectinload(Place.commune),
        selectinload(Organization.services).selectinload(Service.publics),
        selectinload(Organization.services).selectinload(Service.themes),
        selectinload(Organization.services).selectinload(Service.communes),
        selectinload(Organization.services)
        .selectinload(Service.place)
        .selectinload(Place.commune),
    )


def published_organizations() -> list[Organization]:
    """Every published organisation, fully loaded, in French alphabetical order."""
    orgs = db.session.scalars(
        select(Organization).where(published_condition()).options(*full_organization_options())
    ).all()
    return sorted(orgs, key=lambda o: (french_order(o.nom), o.id))


def public_contacts(org_ids: list[int]) -> list[Contact]:
    """Public contacts of these organisations (and of their services), in their order."""
    if not org_ids:
        return []
    return list(db.session.scalars(
        select(Contact)
        .where(Contact.organization_id.in_(org_ids), Contact.public_condition())
        .order_by(Contact.position, Contact.id)
    ))
