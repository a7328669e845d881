"""The days a service opens, as seven boxes (lun. … dim.) holding a weekday mask.

`WeekdaysField` is the `f_weekdays` widget of ui/service_dialog.ui (promoted there as a
custom widget). It reads and writes the mask the model stores (bit 0 = Monday); whether a mask
is acceptable (at least one day) is the core's rule (services.commune.weekdays), shown by the
dialog next to the boxes like any field error."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from .fieldforms import ValueField

DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SHORT_NAMES = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def weekdays_text(mask: int) -> str:
    """ "lundi, mardi, jeudi" """
    return ", ".join(day for bit, day in enumerate(DAY_NAMES) if mask & (1 << bit))


class WeekdaysField(ValueField):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.boxes: list[QCheckBox] = []
        for bit, (short, name) in enumerate(zip(SHORT_NAMES, DAY_NAMES, strict=True)):
            box = QCheckBox(short, self)
            box.setObjectName(f"weekday_{bit}")
            box.setToolTip(name.capitalize())
            box.setAccessibleName(name)
            box.clicked.connect(lambda _checked: self.edited.emit())
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addStretch(1)

    def value(self) -> int:
        return sum(1 << bit for bit, box in enumerate(self.boxes) if box.isChecked())

    def set_value(self, value: object) -> None:
        mask = value if isinstance(value, int) and not isinstance(value, bool) else 0
        for bit, box in enumerate(self.boxes):
            box.blockSignals(True)
            box.setChecked(bool(mask & (1 << bit)))
            box.blockSignals(False)

    def display(self, value: object) -> str:
        mask = value if isinstance(value, int) and not isinstance(value, bool) else 0
        return weekdays_text(mask) or "aucun jour"

    def set_days(self, *days: int) -> None:
        """Tick exactly these days (date.weekday() numbers), as a user clicking would."""
        for bit, box in enumerate(self.boxes):
            if box.isChecked() != (bit in days):
                box.click()
