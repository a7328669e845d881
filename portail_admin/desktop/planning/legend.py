"""The legend, always visible beside the grid: every state with its colour and its symbol, and
for the states staff set from the keyboard, the letter to type (core.planning.rules.Action)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from ...core.planning.rules import Action
from ...core.planning.states import LEGEND, CellState

# The state each letter gives a cell (presentation only: the rules are in core.planning).
LETTER_OF: dict[CellState, Action] = {
    CellState.RESERVED: Action.RESERVE,
    CellState.PRESENT: Action.PRESENT,
    CellState.ABSENT_BILLED: Action.ABSENT_BILLED,
    CellState.ABSENT_EXCUSED: Action.ABSENT_EXCUSED,
    CellState.LEAVE: Action.LEAVE,
}
# The states staff meet in the grid besides the manual's legend.
EXTRA = (CellState.NO_SERVICE, CellState.EMPTY)
COLUMNS = 5


def swatch(state: CellState, parent: QWidget | None = None) -> QLabel:
    """A small square in the state's colours, with its symbol."""
    box = QLabel(state.symbol, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAlignment(Qt.AlignmentFlag.AlignCenter)
    box.setFixedSize(24, 20)
    box.setStyleSheet(
        f"background: {state.colour}; color: {state.text_colour}; border: 1px solid #90a4ae;"
        " font-weight: bold;"
    )
    return box


class LegendWidget(QFrame):
    """The legend in a few rows of a compact grid."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("planningLegend")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setHorizontalSpacing(14)
        layout.setVerticalSpacing(3)
        self.entries: dict[CellState, QWidget] = {}
        states = [*LEGEND, *EXTRA]
        for number, state in enumerate(states):
            entry = QWidget(self)
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(5)
            row.addWidget(swatch(state, entry))
            text = state.label
            action = LETTER_OF.get(state)
            if action is not None:
                text += f"  [{action.letter}]"
            label = QLabel(text, entry)
            label.setTextFormat(Qt.TextFormat.PlainText)
            if action is not None:
                label.setToolTip(f"Touche {action.letter} : « {action.label} » sur la sélection")
                label.setStyleSheet("font-weight: bold;")
            row.addWidget(label, 1)
            layout.addWidget(entry, number // COLUMNS, number % COLUMNS)
            self.entries[state] = entry
        marks = QLabel(
            "Suppr : effacer  ·  coin orange : demande de la famille en attente  ·  "
            "cadenas : case verrouillée  ·  colonne jaune : aujourd'hui",
            self,
        )
        marks.setTextFormat(Qt.TextFormat.PlainText)
        marks.setObjectName("planningLegendMarks")
        marks.setWordWrap(True)  # never what sets the page's width (a 1366-pixel screen)
        marks.setStyleSheet("color: #455a64;")
        last = len(states) - 1
        if last % COLUMNS < COLUMNS - 1:  # beside the last entries, on their row
            layout.addWidget(marks, last // COLUMNS, last % COLUMNS + 1, 1, -1)
        else:
            layout.addWidget(marks, last // COLUMNS + 1, 0, 1, -1)

    def text_of(self, state: CellState) -> str:
        labels = self.entries[state].findChildren(QLabel)
        return labels[-1].text()
