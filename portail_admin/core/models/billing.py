"""Invoices (never rewritten once issued), credit notes, payments and gapless numbering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, intpk, utcnow
from .enums import InvoiceKind, LineKind, PaymentMethod, db_enum

if TYPE_CHECKING:
    from .family import Family


class NumberSequence(Base):
    """A continuous, gapless counter per prefix (e.g. the régie's "AL").

    Taken with a row lock in the transaction that issues the document, so a rollback
    gives the number back and two issuers never share one.
    """

    __tablename__ = "number_sequence"

    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (CheckConstraint("next_value > 0", name="positive"),)


class BillingRun(Base):
    """One issue of a month's invoices (the desktop's « Émettre » or `invoices generate
    --issue`): who, when, how many, how much. Its invoices make the run's combined PDF."""

    __tablename__ = "billing_run"

    id: Mapped[intpk]
    month: Mapped[dt.date]  # the first day of the billed month
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(80), default="")
    invoice_count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))

    __table_args__ = (CheckConstraint("invoice_count >= 0", name="count_positive"),)


class Invoice(Base):
    """A facture or an avoir. Immutable once issued: corrections are new credit notes."""

    __tablename__ = "invoice"

    id: Mapped[intpk]
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[InvoiceKind] = mapped_column(
        db_enum(InvoiceKind, "invoice_kind"), default=InvoiceKind.INVOICE
    )
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    issued_on: Mapped[dt.date]
    due_on: Mapped[dt.date]
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    # Positive for an invoice, negative for a credit note.
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    corrects_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    # The run that issued it (None: the demo's history, a credit note).
    run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_run.id"), index=True)
    # A credit note's reason, in the staff's words (printed on it).
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    family: Mapped[Family] = relationship()
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.id"
    )
    corrects: Mapped[Invoice | None] = relationship(remote_side="Invoice.id")

    __table_args__ = (
        CheckConstraint("due_on >= issued_on", name="due_after_issue"),
        CheckConstraint("period_end >= period_start", name="period_order"),
        CheckConstraint(
            "(kind = 'invoice' AND total >= 0 AND corrects_invoice_id IS NULL) OR "
            "(kind = 'credit_note' AND total <= 0 AND corrects_invoice_id IS NOT NULL)",
            name="kind_consistent",
        ),
    )


class InvoiceLine(Base):
    """One amount of an invoice and its basis: `quantity` × `unit_price`, less
    `reduction_pct` %, rounded half up to the cent (core.billing.pricing)."""

    __tablename__ = "invoice_line"

    id: Mapped[intpk]
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    kind: Mapped[LineKind | None] = mapped_column(db_enum(LineKind, "line_kind"))
    label: Mapped[str] = mapped_column(String(255))
    # The bracket and reduction applied, in French ("Tranche QF ≤ 800 €, −10 % 2e enfant").
    detail: Mapped[str] = mapped_column(String(255), default="")
    first_day: Mapped[dt.date | None]
    last_day: Mapped[dt.date | None]
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    reduction_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0.00"))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    # A credit note's line: the invoice line it corrects.
    corrects_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_line.id"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")

    __table_args__ = (
        CheckConstraint("reduction_pct BETWEEN 0 AND 100", name="reduction_range"),
    )


class BilledDay(Base):
    """A child's day of a service that an invoice line bills.

    At most one live row per (child, service, day), enforced by a partial unique index: two
    runs, even started at once on two PCs, can never bill the same day twice. A credit note
    that cancels the line frees the day (`freed_by_id`), which may then be billed again.
    """

    __tablename__ = "billed_day"

    id: Mapped[intpk]
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("invoice_line.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    day: Mapped[dt.date]
    freed_by_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))

    __table_args__ = (
        Index(
            "uq_billed_day_live",
            "child_id",
            "service_id",
            "day",
            unique=True,
            sqlite_where=text("freed_by_id IS NULL"),
            postgresql_where=text("freed_by_id IS NULL"),
        ),
        Index("ix_billed_day_service_day", "service_id", "day"),
    )


class InvoiceDelivery(Base):
    """An invoice e-mailed to the family: one row per invoice, so a retry never sends twice."""

    __tablename__ = "invoice_delivery"

    id: Mapped[intpk]
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), unique=True)
    recipient: Mapped[str] = mapped_column(String(255))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Payment(Base):
    """A règlement received by the régie, optionally settling one invoice."""

    __tablename__ = "payment"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    received_on: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    method: Mapped[PaymentMethod] = mapped_column(db_enum(PaymentMethod, "payment_method"))
    reference: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_family_date", "family_id", "received_on"),
    )
