"""Write routes of volunteering: members keep their missions; the contact form is public."""

from datetime import date

from sqlalchemy import select

from directory.core.extensions import db
from directory.volunteering.models import Mission
from tests.security_maps.route import Route

MISSION = {"title": "Mission piratée", "description": "Texte", "regularity": "ponctuelle",
           "starts_on": "2027-01-10"}


def extend_scene(s) -> None:
    s.mission = Mission(organization=s.org, title="Tenir la buvette", description="Aider.",
                        starts_on=date(2026, 1, 1))
    db.session.add(s.mission)


ROUTES = {
    "volunteering.new": Route(
        lambda s: (f"/gestion/{s.org.slug}/benevolat/nouvelle", MISSION), "member"),
    "volunteering.edit": Route(
        lambda s: (f"/gestion/{s.org.slug}/benevolat/{s.mission.id}", MISSION), "member"),
    "volunteering.end": Route(
        lambda s: (f"/gestion/{s.org.slug}/benevolat/{s.mission.id}/terminer", {}), "member"),
}

PUBLIC = {
    "volunteering.contact": "a volunteer writes without an account (trap field, rate limit); "
                            "the mail goes to the association, never its address to them",
}


def fingerprint() -> tuple:
    return tuple(db.session.execute(
        select(Mission.id, Mission.title, Mission.archived_at).order_by(Mission.id)))
