"""Exports of the public directory: a spreadsheet CSV and data·inclusion structures/services.

Exports of the public directory: a CSV for spreadsheets, and data·inclusion structures and
services (JSON and CSV).

Public data only, field by field (a whitelist, as in `serializers`): professionals-only contacts
and fields never appear. Every data·inclusion row is checked in the tests against the schema's
own package (`data-inclusion-schema`); values the schema would refuse (an invalid e-mail, a
free-text schedule where OpenStreetMap syntax is expected) are left out rather than exported.

A service's `description` says what its page says (its own text, then who it is for, when,
where, at what cost, and who runs it), `lien_source` is its own page, `conditions_acces` holds
the documents to bring, `zone_eligibilite` the INSEE codes of its communes (the EPCI's SIREN
when it covers the whole intercommunalité), and its coordinates are its place's, else its
commune's.
"""

import re
from collections.abc import Callable
from datetime import UTC
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select

from directory.core.csv import write_csv
from directory.core.extensions import db
from directory.core.text import de, fold, markdown_to_text, slugify
from directory.core.urls import absolute_url
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.opendata.serializers import paris_date
from directory.taxonomy.models import Commune, Theme
from directory.taxonomy.vocabularies import (
    ORGANIZATION_KIND_LABELS,
    RECEPTION_DETAIL_LABELS,
    RECEPTION_MODE_LABELS,
    Fees,
)

#: Values of the data·inclusion vocabularies this export may emit (schema v1).
DI_TYPES = {"accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation",
            "information"}
DI_FEES = {"gratuit", "payant"}
DI_RECEPTION = {"en-presentiel", "a-distance"}
DI_MOBILISATION = {"envoyer-un-courriel", "se-presenter", "telephoner",
                   "utiliser-lien-mobilisation"}
DI_MOBILISED_BY = {"usagers", "professionnels"}
ALL_PUBLICS = "tous-publics"


def _services(org: Organization) -> list[Service]:
    return [s for s in org.services if s.archived_at is None]


def _seat(org: Organization) -> Place | None:
    return org.places[0] if org.places else None


def _di_date(value) -> str:
    """data·inclusion refuses a `date_maj` in the future: the UTC date is never ahead of the
    validator's clock (late in the evening the Paris date already is, for a UTC machine)."""
    return value.astimezone(UTC).date().isoformat()


# Spreadsheet CSV ------------------------------------------------------------------------------

#: Columns of the directory CSV; the CSV import reads the same headers back.
DIRECTORY_COLUMNS = [
    "Nom", "Sigle", "Type", "Thèmes", "Publics", "Communes", "Adresse", "Code postal",
    "Commune", "Téléphone", "Courriel", "Site internet", "Présentation", "Description",
    "Horaires d'accueil", "Activités", "RNA", "SIRET", "Fiche", "Mise à jour",
]


def directory_csv(orgs: list[Organization], page_url: Callable[[Organization], str]) -> str:
    return write_csv(DIRECTORY_COLUMNS, directory_rows(orgs, page_url))


def directory_rows(orgs, page_url: Callable[[Organization], str]):
    """The rows of the directory CSV, one per organisation (`orgs` may be a generator)."""
    for org in orgs:
        seat = _seat(org)
        yield [
            org.nom,
            org.sigle,
            ORGANIZATION_KIND_LABELS.get(org.kind, org.kind),
            ", ".join(t.full_name for t in org.themes),
            ", ".join(p.name for p in org.publics),
            ", ".join(c.name for c in org.communes),
            " ".join(filter(None, (seat.adresse, seat.complement_adresse))) if seat else "",
            (seat.code_postal or seat.commune.postal_code) if seat else "",
            seat.commune.name if seat else "",
            org.telephone,
            org.courriel,
            org.site_web,
            org.presentation_resume,
            org.description,
            org.horaires_accueil,
            ", ".join(s.nom for s in _services(org)),
            org.rna,
            org.siret,
            page_url(org),
            paris_date(org.last_edited_at),
        ]


# data·inclusion -------------------------------------------------------------------------------


def source_name() -> str:
    """The producer's identifier in data·inclusion (`source`), e.g. "cc-yonne-nord"."""
    configured = current_app.config.get("DATA_INCLUSION_SOURCE")
    if configured:
        return configured
    territory = current_app.extensions["territory"]
    return slugify(territory.get("short_name") or territory["name"])


