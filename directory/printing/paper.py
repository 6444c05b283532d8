"""The paper directory, guides per public and commune posters: HTML from templates, PDF builders.

Built by the job worker and kept in the database (printing.store).

Needs a request context (templates use url_for); the QR codes' absolute URLs come from the
configured public address (DIRECTORY_PUBLIC_URL, core.urls).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import render_template

from directory.core.config import ROOT
from directory.core.dates import today_paris
from directory.core.urls import absolute_url
from directory.listings.queries import territory_communes
from directory.printing import catalog, guides, store
from directory.printing.pdf import render_document, render_pdf
from directory.printing.qr import edition_code, qr_svg, scan_url

#: Files whose change alters every printed edition (the cache key includes their times).
_LAYOUT_FILES = (
    ROOT / "static" / "css" / "print.css",
    ROOT / "data" / "guides.toml",
)
_LAYOUT_DIRS = (ROOT / "templates" / "print", Path(__file__).parent)


def public_url(endpoint: str, **values) -> str:
    """Absolute URL printed on paper (QR codes), on the configured public address."""
    return absolute_url(endpoint, **values)


def _listing_url(slug: str) -> str:
    return public_url("public.organization", slug=slug)


def _qr(url: str):
    return qr_svg(url)


def _scanned_listing_url(edition: str) -> Callable[[str], str]:
    """Listing URLs printed in an edition's QR codes, tagged with it (scans are counted)."""
    return lambda slug: scan_url(_listing_url(slug), edition, "fiche")


def _scanned_qr(edition: str, area: str) -> Callable[[str], object]:
    """The QR function of an edition's templates: codes not tagged yet get `area`."""
    return lambda url: _qr(scan_url(url, edition, area))


# Paper directory -----------------------------------------------------------------------------

def _scanned_mission_url(edition: str) -> Callable[[int], str]:
    return lambda mission_id: scan_url(
        public_url("volunteering.mission", mission_id=mission_id), edition, "benevolat")


def directory_html(today: date | None = None) -> str:
    today = today or today_paris()
    listings = catalog.load_listings(_scanned_listing_url("annuaire"))
    missions = catalog.load_missions(_scanned_mission_url("annuaire"), today)
    catalog.attach_missions(listings, missions)
    sections, unclassified = catalog.by_theme(listings)
    wide = catalog.territory_wide(listings, territory_communes())
    return render_template(
        "print/annuaire.html",
        listings=listings,
        sections=sections,
        unclassified=unclassified,
        territory_wide=wide,
        communes=catalog.by_commune(listings, skip=wide),
        missions=missions,
        volunteering_url=public_url("volunteering.index"),
        data_date=today,
        home_url=public_url("public.home"),
        qr=_scanned_qr("annuaire", "couverture"),
    )


def build_directory(name: str = "annuaire") -> bytes:
    return render_pdf(directory_html())


# Guides per public ---------------------------------------------------------------------------

def guide_html(guide: guides.Guide, today: date | None = None) -> str:
    edition = edition_code("guide", guide.slug)
    listings = catalog.load_listings(_scanned_listing_url(edition))
    return render_template(
        "print/guide.html",
        guide=guide,
        sections=guides.fill(guide, listings),
        data_date=today or today_paris(),
        home_url=public_url("public.home"),
        # The same guide on the web (blueprints/pathways.py): the cover's QR code leads there.
        web_url=public_url("pathways.guide", slug=guide.slug),
        qr=_scanned_qr(edition, "couverture"),
    )


def build_guide(slug: str) -> bytes:
    return render_pdf(guide_html(guides.get_guide(slug)))


# Commune posters -----------------------------------------------------------------------------

#: Poster densities tried in turn until everything fits on one A4 page.
POSTER_DENSITIES = ("", "poster--compact", "poster--dense", "poster--tiny")


@dataclass
class PosterPermanence:
    listing: catalog.ListingView
    service: catalog.ServiceView
    lieu: str | None
    horaires: str | None


@dataclass
class Poster:
    commune: catalog.Commune
    permanences: list[PosterPermanence]
    #: (listing, its activities held in the commune): public services and partner structures
    #: present in the commune (seat, activity, permanence or area of action).
    structures: list[tuple[catalog.ListingView, list[catalog.ServiceView]]]
    #: The same for associations.
    associations: list[tuple[catalog.ListingView, list[catalog.ServiceView]]]


