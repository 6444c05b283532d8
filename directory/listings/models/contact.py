"""Contacts of an organisation or of one of its services."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime
from directory.taxonomy.vocabularies import ContactVisibility


class Contact(TimestampMixin, db.Model):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: Set when the contact belongs to one service rather than the whole structure.
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    #: A function ("Accueil", "Présidente") or a named person.
    label: Mapped[str] = mapped_column(String(150))
    role: Mapped[str | None] = mapped_column(String(150))
    telephone: Mapped[str | None] = mapped_column(String(30))
    courriel: Mapped[str | None] = mapped_column(String(254))
    visibility: Mapped[str] = mapped_column(String(20), default=ContactVisibility.PUBLIC)
    position: Mapped[int] = mapped_column(default=0)
    #: Removed from the listing: kept (never deleted), and brought back by a restore.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped["Organization"] = relationship()  # noqa: F821
    service: Mapped["Service | None"] = relationship()  # noqa: F821

    @property
    def is_public(self) -> bool:
        return self.visibility == ContactVisibility.PUBLIC

    @classmethod
    def public_condition(cls):
        """What anyone may see: current contacts, never a professionals-only one."""
        return (cls.visibility == ContactVisibility.PUBLIC) & cls.archived_at.is_(None)
