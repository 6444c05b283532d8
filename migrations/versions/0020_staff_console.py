"""staff console: notification choices, drafts sent back to their authors, campaigns closed

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('notify', sa.String(length=20), nullable=False),
    sa.Column('last_digest_at', directory.core.models.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_preferences_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_staff_preferences'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes_requested_at', directory.core.models.UTCDateTime(), nullable=True))
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', directory.core.models.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('changes_requested_at')
    op.drop_table('staff_preferences')
