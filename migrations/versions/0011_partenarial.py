"""partenarial

Annuaire partenarial: professional accounts, referrals.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.base


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    pass  # PLACEHOLDER: filled in by the owner of this migration


def downgrade():
    pass
