"""Revisions: snapshots of a listing, applying them, and three-way merges.

A snapshot is plain JSON: the organisation's editable fields, its themes, publics and communes
(slugs), its current activities, its addresses (places) and its contacts. Every change goes
through `save()`: it refuses a save made from an out-of-date version (`StaleEdit`), publishes
at once for staff and trusted organisations, and otherwise keeps the change as a pending
revision for a moderator. How they read (differences, values) is in `listings.display`.
"""

import copy
from datetime import date

from sqlalchemy import select

from directory.accounts.models import User
from directory.accounts.permissions import is_staff
from directory.core import versioning
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.versioning import StaleEdit, by_slug, slugs, to_json
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization, organization_places
from directory.listings.models.place import Place
from directory.listings.models.revision import Revision, RevisionAction, RevisionState
from directory.listings.models.service import Service
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import ContactVisibility

#: Organisation fields a member may change, with their French labels (order of the form).
ORG_FIELDS = {
    "nom": "Nom",
    "sigle": "Sigle",
    "rna": "Numéro RNA",
    "siret": "SIRET",
    "presentation_resume": "Présentation courte",
    "description": "Description",
    "easy_read": "Facile à lire",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "site_web": "Site internet",
    "horaires_accueil": "Horaires d'accueil",
    "accessibility": "Accueil adapté",
    "accessibility_details": "Précisions sur l'accessibilité",
    "membership_fee": "Adhésion",
    "volunteers_wanted": "Bénévoles recherchés",
    "volunteers_details": "Précisions sur le bénévolat",
    "notice": "Information temporaire",
    "notice_starts_on": "Début de l'information temporaire",
    "notice_ends_on": "Fin de l'information temporaire",
    "logo": "Logo",
}
#: Typed in the organisation form; the logo comes as a file, handled apart.
FORM_FIELDS = [name for name in ORG_FIELDS if name != "logo"]
SERVICE_FIELDS = {
    "nom": "Nom de l'activité",
    "description": "Description",
    "age_min": "Âge minimum",
    "age_max": "Âge maximum",
    "horaires": "Horaires",
    "frais": "Tarif",
    "frais_precisions": "Précisions sur le tarif",
    "conditions_acces": "Conditions d'accès",
    "modes_accueil": "Modes d'accueil",
    "place_id": "Lieu",
    "modalites_accueil": "Modalités d'accueil",
    "permanences": "Permanences",
    "justificatifs": "Documents à apporter",
    "modes_mobilisation": "Comment solliciter le service",
    "mobilisable_par": "Qui peut le solliciter",
    "lien_mobilisation": "Formulaire en ligne",
    "mobilisation_precisions": "Précisions pour solliciter le service",
    # Professionals only (models.service.PRO_ONLY_FIELDS).
    "orientation_modes": "Orientation par un professionnel",
    "orientation_courriel": "Courriel d'orientation (professionnels)",
    "orientation_telephone": "Ligne directe (professionnels)",
    "orientation_precisions": "Comment orienter (professionnels)",
    "notes_professionnels": "Notes pour les professionnels",
}
CONTACT_FIELDS = {
    "label": "Nom ou fonction",
    "role": "Rôle",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "visibility": "Visibilité",
    "service_id": "Activité",
}
PLACE_FIELDS = {
    "name": "Nom du lieu",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "latitude": "Latitude",
    "longitude": "Longitude",
}
#: Lists of items kept by id in a snapshot, with how one item is named in the history.
ITEMS = {"services": "Activité", "places": "Adresse", "contacts": "Contact"}
VISIBILITY_LABELS = {ContactVisibility.PUBLIC: "Tout public",
                     ContactVisibility.PROFESSIONALS: "Professionnels seulement"}
RELATIONS = {"themes": "Thématiques", "publics": "Publics", "communes": "Communes"}
RELATION_MODELS = {"themes": Theme, "publics": Public, "communes": Commune}
DATE_FIELDS = {"notice_starts_on", "notice_ends_on"}
#: Fields that are never None: what an absent value means.
NOT_NULL = {"volunteers_wanted": False, "accessibility": [], "modes_accueil": [],
            "modalites_accueil": [], "permanences": [], "modes_mobilisation": [],
            "mobilisable_par": [], "orientation_modes": []}


# Snapshots ------------------------------------------------------------------------------------


