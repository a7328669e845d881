"""The billing area's reads and writes, as ops (run off the UI thread, each with its own session;
each checks Permission.BILLING again in the worker). They return plain rows, never ORM objects.

The writes (issue a month, cancel or reduce an invoice) call core.billing: this module decides
nothing about money, it only carries the user's choices there and the results back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ...core import clock
from ...core.billing import corrections, run, sending
from ...core.billing.run import FamilyDraft, IssuedRun, RunPreview
from ...core.billing.sending import SendReport
from ...core.errors import NotFoundError
from ...core.formatting import de, month_title
from ...core.models import Family, Guardian, Invoice
from ...core.models.enums import GuardianRole, InvoiceKind
from ...core.reports import invoice_pdf
from ...core.reports.progress import Cancelled
from ...core.search import normalise
from ...core.services import statement
from ...core.services.staff import Permission
from ..ops import OpDb, Progress
from ..prints.documents import PDF, Document, slug

ZERO = Decimal("0.00")


# --------------------------------------------------------------------------- invoice rows
@dataclass(frozen=True)
class InvoiceRow:
    """One invoice or credit note of a list (all invoices, or a family's)."""

    id: int
    number: str
    kind: InvoiceKind
    family_id: int
    family_number: str
    family_name: str
    issued_on: dt.date
    due_on: dt.date
    period_start: dt.date
    period_end: dt.date
    total: Decimal
    remaining: Decimal | None  # an invoice: what is left to pay; a credit note: None
    corrects_number: str = ""  # a credit note: the invoice it corrects

    @property
    def is_credit_note(self) -> bool:
        return self.kind is InvoiceKind.CREDIT_NOTE

    @property
    def unpaid(self) -> bool:
        return self.remaining is not None and self.remaining > 0

    @property
    def month(self) -> dt.date:
        """The billed month (the period's first month)."""
        return self.period_start.replace(day=1)

    @cached_property
    def search_text(self) -> str:
        """What the search looks in (worked out once: the list filters 35,000 rows as the
        user types)."""
        return normalise(f"{self.number} {self.family_name} {self.family_number}")


def invoice_rows(session: Session, family_ids: Collection[int] | None = None) -> list[InvoiceRow]:
    """Every invoice and credit note (or those of `family_ids`), newest first, with the
    family's name and what is left to pay at today's date (core.services.statement)."""
    primary = aliased(Guardian)
    corrected = aliased(Invoice)
    query = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.family_id,
            Family.family_number,
            primary.last_name,
            primary.first_name,
            Invoice.issued_on,
            Invoice.due_on,
            Invoice.period_start,
            Invoice.period_end,
            Invoice.total,
            corrected.number,
        )
        .join(Family, Family.id == Invoice.family_id)
        .outerjoin(
            primary, (primary.family_id == Family.id) & (primary.role == GuardianRole.PRIMARY)
        )
        .outerjoin(corrected, corrected.id == Invoice.corrects_invoice_id)
        .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
    )
    if family_ids is not None:
        query = query.where(Invoice.family_id.in_(list(family_ids)))
    remaining = statement.remaining_by_invoice(session, family_ids, clock.today())
    rows = []
    for r in session.execute(query):
        kind = InvoiceKind(r[2])
        rows.append(
            InvoiceRow(
                id=r[0],
                number=r[1],
                kind=kind,
                family_id=r[3],
                family_number=r[4],
                family_name=f"{r[5] or ''} {r[6] or ''}".strip(),
                issued_on=r[7],
                due_on=r[8],
                period_start=r[9],
                period_end=r[10],
                total=Decimal(r[11]),
                remaining=(
                    None if kind is InvoiceKind.CREDIT_NOTE else remaining.get(r[0], Decimal(r[11]))
                ),
                corrects_number=r[12] or "",
            )
        )
    return rows


def load_invoices(db: OpDb, family_ids: Collection[int] | None = None) -> list[InvoiceRow]:
    db.require(Permission.BILLING)
    with db.read() as session:
        return invoice_rows(session, family_ids)


@dataclass(frozen=True)
class FamilyInvoices:
    family_id: int
    rows: list[InvoiceRow]
    balance: Decimal  # payments minus invoices: negative, the family owes it
    unpaid_total: Decimal


def load_family_invoices(db: OpDb, family_id: int) -> FamilyInvoices:
    db.require(Permission.BILLING)
    with db.read() as session:
        rows = invoice_rows(session, [family_id])
        summary = statement.account_summary(session, family_id)
        return FamilyInvoices(family_id, rows, summary.balance, summary.unpaid_total)


