"""Pathways by life moment: ordered steps, the rules that pick what each step lists, history."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime
from directory.core.versioning import RevisionMixin


class Pathway(TimestampMixin, db.Model):
    """« J'attends un enfant »: who to see, for what, and when, as a few steps."""

    __tablename__ = "pathways"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(150))
    #: One or two sentences under the title and on the index.
    summary: Mapped[str | None] = mapped_column(String(500))
    #: « Facile à lire » text (FALC: short sentences, one idea each, common words).
    easy_read: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Ordered steps, each a dict (see pathways.steps.STEP_KEYS): when, what, who, and the
    #: rules (theme and public slugs, organisation kinds, events or not) plus pinned listings
    #: (organisation slugs). Kept as JSON so a revision snapshot is the pathway as it was.
    steps: Mapped[list[dict]] = mapped_column(JSON, default=list)

    @property
    def visible(self) -> bool:
        return self.published and self.archived_at is None

    @classmethod
    def listed(cls):
        return (select(cls).where(cls.published.is_(True), cls.archived_at.is_(None))
                .order_by(cls.position, cls.id))

    def __repr__(self) -> str:
        return f"<Pathway {self.slug}>"


class PathwayAction(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    ARCHIVE = "archive"
    RESTORE = "restore"


class PathwayRevision(RevisionMixin, db.Model):
    """One saved version of a pathway (history, and the version checked by concurrent edits)."""

    __tablename__ = "pathway_revisions"
    __table_args__ = (UniqueConstraint("pathway_id", "number"),)
    record_column = "pathway_id"
    action_labels = {
        PathwayAction.CREATE: "Création",
        PathwayAction.EDIT: "Modification",
        PathwayAction.ARCHIVE: "Archivage",
        PathwayAction.RESTORE: "Rétablissement",
    }

    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id"), index=True)
    number: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    pathway: Mapped[Pathway] = relationship()
    author: Mapped[User | None] = relationship()
