"""event feed import

Agenda: organisations' own iCalendar feeds to import.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('http_last_modified', sa.String(length=64), nullable=True),
    sa.Column('last_fetched_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_report', sa.String(length=255), nullable=True),
    sa.Column('archived_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_event_feeds_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feeds')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_event_feeds_organization_id'))
    )
    # The feeds' version query (directory/feeds.py): max() by index, not by table scan.
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_updated_at', ['updated_at'], unique=False)
    with op.batch_alter_table('event_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_event_overrides_last_modified_at', ['last_modified_at'],
                              unique=False)
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index('ix_organizations_updated_at', ['updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index('ix_organizations_updated_at')
    with op.batch_alter_table('event_overrides', schema=None) as batch_op:
        batch_op.drop_index('ix_event_overrides_last_modified_at')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_updated_at')
    op.drop_table('event_feeds')
