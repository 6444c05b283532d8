"""Observatory tables: counts per day and key, today's salted hashes, unmet and referral needs.

Nothing here identifies a person. Audience counts follow the CNIL's conditions for measurement
exempt from consent: counts only, kept 25 months; the only per-visitor value is a hash of the
address and browser salted with a random value of the day, both dropped the next day, used
only to count distinct feed subscribers of that day.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.accounts.models import User
from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow
from directory.listings.models.organization import Organization
from directory.listings.models.service import Service
from directory.taxonomy.models import Commune, Public, Theme


class CountKind:
    """What a DailyCount row counts (stored as strings)."""

    #: Page views of a public section (key: the section, see counting.SECTIONS).
    PAGE = "page"
    #: Searches with words (key: annuaire, partenaires, agenda).
    SEARCH = "search"
    #: Feed requests, conditional ones included (key: the feed, "/agenda.ics").
    FEED = "feed"
    #: Distinct subscribers of a feed for the day, from the day's salted hashes.
    SUBSCRIBERS = "subscribers"
    #: Downloads of a printed edition (key: "annuaire", "guide-…", "affiche-…", "agenda-2027-t1").
    DOWNLOAD = "download"
    #: Scans of a printed edition's QR codes (key: "<edition>.<page area>").
    QR = "qr"
    #: Clashes with other planned events shown to an organiser (key: counting.CLASH_KEYS).
    CLASH = "clash"


class DailyCount(db.Model):
    """How many times something happened on a day (Europe/Paris): one row per day, kind, key."""

    __tablename__ = "observatory_counts"
    __table_args__ = (
        UniqueConstraint("day", "kind", "key"),
        # Covers the indicators' sums per kind and key over a period: read from the index alone.
        Index("ix_observatory_counts_kind_key_day", "kind", "key", "day", "count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(120))
    count: Mapped[int] = mapped_column(default=0)


class DailySalt(db.Model):
    """The random salt of a day, shared by every process; deleted the next day."""

    __tablename__ = "observatory_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))


class DailyVisitor(db.Model):
    """A salted hash seen on a feed today: counted into DailyCount, then deleted the next day."""

    __tablename__ = "observatory_visitors"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    #: sha256(salt of the day + address + browser), truncated: never the address itself.
    digest: Mapped[str] = mapped_column(String(32), primary_key=True)


class UnmetNeed(db.Model):
    """« Besoin non couvert »: a professional found no service for a need (no one's data)."""

    __tablename__ = "unmet_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A few words, checked for names, phones and addresses before being kept.
    need: Mapped[str] = mapped_column(String(200))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"))
    public_id: Mapped[int | None] = mapped_column(ForeignKey("publics.id"))
    #: Who recorded it, for the staff to ask more; never shown in the figures.
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    theme: Mapped[Theme | None] = relationship()
    commune: Mapped[Commune | None] = relationship()
    public: Mapped[Public | None] = relationship()
    reported_by: Mapped[User | None] = relationship()


class ReferralNeed(db.Model):
    """Referrals' needs, kept as counts when their personal data is erased.

    Theme and public are the referred service's first ones (parent theme), the commune its
    place's (else the structure's seat): what the need was about, never whose need it was.
    """

    __tablename__ = "referral_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: First day of the month the referral was sent.
    month: Mapped[date] = mapped_column(Date)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("communes.id"))
    public_id: Mapped[int | None] = mapped_column(ForeignKey("publics.id"))
    count: Mapped[int] = mapped_column(default=0)

    theme: Mapped[Theme | None] = relationship()
    commune: Mapped[Commune | None] = relationship()
    public: Mapped[Public | None] = relationship()


Index("ix_referral_needs_month", ReferralNeed.month)


class StoredReport(db.Model):
    """A period's indicators as last computed, shared by every web process and node: the worker
    keeps the current periods' ones fresh, so that the staff's page does not compute them."""

    __tablename__ = "observatory_reports"

    #: The period's value, as in the page's address (« 2027-T1 », « ctg-2 »…).
    period: Mapped[str] = mapped_column(String(20), primary_key=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The sections and their tables, as plain JSON (labels and whole numbers only).
    sections: Mapped[list] = mapped_column(JSON)


# The indicators read every listing and service of a large territory for each period: with these
# indexes SQLite reads the few columns it needs from the index, not every listing's text.
Index("ix_organizations_figures", Organization.status, Organization.archived_at,
      Organization.created_at, Organization.kind, Organization.last_verified_at,
      Organization.last_edited_at)
Index("ix_services_figures", Service.organization_id, Service.archived_at, Service.created_at)
