"""The communes of an EPCI from INSEE's Code officiel géographique, and the territory file.

The source is the data of the npm package `@etalab/decoupage-administratif` (built by
data.gouv.fr from INSEE's COG, La Poste's postcodes and the DGCL's EPCI membership), pinned in
package.json and read at build time only: `flask territory import --epci SIREN` writes the
codes into data/territories/…, which is committed, so the site never needs npm to run.

That package has no coordinates: latitude and longitude already written in the file by hand
(or from IGN's Admin Express) are kept, as are `neighbours`.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from directory.core.config import ROOT
from directory.core.text import fold, slugify

DATA_DIR = ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
#: Kept from the previous file for a commune found there (same INSEE code or same name).
KEPT_KEYS = ("latitude", "longitude", "neighbours")


class CogError(Exception):
    """The referential cannot answer (files missing, unknown SIREN)."""


@dataclass
class CogCommune:
    name: str
    insee_code: str
    postal_codes: list[str]


@dataclass
class Epci:
    siren: str
    name: str
    communes: list[CogCommune] = field(default_factory=list)


def _load(data_dir: Path, name: str) -> list[dict]:
    path = Path(data_dir) / name
    if not path.exists():
        raise CogError(
            f"{path} est absent : installez le référentiel avec « make tools » "
            "(npm ci, paquet @etalab/decoupage-administratif)."
        )
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def read_epci(siren: str, data_dir: Path = DATA_DIR) -> Epci:
    """The EPCI with this SIREN and its member communes, sorted as a French reader files them."""
    siren = re.sub(r"\s+", "", siren or "")
    if not re.fullmatch(r"\d{9}", siren):
        raise CogError(f"« {siren} » n'est pas un numéro SIREN (9 chiffres).")
    found = next((e for e in _load(data_dir, "epci.json") if e["code"] == siren), None)
    if found is None:
        raise CogError(f"Aucun EPCI à fiscalité propre n'a le SIREN {siren} dans le COG.")
    communes = {c["code"]: c for c in _load(data_dir, "communes.json")
                if c.get("type") == "commune-actuelle"}
    members = []
    for member in found["membres"]:
        row = communes.get(member["code"])
        if row is None:
            raise CogError(f"La commune {member['code']} de l'EPCI est absente du COG.")
        members.append(CogCommune(row["nom"], row["code"], sorted(row.get("codesPostaux", []))))
    members.sort(key=lambda c: fold(c.name))
    return Epci(siren, found["nom"], members)


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, str):
        return _string(value)
    return repr(value)


def _name_key(name: str) -> str:
    """A name typed without its article is the same commune: "Chapelle-sur-Oreuse"."""
    return re.sub(r"^(la|le|les|l)-", "", slugify(name))


def previous_row(commune: CogCommune, previous: list[dict]) -> dict | None:
    """The row of the previous file for this commune: same INSEE code, else same name."""
    for row in previous:
        if row.get("insee_code") == commune.insee_code:
            return row
    key = _name_key(commune.name)
    return next((row for row in previous if not row.get("insee_code")
                 and _name_key(row["name"]) == key), None)


def changes(epci: Epci, previous: list[dict]) -> tuple[list[str], list[str]]:
    """(communes new to the file, names of the file's communes outside the EPCI)."""
    found = {commune.insee_code: previous_row(commune, previous) for commune in epci.communes}
    kept = [id(row) for row in found.values() if row is not None]
    added = [c.name for c in epci.communes if found[c.insee_code] is None]
    return added, [row["name"] for row in previous if id(row) not in kept]


def communes_block(epci: Epci, previous: list[dict]) -> str:
    """The `communes = [...]` array of the territory file."""
    lines = ["communes = ["]
    for commune in epci.communes:
        before = previous_row(commune, previous) or {}
        # The model keeps one postcode: the first (a commune with several is rare here).
        fields = {"name": commune.name, "insee_code": commune.insee_code,
                  "postal_code": commune.postal_codes[0] if commune.postal_codes else ""}
        fields.update({key: before[key] for key in KEPT_KEYS if key in before})
        lines.append("  { " + ", ".join(f"{k} = {_value(v)}" for k, v in fields.items()) + " },")
    lines.append("]")
    return "\n".join(lines) + "\n"


SOURCE_COMMENT = (
    "# Communes, INSEE codes, postcodes and EPCI membership: "
    "`flask territory import --epci {siren}`\n"
    "# from INSEE's Code officiel géographique (npm @etalab/decoupage-administratif {version}).\n"
)

SKELETON = """\
# The territory served by this installation, written by `flask territory import`.
name = {name}
short_name = {name}
site_name = "Annuaire et agenda du territoire"
contact_email = "contact@example.org"
main_colour = "#1f5c99"

{communes}
{source}epci_siren = "{siren}"

# Legal notices: to be completed before going live.
[publisher]
name = {name}
address = "À compléter"
director = "À compléter"

[host]
name = "À compléter"
address = "À compléter"

[dpo]
name = "À compléter"
email = "dpo@example.org"

[accessibility]
status = "non conforme"
contact_email = "accessibilite@example.org"
"""

_COMMUNES = re.compile(r"^communes = \[\n.*?^\]\n", re.S | re.M)
_EPCI = re.compile(r"^epci_siren = .*\n", re.M)
_SOURCE = re.compile(r"^\n?# Communes, INSEE codes, postcodes and EPCI membership:.*\n#.*\n", re.M)


def package_version(data_dir: Path = DATA_DIR) -> str:
    try:
        with (Path(data_dir).parent / "package.json").open(encoding="utf-8") as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def territory_text(epci: Epci, existing: str | None, previous: list[dict],
                   version: str = "?") -> str:
    """The territory file: the existing one with its communes and EPCI replaced (comments,
    names and legal notices kept), or a skeleton to complete."""
    source = SOURCE_COMMENT.format(siren=epci.siren, version=version)
    communes = communes_block(epci, previous)
    if existing is None:
        return SKELETON.format(name=_string(epci.name), source=source, siren=epci.siren,
                               communes=communes)
    if not _COMMUNES.search(existing):
        raise CogError(
            "Le fichier du territoire n'a pas de liste « communes = [ … ] » à remplacer.")
    text = _SOURCE.sub("", _EPCI.sub("", existing))
    tail = "\n" + source + f'epci_siren = "{epci.siren}"\n'
    return _COMMUNES.sub(lambda _: communes + tail, text, count=1)
