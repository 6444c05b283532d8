"""Printed quarterly agenda editions: the staff's choices per event, and the frozen content."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.agenda.models import Event
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime, utcnow
from directory.listings.models.organization import Organization


class EditionState(StrEnum):
    DRAFT = "draft"
    FINALISED = "finalised"


EDITION_STATE_LABELS = {EditionState.DRAFT: "En préparation", EditionState.FINALISED: "Finalisée"}


class Edition(TimestampMixin, db.Model):
    """One printed agenda for a quarter (a civil quarter, Europe/Paris).

    Every published event of the quarter belongs to it unless the staff left it out: an
    `EditionItem` row exists only for events the staff touched, so events published later are
    in the edition, included, until it is finalised.
    """

    __tablename__ = "editions"
    __table_args__ = (UniqueConstraint("year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    #: 1 (January – March) to 4 (October – December).
    quarter: Mapped[int]
    #: e.g. "Janvier – mars 2027".
    title: Mapped[str] = mapped_column(String(120))
    #: Last day (Europe/Paris) organisations may submit their dates for this edition.
    submission_deadline: Mapped[date]
    #: Days before the deadline when organisations are reminded, e.g. [21, 7].
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Markdown, rendered through the HTML sanitiser; printed first.
    editorial: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=EditionState.DRAFT)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Everything printed, frozen when finalised (see printing.quarterly.edition_content).
    content: Mapped[dict | None] = mapped_column(JSON)
    #: The A4 PDF made when finalised; loaded only when asked for.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    finalised_by: Mapped[User | None] = relationship(foreign_keys=[finalised_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    items: Mapped[list["EditionItem"]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="EditionItem.id"
    )
    reminders: Mapped[list["EditionReminder"]] = relationship(
        back_populates="edition", order_by="EditionReminder.id"
    )

    @property
    def is_finalised(self) -> bool:
        return self.state == EditionState.FINALISED

    @property
    def state_label(self) -> str:
        return EDITION_STATE_LABELS[EditionState(self.state)]

    def __repr__(self) -> str:
        return f"<Edition {self.year}-T{self.quarter} {self.title!r}>"


class EditionItem(db.Model):
    """The staff's choices for one event in one edition; the online event is never touched."""

    __tablename__ = "edition_items"
    __table_args__ = (UniqueConstraint("edition_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    included: Mapped[bool] = mapped_column(default=True)
    #: Printed in a box.
    highlighted: Mapped[bool] = mapped_column(default=False)
    #: Shortened text for print; None prints the event's own description.
    print_description: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="items")
    event: Mapped[Event] = relationship()


class EditionReminder(db.Model):
    """One reminder mailed to one organisation for one edition: never sent twice.

    `number` counts the edition's reminder days that were due (1 for the first); the unique
    constraint is what lets only one of two concurrent runs send it.
    """

    __tablename__ = "edition_reminders"
    __table_args__ = (UniqueConstraint("edition_id", "organization_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    number: Mapped[int]
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="reminders")
    organization: Mapped[Organization] = relationship()
