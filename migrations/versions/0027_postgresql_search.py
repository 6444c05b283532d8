"""PostgreSQL search engine: search documents and their lexicon

The tables exist on every database (empty on SQLite, where Whoosh searches); on PostgreSQL the
unaccent and pg_trgm extensions (trusted: the database owner may create them) and the text
search configurations the engine queries with.

Revision ID: 0027
Revises: 0021
Create Date: 2026-12-03 11:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0021'
branch_labels = None
depends_on = None

TSVECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")
SLUGS = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")


def _postgresql_setup():
    """Extensions and text search configurations: French stems of unaccented words, and folded
    unstemmed words without stop words (exact words, prefixes, typos)."""
    for extension in ("unaccent", "pg_trgm"):
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    bind = op.get_bind()
    # The extensions may live in a schema outside the search path (created by another schema's
    # migrations): their dictionary and operator class are found there.
    schema = bind.execute(sa.text(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_trgm'"
    )).scalar()
    op.execute(sa.text(
        "SELECT set_config('search_path', current_setting('search_path') || ', ' || :schema, true)"
    ).bindparams(schema=f'"{schema}"'))
    unaccent = bind.execute(sa.text(
        "SELECT quote_ident(n.nspname) || '.unaccent' FROM pg_extension e"
        " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
    )).scalar()
    _drop_configurations()
    own = _own_schema()
    tokens = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {own}.directory_french (COPY = pg_catalog.french)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {own}.directory_french ALTER MAPPING FOR {tokens}"
        f" WITH {unaccent}, pg_catalog.french_stem"
    )
    op.execute(
        f"CREATE TEXT SEARCH DICTIONARY {own}.directory_folded_words"
        " (TEMPLATE = pg_catalog.simple, STOPWORDS = french)"
    )
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {own}.directory_folded (COPY = pg_catalog.simple)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {own}.directory_folded ALTER MAPPING FOR {tokens}"
        f" WITH {unaccent}, {own}.directory_folded_words"
    )


def _own_schema() -> str:
    """The schema the migrations write into: names are qualified with it, so that another
    schema's configurations, found through the search path, are never dropped or altered."""
    return op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar()


def _drop_configurations():
    own = _own_schema()
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {own}.directory_french")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {own}.directory_folded")
    op.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {own}.directory_folded_words")


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        _postgresql_setup()
    op.create_table('search_documents',
    sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sort_name', sa.Text(), nullable=False),
    sa.Column('digest', sa.String(length=40), nullable=False),
    sa.Column('tsv', TSVECTOR, nullable=True),
    sa.Column('folded', TSVECTOR, nullable=True),
    sa.Column('themes', SLUGS, nullable=True),
    sa.Column('subthemes', SLUGS, nullable=True),
    sa.Column('publics', SLUGS, nullable=True),
    sa.Column('communes', SLUGS, nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('benevoles', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_tsv', ['tsv'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_documents_folded', ['folded'], unique=False, postgresql_using='gin')

    op.create_table('search_words',
    sa.Column('word', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.create_index('ix_search_words_trigram', ['word'], unique=False, postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})


def downgrade():
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.drop_index('ix_search_words_trigram')
    op.drop_table('search_words')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_folded')
        batch_op.drop_index('ix_search_documents_tsv')
    op.drop_table('search_documents')
    if op.get_bind().dialect.name == "postgresql":
        # The extensions stay: other schemas of the database may use them.
        _drop_configurations()
