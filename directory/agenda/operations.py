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

from datetime import UTC, date, datetime

from sqlalchemy import select

from directory.accounts.models import User
from directory.agenda import recurrence
from directory.agenda.models import Event, EventAction, EventOverride, EventRevision
from directory.core import versioning
from directory.core.dates import PARIS, date_fr
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.core.versioning import StaleEdit, by_slug, slugs, to_json
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import EVENT_STATUS_LABELS, EventStatus, Fees, ModerationState

#: Plain columns copied from `data` as they are.
SIMPLE_FIELDS = (
    "title", "description", "address", "frais", "price_details", "registration_url",
    "accessibility", "age_min", "age_max", "image", "rrule", "rdates", "exdates",
)
TIME_FIELDS = ("all_day", "starts_at", "ends_at", "start_date", "end_date")
LIST_DEFAULTS = {"accessibility": [], "rdates": [], "exdates": []}


# Snapshots and history --------------------------------------------------------------------


def snapshot_of(event: Event) -> dict:
    """What the event is now, as plain JSON (dates ISO, themes and publics as slugs)."""
    data = {name: to_json(getattr(event, name)) for name in SIMPLE_FIELDS}
    # Lists compare as sets: the same values in another order are no change.
    for name in LIST_DEFAULTS:
        data[name] = sorted(data[name] or [])
    data.update({name: to_json(getattr(event, name)) for name in TIME_FIELDS})
    data["place_id"] = event.place_id
    commune = event.commune or (db.session.get(Commune, event.commune_id)
                                if event.commune_id else None)
    data["commune"] = commune.slug if commune is not None else None
    data["themes"] = slugs(event.themes)
    data["publics"] = slugs(event.publics)
    data["organization"] = event.organization.slug if event.organization else None
    data["moderation_state"] = event.moderation_state
    data["public_status"] = event.public_status
    data["refusal_reason"] = event.refusal_reason
    data["overrides"] = [
        {"date": to_json(o.key), "status": o.public_status, "note": o.note}
        for o in sorted(event.overrides, key=lambda o: to_json(o.key))
        if o.public_status or o.note
    ]
    return data


def current_number(event: Event) -> int:
    """The event's version: the number of its last history entry, 0 before any."""
    return EventRevision.current_number(event.id)


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
        event.themes = by_slug(Theme, data["themes"])
    if "publics" in data:
        event.publics = by_slug(Public, data["publics"])


def create_event(organization: Organization, user: User | None, data: dict,
                 note: str | None = None) -> Event:
    """A new event of `organization`, in draft: call the moderation's `submit_or_publish` (or
    `submit`) next. Recorded in the history as created by `user` (None: the system)."""
    event = Event(organization=organization, created_by_id=user.id if user else None,
                  moderation_state=ModerationState.DRAFT, public_status=EventStatus.SCHEDULED,
                  sequence=0, accessibility=[], rdates=[], exdates=[])
    _apply(event, data)
    db.session.add(event)
    _refresh(event)
    record_change(event, user, EventAction.CREATE, note)
    return event


def stale(event: Event, base: int) -> StaleEdit:
    """The conflict of a save from version `base`: what the others changed since."""
    entry = EventRevision.numbered(event.id, base)
    before = entry.snapshot if entry is not None else {}
    return versioning.stale(EventRevision, event.id, base, before, snapshot_of(event))


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
    return to_json(key)


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
