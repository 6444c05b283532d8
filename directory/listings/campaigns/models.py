"""Annual update campaigns: each published organisation is asked to review its listing."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow
from directory.listings.models.organization import Organization


class Campaign(db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Added to the mails, e.g. a word from the president of the intercommunality.
    message: Mapped[str | None] = mapped_column(Text)
    #: Days after the first mail when those who have not answered are reminded, e.g. [14, 28].
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Last day (Europe/Paris) the personal links work; no reminder after it.
    ends_on: Mapped[date]
    #: Closed early by the staff: the links stop working and no reminder leaves.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship()
    recipients: Mapped[list["CampaignRecipient"]] = relationship(
        back_populates="campaign", order_by="CampaignRecipient.id"
    )

    def __repr__(self) -> str:
        return f"<Campaign {self.id} {self.name!r}>"


class CampaignRecipient(db.Model):
    """One organisation asked in one campaign; its personal link is signed with its id.

    Whether it answered is not stored here: it is read from the listing's revisions made after
    the first mail (a confirmation or a change, through the link or the member's pages).
    """

    __tablename__ = "campaign_recipients"
    __table_args__ = (UniqueConstraint("campaign_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: Addresses the mails go to: the organisation's and its members'.
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: When the first mail left; None until then (the send command retries).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How many of the campaign's reminders are done: never sent twice.
    reminders_sent: Mapped[int] = mapped_column(default=0)
    last_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[Campaign] = relationship(back_populates="recipients")
    organization: Mapped[Organization] = relationship()
