"""Events proposed through the public form by people without an account.

A proposal holds what was typed until the proposer clicks the link mailed to them: only then
is an Event created (and a draft listing for an organisation not yet in the directory), so
nothing a robot or a mistyped address sends ever reaches the events table or the staff queue.
Once confirmed, the proposal ties the event to the address that may manage it.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.base import UTCDateTime, utcnow
from directory.models.event import Event
from directory.models.organization import Organization


class EventProposal(db.Model):
    __tablename__ = "event_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The proposer's address (normalised): confirmation and management links go there.
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: An existing listing chosen in the form…
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: …or the name of an organisation not in the directory (a draft listing on confirmation).
    organization_name: Mapped[str | None] = mapped_column(String(150))
    #: The event as operations.events.create_event takes it, dates as ISO text.
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: When the mailed link was followed; None while waiting (expired ones are purged).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), unique=True)

    organization: Mapped[Organization | None] = relationship()
    event: Mapped[Event | None] = relationship()

    @property
    def organization_label(self) -> str:
        if self.organization is not None:
            return self.organization.nom
        return self.organization_name or ""

    def __repr__(self) -> str:
        return f"<EventProposal {self.id} event={self.event_id}>"
