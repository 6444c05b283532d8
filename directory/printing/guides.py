"""Guides per public (data/guides.toml): which listings and services go under which heading."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from directory.core.config import ROOT
from directory.printing.catalog import ListingView, ServiceView

GUIDES_FILE = ROOT / "data" / "guides.toml"


@dataclass(frozen=True)
class Section:
    heading: str
    themes: tuple[str, ...]
    #: None: the guide's publics; empty: every public.
    publics: tuple[str, ...] | None = None
    #: The plain question's short answer, written « Facile à lire » (short sentences).
    answer: str = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    subtitle: str
    #: Empty: every public.
    publics: tuple[str, ...]
    sections: tuple[Section, ...]


@dataclass
class FilledSection:
    heading: str
    anchor: str
    answer: str = ""
    #: Listings printed in full here, each with the services that match the section.
    items: list[tuple[ListingView, list[ServiceView]]] = field(default_factory=list)
    #: Listings already printed under an earlier heading of the guide.
    see_also: list[ListingView] = field(default_factory=list)


def load_guides(path: Path = GUIDES_FILE) -> list[Guide]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    guides = []
    for row in data.get("guides", []):
        sections = tuple(
            Section(
                heading=s["heading"],
                themes=tuple(s.get("themes", [])),
                publics=tuple(s["publics"]) if "publics" in s else None,
                answer=" ".join(s.get("answer", "").split()),
            )
            for s in row.get("sections", [])
        )
        guides.append(
            Guide(row["slug"], row["title"], row.get("subtitle", ""),
                  tuple(row.get("publics", [])), sections)
        )
    return guides


def get_guide(slug: str) -> Guide | None:
    return next((g for g in load_guides() if g.slug == slug), None)


def unknown_slugs(guides: list[Guide], theme_slugs: set[str], public_slugs: set[str]) -> list[str]:
    """Slugs named in the guides that the taxonomy does not hold (a typo prints an empty page)."""
    missing = []
    for guide in guides:
        for slug in guide.publics:
            if slug not in public_slugs:
                missing.append(f"{guide.slug}: public {slug}")
        for section in guide.sections:
            for slug in section.themes:
                if slug not in theme_slugs:
                    missing.append(f"{guide.slug}: thème {slug}")
            for slug in section.publics or ():
                if slug not in public_slugs:
                    missing.append(f"{guide.slug}: public {slug}")
    return missing


def _matches(themes: set[str], publics: set[str], section: Section, wanted: tuple[str, ...]):
    return bool(themes & set(section.themes)) and (not wanted or bool(publics & set(wanted)))


def fill(guide: Guide, listings: list[ListingView]) -> list[FilledSection]:
    """Each heading with its listings (alphabetical) and the services matching it.

    A service matches by its own themes and publics, or its organisation's when it has none;
    an organisation matches by its own classification even when none of its services does.
    A listing is printed in full under its first heading, then named under the others.
    """
    printed: set[int] = set()
    filled = []
    for number, section in enumerate(guide.sections, start=1):
        wanted = guide.publics if section.publics is None else section.publics
        result = FilledSection(section.heading, f"{guide.slug}-{number}", section.answer)
        for v in listings:
            services = [
                s for s in v.services
                if _matches(s.theme_slugs or v.theme_slugs, s.public_slugs or v.public_slugs,
                            section, wanted)
            ]
            if not services and not _matches(v.theme_slugs, v.public_slugs, section, wanted):
                continue
            if v.id in printed:
                result.see_also.append(v)
            else:
                result.items.append((v, services))
                printed.add(v.id)
        filled.append(result)
    return filled
