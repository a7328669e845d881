"""The « Factures » tab of the Facturation area: every invoice and credit note, newest first,
with what is left to pay; a search (number, family name or number) and filters (month, unpaid
only, credit notes only); the PDF of one (double-click or « Ouvrir le PDF »); « Annuler (avoir) »
and « Réduire (avoir) », which issue a credit note (core.billing.corrections).

The whole list is read once (an op), then filtered here as the user types: the KeyedModel is
given the filtered rows and diffs them (never a reset, the selection stays). A change to
invoices or payments — from this window's ops or from another PC through the change feed —
reads again only the families it names (or everything for a bulk change) and diffs again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.changefeed import Change
from ...core.formatting import french_spacing, money, month_title
from ...core.search import normalise
from ..context import AppContext
from ..keyed_model import list_view
from ..ops import user_message
from ..plaintext import plain_label
from . import loads
from .correction_dialog import CorrectionDialog
from .invoice_list import PdfOpener, invoice_model, total_of
from .loads import InvoiceRow

# What may change a row of the list: the documents, their payments, a family's name.
WATCHED_TABLES = frozenset({"invoice", "invoice_line", "payment", "guardian", "family"})
SEARCH_DELAY_MS = 200
REFRESH_DELAY_MS = 150
# A filter that changes more rows than this shows its rows anew rather than as a diff.
BIG_CHANGE = 100


class InvoicesTab(QWidget):
    loaded = Signal()  # the list (or part of it) was read again and shown (tests wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("invoicesTab")
        self.context = context
        self.all_rows: dict[int, InvoiceRow] = {}
        self.loads_done = 0
        self.last_error = ""
        self.last_message = ""
        self.dialog: CorrectionDialog | None = None
        self._stale = True
        self._seq = 0
        self._pending_families: set[int] | None = set()  # None: read everything again
        self.pdf = PdfOpener(context, self, self._show_error)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh_pending)
        context.changes.changed.connect(self._on_changes)

    # building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        bar = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("invoiceSearch")
        self.search_edit.setPlaceholderText(
            french_spacing("Rechercher : numéro, famille, N° famille")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_filters)
        self.month_box = QComboBox(self)
        self.month_box.setObjectName("invoiceMonth")
        self.month_box.setToolTip("Le mois facturé")
        self.month_box.addItem("Tous les mois", None)
        self.month_box.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.unpaid_box = QCheckBox("Impayées seulement", self)
        self.unpaid_box.setObjectName("unpaidOnly")
        self.unpaid_box.toggled.connect(lambda _on: self.apply_filters())
        self.credit_box = QCheckBox("Avoirs seulement", self)
        self.credit_box.setObjectName("creditNotesOnly")
        self.credit_box.toggled.connect(lambda _on: self.apply_filters())
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(plain_label(QLabel(french_spacing("Mois :"), self)))
        bar.addWidget(self.month_box)
        bar.addWidget(self.unpaid_box)
        bar.addWidget(self.credit_box)

        self.count_label = plain_label(QLabel(self))
        self.count_label.setObjectName("invoiceCount")

        self.model = invoice_model(with_family=True, parent=self)
        self.table = list_view(self.model, "invoiceTable", self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(200)  # the first rows are enough to size a column
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.status_label = plain_label(QLabel(self))
        self.status_label.setObjectName("invoiceStatus")
        self.status_label.setWordWrap(True)
        self.open_button = QPushButton("Ouvrir le PDF", self)
        self.open_button.setObjectName("openInvoicePdf")
        self.open_button.clicked.connect(self.open_selected)
        self.cancel_button = QPushButton("Annuler (avoir)…", self)
        self.cancel_button.setObjectName("cancelInvoice")
        self.cancel_button.setToolTip(
            "Émettre un avoir du montant restant de la facture : ses jours pourront être "
            "facturés à nouveau"
        )
        self.cancel_button.clicked.connect(lambda: self.correct_selected("cancel"))
        self.reduce_button = QPushButton("Réduire (avoir)…", self)
        self.reduce_button.setObjectName("reduceInvoice")
        self.reduce_button.setToolTip("Émettre un avoir d'une partie de certaines lignes")
        self.reduce_button.clicked.connect(lambda: self.correct_selected("reduce"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.reduce_button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # loading -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the whole list again (shown as a diff)."""
        self._stale = False
        self._pending_families = set()
        self._seq += 1
        seq = self._seq
        self.context.ops.run(
            lambda db: loads.load_invoices(db),
            on_done=lambda rows: self._loaded(seq, rows, None),
            on_error=lambda error: self._failed(seq, error),
            owner=self,
            name="load_invoices",
        )

    def reload_families(self, family_ids: Iterable[int]) -> None:
        """Read again only the documents of these families."""
        ids = set(family_ids)
        if not ids:
            return
        self._seq += 1
        seq = self._seq
        self.context.ops.run(
            lambda db: loads.load_invoices(db, ids),
            on_done=lambda rows: self._loaded(seq, rows, ids),
            on_error=lambda error: self._failed(seq, error),
            owner=self,
            name="load_family_invoices",
        )

    def _loaded(self, seq: int, rows: list[InvoiceRow], families: set[int] | None) -> None:
        if families is None:
            if seq != self._seq:
                return  # a newer full read is coming
            self.all_rows = {row.id: row for row in rows}
        else:
            for key in [k for k, r in self.all_rows.items() if r.family_id in families]:
                del self.all_rows[key]
            self.all_rows.update((row.id, row) for row in rows)
        self.loads_done += 1
        self.last_error = ""
        self._fill_months()
        self.apply_filters()
        if families is None:
            self.table.resizeColumnsToContents()
        self.loaded.emit()

    def _failed(self, seq: int, error: BaseException) -> None:
        self.loads_done += 1
        self._show_error(user_message(error))
        self.loaded.emit()

    def _show_error(self, message: str) -> None:
        self.last_error = french_spacing(message)
        self.status_label.setText(self.last_error)
        self.status_label.setStyleSheet("color: #b71c1c;")

    def _say(self, message: str) -> None:
        self.last_message = french_spacing(message)
        self.status_label.setText(self.last_message)
        self.status_label.setStyleSheet("")

    def _fill_months(self) -> None:
        months = sorted({row.month for row in self.all_rows.values()}, reverse=True)
        have = [self.month_box.itemData(i) for i in range(1, self.month_box.count())]
        if have == months:
            return
        chosen = self.month_box.currentData()
        self.month_box.blockSignals(True)
        while self.month_box.count() > 1:
            self.month_box.removeItem(1)
        for month in months:
            self.month_box.addItem(month_title(month), month)
        index = self.month_box.findData(chosen) if chosen is not None else 0
        self.month_box.setCurrentIndex(max(index, 0))
        self.month_box.blockSignals(False)

    # filtering ---------------------------------------------------------------------------------
    def set_month(self, month: dt.date | None) -> None:
        index = self.month_box.findData(month.replace(day=1)) if month is not None else 0
        self.month_box.setCurrentIndex(max(index, 0))

    def filtered(self) -> list[InvoiceRow]:
        words = normalise(self.search_edit.text()).split()
        month = self.month_box.currentData()
        unpaid = self.unpaid_box.isChecked()
        credit = self.credit_box.isChecked()
        rows = []
        for row in self.all_rows.values():
            if month is not None and row.month != month:
                continue
            if unpaid and not row.unpaid:
                continue
            if credit and not row.is_credit_note:
                continue
            if words:
                text = row.search_text
                if not all(word in text for word in words):
                    continue
            rows.append(row)
        return rows

    def apply_filters(self) -> None:
        self._search_timer.stop()
        rows = self.filtered()
        wanted = {row.id for row in rows}
        if len(wanted.symmetric_difference(self.model.keys())) > BIG_CHANGE:
            # Another filter: most rows come or go, scattered through the list, which the
            # diff would do run by run. All go at once, then all come at once (still no
            # reset), and the selected document stays selected if it is still listed.
            selected = self.selected()
            self.model.clear()
            self.model.update_rows(rows)
            if selected is not None:
                self.select(selected.id)
        else:
            self.model.update_rows(rows)
        if not rows:
            text = "Aucune facture." if not self.all_rows else "Aucune facture ne correspond."
        else:
            documents = f"{len(rows)} document{'s' if len(rows) > 1 else ''}"
            text = f"{documents}, total {money(total_of(rows))}"
            if self.unpaid_box.isChecked():
                left = sum((r.remaining or 0 for r in rows), 0)
                text += f", reste à payer {money(left)}"
        self.count_label.setText(french_spacing(text))
        self._update_buttons()

    # changes -----------------------------------------------------------------------------------
    def _on_changes(self, changes: list[Change], _origin: QObject | None) -> None:
        relevant = [c for c in changes if c.table_name in WATCHED_TABLES]
        if not relevant:
            return
        if not self.isVisible():
            self._stale = True
            return
        for change in relevant:
            if change.family_id is None or change.bulk:
                self._pending_families = None
            elif self._pending_families is not None:
                self._pending_families.add(change.family_id)
        self._refresh_timer.start()

    def _refresh_pending(self) -> None:
        pending, self._pending_families = self._pending_families, set()
        if pending is None:
            self.reload()
        else:
            self.reload_families(pending)

    # the selected document ---------------------------------------------------------------------
    def selected(self) -> InvoiceRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select(self, invoice_id: int) -> bool:
        row = self.model.row_of(invoice_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        correctable = row is not None and not row.is_credit_note
        self.cancel_button.setEnabled(correctable)
        self.reduce_button.setEnabled(correctable)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.pdf.open_invoice(self.model.key_at(index.row()))  # type: ignore[arg-type]

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.pdf.open_invoice(row.id)

    def correct_selected(self, mode: str) -> CorrectionDialog | None:
        row = self.selected()
        if row is None or row.is_credit_note:
            return None
        dialog = CorrectionDialog(self.context, row, mode, self)
        dialog.issued.connect(lambda number, r=row: self._corrected(r, number))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _corrected(self, row: InvoiceRow, number: str) -> None:
        self._say(f"Avoir {number} émis pour la facture {row.number}.")
        self.reload_families([row.family_id])
