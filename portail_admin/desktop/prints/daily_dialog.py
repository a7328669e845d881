"""« Liste du jour… »: a structure and a day (today by default)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from ...core import clock
from ..context import AppContext
from .choices import PrintChoices
from .documents import DailyRequest
from .fields import ParameterDialog, french_date_edit


class DailyListDialog(ParameterDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        structure_id: int | None = None,
        day: dt.date | None = None,
    ):
        super().__init__(context, "Liste du jour", parent)
        self.setObjectName("dailyListDialog")
        self.preset_structure_id = structure_id
        self.structure_combo = QComboBox(self)
        self.structure_combo.setObjectName("printStructure")
        self.add_field("structure", "Structure :", self.structure_combo)
        self.day_edit = french_date_edit(day or clock.today(), self)
        self.day_edit.setObjectName("printDay")
        self.add_field("day", "Jour :", self.day_edit)

    def fill(self, choices: PrintChoices) -> str:
        if not choices.structures:
            return "Aucune structure : créez-en dans Paramètres › Prestations."
        self.structure_combo.clear()
        for structure in choices.structures:
            self.structure_combo.addItem(structure.name, structure.id)
        index = self.structure_combo.findData(self.preset_structure_id)
        self.structure_combo.setCurrentIndex(max(index, 0))
        return ""

    def make_request(self) -> tuple[Any, dict[str, str]]:
        assert self.choices is not None
        chosen = self.structure_combo.currentData()
        structure = next((s for s in self.choices.structures if s.id == chosen), None)
        if structure is None:
            return None, {"structure": "Choisissez une structure."}
        return DailyRequest(structure.id, structure.name, self.day_edit.date().toPython()), {}
