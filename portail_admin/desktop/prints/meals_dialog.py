"""« Comptage des repas… »: the week or the month of a chosen day, the canteens counted (every
one by default), a PDF to preview and print or a CSV for a spreadsheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.formatting import long_date, month_title
from ..context import AppContext
from ..plaintext import plain_label
from .choices import PrintChoices
from .documents import MONTH, WEEK, MealsRequest, meal_period
from .fields import ParameterDialog, french_date_edit


def radio_row(parent: QWidget, *texts: str) -> tuple[QWidget, list[QRadioButton]]:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(row)
    buttons = []
    for text in texts:
        button = QRadioButton(text, row)
        group.addButton(button)
        layout.addWidget(button)
        buttons.append(button)
    layout.addStretch(1)
    buttons[0].setChecked(True)
    return row, buttons


class MealCountsDialog(ParameterDialog):
    def __init__(
        self, context: AppContext, parent: QWidget | None = None, day: dt.date | None = None
    ):
        super().__init__(context, "Comptage des repas", parent)
        self.setObjectName("mealCountsDialog")
        self.day_edit = french_date_edit(day or clock.today(), self)
        self.day_edit.setObjectName("printDay")
        self.add_field("day", "Jour :", self.day_edit)
        span_row, (self.week_radio, self.month_radio) = radio_row(self, "La semaine", "Le mois")
        self.week_radio.setObjectName("printWeek")
        self.month_radio.setObjectName("printWholeMonth")
        self.period_label = plain_label(QLabel(self))
        self.period_label.setObjectName("printPeriod")
        span = QWidget(self)
        span_layout = QVBoxLayout(span)
        span_layout.setContentsMargins(0, 0, 0, 0)
        span_layout.addWidget(span_row)
        span_layout.addWidget(self.period_label)
        self.add_field("span", "Période :", span)
        self.canteen_list = QListWidget(self)
        self.canteen_list.setObjectName("printCanteens")
        self.canteen_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_field("services", "Cantines :", self.canteen_list)
        format_row, (self.pdf_radio, self.csv_radio) = radio_row(
            self, "PDF (aperçu, impression)", "CSV (tableur)"
        )
        self.pdf_radio.setObjectName("printPdf")
        self.csv_radio.setObjectName("printCsv")
        self.add_field("format", "Format :", format_row)
        self.day_edit.dateChanged.connect(self._show_period)
        self.week_radio.toggled.connect(self._show_period)
        self._show_period()

    @property
    def span(self) -> str:
        return WEEK if self.week_radio.isChecked() else MONTH

    def period(self) -> tuple[dt.date, dt.date]:
        return meal_period(self.day_edit.date().toPython(), self.span)

    def _show_period(self, *_: Any) -> None:
        first, last = self.period()
        if self.span == MONTH:
            text = month_title(first)
        else:
            text = f"Du {long_date(first).lower()} au {long_date(last).lower()}"
        self.period_label.setText(text)

    def fill(self, choices: PrintChoices) -> str:
        canteens = choices.canteens
        if not canteens:
            return (
                "Aucune cantine : le comptage des repas porte sur les prestations "
                "à l'unité « Repas »."
            )
        self.canteen_list.clear()
        for service in canteens:
            item = QListWidgetItem(f"{service.structure_name} — {service.label}")
            item.setData(Qt.ItemDataRole.UserRole, service.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if service.active else Qt.CheckState.Unchecked
            )
            self.canteen_list.addItem(item)
        rows = min(len(canteens), 6)
        frame = 2 * self.canteen_list.frameWidth()
        self.canteen_list.setFixedHeight(rows * self.canteen_list.sizeHintForRow(0) + frame + 4)
        return ""

    def checked_services(self) -> tuple[int, ...]:
        items = (self.canteen_list.item(row) for row in range(self.canteen_list.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def make_request(self) -> tuple[Any, dict[str, str]]:
        services = self.checked_services()
        if not services:
            return None, {"services": "Cochez au moins une cantine."}
        first, last = self.period()
        request = MealsRequest(first, last, self.span, services, self.csv_radio.isChecked())
        return request, {}
