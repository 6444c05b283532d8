"""saved searches of the partner directory, missions' history

Professionals' saved searches of `/partenaires` (their alerts go in the digests), the
subscriptions' switch for the territory's digest, and the history of volunteer missions.

Revision ID: 0028
Revises: 0027
"""
from alembic import op
import sqlalchemy as sa

import directory.core.models


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('territory', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('q', sa.String(length=200), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=True),
    sa.Column('theme', sa.String(length=100), nullable=True),
    sa.Column('public', sa.String(length=100), nullable=True),
    sa.Column('mode', sa.String(length=40), nullable=True),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], name=op.f('fk_saved_searches_subscription_id_subscriptions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_subscription_id'), ['subscription_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)

    op.create_table('mission_revisions',
    sa.Column('mission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', directory.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_mission_revisions_author_id_users')),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_mission_revisions_mission_id_missions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mission_revisions')),
    sa.UniqueConstraint('mission_id', 'number', name=op.f('uq_mission_revisions_mission_id'))
    )
    with op.batch_alter_table('mission_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_revisions_mission_id'), ['mission_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mission_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_revisions_mission_id'))
    op.drop_table('mission_revisions')
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))
        batch_op.drop_index(batch_op.f('ix_saved_searches_subscription_id'))
    op.drop_table('saved_searches')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_column('territory')
