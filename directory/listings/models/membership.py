"""Members of an organisation (the accounts that keep its listing) and invitations to join."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime
from directory.listings.models.organization import Organization


class MembershipRole(StrEnum):
    MANAGER = "gestionnaire"
    CONTRIBUTOR = "contributeur"


MEMBERSHIP_ROLE_LABELS = {
    MembershipRole.MANAGER: "Gestionnaire",
    MembershipRole.CONTRIBUTOR: "Contributeur",
}


class Membership(TimestampMixin, db.Model):
    """A user manages an organisation's listing; an organisation can have several members."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(30), default=MembershipRole.MANAGER)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    organization: Mapped[Organization] = relationship()

    @property
    def role_label(self) -> str:
        return MEMBERSHIP_ROLE_LABELS.get(self.role, self.role)


class Invitation(TimestampMixin, db.Model):
    """An emailed invitation to become a member of an organisation; usable once."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: Lower-case address the invitation was sent to.
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(30), default=MembershipRole.MANAGER)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
