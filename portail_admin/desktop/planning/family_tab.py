"""The family record's « Planning » tab: each child's month, a row per service (the grid of the
Planning area, without its footer), with month-to-month navigation.

It loads when shown (an op), and again when a change concerning the family's children arrives
(at once if it is on screen, else the next time it is shown)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.changefeed import Change
from ...core.formatting import month_title
from ...core.planning.month import month_start, next_month, previous_month
from ..context import AppContext
from ..ops import user_message
from . import loads
from .delegate import CELL_HEIGHT
from .grid_view import HEADER_HEIGHT, PlanningGrid
from .page import NAME_TABLES, PLANNING_TABLES

TAB_TITLE = "Planning"


class FamilyPlanningTab(QWidget):
    loaded = Signal()  # the months arrived (tests wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("planningTab")
        self.context = context
        self.family_id: int | None = None
        self.month = month_start(clock.today())
        self.grids: dict[int, PlanningGrid] = {}  # child id -> their grid
        self.child_ids: set[int] = set()
        self.loads_done = 0
        self.last_error = ""
        self._stale = True
        self._seq = 0

        self.previous_button = QToolButton(self)
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("Mois précédent")
        self.previous_button.clicked.connect(lambda: self.show_month(previous_month(self.month)))
        self.month_label = QLabel(self)
        self.month_label.setTextFormat(Qt.TextFormat.PlainText)
        self.month_label.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.month_label.setMinimumWidth(140)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QToolButton(self)
        self.next_button.setText("▶")
        self.next_button.setToolTip("Mois suivant")
        self.next_button.clicked.connect(lambda: self.show_month(next_month(self.month)))
        self.today_button = QPushButton("Aujourd'hui", self)
        self.today_button.clicked.connect(lambda: self.show_month(clock.today()))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #455a64;")
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.month_label)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        bar.addStretch(1)
        bar.addWidget(self.status)

        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self._show_title()
        context.changes.changed.connect(self._on_changes)

    def set_family(self, family_id: int | None) -> None:
        if family_id == self.family_id:
            return
        self.family_id = family_id
        self.child_ids = set()
        self._clear()
        self._stale = True
        if self.isVisible():
            self.reload()

    def show_month(self, month: dt.date) -> None:
        self.month = month_start(month)
        self._show_title()
        self.reload()

    def _show_title(self) -> None:
        self.month_label.setText(month_title(self.month))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        if self.family_id is None:
            return
        self._stale = False
        self._seq += 1
        seq, family_id, month = self._seq, self.family_id, self.month
        self.context.ops.run(
            lambda db: loads.load_family_months(db, family_id, month),
            on_done=lambda months: self._loaded(seq, months),
            on_error=lambda error: self._failed(seq, error),
            owner=self,
            name="family_planning",
        )

    def _clear(self) -> None:
        for grid in self.grids.values():
            grid.parentWidget().deleteLater()
        self.grids = {}

    def _loaded(self, seq: int, months: list[loads.ChildMonthOf]) -> None:
        if seq != self._seq:
            return
        self.loads_done += 1
        self.last_error = ""
        wanted = [m.child_id for m in months]
        if list(self.grids) != wanted:
            self._clear()
        for position, of in enumerate(months):
            grid = self.grids.get(of.child_id)
            if grid is None:
                box = QWidget(self.body)
                box_layout = QVBoxLayout(box)
                box_layout.setContentsMargins(0, 4, 0, 4)
                title = QLabel(of.name, box)
                title.setTextFormat(Qt.TextFormat.PlainText)
                title.setStyleSheet("font-weight: bold;")
                box_layout.addWidget(title)
                grid = PlanningGrid(box, footer=False)
                grid.setObjectName(f"childPlanning_{of.child_id}")
                box_layout.addWidget(grid)
                empty = QLabel(box)
                empty.setObjectName("noEnrolment")
                empty.setTextFormat(Qt.TextFormat.PlainText)
                empty.setStyleSheet("color: #546e7a; font-style: italic;")
                box_layout.addWidget(empty)
                grid.empty_label = empty  # type: ignore[attr-defined]
                self.body_layout.insertWidget(position, box)
                self.grids[of.child_id] = grid
            grid.model.set_month(of.month)
            grid.compact()
            rows = max(len(of.month.lines), 1)
            grid.setFixedHeight(HEADER_HEIGHT + rows * CELL_HEIGHT + 24)
            empty = not of.month.lines
            grid.setVisible(not empty)
            label: QLabel = grid.empty_label  # type: ignore[attr-defined]
            label.setText(f"Aucune inscription en {month_title(self.month).lower()}.")
            label.setVisible(empty)
        self.child_ids = set(wanted)
        self.status.setText(
            "Aucun enfant dans la famille." if not months else f"{len(months)} enfant(s)"
        )
        self.loaded.emit()

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self.loads_done += 1
        self.last_error = user_message(error)
        self.status.setText(self.last_error)
        self.loaded.emit()

    def _on_changes(self, changes: list[Change], _origin: QObject | None) -> None:
        if self.family_id is None:
            return
        first, last = self.month, next_month(self.month) - dt.timedelta(days=1)
        concerned = any(
            (
                c.touches(tables=PLANNING_TABLES, family_id=self.family_id, days=(first, last))
                and (c.child_id is None or c.child_id in self.child_ids or not self.child_ids)
            )
            or (c.table_name in NAME_TABLES and c.family_id in (None, self.family_id))
            for c in changes
        )
        if not concerned:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True


def add_family_tab(context: AppContext, tabs: object) -> FamilyPlanningTab:
    tab = FamilyPlanningTab(context)
    tabs.addTab(tab, TAB_TITLE)  # type: ignore[attr-defined]
    return tab
