"""Changing pathways: every save is a numbered revision; a save from an old version is refused.

Flushes, never commits: the request commits once.
"""

from directory.accounts.models import User
from directory.core import versioning
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import slugify
from directory.pathways.models import Pathway, PathwayAction, PathwayRevision
from directory.pathways.steps import clean_step

#: Fields of a pathway a snapshot keeps (steps apart), with their French labels.
FIELDS = {
    "title": "Titre",
    "slug": "Adresse",
    "summary": "Présentation",
    "easy_read": "Facile à lire",
    "position": "Ordre",
    "published": "Publié",
}


def snapshot_of(pathway: Pathway) -> dict:
    data = {name: getattr(pathway, name) for name in FIELDS}
    data["steps"] = [clean_step(s) for s in pathway.steps or []]
    data["archived"] = pathway.archived_at is not None
    return data


def _record(pathway: Pathway, action: str, author: User | None, note: str | None = None):
    number = PathwayRevision.current_number(pathway.id) + 1
    entry = PathwayRevision(pathway_id=pathway.id, number=number, action=action,
                            author=author, snapshot=snapshot_of(pathway), note=note)
    db.session.add(entry)
    db.session.flush()
    return entry


def _apply(pathway: Pathway, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(pathway, name, data[name])
    if "steps" in data:
        pathway.steps = [clean_step(s) for s in data["steps"]]
    pathway.slug = slugify(pathway.slug or pathway.title)


def create(data: dict, author: User | None) -> Pathway:
    pathway = Pathway(title=data["title"], slug=data.get("slug") or data["title"], steps=[])
    _apply(pathway, data)
    db.session.add(pathway)
    db.session.flush()
    _record(pathway, PathwayAction.CREATE, author)
    return pathway


def update(pathway: Pathway, data: dict, author: User | None, base: int) -> PathwayRevision:
    """Save `data` over version `base`; raises versioning.StaleEdit when someone saved since."""
    current = PathwayRevision.current_number(pathway.id)
    if base != current:
        old = PathwayRevision.numbered(pathway.id, base)
        raise versioning.stale(PathwayRevision, pathway.id, base,
                               old.snapshot if old else {}, snapshot_of(pathway))
    _apply(pathway, data)
    db.session.flush()
    return _record(pathway, PathwayAction.EDIT, author)


def archive(pathway: Pathway, author: User | None) -> None:
    pathway.archived_at = utcnow()
    db.session.flush()
    _record(pathway, PathwayAction.ARCHIVE, author)


def restore(pathway: Pathway, author: User | None) -> None:
    pathway.archived_at = None
    db.session.flush()
    _record(pathway, PathwayAction.RESTORE, author)
