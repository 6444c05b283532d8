"""What printed editions may show of the directory: public fields only, as plain dataclasses.

Templates of printed editions receive these views, never ORM objects: a template cannot reach a
"professionnels" contact or a professionals-only service field (models.service.PRO_ONLY_FIELDS)
because nothing here copies them.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from directory.core.dates import date_fr
from directory.core.extensions import db
from directory.core.text import fold, french_order
from directory.listings import queries as listings
from directory.listings.models.contact import Contact
from directory.listings.models.organization import (
    Organization,
    organization_communes,
    organization_places,
    organization_publics,
    organization_themes,
)
from directory.listings.models.place import Place
from directory.listings.models.service import (
    Service,
    service_communes,
    service_publics,
    service_themes,
)
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    FEES_LABELS,
    ORGANIZATION_KIND_LABELS,
    OrganizationKind,
)
from directory.volunteering import queries as volunteering
from directory.volunteering.models import Mission


@dataclass(frozen=True)
class ContactView:
    label: str
    role: str | None
    telephone: str | None
    courriel: str | None


@dataclass(frozen=True)
class PermanenceView:
    commune_slug: str | None
    commune: str | None
    lieu: str | None
    horaires: str | None


@dataclass
class ServiceView:
    id: int
    nom: str
    description: str | None
    horaires: str | None
    lieu: str | None
    #: Slug of the commune of its place, if any.
    commune_slug: str | None
    age_range: str | None
    tarif: str | None
    publics: list[str]
    public_slugs: set[str]
    theme_slugs: set[str]
    commune_slugs: set[str]
    permanences: list[PermanenceView]
    contacts: list[ContactView]


@dataclass
class ListingView:
    id: int
    slug: str
    nom: str
    sigle: str | None
    kind: str
    kind_label: str
    resume: str | None
    url: str
    communes: list[str]
    addresses: list[str]
    telephone: str | None
    courriel: str | None
    site_web: str | None
    horaires: str | None
    contacts: list[ContactView]
    services: list[ServiceView]
    theme_slugs: set[str]
    public_slugs: set[str]
    #: Communes where it acts, has an address, an activity or a permanence.
    commune_slugs: set[str]
    #: Communes of its addresses (seat and other sites).
    seat_commune_slugs: set[str]
    #: Communes where it is physically present: addresses, activities, permanences.
    presence_commune_slugs: set[str]
    #: Communes where it declares it acts (intervention area).
    acting_commune_slugs: set[str]
    #: Taxonomy order of its themes, (parent position, child position, slug).
    theme_keys: list[tuple] = field(default_factory=list)
    #: Its « Facile à lire » text, printed under it.
    easy_read: str | None = None
    #: Its open volunteer missions (the paper directory fills them in, see load_missions).
    missions: list["MissionView"] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"structure-{self.id}"

    @property
    def sort_key(self) -> tuple:
        return (french_order(self.nom), self.id)

    @property
    def initial(self) -> str:
        """Index letter: "É" files under "E", "Œ" under "O", digits and signs under "0-9"."""
        first = fold(self.nom.strip(), ligatures=True)[:1].upper()
        return first if first.isalpha() else "0-9"

    @property
    def is_association(self) -> bool:
        return self.kind == OrganizationKind.ASSOCIATION


def load_listings(url_for_listing: Callable[[str], str]) -> list[ListingView]:
    """Every visible organisation as a print view, in French alphabetical order."""
    orgs = listings.published_organizations()
    contacts: dict[int, list[Contact]] = {}
    for contact in listings.public_contacts([o.id for o in orgs]):
        contacts.setdefault(contact.organization_id, []).append(contact)
    all_communes = db.session.scalars(select(Commune)).all()
    communes = {c.slug: c.name for c in all_communes}
    territory = {c.slug for c in all_communes if c.in_territory}
    return [
        _listing_view(org, contacts.get(org.id, []), communes, territory, url_for_listing)
        for org in orgs
    ]


def _contact_view(c: Contact) -> ContactView:
    return ContactView(c.label, c.role, c.telephone, c.courriel)


def _theme_key(theme: Theme) -> tuple:
    if theme.parent is None:
        return (theme.position, -1, theme.slug)
    return (theme.parent.position, theme.position, theme.slug)


def _theme_slugs(themes: list[Theme]) -> set[str]:
    """A theme's slug and its parent's: a guide asking for "sport" finds "cyclisme" too."""
    slugs = set()
    for theme in themes:
        slugs.add(theme.slug)
        if theme.parent is not None:
            slugs.add(theme.parent.slug)
    return slugs


def _service_view(
    service: Service, contacts: list[Contact], communes: dict[str, str]
) -> ServiceView:
    tarif = None
    if service.frais or service.frais_precisions:
        label = FEES_LABELS.get(service.frais, service.frais) if service.frais else ""
        tarif = " : ".join(p for p in (label, service.frais_precisions) if p)
    permanences = []
    for row in service.permanences or []:
        if not isinstance(row, dict):
            continue
        slug = row.get("commune") or None
        permanences.append(
            PermanenceView(slug, communes.get(slug) if slug else None, row.get("lieu") or None,
                           row.get("horaires") or None)
        )
    commune_slugs = {c.slug for c in service.communes}
    if service.place is not None:
        commune_slugs.add(service.place.commune.slug)
    commune_slugs.update(p.commune_slug for p in permanences if p.commune_slug)
    return ServiceView(
        id=service.id,
        nom=service.nom,
        description=service.description,
        horaires=service.horaires,
        lieu=service.place.one_line if service.place is not None else None,
        commune_slug=service.place.commune.slug if service.place is not None else None,
        age_range=service.age_range,
        tarif=tarif,
        publics=[p.name for p in sorted(service.publics, key=lambda p: p.position)],
        public_slugs={p.slug for p in service.publics},
        theme_slugs=_theme_slugs(service.themes),
        commune_slugs=commune_slugs,
        permanences=permanences,
        contacts=[_contact_view(c) for c in contacts if c.service_id == service.id],
    )


def _listing_view(
    org: Organization,
    contacts: list[Contact],
    communes: dict[str, str],
    territory: set[str],
    url_for_listing: Callable[[str], str],
) -> ListingView:
    services = [
        _service_view(s, contacts, communes) for s in org.services if s.archived_at is None
    ]
    presence = {p.commune.slug for p in org.places}
    for s in services:
        presence |= {p.commune_slug for p in s.permanences if p.commune_slug}
        if s.commune_slug:
            presence.add(s.commune_slug)
    acting = {c.slug for c in org.communes}
    commune_slugs = presence | acting
    return ListingView(
        id=org.id,
        slug=org.slug,
        nom=org.nom,
        sigle=org.sigle,
        kind=org.kind,
        kind_label=ORGANIZATION_KIND_LABELS.get(org.kind, org.kind),
        resume=org.presentation_resume,
        url=url_for_listing(org.slug),
        communes=_commune_names(org, territory),
        addresses=[p.one_line for p in org.places],
        telephone=org.telephone,
        courriel=org.courriel,
        site_web=org.site_web if (org.site_web or "").startswith(("https://", "http://")) else None,
        horaires=org.horaires_accueil,
        contacts=[_contact_view(c) for c in contacts if c.service_id is None],
        services=services,
        theme_slugs=_theme_slugs(org.themes),
        public_slugs={p.slug for p in org.publics},
        commune_slugs=commune_slugs,
        seat_commune_slugs={p.commune.slug for p in org.places},
        presence_commune_slugs=presence,
        acting_commune_slugs=acting,
        theme_keys=sorted(_theme_key(t) for t in org.themes),
        easy_read=org.easy_read or None,
    )


def _commune_names(org: Organization, territory: set[str]) -> list[str]:
    """Where it acts; the whole territory in three words rather than two dozen names."""
    acting = {c.slug for c in org.communes}
    if territory and territory <= acting:
        others = sorted((c.name for c in org.communes if c.slug not in territory),
                        key=french_order)
        return ["toutes les communes du territoire", *others]
    return sorted((c.name for c in org.communes), key=french_order)


# Volunteer missions --------------------------------------------------------------------------

@dataclass(frozen=True)
class MissionView:
    """A mission as paper shows it: never its contact address (volunteers write through the
    mission's form online, reached by its QR code)."""

    id: int
    organization_id: int
    organization: str
    title: str
    description: str
    regularity: str
    schedule: str | None
    frequency: str | None
    where: str | None
    skills: str | None
    period: str
    url: str

    @property
    def anchor(self) -> str:
        return f"mission-{self.id}"


def _period(mission: Mission, today: date) -> str:
    start = f"à partir du {date_fr(mission.starts_on)}" if mission.starts_on > today else ""
    end = f"jusqu'au {date_fr(mission.ends_on)}" if mission.ends_on else ""
    return " ".join(p for p in (start, end) if p) or "dès maintenant"


def load_missions(url_for_mission: Callable[[int], str], today: date) -> list[MissionView]:
    """Open missions of published organisations, by organisation then title (French order)."""
    missions = db.session.scalars(
        select(Mission).where(volunteering.open_condition(today))
        .options(*volunteering.MISSION_OPTIONS)).all()
    views = [
        MissionView(
            id=m.id, organization_id=m.organization_id, organization=m.organization.nom,
            title=m.title, description=m.description, regularity=m.regularity_label,
            schedule=m.schedule, frequency=m.frequency,
            where=", ".join(p for p in (m.place, m.commune.name if m.commune else None) if p)
            or None,
            skills=m.skills, period=_period(m, today), url=url_for_mission(m.id),
        )
        for m in missions
    ]
    return sorted(views, key=lambda v: (french_order(v.organization), french_order(v.title),
                                        v.id))


def attach_missions(listings: list[ListingView], missions: list[MissionView]) -> None:
    """Each listing names its missions (printed in the volunteering section)."""
    by_org: dict[int, list[MissionView]] = {}
    for m in missions:
        by_org.setdefault(m.organization_id, []).append(m)
    for listing in listings:
        listing.missions = by_org.get(listing.id, [])


# Themes --------------------------------------------------------------------------------------

@dataclass
class ThemeGroup:
    """A child theme (or a parent's own listings) with the listings printed in full under it."""

    slug: str
    name: str
    anchor: str
    listings: list[ListingView]
    #: Listings printed under another theme, referred to by name and page.
    see_also: list[ListingView]


@dataclass
class ParentSection:
    slug: str
    name: str
    anchor: str
    groups: list[ThemeGroup]

    @property
    def count(self) -> int:
        return sum(len(g.listings) for g in self.groups)


def by_theme(listings: list[ListingView]) -> tuple[list[ParentSection], list[ListingView]]:
    """Parent theme > theme sections; each listing printed once, under its first theme in
    taxonomy order, and named with its page under its other themes.

    Returns the sections that hold something, and the listings without any theme.
    """
    parents = db.session.scalars(
        select(Theme)
        .where(Theme.parent_id.is_(None))
        .order_by(Theme.position, Theme.id)
        .options(selectinload(Theme.children))
    ).all()
    full: dict[str, list[ListingView]] = {}
    mentions: dict[str, list[ListingView]] = {}
    unclassified = []
    for listing in listings:
        if not listing.theme_keys:
            unclassified.append(listing)
            continue
        first, *others = listing.theme_keys
        full.setdefault(first[2], []).append(listing)
        for key in others:
            if listing not in mentions.setdefault(key[2], []):
                mentions[key[2]].append(listing)
    sections = []
    for parent in parents:
        groups = []
        for theme in [parent, *parent.children]:
            own = full.get(theme.slug, [])
            also = [m for m in mentions.get(theme.slug, []) if m not in own]
            if own or also:
                name = "Généralités" if theme is parent else theme.name
                groups.append(ThemeGroup(theme.slug, name, f"theme-{theme.slug}", own, also))
        if groups:
            sections.append(ParentSection(parent.slug, parent.name, f"theme-{parent.slug}", groups))
    return sections, unclassified


# Communes ------------------------------------------------------------------------------------

@dataclass
class CommuneEntry:
    slug: str
    name: str
    postal_code: str | None
    listings: list[ListingView]


def territory_wide(listings: list[ListingView], communes: list[Commune]) -> list[ListingView]:
    """Listings acting in half the territory's communes or more (CIAS, ADMR, Mission Locale):
    named once rather than under every commune."""
    slugs = {c.slug for c in communes}
    if not slugs:
        return []
    return [v for v in listings if len(v.acting_commune_slugs & slugs) * 2 >= len(slugs)]


def by_commune(listings: list[ListingView], skip: list[ListingView] = ()) -> list[CommuneEntry]:
    """Communes of the territory (and others named by a listing), each with its listings:
    present there (address, activity, permanence) or acting there; those in `skip` only when
    present."""
    skipped = {v.id for v in skip}
    communes = db.session.scalars(select(Commune)).all()
    entries = []
    for commune in communes:
        found = [
            v for v in listings
            if commune.slug in v.presence_commune_slugs
            or (commune.slug in v.acting_commune_slugs and v.id not in skipped)
        ]
        if commune.in_territory or found:
            entries.append(CommuneEntry(commune.slug, commune.name, commune.postal_code, found))
    entries.sort(key=lambda e: french_order(e.name))
    return entries


def territory_commune(slug: str) -> Commune | None:
    return db.session.scalars(
        select(Commune).where(Commune.slug == slug, Commune.in_territory.is_(True))
    ).one_or_none()


# Data version --------------------------------------------------------------------------------

def data_version() -> str:
    """A short hash that changes whenever anything a printed edition shows may have changed.

    Row counts and latest update times of the tables, plus every classification link (links
    carry no timestamp): a few cheap queries, so a cached PDF can be trusted without rebuilding.
    """
    digest = hashlib.sha256()
    for model in (Organization, Service, Contact, Place, Commune, Theme, Public, Mission):
        row = db.session.execute(
            select(func.count(), func.max(getattr(model, "updated_at", model.id)))
            .select_from(model)
        ).one()
        digest.update(repr((model.__tablename__, row[0], str(row[1]))).encode())
    for table in (
        organization_themes,
        organization_publics,
        organization_communes,
        organization_places,
        service_themes,
        service_publics,
        service_communes,
    ):
        columns = list(table.c)
        for row in db.session.execute(select(*columns).order_by(*columns)):
            digest.update(repr(tuple(row)).encode())
    # Theme and public names have no timestamp either.
    for row in db.session.execute(select(Theme.slug, Theme.name, Theme.parent_id, Theme.position)):
        digest.update(repr(tuple(row)).encode())
    for row in db.session.execute(select(Public.slug, Public.name, Public.position)):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:20]
