"""« Feuille de présence du mois… »: a service, a month, and whether to group the children by
school and class (one page per class)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from ...core import clock
from ...core.planning.month import month_start
from ..context import AppContext
from .choices import PrintChoices
from .documents import AttendanceRequest
from .fields import MonthPicker, ParameterDialog, fill_service_combo


class AttendanceDialog(ParameterDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        service_id: int | None = None,
        month: dt.date | None = None,
    ):
        super().__init__(context, "Feuille de présence du mois", parent)
        self.setObjectName("attendanceDialog")
        self.preset_service_id = service_id
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("printService")
        self.add_field("service", "Prestation :", self.service_combo)
        self.month_picker = MonthPicker(month_start(month or clock.today()), self)
        self.add_field("month", "Mois :", self.month_picker)
        self.group_box = QCheckBox("Regrouper par école et classe, une page par classe", self)
        self.group_box.setObjectName("printGroupByClass")
        self.add_field("group_by_class", "", self.group_box)

    def fill(self, choices: PrintChoices) -> str:
        if not choices.services:
            return "Aucune prestation : créez-en dans Paramètres › Prestations."
        fill_service_combo(self.service_combo, choices.services, self.preset_service_id)
        return ""

    @property
    def service_id(self) -> int | None:
        return self.service_combo.currentData(Qt.ItemDataRole.UserRole)

    def make_request(self) -> tuple[Any, dict[str, str]]:
        assert self.choices is not None
        service = next((s for s in self.choices.services if s.id == self.service_id), None)
        if service is None:
            return None, {"service": "Choisissez une prestation."}
        request = AttendanceRequest(
            service.id, service.name, self.month_picker.month(), self.group_box.isChecked()
        )
        return request, {}
