"""Changes to missions and the count of volunteers' messages (flush, never commit)."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.versioning import by_slug
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune, Public, Theme
from directory.volunteering import revisions
from directory.volunteering.models import Mission, MissionAction, MissionRevision, VolunteerMessage


def _apply(mission: Mission, values: dict) -> None:
    values = dict(values)
    commune = values.pop("commune")
    mission.commune = (db.session.scalars(select(Commune).where(Commune.slug == commune)).first()
                       if commune else None)
    mission.themes = by_slug(Theme, values.pop("themes"))
    mission.publics = by_slug(Public, values.pop("publics"))
    for name, value in values.items():
        setattr(mission, name, value)


def create_mission(organization: Organization, author, values: dict) -> Mission:
    mission = Mission(organization=organization, created_by_id=author.id)
    _apply(mission, values)
    db.session.add(mission)
    db.session.flush()
    revisions.record(mission, MissionAction.CREATE, author)
    db.session.flush()
    return mission


def update_mission(mission: Mission, values: dict, author) -> None:
    """Saved, and kept in its history when something changed."""
    before = revisions.snapshot_of(mission)
    _apply(mission, values)
    db.session.flush()
    if revisions.snapshot_of(mission) != before:
        if not MissionRevision.current_number(mission.id):
            # Published before missions had a history: its state then is the first entry.
            revisions.record(mission, MissionAction.CREATE, mission.created_by_id, before)
        revisions.record(mission, MissionAction.UPDATE, author)
        db.session.flush()


def end_mission(mission: Mission, author) -> None:
    """No longer offered: gone from the public pages, kept for the counts and its history."""
    mission.archived_at = utcnow()
    db.session.flush()
    revisions.record(mission, MissionAction.END, author)
    db.session.flush()


def record_message(mission: Mission) -> None:
    db.session.add(VolunteerMessage(mission_id=mission.id))
    db.session.flush()
