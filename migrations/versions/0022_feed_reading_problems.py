"""feed reading problems

The events of an organisation's feed that could not be read, or were imported without a value,
with the reason, for the feed's page (event_feeds.last_problems).

Revision ID: 0022
Revises: 0030
Create Date: 2026-12-03 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_feeds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_problems', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('event_feeds', schema=None) as batch_op:
        batch_op.drop_column('last_problems')
