"""shared files: uploads and printed PDFs in the database, seen by every node

Files uploaded before (instance/logos, instance/event-images) are copied into the database by
`flask uploads import-files`.

Revision ID: 0026
Revises: 0023
Create Date: 2026-12-03 12:10:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('uploaded_files',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_uploaded_files'))
    )
    op.create_table('printed_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('site', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('built_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('wanted', sa.String(length=40), nullable=True),
    sa.Column('requested_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printed_files')),
    sa.UniqueConstraint('kind', 'name', 'site', name=op.f('uq_printed_files_kind'))
    )


def downgrade():
    op.drop_table('printed_files')
    op.drop_table('uploaded_files')
