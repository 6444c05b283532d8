"""Read-only queries of the partner directory: services by need and commune, and contacts.

Read-only queries of the partner directory: services by need and commune, and what a
visitor may see of them (professionals-only fields and correspondents).

The partner search reads the database, not the Whoosh index: the index holds organisations'
public fields only, and a territory has a few thousand services at most.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, selectinload

from directory.accounts.permissions import is_professional
from directory.core.extensions import db
from directory.core.text import fold, french_order
from directory.listings.models.contact import Contact
from directory.listings.models.organization import (
    Organization,
    organization_communes,
    organization_themes,
)
from directory.listings.models.place import Place
from directory.listings.models.service import (
    PRO_ONLY_FIELDS,
    Service,
    service_communes,
    service_publics,
    service_themes,
)
from directory.search.analysis import french_analyzer, query_words
from directory.search.query import groups_of
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status

_ANALYZER = french_analyzer()
#: Weight of a query word found in each part of a service.
WEIGHTS = (("nom", 4), ("themes", 3), ("organization", 2), ("publics", 2), ("text", 1),
           ("structure", 1))
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
    #: Only services created or changed after this (the alerts of saved searches).
    changed_since: datetime | None = None


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
    #: (words matched, words of the query): fewer than all when only partial matches were found.
    matched_words: tuple[int, int] = (0, 0)

    @property
    def partial(self) -> bool:
        return self.total > 0 and self.matched_words[0] < self.matched_words[1]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def _stems(text: str) -> set[str]:
    return {t.text for t in _ANALYZER(text or "")}


@dataclass
class _Candidate:
    """What ranking needs of a service, read as plain rows (loading every service as ORM
    objects with their collections costs seconds on a large territory)."""

    id: int
    organization_id: int
    kind: str
    sort: tuple
    parts: dict[str, str]
    #: Reaches the beneficiary's commune: its zone (else its organisation's), its place or
    #: one of its permanences is there.
    covers: bool


def _pairs(statement) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for key, value in db.session.execute(statement):
        grouped.setdefault(key, []).append(value)
    return grouped


#: For services described before the finer modes (or imported): what their data·inclusion
#: modes say at least.
FROM_MODES = {"en-presentiel": "sur-place", "a-distance": "telephone"}


def reception_details(service) -> list[str]:
    """The finer reception modes of a service (or a row), inferred from data·inclusion's
    `modes_accueil` when none were given."""
    if service.modalites_accueil:
        return list(service.modalites_accueil)
    return [FROM_MODES[m] for m in service.modes_accueil or [] if m in FROM_MODES]


def _covered(slug: str) -> dict[str, set[int]]:
    """Ids of services whose zone holds the commune, of services with a zone at all, and of
    organisations acting there (the zone of their services without one)."""
    commune_id = select(Commune.id).where(Commune.slug == slug).scalar_subquery()
    return {
        "services": set(db.session.scalars(select(service_communes.c.service_id)
                                           .where(service_communes.c.commune_id == commune_id))),
        "zoned": set(db.session.scalars(select(service_communes.c.service_id).distinct())),
        "organizations": set(db.session.scalars(
            select(organization_communes.c.organization_id)
            .where(organization_communes.c.commune_id == commune_id))),
    }


def _candidates(query: PartnerQuery) -> list[_Candidate]:
    statement = (
        select(Service.id, Service.organization_id, Service.nom, Service.description,
               Service.conditions_acces, Service.type, Service.modalites_accueil,
               Service.modes_accueil,
               Service.permanences, Organization.nom.label("org_nom"), Organization.sigle,
               Organization.presentation_resume.label("org_resume"),
               Organization.description.label("org_description"),
               Organization.kind, Commune.slug.label("place_commune"))
        .join(Organization, Service.organization_id == Organization.id)
        .outerjoin(Place, Service.place_id == Place.id)
        .outerjoin(Commune, Place.commune_id == Commune.id)
        .where(Service.archived_at.is_(None), Organization.status == Status.PUBLISHED,
               Organization.archived_at.is_(None))
    )
    if query.changed_since is not None:
        statement = statement.where(or_(Service.created_at > query.changed_since,
                                        Service.updated_at > query.changed_since))
    if query.public:
        statement = statement.where(Service.publics.any(slug=query.public))
    if query.theme:
        statement = statement.where(or_(
            Service.themes.any(Theme.slug == query.theme),
            Service.themes.any(Theme.parent.has(Theme.slug == query.theme)),
        ))
    rows = [r for r in db.session.execute(statement)
            if not query.mode or query.mode in reception_details(r)]
    covered = _covered(query.commune) if query.commune else None
    themes, publics, org_themes = {}, {}, {}
    if query_words(query.q):
        parent = aliased(Theme)
        themes = _pairs(select(service_themes.c.service_id,
                               func.coalesce(parent.name + " ", "") + Theme.name)
                        .join(Theme, Theme.id == service_themes.c.theme_id)
                        .outerjoin(parent, parent.id == Theme.parent_id))
        publics = _pairs(select(service_publics.c.service_id, Public.name)
                         .join(Public, Public.id == service_publics.c.public_id))
        # A structure's themes and description describe its services too (« logement »).
        org_themes = _pairs(select(organization_themes.c.organization_id,
                                   func.coalesce(parent.name + " ", "") + Theme.name)
                            .join(Theme, Theme.id == organization_themes.c.theme_id)
                            .outerjoin(parent, parent.id == Theme.parent_id))
    candidates = []
    for r in rows:
        covers = covered is not None and (
            r.id in covered["services"]
            or (r.id not in covered["zoned"] and r.organization_id in covered["organizations"])
            or r.place_commune == query.commune
            or any(p.get("commune") == query.commune for p in r.permanences or [])
        )
        candidates.append(_Candidate(
            id=r.id, organization_id=r.organization_id, kind=r.kind,
            sort=(r.org_nom.lower(), r.nom.lower(), r.id),
            parts={
                "nom": r.nom,
                "themes": " ".join(themes.get(r.id, [])),
                "organization": f"{r.org_nom} {r.sigle or ''}",
                "publics": " ".join(publics.get(r.id, [])),
                # Public fields only: a search must not find a service through its
                # professionals-only notes, since anonymous visitors search here too.
                "text": " ".join(filter(None, (r.description, r.conditions_acces, r.type))),
                "structure": " ".join(filter(None, (
                    *org_themes.get(r.organization_id, []), r.org_resume, r.org_description,
                ))),
            },
            covers=covers,
        ))
    return candidates


def _folded_words(text: str) -> set[str]:
    return set(fold(text, ligatures=True, ascii_only=True).lower().split())


def _score(candidate: _Candidate, groups) -> tuple[int, int]:
    """(groups found, sum of weights): each group of the query (a word or phrase of the
    vocabulary, or one of its alternatives) scores its best alternative."""
    parts = {name: _stems(text) for name, text in candidate.parts.items()}
    folded = None
    found_groups, total = 0, 0
    for alternatives in groups:
        best = 0
        for i, alternative in enumerate(alternatives):
            score = 0
            for word, stem, exact in alternative:
                if exact:
                    if folded is None:
                        folded = _folded_words(" ".join(candidate.parts.values()))
                    found = 4 if word in folded else 0
                else:
                    found = sum(weight for name, weight in WEIGHTS if stem in parts[name])
                if not found:
                    score = 0
                    break
                score += found
            # The person's own words count above the vocabulary's alternatives.
            best = max(best, score * 10 if i == 0 else score * 9)
        if best:
            found_groups += 1
            total += best
    return found_groups, total


def _ranked(query: PartnerQuery) -> tuple[list, int, int]:
    """(covers, score, candidate) of the best matches in order, the words matched, the groups."""
    groups = groups_of(query.q)
    scored = []
    for candidate in _candidates(query):
        count, score = _score(candidate, groups) if groups else (0, 1)
        if score:
            scored.append((count, candidate.covers, score, candidate))
    best = max((count for count, *_ in scored), default=0)
    ranked = [(covers, score, c) for count, covers, score, c in scored if count == best]
    ranked.sort(key=lambda h: (not h[0], -h[1], KIND_ORDER.get(h[2].kind, 1), h[2].sort))
    return ranked, best, len(groups)


def search_services(query: PartnerQuery) -> PartnerResults:
    """Services matching the need and filters; those covering the commune first, then the
    best matches, partner structures before associations, then by name. When no service
    matches every word, those matching the most words, said so."""
    ranked, best, groups = _ranked(query)
    start = (query.page - 1) * query.per_page
    page = ranked[start:start + query.per_page]
    services = {s.id: s for s in db.session.scalars(
        select(Service).where(Service.id.in_([c.id for _, _, c in page])).options(*LOAD_OPTIONS)
    )}
    return PartnerResults(
        query=query,
        hits=[PartnerHit(services[c.id], covers, score) for covers, score, c in page],
        total=len(ranked),
        covering=sum(1 for covers, _, _ in ranked if covers),
        communes=commune_names(),
        matched_words=(best, groups),
    )


def matching_services(query: PartnerQuery) -> list[Service]:
    """Every service the search finds (all its words matched; covering its commune, if it
    names one), in the order of its page: what the alert of a saved search tells of."""
    ranked, best, groups = _ranked(query)
    if best < groups:
        return []  # partial matches only: an alert tells of what the search really finds
    ids = [c.id for covers, _, c in ranked if covers or not query.commune]
    services = {s.id: s for s in db.session.scalars(
        select(Service).where(Service.id.in_(ids)).options(*LOAD_OPTIONS))}
    return [services[i] for i in ids]


def commune_names() -> dict[str, str]:
    communes = sorted(db.session.scalars(select(Commune)), key=lambda c: french_order(c.name))
    return {c.slug: c.name for c in communes}


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
        statement = statement.where(Contact.public_condition())
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
