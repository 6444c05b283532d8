"""Places: an address in a commune, with coordinates when known."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db
from directory.core.models import TimestampMixin
from directory.taxonomy.models import Commune


class Place(TimestampMixin, db.Model):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Optional venue name, e.g. "Salle des fêtes".
    name: Mapped[str | None] = mapped_column(String(150))
    adresse: Mapped[str] = mapped_column(String(255), default="")
    complement_adresse: Mapped[str | None] = mapped_column(String(255))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    #: Venues known to the territory can be picked by any organiser.
    is_venue: Mapped[bool] = mapped_column(default=False)

    commune: Mapped[Commune] = relationship()

    @property
    def one_line(self) -> str:
        parts = [self.name, self.adresse, self.complement_adresse]
        postal = self.code_postal or self.commune.postal_code
        parts.append(f"{postal} {self.commune.name}")
        return ", ".join(p for p in parts if p)
