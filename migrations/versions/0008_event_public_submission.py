"""event public submission

Agenda: events proposed through the public form, confirmed by mail.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.models.base


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    pass  # PLACEHOLDER: filled in by the owner of this migration


def downgrade():
    pass
