"""event feed import

Agenda: organisations' own iCalendar feeds to import.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.base


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    pass  # PLACEHOLDER: filled in by the owner of this migration


def downgrade():
    pass
