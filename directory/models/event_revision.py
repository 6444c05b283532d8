"""Event history: every change to an event kept as a JSON snapshot, numbered per event."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.base import UTCDateTime, utcnow
from directory.models.event import Event
from directory.models.user import User


class EventAction(StrEnum):
    """Usual actions; `record_change` accepts any short string (other areas add theirs)."""

    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    REQUEST_CHANGES = "request-changes"
    REFUSE = "refuse"
    CANCEL = "cancel"
    POSTPONE = "postpone"
    FULL = "full"
    REOPEN = "reopen"
    IMPORT = "import"
    ARCHIVE = "archive"


EVENT_ACTION_LABELS = {
    EventAction.CREATE: "Création",
    EventAction.EDIT: "Modification",
    EventAction.SUBMIT: "Envoyé pour validation",
    EventAction.PUBLISH: "Publication",
    EventAction.REQUEST_CHANGES: "Modifications demandées",
    EventAction.REFUSE: "Refus",
    EventAction.CANCEL: "Annulation",
    EventAction.POSTPONE: "Report",
    EventAction.FULL: "Marqué complet",
    EventAction.REOPEN: "De nouveau programmé",
    EventAction.IMPORT: "Import depuis le calendrier de l'organisation",
    EventAction.ARCHIVE: "Archivage",
}


class EventRevision(db.Model):
    """One state of an event after a change; numbered 1, 2, 3… per event.

    The number doubles as the event's version for concurrent edits: two saves from the same
    version would both take number + 1, and the unique constraint lets only one of them in.
    """

    __tablename__ = "event_revisions"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    #: An EventAction value (or another area's own short action name).
    action: Mapped[str] = mapped_column(String(30))
    #: None for changes made by the system (feed import, public form without an account).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Free text: a comment, a refusal reason, "reporté au …".
    note: Mapped[str | None] = mapped_column(Text)
    #: The event after the change (operations.events.snapshot_of).
    snapshot: Mapped[dict] = mapped_column(JSON)

    event: Mapped[Event] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def action_label(self) -> str:
        return EVENT_ACTION_LABELS.get(self.action, self.action)

    @classmethod
    def history(cls, event: Event):
        return select(cls).where(cls.event_id == event.id).order_by(cls.number.desc())

    def __repr__(self) -> str:
        return f"<EventRevision event={self.event_id} n={self.number} {self.action}>"
