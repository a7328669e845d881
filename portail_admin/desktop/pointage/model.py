"""The pointage's list: one row per child of the day sheet (core.planning.pointage.SheetRow),
on a KeyedModel (refreshed in place, never a reset), with the state column in the legend's
colours and three button columns (P, I, J) painted by `ButtonDelegate`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from ...core.models.enums import Attendance
from ...core.planning.pointage import Group, SheetRow
from ...core.planning.rules import ATTENDANCE_OF, Action
from ..keyed_model import Column, KeyedModel

Role = Qt.ItemDataRole
AnyIndex = QModelIndex | QPersistentModelIndex

# The three buttons of a row, in the order of their columns: (action, short label).
BUTTONS: tuple[tuple[Action, str], ...] = (
    (Action.PRESENT, "P  Présent"),
    (Action.ABSENT_BILLED, "I  Absent facturé"),
    (Action.ABSENT_EXCUSED, "J  Absent excusé"),
)
GREY = QColor("#757575")


def state_text(row: SheetRow) -> str:
    """The legend's symbol and label, and what is left to do."""
    text = f"{row.state.symbol} {row.state.label}".strip()
    if row.to_point:
        text += " — à pointer"
    if row.locked_reason:
        text += f" — verrouillé ({row.locked_reason})"
    return text


def health_text(row: SheetRow) -> str:
    return " · ".join(part for part in (row.health_mark, row.diet) if part)


class PointageModel(KeyedModel[SheetRow]):
    """Columns: Enfant, Classe, [Prestation], [Santé], État, then the three buttons."""

    def __init__(
        self, *, with_service: bool, with_health: bool, parent: QObject | None = None
    ) -> None:
        columns: list[Column[SheetRow]] = [
            Column("Enfant", lambda r: r.name),
            Column("Classe", lambda r: r.school_class),
        ]
        self.service_names: dict[int, str] = {}
        if with_service:
            columns.append(Column("Prestation", lambda r: self.service_names.get(r.service_id, "")))
        if with_health:
            columns.append(Column("Santé", health_text, tooltip=health_text))
        columns.append(Column("État", state_text, tooltip=state_text))
        self.state_column = len(columns) - 1
        self.first_button = len(columns)
        for action, label in BUTTONS:
            columns.append(
                Column(
                    label,
                    lambda r, a=action: label_for(a) + ("  ✓" if is_on(r, a) else ""),
                    tooltip=lambda r, a=action: f"{a.label} (touche {a.letter})",
                )
            )
        super().__init__(
            columns,
            key=lambda r: r.key,
            bold=lambda r: r.to_point,
            foreground=lambda r: GREY if r.group is Group.ENROLLED else None,
            parent=parent,
        )

    def action_at(self, column: int) -> Action | None:
        index = column - self.first_button
        return BUTTONS[index][0] if 0 <= index < len(BUTTONS) else None

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.state_column
            and 0 <= index.row() < (self.rowCount())
        ):
            row = self.row_at(index.row())
            if role == Role.BackgroundRole:
                return QBrush(QColor(row.state.colour))
            if role == Role.ForegroundRole:
                return QBrush(QColor(row.state.text_colour))
        return super().data(index, role)


def label_for(action: Action) -> str:
    return next(label for a, label in BUTTONS if a is action)


def is_on(row: SheetRow, action: Action) -> bool:
    """The row's attendance is this button's."""
    return row.attendance is ATTENDANCE_OF.get(action, Attendance.UNKNOWN)


class ButtonDelegate(QStyledItemDelegate):
    """Paints a button column's cells as push buttons (pressed when the row's attendance is
    the button's); no widget per row. The view's click on the cell does the action."""

    def __init__(self, model: PointageModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        action = self.model.action_at(index.column())
        if action is None:
            super().paint(painter, option, index)
            return
        row = self.model.row_at(index.row())
        button = QStyleOptionButton()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        button.rect = rect.adjusted(2, 2, -2, -2)
        button.text = str(index.data(Role.DisplayRole) or "")
        button.state = QStyle.StateFlag.State_Enabled
        if is_on(row, action):
            button.state |= QStyle.StateFlag.State_On | QStyle.StateFlag.State_Sunken
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        """Room for the button's frame around its text."""
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, max(hint.height(), 28))
