"""Rows telling the search indexer which entities changed, written in the same transaction."""

from datetime import date, datetime

from sqlalchemy import Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db
from directory.core.models import UTCDateTime, utcnow


class SearchOutbox(db.Model):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VocabularyEntry(db.Model):
    """A vocabulary entry added by staff, merged over data/vocabulary.toml."""

    __tablename__ = "search_vocabulary"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Wordings people use, one per line.
    words: Mapped[str] = mapped_column(Text)
    #: Words of the listings that answer them, one per line.
    find: Mapped[str] = mapped_column(Text)
    acronym: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchMiss(db.Model):
    """How many searches of a day found nothing, by scope and words: nothing about who searched."""

    __tablename__ = "search_misses"
    __table_args__ = (UniqueConstraint("day", "scope", "words"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(40))
    words: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(default=0)
