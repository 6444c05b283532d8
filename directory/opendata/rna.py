"""Import of the national associations register (RNA, "waldec" export, one file per département).

Keeps the active associations (`position` A) whose seat is in the territory and creates draft
listings that the staff review and associations claim; themes are proposed from the
`objet_social1/2` codes (data/rna_objet_social.toml). Re-importing is safe: listings are keyed on
the RNA number; an unclaimed draft gets the register's new name, anything else is left alone.

Privacy: only the columns in KEPT_COLUMNS are ever read from a row. The manager's address
block (`adrg_*`), the director's civility (`dir_civilite`) and every other column stay in the
file. The seat's street address is not imported either: for small associations it is often a
volunteer's home; the association adds a public address when it claims its listing.

Communes: the territory file gives no INSEE codes yet, so a seat matches a commune of the
territory by INSEE code when the commune has one, otherwise by name (`adrs_libcommune`,
compared without accents, hyphens or "St" abbreviations) and postal code (`adrs_codepostal`).
"""

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field

from sqlalchemy import select

from directory.core.config import ROOT
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import revisions
from directory.listings.identifiers import normalize_identifier, rna_error, siret_error
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization
from directory.listings.models.revision import RevisionAction
from directory.listings.operations import unique_slug
from directory.listings.rna_drafts import CREATION_NOTE
from directory.opendata.imports import header_key
from directory.taxonomy.models import Commune, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status

MAPPING_FILE = ROOT / "data" / "rna_objet_social.toml"
#: The only columns read; any other one (adrg_*, dir_civilite…) is never looked at.
KEPT_COLUMNS = ("id", "siret", "titre", "objet", "objet_social1", "objet_social2",
                "adrs_codeinsee", "adrs_codepostal", "adrs_libcommune", "siteweb", "position")
REQUIRED_COLUMNS = ("id", "titre", "position", "adrs_codeinsee", "adrs_codepostal",
                    "adrs_libcommune")
ACTIVE = "A"
#: Starts the creation note of every imported listing: how claimable drafts are recognised.


class RnaFileError(Exception):
    """The file is not a waldec export."""


@dataclass
class RnaReport:
    encoding: str = ""
    rows: int = 0
    inactive: int = 0
    outside: int = 0
    created: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    #: Already claimed or published: the register does not overwrite what people wrote.
    kept_as_is: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: waldec files come in UTF-8 or in Latin-1 / Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def commune_key(name: str) -> str:
    words = header_key(name).split()
    return " ".join("saint" if w == "st" else "sainte" if w == "ste" else w for w in words)


class CommuneMatcher:
    def __init__(self, communes: list[Commune]):
        self.by_insee = {c.insee_code: c for c in communes if c.insee_code}
        self.by_name = {(commune_key(c.name), c.postal_code): c
                        for c in communes if not c.insee_code}

    def match(self, insee: str, postal: str, name: str) -> Commune | None:
        if insee and insee in self.by_insee:
            return self.by_insee[insee]
        return self.by_name.get((commune_key(name), postal))


def load_mapping() -> dict[str, list[str]]:
    with MAPPING_FILE.open("rb") as f:
        return tomllib.load(f)["families"]


def proposed_themes(codes: list[str], mapping: dict[str, list[str]],
                    themes: dict[str, Theme]) -> list[Theme]:
    found: list[Theme] = []
    for code in codes:
        code = (code or "").strip()
        for slug in mapping.get(code[:3], []) if re.fullmatch(r"\d{6}", code) else []:
            theme = themes.get(slug)
            if theme is not None and theme not in found:
                found.append(theme)
    return found


