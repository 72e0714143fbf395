"""review queue, users and the audit log

Review items gain the statutory clock (due 7 days after the post was first collected), a
claim lease, a version for refusing conflicting edits, and the current decision. Existing items
keep their place: status "new" becomes "open" and due_at is backfilled from the post.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:57:04.317304
"""
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('object_type', sa.String(length=50), nullable=True),
    sa.Column('object_id', sa.String(length=100), nullable=True),
    sa.Column('before', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('after', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('entry_hash', name=op.f('uq_audit_log_entry_hash')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_log_prev_hash'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user_id'), ['user_id'], unique=False)

    op.create_table('user_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_tokens')),
    sa.UniqueConstraint('prefix', name=op.f('uq_user_tokens_prefix'))
    )
    with op.batch_alter_table('user_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_web_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_web_sessions_token_hash'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('review_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=True),
    sa.Column('category', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['review_items.id'], name=op.f('fk_review_steps_item_id_review_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_steps_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_steps'))
    )
    with op.batch_alter_table('review_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_steps_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_steps_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('verdict', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('category', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('status',
               existing_type=sa.VARCHAR(length=20),
               type_=sa.String(length=24),
               existing_nullable=False)

    items = sa.table('review_items', sa.column('id'), sa.column('post_id'), sa.column('status'),
                     sa.column('due_at', sa.DateTime(timezone=True)))
    posts = sa.table('posts', sa.column('id'), sa.column('collected_at', sa.DateTime(timezone=True)))
    op.execute(items.update().where(items.c.status == 'new').values(status='open'))
    # Seven days after first collection; done row by row in Python so SQLite and PostgreSQL
    # agree on the arithmetic. Items exist only in the thousands when this migration runs.
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(items.c.id, posts.c.collected_at).join(posts, posts.c.id == items.c.post_id)
    ).all()
    for item_id, collected_at in rows:
        if isinstance(collected_at, str):
            collected_at = datetime.fromisoformat(collected_at)
        if collected_at.tzinfo is None:
            collected_at = collected_at.replace(tzinfo=UTC)
        conn.execute(items.update().where(items.c.id == item_id)
                     .values(due_at=collected_at + timedelta(days=7)))

    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.alter_column('due_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('version', existing_type=sa.Integer(), server_default=None)
        batch_op.create_index('ix_review_items_status_due_at', ['status', 'due_at'], unique=False)
        batch_op.create_index(
            'ix_review_items_claimed_by_id_lease', ['claimed_by_id', 'lease_expires_at'],
            unique=False, postgresql_where=sa.text('claimed_by_id IS NOT NULL'),
            sqlite_where=sa.text('claimed_by_id IS NOT NULL'),
        )
        batch_op.create_foreign_key(batch_op.f('fk_review_items_claimed_by_id_users'), 'users', ['claimed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_review_items_confirmed_by_id_users'), 'users', ['confirmed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_review_items_decided_by_id_users'), 'users', ['decided_by_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_items_decided_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_review_items_confirmed_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_review_items_claimed_by_id_users'), type_='foreignkey')
        batch_op.drop_index('ix_review_items_status_due_at')
        batch_op.drop_index('ix_review_items_claimed_by_id_lease')
        batch_op.alter_column('status',
               existing_type=sa.String(length=24),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('category')
        batch_op.drop_column('verdict')
        batch_op.drop_column('version')
        batch_op.drop_column('lease_expires_at')
        batch_op.drop_column('claimed_by_id')
        batch_op.drop_column('due_at')

    op.execute("UPDATE review_items SET status = 'new' WHERE status = 'open'")

    with op.batch_alter_table('review_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_steps_user_id'))
        batch_op.drop_index(batch_op.f('ix_review_steps_item_id'))

    op.drop_table('review_steps')
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_user_id'))

    op.drop_table('web_sessions')
    with op.batch_alter_table('user_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_tokens_user_id'))

    op.drop_table('user_tokens')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('users')
