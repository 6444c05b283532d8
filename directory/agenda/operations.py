"""Events kept by organisations: create, update, cancel, postpone, mark full, with history.

Every change goes through here: it refreshes what feeds rely on (`touch`) and keeps a JSON
snapshot of the event in its history (`record_change`). Functions flush, never commit.

`data` (for `create_event` and `update_event`) holds Event attribute names:
  title, description (Markdown), all_day,
  starts_at / ends_at (aware datetimes, timed events) or
  start_date / end_date (dates, all-day events; end_date EXCLUDED as in iCalendar),
  place_id (a Place id) or address + commune (a commune slug); with a place, the commune
  is the place's one,
  themes, publics (lists of slugs), frais (vocabularies.Fees), price_details,
  registration_url, accessibility (list of vocabularies.Accessibility values),
  age_min, age_max, image (a stored file name, see directory/event_images.py),
  rrule (RRULE value without "RRULE:", from recurrence.build_rrule), rdates, exdates (lists
  of ISO dates or ISO datetimes with offset).
Keys left out of `update_event`'s data keep their current value.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from directory.accounts.models import User
from directory.accounts.permissions import is_staff
from directory.agenda import recurrence
from directory.agenda.models import Event, EventAction, EventOverride, EventRevision
from directory.core.dates import PARIS, date_fr
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import (
    ACCESSIBILITY_LABELS,
    EVENT_STATUS_LABELS,
    FEES_LABELS,
    MODERATION_STATE_LABELS,
    EventStatus,
    Fees,
    ModerationState,
)

#: Plain columns copied from `data` as they are.
SIMPLE_FIELDS = (
    "title", "description", "address", "frais", "price_details", "registration_url",
    "accessibility", "age_min", "age_max", "image", "rrule", "rdates", "exdates",
)
TIME_FIELDS = ("all_day", "starts_at", "ends_at", "start_date", "end_date")
LIST_DEFAULTS = {"accessibility": [], "rdates": [], "exdates": []}

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


# Snapshots and history --------------------------------------------------------------------


def _json(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()  # the same text before and after a reload
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot_of(event: Event) -> dict:
    """What the event is now, as plain JSON (dates ISO, themes and publics as slugs)."""
    data = {name: _json(getattr(event, name)) for name in SIMPLE_FIELDS}
    # Lists compare as sets: the same values in another order are no change.
    for name in LIST_DEFAULTS:
        data[name] = sorted(data[name] or [])
    data.update({name: _json(getattr(event, name)) for name in TIME_FIELDS})
    data["place_id"] = event.place_id
    commune = event.commune or (db.session.get(Commune, event.commune_id)
                                if event.commune_id else None)
    data["commune"] = commune.slug if commune is not None else None
    data["themes"] = sorted(t.slug for t in event.themes)
    data["publics"] = sorted(p.slug for p in event.publics)
    data["organization"] = event.organization.slug if event.organization else None
    data["moderation_state"] = event.moderation_state
    data["public_status"] = event.public_status
    data["refusal_reason"] = event.refusal_reason
    data["overrides"] = [
        {"date": _json(o.key), "status": o.public_status, "note": o.note}
        for o in sorted(event.overrides, key=lambda o: _json(o.key))
        if o.public_status or o.note
    ]
    return data


def current_number(event: Event) -> int:
    """The event's version: the number of its last history entry, 0 before any."""
    if event.id is None:
        return 0
    number = db.session.scalar(
        select(func.max(EventRevision.number)).where(EventRevision.event_id == event.id)
    )
    return number or 0


