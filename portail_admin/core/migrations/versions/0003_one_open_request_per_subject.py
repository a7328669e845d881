"""one open reservation or absence request per child, service and day

Identical reservation requests sent at the same moment (a double tap, several tabs) could all
be stored, and pending reservations count against a service's capacity. A partial unique index
now refuses a second pending request for the same planning cell (child, service, day), on
SQLite and PostgreSQL; the portal checks first and answers « déjà en attente ».

A database that already holds such duplicates could not build the index, so they are resolved
first, deterministically: for each cell, the oldest pending request (earliest created_at, then
lowest id) stays pending; the later ones are marked withdrawn ('Annulée par la famille', the
one status for a request nobody decided), dated now, with a motive saying they were duplicates,
and their version bumped so a desktop showing them sees the change. Downgrading drops the
index only; the withdrawn duplicates stay withdrawn.

Revision ID: 0003
Revises: 0002
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_request_open_planning"
OPEN = sa.text("status = 'pending'")
DUPLICATE_MOTIVE = (
    "Demande en double d'une demande identique déjà en attente, retirée lors de la mise à "
    "jour du logiciel."
)


def upgrade() -> None:
    op.get_bind().execute(
        sa.text(
            "UPDATE request SET status = 'withdrawn', decided_at = :now, motive = :motive, "
            "version = version + 1 "
            "WHERE status = 'pending' AND service_id IS NOT NULL AND EXISTS ("
            "SELECT 1 FROM request AS older WHERE older.status = 'pending' "
            "AND older.child_id = request.child_id "
            "AND older.service_id = request.service_id "
            "AND older.day = request.day "
            "AND (older.created_at < request.created_at "
            "OR (older.created_at = request.created_at AND older.id < request.id)))"
        ).bindparams(
            sa.bindparam("now", dt.datetime.now(dt.UTC), type_=sa.DateTime(timezone=True)),
            sa.bindparam("motive", DUPLICATE_MOTIVE),
        )
    )
    with op.batch_alter_table("request") as batch:
        batch.create_index(
            INDEX,
            ["child_id", "service_id", "day"],
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )


def downgrade() -> None:
    with op.batch_alter_table("request") as batch:
        batch.drop_index(INDEX)
