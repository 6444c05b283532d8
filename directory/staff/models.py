"""Each staff member's choice of how they are told that something waits in the queue."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime


class Notify(StrEnum):
    #: A mail each time something enters the queue (one per transaction: an import of 46
    #: listings is one mail).
    EACH = "each"
    #: One mail a day listing what waits (`flask staff digest`, or the worker's daily task).
    DIGEST = "digest"
    NONE = "none"


NOTIFY_LABELS = {
    Notify.EACH: "Un courriel dès que quelque chose arrive dans la file",
    Notify.DIGEST: "Un seul courriel par jour, avec tout ce qui attend",
    Notify.NONE: "Aucun courriel",
}

#: A staff member who never chose gets the daily digest: never a mail per item unasked.
DEFAULT_NOTIFY = Notify.DIGEST


class StaffPreference(db.Model):
    """One staff member's notification choice; no row means DEFAULT_NOTIFY."""

    __tablename__ = "staff_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    notify: Mapped[str] = mapped_column(String(20), default=DEFAULT_NOTIFY)
    #: When the last digest left for this person: the next one says what arrived since.
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
