"""Write routes of pathways (« J'ai besoin de… »): staff only."""

from sqlalchemy import select

from directory.core.extensions import db
from directory.pathways import operations
from directory.pathways.models import Pathway, PathwayRevision
from tests.security_maps.route import Route

ROUTES = {
    "pathways.new": Route(
        lambda s: ("/moderation/parcours/nouveau", {"title": "Parcours pirate"}), "staff"),
    "pathways.edit": Route(
        lambda s: (f"/moderation/parcours/{s.pathway.id}/modifier",
                   {"title": "Parcours piraté", "base_revision": "1"}), "staff"),
    "pathways.archive": Route(
        lambda s: (f"/moderation/parcours/{s.pathway.id}/archiver", {}), "staff"),
}


def extend_scene(s) -> None:
    s.pathway = operations.create({"title": "Je cherche un mode de garde", "published": True,
                                   "steps": []}, None)


def fingerprint() -> tuple:
    pathways = tuple(db.session.execute(
        select(Pathway.id, Pathway.title, Pathway.archived_at, Pathway.published)
        .order_by(Pathway.id)))
    revisions = tuple(db.session.execute(
        select(PathwayRevision.pathway_id, PathwayRevision.number).order_by(PathwayRevision.id)))
    return pathways, revisions
