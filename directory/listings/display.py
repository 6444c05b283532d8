"""Listings as people read them: snapshot values and the differences between two revisions.

Used by the history, moderation and campaign pages and the conflict banners; nothing here
changes data.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from directory.core.extensions import db
from directory.core.versioning import Change, field_changes, is_blank, names
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.listings.revisions import (
    CONTACT_FIELDS,
    DATE_FIELDS,
    ITEMS,
    ORG_FIELDS,
    PLACE_FIELDS,
    RELATION_MODELS,
    RELATIONS,
    SERVICE_FIELDS,
    VISIBILITY_LABELS,
)
from directory.taxonomy.models import Commune
from directory.taxonomy.vocabularies import (
    ACCESSIBILITY_LABELS,
    FEES_LABELS,
    MOBILISATION_MODE_LABELS,
    MOBILISER_LABELS,
    RECEPTION_DETAIL_LABELS,
    RECEPTION_MODE_LABELS,
)

#: Lists of vocabulary values, shown with their labels.
LIST_LABELS = {"modalites_accueil": RECEPTION_DETAIL_LABELS,
               "modes_mobilisation": MOBILISATION_MODE_LABELS,
               "orientation_modes": MOBILISATION_MODE_LABELS,
               "mobilisable_par": MOBILISER_LABELS}
#: Texts long enough to be compared word by word.
LONG_TEXT = {"description", "horaires_accueil", "accessibility_details", "volunteers_details",
             "horaires", "conditions_acces", "justificatifs", "mobilisation_precisions",
             "orientation_precisions", "notes_professionnels"}
ITEM_LABELS = {"Activité": {**SERVICE_FIELDS, **RELATIONS}, "Adresse": PLACE_FIELDS,
               "Contact": CONTACT_FIELDS}
ADDED = {"Activité": "Activité ajoutée", "Adresse": "Adresse ajoutée", "Contact": "Contact ajouté"}
REMOVED = {"Activité": "Activité retirée", "Adresse": "Adresse retirée",
           "Contact": "Contact retiré"}


def display(name: str, value) -> str:
    """One snapshot value, as people read it."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name in DATE_FIELDS:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if name == "accessibility":
        return ", ".join(ACCESSIBILITY_LABELS.get(v, v) for v in value)
    if name == "modes_accueil":
        return ", ".join(RECEPTION_MODE_LABELS.get(v, v) for v in value)
    if name in LIST_LABELS:
        return ", ".join(LIST_LABELS[name].get(v, v) for v in value)
    if name == "permanences":
        return "\n".join(" – ".join(p for p in (display("commune", item.get("commune")),
                                                  item.get("lieu"), item.get("horaires")) if p)
                         for item in value)
    if name == "logo":
        return "Image " + value[:8]
    if name == "frais":
        return FEES_LABELS.get(value, value)
    if name in RELATIONS:
        return names(RELATION_MODELS[name], value, "full_name" if name == "themes" else "name")
    if name == "visibility":
        return VISIBILITY_LABELS.get(value, value)
    if name == "commune":
        commune = db.session.scalar(select(Commune).where(Commune.slug == value))
        return commune.name if commune is not None else value
    if name in ("place_id", "service_id"):
        item = db.session.get(Place if name == "place_id" else Service, value)
        if item is None:
            return f"n° {value}"
        return item.one_line if name == "place_id" else item.nom
    return str(value)


@dataclass
class LogoChange(Change):
    """The logo's change: the pages show both images (thumbnails), not their file names."""

    old_logo: str | None = None
    new_logo: str | None = None


def _show(name: str, values: dict) -> str:
    return display(name, values.get(name))


def diff(old: dict | None, new: dict) -> list[Change]:
    """Field-by-field differences between two snapshots, with French labels."""
    old = old or {"fields": {}, "services": []}
    # The organisation's own fields count an empty value apart from a missing one.
    changes = field_changes(ORG_FIELDS, old["fields"], new["fields"], _show,
                            long_text=LONG_TEXT, blank_is_none=False)
    changes = [
        LogoChange(c.label, c.old, c.new, old_logo=old["fields"].get("logo") or None,
                   new_logo=new["fields"].get("logo") or None)
        if c.label == ORG_FIELDS["logo"] else c
        for c in changes
    ]
    changes += field_changes(RELATIONS, old, new, _show)
    for key, noun in ITEMS.items():
        # Snapshots from before addresses and contacts were kept do not compare on them.
        if key == "services" or (key in old and key in new):
            changes += _item_changes(noun, old.get(key, []), new.get(key, []))
    return changes


def _item_name(noun: str, item: dict) -> str:
    if noun == "Activité":
        return item.get("nom") or ""
    if noun == "Contact":
        return item.get("label") or ""
    commune = display("commune", item.get("commune"))
    return ", ".join(p for p in (item.get("name"), item.get("adresse"), commune) if p)


def _item_changes(noun: str, old: list[dict], new: list[dict]) -> list[Change]:
    before = {i["id"]: i for i in old}
    after_ids = {i.get("id") for i in new}
    changes = []
    for item in new:
        previous = before.get(item.get("id"))
        if previous is None:
            changes.append(Change(ADDED[noun], "", _item_name(noun, item)))
            continue
        changes += field_changes(ITEM_LABELS[noun], previous, item, _show,
                                 prefix=f"{noun} « {_item_name(noun, item)} » – ",
                                 long_text=LONG_TEXT)
    changes += [Change(REMOVED[noun], _item_name(noun, i), "")
                for iid, i in before.items() if iid not in after_ids]
    return changes
