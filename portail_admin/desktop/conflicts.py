"""The one conflict dialog: a save refused because someone else saved the record meanwhile.

Every record form goes through `resolve_conflict(parent, error, side, resave)`. The dialog says
who changed the record and when, and lists per field what the user typed against what is stored
now, with a choice per field ("Garder la mienne" by default, or "Prendre la leur"). Fields only
the other person changed (the user did not touch them) are taken from theirs and listed as
information. "Enregistrer avec ces choix" puts the chosen values in the form and saves again,
against the record as it is now (so a third change in between is caught again); "Annuler"
leaves the form as it is.

A form is seen through a `Side` (FieldBinder is one; `ValueSide` is for a value asked in a small
prompt, `RoutedSide` joins several): it tells what the user typed, what the form loaded, how a
stored value would show, and takes a stored value in.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ConcurrentEditError, FieldConflict
from ..core.formatting import french_spacing
from .fieldforms import desktop_term
from .plaintext import plain_label

TITLE = "Modification concurrente"
KEEP_MINE = "Garder la mienne"
TAKE_THEIRS = "Prendre la leur"
SAVE = "Enregistrer avec ces choix"
HIDDEN_VALUE = "(non affiché)"
EMPTY_VALUE = "(vide)"


class Side(Protocol):
    """A form as the conflict dialog sees it (values as the form's widgets hold them)."""

    def typed(self, name: str) -> Any: ...

    def loaded(self, name: str) -> Any: ...

    def shown(self, name: str, stored: Any) -> Any: ...

    def text(self, name: str, value: Any) -> str: ...

    def take(self, name: str, stored: Any) -> None: ...

    def rebase(self, stored: Mapping[str, Any]) -> None: ...


def plain_value(value: Any) -> str:
    """A value as plain text for a side that holds values as they are stored."""
    if value is None or value == "":
        return EMPTY_VALUE
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    return str(value)


class ValueSide:
    """Values typed in a small prompt (a name, a title): `values` now, `baseline` as loaded."""

    def __init__(self, values: Mapping[str, Any], baseline: Mapping[str, Any]):
        self.values = dict(values)
        self.baseline = dict(baseline)

    def typed(self, name: str) -> Any:
        return self.values.get(name)

    def loaded(self, name: str) -> Any:
        return self.baseline.get(name)

    def shown(self, name: str, stored: Any) -> Any:
        return stored

    def text(self, name: str, value: Any) -> str:
        return plain_value(value)

    def take(self, name: str, stored: Any) -> None:
        self.values[name] = stored

    def rebase(self, stored: Mapping[str, Any]) -> None:
        self.baseline.update(stored)


class RoutedSide:
    """One record shown by several parts of a form (a child's identity and its persons)."""

    def __init__(self, default: Side, parts: Mapping[str, Side]):
        self.default = default
        self.parts = dict(parts)

    def _side(self, name: str) -> Side:
        return self.parts.get(name, self.default)

    def typed(self, name: str) -> Any:
        return self._side(name).typed(name)

    def loaded(self, name: str) -> Any:
        return self._side(name).loaded(name)

    def shown(self, name: str, stored: Any) -> Any:
        return self._side(name).shown(name, stored)

    def text(self, name: str, value: Any) -> str:
        return self._side(name).text(name, value)

    def take(self, name: str, stored: Any) -> None:
        self._side(name).take(name, stored)

    def rebase(self, stored: Mapping[str, Any]) -> None:
        for name, value in stored.items():
            self._side(name).rebase({name: value})


def split(
    error: ConcurrentEditError, side: Side
) -> tuple[list[FieldConflict], list[FieldConflict]]:
    """(fields to ask about: both sides changed them differently, fields only they changed).
    A field only the user changed is not listed: it is saved as typed."""
    asked: list[FieldConflict] = []
    taken: list[FieldConflict] = []
    for field in error.fields:
        if field.secret:
            asked.append(field)
            continue
        loaded = side.loaded(field.name)
        theirs = side.shown(field.name, field.theirs)
        if theirs == loaded:
            continue  # they did not change it
        typed = side.typed(field.name)
        if typed == loaded:
            taken.append(field)
        elif typed != theirs:
            asked.append(field)
    return asked, taken


def changed_by_sentence(error: ConcurrentEditError) -> str:
    who = error.who or "quelqu'un d'autre"
    when = f" le {error.when:%d/%m/%Y à %H:%M}" if error.when else ""
    return f"Cette fiche a été modifiée par {who}{when} depuis que vous l'avez ouverte."


class ConflictDialog(QDialog):
    """The choices for one refused save; `chosen()` says, per asked field, "mine" or "theirs"."""

    def __init__(self, error: ConcurrentEditError, side: Side, parent: QWidget | None = None):
        super().__init__(parent)
        self.error = error
        self.side = side
        self.asked, self.taken = split(error, side)
        self.setWindowTitle(TITLE)
        self.setObjectName("conflictDialog")
        layout = QVBoxLayout(self)
        self.sentence = self._label(changed_by_sentence(error))
        layout.addWidget(self.sentence)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.cells: dict[str, tuple[QLabel, QLabel]] = {}  # (votre saisie, valeur enregistrée)
        self._groups: list[QButtonGroup] = []
        if self.asked:
            layout.addWidget(
                self._label("Choisissez, pour chaque champ, la valeur à enregistrer :")
            )
            layout.addWidget(self._grid())
        else:
            layout.addWidget(
                self._label(
                    "Aucun des champs que vous avez modifiés n'a été changé de son côté : "
                    "vos saisies peuvent être enregistrées."
                )
            )
        self.info = self._label(self._taken_text())
        self.info.setObjectName("takenLabel")
        self.info.setVisible(bool(self.taken))
        layout.addWidget(self.info)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.setDefault(True)

    @staticmethod
    def _label(text: str, typed: bool = False) -> QLabel:
        """Plain text; the app's sentences get French spacing, a value shows as it is."""
        label = plain_label(QLabel(text if typed else french_spacing(text)))
        label.setWordWrap(True)
        return label

    def _value(self, field: FieldConflict, value: Any) -> str:
        return HIDDEN_VALUE if field.secret else self.side.text(field.name, value)

    def _grid(self) -> QWidget:
        host = QWidget()
        grid = QGridLayout(host)
        for column, title in enumerate(("Champ", "Votre saisie", "Valeur enregistrée", "")):
            header = self._label(title)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        for row, field in enumerate(self.asked, start=1):
            grid.addWidget(self._label(desktop_term(field.label)), row, 0)
            mine = self._label(self._value(field, self.side.typed(field.name)), typed=True)
            theirs = self._label(
                self._value(field, self.side.shown(field.name, field.theirs)), typed=True
            )
            self.cells[field.name] = (mine, theirs)
            for label in (mine, theirs):
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
            keep, take = QRadioButton(KEEP_MINE), QRadioButton(TAKE_THEIRS)
            keep.setChecked(True)
            group = QButtonGroup(host)
            group.addButton(keep)
            group.addButton(take)
            self._groups.append(group)
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(keep)
            box_layout.addWidget(take)
            grid.addWidget(box, row, 3)
            self.choices[field.name] = (keep, take)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        scroll.setMinimumWidth(640)
        return scroll

    def _taken_text(self) -> str:
        lines = [
            f"• {desktop_term(f.label)} : {self._value(f, self.side.shown(f.name, f.theirs))}"
            for f in self.taken
        ]
        return "\n".join(
            ["Repris de la fiche enregistrée (vous ne les aviez pas modifiés) :", *lines]
        )

    def choose(self, name: str, theirs: bool) -> None:
        keep, take = self.choices[name]
        (take if theirs else keep).setChecked(True)

    def chosen(self) -> dict[str, str]:
        return {
            name: "theirs" if take.isChecked() else "mine"
            for name, (_keep, take) in self.choices.items()
        }

    def apply(self) -> None:
        """Put the chosen values in the form; the form then holds, as its loaded values, the
        record as stored now (what the user keeps is then a change to save)."""
        chosen = self.chosen()
        for field in self.taken:
            self.side.take(field.name, field.theirs)
        for field in self.asked:
            if chosen[field.name] == "theirs" and not field.secret:
                self.side.take(field.name, field.theirs)
        self.side.rebase({f.name: f.theirs for f in self.error.fields if not f.secret})


def resolve_conflict(
    parent: QWidget,
    error: ConcurrentEditError,
    side: Side,
    resave: Callable[[ConcurrentEditError], None],
) -> ConflictDialog | None:
    """Open the conflict dialog for a refused save; on "Enregistrer avec ces choix" the
    choices go into the form and `resave(error)` saves again against `error.version` (or
    `error.current`). None when the error has no details (a write that lost a race at the
    last moment): the caller shows its message and the user reloads."""
    if not error.resolvable:
        return None
    dialog = ConflictDialog(error, side, parent)

    def accepted() -> None:
        dialog.apply()
        resave(error)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
