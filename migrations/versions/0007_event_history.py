"""event history

Agenda submission: event revisions (history).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.base


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    pass  # PLACEHOLDER: filled in by the owner of this migration


def downgrade():
    pass
