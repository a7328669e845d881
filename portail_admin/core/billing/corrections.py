"""Corrections of an issued invoice: a credit note (avoir), never an edit.

CONTRACT (lead): signatures for the desktop and the CLI; the run's helper fills them in.

A credit note takes its number from the same counter as the invoices (the régie's prefix), is
issued and due today, covers the invoice's period and refers to it (`corrects_invoice_id`) and,
line by line, to the lines it corrects (`corrects_line_id`, kind CORRECTION, a negative
amount: quantity −n × the unit price, less the same reduction, for a whole line; −1 × the
amount otherwise). Cancelling frees the invoice's billed days (they may be billed again by the
next run) and unlocks their cells; reducing leaves the days billed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .. import clock, locks
from ..changefeed import record_bulk_change
from ..db import SYSTEM_ACTOR
from ..errors import NotFoundError, ValidationError
from ..formatting import money
from ..models import BilledDay, Invoice, InvoiceLine, PlanningCell
from ..models.base import utcnow
from ..models.enums import ChangeAction, InvoiceKind, LineKind, StaffRole
from ..planning import rules
from ..services.commune import get_settings
from ..services.sequences import take_next
from ..services.staff import Permission, require
from .pricing import CENT, ZERO
from .run import BILLING_RUN, BillingRefused

REASON_MAX = 255


def _invoice(session: Session, invoice_id: int, reason: Any, role: Any) -> tuple[Invoice, str]:
    """The invoice to correct and the cleaned reason, or a French refusal."""
    if role is not None:
        require(role, Permission.BILLING)
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValidationError({"reason": "Indiquez le motif de l'avoir."})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {"reason": f"Le motif est trop long ({REASON_MAX} caractères au plus)."}
        )
    # One correction (or run) at a time: two cancels of the same invoice never both credit it.
    locks.hold(session, BILLING_RUN)
    invoice = session.get(Invoice, invoice_id, populate_existing=True)
    if invoice is None:
        raise NotFoundError("Facture introuvable.")
    if invoice.kind is not InvoiceKind.INVOICE:
        raise BillingRefused(
            f"{invoice.number} est un avoir : seule une facture peut être annulée ou réduite."
        )
    return invoice, text


def credited(session: Session, invoice: Invoice) -> tuple[Decimal, dict[int, Decimal]]:
    """What earlier credit notes took off the invoice: in all (positive), and per line."""
    total = session.scalar(
        select(func.coalesce(func.sum(Invoice.total), 0)).where(
            Invoice.corrects_invoice_id == invoice.id, Invoice.kind == InvoiceKind.CREDIT_NOTE
        )
    )
    per_line = dict(
        session.execute(
            select(InvoiceLine.corrects_line_id, func.sum(InvoiceLine.amount))
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(Invoice.corrects_invoice_id == invoice.id)
            .group_by(InvoiceLine.corrects_line_id)
        )
        .tuples()
        .all()
    )
    return (
        -Decimal(total or 0).quantize(CENT),
        {line: -Decimal(amount).quantize(CENT) for line, amount in per_line.items() if line},
    )


def remaining(session: Session, invoice: Invoice) -> tuple[Decimal, dict[int, Decimal]]:
    """What is left of the invoice after its credit notes: in all, and per line id."""
    total, per_line = credited(session, invoice)
    left = {line.id: line.amount - per_line.get(line.id, ZERO) for line in invoice.lines}
    return invoice.total - total, left


def _credit_note(
    session: Session, invoice: Invoice, reason: str, lines: list[InvoiceLine]
) -> Invoice:
    prefix = get_settings(session).regie_prefix or "AL"
    today = clock.today()
    note = Invoice(
        number=f"{prefix}-{take_next(session, prefix)}",
        kind=InvoiceKind.CREDIT_NOTE,
        family_id=invoice.family_id,
        issued_on=today,
        due_on=today,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        total=sum((line.amount for line in lines), ZERO),
        corrects_invoice_id=invoice.id,
        reason=reason,
        lines=lines,
    )
    session.add(note)
    session.flush()
    return note


def _correction(line: InvoiceLine, amount: Decimal, what: str) -> InvoiceLine:
    """The credit note's line taking `amount` (> 0) off `line`."""
    whole = amount == line.amount
    return InvoiceLine(
        child_id=line.child_id,
        service_id=line.service_id,
        kind=LineKind.CORRECTION,
        label=f"{what} : {line.label}"[:255],
        detail=line.detail if whole else "",
        first_day=line.first_day,
        last_day=line.last_day,
        quantity=-line.quantity if whole else Decimal("-1"),
        unit_price=line.unit_price if whole else amount,
        reduction_pct=line.reduction_pct if whole else ZERO,
        amount=-amount,
        corrects_line_id=line.id,
    )


