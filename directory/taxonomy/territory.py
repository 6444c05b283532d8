"""Loads the territory (name, communes) and the classification vocabularies from data files."""

import tomllib
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from directory.core.config import ROOT
from directory.core.extensions import db
from directory.core.text import slugify
from directory.taxonomy.models import Commune, Public, Theme

TAXONOMY_FILE = ROOT / "data" / "taxonomy.toml"


def read_territory(path: str | Path | None = None) -> dict:
    path = Path(path or current_app.config["TERRITORY_FILE"])
    with path.open("rb") as f:
        return tomllib.load(f)


def territory_name() -> str:
    return current_app.extensions["territory"]["name"]


def sync_territory(path: str | Path | None = None) -> int:
    """Create or update the communes listed in the territory file; returns how many it holds.

    A commune is found again by its INSEE code, else by its name: a commune renamed in the
    file (the official spelling brought by `flask territory import`) keeps its listings."""
    data = read_territory(path)
    communes = list(db.session.scalars(select(Commune)))
    by_code = {c.insee_code: c for c in communes if c.insee_code}
    by_slug = {c.slug: c for c in communes}
    for row in data["communes"]:
        slug = slugify(row["name"])
        code = row.get("insee_code")
        commune = (by_code.get(code) if code else None) or by_slug.get(slug)
        if commune is None:
            commune = Commune(slug=slug)
        elif commune.slug != slug and slug not in by_slug:
            commune.slug = slug
        commune.name = row["name"]
        commune.postal_code = row["postal_code"]
        commune.insee_code = code
        commune.epci_siren = row.get("epci_siren", data.get("epci_siren"))
        commune.latitude = row.get("latitude")
        commune.longitude = row.get("longitude")
        commune.in_territory = True
        db.session.add(commune)
    db.session.flush()
    return len(data["communes"])


def sync_taxonomy(path: str | Path = TAXONOMY_FILE) -> tuple[int, int]:
    """Create or update themes (two levels) and publics; returns (themes, publics)."""
    with Path(path).open("rb") as f:
        data = tomllib.load(f)
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    count = 0
    for position, row in enumerate(data["themes"]):
        parent = _upsert_theme(themes, row, None, position)
        count += 1
        for child_position, child in enumerate(row.get("children", [])):
            _upsert_theme(themes, child, parent, child_position)
            count += 1
    publics = {p.slug: p for p in db.session.scalars(select(Public))}
    for position, row in enumerate(data["publics"]):
        public = publics.get(row["slug"]) or Public(slug=row["slug"])
        public.name = row["name"]
        public.position = position
        public.data_inclusion_code = row.get("data_inclusion")
        db.session.add(public)
    db.session.flush()
    return count, len(data["publics"])


def _upsert_theme(themes: dict, row: dict, parent: Theme | None, position: int) -> Theme:
    slug = row.get("slug") or slugify(row["name"])
    theme = themes.get(slug) or Theme(slug=slug)
    theme.name = row["name"]
    theme.parent = parent
    theme.position = position
    theme.description = row.get("description")
    theme.data_inclusion_codes = row.get("data_inclusion", [])
    db.session.add(theme)
    themes[slug] = theme
    return theme
