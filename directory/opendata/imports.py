"""CSV import of an existing directory (e.g. the tourist office's spreadsheet).

`check_csv()` reads the file and checks every row without writing anything: the dry run shows
its report. `import_csv()` then creates the listings of a checked file in the caller's
transaction: nothing at all when a row is invalid, unless the person explicitly asked for the
valid rows only. The columns are those of the directory's own CSV export, with the usual French
variants of their headers (see COLUMNS); unknown columns are reported and ignored.
"""

import csv
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import fold, slugify
from directory.listings import queries as listings
from directory.listings import revisions
from directory.listings.identifiers import normalize_identifier, rna_error, siret_error
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.opendata import spreadsheets
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import ORGANIZATION_KIND_LABELS, OrganizationKind, Status

#: Canonical column -> accepted headers (compared folded: no accents, case or punctuation).
COLUMNS = {
    "nom": ["Nom", "Nom de la structure", "Nom de l'association", "Nom de l'organisme",
            "Structure", "Association", "Organisme", "Raison sociale", "Dénomination",
            "Intitulé"],
    "sigle": ["Sigle", "Acronyme", "Nom court", "Abréviation"],
    "type": ["Type", "Type de structure", "Catégorie de structure"],
    "commune": ["Commune", "Ville", "Localité", "Commune du siège"],
    "code_postal": ["Code postal", "CP", "Code postal du siège"],
    "adresse": ["Adresse", "Adresse postale", "Rue", "Voie", "Adresse du siège"],
    "complement_adresse": ["Complément d'adresse", "Complément adresse", "Complément"],
    "communes": ["Communes", "Communes d'intervention", "Zone d'intervention"],
    "telephone": ["Téléphone", "Tél", "Tél.", "Tel", "Téléphone fixe", "Numéro de téléphone",
                  "N° de téléphone"],
    "courriel": ["Courriel", "E-mail", "Email", "Mail", "Mél", "Adresse mail",
                 "Adresse e-mail", "Adresse électronique"],
    "site_web": ["Site", "Site web", "Site internet", "Internet", "URL", "Site Internet (URL)"],
    "themes": ["Thème", "Thèmes", "Thématique", "Thématiques", "Catégorie", "Catégories",
               "Domaine", "Domaine d'activité"],
    "publics": ["Public", "Publics", "Public visé", "Publics visés", "Public cible"],
    "presentation_resume": ["Présentation", "Présentation courte", "Résumé", "Accroche"],
    "description": ["Description", "Descriptif", "Présentation détaillée", "Objet"],
    "horaires_accueil": ["Horaires", "Horaires d'accueil", "Horaires d'ouverture"],
    "rna": ["RNA", "N° RNA", "Numéro RNA", "No RNA", "Identifiant RNA"],
    "siret": ["SIRET", "N° SIRET", "Numéro SIRET", "No SIRET"],
}
REQUIRED = ("nom", "commune")
#: Columns of our own export that describe something else than a listing's fields.
IGNORED = ["Activités", "Fiche", "Mise à jour"]
MAX_LENGTHS = {
    "nom": ("Le nom", 150),
    "sigle": ("Le sigle", 40),
    "adresse": ("L'adresse", 255),
    "complement_adresse": ("Le complément d'adresse", 255),
    "presentation_resume": ("La présentation", 280),
    "site_web": ("L'adresse du site", 500),
}
MAX_ROWS = 5000


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text or "").replace("œ", "oe")).strip()


HEADERS = {header_key(h): name for name, headers in COLUMNS.items() for h in headers}
IGNORED_KEYS = {header_key(h) for h in IGNORED}


class ImportRefused(Exception):
    """The file has invalid rows and the person did not ask to import the valid ones only."""


@dataclass
class RowError:
    line: int
    nom: str | None
    messages: list[str]


@dataclass
class CheckedRow:
    line: int
    values: dict


@dataclass
class CsvReport:
    filename: str
    #: Problems with the file itself (unreadable, missing column): nothing can be imported.
    file_errors: list[str] = field(default_factory=list)
    #: Read anyway, but the person should know (mixed encodings, header further down).
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[CheckedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[Organization] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.errors)

    @property
    def importable(self) -> bool:
        return not self.file_errors and bool(self.rows)


# Reading --------------------------------------------------------------------------------------


def _is_header(cells: list[str]) -> bool:
    names = {HEADERS.get(header_key(c)) for c in cells}
    return all(name in names for name in REQUIRED)


# Checking -------------------------------------------------------------------------------------


def _commune_key(name: str) -> str:
    words = header_key(name).split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


