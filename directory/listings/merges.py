"""Duplicate listings: finding likely ones, merging two into one, and undoing a merge.

A merge moves every row that belongs to the other listing (activities, contacts, events,
members, claims, invitations, reports, referrals… any table with an `organization_id`) to the
kept one, gives the kept listing the fields and classifications it lacked, and archives the
other, whose page then answers 301 to the kept one. Rows that cannot move (a person already a
member of both, a feed when the kept listing has one) stay with the other listing. Everything
moved is written down in the ListingMerge, so that undoing it moves exactly that back. Both
listings' histories keep a "merge" entry; the other listing's own history stays with it,
reachable from the kept one's merge entry (renumbering it into the kept listing's versions
would make its old versions restorable onto the wrong listing).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Table, and_, select

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import utcnow
from directory.core.text import fold
from directory.listings import revisions
from directory.listings.models.merge import ListingMerge
from directory.listings.models.organization import Organization
from directory.listings.models.revision import Revision, RevisionAction
from directory.taxonomy.vocabularies import Status

#: Rows that are never moved: the history stays with its listing (see the module's note).
NOT_MOVED = {"revisions", "listing_merges"}
#: The kept listing takes these from the other when it has none.
FILLED_FIELDS = [name for name in revisions.ORG_FIELDS if name != "nom"]


class MergeRefused(Exception):
    """Shown to the staff as is (French)."""


# Finding duplicates ---------------------------------------------------------------------------


def name_key(nom: str) -> str:
    """Folded name without punctuation nor a trailing number in brackets: « Comité des fêtes
    de Pont-sur-Yonne (7) » and « Comite des fetes de Pont sur Yonne » are the same."""
    key = fold(nom or "")
    key = re.sub(r"\(\s*\d+\s*\)\s*$", "", key)
    return re.sub(r"[^a-z0-9]+", " ", key).strip()


def phone_key(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 8 else None


REASONS = {
    "nom": "même nom",
    "rna": "même numéro RNA",
    "siret": "même SIRET",
    "telephone": "même téléphone",
    "courriel": "même courriel",
}


@dataclass
class DuplicatePair:
    first: Organization
    second: Organization
    reasons: list[str]


def likely_duplicates(limit: int = 200) -> list[DuplicatePair]:
    """Pairs of current listings that share a folded name, an RNA or SIRET, a phone or a mail."""
    orgs = list(db.session.scalars(
        select(Organization).where(Organization.archived_at.is_(None))
        .order_by(Organization.id)
    ))
    groups: dict[tuple[str, str], list[Organization]] = defaultdict(list)
    for org in orgs:
        keys = {
            "nom": name_key(org.nom),
            "rna": org.rna,
            "siret": org.siret,
            "telephone": phone_key(org.telephone),
            "courriel": (org.courriel or "").strip().lower() or None,
        }
        for reason, key in keys.items():
            if key:
                groups[(reason, key)].append(org)
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for (reason, _key), members in groups.items():
        if len(members) < 2 or len(members) > 20:  # a shared switchboard is not a duplicate
            continue
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                pair = pairs.setdefault((first.id, second.id), DuplicatePair(first, second, []))
                pair.reasons.append(REASONS[reason])
    ordered = sorted(pairs.values(), key=lambda p: (-len(p.reasons), name_key(p.first.nom)))
    return ordered[:limit]


# Merging --------------------------------------------------------------------------------------


def _organization_tables() -> list[tuple[Table, bool]]:
    """Every table pointing at a listing by `organization_id`, and whether it is a link table
    (no id of its own: themes, publics, communes, places)."""
    tables = []
    for table in db.metadata.sorted_tables:
        column = table.c.get("organization_id")
        if column is None or table.name in NOT_MOVED:
            continue
        if not any(fk.column.table.name == "organizations" for fk in column.foreign_keys):
            continue
        tables.append((table, "id" not in table.c))
    return tables


def _unique_sets(table: Table) -> list[list[str]]:
    """The other columns of each unique rule that involves organization_id."""
    sets = []
    for constraint in table.constraints:
        names = [c.name for c in getattr(constraint, "columns", [])]
        is_unique = constraint.__class__.__name__ == "UniqueConstraint"
        if is_unique and "organization_id" in names:
            sets.append([n for n in names if n != "organization_id"])
    if table.c.organization_id.unique:
        sets.append([])
    return sets


def _move_rows(table: Table, kept: Organization, other: Organization) -> list[int]:
    conn = db.session.connection()
    rows = conn.execute(select(table).where(table.c.organization_id == other.id)).mappings().all()
    moved = []
    for row in rows:
        clash = False
        for others in _unique_sets(table):
            if any(row[n] is None for n in others):
                continue  # a NULL never equals anything in a unique rule (events not imported)
            condition = and_(table.c.organization_id == kept.id,
                             *[table.c[n] == row[n] for n in others])
            if conn.execute(select(table.c.id).where(condition).limit(1)).first():
                clash = True
        if clash:
            continue
        conn.execute(table.update().where(table.c.id == row["id"])
                     .values(organization_id=kept.id))
        moved.append(row["id"])
    return moved


def _link_rows(table: Table, kept: Organization, other: Organization) -> list[int]:
    """Classifications and places of the other listing that the kept one lacks, added."""
    (target,) = [c for c in table.primary_key.columns if c.name != "organization_id"]
    conn = db.session.connection()
    have = set(conn.scalars(select(target).where(table.c.organization_id == kept.id)))
    added = [v for v in conn.scalars(select(target).where(table.c.organization_id == other.id))
             if v not in have]
    for value in added:
        conn.execute(table.insert().values(organization_id=kept.id, **{target.name: value}))
    return added


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def merge(kept: Organization, other: Organization, author: User) -> ListingMerge:
    """Fold `other` into `kept` (flushes; the caller commits)."""
    if kept.id == other.id:
        raise MergeRefused("Choisissez deux fiches différentes.")
    if other.archived_at is not None or kept.archived_at is not None:
        raise MergeRefused("Une fiche archivée ne peut pas être fusionnée : restaurez-la d'abord.")
    revisions.ensure_initial(kept)
    revisions.ensure_initial(other)
    db.session.flush()
    moved: dict = {"rows": {}, "links": {}, "fields": {}, "other_fields": {}}
    for name in FILLED_FIELDS:
        mine, theirs = getattr(kept, name), getattr(other, name)
        if _empty(mine) and not _empty(theirs):
            if name == "rna":  # unique: the other listing gives it up
                moved["other_fields"]["rna"] = theirs
                other.rna = None
                db.session.flush()
            setattr(kept, name, theirs)
            moved["fields"][name] = revisions.to_json(theirs)
    db.session.flush()
    for table, is_link in _organization_tables():
        ids = _link_rows(table, kept, other) if is_link else _move_rows(table, kept, other)
        if ids:
            moved["links" if is_link else "rows"][table.name] = ids
    record = ListingMerge(kept_id=kept.id, merged_id=other.id, moved=moved,
                          merged_status=other.status, author_id=author.id)
    db.session.add(record)
    other.status = Status.ARCHIVED
    other.archived_at = utcnow()
    kept.last_edited_at = utcnow()
    db.session.flush()
    db.session.expire_all()
    revisions.record_status(kept, author, RevisionAction.MERGE,
                            f"Fiche « {other.nom} » ({other.slug}) fusionnée dans celle-ci")
    revisions.record_status(other, author, RevisionAction.MERGE,
                            f"Fusionnée dans la fiche « {kept.nom} » ({kept.slug})")
    return record


def undo(record: ListingMerge, author: User) -> None:
    """Move back what the merge moved; fields the kept listing took are given back unless
    someone changed them since (flushes; the caller commits)."""
    if record.undone_at is not None:
        raise MergeRefused("Cette fusion a déjà été annulée.")
    kept, other = record.kept, record.merged
    moved = record.moved or {}
    conn = db.session.connection()
    tables = {t.name: t for t, _ in _organization_tables()}
    for name, ids in moved.get("rows", {}).items():
        table = tables.get(name)
        if table is not None and ids:
            conn.execute(table.update().where(table.c.id.in_(ids),
                                              table.c.organization_id == kept.id)
                         .values(organization_id=other.id))
    for name, values in moved.get("links", {}).items():
        table = tables.get(name)
        if table is None or not values:
            continue
        (target,) = [c for c in table.primary_key.columns if c.name != "organization_id"]
        conn.execute(table.delete().where(table.c.organization_id == kept.id,
                                          target.in_(values)))
    db.session.expire_all()
    for name, value in moved.get("fields", {}).items():
        if revisions.to_json(getattr(kept, name)) == value:
            setattr(kept, name, revisions.NOT_NULL.get(name))
    db.session.flush()
    for name, value in moved.get("other_fields", {}).items():
        setattr(other, name, value)
    other.status = record.merged_status
    other.archived_at = None
    kept.last_edited_at = utcnow()
    record.undone_at = utcnow()
    record.undone_by_id = author.id
    db.session.flush()
    db.session.expire_all()
    revisions.record_status(kept, author, RevisionAction.UNMERGE,
                            f"Fusion avec « {other.nom} » ({other.slug}) annulée")
    revisions.record_status(other, author, RevisionAction.UNMERGE,
                            f"Fusion dans « {kept.nom} » ({kept.slug}) annulée")


def merges_of(org: Organization) -> list[ListingMerge]:
    """The merges this listing took part in, newest first (shown next to its history)."""
    return list(db.session.scalars(
        select(ListingMerge)
        .where((ListingMerge.kept_id == org.id) | (ListingMerge.merged_id == org.id))
        .order_by(ListingMerge.created_at.desc(), ListingMerge.id.desc())
    ))


def merged_histories(org: Organization) -> list[tuple[ListingMerge, list[Revision]]]:
    """For the kept listing's history: each listing merged into it (not undone) with its own
    revisions, newest first, so that its past reads from the kept listing too."""
    found = []
    for record in merges_of(org):
        if record.kept_id == org.id and record.undone_at is None:
            found.append((record, list(db.session.scalars(Revision.history(record.merged)))))
    return found


def redirect_target(org: Organization) -> Organization | None:
    """Where the page of a merged listing now lives (following merges of merges)."""
    seen = set()
    target = None
    record = ListingMerge.active_for(org)
    while record is not None and record.kept_id not in seen:
        seen.add(record.kept_id)
        target = record.kept
        record = ListingMerge.active_for(target) if target.archived_at is not None else None
    return target


# Archived listings ----------------------------------------------------------------------------


def archived_listings(limit: int = 500) -> list[Organization]:
    return list(db.session.scalars(
        select(Organization).where(Organization.archived_at.is_not(None))
        .order_by(Organization.archived_at.desc()).limit(limit)
    ))


def restore_archived(org: Organization, moderator: User) -> None:
    """Back out of the archives: published again if it had been, else a draft to review."""
    if org.archived_at is None:
        raise MergeRefused("Cette fiche n'est pas archivée.")
    if ListingMerge.active_for(org) is not None:
        raise MergeRefused("Cette fiche a été fusionnée : annulez la fusion depuis son historique.")
    was_published = db.session.scalar(
        select(revisions.Revision.id).where(
            revisions.Revision.organization_id == org.id,
            revisions.Revision.action == RevisionAction.PUBLISH,
        ).limit(1)
    )
    org.status = Status.PUBLISHED if was_published else Status.DRAFT
    org.archived_at = None
    revisions.record_status(org, moderator, RevisionAction.UNARCHIVE)
