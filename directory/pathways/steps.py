"""What a pathway step holds: its texts and the rules that pick what it lists, as plain dicts."""

from directory.taxonomy.vocabularies import ORGANIZATION_KIND_LABELS

#: The keys of a step, in the order of the form.
TEXT_KEYS = ("when", "what", "who")
RULE_KEYS = ("themes", "publics", "kinds")
STEP_KEYS = (*TEXT_KEYS, *RULE_KEYS, "events", "pins")
STEP_LABELS = {
    "when": "Quand",
    "what": "Que faire",
    "who": "Qui voir",
    "themes": "Thématiques",
    "publics": "Publics",
    "kinds": "Types de structure",
    "events": "Événements à venir",
    "pins": "Fiches épinglées",
}
KIND_LABELS = dict(ORGANIZATION_KIND_LABELS)


def clean_step(raw: dict) -> dict:
    """A step with every key, texts stripped, lists de-duplicated in their order."""
    step = {key: (raw.get(key) or "").strip() for key in TEXT_KEYS}
    for key in (*RULE_KEYS, "pins"):
        seen: list[str] = []
        for value in raw.get(key) or []:
            value = str(value).strip()
            if value and value not in seen:
                seen.append(value)
        step[key] = seen
    step["events"] = bool(raw.get("events"))
    return step


def has_rules(step: dict) -> bool:
    """A step without theme nor public lists only its pinned listings (and no events)."""
    return bool(step.get("themes") or step.get("publics"))
