"""Printed files (PDFs) kept in the database: one cache that every app node and the worker share."""

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.core.models import UTCDateTime


class PrintedFile(db.Model):
    """The newest build of one printed edition, and the build asked for, if any."""

    __tablename__ = "printed_files"
    __table_args__ = (UniqueConstraint("kind", "name", "site"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "annuaire", "guide", "affiche", "agenda" (a quarterly edition's draft).
    kind: Mapped[str] = mapped_column(String(20))
    #: Which one of its kind: a guide's or commune's slug, "<edition id>-<page size>".
    name: Mapped[str] = mapped_column(String(120))
    #: Hash of the public address its QR codes point to.
    site: Mapped[str] = mapped_column(String(16))
    #: The version of the data (and layout) `data` was built from.
    version: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The version a queued (or running) build is for; None when no build is waited for.
    wanted: Mapped[str | None] = mapped_column(String(40))
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the last build failed (shown to the staff).
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def building(self) -> bool:
        return self.wanted is not None
