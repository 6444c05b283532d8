"""Volunteer missions of organisations, and the count of messages volunteers sent about them."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime, utcnow
from directory.core.versioning import RevisionMixin
from directory.listings.models.organization import Organization
from directory.taxonomy.models import Commune, Public, Theme


class Regularity(StrEnum):
    REGULAR = "reguliere"
    ONE_OFF = "ponctuelle"


REGULARITY_LABELS = {
    Regularity.REGULAR: "Régulière",
    Regularity.ONE_OFF: "Ponctuelle",
}


def _link_table(name: str, right: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("mission_id", ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}s.id", ondelete="CASCADE"), primary_key=True),
    )


mission_themes = _link_table("mission_themes", "theme")
mission_publics = _link_table("mission_publics", "public")


class Mission(TimestampMixin, db.Model):
    """What an association asks volunteers to do, when, where and for whom."""

    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text)
    #: When, in words ("le samedi matin", "les 14 et 15 juin").
    schedule: Mapped[str | None] = mapped_column(String(255))
    regularity: Mapped[str] = mapped_column(String(20), default=Regularity.REGULAR)
    #: How often, in words ("deux heures par semaine").
    frequency: Mapped[str | None] = mapped_column(String(255))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"), index=True)
    #: Where, beyond the commune ("salle des fêtes", "à domicile").
    place: Mapped[str | None] = mapped_column(String(255))
    skills: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(index=True)
    #: Last day the mission is offered (included); None: until it is ended.
    ends_on: Mapped[date | None] = mapped_column(index=True)
    #: Where volunteers' messages go; never shown. Empty: the organisation's address.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization] = relationship()
    commune: Mapped[Commune | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=mission_themes)
    publics: Mapped[list[Public]] = relationship(secondary=mission_publics)

    @property
    def regularity_label(self) -> str:
        return REGULARITY_LABELS.get(self.regularity, self.regularity)

    @property
    def indexed_organization_id(self) -> int | None:
        """The organisation whose search document shows it (search.outbox reads this)."""
        return self.organization_id if self.organization_id is not None else (
            self.organization.id if self.organization is not None else None)

    def is_open(self, today: date) -> bool:
        """Not ended: offered now, or later."""
        return self.archived_at is None and (self.ends_on is None or self.ends_on >= today)

    def __repr__(self) -> str:
        return f"<Mission {self.id} {self.title!r}>"


class MissionAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    END = "end"


MISSION_ACTION_LABELS = {
    MissionAction.CREATE: "Publication",
    MissionAction.UPDATE: "Modification",
    MissionAction.END: "Plus proposée",
}


class MissionRevision(RevisionMixin, db.Model):
    """One state of a mission after a change, numbered 1, 2, 3… per mission (RevisionMixin),
    shown to the association's members and the staff."""

    __tablename__ = "mission_revisions"
    __table_args__ = (UniqueConstraint("mission_id", "number"),)
    record_column = "mission_id"
    action_labels = MISSION_ACTION_LABELS

    mission_id: Mapped[int] = mapped_column(
        ForeignKey("missions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    #: A MissionAction value.
    action: Mapped[str] = mapped_column(String(30))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<MissionRevision mission={self.mission_id} n={self.number} {self.action}>"


class VolunteerMessage(db.Model):
    """That a volunteer wrote about a mission (« nouveaux bénévoles »): neither their address
    nor their text is kept, the mail carried them."""

    __tablename__ = "volunteer_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
