"""Subscriptions (an address and what it follows), staff newsletters and each mail sent."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow


class Frequency(StrEnum):
    WEEKLY = "hebdomadaire"
    MONTHLY = "mensuelle"


FREQUENCY_LABELS = {Frequency.WEEKLY: "Chaque semaine", Frequency.MONTHLY: "Chaque mois"}


class Subscription(db.Model):
    """One address and what it wants to hear about; nothing else is asked or kept.

    Empty lists mean « everything »: a subscriber who picks no theme gets every theme.
    """

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Erased (None) on unsubscription: only the count remains.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    frequency: Mapped[str] = mapped_column(String(20), default=Frequency.WEEKLY)
    #: Slugs of themes, publics and communes followed.
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    publics: Mapped[list[str]] = mapped_column(JSON, default=list)
    communes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Also tell of new volunteer missions.
    missions: Mapped[bool] = mapped_column(default=True)
    #: The territory's digest (events, listings, missions); off for a professional who only
    #: wants the alerts of saved searches.
    territory: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set by the link of the confirmation mail (double opt-in); nothing is sent before.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    searches: Mapped[list["SavedSearch"]] = relationship(
        back_populates="subscription", cascade="all, delete-orphan",
        order_by="SavedSearch.id")

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def frequency_label(self) -> str:
        return FREQUENCY_LABELS.get(self.frequency, self.frequency)

    def __repr__(self) -> str:
        return f"<Subscription {self.id}>"


class SavedSearch(db.Model):
    """A professional's search of `/partenaires`: its new or changed services go in the digests
    of the subscription of their address. Deleted when stopped: nothing of it is kept."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The fields of the search form (PartnerQuery): the need typed, then slugs or values.
    q: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str | None] = mapped_column(String(100))
    theme: Mapped[str | None] = mapped_column(String(100))
    public: Mapped[str | None] = mapped_column(String(100))
    mode: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    subscription: Mapped[Subscription] = relationship(back_populates="searches")

    #: The fields that make a search (and its key in digests built once for many).
    FIELDS = ("q", "commune", "theme", "public", "mode")

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) or "" for name in self.FIELDS)


class LetterState(StrEnum):
    DRAFT = "brouillon"
    SENDING = "envoi"
    SENT = "envoyee"


class Newsletter(db.Model):
    """A letter the staff write: an editorial and picks from the agenda and the directory."""

    __tablename__ = "newsletters"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Markdown, rendered through the HTML sanitiser.
    editorial: Mapped[str] = mapped_column(Text, default="")
    #: Ids of the events and organisations picked, in the order shown.
    event_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    organization_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Sent to subscribers following one of these (empty: every subscriber).
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    communes: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default=LetterState.DRAFT)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the staff last sent themselves a test of it.
    tested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    deliveries: Mapped[list["Delivery"]] = relationship(back_populates="newsletter",
                                                        viewonly=True)


class DeliveryState(StrEnum):
    #: Claimed by a run, waiting for its batch.
    PENDING = "en-attente"
    SENT = "envoye"
    #: Nothing matched the subscription: no mail.
    EMPTY = "vide"
    #: The server refused it or could not be reached: tried again by the next run.
    FAILED = "echec"


class Delivery(db.Model):
    """One mail to one subscriber: a digest of a period or a newsletter, sent at most once
    (the unique key is the claim)."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    #: "digest:2026-W49", "digest:2026-12" or "letter:<id>".
    key: Mapped[str] = mapped_column(String(40))
    newsletter_id: Mapped[int | None] = mapped_column(ForeignKey("newsletters.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=DeliveryState.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    subscription: Mapped[Subscription] = relationship()
    newsletter: Mapped[Newsletter | None] = relationship(back_populates="deliveries")
