"""search vocabulary and misses

Vocabulary entries added by staff; zero-result searches counted per day.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-02 23:45:00

"""
import sqlalchemy as sa
from alembic import op

import directory.core.models

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_vocabulary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('words', sa.Text(), nullable=False),
        sa.Column('find', sa.Text(), nullable=False),
        sa.Column('acronym', sa.Boolean(), nullable=False),
        sa.Column('created_at', directory.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_vocabulary')),
    )
    op.create_table(
        'search_misses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('words', sa.String(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_misses')),
        sa.UniqueConstraint('day', 'scope', 'words', name=op.f('uq_search_misses_day')),
    )


def downgrade():
    op.drop_table('search_misses')
    op.drop_table('search_vocabulary')
