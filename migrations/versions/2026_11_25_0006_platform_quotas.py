"""platform quotas shared by every worker: TikTok's daily counts, Instagram's usage and
hashtag budget

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 12:55:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('platform_quotas',
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used', sa.BigInteger(), nullable=False),
    sa.Column('limit', sa.BigInteger(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('platform', 'name', name=op.f('pk_platform_quotas'))
    )
    op.create_table('instagram_hashtags',
    sa.Column('ig_user_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('hashtag_id', sa.String(length=40), nullable=True),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('ig_user_id', 'name', name=op.f('pk_instagram_hashtags'))
    )


def downgrade() -> None:
    op.drop_table('instagram_hashtags')
    op.drop_table('platform_quotas')
