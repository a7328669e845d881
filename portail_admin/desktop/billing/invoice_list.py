"""How an invoice or credit note reads in a list (the « Factures » tab of the area and of the
family record): the columns of `desktop.keyed_model`, and opening a document's PDF in the
preview (an op; the preview of desktop/prints)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from ...core.formatting import french_spacing, money, short_date
from ..context import AppContext
from ..keyed_model import Column, KeyedModel
from ..ops import user_message
from ..prints.documents import Document
from ..prints.preview import DocumentPreview
from . import loads
from .loads import InvoiceRow

UNPAID_COLOR = QColor("#b71c1c")
CREDIT_COLOR = QColor("#1b5e20")


def period_text(row: InvoiceRow) -> str:
    return f"{short_date(row.period_start)} – {short_date(row.period_end)}"


def kind_text(row: InvoiceRow) -> str:
    if row.is_credit_note:
        return f"Avoir (facture {row.corrects_number})" if row.corrects_number else "Avoir"
    return "Facture"


def settled_text(row: InvoiceRow) -> str:
    """Payée, Impayée, En partie (what is left is in its own column); a credit note: —."""
    if row.remaining is None:
        return "—"
    if row.remaining <= 0:
        return "Payée"
    if row.remaining < row.total:
        return "En partie"
    return "Impayée"


def remaining_text(row: InvoiceRow) -> str:
    return "" if row.remaining is None else money(row.remaining)


def _tip(row: InvoiceRow) -> str:
    text = f"{kind_text(row)} {row.number} — {row.family_name} (N° famille {row.family_number})"
    if row.remaining is not None and row.remaining > 0:
        text += f"\nReste à payer : {money(row.remaining)}"
    return french_spacing(text)


def _foreground(row: InvoiceRow) -> QColor | None:
    if row.is_credit_note:
        return CREDIT_COLOR
    return UNPAID_COLOR if row.unpaid and row.remaining == row.total else None


def invoice_model(
    with_family: bool = True, parent: QWidget | None = None
) -> KeyedModel[InvoiceRow]:
    columns: list[Column[InvoiceRow]] = [Column("N°", lambda r: r.number, _tip)]
    if with_family:
        columns += [
            Column("Famille", lambda r: r.family_name or r.family_number, _tip),
            Column("N° famille", lambda r: r.family_number),
        ]
    columns += [
        Column("Émise le", lambda r: short_date(r.issued_on)),
        Column("Échéance", lambda r: short_date(r.due_on)),
        Column("Période", period_text),
        Column("Montant", lambda r: money(r.total), align_right=True),
        Column("Réglée", settled_text),
        Column("Reste dû", remaining_text, align_right=True),
        Column("Type", kind_text),
    ]
    return KeyedModel(
        columns,
        sort_key=lambda r: (-r.issued_on.toordinal(), -r.id),
        foreground=_foreground,
        parent=parent,
    )


def total_of(rows: list[InvoiceRow]) -> Decimal:
    return sum((r.total for r in rows), Decimal("0.00"))


class PdfOpener:
    """Opens a document's PDF in the preview, off the UI thread; the preview is kept in
    `preview` (tests look at it), an error goes to `on_error` in French."""

    def __init__(self, context: AppContext, widget: QWidget, on_error=None):
        self.context = context
        self.widget = widget
        self.preview: DocumentPreview | None = None
        self.opened = 0
        self.last_error = ""
        self._on_error = on_error

    def open_invoice(self, invoice_id: int) -> None:
        self.context.ops.run(
            lambda db: loads.invoice_document(db, invoice_id),
            on_done=self.show,
            on_error=self._failed,
            owner=self.widget,
            name="invoice_pdf",
        )

    def show(self, document: Document) -> DocumentPreview:
        preview = DocumentPreview(document, self.context.ops, self.widget)
        self.preview = preview
        self.opened += 1
        self.last_error = ""
        preview.show()
        return preview

    def _failed(self, error: BaseException) -> None:
        self.last_error = user_message(error)
        if self._on_error is not None:
            self._on_error(self.last_error)
        else:
            self.context.ops.failed.emit(self.last_error)
