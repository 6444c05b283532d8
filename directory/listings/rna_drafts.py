"""Draft listings imported from the RNA that no one manages yet, found by number or name.

Finding the draft listings imported from the national associations register (RNA) that no one
manages yet, so that an association claims its own instead of creating a duplicate.

Only these drafts are ever returned: a draft someone created or manages, an archived listing or
a published one never is. What is shown of them (name, RNA number, commune, import date) is
public data of the national register anyway.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import aliased

from directory.core.extensions import db
from directory.core.text import fold
from directory.listings.identifiers import is_valid_rna, normalize_identifier
from directory.listings.models.membership import Membership
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction
from directory.taxonomy.vocabularies import Status

#: A name search shorter than this (once folded) answers nothing: no listing by initials.
MIN_QUERY = 4
MAX_RESULTS = 10


#: The comment of the revision that creates a listing imported from the RNA (opendata.rna).
CREATION_NOTE = "Import du répertoire national des associations"


@dataclass
class RegisterDraft:
    organization: Organization
    #: When the import created it (the creation revision's time, UTC).
    imported_at: datetime

    @property
    def communes(self) -> str:
        return ", ".join(c.name for c in self.organization.communes)


def name_key(text: str | None) -> str:
    """Folded words: « Comité des Fêtes de St-Sérotin » -> "comite des fetes de saint serotin"."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(text or "").replace("œ", "oe").replace("æ", "ae"))
    return " ".join("saint" if w == "st" else "sainte" if w == "ste" else w
                    for w in words.split())


def _import_revision(revision=Revision):
    return and_(revision.organization_id == Organization.id,
                revision.action == RevisionAction.CREATE,
                revision.author_id.is_(None),
                revision.comment.startswith(CREATION_NOTE, autoescape=True))


def claimable_condition():
    """Draft, not archived, with an RNA number, created by the RNA import, managed by no one."""
    managed = exists().where(Membership.organization_id == Organization.id,
                             Membership.archived_at.is_(None))
    return and_(Organization.status == Status.DRAFT,
                Organization.archived_at.is_(None),
                Organization.rna.is_not(None),
                exists().where(_import_revision(aliased(Revision))),
                ~managed)


def _query() -> Select:
    return (select(Organization, Revision.created_at)
            .join(Revision, _import_revision())
            .where(claimable_condition())
            .order_by(Organization.nom, Organization.id))


def _drafts(query: Select) -> list[RegisterDraft]:
    found: dict[int, RegisterDraft] = {}
    for org, created_at in db.session.execute(query):
        found.setdefault(org.id, RegisterDraft(org, created_at))
    return list(found.values())


def is_claimable(org: Organization) -> bool:
    return db.session.scalar(
        select(Organization.id).where(Organization.id == org.id, claimable_condition())
    ) is not None


def claimable_ids() -> set[int]:
    return set(db.session.scalars(select(Organization.id).where(claimable_condition())))


def by_rna(value: str | None) -> RegisterDraft | None:
    rna = normalize_identifier(value)
    if not rna or not is_valid_rna(rna):
        return None
    drafts = _drafts(_query().where(Organization.rna == rna))
    return drafts[0] if drafts else None


def by_name(value: str | None, exact: bool = False) -> list[RegisterDraft]:
    """Drafts whose folded name is the one typed (first), or contains its words in a row.

    Names are compared in Python: folding accents is not portable in SQL, and a territory
    holds a few thousand registered associations at most.
    """
    key = name_key(value)
    if len(key) < MIN_QUERY:
        return []
    candidates = db.session.execute(
        select(Organization.id, Organization.nom).where(claimable_condition())
        .order_by(Organization.nom, Organization.id)
    ).all()
    same = [i for i, nom in candidates if name_key(nom) == key]
    close = [] if exact else [i for i, nom in candidates
                              if i not in same and f" {key} " in f" {name_key(nom)} "]
    ids = (same + close)[:MAX_RESULTS]
    if not ids:
        return []
    drafts = {d.organization.id: d for d in _drafts(_query().where(Organization.id.in_(ids)))}
    return [drafts[i] for i in ids if i in drafts]


def lookup(value: str | None) -> list[RegisterDraft]:
    """What a person typed: an RNA number, or a name."""
    if value and is_valid_rna(normalize_identifier(value) or ""):
        draft = by_rna(value)
        return [draft] if draft else []
    return by_name(value)
