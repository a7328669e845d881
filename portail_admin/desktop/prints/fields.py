"""What the three parameter dialogs share: the choices read in the background, a form whose
fields show their error underneath, « Préparer le document » / « Annuler », and the French
month and day pickers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.formatting import LOCALE, french_spacing
from ..context import AppContext
from ..fieldforms import set_error_state
from ..ops import user_message
from ..plaintext import plain_label
from ..service_items import ServiceItem, fill_grouped
from .choices import PrintChoices, ServiceOption, load_choices

ERROR_STYLE = "color: #b00020;"
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
MONTH_NAMES = [format_date(dt.date(2000, m, 1), "LLLL", locale=LOCALE).capitalize()
               for m in range(1, 13)]


class ParameterDialog(QDialog):
    """A dialog asking what to print; `requested(request)` once the fields are valid."""

    requested = Signal(object)  # documents.Request
    loaded = Signal()  # the choices arrived (tests wait on it)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.choices: PrintChoices | None = None
        self.request: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, tuple[QWidget, QLabel]] = {}
        self.status = plain_label(QLabel("Chargement des prestations…", self))
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            "Préparer le document", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("printPrepare")
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # ---------------------------------------------------------------- fields
    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """A row of the form, with its error label underneath (hidden until needed)."""
        error = plain_label(QLabel(self))
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column = QWidget(self)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(plain_label(QLabel(french_spacing(label), self)), column)
        self.errors[name] = (widget, error)
        return widget

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, (widget, label) in self.errors.items():
            message = french_spacing(errors.get(name, ""))
            set_error_state(widget, bool(message), message)
            label.setText(message)
            label.setVisible(bool(message))

    def error_text(self, name: str) -> str:
        label = self.errors[name][1]
        return label.text() if not label.isHidden() else ""

    # ---------------------------------------------------------------- choices
    def start(self) -> None:
        """Read the services, then fill the fields (`fill`)."""
        self.context.ops.run(
            load_choices,
            on_done=self._choices_loaded,
            on_error=self._choices_failed,
            owner=self,
            name="print_choices",
        )

    def _choices_loaded(self, choices: PrintChoices) -> None:
        self.choices = choices
        self.status.clear()
        problem = self.fill(choices)
        if problem:
            self.status.setText(french_spacing(problem))
        self.ok_button.setEnabled(not problem)
        for _widget, error in self.errors.values():
            error.parentWidget().layout().activate()  # the fields' new sizes, then the dialog's
        self.layout().activate()
        self.adjustSize()
        self.loaded.emit()

    def _choices_failed(self, error: BaseException) -> None:
        self.status.setText(user_message(error))
        self.loaded.emit()

    def fill(self, choices: PrintChoices) -> str:
        """Fill the fields; a French reason why nothing can be printed, or ""."""
        raise NotImplementedError

    # ---------------------------------------------------------------- accept
    def make_request(self) -> tuple[Any, dict[str, str]]:
        """The request the fields describe, or the errors by field name."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.choices is None:
            return
        request, errors = self.make_request()
        self.show_errors(errors)
        if errors:
            return
        self.request = request
        super().accept()
        self.requested.emit(request)


def fill_service_combo(
    combo: QComboBox, services: list[ServiceOption], selected: int | None
) -> None:
    """The services under their structure's heading (not selectable), as on the Planning
    page; `selected` chosen, else the first active service."""
    model = QStandardItemModel(combo)
    fill_grouped(model, (ServiceItem(s.id, s.structure_name, s.label) for s in services))
    combo.setModel(model)
    known = {s.id for s in services}
    if selected not in known:
        selected = next((s.id for s in services if s.active), services[0].id if services else None)
    combo.setCurrentIndex(combo.findData(selected, Qt.ItemDataRole.UserRole))


class MonthPicker(QWidget):
    """A month: its French name and the year."""

    def __init__(self, month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("printMonth")
        self.month_combo.addItems(MONTH_NAMES)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("printYear")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.month_combo, 1)
        layout.addWidget(self.year_spin)
        self.set_month(month)

    def set_month(self, month: dt.date) -> None:
        self.month_combo.setCurrentIndex(month.month - 1)
        self.year_spin.setValue(month.year)

    def month(self) -> dt.date:
        return dt.date(self.year_spin.value(), self.month_combo.currentIndex() + 1, 1)


def french_date_edit(day: dt.date, parent: QWidget | None = None) -> QDateEdit:
    """« mardi 1 décembre 2026 », with the calendar to pick from."""
    edit = QDateEdit(parent)
    edit.setLocale(FRENCH)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dddd d MMMM yyyy")
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.calendarWidget().setLocale(FRENCH)
    return edit
