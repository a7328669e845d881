"""a scoped, lossless change feed, and the health data access trace

change_log: what each change concerns (family, child, service, days), how many rows a bulk
row stands for, and on PostgreSQL the writing transaction's id, so that a reader never skips
the rows of a long transaction that commits after a shorter one (core/changefeed.py).
Existing rows get their family and child where the record still tells them.
health_access: who opened a child's health data, and when.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portail_admin.core.models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Backfill: (table, SQL giving the row's family, SQL giving its child) for rows still there.
_BACKFILL = (
    ("family", "change_log.row_id", None),
    ("guardian", "(SELECT family_id FROM guardian WHERE guardian.id = change_log.row_id)", None),
    (
        "child",
        "(SELECT family_id FROM child WHERE child.id = change_log.row_id)",
        "change_log.row_id",
    ),
    (
        "request",
        "(SELECT family_id FROM request WHERE request.id = change_log.row_id)",
        "(SELECT child_id FROM request WHERE request.id = change_log.row_id)",
    ),
    ("message", "(SELECT family_id FROM message WHERE message.id = change_log.row_id)", None),
    (
        "portal_account",
        "(SELECT family_id FROM portal_account WHERE portal_account.id = change_log.row_id)",
        None,
    ),
    (
        "health_record",
        "(SELECT c.family_id FROM health_record h JOIN child c ON c.id = h.child_id "
        "WHERE h.id = change_log.row_id)",
        "(SELECT child_id FROM health_record WHERE health_record.id = change_log.row_id)",
    ),
    (
        "authorised_person",
        "(SELECT c.family_id FROM authorised_person p JOIN child c ON c.id = p.child_id "
        "WHERE p.id = change_log.row_id)",
        "(SELECT child_id FROM authorised_person WHERE authorised_person.id = change_log.row_id)",
    ),
)


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("family_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("child_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("service_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("day_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("day_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("count", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("txid", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_change_log_family", ["family_id", "id"], unique=False)
        batch_op.create_index("ix_change_log_child", ["child_id", "id"], unique=False)
        batch_op.create_index("ix_change_log_txid", ["txid"], unique=False)
    for table, family_sql, child_sql in _BACKFILL:
        sets = [f"family_id = {family_sql}"]
        if child_sql:
            sets.append(f"child_id = {child_sql}")
        # Constant SQL from _BACKFILL above: no user input.
        op.execute(
            sa.text(f"UPDATE change_log SET {', '.join(sets)} WHERE table_name = :t").bindparams(  # noqa: S608
                t=table
            )
        )

    op.create_table(
        "health_access",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", portail_admin.core.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_access")),
    )
    op.create_index("ix_health_access_at", "health_access", ["at"], unique=False)
    op.create_index("ix_health_access_child", "health_access", ["child_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_health_access_child", table_name="health_access")
    op.drop_index("ix_health_access_at", table_name="health_access")
    op.drop_table("health_access")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_txid")
        batch_op.drop_index("ix_change_log_child")
        batch_op.drop_index("ix_change_log_family")
        for column in (
            "txid",
            "count",
            "day_to",
            "day_from",
            "service_id",
            "child_id",
            "family_id",
        ):
            batch_op.drop_column(column)
