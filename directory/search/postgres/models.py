"""The PostgreSQL engine's tables: search documents and the lexicon of their words.

One document per published organisation; the lexicon is what typo tolerance and suggestions
read through pg_trgm.
"""

from sqlalchemy import JSON, Boolean, Index, String, Text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from directory.core.extensions import db

#: PostgreSQL types, with portable stand-ins so that the tables exist (empty) on SQLite too.
TSVECTOR = Text().with_variant(postgresql.TSVECTOR(), "postgresql")
SLUGS = JSON().with_variant(postgresql.ARRAY(Text), "postgresql")


class SearchDocument(db.Model):
    """Written in the transaction of the edit itself: every node reads the same documents."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_tsv", "tsv", postgresql_using="gin"),
        Index("ix_search_documents_folded", "folded", postgresql_using="gin"),
    )

    organization_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: Folded name: the A-Z order of ties.
    sort_name: Mapped[str] = mapped_column(Text)
    #: Hash of the document, compared by `check()` with one rebuilt from the database.
    digest: Mapped[str] = mapped_column(String(40))
    #: French stems (unaccent + Snowball), weighted A name, B sigle, C résumé/themes/communes,
    #: D services/publics/description: the weight tells where a word matched.
    tsv = mapped_column(TSVECTOR, nullable=True)
    #: Folded, unstemmed words of the short fields (no stop words): exact words, prefixes, typos.
    folded = mapped_column(TSVECTOR, nullable=True)
    #: Facets: parent theme slugs, "parent/child" slugs, public and commune slugs.
    themes = mapped_column(SLUGS)
    subthemes = mapped_column(SLUGS)
    publics = mapped_column(SLUGS)
    communes = mapped_column(SLUGS)
    kind: Mapped[str] = mapped_column(String(40))
    benevoles: Mapped[bool] = mapped_column(Boolean, default=False)


class SearchWord(db.Model):
    """A folded word of some document (words of documents since deleted may linger: harmless,
    a typo expanded to them matches nothing; `reindex` starts the lexicon afresh)."""

    __tablename__ = "search_words"
    __table_args__ = (
        Index(
            "ix_search_words_trigram",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )

    word: Mapped[str] = mapped_column(Text, primary_key=True)
