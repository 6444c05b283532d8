"""open data

Open data: imports (CSV, RNA).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.base


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    pass  # PLACEHOLDER: filled in by the owner of this migration


def downgrade():
    pass
