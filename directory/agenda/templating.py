"""The agenda's template helpers: labels, dates, images, next dates, the staff's queue.

The agenda's template helpers: labels, when an event takes place, its image, its next dates,
the staff's queue of events to review.
"""

from datetime import UTC, date, datetime

from flask import url_for
from flask_login import current_user

from directory.accounts.permissions import can_moderate
from directory.agenda import images, moderation, queries
from directory.agenda.models import Event
from directory.agenda.queries import AgendaFilters
from directory.core.dates import date_fr, datetime_fr
from directory.taxonomy.vocabularies import EVENT_STATUS_LABELS, MODERATION_STATE_LABELS


def event_status_label(value: str) -> str:
    return EVENT_STATUS_LABELS.get(value, value)


def moderation_state_label(value: str) -> str:
    return MODERATION_STATE_LABELS.get(value, value)


def event_when_key(event, key) -> str:
    """The date of one occurrence (its RECURRENCE-ID), as people read it."""
    if isinstance(key, datetime):
        return datetime_fr(key, "EEEE d MMMM yyyy 'à' HH'h'mm")
    return date_fr(key, "EEEE d MMMM yyyy")


def event_image_url(event) -> str | None:
    """For every page showing an event: its image or flyer, None without one."""
    if not event.image or not images.is_image_name(event.image):
        return None
    return url_for("agenda_manage.image", name=event.image)


def day_fr(value: date) -> str:
    """'samedi 5 décembre 2026'."""
    return queries.day_heading(value)


def upcoming_events(organization=None, commune=None, limit: int = 5) -> list:
    """The next dates of an organisation or in a commune, for the directory's pages."""
    if organization is not None:
        return queries.upcoming_for_organization(organization, limit)
    filters = AgendaFilters(communes=[commune.slug])
    filters = filters.with_dates(filters.start, filters.start + queries.LISTING_HORIZON)
    now = datetime.now(UTC)
    return [o for o in queries.occurrences(filters) if o.end > now][:limit]


def events_awaiting_moderation() -> list[Event]:
    """For the staff's moderation queue (templates/moderation/queue.html)."""
    if not can_moderate(current_user):
        return []
    return moderation.awaiting()
