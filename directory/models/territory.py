"""Communes of the territory (loaded from the territory file)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db


class Commune(db.Model):
    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    postal_code: Mapped[str] = mapped_column(String(5))
    #: Code officiel géographique; only filled when known for certain.
    insee_code: Mapped[str | None] = mapped_column(String(5), unique=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    #: False for communes outside the territory (e.g. a partner's seat in a nearby town).
    in_territory: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Commune {self.slug}>"