def poster_content(commune, listings: list[catalog.ListingView]) -> Poster:
    """What is available in a commune.

    Permanences: an itinerant presence declared in the commune (Service.permanences), or a
    service whose place is in the commune and which gives a schedule, run by an organisation
    whose address is in another commune (it comes to the commune). Then every structure and
    association present in the commune in any way, with its other activities held there.
    """
    slug = commune.slug
    permanences, structures, associations = [], [], []
    for v in listings:
        if slug not in v.commune_slugs:
            continue
        # An organisation with an address elsewhere comes to the commune: a regular presence.
        based_elsewhere = bool(v.seat_commune_slugs) and slug not in v.seat_commune_slugs
        here = []
        for s in v.services:
            declared = [p for p in s.permanences if p.commune_slug == slug]
            for p in declared:
                permanences.append(PosterPermanence(v, s, p.lieu, p.horaires or s.horaires))
            if s.commune_slug == slug and not declared:
                if based_elsewhere and s.horaires:
                    permanences.append(PosterPermanence(v, s, s.lieu, s.horaires))
                else:
                    here.append(s)
        (associations if v.is_association else structures).append((v, here))
    return Poster(commune, permanences, structures, associations)


def poster_html(commune, density: str = "", today: date | None = None) -> str:
    listings = catalog.load_listings(_listing_url)
    return _poster_html(poster_content(commune, listings), density, today or today_paris())


def _poster_html(poster: Poster, density: str, today: date, truncated: bool = False) -> str:
    return render_template(
        "print/affiche_commune.html",
        poster=poster,
        commune=poster.commune,
        density=density,
        truncated=truncated,
        data_date=today,
        commune_url=public_url("public.commune", slug=poster.commune.slug),
        qr=_scanned_qr(edition_code("affiche", poster.commune.slug), "affiche"),
    )


def build_poster(slug: str) -> bytes:
    commune = catalog.territory_commune(slug)
    poster = poster_content(commune, catalog.load_listings(_listing_url))
    today = today_paris()
    # Each try is a full layout (with balanced columns): skip those a long list cannot fit.
    lines = len(poster.permanences) + sum(
        1 + bool(services) for _, services in poster.structures + poster.associations
    )
    first = 0 if lines <= 45 else 1 if lines <= 70 else 2
    for density in POSTER_DENSITIES[first:]:
        document = render_document(_poster_html(poster, density, today))
        if len(document.pages) == 1:
            return document.write_pdf()
    # Even the densest layout spills over: print the first page only (one poster), saying
    # under the title that the list goes on online (the QR code leads there).
    html = _poster_html(poster, POSTER_DENSITIES[-1], today, truncated=True)
    document = render_document(html)
    return document.copy(document.pages[:1]).write_pdf()


def editions() -> list[tuple[str, str]]:
    """(kind, name) of every edition of the directory."""
    return ([("annuaire", "annuaire")]
            + [("guide", g.slug) for g in guides.load_guides()]
            + [("affiche", c.slug) for c in territory_communes()])


def build_all() -> list[str]:
    """Build every edition that is not current (the nightly run, `flask printing build`)."""
    built = []
    for kind, name in editions():
        store.build_now(kind, name)
        built.append(kind if kind == name else f"{kind} {name}")
    return built


# Versions -----------------------------------------------------------------------------------

def layout_version() -> str:
    stamps = []
    for path in _LAYOUT_FILES:
        if path.exists():
            stamps.append(f"{path.name}:{path.stat().st_mtime_ns}")
    for folder in _LAYOUT_DIRS:
        for path in sorted(folder.glob("*")):
            if path.is_file():
                stamps.append(f"{path.name}:{path.stat().st_mtime_ns}")
    return "|".join(stamps)


def cache_key(name: str = "") -> str:
    """Data version, day (printed on the cover), layout."""
    raw = "|".join((catalog.data_version(), today_paris().isoformat(), layout_version()))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


store.register("annuaire", version=cache_key, build=build_directory)
store.register("guide", version=cache_key, build=build_guide)
store.register("affiche", version=cache_key, build=build_poster)
