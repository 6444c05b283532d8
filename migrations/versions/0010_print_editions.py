"""print editions

Printed editions: the quarterly agenda editions.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('editions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('submission_deadline', sa.Date(), nullable=False),
    sa.Column('reminder_days', sa.JSON(), nullable=False),
    sa.Column('editorial', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('finalised_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_editions_created_by_id_users')),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['users.id'], name=op.f('fk_editions_finalised_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_editions')),
    sa.UniqueConstraint('year', 'quarter', name=op.f('uq_editions_year'))
    )
    op.create_table('edition_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('emails', sa.JSON(), nullable=False),
    sa.Column('sent_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_edition_reminders_edition_id_editions')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_edition_reminders_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edition_reminders')),
    sa.UniqueConstraint('edition_id', 'organization_id', 'number', name=op.f('uq_edition_reminders_edition_id'))
    )
    with op.batch_alter_table('edition_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edition_reminders_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_edition_reminders_organization_id'), ['organization_id'], unique=False)

    op.create_table('edition_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('included', sa.Boolean(), nullable=False),
    sa.Column('highlighted', sa.Boolean(), nullable=False),
    sa.Column('print_description', sa.Text(), nullable=True),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_edition_items_edition_id_editions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_edition_items_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edition_items')),
    sa.UniqueConstraint('edition_id', 'event_id', name=op.f('uq_edition_items_edition_id'))
    )
    with op.batch_alter_table('edition_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_edition_items_edition_id'), ['edition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_edition_items_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('edition_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edition_items_event_id'))
        batch_op.drop_index(batch_op.f('ix_edition_items_edition_id'))

    op.drop_table('edition_items')
    with op.batch_alter_table('edition_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edition_reminders_organization_id'))
        batch_op.drop_index(batch_op.f('ix_edition_reminders_edition_id'))

    op.drop_table('edition_reminders')
    op.drop_table('editions')
