"""a version (optimistic lock) on structures, enrolments, tariffs and calendar periods

Staff edit these from several PCs (settings, enrolments, tariffs, the calendar): a second save
over a stale copy must be refused, as for families and services.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("structure", "enrolment", "tariff", "calendar_period")


def upgrade() -> None:
    for table in TABLES:
        # NOT NULL with a default: existing rows start at version 1 (SQLite allows this ADD).
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
