"""event public submission

Agenda: events proposed through the public form, confirmed by mail.

Why a table of its own rather than columns on `events`: until the proposer follows the mailed
link nothing may exist that anyone sees (no event in the organisation's pages or the staff's
queue, no draft listing for a new organisation name), and robots' or mistyped proposals are
simply purged when they expire. The form's content waits as JSON in `event_proposals`; on
confirmation the Event is created from it and `event_id` ties it to the address allowed to
manage it later (the management link is signed with that address and the event id).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=True),
        sa.Column('organization_name', sa.String(length=150), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column('confirmed_at', directory.core.models.UTCDateTime(timezone=True),
                  nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                                name=op.f('fk_event_proposals_event_id_events')),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_event_proposals_organization_id_organizations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_proposals')),
        sa.UniqueConstraint('event_id', name=op.f('uq_event_proposals_event_id')),
    )
    with op.batch_alter_table('event_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_proposals_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_event_proposals_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('event_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_proposals_email'))
        batch_op.drop_index(batch_op.f('ix_event_proposals_created_at'))
    op.drop_table('event_proposals')
