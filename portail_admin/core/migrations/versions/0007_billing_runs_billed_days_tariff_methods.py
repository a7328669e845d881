"""billing: tariff methods, runs, line basis, billed days, deliveries, bill mentions

tariff: dégressif fratrie (2nd child, 3rd and further) and surcharges (presence without
reservation, late absence). billing_run: one issue of a month. invoice: its run and, for a
credit note, its reason. invoice_line: its basis (kind, days, reduction, detail) and the line a
credit note corrects. billed_day: the days each line bills, at most one live row per child,
service and day (partial unique index). invoice_delivery: an invoice e-mailed once.
commune_settings: the mentions of a municipal bill and the logo.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portail_admin.core.models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The NOT NULL columns added to existing tables get a server default for the rows already
    # there, dropped at once: the models keep their defaults on the Python side.
    op.create_table(
        "billing_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column(
            "issued_at", portail_admin.core.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("issued_by", sa.String(length=80), nullable=False),
        sa.Column("invoice_count", sa.Integer(), nullable=False),
        sa.Column("total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.CheckConstraint("invoice_count >= 0", name=op.f("ck_billing_run_count_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_run")),
    )
    op.create_table(
        "invoice_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column(
            "sent_at", portail_admin.core.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_delivery_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_delivery")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_invoice_delivery_invoice_id")),
    )
    op.create_table(
        "billed_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("freed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_billed_day_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["freed_by_id"], ["invoice.id"], name=op.f("fk_billed_day_freed_by_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_billed_day_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["invoice_line.id"], name=op.f("fk_billed_day_line_id_invoice_line")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_billed_day_service_id_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billed_day")),
    )
    with op.batch_alter_table("billed_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billed_day_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_billed_day_line_id"), ["line_id"], unique=False)
        batch_op.create_index("ix_billed_day_service_day", ["service_id", "day"], unique=False)
        batch_op.create_index(
            "uq_billed_day_live",
            ["child_id", "service_id", "day"],
            unique=True,
            sqlite_where=sa.text("freed_by_id IS NULL"),
            postgresql_where=sa.text("freed_by_id IS NULL"),
        )

    with op.batch_alter_table("commune_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("issuer_name", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("issuer_title", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("regie_hours", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("payment_instructions", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("contest_notice", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch_op.alter_column("issuer_name", server_default=None)
        batch_op.alter_column("issuer_title", server_default=None)
        batch_op.alter_column("regie_hours", server_default=None)
        batch_op.alter_column("payment_instructions", server_default=None)
        batch_op.alter_column("contest_notice", server_default=None)

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reason", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_invoice_run_id"), ["run_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_run_id_billing_run"), "billing_run", ["run_id"], ["id"]
        )
        batch_op.alter_column("reason", server_default=None)

    with op.batch_alter_table("invoice_line", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "present",
                    "present_unbooked",
                    "absent_billed",
                    "unbooked_surcharge",
                    "late_absence_surcharge",
                    "correction",
                    name="line_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=30,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("detail", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("first_day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_day", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reduction_pct",
                sa.Numeric(precision=5, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("corrects_line_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_line_corrects_line_id_invoice_line"),
            "invoice_line",
            ["corrects_line_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_invoice_line_reduction_range"), "reduction_pct BETWEEN 0 AND 100"
        )
        batch_op.alter_column("detail", server_default=None)
        batch_op.alter_column("reduction_pct", server_default=None)

    with op.batch_alter_table("tariff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "second_child_reduction",
                sa.Numeric(precision=5, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "third_child_reduction",
                sa.Numeric(precision=5, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "unbooked_surcharge",
                sa.Numeric(precision=10, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "late_absence_surcharge",
                sa.Numeric(precision=10, scale=2),
                server_default="0",
                nullable=False,
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_tariff_reductions_range"),
            "second_child_reduction BETWEEN 0 AND 100 AND third_child_reduction BETWEEN 0 AND 100",
        )
        batch_op.create_check_constraint(
            op.f("ck_tariff_surcharges_positive"),
            "unbooked_surcharge >= 0 AND late_absence_surcharge >= 0",
        )
        batch_op.alter_column("second_child_reduction", server_default=None)
        batch_op.alter_column("third_child_reduction", server_default=None)
        batch_op.alter_column("unbooked_surcharge", server_default=None)
        batch_op.alter_column("late_absence_surcharge", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("tariff", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tariff_surcharges_positive"), type_="check")
        batch_op.drop_constraint(op.f("ck_tariff_reductions_range"), type_="check")
        batch_op.drop_column("late_absence_surcharge")
        batch_op.drop_column("unbooked_surcharge")
        batch_op.drop_column("third_child_reduction")
        batch_op.drop_column("second_child_reduction")

    with op.batch_alter_table("invoice_line", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_invoice_line_reduction_range"), type_="check")
        batch_op.drop_constraint(op.f("ck_invoice_line_line_kind"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_invoice_line_corrects_line_id_invoice_line"), type_="foreignkey"
        )
        batch_op.drop_column("corrects_line_id")
        batch_op.drop_column("reduction_pct")
        batch_op.drop_column("last_day")
        batch_op.drop_column("first_day")
        batch_op.drop_column("detail")
        batch_op.drop_column("kind")

    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invoice_run_id_billing_run"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invoice_run_id"))
        batch_op.drop_column("reason")
        batch_op.drop_column("run_id")

    with op.batch_alter_table("commune_settings", schema=None) as batch_op:
        batch_op.drop_column("logo")
        batch_op.drop_column("contest_notice")
        batch_op.drop_column("payment_instructions")
        batch_op.drop_column("regie_hours")
        batch_op.drop_column("issuer_title")
        batch_op.drop_column("issuer_name")

    with op.batch_alter_table("billed_day", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_billed_day_live",
            sqlite_where=sa.text("freed_by_id IS NULL"),
            postgresql_where=sa.text("freed_by_id IS NULL"),
        )
        batch_op.drop_index("ix_billed_day_service_day")
        batch_op.drop_index(batch_op.f("ix_billed_day_line_id"))
        batch_op.drop_index(batch_op.f("ix_billed_day_invoice_id"))

    op.drop_table("billed_day")
    op.drop_table("invoice_delivery")
    op.drop_table("billing_run")
