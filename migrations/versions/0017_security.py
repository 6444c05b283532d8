"""security: imported events per organisation, sign-out key

An imported event is matched by (organisation, feed address, UID): another organisation giving
the same address gets its own events instead of changing the first one's. users.session_key
changes at each sign-out, so that copies of a session cookie stop working.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 06:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_key', sa.String(length=32), nullable=True))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_events_source_feed_url'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_events_organization_id'),
            ['organization_id', 'source_feed_url', 'source_uid'],
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_key')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_events_organization_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_events_source_feed_url'), ['source_feed_url', 'source_uid']
        )
