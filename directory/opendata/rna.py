"""Import of the national associations register (RNA, "waldec" export, one file per département).

Keeps the active associations (`position` A) whose seat is in the territory and creates draft
listings that the staff review and associations claim; themes are proposed from the
`objet_social1/2` codes (data/rna_objet_social.toml). Re-importing is safe: listings are keyed on
the RNA number; an unclaimed draft gets the register's new name, anything else is left alone.

Privacy: only the columns in KEPT_COLUMNS are ever read from a row. The manager's address
block (`adrg_*`), the director's civility (`dir_civilite`) and every other column stay in the
file. The seat's street address is not imported either: for small associations it is often a
volunteer's home; the association adds a public address when it claims its listing.

Communes: a seat matches a commune of the territory by its INSEE code (`adrs_codeinsee`; the
territory file has the codes of the Code officiel géographique), otherwise by name
(`adrs_libcommune`, compared without accents, hyphens, "St" abbreviations or the register's
trailing article, « CHAPELLE-SUR-OREUSE (LA) ») and postcode (`adrs_codepostal`).

Titles are written in sentence case (`rna_titles`). A draft someone edited (any revision with
an author) is never renamed; a new title whose folded form is that of an existing listing in
the same commune is not created twice. The report lists every row left out, and why.
"""

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from directory.core.config import ROOT
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.listings import revisions
from directory.listings.identifiers import normalize_identifier, rna_error, siret_error
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction
from directory.listings.operations import unique_slug
from directory.listings.rna_drafts import CREATION_NOTE, name_key
from directory.opendata.imports import header_key
from directory.opendata.rna_titles import TitleCaser
from directory.taxonomy.models import Commune, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status

MAPPING_FILE = ROOT / "data" / "rna_objet_social.toml"
#: The only columns read; any other one (adrg_*, dir_civilite…) is never looked at.
KEPT_COLUMNS = ("id", "siret", "titre", "objet", "objet_social1", "objet_social2",
                "adrs_codeinsee", "adrs_codepostal", "adrs_libcommune", "siteweb", "position")
REQUIRED_COLUMNS = ("id", "titre", "position", "adrs_codeinsee", "adrs_codepostal",
                    "adrs_libcommune")
ACTIVE = "A"
#: waldec `position` values other than A (active).
POSITIONS = {"D": "dissoute", "S": "supprimée"}


class RnaFileError(Exception):
    """The file is not a waldec export."""


@dataclass
class Excluded:
    line: int
    reason: str
    #: "inactive", "outside", "invalid" or "duplicate".
    kind: str
    rna: str = ""
    titre: str = ""


@dataclass
class RnaReport:
    encoding: str = ""
    rows: int = 0
    created: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    #: Already claimed or published: the register does not overwrite what people wrote.
    kept_as_is: int = 0
    #: Drafts someone edited: (their name, the register's) — never renamed.
    edited: list[tuple[str, str]] = field(default_factory=list)
    #: Every row left out, with why.
    excluded: list[Excluded] = field(default_factory=list)

    def _count(self, kind: str) -> int:
        return sum(1 for e in self.excluded if e.kind == kind)

    @property
    def inactive(self) -> int:
        return self._count("inactive")

    @property
    def outside(self) -> int:
        return self._count("outside")

    @property
    def invalid(self) -> list[tuple[int, str]]:
        """Malformed rows and duplicates, which the staff may want to correct."""
        return [(e.line, e.reason) for e in self.excluded
                if e.kind in ("invalid", "duplicate")]


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
    # The register files « La Chapelle-sur-Oreuse » as « CHAPELLE-SUR-OREUSE (LA) ».
    name = re.sub(r"^(.*?)\s*\((la|le|les|l')\)\s*$", r"\2 \1", name or "", flags=re.I)
    words = header_key(name).split()
    return " ".join("saint" if w == "st" else "sainte" if w == "ste" else w for w in words)


class CommuneMatcher:
    def __init__(self, communes: list[Commune]):
        self.by_insee = {c.insee_code: c for c in communes if c.insee_code}
        self.by_name = {(commune_key(c.name), c.postal_code): c for c in communes}

    def match(self, insee: str, postal: str, name: str) -> Commune | None:
        """By INSEE code first; by name and postcode when the code is missing or unknown
        (a name and a postcode together are never another commune's)."""
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
    """The register's `siteweb` as a link: « WWW.CLUB.FR », « club.fr », « http://… »."""
    value = (value or "").strip().rstrip(".,;")
    match = re.fullmatch(r"(?:(https?)://)?([a-z0-9.-]+\.[a-z]{2,})(/\S*)?", value, re.I)
    if match is None:
        return None
    scheme, host, path = match.groups()
    return f"{(scheme or 'https').lower()}://{host.lower()}{path or ''}"


def _edited(org: Organization) -> bool:
    """Someone (staff or member) changed the draft: a revision has an author."""
    return db.session.scalar(
        select(Revision.id).where(Revision.organization_id == org.id,
                                  Revision.author_id.is_not(None)).limit(1)
    ) is not None


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


