"""Invoices (never rewritten once issued), credit notes, payments and gapless numbering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, intpk, utcnow
from .enums import InvoiceKind, PaymentMethod, db_enum

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
    __tablename__ = "invoice_line"

    id: Mapped[intpk]
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    label: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


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
