"""Orientations sent by professionals, and professional access requests.

A referral keeps the beneficiary's personal data (name or initials, a contact means, the need)
only for REFERRAL_RETENTION_DAYS: then those columns are emptied and `purged_at` is set; the
row stays, without anyone's data, for the history and the yearly figures.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service


class ReferralKind(StrEnum):
    #: A referral message to the structure.
    REFERRAL = "orientation"
    #: An orientation sheet mailed to the beneficiary.
    SHEET = "fiche"


class Referral(TimestampMixin, db.Model):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=ReferralKind.REFERRAL)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    #: The receiving structure (the service's organisation when sent).
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: Where the message went (a structure's address, not personal data of the beneficiary).
    sent_to: Mapped[str | None] = mapped_column(String(254))
    # Personal data of the beneficiary, emptied by the purge.
    beneficiary_name: Mapped[str | None] = mapped_column(String(120))
    beneficiary_contact: Mapped[str | None] = mapped_column(String(254))
    need: Mapped[str | None] = mapped_column(Text)
    #: When the professional stated the beneficiary agreed.
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service: Mapped[Service] = relationship()
    organization: Mapped[Organization] = relationship()
    sender: Mapped[User] = relationship()


class AccessRequestState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REFUSED = "refused"


class ProfessionalRequest(TimestampMixin, db.Model):
    """A person asks for professional access; the staff accept or refuse it."""

    __tablename__ = "professional_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: The structure as the person names it, and the listing when they picked one.
    structure: Mapped[str] = mapped_column(String(150))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: Function in the structure ("Conseillère en économie sociale et familiale").
    role: Mapped[str] = mapped_column(String(150))
    #: The professional address, the account's own (proven when the account was verified).
    email: Mapped[str] = mapped_column(String(254))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=AccessRequestState.PENDING, index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization | None] = relationship()
