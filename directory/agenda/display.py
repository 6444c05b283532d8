"""Events as people read them: dates and times, snapshot values and the history's differences.

Used by the agenda's pages and mails; nothing here changes data.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from directory.agenda import recurrence
from directory.agenda.models import Event
from directory.agenda.operations import TIME_FIELDS
from directory.core.dates import PARIS, date_fr
from directory.core.extensions import db
from directory.core.versioning import Change, field_changes, is_blank, names, to_json
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    ACCESSIBILITY_LABELS,
    EVENT_STATUS_LABELS,
    FEES_LABELS,
    MODERATION_STATE_LABELS,
)

#: Snapshot keys with their French labels, in the order of the history page.
LABELS = {
    "title": "Titre",
    "description": "Description",
    "when": "Date et heure",
    "place": "Lieu",
    "address": "Adresse",
    "commune": "Commune",
    "themes": "Thématiques",
    "publics": "Publics",
    "frais": "Tarif",
    "price_details": "Précisions sur le tarif",
    "registration_url": "Inscription",
    "accessibility": "Accessibilité",
    "age_min": "Âge minimum",
    "age_max": "Âge maximum",
    "image": "Image ou affiche",
    "rrule": "Répétition",
    "rdates": "Dates supplémentaires",
    "exdates": "Dates exclues",
    "moderation_state": "Validation",
    "public_status": "Statut",
    "overrides": "Dates annulées ou complètes",
}




def when_text(snapshot: dict) -> str:
    """« samedi 20 mars 2027, 14:00 – 18:00 », « du 1er mai au 2 mai 2027 (toute la journée) »."""
    if snapshot.get("all_day"):
        first = date.fromisoformat(snapshot["start_date"])
        last = date.fromisoformat(snapshot["end_date"]) - timedelta(days=1)
        if last <= first:
            return date_fr(first, "EEEE d MMMM yyyy") + " (toute la journée)"
        return f"du {date_fr(first, 'EEEE d MMMM')} au {date_fr(last, 'EEEE d MMMM yyyy')}"
    if not snapshot.get("starts_at"):
        return ""
    start = datetime.fromisoformat(snapshot["starts_at"]).astimezone(PARIS)
    end = datetime.fromisoformat(snapshot["ends_at"]).astimezone(PARIS)
    if start.date() == end.date():
        return (date_fr(start, "EEEE d MMMM yyyy") + f", {start:%H:%M} – {end:%H:%M}")
    return (f"du {date_fr(start, 'EEEE d MMMM yyyy')} {start:%H:%M} "
            f"au {date_fr(end, 'EEEE d MMMM yyyy')} {end:%H:%M}")


def event_when(event: Event) -> str:
    return when_text({name: to_json(getattr(event, name)) for name in TIME_FIELDS})


def _moments(values) -> str:
    shown = []
    for value in values or []:
        day = (date.fromisoformat(value) if len(value) == 10
               else datetime.fromisoformat(value).astimezone(PARIS).date())
        shown.append(day.strftime("%d/%m/%Y"))
    return ", ".join(shown)


def display(name: str, snapshot: dict) -> str:
    """One snapshot value, as people read it."""
    if name == "when":
        return when_text(snapshot)
    value = snapshot.get(name)
    if is_blank(value):
        return ""
    if name == "place":
        place = db.session.get(Place, value) if value else None
        return place.one_line if place is not None else f"n° {value}"
    if name == "commune":
        commune = db.session.scalar(select(Commune).where(Commune.slug == value))
        return commune.name if commune is not None else value
    if name == "themes":
        return names(Theme, value)
    if name == "publics":
        return names(Public, value)
    if name == "frais":
        return FEES_LABELS.get(value, value)
    if name == "accessibility":
        return ", ".join(ACCESSIBILITY_LABELS.get(v, v) for v in value)
    if name == "moderation_state":
        return MODERATION_STATE_LABELS.get(value, value)
    if name == "public_status":
        return EVENT_STATUS_LABELS.get(value, value)
    if name == "rrule":
        first = (date.fromisoformat(snapshot["start_date"]) if snapshot.get("start_date")
                 else datetime.fromisoformat(snapshot["starts_at"]).astimezone(PARIS).date())
        return recurrence.describe_rrule(value, first)
    if name in ("rdates", "exdates"):
        return _moments(value)
    if name == "overrides":
        return ", ".join(
            f"{_moments([o['date']])} : {EVENT_STATUS_LABELS.get(o['status'], o['status'])}"
            for o in value if o.get("status"))
    if name == "image":
        return ("Affiche PDF " if value.endswith(".pdf") else "Image ") + value[:8]
    return str(value)


def _compared(snapshot: dict) -> dict:
    """A snapshot keyed as LABELS: dates and times as one value, the place by its id."""
    values = {**snapshot, "place": snapshot.get("place_id")}
    values["when"] = [snapshot.get(n) for n in TIME_FIELDS]
    return values


def diff(old: dict | None, new: dict) -> list[Change]:
    """What changed between two snapshots, with French labels (empty values count as none)."""
    return field_changes(LABELS, _compared(old or {}), _compared(new), display)


def changed_labels(changed: dict) -> list[str]:
    """French names of the snapshot keys in `changed` (dates and times count as one)."""
    labels = set()
    for name in changed:
        if name in TIME_FIELDS:
            labels.add(LABELS["when"])
        elif name == "place_id":
            labels.add(LABELS["place"])
        elif name in LABELS:
            labels.add(LABELS[name])
    return sorted(labels)
