"""pathways and easy-to-read texts

Pathways by life moment with their revisions; the « Facile à lire » text of a listing.

Revision ID: 0021
Revises: 0026
Create Date: 2026-12-03 11:50:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pathways',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=150), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=True),
    sa.Column('easy_read', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('archived_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathways')),
    sa.UniqueConstraint('slug', name=op.f('uq_pathways_slug'))
    )
    op.create_table('pathway_revisions',
    sa.Column('pathway_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_pathway_revisions_author_id_users')),
    sa.ForeignKeyConstraint(['pathway_id'], ['pathways.id'], name=op.f('fk_pathway_revisions_pathway_id_pathways')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_revisions')),
    sa.UniqueConstraint('pathway_id', 'number', name=op.f('uq_pathway_revisions_pathway_id'))
    )
    with op.batch_alter_table('pathway_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_revisions_pathway_id'), ['pathway_id'], unique=False)

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('easy_read', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('easy_read')
    with op.batch_alter_table('pathway_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_revisions_pathway_id'))
    op.drop_table('pathway_revisions')
    op.drop_table('pathways')
