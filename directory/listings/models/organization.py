"""Organisations: associations, public services, partner structures (data·inclusion `Structure`)."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, false, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime, utcnow
from directory.listings.identifiers import normalize_identifier, rna_error, siret_error
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme
from directory.taxonomy.vocabularies import OrganizationKind, Status


def _link_table(name: str, left: str, right: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}s.id", ondelete="CASCADE"), primary_key=True),
    )


organization_themes = _link_table("organization_themes", "organization", "theme")
organization_publics = _link_table("organization_publics", "organization", "public")
organization_communes = _link_table("organization_communes", "organization", "commune")
organization_places = _link_table("organization_places", "organization", "place")


class Organization(TimestampMixin, db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), default=OrganizationKind.ASSOCIATION, index=True)
    nom: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(170), unique=True)
    #: Sigle or usual short name ("ADMR", "MSA").
    sigle: Mapped[str | None] = mapped_column(String(40))
    #: Répertoire national des associations: W + 9 characters.
    rna: Mapped[str | None] = mapped_column(String(10), unique=True)
    siret: Mapped[str | None] = mapped_column(String(14))
    #: One or two sentences shown in search results.
    presentation_resume: Mapped[str | None] = mapped_column(String(280))
    #: Markdown, rendered through the HTML sanitiser.
    description: Mapped[str | None] = mapped_column(Text)
    #: « Facile à lire » version (FALC: short sentences, common words), plain text; shown on
    #: request on the page and printed under the listing.
    easy_read: Mapped[str | None] = mapped_column(Text)
    telephone: Mapped[str | None] = mapped_column(String(30))
    courriel: Mapped[str | None] = mapped_column(String(254))
    site_web: Mapped[str | None] = mapped_column(String(500))
    #: [{"label": "Facebook", "url": "https://…"}]
    social_links: Mapped[list[dict]] = mapped_column(JSON, default=list)
    #: Free text, e.g. "Lundi au vendredi 9 h – 12 h".
    horaires_accueil: Mapped[str | None] = mapped_column(Text)
    #: Accessibility vocabulary values (see vocabularies.Accessibility).
    accessibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessibility_details: Mapped[str | None] = mapped_column(Text)
    #: Link to the place's sheet on acceslibre (data·inclusion `accessibilite_lieu`).
    accessibilite_lieu: Mapped[str | None] = mapped_column(String(500))
    membership_fee: Mapped[str | None] = mapped_column(String(255))
    volunteers_wanted: Mapped[bool] = mapped_column(default=False)
    volunteers_details: Mapped[str | None] = mapped_column(Text)
    #: Temporary notice, e.g. "Fermé en août", shown between its two dates.
    notice: Mapped[str | None] = mapped_column(String(500))
    notice_starts_on: Mapped[date | None]
    notice_ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT, index=True)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A draft the staff sent back to its authors with what to change: out of the queue until
    #: they save it again.
    changes_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the content last changed (data·inclusion `date_maj`).
    last_edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When someone last confirmed the content is right, with or without a change.
    last_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: File name under instance/logos/ (content hash): files are never deleted, so restoring
    #: a revision brings its logo back.
    logo: Mapped[str | None] = mapped_column(String(80))
    #: Chosen by the staff: members' changes are published without waiting for moderation.
    trusted: Mapped[bool] = mapped_column(default=False, server_default=false())

    themes: Mapped[list[Theme]] = relationship(secondary=organization_themes)
    publics: Mapped[list[Public]] = relationship(secondary=organization_publics)
    #: Communes where the organisation acts.
    communes: Mapped[list[Commune]] = relationship(secondary=organization_communes)
    #: Addresses: seat first, then other sites.
    places: Mapped[list[Place]] = relationship(secondary=organization_places)
    services: Mapped[list["Service"]] = relationship(  # noqa: F821
        back_populates="organization", order_by="Service.position"
    )
    contacts: Mapped[list["Contact"]] = relationship(  # noqa: F821
        back_populates="organization",
        primaryjoin=(
            "and_(Contact.organization_id == Organization.id, Contact.service_id.is_(None), "
            "Contact.archived_at.is_(None))"
        ),
        order_by="Contact.position",
        viewonly=True,
    )

    @validates("rna", "siret")
    def _check_identifier(self, key: str, value: str | None) -> str | None:
        # Last line of defence for imports and scripts; forms show the same message per field.
        value = normalize_identifier(value)
        if value is not None:
            error = rna_error(value) if key == "rna" else siret_error(value)
            if error:
                raise ValueError(error)
        return value

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def notice_active(self, today: date) -> bool:
        if not self.notice:
            return False
        if self.notice_starts_on and today < self.notice_starts_on:
            return False
        return not (self.notice_ends_on and today > self.notice_ends_on)

    @classmethod
    def published(cls):
        return select(cls).where(cls.status == Status.PUBLISHED)

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"