def service_snapshot(service: Service) -> dict:
    data = {"id": service.id}
    data.update({name: to_json(getattr(service, name)) for name in SERVICE_FIELDS})
    data.update({rel: slugs(getattr(service, rel)) for rel in RELATIONS})
    return data


def contact_snapshot(contact: Contact) -> dict:
    return {"id": contact.id, **{name: getattr(contact, name) for name in CONTACT_FIELDS}}


def place_snapshot(place: Place) -> dict:
    data = {"id": place.id}
    data.update({name: getattr(place, name) for name in PLACE_FIELDS if name != "commune"})
    data["commune"] = place.commune.slug
    return data


def _contacts(
    org: Organization, service_ids: set[int], archived: bool = False
) -> list[Contact]:
    """The structure's contacts and those of its current activities (removed ones on demand)."""
    statement = select(Contact).where(Contact.organization_id == org.id)
    if not archived:
        statement = statement.where(Contact.archived_at.is_(None))
    contacts = db.session.scalars(statement.order_by(Contact.position, Contact.id))
    return [c for c in contacts if c.service_id is None or c.service_id in service_ids]


def snapshot_of(org: Organization, contacts: list[Contact] | None = None) -> dict:
    """`contacts`: when the caller knows them (a listing just imported has none)."""
    services = [s for s in org.services if s.archived_at is None]
    if contacts is None:
        contacts = _contacts(org, {s.id for s in services})
    return {
        "fields": {name: to_json(getattr(org, name)) for name in ORG_FIELDS},
        **{rel: slugs(getattr(org, rel)) for rel in RELATIONS},
        "services": [service_snapshot(s) for s in services],
        "places": [place_snapshot(p) for p in sorted(org.places, key=lambda p: p.id)],
        "contacts": [contact_snapshot(c) for c in contacts],
    }


def _set_relations(obj, data: dict) -> None:
    for rel in RELATIONS:
        setattr(obj, rel, by_slug(RELATION_MODELS[rel], data.get(rel, [])))


def _shared(place: Place, org: Organization) -> bool:
    """A venue of the territory, or an address another organisation uses too."""
    other = db.session.scalar(
        select(organization_places.c.organization_id).where(
            organization_places.c.place_id == place.id,
            organization_places.c.organization_id != org.id,
        ).limit(1)
    )
    return place.is_venue or other is not None


def _apply_places(org: Organization, items: list[dict]) -> None:
    """Addresses removed from the listing are unlinked, never deleted: the history keeps them."""
    places = []
    for data in items:
        commune = db.session.scalar(select(Commune).where(Commune.slug == data.get("commune")))
        if commune is None:
            continue
        values = {n: data.get(n) for n in PLACE_FIELDS if n != "commune"}
        values["adresse"] = values["adresse"] or ""
        values["commune_id"] = commune.id
        place = db.session.get(Place, data["id"]) if data.get("id") else None
        # Changing a shared address would change it for the others too: keep a copy instead.
        if place is not None and _shared(place, org) and any(
            getattr(place, n) != v for n, v in values.items()
        ):
            place = None
        if place is None:
            place = Place()
            db.session.add(place)
        for name, value in values.items():
            setattr(place, name, value)
        places.append(place)
    org.places = places
    db.session.flush()


def _apply_contacts(org: Organization, items: list[dict], service_ids: set[int]) -> None:
    # Removed contacts are looked up too, so that a restore brings the same row back.
    existing = {c.id: c for c in _contacts(org, service_ids, archived=True)}
    kept = set()
    for position, data in enumerate(items):
        if data.get("service_id") is not None and data["service_id"] not in service_ids:
            continue  # its activity is archived: the contact stays with it
        contact = existing.get(data.get("id"))
        if contact is None:
            contact = Contact(organization_id=org.id)
            db.session.add(contact)
        for name in CONTACT_FIELDS:
            setattr(contact, name, data.get(name))
        contact.visibility = contact.visibility or ContactVisibility.PUBLIC
        contact.position = position
        contact.archived_at = None
        kept.add(contact.id)
    # Removed contacts are archived, never deleted.
    for contact in existing.values():
        if contact.id not in kept and contact.archived_at is None:
            contact.archived_at = utcnow()
    db.session.flush()
    db.session.expire(org, ["contacts"])


