"""Organisation -> index document, and the bulk loading that feeds it."""

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from directory.listings.models.organization import Organization, organization_places
from directory.listings.models.place import Place
from directory.listings.models.service import Service
from directory.search.analysis import sort_key
from directory.taxonomy.models import Theme
from directory.taxonomy.vocabularies import Status

#: Loads everything a document shows in a few queries per batch.
LOAD_OPTIONS = (
    selectinload(Organization.themes).selectinload(Theme.parent),
    selectinload(Organization.publics),
    selectinload(Organization.communes),
    selectinload(Organization.places).selectinload(Place.commune),
    selectinload(Organization.services).selectinload(Service.place).selectinload(Place.commune),
)

BATCH = 1000

#: Which of these organisations look for volunteers beyond their listing's own field, as other
#: features tell (volunteering: an open mission); each takes (session, ids), returns ids. Filled
#: by their init_app(): the search sits below them and imports none.
VOLUNTEER_SOURCES: list[Callable[[Session, list[int]], set[int]]] = []


def seeking_volunteers(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for source in VOLUNTEER_SOURCES:
        found |= source(session, ids)
    return found


def indexable(org: Organization | None) -> bool:
    return org is not None and org.status == Status.PUBLISHED and org.archived_at is None


def document(org: Organization, seeking: set[int] | None = None) -> dict:
    """The fields of one organisation's document (it must be indexable); `seeking`: the ids
    of a batch looking for volunteers (seeking_volunteers), read for this one alone if None.

    Collections are sorted first: the database returns them in no set order (PostgreSQL
    changes it as rows move), and the digest `flask search check` compares must not follow.
    """
    if seeking is None:
        seeking = seeking_volunteers(object_session(org), [org.id])
    by_id = lambda rows: sorted(rows, key=lambda row: row.id)  # noqa: E731
    themes, publics = by_id(org.themes), by_id(org.publics)
    parents, children, theme_names = set(), set(), []
    for theme in themes:
        theme_names.append(theme.name)
        if theme.parent is not None:
            parents.add(theme.parent.slug)
            children.add(f"{theme.parent.slug}/{theme.slug}")
            theme_names.append(theme.parent.name)
        else:
            parents.add(theme.slug)
    services = [s for s in by_id(org.services) if s.archived_at is None]
    communes = {c.slug: c.name for c in org.communes}
    for place in [*by_id(org.places), *(s.place for s in services if s.place)]:
        communes[place.commune.slug] = place.commune.name
    text = {
        "name": org.nom,
        "sigle": org.sigle or "",
        "resume": org.presentation_resume or "",
        "description": org.description or "",
        "services": " ".join(f"{s.nom} {s.description or ''}" for s in services),
        "themes": " ".join(dict.fromkeys(theme_names)),
        "publics": " ".join(p.name for p in publics),
        "communes": " ".join(sorted(communes.values())),
    }
    doc = {
        **text,
        # Short fields only: long descriptions would double the index for little gain in typos.
        "folded": "\n".join(
            [org.nom, org.sigle or "", org.presentation_resume or ""]
            + [s.nom for s in services]
            + [text["themes"], text["publics"], text["communes"]]
        ),
        "sort_name": sort_key(org.nom),
        "theme": ",".join(sorted(parents)),
        "subtheme": ",".join(sorted(children)),
        "public": ",".join(sorted(p.slug for p in publics)),
        "commune": ",".join(sorted(communes)),
        "type": org.kind,
        #: « Recherche des bénévoles », a facet of the directory: the listing's own field, or
        #: an open volunteer mission.
        "benevoles": "oui" if org.volunteers_wanted or org.id in seeking else "",
    }
    doc["digest"] = hashlib.sha1(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    doc["id"] = str(org.id)
    doc["oid"] = org.id
    return doc


def load(session: Session, ids: Iterable[int]) -> dict[int, Organization]:
    """Organisations by id, with what their documents need, in batches."""
    ids = list(ids)
    found = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        stmt = select(Organization).where(Organization.id.in_(chunk)).options(*LOAD_OPTIONS)
        found.update((org.id, org) for org in session.scalars(stmt))
    return found


def published_documents(session: Session) -> Iterator[dict]:
    """Documents of every published organisation, loaded batch by batch (memory stays flat)."""
    ids = session.scalars(
        select(Organization.id)
        .where(Organization.status == Status.PUBLISHED, Organization.archived_at.is_(None))
        .order_by(Organization.id)
    ).all()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        seeking = seeking_volunteers(session, batch)
        for org in load(session, batch).values():
            yield document(org, seeking)
        session.expunge_all()


def organization_ids(session, rows: list[tuple[str, int]]) -> set[int]:
    """The organisations whose documents the outbox rows touch."""
    ids = {i for e, i in rows if e == "organization"}
    places = {i for e, i in rows if e == "place"}
    if places:
        ids.update(
            session.scalars(
                select(organization_places.c.organization_id).where(
                    organization_places.c.place_id.in_(places)
                )
            )
        )
        ids.update(
            session.scalars(select(Service.organization_id).where(Service.place_id.in_(places)))
        )
    return ids
