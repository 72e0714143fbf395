"""acts of watched accounts on posts: a liked, reposted or pinned video

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('post_acts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('post_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('handle', sa.String(length=100), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('liked','reposted','pinned')",
                       name=op.f('ck_post_acts_action')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                            name=op.f('fk_post_acts_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                            name=op.f('fk_post_acts_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_acts')),
    sa.UniqueConstraint('post_id', 'handle', 'action',
                        name=op.f('uq_post_acts_post_id_handle_action'))
    )
    with op.batch_alter_table('post_acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_acts_handle'), ['handle'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_acts_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('post_acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_acts_person_id'))
        batch_op.drop_index(batch_op.f('ix_post_acts_handle'))

    op.drop_table('post_acts')