def apply_snapshot(org: Organization, snapshot: dict) -> None:
    """Make the organisation and its activities what the snapshot says; archive the others.

    Snapshots from before addresses and contacts were kept leave them as they are.
    """
    for name in ORG_FIELDS:
        value = snapshot["fields"].get(name, NOT_NULL.get(name))
        if value is None and name in NOT_NULL:
            value = NOT_NULL[name]
        if name in DATE_FIELDS and value:
            value = date.fromisoformat(value)
        setattr(org, name, value)
    _set_relations(org, snapshot)
    if "places" in snapshot:
        _apply_places(org, snapshot["places"])
    place_ids = {p.id for p in org.places}
    existing = {s.id: s for s in org.services}
    kept = set()
    for position, data in enumerate(snapshot.get("services", [])):
        service = existing.get(data.get("id"))
        if service is None:
            service = Service(organization=org)
            db.session.add(service)
        for name in SERVICE_FIELDS:
            if name == "place_id" and name not in data:
                continue  # a snapshot from before activities had a place
            value = data.get(name)
            setattr(service, name, NOT_NULL.get(name) if value is None else value)
        if service.place_id not in place_ids:
            service.place_id = None  # only one of the listing's own addresses
        _set_relations(service, data)
        service.position = position
        service.archived_at = None  # a restored revision brings an archived activity back
        kept.add(service.id)
    for service in existing.values():
        if service.id not in kept and service.archived_at is None:
            service.archived_at = utcnow()
    db.session.flush()
    if "contacts" in snapshot:
        active = {s.id for s in org.services if s.archived_at is None}
        _apply_contacts(org, snapshot["contacts"], active)
    db.session.expire(org, ["services"])


# History --------------------------------------------------------------------------------------


def current_number(org: Organization) -> int:
    """The listing's version: its last applied revision's number, 0 before any revision."""
    return Revision.current_number(org.id)


def revision_number(org: Organization, number: int) -> Revision | None:
    # Version 0 is the imported state, kept as revision 1 at the first change.
    return Revision.numbered(org.id, number or 1)


def snapshot_at(org: Organization, number: int) -> dict:
    revision = revision_number(org, number)
    return revision.snapshot if revision is not None else snapshot_of(org)