def _exclude(report: RnaReport, line: int, rna: str, titre: str, reason: str,
             kind: str) -> None:
    report.excluded.append(Excluded(line, reason, kind, rna, titre))


class _Duplicates:
    """Listings by folded name, to create no second « Comité des fêtes de Serbonnes »."""

    def __init__(self):
        self.names: dict[str, list[tuple[str, set[int]]]] = {}
        rows = db.session.scalars(
            select(Organization).where(Organization.archived_at.is_(None))
            .options(selectinload(Organization.communes))
        )
        for org in rows:
            self.add(org.nom, {c.id for c in org.communes}, f"la fiche « {org.nom} »")

    def add(self, nom: str, communes: set[int], label: str) -> None:
        self.names.setdefault(name_key(nom), []).append((label, communes))

    def find(self, nom: str, commune: Commune) -> str | None:
        for label, communes in self.names.get(name_key(nom), []):
            if not communes or commune.id in communes:
                return label
        return None


def import_rna(data: bytes, filename: str = "rna.csv") -> RnaReport:
    """Creates or renames draft listings (flushes; the caller commits or rolls back)."""
    encoding, rows = read_rows(data)
    report = RnaReport(encoding=encoding, rows=len(rows))
    communes = list(db.session.scalars(select(Commune).where(Commune.in_territory.is_(True))))
    matcher = CommuneMatcher(communes)
    caser = TitleCaser([c.name for c in communes])
    mapping = load_mapping()
    themes = {t.slug: t for t in db.session.scalars(select(Theme))}
    duplicates = _Duplicates()
    seen: set[str] = set()
    for line, row in rows:
        if row is None:
            report.excluded.append(Excluded(
                line, "Ligne mal formée (nombre de colonnes inattendu).", "invalid"))
            continue
        raw_title = _title(row.get("titre", ""))
        rna = normalize_identifier(row.get("id")) or ""
        exclude = partial(_exclude, report, line, rna, raw_title)

        position = row.get("position", "").upper()
        if position != ACTIVE:
            exclude(f"Association {POSITIONS.get(position, f'non active (position {position})')}"
                    ".", "inactive")
            continue
        commune = matcher.match(row.get("adrs_codeinsee", ""), row.get("adrs_codepostal", ""),
                                row.get("adrs_libcommune", ""))
        if commune is None:
            where = row.get("adrs_libcommune") or "commune inconnue"
            code = row.get("adrs_codeinsee") or row.get("adrs_codepostal") or "sans code"
            exclude(f"Siège à {where} ({code}), hors du territoire.", "outside")
            continue
        error = rna_error(rna) if rna else "Numéro RNA absent."
        nom = caser.title(raw_title)
        if error or not nom:
            exclude(error or "Titre absent.", "invalid")
            continue
        if rna in seen:
            exclude(f"Le numéro {rna} figure deux fois dans le fichier.", "duplicate")
            continue
        seen.add(rna)
        existing = db.session.scalars(
            select(Organization).where(Organization.rna == rna)
        ).one_or_none()
        if existing is None:
            twin = duplicates.find(nom, commune)
            if twin is not None:
                exclude(f"Même nom que {twin} ({commune.name}) : pas de doublon créé.",
                        "duplicate")
                continue
            _create(row, rna, nom, commune, proposed_themes(
                [row.get("objet_social1", ""), row.get("objet_social2", "")], mapping, themes
            ), filename, caser)
            duplicates.add(nom, {commune.id}, f"la ligne {line}")
            report.created.append(nom)
        elif existing.status != Status.DRAFT or _claimed(existing):
            report.kept_as_is += 1
        elif _edited(existing):
            if existing.nom != nom:
                report.edited.append((existing.nom, nom))
            else:
                report.unchanged += 1
        elif existing.nom != nom or (existing.site_web is None and _website(row.get("siteweb"))):
            revisions.ensure_initial(existing)
            what = "Site internet repris"
            if existing.nom != nom:
                report.renamed.append((existing.nom, nom))
                existing.nom, what = nom, "Nom mis à jour"
            existing.site_web = existing.site_web or _website(row.get("siteweb"))
            existing.last_edited_at = utcnow()
            revisions.record_status(existing, None, RevisionAction.EDIT,
                                    f"{what} depuis le RNA (fichier « {filename} »)")
        else:
            report.unchanged += 1
    return report


def _create(row: dict, rna: str, nom: str, commune: Commune, themes: list[Theme],
            filename: str, caser: TitleCaser) -> Organization:
    siret = normalize_identifier(row.get("siret"))
    org = Organization(
        kind=OrganizationKind.ASSOCIATION,
        nom=nom,
        slug=unique_slug(nom),
        status=Status.DRAFT,
        rna=rna,
        siret=siret if siret and siret_error(siret) is None else None,
        description=caser.title(row.get("objet") or "") or None,
        site_web=_website(row.get("siteweb", "")),
    )
    org.last_edited_at = utcnow()
    org.communes = [commune]
    org.themes = themes
    db.session.add(org)
    db.session.flush()
    revisions.record_creation(org, None, f"{CREATION_NOTE} (fichier « {filename} »)")
    return org
