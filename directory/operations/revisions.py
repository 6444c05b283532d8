"""Revisions: snapshots of a listing, applying them, three-way merges and readable differences.

A snapshot is plain JSON: the organisation's editable fields, its themes, publics and communes
(slugs) and its current activities. Every change goes through `save()`: it refuses a save made
from an out-of-date version (`StaleEdit`), publishes at once for staff and trusted
organisations, and otherwise keeps the change as a pending revision for a moderator.
"""

import copy
import difflib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from directory.extensions import db
from directory.models.base import utcnow
from directory.models.organization import Organization
from directory.models.revision import Revision, RevisionAction, RevisionState
from directory.models.service import Service
from directory.models.taxonomy import Public, Theme
from directory.models.territory import Commune
from directory.models.user import User
from directory.permissions import is_staff
from directory.vocabularies import ACCESSIBILITY_LABELS, FEES_LABELS, RECEPTION_MODE_LABELS

#: Organisation fields a member may change, with their French labels (order of the form).
ORG_FIELDS = {
    "nom": "Nom",
    "sigle": "Sigle",
    "rna": "Numéro RNA",
    "siret": "SIRET",
    "presentation_resume": "Présentation courte",
    "description": "Description",
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
}
RELATIONS = {"themes": "Thématiques", "publics": "Publics", "communes": "Communes"}
RELATION_MODELS = {"themes": Theme, "publics": Public, "communes": Commune}
DATE_FIELDS = {"notice_starts_on", "notice_ends_on"}
#: Fields that are never None: what an absent value means.
NOT_NULL = {"volunteers_wanted": False, "accessibility": [], "modes_accueil": []}
#: Texts long enough to be compared word by word.
LONG_TEXT = {"description", "horaires_accueil", "accessibility_details", "volunteers_details",
             "horaires", "conditions_acces"}


# Snapshots ------------------------------------------------------------------------------------


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


def _slugs(items) -> list[str]:
    return sorted(item.slug for item in items)


def service_snapshot(service: Service) -> dict:
    data = {"id": service.id}
    data.update({name: _json(getattr(service, name)) for name in SERVICE_FIELDS})
    data.update({rel: _slugs(getattr(service, rel)) for rel in RELATIONS})
    return data


def snapshot_of(org: Organization) -> dict:
    return {
        "fields": {name: _json(getattr(org, name)) for name in ORG_FIELDS},
        **{rel: _slugs(getattr(org, rel)) for rel in RELATIONS},
        "services": [service_snapshot(s) for s in org.services if s.archived_at is None],
    }


def _by_slug(rel: str, slugs: list[str]) -> list:
    if not slugs:
        return []
    model = RELATION_MODELS[rel]
    return list(db.session.scalars(select(model).where(model.slug.in_(slugs))))


def _set_relations(obj, data: dict) -> None:
    for rel in RELATIONS:
        setattr(obj, rel, _by_slug(rel, data.get(rel, [])))


def apply_snapshot(org: Organization, snapshot: dict) -> None:
    """Make the organisation and its activities what the snapshot says; archive the others."""
    for name in ORG_FIELDS:
        value = snapshot["fields"].get(name, NOT_NULL.get(name))
        if value is None and name in NOT_NULL:
            value = NOT_NULL[name]
        if name in DATE_FIELDS and value:
            value = date.fromisoformat(value)
        setattr(org, name, value)
    _set_relations(org, snapshot)
    existing = {s.id: s for s in org.services}
    kept = set()
    for position, data in enumerate(snapshot.get("services", [])):
        service = existing.get(data.get("id"))
        if service is None:
            service = Service(organization=org)
            db.session.add(service)
        for name in SERVICE_FIELDS:
            value = data.get(name)
            setattr(service, name, NOT_NULL.get(name) if value is None else value)
        _set_relations(service, data)
        service.position = position
        service.archived_at = None  # a restored revision brings an archived activity back
        kept.add(service.id)
    for service in existing.values():
        if service.id not in kept and service.archived_at is None:
            service.archived_at = utcnow()
    db.session.flush()
    db.session.expire(org, ["services"])


# History --------------------------------------------------------------------------------------


def current_number(org: Organization) -> int:
    """The listing's version: its last applied revision's number, 0 before any revision."""
    number = db.session.scalar(
        select(func.max(Revision.number)).where(Revision.organization_id == org.id)
    )
    return number or 0


def revision_number(org: Organization, number: int) -> Revision | None:
    # Version 0 is the imported state, kept as revision 1 at the first change.
    return db.session.scalars(
        select(Revision).where(Revision.organization_id == org.id, Revision.number == (number or 1))
    ).first()


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