def _record(org, author, action, *, base, state=RevisionState.APPLIED, comment=None,
            snapshot=None, restored_from=None) -> Revision:
    revision = Revision(
        organization=org,
        number=current_number(org) + 1 if state == RevisionState.APPLIED else None,
        base_number=base,
        state=state,
        action=action,
        author_id=author.id if author is not None else None,
        comment=comment or None,
        snapshot=snapshot if snapshot is not None else snapshot_of(org),
        restored_from_id=restored_from.id if restored_from is not None else None,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def ensure_initial(org: Organization) -> None:
    """Keep the state of a listing that never had a revision (imported, demo) before changing it."""
    if current_number(org) == 0:
        _record(org, None, RevisionAction.INITIAL, base=0)


def record_creation(org: Organization, author: User, comment: str | None = None) -> Revision:
    return _record(org, author, RevisionAction.CREATE, base=0, comment=comment)


# Saving ---------------------------------------------------------------------------------------


def stale(org: Organization, base: int) -> StaleEdit:
    """The conflict of a save from version `base`: what the others did since."""
    # Versions 0 and 1 are the same state (see revision_number).
    return versioning.stale(Revision, org.id, base or 1, snapshot_at(org, base), snapshot_of(org))


def publishes_directly(org: Organization, user: User) -> bool:
    return is_staff(user) or org.trusted or not org.is_published


def save(org: Organization, user: User, proposed: dict, base: int,
         comment: str | None = None) -> Revision | None:
    """Apply (or propose) a new state of the listing; None when nothing changed.

    Raises StaleEdit when the listing changed since version `base`: nothing is overwritten.
    """
    if base != current_number(org):
        raise stale(org, base)
    if proposed == snapshot_of(org):
        return None
    ensure_initial(org)
    base = current_number(org)
    if not publishes_directly(org, user):
        return _record(org, user, RevisionAction.EDIT, base=base, state=RevisionState.PENDING,
                       comment=comment, snapshot=proposed)
    apply_snapshot(org, proposed)
    org.last_edited_at = org.last_verified_at = utcnow()
    if org.changes_requested_at is not None and not is_staff(user):
        # The authors changed the draft the staff sent back: it waits in the queue again.
        org.changes_requested_at = None
    return _record(org, user, RevisionAction.EDIT, base=base, comment=comment)


def confirm(org: Organization, user: User, comment: str | None = None) -> Revision:
    """"Confirmer sans changement": the content is right; it counts as a verification."""
    ensure_initial(org)
    org.last_verified_at = utcnow()
    return _record(org, user, RevisionAction.CONFIRM, base=current_number(org), comment=comment)


def pending_for(org: Organization) -> list[Revision]:
    return list(db.session.scalars(
        select(Revision)
        .where(Revision.organization_id == org.id, Revision.state == RevisionState.PENDING)
        .order_by(Revision.created_at)
    ))


def accept(revision: Revision, moderator: User) -> Revision:
    """Publish a pending change, merged into whatever was published since it was proposed."""
    org = revision.organization
    merged = merge(snapshot_at(org, revision.base_number), snapshot_of(org), revision.snapshot)
    apply_snapshot(org, merged)
    org.last_edited_at = org.last_verified_at = utcnow()
    revision.number = current_number(org) + 1
    revision.state = RevisionState.APPLIED
    revision.snapshot = snapshot_of(org)
    revision.reviewed_by_id = moderator.id
    revision.reviewed_at = utcnow()
    db.session.flush()
    return revision


def refuse(revision: Revision, moderator: User, reason: str) -> None:
    revision.state = RevisionState.REFUSED
    revision.reviewed_by_id = moderator.id
    revision.reviewed_at = utcnow()
    revision.review_reason = reason
    db.session.flush()


def request_changes(revision: Revision, moderator: User, message: str) -> None:
    """Back to its author with what to change: out of the queue; they propose again."""
    if not message:
        raise ValueError("asking for changes needs to say which")
    revision.state = RevisionState.CHANGES_REQUESTED
    revision.reviewed_by_id = moderator.id
    revision.reviewed_at = utcnow()
    revision.review_reason = message
    db.session.flush()


def restore(revision: Revision, moderator: User) -> Revision:
    """Bring an earlier state back, as a new revision: history only grows."""
    org = revision.organization
    ensure_initial(org)
    apply_snapshot(org, revision.snapshot)
    org.last_edited_at = utcnow()
    return _record(org, moderator, RevisionAction.RESTORE, base=current_number(org),
                   comment=f"Version n° {revision.number} restaurée", restored_from=revision)


def record_status(org: Organization, moderator: User, action: str,
                  reason: str | None = None) -> Revision:
    """Publication or archiving by the staff, kept in the history too."""
    ensure_initial(org)
    return _record(org, moderator, action, base=current_number(org), comment=reason)


# Merging and differences ----------------------------------------------------------------------


def merge(base: dict, current: dict, proposed: dict) -> dict:
    """`current` plus what the proposer changed relative to the version they started from."""
    result = copy.deepcopy(current)
    for name, value in proposed["fields"].items():
        if value != base["fields"].get(name):
            result["fields"][name] = value
    for rel in RELATIONS:
        if proposed.get(rel) != base.get(rel):
            result[rel] = proposed.get(rel, [])
    for key in ITEMS:
        if key in proposed and key in result:
            result[key] = _merge_items(base.get(key, current[key]), result[key], proposed[key])
    return result


def _merge_items(base: list[dict], current: list[dict], proposed: list[dict]) -> list[dict]:
    """Items (activities, addresses, contacts) merged by id, field by field."""
    base_items = {i["id"]: i for i in base}
    proposed_items = {i["id"]: i for i in proposed if i.get("id")}
    items = []
    for item in current:
        iid = item["id"]
        if iid in base_items and iid not in proposed_items:
            continue  # the proposer removed it
        if iid in proposed_items:
            before = base_items.get(iid, {})
            for name, value in proposed_items[iid].items():
                if value != before.get(name):
                    item[name] = value
        items.append(item)
    items += [i for i in proposed if not i.get("id") or i["id"] not in base_items]
    return items


def changed_fields(base: dict, current: dict) -> dict:
    """Organisation fields and classifications that differ, with the current value."""
    changed = {n: v for n, v in current["fields"].items() if v != base["fields"].get(n)}
    changed.update({rel: current.get(rel) for rel in RELATIONS
                    if current.get(rel) != base.get(rel)})
    return changed


def changed_service_fields(base: dict, current: dict, service_id: int | None,
                           key: str = "services") -> dict | None:
    """Fields of one activity (or address, contact) that differ; None when the other person
    removed it."""
    before = next((s for s in base.get(key, []) if s["id"] == service_id), {})
    now = next((s for s in current.get(key, []) if s["id"] == service_id), None)
    if now is None:
        return None if before else {}
    return {n: v for n, v in now.items() if n != "id" and v != before.get(n)}
