"""agenda: VEVENT blocks kept in the database, so a new worker's first feed reads them

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-03 11:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_feed_blocks',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_feed_blocks_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_event_feed_blocks'))
    )
    with op.batch_alter_table('event_feed_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_feed_blocks_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_feed_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_feed_blocks_event_id'))
    op.drop_table('event_feed_blocks')
