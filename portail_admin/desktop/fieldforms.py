"""Binds a generated form (widgets named f_<field>, error labels e_<field>) to a field spec.

The binder loads stored values into the widgets (formatted for French eyes), reads back exactly
what the user typed (the core services clean and validate it), shows each field's French error
next to its widget, and tells whether anything was changed since the last load.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from ..core import formatting
from ..core.services.fields import LABELS
from .plaintext import plain_tip

# The desktop names an e-mail address « Courriel » everywhere (labels, error summaries, the
# changes a family asks for); the core's labels keep the parents' manual's "Email" (portal).
DESKTOP_LABELS = {**LABELS, "email": "Courriel"}
_RENAMED = {LABELS[k]: label for k, label in DESKTOP_LABELS.items() if LABELS.get(k) != label}


def field_label(name: str, default: str | None = None) -> str:
    """A field's label as the desktop writes it."""
    return DESKTOP_LABELS.get(name, name if default is None else default)


def desktop_term(label: str) -> str:
    """A label the core wrote (a requested change's field), in the desktop's words."""
    return _RENAMED.get(label, label)


PHONE_FIELDS = frozenset({"phone_home", "phone_work", "phone_mobile", "doctor_phone", "phone"})
EMPTY_CHOICE = "—"


def display_text(name: str, value: Any) -> str:
    """A stored value as it is shown in a text field."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return formatting.short_date(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, enum.Enum):
        return str(value.value)
    if name in PHONE_FIELDS and value:
        return formatting.phone(value)
    if name == "iban" and value:
        try:
            return formatting.iban(value)
        except ValueError:
            return str(value)
    return str(value)


def set_error_state(widget: QWidget, in_error: bool, message: str = "") -> None:
    widget.setProperty("error", in_error)
    widget.setToolTip(plain_tip(message))
    widget.setAccessibleDescription(message)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def keep_heights(*widgets: QWidget) -> None:
    """Fields that never get shorter than their natural height (a layout short of room would
    squeeze a line edit to a sliver rather than grow its window)."""
    for widget in widgets:
        widget.setMinimumHeight(widget.sizeHint().height())


def grow_to_fit(window: QWidget) -> None:
    """Make a window tall enough for what it shows now, at its width: a wrapped error label
    that just appeared needs its height-for-width, which Qt does not grow a window for."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    needed = layout.totalSizeHint().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    if window.height() < needed:
        window.resize(width, needed)


class ValueField(QWidget):
    """A field made of several widgets (the weekday boxes of a service) that holds one stored
    value: the binder loads it, reads it back and names it in a conflict through these."""

    edited = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def display(self, value: Any) -> str:
        """The value as plain French text (a conflict shows both sides with it)."""
        return str(value)


