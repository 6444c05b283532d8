"""A mission's history: its snapshot after each change, and the differences as people read them."""

from datetime import date, datetime

from sqlalchemy import select

from directory.core.dates import date_fr
from directory.core.extensions import db
from directory.core.versioning import Change, field_changes, names, slugs, to_json
from directory.taxonomy.models import Commune, Public, Theme
from directory.volunteering.models import REGULARITY_LABELS, Mission, MissionRevision

#: Snapshot keys with their French labels, in the order of the history page.
LABELS = {
    "title": "Intitulé",
    "description": "Description",
    "regularity": "Rythme",
    "schedule": "Quand",
    "frequency": "Fréquence",
    "commune": "Commune",
    "place": "Lieu",
    "themes": "Thématiques",
    "publics": "Publics",
    "skills": "Compétences",
    "starts_on": "Début",
    "ends_on": "Fin",
    "contact_email": "Adresse qui reçoit les messages",
    "archived_at": "Plus proposée depuis",
}


def snapshot_of(mission: Mission) -> dict:
    return {
        "title": mission.title, "description": mission.description,
        "regularity": mission.regularity, "schedule": mission.schedule,
        "frequency": mission.frequency,
        "commune": mission.commune.slug if mission.commune else None,
        "place": mission.place, "themes": slugs(mission.themes), "publics": slugs(mission.publics),
        "skills": mission.skills, "starts_on": to_json(mission.starts_on),
        "ends_on": to_json(mission.ends_on), "contact_email": mission.contact_email,
        "archived_at": to_json(mission.archived_at),
    }


def record(mission: Mission, action: str, author, snapshot: dict | None = None
           ) -> MissionRevision:
    """Keep the mission as it is now, or as `snapshot` says (after a flush: it has its id)."""
    entry = MissionRevision(
        mission_id=mission.id, number=MissionRevision.current_number(mission.id) + 1,
        action=action, author_id=getattr(author, "id", author),
        snapshot=snapshot if snapshot is not None else snapshot_of(mission))
    db.session.add(entry)
    return entry


def _display(name: str, values: dict) -> str:
    value = values.get(name)
    if not value:
        return ""
    if name == "regularity":
        return REGULARITY_LABELS.get(value, value)
    if name == "commune":
        return names(Commune, [value])
    if name == "themes":
        return names(Theme, value)
    if name == "publics":
        return names(Public, value)
    if name == "archived_at":
        return date_fr(datetime.fromisoformat(value))
    if name in ("starts_on", "ends_on"):
        return date_fr(date.fromisoformat(value))
    return str(value)


def diff(old: dict, new: dict) -> list[Change]:
    return field_changes(LABELS, old, new, _display, long_text=("description", "skills"))


def history(mission: Mission) -> list[dict]:
    """Each entry, newest first, with what changed since the one before."""
    entries = list(db.session.scalars(
        select(MissionRevision).where(MissionRevision.mission_id == mission.id)
        .order_by(MissionRevision.number.desc())))
    return [{"entry": entry,
             "changes": diff(entries[i + 1].snapshot, entry.snapshot)
             if i + 1 < len(entries) else []}
            for i, entry in enumerate(entries)]