def _title(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if len(value) <= 150:
        return value
    return value[:150].rsplit(" ", 1)[0].rstrip(" ,;-")


def _website(value: str) -> str | None:
    value = (value or "").strip()
    if re.match(r"^www\.", value, re.I):
        value = "https://" + value
    return value if re.fullmatch(r"https?://[^\s/]+\.[^\s]+", value, re.I) else None


def _claimed(org: Organization) -> bool:
    return db.session.scalar(
        select(Membership.id).where(Membership.organization_id == org.id,
                                    Membership.archived_at.is_(None)).limit(1)
    ) is not None


def read_rows(data: bytes) -> tuple[str, list[tuple[int, dict | None]]]:
    """(encoding, [(line, row restricted to KEPT_COLUMNS, or None if malformed)])."""
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RnaFileError(
            "Ce fichier n'est pas un export RNA « waldec » : colonne(s) absente(s) : "
            + ", ".join(missing) + "."
        )
    index = {name: header.index(name) for name in KEPT_COLUMNS if name in header}
    rows: list[tuple[int, dict | None]] = []
    line = 2
    try:
        for cells in reader:
            if len(cells) != len(header):
                # A stray quote or separator: better reported than read into the wrong fields.
                rows.append((line, None))
            elif any(c.strip() for c in cells):
                rows.append((line, {name: cells[i].strip() for name, i in index.items()}))
            line = reader.line_num + 1
    except csv.Error as error:
        raise RnaFileError(
            f"Le fichier est illisible à partir de la ligne {line} : {error}."
        ) from None
    return encoding, rows


def import_rna(data: bytes, filename: str = "rna.csv") -> RnaReport:
    """Creates or renames draft listings (flushes; the caller commits or rolls back)."""
    encoding, rows = read_rows(data)
    report = RnaReport(encoding=encoding, rows=len(rows))
    communes = list(db.session.scalars(select(Commune).where(Commune.in_territory.is_(True))))
    matcher = CommuneMatcher(communes)
    mapping = load_mapping()
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    seen: set[str] = set()
    for line, row in rows:
        if row is None:
            report.invalid.append((line, "Ligne mal formée (nombre de colonnes inattendu)."))
            continue
        if row.get("position", "").upper() != ACTIVE:
            report.inactive += 1
            continue
        commune = matcher.match(row.get("adrs_codeinsee", ""), row.get("adrs_codepostal", ""),
                                row.get("adrs_libcommune", ""))
        if commune is None:
            report.outside += 1
            continue
        rna = normalize_identifier(row.get("id"))
        error = rna_error(rna) if rna else "Numéro RNA absent."
        nom = _title(row.get("titre", ""))
        if error or not nom:
            report.invalid.append((line, error or "Titre absent."))
            continue
        if rna in seen:
            report.invalid.append((line, f"Le numéro {rna} figure deux fois dans le fichier."))
            continue
        seen.add(rna)
        existing = db.session.scalars(
            select(Organization).where(Organization.rna == rna)
        ).one_or_none()
        if existing is None:
            _create(row, rna, nom, commune, proposed_themes(
                [row.get("objet_social1", ""), row.get("objet_social2", "")], mapping, themes
            ), filename)
            report.created.append(nom)
        elif existing.status != Status.DRAFT or _claimed(existing):
            report.kept_as_is += 1
        elif existing.nom != nom:
            revisions.ensure_initial(existing)
            report.renamed.append((existing.nom, nom))
            existing.nom = nom
            existing.last_edited_at = utcnow()
            revisions.record_status(existing, None, RevisionAction.EDIT,
                                    f"Nom mis à jour depuis le RNA (fichier « {filename} »)")
        else:
            report.unchanged += 1
    return report


def _create(row: dict, rna: str, nom: str, commune: Commune, themes: list[Theme],
            filename: str) -> Organization:
    siret = normalize_identifier(row.get("siret"))
    org = Organization(
        kind=OrganizationKind.ASSOCIATION,
        nom=nom,
        slug=unique_slug(nom),
        status=Status.DRAFT,
        rna=rna,
        siret=siret if siret and siret_error(siret) is None else None,
        description=(row.get("objet") or "").strip() or None,
        site_web=_website(row.get("siteweb", "")),
    )
    org.last_edited_at = utcnow()
    org.communes = [commune]
    org.themes = themes
    db.session.add(org)
    db.session.flush()
    revisions.record_creation(org, None, f"{CREATION_NOTE} (fichier « {filename} »)")
    return org
