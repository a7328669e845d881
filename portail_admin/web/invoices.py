"""Factures: the family's invoices and credit notes, each downloadable as its PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, render_template, send_file
from flask_login import login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from ..core import clock
from ..core.models import Invoice
from ..core.models.enums import InvoiceKind
from ..core.reports.invoice_pdf import invoice_pdf
from ..core.services import statement
from . import helpers

bp = Blueprint("invoices", __name__)

_corrected = aliased(Invoice)
# Built once (a statement built afresh costs more than the database's answer).
_DOCUMENTS = (
    select(
        Invoice.id,
        Invoice.number,
        Invoice.kind,
        Invoice.issued_on,
        Invoice.due_on,
        Invoice.total,
        _corrected.number.label("corrects_number"),
    )
    .outerjoin(_corrected, _corrected.id == Invoice.corrects_invoice_id)
    .where(Invoice.family_id == bindparam("family_id"))
    .order_by(Invoice.issued_on.desc(), Invoice.id.desc())
)
_OWN = select(Invoice.number, Invoice.kind).where(
    Invoice.id == bindparam("invoice_id"), Invoice.family_id == bindparam("family_id")
)


@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    credit_note: bool
    issued_on: Any
    due_on: Any
    total: Decimal
    corrects_number: str
    remaining: Decimal | None  # an invoice still (partly) to pay; None: settled or credit note

    @property
    def kind_label(self) -> str:
        return "Avoir" if self.credit_note else "Facture"


@bp.get("/factures")
@login_required
def invoice_list() -> Any:
    s = helpers.db_session()
    family_id = helpers.family_id()
    today = clock.today()
    summary = statement.account_summary(s, family_id, today)
    remaining = {u.invoice.id: u.remaining for u in summary.unpaid}
    rows = [
        DocumentRow(
            id=row.id,
            number=row.number,
            credit_note=row.kind is InvoiceKind.CREDIT_NOTE,
            issued_on=row.issued_on,
            due_on=row.due_on,
            total=row.total,
            corrects_number=row.corrects_number or "",
            remaining=remaining.get(row.id),
        )
        for row in s.connection().execute(_DOCUMENTS, {"family_id": family_id})
    ]
    return render_template(
        "invoices.html",
        rows=rows,
        today=today,
        balance=summary.balance,
        unpaid_total=summary.unpaid_total,
    )


@bp.get("/factures/<id:invoice_id>.pdf")
@login_required
def invoice_download(invoice_id: int) -> Any:
    s = helpers.db_session()
    # Scoped first: another family's invoice is no invoice at all (404, nothing drawn).
    own = (
        s.connection()
        .execute(_OWN, {"invoice_id": invoice_id, "family_id": helpers.family_id()})
        .first()
    )
    if own is None:
        abort(404)
    kind = "Avoir" if own.kind is InvoiceKind.CREDIT_NOTE else "Facture"
    return send_file(
        io.BytesIO(invoice_pdf(s, invoice_id)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{kind}-{own.number}.pdf",
    )
