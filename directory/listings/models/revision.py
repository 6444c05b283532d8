"""Revisions: every change to a listing (organisation and its activities) as a JSON snapshot."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime
from directory.core.versioning import RevisionMixin
from directory.listings.models.organization import Organization


class RevisionState(StrEnum):
    #: Part of the listing's history: the listing was in this state.
    APPLIED = "applied"
    #: Proposed by a member of a non-trusted organisation, waiting for a moderator.
    PENDING = "pending"
    REFUSED = "refused"
    #: Sent back to its author by the staff, with what to change (review_reason).
    CHANGES_REQUESTED = "changes"


class RevisionAction(StrEnum):
    INITIAL = "initial"
    CREATE = "create"
    EDIT = "edit"
    CONFIRM = "confirm"
    RESTORE = "restore"
    PUBLISH = "publish"
    ARCHIVE = "archive"
    #: Out of the archives, by the staff.
    UNARCHIVE = "unarchive"
    #: Two duplicate listings made one (both histories say so), and that merge undone.
    MERGE = "merge"
    UNMERGE = "unmerge"
    #: The staff sent a draft listing back to its authors with what to change.
    REQUEST_CHANGES = "request_changes"


ACTION_LABELS = {
    RevisionAction.INITIAL: "État de la fiche avant la première modification en ligne",
    RevisionAction.CREATE: "Création de la fiche",
    RevisionAction.EDIT: "Modification",
    RevisionAction.CONFIRM: "Confirmée sans changement",
    RevisionAction.RESTORE: "Restauration d'une version antérieure",
    RevisionAction.PUBLISH: "Publication",
    RevisionAction.ARCHIVE: "Archivage",
    RevisionAction.UNARCHIVE: "Sortie des archives",
    RevisionAction.MERGE: "Fusion de fiches en double",
    RevisionAction.UNMERGE: "Annulation d'une fusion",
    RevisionAction.REQUEST_CHANGES: "Modification demandée par l'équipe",
}

STATE_LABELS = {
    RevisionState.APPLIED: "Publiée",
    RevisionState.PENDING: "En attente de validation",
    RevisionState.REFUSED: "Refusée",
    RevisionState.CHANGES_REQUESTED: "Modification demandée",
}


class Revision(RevisionMixin, db.Model):
    """One state of a listing; applied revisions are numbered 1, 2, 3… per organisation (the
    listing's version, see RevisionMixin)."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("organization_id", "number"),)
    record_column = "organization_id"
    action_labels = ACTION_LABELS

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: Position in the listing's history; None while pending or once refused.
    number: Mapped[int | None]
    #: The number of the version the author started from.
    base_number: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(20), default=RevisionState.APPLIED, index=True)
    action: Mapped[str] = mapped_column(String(20), default=RevisionAction.EDIT)
    #: None for the initial state of imported listings.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    #: For restorations: the revision whose content was brought back.
    restored_from_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_reason: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @classmethod
    def history(cls, organization: Organization):
        return (
            select(cls)
            .where(cls.organization_id == organization.id)
            .order_by(cls.created_at.desc(), cls.id.desc())
        )

    def __repr__(self) -> str:
        return f"<Revision {self.id} org={self.organization_id} n={self.number} {self.state}>"
