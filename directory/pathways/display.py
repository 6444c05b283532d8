"""How a pathway's history reads: field by field, step by step, in French."""

from directory.core.versioning import Change, field_changes, names
from directory.pathways.operations import FIELDS
from directory.pathways.steps import KIND_LABELS, STEP_LABELS
from directory.taxonomy.models import Public, Theme

_STEP_TEXTS = ("when", "what", "who")


def _show(name: str, values: dict) -> str:
    value = values.get(name)
    if name in ("themes", "publics") and value:
        return names(Theme if name == "themes" else Public, value)
    if name == "kinds" and value:
        return ", ".join(KIND_LABELS.get(v, v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def changes(old: dict, new: dict) -> list[Change]:
    """What changed from one snapshot to the next (a first snapshot: everything it holds)."""
    found = field_changes(FIELDS, old, new, _show, long_text=("summary", "easy_read"))
    if old.get("archived") != new.get("archived"):
        found.append(Change("Archivé", _show("archived", old), _show("archived", new)))
    before, after = old.get("steps") or [], new.get("steps") or []
    for index in range(max(len(before), len(after))):
        a = before[index] if index < len(before) else {}
        b = after[index] if index < len(after) else {}
        found += field_changes(STEP_LABELS, a, b, _show, prefix=f"Étape {index + 1} · ",
                               long_text=_STEP_TEXTS)
    return found


def history_rows(entries: list) -> list[tuple]:
    """(entry, its changes) newest first; `entries` come newest first."""
    rows = []
    for position, entry in enumerate(entries):
        previous = entries[position + 1].snapshot if position + 1 < len(entries) else {}
        rows.append((entry, changes(previous, entry.snapshot)))
    return rows