def _short(name: str) -> str:
    """"Petite enfance (0-3 ans)" is also found as "Petite enfance"."""
    return header_key(re.sub(r"\s*\([^)]*\)", "", name))


@dataclass
class _Vocabulary:
    communes: dict
    themes: dict
    publics: dict
    names: dict
    rna: dict
    siret: dict

    @classmethod
    def load(cls) -> "_Vocabulary":
        communes = {}
        for c in db.session.scalars(select(Commune)):
            communes.setdefault(_commune_key(c.name), c)
            communes.setdefault(c.slug, c)
        themes = {}
        for t in listings.all_themes().values():
            for key in (t.slug, header_key(t.full_name), header_key(t.name), _short(t.name)):
                themes.setdefault(key, t)
        publics = {}
        for p in listings.all_publics():
            for key in (p.slug, header_key(p.name), _short(p.name)):
                publics.setdefault(key, p)
        rows = db.session.execute(
            select(Organization.nom, Organization.rna, Organization.siret)
            .where(Organization.archived_at.is_(None))
        ).all()
        return cls(
            communes=communes,
            themes=themes,
            publics=publics,
            names={header_key(r.nom): r.nom for r in rows},
            rna={r.rna: r.nom for r in rows if r.rna},
            siret={r.siret: r.nom for r in rows if r.siret},
        )


