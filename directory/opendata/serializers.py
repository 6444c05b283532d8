"""Public JSON representations of the directory, for the API, its OpenAPI document and exports.

Every field is listed here by name (a whitelist) next to its JSON Schema: a column added to a
model later, such as a professionals-only one, reaches neither the API nor the exports until
someone adds it here. Contacts are filtered on their visibility before being serialised.
"""

from datetime import date, datetime

from directory.core.dates import PARIS, paris_day
from directory.core.sanitize import render_markdown
from directory.core.text import markdown_to_text
from directory.core.urls import absolute_url
from directory.listings import queries as listings
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.taxonomy.models import Commune, Public, Theme

# JSON Schema pieces ---------------------------------------------------------------------------

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URI = {"type": "string", "format": "uri"}
DATETIME = {"type": "string", "format": "date-time"}
#: The same identifier as in the data·inclusion exports (`source--number`).
DI_ID = {"type": "string", "description": "Identifiant des exports data·inclusion "
         "(`source--numéro`)."}
MODIFIED = {**DATETIME, "description": "Dernière modification (à garder pour `modifie_depuis`)."}


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]} if "type" in schema else {
        "oneOf": [schema, {"type": "null"}]
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict, description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    if description:
        schema["description"] = description
    return schema


#: Components of the OpenAPI document; every serializer below returns exactly these keys.
SCHEMAS = {
    "Reference": obj({"slug": STRING, "nom": STRING}, "Un objet désigné par son slug."),
    "Thematique": obj({
        "slug": STRING,
        "nom": STRING,
        "parent": nullable(STRING),
        "codes_data_inclusion": array(STRING),
    }),
    "Public": obj({"slug": STRING, "nom": STRING, "code_data_inclusion": nullable(STRING)}),
    "Commune": obj({
        "slug": STRING,
        "nom": STRING,
        "code_postal": STRING,
        "code_insee": nullable(STRING),
        "dans_le_territoire": BOOLEAN,
    }),
    "Adresse": obj({
        "nom": nullable(STRING),
        "adresse": STRING,
        "complement_adresse": nullable(STRING),
        "code_postal": STRING,
        "commune": ref("Reference"),
        "latitude": nullable({"type": "number"}),
        "longitude": nullable({"type": "number"}),
    }),
    "Contact": obj({
        "libelle": STRING,
        "role": nullable(STRING),
        "telephone": nullable(STRING),
        "courriel": nullable(STRING),
    }, "Contact public (les contacts réservés aux professionnels ne sont jamais publiés)."),
    "Service": obj({
        "id": INTEGER,
        "id_data_inclusion": DI_ID,
        "modifie_le": MODIFIED,
        "nom": STRING,
        "type": nullable(STRING),
        "description": nullable(STRING),
        "organisation": ref("Reference"),
        "thematiques": array(ref("Reference")),
        "publics": array(ref("Reference")),
        "communes": array(ref("Reference")),
        "age_min": nullable(INTEGER),
        "age_max": nullable(INTEGER),
        "horaires": nullable(STRING),
        "frais": nullable({"type": "string", "enum": ["gratuit", "payant"]}),
        "frais_precisions": nullable(STRING),
        "conditions_acces": nullable(STRING),
        "modes_accueil": array(STRING),
        "modalites_accueil": array(STRING),
        "permanences": array(obj({"commune": nullable(STRING), "lieu": nullable(STRING),
                                  "horaires": nullable(STRING)})),
        "justificatifs": nullable(STRING),
        "modes_mobilisation": array(STRING),
        "mobilisable_par": array(STRING),
        "lien_mobilisation": nullable(STRING),
        "mobilisation_precisions": nullable(STRING),
        "lieu": nullable(ref("Adresse")),
        "contacts": array(ref("Contact")),
        "url": URI,
        "api_url": URI,
    }),
    "OrganisationResume": obj({
        "slug": STRING,
        "id_data_inclusion": DI_ID,
        "modifie_le": MODIFIED,
        "nom": STRING,
        "sigle": nullable(STRING),
        "type": STRING,
        "presentation_resume": nullable(STRING),
        "thematiques": array(ref("Reference")),
        "publics": array(ref("Reference")),
        "communes": array(ref("Reference")),
        "date_maj": {"type": "string", "format": "date"},
        "url": URI,
        "api_url": URI,
    }),
}
SCHEMAS["Organisation"] = obj({
    **SCHEMAS["OrganisationResume"]["properties"],
    "rna": nullable(STRING),
    "siret": nullable(STRING),
    "description": nullable(STRING),
    "telephone": nullable(STRING),
    "courriel": nullable(STRING),
    "site_web": nullable(STRING),
    "horaires_accueil": nullable(STRING),
    "accessibilite": array(STRING),
    "accessibilite_precisions": nullable(STRING),
    "accessibilite_lieu": nullable(STRING),
    "adresses": array(ref("Adresse")),
    "services": array(ref("Service")),
    "contacts": array(ref("Contact")),
})


#: What a list answers with `modifie_depuis` about the items it no longer shows.
DELETION = obj({
    "id": {"type": ["integer", "string"], "description": "Numéro (ou nom court, pour une "
           "organisation) de l'élément retiré."},
    "id_data_inclusion": nullable(STRING),
    "retire_le": DATETIME,
    "raison": {"type": "string", "enum": ["archive", "depublie", "termine"]},
}, "Un élément retiré de la liste depuis `modifie_depuis` (archivé, dépublié, terminé).")


# Serializers ----------------------------------------------------------------------------------


def data_inclusion_id(source: str, number: int) -> str:
    """As `exports.structure_id` and the services' ids (a test checks they agree)."""
    return f"{source}--{number}"


def paris_date(value: datetime | None) -> str | None:
    return paris_day(value).isoformat() if value else None


def reference(item) -> dict:
    nom = item.nom if hasattr(item, "nom") else item.name
    return {"slug": item.slug, "nom": nom}


def theme(t: Theme) -> dict:
    return {
        "slug": t.slug,
        "nom": t.name,
        "parent": t.parent.slug if t.parent else None,
        "codes_data_inclusion": list(t.data_inclusion_codes or []),
    }


def public(p: Public) -> dict:
    return {"slug": p.slug, "nom": p.name, "code_data_inclusion": p.data_inclusion_code}


def commune(c: Commune) -> dict:
    return {
        "slug": c.slug,
        "nom": c.name,
        "code_postal": c.postal_code,
        "code_insee": c.insee_code,
        "dans_le_territoire": bool(c.in_territory),
    }


def place(p: Place) -> dict:
    return {
        "nom": p.name,
        "adresse": p.adresse or "",
        "complement_adresse": p.complement_adresse,
        "code_postal": p.code_postal or p.commune.postal_code,
        "commune": reference(p.commune),
        "latitude": p.latitude,
        "longitude": p.longitude,
    }


def contact(c: Contact) -> dict:
    if not c.is_public:  # last line of defence: callers filter already
        raise ValueError("a professionals-only contact cannot be serialised")
    return {"libelle": c.label, "role": c.role, "telephone": c.telephone, "courriel": c.courriel}


def _refs(items) -> list[dict]:
    return [reference(i) for i in items]


def organization_summary(org: Organization, source: str) -> dict:
    """`source`: the data·inclusion producer name (exports.source_name)."""
    return {
        "slug": org.slug,
        "id_data_inclusion": data_inclusion_id(source, org.id),
        "modifie_le": iso(org.updated_at),
        "nom": org.nom,
        "sigle": org.sigle,
        "type": org.kind,
        "presentation_resume": org.presentation_resume,
        "thematiques": _refs(org.themes),
        "publics": _refs(org.publics),
        "communes": _refs(org.communes),
        "date_maj": paris_date(org.last_edited_at),
        "url": absolute_url("public.organization", slug=org.slug),
        "api_url": absolute_url("api.organization", slug=org.slug),
    }


def service(s: Service, contacts: list[Contact], source: str) -> dict:
    """`contacts`: the public contacts of this service (see listings.queries.public_contacts)."""
    return {
        "id": s.id,
        "id_data_inclusion": data_inclusion_id(source, s.id),
        "modifie_le": iso(max(s.updated_at, s.organization.updated_at)),
        "nom": s.nom,
        "type": s.type,
        "description": s.description,
        "organisation": reference(s.organization),
        "thematiques": _refs(s.themes),
        "publics": _refs(s.publics),
        "communes": _refs(s.communes),
        "age_min": s.age_min,
        "age_max": s.age_max,
        "horaires": s.horaires,
        "frais": s.frais,
        "frais_precisions": s.frais_precisions,
        "conditions_acces": s.conditions_acces,
        "modes_accueil": list(s.modes_accueil or []),
        "modalites_accueil": list(s.modalites_accueil or []),
        "permanences": [
            {key: item.get(key) for key in ("commune", "lieu", "horaires")}
            for item in (s.permanences or []) if isinstance(item, dict)
        ],
        "justificatifs": s.justificatifs,
        "modes_mobilisation": list(s.modes_mobilisation or []),
        "mobilisable_par": list(s.mobilisable_par or []),
        "lien_mobilisation": s.lien_mobilisation,
        "mobilisation_precisions": s.mobilisation_precisions,
        "lieu": place(s.place) if s.place else None,
        "contacts": [contact(c) for c in contacts if c.service_id == s.id],
        "url": absolute_url("public.organization", slug=s.organization.slug),
        "api_url": absolute_url("api.service", service_id=s.id),
    }


def organization(org: Organization, source: str) -> dict:
    contacts = listings.public_contacts([org.id])
    services = [s for s in org.services if s.archived_at is None]
    return {
        **organization_summary(org, source),
        "rna": org.rna,
        "siret": org.siret,
        "description": org.description,
        "telephone": org.telephone,
        "courriel": org.courriel,
        "site_web": org.site_web,
        "horaires_accueil": org.horaires_accueil,
        "accessibilite": list(org.accessibility or []),
        "accessibilite_precisions": org.accessibility_details,
        "accessibilite_lieu": org.accessibilite_lieu,
        "adresses": [place(p) for p in org.places],
        "services": [service(s, contacts, source) for s in services],
        "contacts": [contact(c) for c in contacts if c.service_id is None],
    }


# Events ---------------------------------------------------------------------------------------

DATE_OR_DATETIME = {"type": "string", "description": "Date (journée entière) ou date-heure "
                    "ISO 8601 avec décalage horaire de Paris. Pour une journée entière, `fin` "
                    "est le jour qui suit le dernier jour (exclu), comme en iCalendar."}
EVENT_SUMMARY_PROPERTIES = {
    "id": INTEGER,
    "modifie_le": MODIFIED,
    "titre": STRING,
    "organisation": ref("Reference"),
    "commune": nullable(ref("Reference")),
    "lieu": nullable(ref("Adresse")),
    "adresse": nullable(STRING),
    "frais": {"type": "string", "enum": ["gratuit", "payant"]},
    "thematiques": array(ref("Reference")),
    "publics": array(ref("Reference")),
    "url": nullable(URI),
    "api_url": URI,
}
EVENT_SCHEMAS = {
    "EvenementResume": obj(EVENT_SUMMARY_PROPERTIES),
    "Evenement": obj({
        **EVENT_SUMMARY_PROPERTIES,
        "uid": STRING,
        "description": nullable({"type": "string", "description": "Texte brut."}),
        "description_html": nullable({"type": "string",
                                      "description": "HTML nettoyé (liens, listes, gras)."}),
        "debut": DATE_OR_DATETIME,
        "fin": DATE_OR_DATETIME,
        "journee_entiere": BOOLEAN,
        "statut": {"type": "string",
                   "enum": ["scheduled", "postponed", "full", "cancelled"]},
        "precisions_tarif": nullable(STRING),
        "lien_inscription": nullable(STRING),
        "accessibilite": array(STRING),
        "age_min": nullable(INTEGER),
        "age_max": nullable(INTEGER),
        "regle": nullable({
            "type": "string",
            "description": "Règle de répétition iCalendar (RRULE), sans « RRULE: ».",
        }),
        "dates_supplementaires": array(STRING),
        "dates_exclues": array(STRING),
    }),
    "Occurrence": obj({
        "debut": DATE_OR_DATETIME,
        "fin": DATE_OR_DATETIME,
        "journee_entiere": BOOLEAN,
        "titre": STRING,
        "statut": STRING,
        "note": nullable(STRING),
        "recurrence_id": nullable(STRING),
        "evenement": ref("EvenementResume"),
    }, "Une date d'un événement (les événements répétés ont une occurrence par date)."),
}


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat()
    return value.isoformat()


def event_summary(event) -> dict:
    return {
        "id": event.id,
        "modifie_le": iso(event.updated_at),
        "titre": event.title,
        "organisation": reference(event.organization),
        "commune": reference(event.commune) if event.commune else None,
        "lieu": place(event.place) if event.place else None,
        "adresse": event.address,
        "frais": event.frais,
        "thematiques": _refs(event.themes),
        "publics": _refs(event.publics),
        "url": absolute_url("agenda.event", event_id=event.id, slug=event.slug or "evenement"),
        "api_url": absolute_url("api.event", event_id=event.id),
    }


def event(e) -> dict:
    return {
        **event_summary(e),
        "uid": e.uid,
        # Plain text and, apart, sanitised HTML: never the stored Markdown as it is.
        "description": markdown_to_text(e.description) or None,
        "description_html": str(render_markdown(e.description)) or None,
        "debut": iso(e.start_date if e.all_day else e.starts_at),
        "fin": iso(e.end_date if e.all_day else e.ends_at),
        "journee_entiere": bool(e.all_day),
        "statut": e.public_status,
        "precisions_tarif": e.price_details,
        "lien_inscription": e.registration_url,
        "accessibilite": list(e.accessibility or []),
        "age_min": e.age_min,
        "age_max": e.age_max,
        "regle": e.rrule,
        "dates_supplementaires": list(e.rdates or []),
        "dates_exclues": list(e.exdates or []),
    }


def occurrence(item) -> dict:
    """`item`: an agenda.AgendaOccurrence."""
    occ = item.occurrence
    return {
        "debut": iso(occ.start),
        "fin": iso(occ.end),
        "journee_entiere": bool(item.all_day),
        "titre": occ.title,
        "statut": occ.status,
        "note": occ.note,
        "recurrence_id": iso(occ.recurrence_id),
        "evenement": event_summary(item.event),
    }


# Volunteer missions -----------------------------------------------------------------------------

DATE = {"type": "string", "format": "date"}

MISSION_SCHEMAS = {
    "Mission": obj({
        "id": INTEGER,
        "modifie_le": MODIFIED,
        "titre": STRING,
        "description": STRING,
        "rythme": {"type": "string", "enum": ["reguliere", "ponctuelle"]},
        "quand": nullable(STRING),
        "frequence": nullable(STRING),
        "commune": nullable(ref("Reference")),
        "lieu": nullable(STRING),
        "thematiques": array(ref("Reference")),
        "publics": array(ref("Reference")),
        "competences": nullable(STRING),
        "debut": DATE,
        "fin": nullable(DATE),
        "organisation": ref("Reference"),
        "url": URI,
    }, "Une mission de bénévolat ; on écrit à l'association par le formulaire de sa page "
       "(son adresse n'est jamais publiée)."),
}


def mission(item, page_url: str) -> dict:
    """`item`: a volunteering Mission (never its contact address)."""
    return {
        "id": item.id,
        "modifie_le": iso(item.updated_at),
        "titre": item.title,
        "description": item.description,
        "rythme": item.regularity,
        "quand": item.schedule,
        "frequence": item.frequency,
        "commune": reference(item.commune) if item.commune else None,
        "lieu": item.place,
        "thematiques": _refs(item.themes),
        "publics": _refs(item.publics),
        "competences": item.skills,
        "debut": iso(item.starts_on),
        "fin": iso(item.ends_on),
        "organisation": reference(item.organization),
        "url": page_url,
    }