def authors_since(org: Organization, number: int) -> list[Revision]:
    return list(db.session.scalars(
        select(Revision)
        .where(Revision.organization_id == org.id, Revision.number > (number or 1))
        .order_by(Revision.number)
    ))


# Saving ---------------------------------------------------------------------------------------


@dataclass
class StaleEdit(Exception):
    """Someone saved the listing after the person opened the form."""

    base: dict
    current: dict
    current_number: int
    since: list[Revision] = field(default_factory=list)


def stale(org: Organization, base: int) -> StaleEdit:
    number = current_number(org)
    return StaleEdit(snapshot_at(org, base), snapshot_of(org), number, authors_since(org, base))


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
    base_services = {s["id"]: s for s in base.get("services", [])}
    proposed_services = {s["id"]: s for s in proposed.get("services", []) if s.get("id")}
    services = []
    for service in result.get("services", []):
        sid = service["id"]
        if sid in base_services and sid not in proposed_services:
            continue  # the proposer archived it
        if sid in proposed_services:
            before = base_services.get(sid, {})
            for name, value in proposed_services[sid].items():
                if value != before.get(name):
                    service[name] = value
        services.append(service)
    services += [s for s in proposed.get("services", [])
                 if not s.get("id") or s["id"] not in base_services]
    result["services"] = services
    return result


def changed_fields(base: dict, current: dict) -> dict:
    """Organisation fields and classifications that differ, with the current value."""
    changed = {n: v for n, v in current["fields"].items() if v != base["fields"].get(n)}
    changed.update({rel: current.get(rel) for rel in RELATIONS
                    if current.get(rel) != base.get(rel)})
    return changed


def changed_service_fields(base: dict, current: dict, service_id: int | None) -> dict | None:
    """Fields of one activity that differ; None when the other person archived it."""
    before = next((s for s in base.get("services", []) if s["id"] == service_id), {})
    now = next((s for s in current.get("services", []) if s["id"] == service_id), None)
    if now is None:
        return None if before else {}
    return {n: v for n, v in now.items() if n != "id" and v != before.get(n)}


@dataclass
class Change:
    label: str
    old: str
    new: str
    #: Word-level differences of a long text: (tag, text), tag in equal / delete / insert.
    segments: list[tuple[str, str]] | None = None


def _names(rel: str, slugs: list[str]) -> str:
    if not slugs:
        return ""
    items = {i.slug: i for i in _by_slug(rel, slugs)}
    names = [(items[s].full_name if rel == "themes" else items[s].name) if s in items else s
             for s in slugs]
    return ", ".join(sorted(names))


def display(name: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name in DATE_FIELDS:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if name == "accessibility":
        return ", ".join(ACCESSIBILITY_LABELS.get(v, v) for v in value)
    if name == "modes_accueil":
        return ", ".join(RECEPTION_MODE_LABELS.get(v, v) for v in value)
    if name == "logo":
        return "Image " + value[:8]
    if name == "frais":
        return FEES_LABELS.get(value, value)
    if name in RELATIONS:
        return _names(name, value)
    return str(value)


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
        if tag == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
    return segments


def _change(prefix: str, name: str, label: str, old, new) -> Change:
    change = Change(f"{prefix}{label}", display(name, old), display(name, new))
    if name in LONG_TEXT and old and new:
        change.segments = _word_diff(old, new)
    return change


def diff(old: dict | None, new: dict) -> list[Change]:
    """Field-by-field differences between two snapshots, with French labels."""
    old = old or {"fields": {}, "services": []}
    changes = [
        _change("", name, label, old["fields"].get(name), new["fields"].get(name))
        for name, label in ORG_FIELDS.items()
        if old["fields"].get(name) != new["fields"].get(name)
    ]
    changes += [
        _change("", rel, label, old.get(rel), new.get(rel))
        for rel, label in RELATIONS.items()
        if (old.get(rel) or []) != (new.get(rel) or [])
    ]
    before = {s["id"]: s for s in old.get("services", [])}
    after_ids = {s.get("id") for s in new.get("services", [])}
    service_labels = {**SERVICE_FIELDS, **RELATIONS}
    for service in new.get("services", []):
        previous = before.get(service.get("id"))
        if previous is None:
            changes.append(Change("Activité ajoutée", "", service["nom"]))
            continue
        prefix = f"Activité « {service['nom']} » – "
        changes += [
            _change(prefix, name, label, previous.get(name), service.get(name))
            for name, label in service_labels.items()
            if (previous.get(name) or None) != (service.get(name) or None)
        ]
    changes += [Change("Activité retirée", s["nom"], "")
                for sid, s in before.items() if sid not in after_ids]
    return changes
