"""communes: the SIREN of their EPCI (from INSEE's Code officiel géographique)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 11:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('epci_siren', sa.String(length=9), nullable=True))


def downgrade():
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.drop_column('epci_siren')