def cancel_invoice(
    session: Session, invoice_id: int, reason: str, *, role: StaffRole | str | None = None
) -> Invoice:
    """A credit note of the invoice's whole remaining amount, its own number from the same
    counter, one line per corrected line; frees the billed days (they may be billed again) and
    unlocks their cells. Refused in French for a credit note, an invoice already cancelled,
    an empty reason (and, with `role`, without Permission.BILLING)."""
    invoice, reason = _invoice(session, invoice_id, reason, role)
    left_total, left = remaining(session, invoice)
    if left_total <= 0:
        raise BillingRefused(f"La facture {invoice.number} est déjà entièrement annulée.")
    lines = [
        _correction(line, left[line.id], "Annulation")
        for line in invoice.lines
        if left[line.id] > 0
    ]
    note = _credit_note(session, invoice, reason, lines)
    _free_days(session, invoice, note)
    return note


def _free_days(session: Session, invoice: Invoice, note: Invoice) -> None:
    """The invoice's billed days are billed no more; its cells lose their billed lock."""
    session.execute(
        update(BilledDay)
        .where(BilledDay.invoice_id == invoice.id, BilledDay.freed_by_id.is_(None))
        .values(freed_by_id=note.id)
        .execution_options(synchronize_session=False)
    )
    spans = session.execute(
        select(
            InvoiceLine.service_id,
            InvoiceLine.child_id,
            func.min(InvoiceLine.first_day),
            func.max(InvoiceLine.last_day),
        )
        .where(InvoiceLine.invoice_id == invoice.id, InvoiceLine.service_id.is_not(None))
        .group_by(InvoiceLine.service_id, InvoiceLine.child_id)
    ).all()
    table = PlanningCell.__table__
    actor = session.info.get("actor", SYSTEM_ACTOR)
    now = utcnow()
    lock = rules.billed_lock(invoice.number)
    by_service: dict[int, list[Any]] = {}
    for service_id, child_id, first, last in spans:
        first = first or invoice.period_start
        last = last or invoice.period_end
        result = session.execute(
            update(table)
            .where(
                table.c.service_id == service_id,
                table.c.child_id == child_id,
                table.c.day.between(first, last),
                table.c.locked_reason == lock,
            )
            .values(
                locked_reason=None,
                version=table.c.version + 1,
                updated_at=now,
                updated_by=actor,
            )
        )
        by_service.setdefault(service_id, []).append((child_id, first, last, result.rowcount))
    for service_id, rows in sorted(by_service.items()):
        count = sum(max(r[3], 0) for r in rows)
        if not count:
            continue
        children = {r[0] for r in rows}
        record_bulk_change(
            session,
            "planning_cell",
            ChangeAction.UPDATE,
            count=count,
            family_id=invoice.family_id,
            child_id=next(iter(children)) if len(children) == 1 else None,
            service_id=service_id,
            day_from=min(r[1] for r in rows),
            day_to=max(r[2] for r in rows),
        )
    session.expire_all()  # ORM objects of these cells are stale now


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        value = value.replace("€", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def reduce_invoice(
    session: Session,
    invoice_id: int,
    amounts: Mapping[int, Decimal],
    reason: str,
    *,
    role: StaffRole | str | None = None,
) -> Invoice:
    """A credit note of `amounts` (invoice line id → amount credited, > 0, at most what is left
    of the line); the days stay billed. Refused in French on a bad amount."""
    invoice, reason = _invoice(session, invoice_id, reason, role)
    if not amounts:
        raise ValidationError({"amounts": "Indiquez le montant à déduire d'au moins une ligne."})
    left_total, left = remaining(session, invoice)
    if left_total <= 0:
        raise BillingRefused(f"La facture {invoice.number} est déjà entièrement annulée.")
    by_id = {line.id: line for line in invoice.lines}
    errors: dict[str, str] = {}
    taken: dict[int, Decimal] = {}
    for line_id, raw in amounts.items():
        line = by_id.get(line_id)
        if line is None:
            errors[f"line.{line_id}"] = f"Cette ligne n'est pas sur la facture {invoice.number}."
            continue
        amount = _amount(raw)
        if amount is None:
            errors[f"line.{line_id}"] = "Montant invalide : écrivez-le en euros, par ex. 4,15."
        elif amount <= 0:
            errors[f"line.{line_id}"] = "Le montant à déduire doit être positif."
        elif amount != amount.quantize(CENT):
            errors[f"line.{line_id}"] = "Le montant ne peut avoir plus de deux décimales."
        elif amount > left[line_id]:
            errors[f"line.{line_id}"] = (
                f"Au plus {money(left[line_id])} peuvent encore être déduits de cette ligne."
            )
        else:
            taken[line_id] = amount.quantize(CENT)
    if errors:
        raise ValidationError(errors)
    lines = [
        _correction(line, taken[line.id], "Réduction") for line in invoice.lines if line.id in taken
    ]
    return _credit_note(session, invoice, reason, lines)


def invoice_by_number(session: Session, number: str) -> Invoice:
    """The invoice or credit note numbered `number` (spaces and case ignored), or NotFoundError."""
    wanted = (number or "").strip().upper()
    invoice = session.scalar(select(Invoice).where(func.upper(Invoice.number) == wanted))
    if invoice is None:
        raise NotFoundError(f"Aucune facture ne porte le numéro « {number.strip()} ».")
    return invoice
