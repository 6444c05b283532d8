"""partenarial

Annuaire partenarial: professional accounts, referrals.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


SERVICE_JSON = ("modalites_accueil", "permanences", "mobilisable_par", "orientation_modes")
SERVICE_TEXT = (
    ("lien_mobilisation", sa.String(length=500)),
    ("mobilisation_precisions", sa.Text()),
    ("orientation_courriel", sa.String(length=254)),
    ("orientation_telephone", sa.String(length=30)),
    ("orientation_precisions", sa.Text()),
    ("notes_professionnels", sa.Text()),
)


def upgrade():
    with op.batch_alter_table('services', schema=None) as batch_op:
        for name in SERVICE_JSON:
            batch_op.add_column(sa.Column(name, sa.JSON(), server_default='[]', nullable=False))
        for name, type_ in SERVICE_TEXT:
            batch_op.add_column(sa.Column(name, type_, nullable=True))

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=False),
    sa.Column('sent_to', sa.String(length=254), nullable=True),
    sa.Column('beneficiary_name', sa.String(length=120), nullable=True),
    sa.Column('beneficiary_contact', sa.String(length=254), nullable=True),
    sa.Column('need', sa.Text(), nullable=True),
    sa.Column('consent_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('purged_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_referrals_organization_id_organizations')),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_referrals_sender_id_users')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_referrals_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_service_id'), ['service_id'], unique=False)

    op.create_table('professional_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('structure', sa.String(length=150), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=150), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', directory.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('review_reason', sa.Text(), nullable=True),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_professional_requests_organization_id_organizations')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_professional_requests_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_professional_requests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professional_requests'))
    )
    with op.batch_alter_table('professional_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_requests_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_professional_requests_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('professional_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_requests_user_id'))
        batch_op.drop_index(batch_op.f('ix_professional_requests_state'))
    op.drop_table('professional_requests')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_service_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_sender_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_organization_id'))
    op.drop_table('referrals')
    with op.batch_alter_table('services', schema=None) as batch_op:
        for name, _ in reversed(SERVICE_TEXT):
            batch_op.drop_column(name)
        for name in reversed(SERVICE_JSON):
            batch_op.drop_column(name)
