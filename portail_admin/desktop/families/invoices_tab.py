"""The family record's « Factures » tab (Permission.BILLING): the family's invoices and credit
notes — number, dates, amount, paid or not — its balance, and « Ouvrir le PDF ».

It loads when shown (an op), and again when a change to the family's invoices or payments
arrives (at once if it is on screen, else the next time it is shown); the list is a KeyedModel,
refreshed in place."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.changefeed import Change
from ...core.formatting import french_spacing, money
from ..billing import loads
from ..billing.invoice_list import PdfOpener, invoice_model
from ..billing.loads import FamilyInvoices, InvoiceRow
from ..context import AppContext
from ..keyed_model import list_view
from ..ops import user_message
from ..plaintext import plain_label

TAB_TITLE = "Factures"
WATCHED_TABLES = frozenset({"invoice", "invoice_line", "payment"})


def balance_text(balance: Decimal, unpaid_total: Decimal) -> str:
    """ "Solde : −120,60 € (reste à payer 120,60 €)"; a credit: "Solde : 10,00 € en faveur de la
    famille"."""
    if balance < 0:
        text = f"Solde : {money(balance)} — la famille doit {money(-balance)}"
    elif balance > 0:
        text = f"Solde : {money(balance)} en faveur de la famille"
    else:
        text = f"Solde : {money(balance)} — rien à payer"
    if unpaid_total > 0:
        text += f" ; factures impayées à ce jour : {money(unpaid_total)}"
    return french_spacing(text)


class FamilyInvoicesTab(QWidget):
    loaded = Signal()  # the family's documents arrived (tests wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("invoicesTab")
        self.context = context
        self.family_id: int | None = None
        self.loads_done = 0
        self.last_error = ""
        self.result: FamilyInvoices | None = None
        self._stale = True
        self._seq = 0
        self.pdf = PdfOpener(context, self, self._show_error)

        self.balance_label = plain_label(QLabel(self))
        self.balance_label.setObjectName("familyBalance")
        self.balance_label.setStyleSheet("font-weight: bold;")
        self.balance_label.setWordWrap(True)
        self.model = invoice_model(with_family=False, parent=self)
        self.table = list_view(self.model, "familyInvoiceTable", self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_button())
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("familyInvoiceStatus")
        self.status.setWordWrap(True)
        self.open_button = QPushButton("Ouvrir le PDF", self)
        self.open_button.setObjectName("openFamilyInvoicePdf")
        self.open_button.clicked.connect(self.open_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self._update_button()
        context.changes.changed.connect(self._on_changes)

    def set_family(self, family_id: int | None) -> None:
        if family_id == self.family_id:
            return
        self.family_id = family_id
        self.result = None
        self.model.clear()
        self.balance_label.clear()
        self.status.clear()
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        if self.family_id is None:
            return
        self._stale = False
        self._seq += 1
        seq, family_id = self._seq, self.family_id
        self.context.ops.run(
            lambda db: loads.load_family_invoices(db, family_id),
            on_done=lambda result: self._loaded(seq, result),
            on_error=lambda error: self._failed(seq, error),
            owner=self,
            name="family_invoices",
        )

    def _loaded(self, seq: int, result: FamilyInvoices) -> None:
        if seq != self._seq or result.family_id != self.family_id:
            return
        self.loads_done += 1
        self.last_error = ""
        self.result = result
        self.model.update_rows(result.rows)
        self.table.resizeColumnsToContents()
        self.balance_label.setText(balance_text(result.balance, result.unpaid_total))
        count = len(result.rows)
        self.status.setStyleSheet("")
        self.status.setText(
            "Aucune facture." if not count else f"{count} document{'s' if count > 1 else ''}"
        )
        self._update_button()
        self.loaded.emit()

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self.loads_done += 1
        self._show_error(user_message(error))
        self.loaded.emit()

    def _show_error(self, message: str) -> None:
        self.last_error = french_spacing(message)
        self.status.setText(self.last_error)
        self.status.setStyleSheet("color: #b71c1c;")

    def _on_changes(self, changes: list[Change], _origin: QObject | None) -> None:
        if self.family_id is None:
            return
        if not any(
            c.table_name in WATCHED_TABLES and c.family_id in (None, self.family_id)
            for c in changes
        ):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def selected(self) -> InvoiceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.pdf.open_invoice(self.model.key_at(index.row()))  # type: ignore[arg-type]

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.pdf.open_invoice(row.id)


def add_family_tab(context: AppContext, tabs: object) -> FamilyInvoicesTab:
    tab = FamilyInvoicesTab(context)
    tab.setObjectName("familyInvoicesTab")
    tabs.addTab(tab, TAB_TITLE)  # type: ignore[attr-defined]
    return tab
