"""Read-only queries of the partner directory: services by need and commune, and what a
visitor may see of them (professionals-only fields and correspondents).

The partner search reads the database, not the Whoosh index: the index holds organisations'
public fields only, and a territory has a few thousand services at most.
"""

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.models import Commune, Contact, Organization, Place, Service, Theme
from directory.models.service import PRO_ONLY_FIELDS
from directory.permissions import is_professional
from directory.search.analysis import french_analyzer, query_words
from directory.vocabularies import ContactVisibility, OrganizationKind, Status

_ANALYZER = french_analyzer()
#: Weight of a query word found in each part of a service.
WEIGHTS = (("nom", 4), ("themes", 3), ("organization", 2), ("publics", 2), ("text", 1))
#: Partner structures and public services before associations, at equal coverage and score.
KIND_ORDER = {OrganizationKind.PUBLIC_SERVICE: 0, OrganizationKind.PARTNER: 0,
              OrganizationKind.ASSOCIATION: 1}
LOAD_OPTIONS = (
    selectinload(Service.organization).selectinload(Organization.communes),
    selectinload(Service.themes).selectinload(Theme.parent),
    selectinload(Service.publics),
    selectinload(Service.communes),
    selectinload(Service.place).selectinload(Place.commune),
)


@dataclass(frozen=True)
class PartnerQuery:
    #: The need, as typed ("aide alimentaire", "garde d'enfant").
    q: str = ""
    #: Where the beneficiary lives (commune slug): services covering it come first.
    commune: str | None = None
    theme: str | None = None
    public: str | None = None
    #: A ReceptionDetail value.
    mode: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass
class PartnerHit:
    service: Service
    #: The service covers the beneficiary's commune.
    covers: bool
    score: int


@dataclass
class PartnerResults:
    query: PartnerQuery
    hits: list[PartnerHit]
    total: int
    #: How many of all the matches cover the commune.
    covering: int = 0
    communes: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def _stems(text: str) -> set[str]:
    return {t.text for t in _ANALYZER(text or "")}


def coverage(service: Service) -> set[str]:
    """Commune slugs where the service reaches people: its zone (else its organisation's),
    its place and its permanences."""
    slugs = {c.slug for c in (service.communes or service.organization.communes)}
    if service.place is not None:
        slugs.add(service.place.commune.slug)
    slugs.update(p.get("commune") for p in service.permanences or [] if p.get("commune"))
    return slugs


def _theme_slugs(service: Service) -> set[str]:
    slugs = set()
    for theme in service.themes:
        slugs.add(theme.slug)
        if theme.parent is not None:
            slugs.add(theme.parent.slug)
    return slugs


def _score(service: Service, words: list[tuple[str, str]]) -> int:
    """Sum of weights of the parts where each query word appears; 0 when a word is missing."""
    parts = {
        "nom": _stems(service.nom),
        "themes": _stems(" ".join(t.full_name for t in service.themes)),
        "organization": _stems(f"{service.organization.nom} {service.organization.sigle or ''}"),
        "publics": _stems(" ".join(p.name for p in service.publics)),
        # Public fields only: what a professional types must not find a service through its
        # professionals-only notes, since anonymous visitors search here too.
        "text": _stems(" ".join(filter(None, (service.description, service.conditions_acces,
                                              service.type)))),
    }
    total = 0
    for _word, stem in words:
        found = sum(weight for name, weight in WEIGHTS if stem in parts[name])
        if not found:
            return 0
        total += found
    return total


def _candidates(query: PartnerQuery) -> list[Service]:
    statement = (
        select(Service)
        .join(Service.organization)
        .where(Service.archived_at.is_(None), Organization.status == Status.PUBLISHED,
               Organization.archived_at.is_(None))
        .options(*LOAD_OPTIONS)
    )
    if query.public:
        statement = statement.where(Service.publics.any(slug=query.public))
    if query.theme:
        statement = statement.where(or_(
            Service.themes.any(Theme.slug == query.theme),
            Service.themes.any(Theme.parent.has(Theme.slug == query.theme)),
        ))
    services = list(db.session.scalars(statement).unique())
    if query.mode:
        services = [s for s in services if query.mode in (s.modalites_accueil or [])]
    return services


def search_services(query: PartnerQuery) -> PartnerResults:
    """Services matching the need and filters; those covering the commune first, then the
    best matches, partner structures before associations, then by name."""
    words = query_words(query.q)
    hits = []
    for service in _candidates(query):
        score = _score(service, words) if words else 1
        if score:
            covers = bool(query.commune) and query.commune in coverage(service)
            hits.append(PartnerHit(service, covers, score))
    hits.sort(key=lambda h: (
        not h.covers, -h.score, KIND_ORDER.get(h.service.organization.kind, 1),
        h.service.organization.nom.lower(), h.service.nom.lower(), h.service.id,
    ))
    start = (query.page - 1) * query.per_page
    return PartnerResults(
        query=query,
        hits=hits[start:start + query.per_page],
        total=len(hits),
        covering=sum(1 for h in hits if h.covers),
        communes=commune_names(),
    )


def commune_names() -> dict[str, str]:
    return {c.slug: c.name for c in db.session.scalars(select(Commune).order_by(Commune.name))}


def visible_service(service_id: int) -> Service | None:
    """A current service of a published organisation, or None."""
    service = db.session.get(Service, service_id)
    if service is None or service.archived_at is not None:
        return None
    org = service.organization
    if org.status != Status.PUBLISHED or org.archived_at is not None:
        return None
    return service


def contacts_for(service: Service, user) -> list[Contact]:
    """The service's contacts then its structure's; professionals-only ones for professionals
    and staff alone."""
    return _contacts(service, is_professional(user))


def _contacts(service: Service, professional: bool) -> list[Contact]:
    statement = (
        select(Contact)
        .where(Contact.organization_id == service.organization_id,
               Contact.archived_at.is_(None),
               or_(Contact.service_id.is_(None), Contact.service_id == service.id))
        .order_by(Contact.service_id.is_(None), Contact.position, Contact.id)
    )
    if not professional:
        statement = statement.where(Contact.visibility == ContactVisibility.PUBLIC)
    return list(db.session.scalars(statement))


def professional_details(service: Service, user) -> dict | None:
    """The professionals-only fields, or None for anyone else."""
    if not is_professional(user):
        return None
    return {name: getattr(service, name) for name in PRO_ONLY_FIELDS}


def referral_recipients(service: Service) -> list[tuple[str, str]]:
    """(address, label) a referral may go to: the service's referral address, its
    correspondents, then the structure's; without duplicates."""
    found: dict[str, str] = {}
    if service.orientation_courriel:
        found[service.orientation_courriel] = "Adresse d'orientation du service"
    for contact in _contacts(service, professional=True):
        if contact.courriel and contact.courriel not in found:
            role = f" – {contact.role}" if contact.role else ""
            found[contact.courriel] = f"{contact.label}{role}"
    org = service.organization
    if org.courriel and org.courriel not in found:
        found[org.courriel] = f"Accueil de la structure ({org.nom})"
    return list(found.items())