def record_change(event: Event, user: User | None, action: str,
                  note: str | None = None) -> EventRevision:
    """Keep the event's current state in its history; `user` None for the system."""
    db.session.flush()  # the event needs its id, and the snapshot its relations
    entry = EventRevision(
        event_id=event.id,
        number=current_number(event) + 1,
        action=str(action),
        author_id=user.id if user is not None else None,
        note=note or None,
        snapshot=snapshot_of(event),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def history(event: Event) -> list[EventRevision]:
    return list(db.session.scalars(EventRevision.history(event)))


def _refresh(event: Event) -> None:
    event.last_modified_at = utcnow()
    event.series_ends_at = recurrence.series_end(event)


def touch(event: Event) -> None:
    """After any change the public sees: new SEQUENCE and LAST-MODIFIED, series end again."""
    event.sequence = (event.sequence or 0) + 1
    _refresh(event)


# Creating and updating ----------------------------------------------------------------------


@dataclass
class StaleEdit(Exception):
    """Someone changed the event after the person opened the form: nothing was overwritten."""

    current_number: int
    #: Snapshot keys the other person changed, with their current value.
    changed: dict = field(default_factory=dict)
    since: list[EventRevision] = field(default_factory=list)


def _by_slug(model, slugs) -> list:
    if not slugs:
        return []
    return list(db.session.scalars(select(model).where(model.slug.in_(list(slugs)))))


def _apply(event: Event, data: dict) -> None:
    for name in SIMPLE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in LIST_DEFAULTS:
                value = []
            setattr(event, name, value)
    if "frais" in data and not data["frais"]:
        event.frais = Fees.FREE
    if "title" in data:
        event.slug = slugify(data["title"] or "")[:220]
    if any(name in data for name in TIME_FIELDS):
        if data.get("all_day"):
            event.set_days(data["start_date"], data["end_date"])
        else:
            event.set_times(data["starts_at"], data["ends_at"])
    if "place_id" in data or "commune" in data:
        place = db.session.get(Place, data["place_id"]) if data.get("place_id") else None
        event.place = place
        if place is not None:
            event.commune = place.commune
            event.address = None
        else:
            slug = data.get("commune")
            event.commune = (
                db.session.scalar(select(Commune).where(Commune.slug == slug)) if slug else None
            )
    if "themes" in data:
        event.themes = _by_slug(Theme, data["themes"])
    if "publics" in data:
        event.publics = _by_slug(Public, data["publics"])


def create_event(organization: Organization, user: User | None, data: dict,
                 note: str | None = None) -> Event:
    """A new event of `organization`, in draft: call `submit_or_publish` (or the moderation's
    `submit`) next. Recorded in the history as created by `user` (None: the system)."""
    event = Event(organization=organization, created_by_id=user.id if user else None,
                  moderation_state=ModerationState.DRAFT, public_status=EventStatus.SCHEDULED,
                  sequence=0, accessibility=[], rdates=[], exdates=[])
    _apply(event, data)
    db.session.add(event)
    _refresh(event)
    record_change(event, user, EventAction.CREATE, note)
    return event


def _changed(old: dict, new: dict) -> dict:
    return {name: value for name, value in new.items() if old.get(name) != value}


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


def stale(event: Event, base: int) -> StaleEdit:
    base_entry = db.session.scalar(select(EventRevision).where(
        EventRevision.event_id == event.id, EventRevision.number == base))
    since = list(db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id, EventRevision.number > base)
        .order_by(EventRevision.number)
    ))
    before = base_entry.snapshot if base_entry is not None else {}
    return StaleEdit(current_number(event), _changed(before, snapshot_of(event)), since)


def update_event(event: Event, user: User | None, data: dict, base: int | None = None,
                 note: str | None = None) -> Event:
    """Change the event; raises StaleEdit when it changed since version `base` (if given).

    Nothing changed: nothing is recorded. Otherwise the public sees a new version (touch).
    """
    if base is not None and base != current_number(event):
        raise stale(event, base)
    before = snapshot_of(event)
    _apply(event, data)
    db.session.flush()
    if snapshot_of(event) == before:
        return event
    touch(event)
    record_change(event, user, EventAction.EDIT, note)
    return event


# Moderation state -----------------------------------------------------------------------------


def publishes_directly(organization: Organization, user: User | None) -> bool:
    """Staff and members of trusted organisations publish without moderation."""
    return is_staff(user) or bool(organization.trusted)


def submit_or_publish(event: Event, user: User | None) -> str:
    """After a member saved a draft, refused or awaiting event: publish or send for validation.

    A published event stays published when its organiser edits it (the change is in its
    history for the staff). Returns the new moderation state.
    """
    if event.moderation_state in (ModerationState.PUBLISHED, ModerationState.SUBMITTED):
        # Waiting events are decided on the moderation page (which tells the submitter),
        # even when the staff corrects them first.
        return event.moderation_state
    if publishes_directly(event.organization, user):
        # No new SEQUENCE: the first publication is the first version calendars see, and an
        # edit made meanwhile has raised it already (as event_moderation.publish does).
        event.moderation_state = ModerationState.PUBLISHED
        event.refusal_reason = None
        record_change(event, user, EventAction.PUBLISH)
        return event.moderation_state
    try:  # owned by agenda_moderation: records the history and tells the staff
        from directory.agenda.moderation import submit
    except ImportError:
        submit = None
    if submit is not None:
        submit(event, user)
    else:
        event.moderation_state = ModerationState.SUBMITTED
        record_change(event, user, EventAction.SUBMIT)
    return event.moderation_state