def _email(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _postal_code(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"\d{5}", value) else None


def _text(value: str | None, minimum: int = 5, maximum: int = 10_000) -> str | None:
    value = (value or "").strip()
    return value[:maximum] if len(value) >= minimum else None


def _name(value: str) -> str:
    """data·inclusion names hold 3 to 150 characters."""
    value = value.strip()
    if len(value) < 3:
        value = f"{value} (structure)"
    return value[:150]


def _address(place: Place | None) -> dict:
    if place is None:
        return {"commune": None, "code_postal": None, "code_insee": None, "adresse": None,
                "complement_adresse": None, "longitude": None, "latitude": None}
    return {
        "commune": place.commune.name,
        "code_postal": _postal_code(place.code_postal or place.commune.postal_code),
        "code_insee": place.commune.insee_code,
        "adresse": place.adresse or None,
        "complement_adresse": place.complement_adresse,
        "longitude": place.longitude if place.longitude is not None else place.commune.longitude,
        "latitude": place.latitude if place.latitude is not None else place.commune.latitude,
    }


def structure_id(org: Organization, source: str) -> str:
    return f"{source}--{org.id}"


def structure(org: Organization, source: str, page_url: str) -> dict:
    return {
        "source": source,
        "id": structure_id(org, source),
        "nom": _name(org.nom),
        "date_maj": _di_date(org.last_edited_at),
        "description": _text(org.description or org.presentation_resume),
        "lien_source": page_url,
        "siret": org.siret,
        **_address(_seat(org)),
        "telephone": org.telephone,
        "courriel": _email(org.courriel),
        "site_web": _url(org.site_web),
        # The schema wants OpenStreetMap opening hours; ours are free text, shown on the page.
        "horaires_accueil": None,
        "accessibilite_lieu": _url(org.accessibilite_lieu),
        "reseaux_porteurs": None,
    }


def _thematiques(themes: list[Theme]) -> list[str] | None:
    codes = sorted({code for t in themes for code in (t.data_inclusion_codes or [])})
    return codes or None


def _publics(service: Service) -> list[str] | None:
    """The service's publics, else its organisation's."""
    publics = service.publics or service.organization.publics
    codes = {p.data_inclusion_code for p in publics if p.data_inclusion_code}
    if ALL_PUBLICS in codes and len(codes) > 1:
        codes.discard(ALL_PUBLICS)  # the schema forbids mixing it with others
    return sorted(codes) or None


def _subset(values, allowed: set[str]) -> list[str] | None:
    kept = sorted({v for v in (values or []) if v in allowed})
    return kept or None


def _age_precisions(service: Service) -> str | None:
    return f"Âge : {service.age_range}." if service.age_range else None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def service_description(s: Service) -> str:
    """What the service's page says, as plain text: its own description, then who it is for,
    when, where, how and at what cost, and who runs it."""
    org = s.organization
    parts = [markdown_to_text(s.description)] if s.description else []
    facts = []
    publics = [p.name[:1].lower() + p.name[1:] for p in (s.publics or org.publics)]
    if publics or s.age_range:
        who = "Pour : " + ", ".join(publics) if publics else "Pour tous"
        facts.append(who + (f", {s.age_range}" if s.age_range else "") + ".")
    if s.horaires:
        facts.append(_sentence("Quand : " + " ; ".join(s.horaires.split("\n"))))
    place = s.place or _seat(org)
    if place is not None:
        facts.append(f"Où : {place.one_line}.")
    modes = ([RECEPTION_DETAIL_LABELS.get(m, m) for m in s.modalites_accueil or []]
             or [RECEPTION_MODE_LABELS.get(m, m) for m in s.modes_accueil or []])
    if modes:
        facts.append("Accueil : " + ", ".join(m[:1].lower() + m[1:] for m in modes) + ".")
    if s.frais == Fees.FREE:
        facts.append(_sentence("Gratuit" + (f" ({s.frais_precisions})" if s.frais_precisions
                                            else "")))
    elif s.frais_precisions or s.frais == Fees.PAID:
        price = s.frais_precisions or "payant"
        facts.append(_sentence(price if fold(price).startswith("tarif") else f"Tarif : {price}"))
    if facts:
        parts.append(" ".join(facts))
    about = org.presentation_resume or markdown_to_text(org.description, one_paragraph=True)
    runner = f"Une activité {de(org.nom)}"
    parts.append(_sentence(f"{runner} : {about.strip()}" if about else runner))
    return "\n\n".join(p.strip() for p in parts if p.strip())[:10_000]


def conditions(s: Service) -> str | None:
    """data·inclusion `conditions_acces`: prerequisites, then the documents to bring."""
    parts = [s.conditions_acces.strip()] if (s.conditions_acces or "").strip() else []
    documents = " ; ".join(line.strip() for line in (s.justificatifs or "").splitlines()
                           if line.strip())
    if documents:
        parts.append(_sentence(documents if fold(documents).startswith("aucun")
                               else f"Documents à apporter : {documents}"))
    return "\n\n".join(parts) or None


class Zones:
    """INSEE codes of communes, or the SIREN of an EPCI all of whose communes are listed."""

    def __init__(self):
        self.epci: dict[str, set[str]] = {}
        for commune in db.session.scalars(select(Commune).where(Commune.in_territory)):
            if commune.epci_siren and commune.insee_code:
                self.epci.setdefault(commune.epci_siren, set()).add(commune.insee_code)

    def of(self, communes: list[Commune]) -> list[str] | None:
        codes = {c.insee_code for c in communes if c.insee_code}
        for siren, members in self.epci.items():
            if members <= codes:
                codes = (codes - members) | {siren}
        return sorted(codes) or None


def service_url(s: Service) -> str:
    """The service's own public page."""
    return absolute_url("partners.service", service_id=s.id)


def service(s: Service, source: str, page_url: str | None = None,
            zones: Zones | None = None) -> dict:
    """`page_url`: the service's page (by default its page in the partner directory)."""
    org = s.organization
    zones = zones or Zones()
    return {
        "source": source,
        "structure_id": structure_id(org, source),
        "id": f"{source}--{s.id}",
        "nom": _name(s.nom),
        "description": service_description(s),
        "lien_source": page_url or service_url(s),
        "date_maj": _di_date(max(s.updated_at, org.last_edited_at)),
        "type": s.type if s.type in DI_TYPES else None,
        "thematiques": _thematiques(s.themes or org.themes),
        "frais": s.frais if s.frais in DI_FEES else None,
        "frais_precisions": s.frais_precisions,
        "publics": _publics(s),
        "publics_precisions": _age_precisions(s),
        "conditions_acces": conditions(s),
        **_address(s.place or _seat(org)),
        "telephone": org.telephone,
        "courriel": _email(org.courriel),
        "modes_accueil": _subset(s.modes_accueil, DI_RECEPTION),
        # The communes it serves, else those its organisation works in.
        "zone_eligibilite": zones.of(s.communes or org.communes),
        # A named person is personal data: never exported.
        "contact_nom_prenom": None,
        "lien_mobilisation": _url(s.lien_mobilisation),
        "modes_mobilisation": _subset(s.modes_mobilisation, DI_MOBILISATION),
        "mobilisable_par": _subset(s.mobilisable_par, DI_MOBILISED_BY),
        "mobilisation_precisions": s.mobilisation_precisions,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": None,
    }


def structures(orgs, page_url: Callable[[Organization], str]):
    """One data·inclusion structure per organisation, as they come (`orgs` may be a
    generator: so is the result)."""
    source = source_name()
    return (structure(org, source, page_url(org)) for org in orgs)


def services(orgs, page_url: Callable[[Organization], str] | None = None):
    """`page_url` is the organisations' (structures); each service links to its own page."""
    source, zones = source_name(), Zones()
    return (service(s, source, zones=zones) for org in orgs for s in _services(org))


STRUCTURE_COLUMNS = [
    "source", "id", "nom", "date_maj", "description", "lien_source", "siret", "commune",
    "code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude",
    "telephone", "courriel", "site_web", "horaires_accueil", "accessibilite_lieu",
    "reseaux_porteurs",
]
SERVICE_COLUMNS = [
    "source", "structure_id", "id", "nom", "description", "lien_source", "date_maj", "type",
    "thematiques", "frais", "frais_precisions", "publics", "publics_precisions",
    "conditions_acces", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "longitude", "latitude", "telephone", "courriel", "modes_accueil", "zone_eligibilite",
    "contact_nom_prenom", "lien_mobilisation", "modes_mobilisation", "mobilisable_par",
    "mobilisation_precisions", "volume_horaire_hebdomadaire", "nombre_semaines",
    "horaires_accueil",
]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def rows_csv(rows, columns: list[str]) -> str:
    """data·inclusion rows as CSV (lists joined with commas), column names as in the schema."""
    return write_csv(columns, csv_rows(rows, columns))


def csv_rows(rows, columns: list[str]):
    return ([_csv_value(row[c]) for c in columns] for row in rows)


#: Columns of the volunteer missions' spreadsheet (never the association's address).
MISSION_COLUMNS = ["Mission", "Association", "Rythme", "Quand", "Fréquence", "Commune", "Lieu",
                   "Thématiques", "Publics", "Compétences", "Début", "Fin", "Page"]


def missions_csv(missions, page_url: Callable) -> str:
    return write_csv(MISSION_COLUMNS, [[
        m.title, m.organization.nom, m.regularity_label, m.schedule or "", m.frequency or "",
        m.commune.name if m.commune else "", m.place or "",
        ", ".join(t.name for t in m.themes), ", ".join(p.name for p in m.publics),
        m.skills or "", m.starts_on.isoformat(), m.ends_on.isoformat() if m.ends_on else "",
        page_url(m),
    ] for m in missions])
