"""The newcomers' booklet of a commune: A5 pages imposed as a folded booklet, with QR codes.

Built like the quarterly agenda's booklet: the A5 pages are laid out by WeasyPrint (print.css's
`page-a5`), then placed two by two on A4 sides by printing.imposition.booklet. What it lists
comes from the printed editions' public views (no professionals-only data) and the agenda's
published events of the coming quarter, in the commune and its neighbours.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import render_template
from sqlalchemy import func, select

from directory.agenda.models import Event
from directory.agenda.queries import AgendaFilters, AgendaOccurrence, occurrences
from directory.core.dates import today_paris
from directory.core.extensions import db
from directory.core.text import fold
from directory.core.urls import absolute_url
from directory.editions.layout import default_title, quarter_days, quarter_of
from directory.listings.queries import all_themes, territory_communes
from directory.pathways import queries
from directory.pathways.models import Pathway
from directory.printing import catalog, imposition, paper, store
from directory.printing.paper import PosterPermanence, poster_content
from directory.printing.pdf import render_document
from directory.printing.qr import qr_svg
from directory.taxonomy.models import Commune

#: Themes of the key contacts: where to go first for papers, rights and family benefits (the
#: child theme: its parent « Accès aux droits » also holds jobs, transport, digital help…).
KEY_THEMES = {"demarches-administratives"}
MAX_EVENTS = 40


@dataclass
class ThemeGroup:
    name: str
    listings: list[catalog.ListingView]


@dataclass
class Booklet:
    commune: Commune
    data_date: date
    quarter_title: str
    key_contacts: list[catalog.ListingView]
    permanences: list[PosterPermanence]
    services: list[tuple[catalog.ListingView, list[catalog.ServiceView]]]
    associations: list[ThemeGroup]
    pathways: list[Pathway]
    events: list[AgendaOccurrence] = field(default_factory=list)


def next_quarter(today: date) -> tuple[int, int]:
    year, quarter = quarter_of(today)
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _theme_names() -> dict[str, tuple]:
    return {slug: ((t.parent or t).position, (t.parent or t).name)
            for slug, t in all_themes().items()}


def content(commune: Commune, today: date | None = None) -> Booklet:
    today = today or today_paris()
    listings = catalog.load_listings(lambda slug: absolute_url("public.organization", slug=slug))
    poster = poster_content(commune, listings)
    wide = {v.id for v in catalog.territory_wide(listings, territory_communes())}
    key = [v for v in listings if not v.is_association and v.theme_slugs & KEY_THEMES
           and (commune.slug in v.commune_slugs or v.id in wide)]
    key.sort(key=lambda v: (commune.slug not in v.presence_commune_slugs, v.sort_key))
    names = _theme_names()
    groups: dict[tuple, list] = {}
    for v, _services in poster.associations:
        first = v.theme_keys[0][2] if v.theme_keys else None
        group = names.get(first, (99, "Autres associations"))
        groups.setdefault(group, []).append(v)
    associations = [ThemeGroup(name, items) for (_, name), items in sorted(
        groups.items(), key=lambda row: (row[0][0], fold(row[0][1])))]
    year, quarter = next_quarter(today)
    first, following = quarter_days(year, quarter)
    around = sorted(queries.near(commune.slug))
    filters = AgendaFilters(communes=around).with_dates(first, following - timedelta(days=1))
    # The whole quarter is ahead of `today`: every date of it is still to come.
    events = [o for o in occurrences(filters) if not o.is_cancelled][:MAX_EVENTS]
    return Booklet(commune, today, default_title(year, quarter), key, poster.permanences,
                   poster.structures, associations, queries.visible_pathways(), events)


def booklet_html(booklet: Booklet) -> str:
    slug = booklet.commune.slug
    return render_template(
        "pathways/booklet.html",
        booklet=booklet,
        commune=booklet.commune,
        commune_url=absolute_url("public.commune", slug=slug),
        agenda_url=absolute_url("agenda.commune", slug=slug),
        pathway_url=lambda p: absolute_url("pathways.show", slug=p.slug, commune=slug),
        qr=qr_svg,
    )


def a5_pdf(booklet: Booklet) -> tuple[bytes, int]:
    """The booklet's A5 pages in reading order, and how many there are."""
    document = render_document(booklet_html(booklet))
    return document.write_pdf(), len(document.pages)


def booklet_pdf(commune: Commune, *, folded: bool = True, today: date | None = None) -> bytes:
    """A5 pages in reading order, or imposed two by two on A4 sides to fold and staple."""
    data, _pages = a5_pdf(content(commune, today))
    return imposition.booklet(data) if folded else data


# Built by the job worker and kept for every node, like the other printed editions ------------


def stored_version(name: str) -> str:
    """What a booklet prints: the directory's data and the day (as every edition), the
    pathways and the agenda's events."""
    pathways = db.session.execute(select(func.max(Pathway.updated_at), func.count(Pathway.id)))
    events = db.session.execute(select(func.max(Event.updated_at), func.count(Event.id)))
    raw = "|".join(map(str, (paper.cache_key(), *pathways.one(), *events.one())))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def stored_name(commune: Commune, *, folded: bool) -> str:
    return f"{commune.slug}:{'a4' if folded else 'a5'}"


def build_stored(name: str) -> bytes:
    slug, _, paper_size = name.partition(":")
    commune = queries.territory_commune(slug)
    if commune is None:
        raise LookupError(f"no commune {slug!r} in the territory")
    return booklet_pdf(commune, folded=paper_size != "a5")


store.register("livret", version=stored_version, build=build_stored)
