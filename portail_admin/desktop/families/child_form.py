"""One child of the family record: identity, consents, authorised persons, health data."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import count
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget

from ...core.formatting import french_spacing
from ...core.models.enums import Sex
from ...core.services.children import CHILD_AND_CONSENT_FIELDS, PERSONS_FIELD
from ...core.services.fields import AUTHORISED_PERSON_FIELDS, HEALTH_FIELDS
from ..conflicts import RoutedSide, Side
from ..fieldforms import FieldBinder, display_text, field_label
from ..forms.ui_child_form import Ui_ChildForm
from ..forms.ui_health_form import Ui_HealthForm
from ..plaintext import plain_labels, plain_tip
from .records import ChildPlan, ChildSnapshot, PersonsPlan

PERSON_COLUMNS = list(AUTHORISED_PERSON_FIELDS)  # last_name, first_name, relationship_, phone
ID_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_BRUSH = QBrush(QColor("#fde7e9"))
_new_keys = count(1)


class HealthForm(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_HealthForm()
        self.ui.setupUi(self)
        plain_labels(self)


ShownRows = tuple[tuple[int | None, tuple[str, ...]], ...]


def shown_person(values: Mapping[str, Any]) -> dict[str, str]:
    return {name: display_text(name, values.get(name)) for name in PERSON_COLUMNS}


def _shown_rows(rows: Any) -> ShownRows:
    return tuple(
        (person_id, tuple(shown_person(values).values())) for person_id, values in rows or ()
    )


class PersonsSide:
    """The table of authorised persons as one field of the child's record in a conflict."""

    def __init__(self, form: ChildForm):
        self.form = form

    def typed(self, name: str) -> ShownRows:
        return tuple(
            (None if person_id is None else int(person_id), tuple(values.values()))
            for person_id, _key, values in self.form.person_rows()
        )

    def loaded(self, name: str) -> ShownRows:
        return self.form._persons_loaded

    def shown(self, name: str, stored: Any) -> ShownRows:
        return _shown_rows(stored)

    def text(self, name: str, value: Any) -> str:
        lines = [" — ".join(part for part in parts if part) for _id, parts in value or ()]
        return "\n".join(line for line in lines if line) or "(aucune)"

    def take(self, name: str, stored: Any) -> None:
        form = self.form
        table = form.ui.personsTable
        table.blockSignals(True)
        table.setRowCount(0)
        for person_id, values in stored:
            form._append_row(person_id, f"p{person_id}", shown_person(values))
        table.blockSignals(False)
        form._removed_persons = []
        form._on_edit()

    def rebase(self, stored: Mapping[str, Any]) -> None:
        """The list as stored now is the baseline: a row of the user's that is gone from it
        becomes an addition, a stored person missing from the user's table a removal."""
        form = self.form
        rows = stored.get(PERSONS_FIELD) or []
        form._persons_baseline = {pid: shown_person(values) for pid, values in rows}
        form._persons_loaded = _shown_rows(rows)
        table = form.ui.personsTable
        kept = set()
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            person_id = item.data(ID_ROLE) if item is not None else None
            if person_id is None:
                continue
            if int(person_id) in form._persons_baseline:
                kept.add(int(person_id))
            else:
                table.blockSignals(True)
                item.setData(ID_ROLE, None)
                item.setData(KEY_ROLE, f"n{next(_new_keys)}")
                table.blockSignals(False)
        form._removed_persons = [pid for pid in form._persons_baseline if pid not in kept]
        form._on_edit()