def _split_terms(value: str, known: dict) -> tuple[list, list[str]]:
    """Values separated by commas, semicolons, slashes or pipes; a known name may itself hold a
    comma ("Enfance, jeunesse et famille"), so the longest known run of pieces wins."""
    pieces = [p.strip() for p in re.split(r"[,;|/\n]", value) if p.strip()]
    found, unknown, i = [], [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            key = header_key(", ".join(pieces[i:j]))
            if key in known or (j == i + 1 and pieces[i] in known):
                item = known.get(key) or known[pieces[i]]
                if item not in found:
                    found.append(item)
                i = j
                break
        else:
            unknown.append(pieces[i])
            i += 1
    return found, unknown


def _phone(value: str) -> str | None:
    digits = re.sub(r"[\s.\-/()]", "", value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _web(value: str) -> str | None:
    value = value.strip()
    if re.match(r"^www\.", value, re.I):
        value = "https://" + value
    if re.fullmatch(r"https?://[^\s/$.?#][^\s]*\.[^\s]+", value, re.I):
        return value
    return None


KIND_VALUES = {
    **{header_key(str(k)): k for k in OrganizationKind},
    **{header_key(label): k for k, label in ORGANIZATION_KIND_LABELS.items()},
}


def _check_row(raw: dict, vocab: _Vocabulary, seen: dict, line: int) -> tuple[dict, list[str]]:
    errors: list[str] = []
    values: dict = {}
    nom = re.sub(r"\s+", " ", raw.get("nom", "")).strip()
    if not nom:
        errors.append("Le nom est obligatoire.")
    values["nom"] = nom
    for name in ("sigle", "adresse", "complement_adresse", "presentation_resume",
                 "description", "horaires_accueil"):
        values[name] = raw.get(name, "").strip() or None
    for name, (label, maximum) in MAX_LENGTHS.items():
        value = values.get(name) if name != "site_web" else raw.get("site_web", "").strip()
        if value and len(value) > maximum:
            errors.append(f"{label} dépasse {maximum} caractères.")

    kind = raw.get("type", "").strip()
    values["kind"] = KIND_VALUES.get(header_key(kind)) if kind else OrganizationKind.ASSOCIATION
    if values["kind"] is None:
        errors.append(f"Le type « {kind} » n'existe pas (Association, Service public ou "
                      "Structure partenaire).")

    commune_name = raw.get("commune", "").strip()
    commune = vocab.communes.get(_commune_key(commune_name)) if commune_name else None
    if not commune_name:
        errors.append("La commune est obligatoire.")
    elif commune is None:
        errors.append(f"La commune « {commune_name} » n'est pas une commune du territoire.")
    values["commune"] = commune
    postal = raw.get("code_postal", "").strip()
    if postal and not re.fullmatch(r"\d{5}", postal):
        errors.append(f"Le code postal « {postal} » doit compter 5 chiffres.")
    elif postal and commune is not None and postal != commune.postal_code:
        errors.append(f"Le code postal {postal} n'est pas celui de {commune.name} "
                      f"({commune.postal_code}).")
    values["code_postal"] = postal or None
    values["communes"], unknown = _split_terms(raw.get("communes", ""), vocab.communes)
    if unknown:
        errors.append("Commune(s) d'intervention inconnue(s) : " + ", ".join(unknown) + ".")

    phone = raw.get("telephone", "").strip()
    values["telephone"] = _phone(phone) if phone else None
    if phone and values["telephone"] is None:
        errors.append(f"Le numéro de téléphone « {phone} » n'est pas valide "
                      "(10 chiffres attendus, par exemple 03 86 12 34 56).")
    email = raw.get("courriel", "").strip()
    values["courriel"] = None
    if email:
        try:
            values["courriel"] = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors.append(f"L'adresse électronique « {email} » n'est pas valide.")
    site = raw.get("site_web", "").strip()
    values["site_web"] = _web(site) if site else None
    if site and values["site_web"] is None:
        errors.append(f"L'adresse du site « {site} » n'est pas valide (elle doit commencer "
                      "par http://, https:// ou www.).")

    for name, known, message in (
        ("themes", vocab.themes, "Thème(s) inconnu(s) : {values}."),
        ("publics", vocab.publics, "Public(s) inconnu(s) : {values}."),
    ):
        found, unknown = _split_terms(raw.get(name, ""), known)
        values[name] = found
        if unknown:
            errors.append(message.format(values=", ".join(f"« {u} »" for u in unknown)))

    for name, check, existing in (("rna", rna_error, vocab.rna),
                                  ("siret", siret_error, vocab.siret)):
        value = normalize_identifier(raw.get(name, ""))
        values[name] = value
        if value is None:
            continue
        error = check(value)
        if error:
            errors.append(error)
        elif value in existing:
            errors.append(f"Le numéro {value} est déjà celui de la fiche « {existing[value]} ».")
        elif (name, value) in seen:
            errors.append(f"Le numéro {value} figure déjà ligne {seen[(name, value)]}.")
        else:
            seen[(name, value)] = line

    key = header_key(nom)
    if nom and key in vocab.names:
        errors.append(f"Une fiche « {vocab.names[key]} » existe déjà dans l'annuaire.")
    elif nom and ("nom", key) in seen:
        errors.append(f"Le même nom figure déjà ligne {seen[('nom', key)]}.")
    elif nom:
        seen[("nom", key)] = line
    return values, errors


XLSX_MAGIC = b"PK\x03\x04"
#: The old binary Excel format (and other OLE files).
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def _read(data: bytes, report: "CsvReport"):
    """(header row number, header, rows), or None with the file's error in the report."""
    if data.startswith(XLSX_MAGIC):
        try:
            return spreadsheets.split_header(spreadsheets.read_xlsx(data), _is_header)
        except Exception as error:  # a ZIP that is no workbook, a damaged file
            report.file_errors.append(f"Le classeur n'a pas pu être lu ({type(error).__name__})"
                                      " : enregistrez-le de nouveau au format .xlsx ou CSV.")
            return None
    if data.startswith(XLS_MAGIC):
        report.file_errors.append("Ce classeur est à l'ancien format Excel (.xls) : "
                                  "enregistrez-le au format .xlsx ou « CSV ».")
        return None
    decoded = spreadsheets.decode(data)
    if "\x00" in decoded.text[:4096]:
        report.file_errors.append("Ce fichier n'est pas un fichier CSV (texte) : enregistrez le "
                                  "tableau au format « CSV » depuis le tableur.")
        return None
    report.encoding = decoded.encoding
    if decoded.stray_lines:
        shown = ", ".join(str(n) for n in decoded.stray_lines[:10])
        more = "…" if len(decoded.stray_lines) > 10 else ""
        report.warnings.append(
            "Le fichier mélange deux encodages : il est en UTF-8, mais des caractères de "
            f"la ou des ligne(s) {shown}{more} sont en Windows-1252. Ils ont été lus comme "
            "tels : vérifiez leurs accents (mieux : enregistrez le fichier de nouveau en "
            "« CSV UTF-8 »)."
        )
    try:
        return spreadsheets.read_rows(decoded.text, _is_header)
    except csv.Error as error:
        report.file_errors.append(f"Le fichier n'a pas pu être lu comme un CSV ({error}).")
        return None


def check_csv(data: bytes, filename: str = "fichier.csv") -> CsvReport:
    """Every row checked, nothing written."""
    report = CsvReport(filename=filename)
    read = _read(data, report)
    if read is None:
        return report
    header_at, header, rows = read
    if not header:
        report.file_errors.append("Le fichier est vide.")
        return report
    if header_at > 1:
        report.warnings.append(
            f"Les titres des colonnes sont ligne {header_at} : "
            f"{'la ligne' if header_at == 2 else f'les {header_at - 1} lignes'} au-dessus "
            f"{'a été ignorée' if header_at == 2 else 'ont été ignorées'}."
        )
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        key = header_key(title)
        name = HEADERS.get(key)
        if name is None:
            if title and key not in IGNORED_KEYS:
                report.ignored_columns.append(title)
        elif name in columns.values():
            report.file_errors.append(f"La colonne « {title} » fait double emploi.")
        else:
            columns[index] = name
    missing = [name for name in REQUIRED if name not in columns.values()]
    for name in missing:
        report.file_errors.append(
            f"Colonne obligatoire absente : « {COLUMNS[name][0]} » (en-têtes acceptés : "
            + ", ".join(COLUMNS[name][:4]) + "…)."
        )
    if missing:
        report.file_errors.append(
            f"Aucune des {spreadsheets.HEADER_SEARCH_ROWS} premières lignes ne porte les titres "
            "des colonnes obligatoires (" + ", ".join(COLUMNS[n][0] for n in REQUIRED)
            + ") : la ligne des titres doit précéder les données."
        )
    if len(rows) > MAX_ROWS:
        report.file_errors.append(f"Le fichier compte plus de {MAX_ROWS} lignes : "
                                  "découpez-le en plusieurs fichiers.")
    if report.file_errors:
        return report
    vocab = _Vocabulary.load()
    seen: dict = {}
    for line, cells in rows:
        raw = {name: (cells[i] if i < len(cells) else "") for i, name in columns.items()}
        values, errors = _check_row(raw, vocab, seen, line)
        if errors:
            report.errors.append(RowError(line, values["nom"] or None, errors))
        else:
            report.rows.append(CheckedRow(line, values))
    return report


# Importing ------------------------------------------------------------------------------------


def _unique_slug(nom: str, taken: set[str]) -> str:
    """As listings.operations.unique_slug, against slugs read once for the whole file."""
    base = slugify(nom) or "organisation"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _build(row: CheckedRow, status: str, taken: set[str], now) -> Organization:
    v = row.values
    org = Organization(
        kind=v["kind"], nom=v["nom"], slug=_unique_slug(v["nom"], taken), status=status,
        sigle=v["sigle"], rna=v["rna"], siret=v["siret"],
        presentation_resume=v["presentation_resume"], description=v["description"],
        telephone=v["telephone"], courriel=v["courriel"], site_web=v["site_web"],
        horaires_accueil=v["horaires_accueil"],
    )
    org.last_edited_at = now
    org.themes = list(v["themes"])
    org.publics = list(v["publics"])
    org.communes = list(dict.fromkeys([v["commune"], *v["communes"]]))
    org.services = []  # known empty: the snapshot below reads no collection from the database
    org.places = []
    if v["adresse"] or v["complement_adresse"]:
        org.places = [Place(adresse=v["adresse"] or "",
                            complement_adresse=v["complement_adresse"],
                            code_postal=v["code_postal"], commune=v["commune"])]
    return org


def import_csv(report: CsvReport, *, only_valid: bool = False, publish: bool = False,
               author=None) -> list[Organization]:
    """Creates the listings of a checked file (flushes; the caller commits once).

    Refuses (ImportRefused) a file with invalid rows unless `only_valid` is given.
    """
    if report.file_errors:
        raise ImportRefused(" ".join(report.file_errors))
    if report.errors and not only_valid:
        raise ImportRefused(
            f"{len(report.errors)} ligne(s) invalide(s) : rien n'a été importé. Corrigez le "
            "fichier, ou demandez explicitement l'import des seules lignes valides."
        )
    status = Status.PUBLISHED if publish else Status.DRAFT
    # Two flushes for the whole file (rows batched into a few INSERTs), not several per row:
    # the listings first (their ids), then each one's first revision.
    taken = set(db.session.scalars(select(Organization.slug)))
    now = utcnow()
    created = [_build(row, status, taken, now) for row in report.rows]
    db.session.add_all(created)
    db.session.flush()
    db.session.add_all([
        Revision(organization=org, number=1, base_number=0, state=RevisionState.APPLIED,
                 action=RevisionAction.CREATE, author_id=author.id if author else None,
                 comment=f"Import du fichier « {report.filename} », ligne {row.line}",
                 snapshot=revisions.snapshot_of(org, contacts=[]))
        for row, org in zip(report.rows, created, strict=True)
    ])
    db.session.flush()
    report.created = created
    return report.created