class FieldBinder(QObject):
    """One section of a record: {field: widget} plus its error labels.

    `formats` turns a stored value into what its widget loads (a weekday mask into day names),
    for fields the generic display does not cover. The binder is also the form's side in a
    conflict (desktop/conflicts.py: typed, loaded, shown, text, take, rebase)."""

    edited = Signal()

    def __init__(
        self,
        ui: Any,
        fields: Iterable[str],
        choices: Mapping[str, type[enum.Enum]] | None = None,
        required_choices: Iterable[str] = (),
        parent: QObject | None = None,
        formats: Mapping[str, Callable[[Any], Any]] | None = None,
    ):
        super().__init__(parent)
        self.fields = list(fields)
        self.formats = dict(formats or {})
        self.widgets: dict[str, QWidget] = {name: getattr(ui, f"f_{name}") for name in self.fields}
        self.error_labels: dict[str, QLabel] = {
            name: getattr(ui, f"e_{name}") for name in self.fields if hasattr(ui, f"e_{name}")
        }
        required = set(required_choices)
        for name, enum_cls in (choices or {}).items():
            combo = self.widgets[name]
            assert isinstance(combo, QComboBox)
            if name not in required:
                combo.addItem(EMPTY_CHOICE, "")
            for member in enum_cls:
                combo.addItem(getattr(member, "label", str(member.value)), member.value)
        self._baseline: dict[str, Any] = self.values()
        for widget in self.widgets.values():
            self._watch(widget)

    def _watch(self, widget: QWidget) -> None:
        if isinstance(widget, ValueField):
            widget.edited.connect(self._on_edit)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._on_edit)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self._on_edit)
        elif isinstance(widget, QCheckBox):
            widget.clicked.connect(self._on_edit)
            # The box is the whole widget: a click beside it must not fall into a void.
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._on_edit)

    def _on_edit(self, *_args: Any) -> None:
        self.edited.emit()

    # values -----------------------------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        for name in self.widgets:
            self._set(name, values.get(name))
        self.clear_errors()
        self._baseline = self.values()

    def _set(self, name: str, stored: Any) -> None:
        widget = self.widgets[name]
        value = self.formats[name](stored) if name in self.formats else stored
        widget.blockSignals(True)
        try:
            if isinstance(widget, ValueField):
                widget.set_value(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(self._choice_index(widget, value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(display_text(name, value))
            elif isinstance(widget, QLineEdit):
                widget.setText(display_text(name, value))
                widget.setCursorPosition(0)
        finally:
            widget.blockSignals(False)

    @staticmethod
    def _choice_index(combo: QComboBox, value: Any) -> int:
        key = value.value if isinstance(value, enum.Enum) else (value or "")
        index = combo.findData(key)
        return index if index >= 0 else 0

    # the form's side in a conflict (desktop/conflicts.py) ---------------------------------------
    def typed(self, name: str) -> Any:
        return self.values()[name]

    def loaded(self, name: str) -> Any:
        return self._baseline.get(name)

    def shown(self, name: str, stored: Any) -> Any:
        """What the field's widget would hold (as `values()` reads it) once `stored` is loaded."""
        widget = self.widgets[name]
        value = self.formats[name](stored) if name in self.formats else stored
        if isinstance(widget, ValueField):
            return value
        if isinstance(widget, QCheckBox):
            return bool(value)
        if isinstance(widget, QComboBox):
            return widget.itemData(self._choice_index(widget, value)) or ""
        return display_text(name, value)

    def text(self, name: str, value: Any) -> str:
        """A widget value as plain text (a choice by its label, a box by Oui / Non)."""
        widget = self.widgets[name]
        if isinstance(widget, ValueField):
            return widget.display(value)
        if isinstance(widget, QCheckBox):
            return "Oui" if value else "Non"
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            return widget.itemText(index) if index >= 0 else str(value or EMPTY_CHOICE)
        return str(value) if value else "(vide)"

    def take(self, name: str, stored: Any) -> None:
        """Put a stored value in one field, as if the user had typed it."""
        self._set(name, stored)
        self.edited.emit()

    def rebase(self, stored: Mapping[str, Any]) -> None:
        """These stored values are now what the form was loaded with (after a conflict: the
        record as saved meanwhile), so a field holding them is no longer a change."""
        for name, value in stored.items():
            if name in self.widgets:
                self._baseline[name] = self.shown(name, value)

    def values(self) -> dict[str, Any]:
        """What the user typed, as the services take it (text, choice value, bool)."""
        out: dict[str, Any] = {}
        for name, widget in self.widgets.items():
            if isinstance(widget, ValueField):
                out[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentData() or ""
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[name] = widget.text()
        return out

    def is_empty(self) -> bool:
        return not any(v for v in self.values().values())

    @property
    def dirty(self) -> bool:
        return self.values() != self._baseline

    def mark_saved(self) -> None:
        self._baseline = self.values()

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.widgets.values():
            widget.setEnabled(enabled)

    # errors -----------------------------------------------------------------------------------
    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Show each error under its field; return the messages of fields this form lacks."""
        self.clear_errors()
        unplaced = []
        for name, message in errors.items():
            widget = self.widgets.get(name)
            if widget is None:
                unplaced.append(f"{field_label(name)} : {message}" if name else message)
                continue
            set_error_state(widget, True, message)
            label = self.error_labels.get(name)
            if label is not None:
                label.setText(formatting.french_spacing(message))
                label.setVisible(True)
        return unplaced

    def clear_errors(self) -> None:
        for name, widget in self.widgets.items():
            if widget.property("error"):
                set_error_state(widget, False)
            label = self.error_labels.get(name)
            if label is not None:
                label.clear()
                label.setVisible(False)

    def error_widget(self, name: str) -> QWidget | None:
        return self.widgets.get(name)
