"""Reading pathways, and what each step lists from the live directory (public data only).

Structures and services come from the printed editions' public views (printing.catalog): a
professionals-only contact or field cannot reach a pathway because those views never copy
them, and only published, non-archived listings are loaded. Events are the agenda's published
ones. Nothing is stored: a new matching service shows at once, an archived one disappears.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import select

from directory.agenda.planning import neighbours
from directory.agenda.queries import AgendaFilters, AgendaOccurrence, occurrences
from directory.core.extensions import db
from directory.core.text import fold
from directory.pathways.models import Pathway, PathwayRevision
from directory.pathways.steps import clean_step, has_rules
from directory.printing.catalog import (
    ListingView,
    PermanenceView,
    ServiceView,
    data_version,
    load_listings,
)
from directory.taxonomy.models import Commune

#: The newcomers' pathway: its page links to each commune's booklet.
NEWCOMERS_SLUG = "je-viens-d-arriver"
#: Structures listed under a step before « voir tout dans l'annuaire ».
MAX_STRUCTURES = 8
MAX_EVENTS = 4
EVENTS_HORIZON = timedelta(days=92)


def visible_pathways() -> list[Pathway]:
    return list(db.session.scalars(Pathway.listed()))


def all_pathways() -> list[Pathway]:
    """For the staff: archived ones last."""
    rows = db.session.scalars(select(Pathway).order_by(Pathway.position, Pathway.id)).all()
    return sorted(rows, key=lambda p: p.archived_at is not None)


def by_slug(slug: str) -> Pathway | None:
    return db.session.scalars(select(Pathway).where(Pathway.slug == slug)).one_or_none()


def history(pathway: Pathway) -> list[PathwayRevision]:
    return list(db.session.scalars(
        select(PathwayRevision).where(PathwayRevision.pathway_id == pathway.id)
        .order_by(PathwayRevision.number.desc())
    ))


def territory_commune(slug: str | None) -> Commune | None:
    if not slug:
        return None
    return db.session.scalars(
        select(Commune).where(Commune.slug == slug, Commune.in_territory.is_(True))
    ).one_or_none()


# What a step lists ----------------------------------------------------------------------------

@dataclass
class Match:
    listing: ListingView
    #: Its services answering the step (near the commune when one is chosen).
    services: list[ServiceView]
    pinned: bool = False
    #: In the chosen commune itself (address, activity, permanence).
    here: bool = False


@dataclass
class StepPermanence:
    listing: ListingView
    service: ServiceView
    permanence: PermanenceView


@dataclass
class StepView:
    number: int
    step: dict
    matches: list[Match] = field(default_factory=list)
    #: How many listings answer it in all (the page shows MAX_STRUCTURES).
    total: int = 0
    permanences: list[StepPermanence] = field(default_factory=list)
    events: list[AgendaOccurrence] = field(default_factory=list)

    @property
    def shown(self) -> list[Match]:
        pinned = [m for m in self.matches if m.pinned]
        return pinned + [m for m in self.matches if not m.pinned][:MAX_STRUCTURES]


def near(commune_slug: str | None) -> set[str] | None:
    """The commune and its neighbours (territory file), None for the whole territory."""
    if not commune_slug:
        return None
    return {commune_slug} | neighbours(commune_slug)


def _wide(listings: list[ListingView], territory: set[str]) -> set[int]:
    """Listings acting in half the territory or more: they serve every commune."""
    if not territory:
        return set()
    return {v.id for v in listings if len(v.acting_commune_slugs & territory) * 2 >= len(territory)}


def _answers(step: dict, themes: set[str], publics: set[str]) -> bool:
    wanted_themes, wanted_publics = set(step["themes"]), set(step["publics"])
    return ((not wanted_themes or bool(themes & wanted_themes))
            and (not wanted_publics or bool(publics & wanted_publics)))


def match_step(step: dict, listings: list[ListingView], commune_slug: str | None = None,
               wide: set[int] = frozenset()) -> tuple[list[Match], list[StepPermanence]]:
    """Listings answering a step's rules (then its pins), and the permanences among them.

    Like the guides: a service answers by its own themes and publics, or its organisation's
    when it has none; an organisation answers by its own classification too. With a commune,
    only what is there or in a neighbouring commune is kept, plus what serves the whole
    territory; what is in the commune itself comes first.
    """
    step = clean_step(step)
    around = near(commune_slug)
    kinds = set(step["kinds"])
    pins = step["pins"]
    found: list[Match] = []
    permanences: list[StepPermanence] = []
    for v in listings:
        pinned = v.slug in pins
        if not pinned and (not has_rules(step) or (kinds and v.kind not in kinds)):
            continue
        services = [
            s for s in v.services
            if _answers(step, s.theme_slugs or v.theme_slugs, s.public_slugs or v.public_slugs)
        ] if has_rules(step) else []
        if not pinned and not services and not _answers(step, v.theme_slugs, v.public_slugs):
            continue
        if around is not None:
            if not pinned and not (v.commune_slugs & around) and v.id not in wide:
                continue
            services = [s for s in services if not s.commune_slugs or s.commune_slugs & around]
        here = commune_slug is not None and commune_slug in v.presence_commune_slugs
        found.append(Match(v, services, pinned, here))
        for s in services:
            for p in s.permanences:
                if around is None or p.commune_slug in around:
                    permanences.append(StepPermanence(v, s, p))
    found.sort(key=lambda m: (pins.index(m.listing.slug) if m.pinned else len(pins),
                              not m.here, m.listing.sort_key))
    permanences.sort(key=lambda p: (p.permanence.commune_slug != commune_slug,
                                    fold(p.permanence.commune or ""), p.listing.sort_key))
    return found, permanences


def step_events(step: dict, commune_slug: str | None = None,
                limit: int = MAX_EVENTS) -> list[AgendaOccurrence]:
    """The next published events answering the step's themes and publics, near the commune."""
    step = clean_step(step)
    if not step["events"] or not has_rules(step):
        return []
    around = near(commune_slug)
    # Events are classified more loosely than listings (a theme, seldom every public): the
    # step's themes pick them, its publics only when it names no theme.
    filters = AgendaFilters(themes=list(step["themes"]),
                            publics=[] if step["themes"] else list(step["publics"]),
                            communes=sorted(around) if around else [])
    filters = filters.with_dates(filters.start, filters.start + EVENTS_HORIZON)
    now = datetime.now(UTC)
    return [o for o in occurrences(filters) if o.end > now and not o.is_cancelled][:limit]


