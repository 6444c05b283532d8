"""The classifications (two-level themes, target publics) and the communes of the territory."""

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.core.extensions import db


class Theme(db.Model):
    """A theme, e.g. *Sport* (parent) or *Sport › Arts martiaux* (child)."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: Matching data·inclusion `thematiques` codes, for exports.
    data_inclusion_codes: Mapped[list[str]] = mapped_column(JSON, default=list)

    parent: Mapped["Theme | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Theme"]] = relationship(
        back_populates="parent", order_by="Theme.position"
    )

    @property
    def full_name(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent else self.name

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Public(db.Model):
    """A target public (petite enfance, seniors, aidants…)."""

    __tablename__ = "publics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    #: Matching data·inclusion `publics` code, for exports.
    data_inclusion_code: Mapped[str | None] = mapped_column(String(80))

    def __repr__(self) -> str:
        return f"<Public {self.slug}>"


class Commune(db.Model):
    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    postal_code: Mapped[str] = mapped_column(String(5))
    #: Code officiel géographique (INSEE), from the territory file (`flask territory import`).
    insee_code: Mapped[str | None] = mapped_column(String(5), unique=True)
    #: SIREN of the commune's EPCI (intercommunalité), from the same source.
    epci_siren: Mapped[str | None] = mapped_column(String(9))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    #: False for communes outside the territory (e.g. a partner's seat in a nearby town).
    in_territory: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Commune {self.slug}>"
