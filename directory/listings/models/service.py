"""Activities and services of an organisation (data·inclusion `Service`)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.core.models import TimestampMixin, UTCDateTime
from directory.listings.models.organization import _link_table
from directory.listings.models.place import Place
from directory.taxonomy.models import Commune, Public, Theme

service_themes = _link_table("service_themes", "service", "theme")
service_publics = _link_table("service_publics", "service", "public")
#: Communes covered by the service (data·inclusion `zone_eligibilite`).
service_communes = _link_table("service_communes", "service", "commune")
#: Fields shown to signed-in professionals and staff only (directory/partners.py).
PRO_ONLY_FIELDS = (
    "orientation_modes",
    "orientation_courriel",
    "orientation_telephone",
    "orientation_precisions",
    "notes_professionnels",
)


class Service(TimestampMixin, db.Model):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    nom: Mapped[str] = mapped_column(String(150))
    #: data·inclusion `type` (atelier, accompagnement, information…); None for a leisure activity.
    type: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    #: Free text schedule, e.g. "Mardi 18 h 30 – 20 h, hors vacances scolaires".
    horaires: Mapped[str | None] = mapped_column(Text)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    #: data·inclusion `frais` (gratuit / payant).
    frais: Mapped[str | None] = mapped_column(String(20))
    #: e.g. "120 € l'année, licence comprise".
    frais_precisions: Mapped[str | None] = mapped_column(String(500))
    conditions_acces: Mapped[str | None] = mapped_column(Text)
    #: data·inclusion `modes_accueil`.
    modes_accueil: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: data·inclusion `modes_mobilisation` (how a professional refers someone).
    modes_mobilisation: Mapped[list[str]] = mapped_column(JSON, default=list)
    justificatifs: Mapped[str | None] = mapped_column(Text)
    #: Finer reception modes (vocabularies.ReceptionDetail); `modes_accueil` is derived from them.
    modalites_accueil: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: Itinerant permanences: [{"commune": slug, "lieu": "Mairie", "horaires": "1er mardi …"}].
    permanences: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    #: data·inclusion `mobilisable_par` (usagers, professionnels).
    mobilisable_par: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: data·inclusion `lien_mobilisation`: an online form to ask for the service.
    lien_mobilisation: Mapped[str | None] = mapped_column(String(500))
    mobilisation_precisions: Mapped[str | None] = mapped_column(Text)
    # Professionals only (PRO_ONLY_FIELDS): never on public pages, in the search index, feeds,
    # exports, the API or printed editions.
    #: How a professional refers someone (ModeMobilisation values).
    orientation_modes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: Direct referral address: referral messages are sent there first.
    orientation_courriel: Mapped[str | None] = mapped_column(String(254))
    orientation_telephone: Mapped[str | None] = mapped_column(String(30))
    orientation_precisions: Mapped[str | None] = mapped_column(Text)
    notes_professionnels: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped["Organization"] = relationship(back_populates="services")  # noqa: F821
    place: Mapped[Place | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=service_themes)
    publics: Mapped[list[Public]] = relationship(secondary=service_publics)
    communes: Mapped[list[Commune]] = relationship(secondary=service_communes)

    @property
    def age_range(self) -> str | None:
        if self.age_min is not None and self.age_max is not None:
            return f"de {self.age_min} à {self.age_max} ans"
        if self.age_min is not None:
            return f"à partir de {self.age_min} ans"
        if self.age_max is not None:
            return f"jusqu'à {self.age_max} ans"
        return None

    def __repr__(self) -> str:
        return f"<Service {self.id} {self.nom!r}>"
