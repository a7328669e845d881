"""planning cells that say who wrote them and can be locked; places per day; a covering index

planning_cell: updated_at and updated_by (who last wrote the cell, for the grid's tooltip and
the undo that must not overwrite a colleague's later change), locked_reason (a billed or locked
day refuses edits). The (service_id, day) index now covers what a service's month reads.
service_day_capacity: the places of a service on one day, where they differ from its capacity.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portail_admin.core.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERING = ["service_id", "day", "child_id", "booking", "attendance", "version", "locked_reason"]


def upgrade() -> None:
    with op.batch_alter_table("planning_cell", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "updated_at",
                portail_admin.core.models.base.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("updated_by", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("locked_reason", sa.String(length=100), nullable=True))
        batch_op.drop_index("ix_planning_cell_service_day")
        batch_op.create_index("ix_planning_cell_service_day", COVERING, unique=False)
    op.create_table(
        "service_day_capacity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "capacity > 0", name=op.f("ck_service_day_capacity_capacity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_day_capacity_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_day_capacity")),
        sa.UniqueConstraint("service_id", "day", name=op.f("uq_service_day_capacity_service_id_day")),
    )


def downgrade() -> None:
    op.drop_table("service_day_capacity")
    with op.batch_alter_table("planning_cell", schema=None) as batch_op:
        batch_op.drop_index("ix_planning_cell_service_day")
        batch_op.create_index("ix_planning_cell_service_day", ["service_id", "day"], unique=False)
        batch_op.drop_column("locked_reason")
        batch_op.drop_column("updated_by")
        batch_op.drop_column("updated_at")
