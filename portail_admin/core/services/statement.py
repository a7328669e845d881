"""A family's relevé de compte: balance, unpaid invoices at a date, statement lines.

The balance is payments minus invoiced amounts (credit notes count with their negative total):
a negative balance is what the family owes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from .. import clock
from ..models import Invoice, Payment
from ..models.enums import InvoiceKind

ZERO = Decimal("0.00")


def balance(session: Session, family_id: int, at: dt.date | None = None) -> Decimal:
    """Payments minus invoices and credit notes, up to `at` (included) when given."""
    invoiced = select(func.coalesce(func.sum(Invoice.total), 0)).where(
        Invoice.family_id == family_id
    )
    paid = select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.family_id == family_id)
    if at is not None:
        invoiced = invoiced.where(Invoice.issued_on <= at)
        paid = paid.where(Payment.received_on <= at)
    total = Decimal(session.scalar(paid) or 0) - Decimal(session.scalar(invoiced) or 0)
    return total.quantize(Decimal("0.01"))


@dataclass
class UnpaidInvoice:
    invoice: Any  # an Invoice, or a row with its columns (number, issued_on, due_on, total...)
    remaining: Decimal

    @property
    def number(self) -> str:
        return self.invoice.number


@dataclass
class AccountSummary:
    balance: Decimal
    unpaid: list[UnpaidInvoice]

    @property
    def unpaid_total(self) -> Decimal:
        return sum((u.remaining for u in self.unpaid), ZERO)


# Built once (the home page runs them on every visit); executed on the session's connection.
_DOCUMENTS = (
    select(
        Invoice.id,
        Invoice.number,
        Invoice.kind,
        Invoice.issued_on,
        Invoice.due_on,
        Invoice.total,
        Invoice.corrects_invoice_id,
    )
    .where(Invoice.family_id == bindparam("family_id"))
    .order_by(Invoice.issued_on, Invoice.id)
)
_PAYMENTS = select(Payment.invoice_id, Payment.received_on, Payment.amount).where(
    Payment.family_id == bindparam("family_id")
)


def _documents(session: Session, family_id: int) -> list[Any]:
    return list(session.connection().execute(_DOCUMENTS, {"family_id": family_id}))


def _payments(session: Session, family_id: int) -> list[Any]:
    return list(session.connection().execute(_PAYMENTS, {"family_id": family_id}))


def unpaid_from(documents: list[Any], payments: list[Any], at: dt.date) -> list[UnpaidInvoice]:
    """The unpaid rule on rows already read (a family's documents and payments, as
    `_DOCUMENTS` / `_PAYMENTS` select them): callers that read many families at once (the
    run's PDFs) apply it family by family."""
    documents = [d for d in documents if d.issued_on <= at]
    remaining: dict[int, Decimal] = {
        d.id: d.total for d in documents if d.kind is InvoiceKind.INVOICE
    }
    free = ZERO
    for doc in documents:
        if doc.kind is InvoiceKind.CREDIT_NOTE:
            if doc.corrects_invoice_id in remaining:
                remaining[doc.corrects_invoice_id] += doc.total
            else:
                free -= doc.total
    for payment in payments:
        if payment.received_on > at:
            continue
        if payment.invoice_id in remaining:
            remaining[payment.invoice_id] -= payment.amount
        else:
            free += payment.amount
    # Overpayments of one invoice and unassigned money settle the oldest ones.
    for inv_id in list(remaining):
        if remaining[inv_id] < 0:
            free -= remaining[inv_id]
            remaining[inv_id] = ZERO
    result = []
    for doc in documents:
        if doc.id not in remaining:
            continue
        due = remaining[doc.id]
        used = min(due, free)
        due -= used
        free -= used
        if due > 0:
            result.append(UnpaidInvoice(doc, due.quantize(Decimal("0.01"))))
    return result


def unpaid_invoices(
    session: Session, family_id: int, at: dt.date | None = None
) -> list[UnpaidInvoice]:
    """Invoices issued by `at` and not settled at that date, oldest first.

    An invoice is settled by the payments that name it and the credit notes that correct it;
    payments that name no invoice settle the oldest invoices first.
    """
    return unpaid_from(
        _documents(session, family_id), _payments(session, family_id), at or clock.today()
    )


def account_summary(session: Session, family_id: int, at: dt.date | None = None) -> AccountSummary:
    """The balance (all documents) and the unpaid invoices at `at`, in two queries."""
    documents = _documents(session, family_id)
    payments = _payments(session, family_id)
    total = sum((p.amount for p in payments), ZERO) - sum((d.total for d in documents), ZERO)
    return AccountSummary(
        total.quantize(Decimal("0.01")), unpaid_from(documents, payments, at or clock.today())
    )


@dataclass
class StatementLine:
    day: dt.date
    label: str
    reference: str
    debit: Decimal | None  # invoiced
    credit: Decimal | None  # paid or credited
    balance: Decimal


def statement_lines(session: Session, family_id: int) -> list[StatementLine]:
    """Invoices, credit notes and payments in date order, each with the balance after it."""
    entries: list[tuple[dt.date, int, int, str, str, Decimal | None, Decimal | None]] = []
    invoices = session.scalars(select(Invoice).where(Invoice.family_id == family_id)).all()
    numbers = {inv.id: inv.number for inv in invoices}
    for inv in invoices:
        if inv.kind is InvoiceKind.INVOICE:
            entries.append(
                (inv.issued_on, 0, inv.id, f"Facture {inv.number}", inv.number, inv.total, None)
            )
        else:
            corrected = numbers.get(inv.corrects_invoice_id or 0, "")
            label = f"Avoir {inv.number}" + (f" (facture {corrected})" if corrected else "")
            entries.append((inv.issued_on, 0, inv.id, label, inv.number, None, -inv.total))
    for pay in session.scalars(select(Payment).where(Payment.family_id == family_id)):
        label = f"Règlement ({pay.method.label})"
        if pay.invoice_id in numbers:
            label += f" — facture {numbers[pay.invoice_id]}"
        entries.append((pay.received_on, 1, pay.id, label, pay.reference, None, pay.amount))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    running = ZERO
    lines = []
    for day, _, _, label, reference, debit, credit in entries:
        running += (credit or ZERO) - (debit or ZERO)
        lines.append(StatementLine(day, label, reference, debit, credit, running))
    return lines


def remaining_by_invoice(
    session: Session, family_ids: Collection[int] | None = None, at: dt.date | None = None
) -> dict[int, Decimal]:
    """What is left to pay of each invoice issued by `at` (0.00 when settled), for every family
    or those of `family_ids`, by the rules of `unpaid_invoices`, in two queries (the desktop's
    list of all invoices). Credit notes are not in it."""
    day = at or clock.today()
    documents = select(*_DOCUMENTS.selected_columns, Invoice.family_id).order_by(
        Invoice.issued_on, Invoice.id
    )
    payments = select(Payment.family_id, Payment.invoice_id, Payment.received_on, Payment.amount)
    if family_ids is not None:
        wanted = list(family_ids)
        documents = documents.where(Invoice.family_id.in_(wanted))
        payments = payments.where(Payment.family_id.in_(wanted))
    by_family: dict[int, tuple[list[Any], list[Any]]] = {}
    for doc in session.execute(documents):
        by_family.setdefault(doc.family_id, ([], []))[0].append(doc)
    for payment in session.execute(payments):
        by_family.setdefault(payment.family_id, ([], []))[1].append(payment)
    result: dict[int, Decimal] = {}
    for docs, pays in by_family.values():
        for doc in docs:
            if doc.kind is InvoiceKind.INVOICE and doc.issued_on <= day:
                result[doc.id] = ZERO
        for unpaid in unpaid_from(docs, pays, day):
            result[unpaid.invoice.id] = unpaid.remaining
    return result
