"""Merges of duplicate listings: what moved from one listing to the other, so it can move back."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow
from directory.listings.models.organization import Organization


class ListingMerge(db.Model):
    """`merged` was folded into `kept`: its slug answers 301 to the kept one until undone."""

    __tablename__ = "listing_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    #: Ids of the rows moved, by kind ({"events": [3, 4], "services": [7]…}), the fields and
    #: classifications the kept listing took from the other, and the other's former status.
    moved: Mapped[dict] = mapped_column(JSON, default=dict)
    merged_status: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    kept: Mapped[Organization] = relationship(foreign_keys=[kept_id])
    merged: Mapped[Organization] = relationship(foreign_keys=[merged_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @classmethod
    def active_for(cls, merged: Organization) -> "ListingMerge | None":
        return db.session.scalars(
            select(cls).where(cls.merged_id == merged.id, cls.undone_at.is_(None))
            .order_by(cls.id.desc())
        ).first()