# --------------------------------------------------------------------------- documents
def document_title(row_kind: InvoiceKind, number: str) -> str:
    return f"{row_kind.label} {number}"


def invoice_document(db: OpDb, invoice_id: int) -> Document:
    """One issued invoice or credit note as it prints."""
    db.require(Permission.BILLING)
    with db.read() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFoundError("Cette facture n'existe plus.")
        title = document_title(invoice.kind, invoice.number)
        data = invoice_pdf.invoice_pdf(session, invoice_id)
    return Document(title, f"{slug(title)}{PDF}", data)


def draft_document(db: OpDb, draft: FamilyDraft, month: dt.date) -> Document:
    """A family's invoice of the preview, as it will print."""
    db.require(Permission.BILLING)
    with db.read() as session:
        data = invoice_pdf.draft_pdf(session, draft, month)
    title = f"Aperçu de la facture — {draft.name} — {month_title(month)}"
    return Document(title, f"apercu-facture-{slug(draft.name)}-{month:%Y-%m}{PDF}", data)


def run_document(
    db: OpDb, issued: IssuedRun, month: dt.date, progress: Progress | None = None
) -> Document:
    """The run's invoices in one PDF, for printing."""
    db.require(Permission.BILLING)
    with db.read() as session:
        data = invoice_pdf.invoices_pdf(session, list(issued.invoice_ids), progress)
    title = f"Factures {de(month_title(month).lower())}"
    return Document(title, f"factures-{month:%Y-%m}{PDF}", data)


# --------------------------------------------------------------------------- the month's run
def preview(db: OpDb, month: dt.date, progress: Progress | None = None) -> RunPreview:
    db.require(Permission.BILLING)
    if progress is not None:
        progress.report(0, 0, f"Calcul des factures {de(month_title(month).lower())}…")
    with db.read() as session:
        result = run.preview_month(session, month)
    if progress is not None and progress.cancelled:
        raise Cancelled()
    return result


def issue(
    db: OpDb, month: dt.date, exclude: Collection[int], progress: Progress | None = None
) -> IssuedRun:
    """The month's invoices, in ONE transaction (a failure anywhere issues nothing)."""
    staff = db.require(Permission.BILLING)
    with db.write() as session:
        return run.issue_month(
            session, month, exclude=frozenset(exclude), progress=progress, role=staff.role
        )


def send(db: OpDb, invoice_ids: Sequence[int], progress: Progress | None = None) -> SendReport:
    db.require(Permission.BILLING)
    # send_invoices commits after each invoice sent (what was sent stays recorded): it gets a
    # plain session, not one transaction, signed by the user like db.write()'s.
    with db.read() as session:
        session.info["actor"] = db.actor
        return sending.send_invoices(session, list(invoice_ids), progress)


# --------------------------------------------------------------------------- corrections
@dataclass(frozen=True)
class LineLeft:
    """An invoice line and what is left of it to credit."""

    id: int
    label: str
    detail: str
    amount: Decimal
    left: Decimal


@dataclass(frozen=True)
class InvoiceDetail:
    id: int
    number: str
    kind: InvoiceKind
    family_name: str
    total: Decimal
    lines: list[LineLeft]

    @property
    def left(self) -> Decimal:
        return sum((line.left for line in self.lines), ZERO)


def invoice_detail(db: OpDb, invoice_id: int) -> InvoiceDetail:
    """An invoice's lines, each with what the credit notes have not credited yet."""
    db.require(Permission.BILLING)
    with db.read() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFoundError("Cette facture n'existe plus.")
        _total_left, left = corrections.remaining(session, invoice)
        name = invoice.family.display_name
        lines = [
            LineLeft(
                line.id,
                line.label,
                line.detail,
                Decimal(line.amount),
                max(left.get(line.id, ZERO), ZERO),
            )
            for line in invoice.lines
        ]
        return InvoiceDetail(
            invoice.id, invoice.number, invoice.kind, name, Decimal(invoice.total), lines
        )


def cancel_op(invoice_id: int, reason: str) -> Callable[[OpDb], str]:
    def op(db: OpDb) -> str:
        staff = db.require(Permission.BILLING)
        with db.write() as session:
            return corrections.cancel_invoice(session, invoice_id, reason, role=staff.role).number

    return op


def reduce_op(
    invoice_id: int, amounts: Mapping[int, Decimal], reason: str
) -> Callable[[OpDb], str]:
    def op(db: OpDb) -> str:
        staff = db.require(Permission.BILLING)
        with db.write() as session:
            return corrections.reduce_invoice(
                session, invoice_id, dict(amounts), reason, role=staff.role
            ).number

    return op
