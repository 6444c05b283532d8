"""Incremental sync for the API: what was withdrawn since a date, and when data last changed.

Nothing is ever deleted (listings, activities, events and missions are archived), and every
change raises the row's `updated_at`: so a row changed since `since` that the public may no
longer see is a withdrawal, whatever the filters of the list (a client drops what it held).
"""

from datetime import datetime, time, timedelta

from sqlalchemy import func, or_, select

from directory.agenda.models import Event
from directory.agenda.queries import visible_condition
from directory.core.dates import PARIS, today_paris
from directory.core.extensions import db
from directory.listings import queries as listings
from directory.listings.models.contact import Contact
from directory.listings.models.organization import Organization
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.opendata.serializers import data_inclusion_id, iso
from directory.taxonomy.vocabularies import Status
from directory.volunteering.models import Mission
from directory.volunteering.queries import open_condition


def _reason(archived: bool) -> str:
    return "archive" if archived else "depublie"


def withdrawn_organizations(since: datetime, source: str) -> list[dict]:
    """Listings once public and no longer: archived (or merged) since `since`. A draft that was
    never published is not named (its slug would tell its name)."""
    rows = db.session.execute(
        select(Organization.id, Organization.slug, Organization.updated_at,
               Organization.archived_at)
        .where(Organization.updated_at >= since, ~listings.published_condition(),
               or_(Organization.status == Status.ARCHIVED, Organization.archived_at.is_not(None)))
        .order_by(Organization.updated_at, Organization.id)
    ).all()
    return [{"id": r.slug, "id_data_inclusion": data_inclusion_id(source, r.id),
             "retire_le": iso(r.updated_at), "raison": "archive"} for r in rows]


def withdrawn_services(since: datetime, source: str) -> list[dict]:
    """Activities archived, or whose organisation is no longer published, since `since`."""
    published = listings.published_condition()
    rows = db.session.execute(
        select(Service.id, Service.archived_at,
               func.coalesce(Service.archived_at, Organization.updated_at).label("at"))
        .join(Organization, Organization.id == Service.organization_id)
        .where(or_(Service.updated_at >= since, Organization.updated_at >= since),
               or_(Service.archived_at.is_not(None), ~published))
        .order_by(Service.id)
    ).all()
    return [{"id": r.id, "id_data_inclusion": data_inclusion_id(source, r.id),
             "retire_le": iso(max(r.at, since)), "raison": _reason(r.archived_at is not None)}
            for r in rows]


def withdrawn_events(since: datetime) -> list[dict]:
    rows = db.session.execute(
        select(Event.id, Event.updated_at, Event.archived_at)
        .where(Event.updated_at >= since, ~visible_condition())
        .order_by(Event.updated_at, Event.id)
    ).all()
    return [{"id": r.id, "id_data_inclusion": None, "retire_le": iso(r.updated_at),
             "raison": _reason(r.archived_at is not None)} for r in rows]


def withdrawn_missions(since: datetime) -> list[dict]:
    """Missions archived, ended or whose organisation left the directory since `since`."""
    today = today_paris()
    rows = db.session.execute(
        select(Mission.id, Mission.updated_at, Mission.archived_at, Mission.ends_on,
               Organization.updated_at.label("org_updated_at"))
        .join(Organization, Organization.id == Mission.organization_id)
        .where(~open_condition(today),
               or_(Mission.updated_at >= since, Organization.updated_at >= since,
                   Mission.ends_on >= since.astimezone(PARIS).date()))
        .order_by(Mission.id)
    ).all()
    result = []
    for r in rows:
        if r.archived_at is not None:
            at, reason = r.updated_at, "archive"
        elif r.ends_on is not None and r.ends_on < today:
            # Past its last day: withdrawn at the next Paris midnight.
            at = datetime.combine(r.ends_on + timedelta(days=1), time(0), tzinfo=PARIS)
            reason = "termine"
        else:
            at, reason = r.org_updated_at, "depublie"
        result.append({"id": r.id, "id_data_inclusion": None, "retire_le": iso(max(at, since)),
                       "raison": reason})
    return result


# Versions (Last-Modified) ---------------------------------------------------------------------


def _latest(*columns) -> datetime | None:
    values = db.session.execute(select(*(select(func.max(c)).scalar_subquery()
                                         for c in columns))).one()
    found = [v for v in values if v is not None]
    return max(found) if found else None


def directory_version() -> datetime | None:
    """When anything an organisation or activity shows last changed."""
    return _latest(Organization.updated_at, Service.updated_at, Place.updated_at,
                   Contact.updated_at)


def _today() -> datetime:
    return datetime.combine(today_paris(), time(0), tzinfo=PARIS)


def agenda_version() -> datetime:
    """The agenda lists dates from today: it changes at midnight too."""
    latest = _latest(Event.updated_at, Organization.updated_at, Place.updated_at)
    return max(filter(None, (latest, _today())))


def missions_version() -> datetime:
    latest = _latest(Mission.updated_at, Organization.updated_at)
    return max(filter(None, (latest, _today())))