@dataclass
class PathwayPage:
    pathway: Pathway
    steps: list[StepView]
    commune: Commune | None


def public_listings() -> list[ListingView]:
    """Every published listing as a public view, kept per data version of the printed
    editions (a few cheap queries) rather than loaded again for each page view."""
    version = data_version()
    kept = current_app.extensions.get("pathways_listings")
    if kept is None or kept[0] != version:
        kept = (version, load_listings(lambda slug: url_for("public.organization", slug=slug)))
        current_app.extensions["pathways_listings"] = kept
    return kept[1]


def pathway_page(pathway: Pathway, commune: Commune | None,
                 steps: list[dict] | None = None,
                 listings: list[ListingView] | None = None) -> PathwayPage:
    """Every step of `pathway` (or `steps`, a draft being previewed) with what it lists."""
    if listings is None:
        listings = public_listings()
    territory = set(db.session.scalars(select(Commune.slug).where(Commune.in_territory.is_(True))))
    wide = _wide(listings, territory)
    slug = commune.slug if commune else None
    views = []
    for number, step in enumerate(steps if steps is not None else pathway.steps, start=1):
        matches, permanences = match_step(step, listings, slug, wide)
        views.append(StepView(number, clean_step(step), matches, len(matches), permanences,
                              step_events(step, slug)))
    return PathwayPage(pathway, views, commune)
