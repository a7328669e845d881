"""« Annuler (avoir) » and « Réduire (avoir) »: an issued invoice is never edited, a credit note
corrects it (core.billing.corrections).

The dialog reads the invoice's lines (an op), asks for the reason (required) and, for a
reduction, an amount per line to credit. Each amount is checked here as typed — at most two
decimals, more than zero, at most what is left of the line — with the French message beside
its field; nothing typed is ever cleared, and a refusal of the core is shown in the dialog,
which stays open.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core import validation
from ...core.errors import ValidationError
from ...core.formatting import french_spacing, money
from ..context import AppContext
from ..ops import user_message
from ..plaintext import plain_label
from . import loads
from .loads import InvoiceDetail, InvoiceRow

ERROR_STYLE = "color: #b71c1c;"
CANCEL, REDUCE = "cancel", "reduce"
_AMOUNT = validation.decimal(places=2)


def check_amount(text: str, left: Decimal) -> tuple[Decimal | None, str]:
    """(the amount to credit or None when the field is blank, the French error or "")."""
    try:
        amount = _AMOUNT(text)
    except validation.FieldError as exc:
        return None, str(exc)
    if amount is None:
        return None, ""
    if amount <= 0:
        return None, "Le montant doit être supérieur à zéro."
    if amount > left:
        return None, french_spacing(f"Au plus {money(left)} (ce qui reste de la ligne).")
    return amount, ""


class CorrectionDialog(QDialog):
    issued = Signal(str)  # the credit note's number
    detail_loaded = Signal()  # tests wait on it

    def __init__(
        self, context: AppContext, row: InvoiceRow, mode: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.context = context
        self.row = row
        self.mode = mode
        self.detail: InvoiceDetail | None = None
        self.amount_edits: dict[int, QLineEdit] = {}
        self.amount_errors: dict[int, QLabel] = {}
        self.saving = False
        self.credit_number = ""
        what = "Annuler" if mode == CANCEL else "Réduire"
        self.setWindowTitle(f"{what} la facture {row.number}")

        self.heading = plain_label(QLabel(self))
        self.heading.setWordWrap(True)
        self.heading.setText(
            french_spacing(
                f"Facture {row.number} — {row.family_name} — {money(row.total)}\n"
                + (
                    "Un avoir du montant restant de la facture sera émis, avec son propre "
                    "numéro ; les jours facturés pourront être facturés à nouveau."
                    if mode == CANCEL
                    else "Un avoir des montants saisis sera émis, avec son propre numéro ; "
                    "les jours restent facturés."
                )
            )
        )
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("correctionReason")
        self.reason_edit.setMaxLength(255)
        self.reason_edit.setPlaceholderText(french_spacing("Obligatoire : imprimé sur l'avoir"))
        self.reason_error = plain_label(QLabel(self))
        self.reason_error.setObjectName("reasonError")
        self.reason_error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(plain_label(QLabel(french_spacing("Motif :"), self)), self.reason_edit)
        form.addRow("", self.reason_error)

        self.lines_box = QWidget(self)
        self.lines_grid = QGridLayout(self.lines_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lines_box)
        scroll.setVisible(mode == REDUCE)
        self.lines_scroll = scroll

        self.error_label = plain_label(QLabel(self))
        self.error_label.setObjectName("correctionError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(
            "Émettre l'avoir d'annulation" if mode == CANCEL else "Émettre l'avoir", self
        )
        self.ok_button.setObjectName("correctionOk")
        self.ok_button.setEnabled(False)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        close.setText("Fermer")
        self.ok_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(720, 460 if mode == REDUCE else 220)
        self._load()

    # the invoice's lines -----------------------------------------------------------------------
    def _load(self) -> None:
        invoice_id = self.row.id
        self.context.ops.run(
            lambda db: loads.invoice_detail(db, invoice_id),
            on_done=self._loaded,
            on_error=self._load_failed,
            owner=self,
            name="invoice_detail",
        )

    def _loaded(self, detail: InvoiceDetail) -> None:
        self.detail = detail
        grid = self.lines_grid
        for column, title in enumerate(("Ligne", "Montant", "Reste", "À créditer", "")):
            header = plain_label(QLabel(title, self.lines_box))
            header.setStyleSheet("font-weight: bold;")
            grid.addWidget(header, 0, column)
        for position, line in enumerate(detail.lines, start=1):
            label = plain_label(QLabel(line.label, self.lines_box))
            label.setToolTip(line.detail)
            label.setWordWrap(True)
            grid.addWidget(label, position, 0)
            grid.addWidget(plain_label(QLabel(money(line.amount), self.lines_box)), position, 1)
            grid.addWidget(plain_label(QLabel(money(line.left), self.lines_box)), position, 2)
            edit = QLineEdit(self.lines_box)
            edit.setObjectName(f"creditAmount_{line.id}")
            edit.setMaximumWidth(110)
            edit.setEnabled(line.left > 0)
            edit.setPlaceholderText("0,00")
            edit.textEdited.connect(lambda _t, line_id=line.id: self._check_line(line_id))
            error = plain_label(QLabel(self.lines_box))
            error.setObjectName(f"creditError_{line.id}")
            error.setStyleSheet(ERROR_STYLE)
            grid.addWidget(edit, position, 3)
            grid.addWidget(error, position, 4)
            self.amount_edits[line.id] = edit
            self.amount_errors[line.id] = error
        grid.setRowStretch(len(detail.lines) + 1, 1)
        grid.setColumnStretch(0, 1)
        if detail.left <= 0:
            self.error_label.setText("Cette facture est déjà entièrement créditée.")
        self.ok_button.setEnabled(detail.left > 0)
        self.detail_loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.error_label.setText(french_spacing(user_message(error)))
        self.detail_loaded.emit()

    # checking ----------------------------------------------------------------------------------
    def _line(self, line_id: int) -> loads.LineLeft:
        assert self.detail is not None
        return next(line for line in self.detail.lines if line.id == line_id)

    def _check_line(self, line_id: int) -> Decimal | None:
        amount, error = check_amount(self.amount_edits[line_id].text(), self._line(line_id).left)
        self.amount_errors[line_id].setText(error)
        return amount

    def amounts(self) -> tuple[dict[int, Decimal], bool]:
        """The amounts typed (line id → amount) and whether every field is valid."""
        amounts: dict[int, Decimal] = {}
        valid = True
        for line_id in self.amount_edits:
            amount = self._check_line(line_id)
            if self.amount_errors[line_id].text():
                valid = False
            elif amount is not None:
                amounts[line_id] = amount
        return amounts, valid

    def submit(self) -> None:
        if self.detail is None or self.saving:
            return
        reason = self.reason_edit.text().strip()
        valid = True
        self.error_label.clear()
        if not reason:
            self.reason_error.setText("Indiquez le motif de l'avoir.")
            valid = False
        else:
            self.reason_error.clear()
        amounts: dict[int, Decimal] = {}
        if self.mode == REDUCE:
            amounts, fields_valid = self.amounts()
            valid = valid and fields_valid
            if fields_valid and not amounts:
                self.error_label.setText("Indiquez le montant à créditer d'au moins une ligne.")
                valid = False
        if not valid:
            return
        invoice_id = self.row.id
        op = (
            loads.cancel_op(invoice_id, reason)
            if self.mode == CANCEL
            else loads.reduce_op(invoice_id, amounts, reason)
        )
        self.saving = True
        self.ok_button.setEnabled(False)
        self.context.ops.run(
            op, on_done=self._done, on_error=self._refused, owner=self, name="correct_invoice"
        )

    def _done(self, number: str) -> None:
        self.saving = False
        self.credit_number = number
        self.issued.emit(number)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        """Shown in the dialog, which stays open with everything typed."""
        self.saving = False
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            placed = False
            for key, message in error.errors.items():
                target = None
                line = key.removeprefix("line.")
                if key == "reason":
                    target = self.reason_error
                elif key == "amounts":
                    target = self.error_label
                elif line.isdigit() and int(line) in self.amount_errors:
                    target = self.amount_errors[int(line)]  # "line.<id>": beside its field
                if target is not None:
                    target.setText(french_spacing(message))
                    placed = True
            if placed:
                return
        self.error_label.setText(french_spacing(user_message(error)))
