"""portal sessions kept in the database, and login counters that survive a restart

portal_session: one row per logged-in browser of the parents' portal (the cookie carries a
random token, the row only its SHA-256), so logging out, a new password or a lock really ends
a session. login_attempt: the per-address login throttle and the wrong passwords given for
unknown logins, shared by every portal process and kept across restarts.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portail_admin.core.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant() -> sa.types.TypeEngine:
    return portail_admin.core.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "portal_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _instant(), nullable=False),
        sa.Column("last_seen_at", _instant(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal_account.id"],
            name=op.f("fk_portal_session_account_id_portal_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_session_token_hash")),
    )
    with op.batch_alter_table("portal_session") as batch:
        batch.create_index(batch.f("ix_portal_session_account_id"), ["account_id"], unique=False)
    op.create_table(
        "login_attempt",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", _instant(), nullable=True),
        sa.Column("expires_at", _instant(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key_hash", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt") as batch:
        batch.create_index(batch.f("ix_login_attempt_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_attempt") as batch:
        batch.drop_index(batch.f("ix_login_attempt_expires_at"))
    op.drop_table("login_attempt")
    with op.batch_alter_table("portal_session") as batch:
        batch.drop_index(batch.f("ix_portal_session_account_id"))
    op.drop_table("portal_session")