# Public status ------------------------------------------------------------------------------


def _set_status(event: Event, user: User | None, status: str, action: str,
                note: str | None) -> Event:
    event.public_status = status
    touch(event)
    record_change(event, user, action, note)
    return event


def cancel(event: Event, user: User | None, note: str | None = None) -> Event:
    """Cancelled events stay visible as such (and STATUS:CANCELLED in feeds)."""
    return _set_status(event, user, EventStatus.CANCELLED, EventAction.CANCEL, note)


def mark_full(event: Event, user: User | None, note: str | None = None) -> Event:
    return _set_status(event, user, EventStatus.FULL, EventAction.FULL, note)


def reopen(event: Event, user: User | None, note: str | None = None) -> Event:
    """Back to « programmé » after being marked full, cancelled or postponed by mistake."""
    return _set_status(event, user, EventStatus.SCHEDULED, EventAction.REOPEN, note)


def occurrence_key(value: str) -> datetime | date:
    """An occurrence's key (RECURRENCE-ID) from its ISO text: a date, or an aware datetime."""
    if len(value) == 10:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("an occurrence key is aware")
    return moment.astimezone(UTC)


def key_text(key: datetime | date) -> str:
    return _json(key)


def set_occurrence_status(event: Event, user: User | None, key: datetime | date,
                          status: str | None, note: str | None = None) -> Event:
    """One date of a repeating event cancelled or full (an override: feeds keep the date, with
    its status); `status` None gives the date back the event's own status."""
    override = next((o for o in event.overrides if o.key == key), None)
    if override is None:
        if status is None:
            return event
        override = EventOverride(recurrence_id=key if isinstance(key, datetime) else None,
                                 recurrence_date=None if isinstance(key, datetime) else key)
        event.overrides.append(override)
    override.public_status = status
    override.note = note or None
    override.last_modified_at = utcnow()
    touch(event)
    day = key.astimezone(PARIS).date() if isinstance(key, datetime) else key
    label = date_fr(day, "EEEE d MMMM yyyy")
    if status == EventStatus.CANCELLED:
        action, text = EventAction.CANCEL, f"Date du {label} annulée"
    elif status is None:
        action, text = EventAction.REOPEN, f"Date du {label} rétablie"
    else:
        action, text = EventAction.FULL, f"Date du {label} : {EVENT_STATUS_LABELS[status]}"
    record_change(event, user, action, f"{text}. {note}" if note else text)
    return event


def postpone(event: Event, user: User | None, new_start: datetime | date | None = None,
             note: str | None = None) -> Event:
    """Postponed, to `new_start` when known (same duration), else to a date to be announced.

    A repeating event is only marked postponed: its dates are changed through the form.
    """
    if new_start is not None and event.is_recurring:
        raise ValueError("a repeating event is postponed without a new date")
    if new_start is not None:
        if event.all_day:
            if isinstance(new_start, datetime):
                new_start = new_start.astimezone(PARIS).date()
            event.set_days(new_start, new_start + (event.end_date - event.start_date))
        else:
            event.set_times(new_start, new_start + (event.ends_at - event.starts_at))
    return _set_status(event, user, EventStatus.POSTPONED, EventAction.POSTPONE, note)



# Readable differences -----------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


def when_text(snapshot: dict) -> str:
    """« samedi 20 mars 2027, 14:00 – 18:00 », « du 1 mai au 2 mai 2027 (toute la journée) »."""
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
    return when_text({name: _json(getattr(event, name)) for name in TIME_FIELDS})


def _names(model, slugs) -> str:
    items = {i.slug: i.name for i in _by_slug(model, slugs)}
    return ", ".join(sorted(items.get(s, s) for s in slugs or []))


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
    if value is None or value == "" or value == []:
        return ""
    if name == "place":
        place = db.session.get(Place, value) if value else None
        return place.one_line if place is not None else f"n° {value}"
    if name == "commune":
        commune = db.session.scalar(select(Commune).where(Commune.slug == value))
        return commune.name if commune is not None else value
    if name == "themes":
        return _names(Theme, value)
    if name == "publics":
        return _names(Public, value)
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
    before, after = _compared(old or {}), _compared(new)
    return [
        Change(label, display(name, before) if old else "", display(name, after))
        for name, label in LABELS.items()
        if (before.get(name) or None) != (after.get(name) or None)
    ]