class ChildForm(QWidget):
    """Edits one child; `plan()` says what to save (None when nothing changed).

    The health data is not in the snapshot: showing it emits `health_requested(child id)`, and
    whoever reads it (an op, which logs the access) hands it to `health_arrived`."""

    edited = Signal()
    health_requested = Signal(int)

    def __init__(self, snapshot: ChildSnapshot | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ChildForm()
        self.ui.setupUi(self)
        plain_labels(self)
        self.health_form = HealthForm(self.ui.healthHost)
        host_layout = QVBoxLayout(self.ui.healthHost)
        host_layout.setContentsMargins(0, 0, 0, 0)
        host_layout.addWidget(self.health_form)
        self.ui.healthHost.setVisible(False)
        self.ui.healthBox.setStyleSheet(
            "QGroupBox#healthBox { border: 2px solid #8e44ad; border-radius: 4px;"
            " margin-top: 1.2em; background: #f8f3fb; }"
            "QGroupBox#healthBox::title { subcontrol-origin: margin; left: 8px;"
            " color: #6c3483; font-weight: bold; }"
        )
        self.ui.showHealthButton.clicked.connect(self.toggle_health)

        self.identity = FieldBinder(
            self.ui, CHILD_AND_CONSENT_FIELDS, choices={"sex": Sex}, parent=self
        )
        self.health = FieldBinder(self.health_form.ui, HEALTH_FIELDS, parent=self)
        self.identity.edited.connect(self._on_edit)
        self.health.edited.connect(self._on_edit)

        table = self.ui.personsTable
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        table.itemChanged.connect(self._on_edit)
        self.ui.addPersonButton.clicked.connect(self.add_person_row)
        self.ui.removePersonButton.clicked.connect(self.remove_selected_person)

        self.key = f"new{next(_new_keys)}"
        self.child_id: int | None = None
        self.version: int | None = None
        self.health_version: int | None = None
        self._persons_baseline: dict[int, dict[str, str]] = {}
        self._persons_loaded: ShownRows = ()
        self._removed_persons: list[int] = []
        self.persons_side = PersonsSide(self)
        self.health_loaded = False
        self.health_pending = False
        self.load(snapshot)

    # loading ----------------------------------------------------------------------------------
    def load(self, snapshot: ChildSnapshot | None) -> None:
        if snapshot is not None:
            self.key = snapshot.key
            self.child_id = snapshot.id
            self.version = snapshot.version
            self.health_version = snapshot.health_version
            self.identity.load(snapshot.values)
            self.health.load(snapshot.health or {})
            self.health_loaded = snapshot.health is not None
            persons = snapshot.persons
        else:
            self.identity.load({})
            self.health.load({})
            self.health_loaded = True  # a new child: nothing on file to read
            persons = []
        table = self.ui.personsTable
        table.blockSignals(True)
        table.setRowCount(0)
        self._persons_baseline = {}
        self._removed_persons = []
        for person_id, values in persons:
            shown = shown_person(values)
            self._persons_baseline[person_id] = shown
            self._append_row(person_id, f"p{person_id}", shown)
        self._persons_loaded = _shown_rows(persons)
        table.blockSignals(False)
        self.clear_errors()

    def _append_row(self, person_id: int | None, key: str, shown: dict[str, str]) -> int:
        table = self.ui.personsTable
        row = table.rowCount()
        table.insertRow(row)
        for column, name in enumerate(PERSON_COLUMNS):
            item = QTableWidgetItem(shown.get(name, ""))
            if column == 0:
                item.setData(ID_ROLE, person_id)
                item.setData(KEY_ROLE, key)
            table.setItem(row, column, item)
        return row

    # what the user did --------------------------------------------------------------------------
    def title(self) -> str:
        values = self.identity.values()
        name = values["first_name"].strip().upper() or "Nouvel enfant"
        if self.child_id is None:
            return f"{name} (à enregistrer)" if values["first_name"].strip() else name
        born = values["birth_date"].strip()
        return f"{name} ({born})" if born else name

    def toggle_health(self) -> None:
        self.show_health(not self.ui.healthHost.isVisible())

    def show_health(self, visible: bool = True) -> None:
        if visible and not self.health_loaded:
            if self.child_id is not None and not self.health_pending:
                self.health_pending = True
                self.ui.showHealthButton.setEnabled(False)
                self.health_requested.emit(self.child_id)
            return
        self.ui.healthHost.setVisible(visible)
        self.ui.healthHiddenLabel.setVisible(not visible)
        self.ui.showHealthButton.setText(
            "Masquer les données sanitaires" if visible else "Afficher les données sanitaires"
        )

    def health_arrived(self, values: dict[str, Any], version: int | None) -> None:
        """The health data read for this child: show it."""
        self.health_pending = False
        self.ui.showHealthButton.setEnabled(True)
        self.health.load(values)
        self.health_version = version
        self.health_loaded = True
        self.show_health(True)

    def health_unavailable(self, message: str) -> None:
        """The health data could not be read: say why where it would have shown."""
        self.health_pending = False
        self.ui.showHealthButton.setEnabled(True)
        self.ui.healthHiddenLabel.setText(message)

    def add_person_row(self) -> None:
        row = self._append_row(None, f"n{next(_new_keys)}", {})
        table = self.ui.personsTable
        table.setCurrentCell(row, 0)
        table.editItem(table.item(row, 0))
        self._on_edit()

    def remove_selected_person(self) -> None:
        table = self.ui.personsTable
        row = table.currentRow()
        if row < 0:
            return
        person_id = table.item(row, 0).data(ID_ROLE)
        if person_id is not None:
            self._removed_persons.append(int(person_id))
        table.removeRow(row)
        self._on_edit()

    def person_rows(self) -> list[tuple[int | None, str, dict[str, str]]]:
        table = self.ui.personsTable
        rows = []
        for row in range(table.rowCount()):
            first = table.item(row, 0)
            values = {
                name: (table.item(row, column).text() if table.item(row, column) else "")
                for column, name in enumerate(PERSON_COLUMNS)
            }
            person_id = first.data(ID_ROLE) if first else None
            rows.append((person_id, first.data(KEY_ROLE) if first else "", values))
        return rows

    def _persons_plan(self) -> PersonsPlan:
        plan = PersonsPlan(removed=list(self._removed_persons))
        for person_id, key, values in self.person_rows():
            if person_id is not None or any(v.strip() for v in values.values()):
                plan.rows.append((None if person_id is None else int(person_id), values))
            if person_id is None:
                if any(v.strip() for v in values.values()):
                    plan.added.append((key, values))
            elif values != self._persons_baseline.get(person_id):
                plan.updated.append((key, int(person_id), values))
        return plan

    @property
    def dirty(self) -> bool:
        return (
            self.child_id is None
            or self.identity.dirty
            or (self.health.dirty and self.health_loaded)
            or bool(self._persons_plan())
        )

    def plan(self) -> ChildPlan | None:
        if not self.dirty:
            return None
        health_changed = self.health.dirty and self.health_loaded
        return ChildPlan(
            key=self.key,
            id=self.child_id,
            version=self.version,
            values=self.identity.values()
            if (self.child_id is None or self.identity.dirty)
            else None,
            health=self.health.values() if health_changed else None,
            health_version=self.health_version,
            persons=self._persons_plan(),
        )

    def _on_edit(self, *_args: Any) -> None:
        self.edited.emit()

    def conflict_side(self, kind: str) -> Side:
        """The part of this form a conflict is about: "child" (identity, consents and the
        persons, which share the child's version) or "health"."""
        if kind == "health":
            return self.health
        return RoutedSide(self.identity, {PERSONS_FIELD: self.persons_side})

    def set_version(self, kind: str, version: int | None) -> None:
        if kind == "health":
            self.health_version = version
        else:
            self.version = version

    # errors -------------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.identity.clear_errors()
        self.health.clear_errors()
        table = self.ui.personsTable
        table.blockSignals(True)
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        table.blockSignals(False)
        self.ui.personsError.clear()
        self.ui.personsError.setVisible(False)

    def show_errors(
        self,
        identity: dict[str, str],
        health: dict[str, str],
        persons: dict[str, dict[str, str]],
    ) -> list[str]:
        """Show errors next to their fields; return summary lines."""
        self.clear_errors()
        lines = []
        self.identity.show_errors(identity)
        lines += [f"{field_label(k)} : {m}" for k, m in identity.items()]
        self.health.show_errors(health)
        if health:
            self.show_health(True)
            lines += [f"Données sanitaires — {field_label(k)} : {m}" for k, m in health.items()]
        if persons:
            table = self.ui.personsTable
            table.blockSignals(True)
            messages = []
            for row in range(table.rowCount()):
                key = table.item(row, 0).data(KEY_ROLE)
                for name, message in persons.get(key, {}).items():
                    column = PERSON_COLUMNS.index(name) if name in PERSON_COLUMNS else 0
                    item = table.item(row, column)
                    item.setBackground(ERROR_BRUSH)
                    item.setToolTip(plain_tip(message))
                    text = f"Ligne {row + 1} — {field_label(name)} : {message}"
                    messages.append(text)
                    lines.append(f"Personne autorisée, {text}")
            table.blockSignals(False)
            self.ui.personsError.setText(french_spacing("\n".join(messages)))
            self.ui.personsError.setVisible(True)
        return lines
