"""Freshness of listings: when each was last verified, and which ones may be out of date.

A listing is verified when someone confirms it, with or without a change. One never verified
counts from its last edit (set at creation). After FRESHNESS_MONTHS (default 12) it is marked
"peut-être obsolète" for the public and the staff, never hidden.
"""

import calendar
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import func, select

from directory.core.dates import PARIS, to_paris
from directory.listings.models.organization import Organization
from directory.taxonomy.vocabularies import Status

DEFAULT_MONTHS = 12


def months() -> int:
    return int(current_app.config.get("FRESHNESS_MONTHS", DEFAULT_MONTHS))


def months_before(day: date, count: int) -> date:
    """The same day `count` months earlier, clamped to the month's end (31 March -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 - count
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def cutoff(today: date, count: int | None = None) -> datetime:
    """Listings verified before this instant (midnight in Paris) are stale on `today`."""
    start = months_before(today, months() if count is None else count)
    return datetime.combine(start, time(), tzinfo=PARIS)


def verified_at(org: Organization) -> datetime:
    return org.last_verified_at or org.last_edited_at or org.created_at


def is_stale(org: Organization, today: date, count: int | None = None) -> bool:
    """Not verified for more than `count` months, counted in whole days in Paris."""
    reference = verified_at(org)
    if reference is None:  # not flushed yet: just made
        return False
    return to_paris(reference) < cutoff(today, count)


def _reference():
    return func.coalesce(Organization.last_verified_at, Organization.last_edited_at)


def stale_query(today: date, count: int | None = None):
    """Published listings not verified since the cutoff, oldest verification first."""
    reference = _reference()
    return (
        select(Organization)
        .where(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None),
               reference < cutoff(today, count))
        .order_by(reference, Organization.nom)
    )
