"""The paper directory, guides per public and commune posters: HTML from templates, PDF, disk cache.

Needs a request context (templates use url_for); the QR codes' absolute URLs come from the
configured public address (DIRECTORY_PUBLIC_URL, core.urls).
"""

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app, render_template

from directory.core.config import ROOT
from directory.core.dates import today_paris
from directory.core.urls import absolute_url, public_root
from directory.listings.queries import territory_communes
from directory.printing import catalog, guides
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


def directory_pdf(*, allow_stale: bool = False) -> bytes:
    return cached(
        "annuaire", "annuaire", lambda: render_pdf(directory_html()), allow_stale=allow_stale
    )


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
        qr=_scanned_qr(edition, "couverture"),
    )


def guide_pdf(guide: guides.Guide, *, allow_stale: bool = False) -> bytes:
    return cached(
        "guide", guide.slug, lambda: render_pdf(guide_html(guide)), allow_stale=allow_stale
    )


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


def poster_pdf(commune, *, allow_stale: bool = False) -> bytes:
    def build() -> bytes:
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

    return cached("affiche", commune.slug, build, allow_stale=allow_stale)


def build_all() -> list[str]:
    """Build every edition that is not current (cron, after a busy day of changes)."""
    built = []
    directory_pdf()
    built.append("annuaire")
    for guide in guides.load_guides():
        guide_pdf(guide)
        built.append(f"guide {guide.slug}")
    for commune in territory_communes():
        poster_pdf(commune)
        built.append(f"affiche {commune.slug}")
    return built


# Disk cache ----------------------------------------------------------------------------------

def _layout_version() -> str:
    stamps = []
    for path in _LAYOUT_FILES:
        if path.exists():
            stamps.append(f"{path.name}:{path.stat().st_mtime_ns}")
    for folder in _LAYOUT_DIRS:
        for path in sorted(folder.glob("*")):
            if path.is_file():
                stamps.append(f"{path.name}:{path.stat().st_mtime_ns}")
    return "|".join(stamps)


def _base_url() -> str:
    return public_root()


def cache_key() -> str:
    """Data version, day (printed on the cover), layout."""
    raw = "|".join((catalog.data_version(), today_paris().isoformat(), _layout_version()))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def cache_dir() -> Path:
    return Path(current_app.instance_path) / "print-cache"


def cached(kind: str, name: str, build: Callable[[], bytes], *, allow_stale: bool = False) -> bytes:
    """The PDF from instance/print-cache/ if built for the current key, else built and kept.

    With `allow_stale`, the newest earlier build is served rather than building a new one
    (it prints its own data date): a visitor's download never waits for a rebuild that
    staff downloads or `flask printing build` (cron) do. Only the newest file of each edition
    is kept; writes go through a temporary file and a rename (concurrent requests).
    """
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Builds for another public address (QR codes) are never served in place of this one's.
    site = hashlib.sha256(_base_url().encode()).hexdigest()[:8]
    prefix = f"{kind}--{name}--{site}--"
    target = folder / f"{prefix}{cache_key()}.pdf"
    if target.exists():
        return target.read_bytes()
    if allow_stale:
        builds = sorted(folder.glob(f"{prefix}*.pdf"), key=lambda p: p.stat().st_mtime)
        if builds:
            return builds[-1].read_bytes()
    data = build()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pdf")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, target)
    for old in folder.glob(f"{prefix}*.pdf"):
        if old != target:
            old.unlink(missing_ok=True)
    return data
