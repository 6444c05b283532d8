"""Versioned records: history entries numbered per record, JSON snapshots, stale edits, diffs.

Each feature keeps its own snapshot (which fields, how to apply one, French labels); what is the
same for listings and events lives here once: the history entry's common columns and the
version number read from them, the conflict raised by a save made from an old version, and
field-by-field differences as people read them.
"""

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar

from sqlalchemy import JSON, func, select
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow

# Snapshots ------------------------------------------------------------------------------------


def to_json(value):
    """A column value as a snapshot keeps it: dates as ISO text, datetimes in UTC (the same
    text before and after a reload)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def slugs(items) -> list[str]:
    """Classifications in a snapshot: their slugs, sorted (another order is no change)."""
    return sorted(item.slug for item in items)


def by_slug(model, values: Iterable[str] | None) -> list:
    """The rows of `model` (a taxonomy) that a snapshot names by slug."""
    if not values:
        return []
    return list(db.session.scalars(select(model).where(model.slug.in_(list(values)))))


def names(model, values: list[str] | None, attr: str = "name") -> str:
    """Slugs of a snapshot as people read them (a slug no longer known as it is)."""
    found = {item.slug: getattr(item, attr) for item in by_slug(model, values)}
    return ", ".join(sorted(found.get(value, value) for value in values or []))


# History entries ------------------------------------------------------------------------------


class RevisionMixin:
    """The columns every history entry has, and its record's version read from them.

    Entries are numbered 1, 2, 3… per record, and the number doubles as the record's version
    for concurrent edits: two saves from the same version would both take its number + 1, and
    the model's unique constraint on (record, number) lets only one of them in.
    """

    #: The column holding the versioned record's id (set by each model).
    record_column: ClassVar[str]
    #: French names of the `action` values (set by each model).
    action_labels: ClassVar[dict[str, str]] = {}

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The record as plain JSON (see the feature's snapshot_of).
    snapshot: Mapped[dict] = mapped_column(JSON)

    @property
    def action_label(self) -> str:
        return self.action_labels.get(self.action, self.action)

    @classmethod
    def _of(cls, record_id: int):
        return getattr(cls, cls.record_column) == record_id

    @classmethod
    def current_number(cls, record_id: int | None) -> int:
        """The record's version: the number of its last entry, 0 before any."""
        if record_id is None:
            return 0
        return db.session.scalar(select(func.max(cls.number)).where(cls._of(record_id))) or 0

    @classmethod
    def numbered(cls, record_id: int, number: int):
        """The entry of version `number`, None if there is none."""
        return db.session.scalars(
            select(cls).where(cls._of(record_id), cls.number == number)
        ).first()

    @classmethod
    def since(cls, record_id: int, number: int) -> list:
        """The entries after version `number`, oldest first: what the others did meanwhile."""
        return list(db.session.scalars(
            select(cls).where(cls._of(record_id), cls.number > number).order_by(cls.number)
        ))


# Stale edits ----------------------------------------------------------------------------------


def changed(old: dict, new: dict) -> dict:
    """The keys of `new` whose value differs in `old`, with their new value."""
    return {name: value for name, value in new.items() if old.get(name) != value}


@dataclass
class StaleEdit(Exception):
    """Someone saved the record after the person opened the form: nothing was overwritten."""

    #: The record's version now, for the form to start from again.
    current_number: int
    #: The snapshot the person started from, and the current one.
    base: dict
    current: dict
    #: The entries made meanwhile, oldest first.
    since: list = field(default_factory=list)

    @property
    def changed(self) -> dict:
        """Snapshot keys the other person changed, with their current value."""
        return changed(self.base, self.current)


def stale(entries: type[RevisionMixin], record_id: int, base: int, base_snapshot: dict,
          current: dict) -> StaleEdit:
    """The conflict of a save made from version `base` while the record is at `current`."""
    return StaleEdit(entries.current_number(record_id), base_snapshot, current,
                     entries.since(record_id, base))


# Readable differences -------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str
    #: Word-level differences of a long text: (tag, text), tag in equal / delete / insert.
    segments: list[tuple[str, str]] | None = None


def is_blank(value) -> bool:
    """Nothing to show: None, an empty text or an empty list."""
    return value is None or value == "" or value == []


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
        if tag == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
    return segments


def field_changes(labels: dict[str, str], old: dict, new: dict,
                  show: Callable[[str, dict], str], *, prefix: str = "",
                  long_text: Iterable[str] = (), blank_is_none: bool = True) -> list[Change]:
    """One Change per key of `labels` (in their order) whose value differs from `old` to `new`.

    `show(name, values)` writes one key of `old` or `new` as people read it; `long_text` keys
    are compared word by word too. With `blank_is_none`, an empty text or list and a missing
    value are the same (no change).
    """
    changes = []
    for name, label in labels.items():
        before, after = old.get(name), new.get(name)
        same = (before or None) == (after or None) if blank_is_none else before == after
        if same:
            continue
        change = Change(f"{prefix}{label}", show(name, old), show(name, new))
        if name in long_text and before and after:
            change.segments = word_diff(before, after)
        changes.append(change)
    return changes
