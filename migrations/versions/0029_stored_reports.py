"""observatory: the indicators of the current periods, computed by the worker, shared by nodes

Revision ID: 0029
Revises: 0019
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('observatory_reports',
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('made_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_observatory_reports'))
    )


def downgrade():
    op.drop_table('observatory_reports')
