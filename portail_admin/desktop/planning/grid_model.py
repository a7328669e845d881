"""The Qt models of the planning grid, over core.planning.month's set-based reads.

`PlanningGridModel` shows a month: a row per `Line` (a child of a service's month, or a service
of a child's month), a column per day. Cells are the core's `CellState`s (colour and symbol);
nothing is derived here. Updates are in place: `update_lines` diffs the new month against the one
shown and emits `dataChanged` for the cells that changed, row inserts, removals and moves for the
lines that came, went or moved; a reset happens only when another service, child or month is
shown (`set_month`).

`LineInfoModel` is the frozen part beside it (name, class, age, health mark; or structure and
service), row for row, following the grid model's signals. `FooterModel` holds the per-day
counts under the days (children taking a place, places left), coloured by `Fill`.

For the editing code: `line(row)`, `day(column)`, `target(index)`, `facts(index)`,
`service_of(index)`, `service_id`, `month`, `row_of_child(child_id)`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.formatting import long_date, weekday_short
from ...core.planning.edits import Target
from ...core.planning.month import ChildMonth, Line, ServiceMonth
from ...core.planning.rules import CellFacts, Fill, Occupancy
from ...core.planning.states import CellState
from ..plaintext import plain_tip

AnyIndex = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
Month = ServiceMonth | ChildMonth

# Custom roles of the grid model.
StateRole = Role.UserRole + 1  # CellState
LockRole = Role.UserRole + 2  # str (the lock's reason) or None
PendingRole = Role.UserRole + 3  # list of the open requests (id, kind) on the cell, [] if none
LineRole = Role.UserRole + 4  # the row's Line
DayRole = Role.UserRole + 5  # the column's date
FactsRole = Role.UserRole + 6  # CellFacts (what the edit rules need)

TODAY_HEADER = QColor("#ffd54f")  # the column of today, in the headers and the footer
TODAY_TEXT = QColor("#3d2e00")
WEEKEND_HEADER = QColor("#eceff1")


@dataclass(frozen=True)
class Palette:
    """A CellState's colours, made once (painting never allocates a QColor)."""

    background: QColor
    text: QColor
    brush: QBrush
    text_brush: QBrush


PALETTE: dict[CellState, Palette] = {
    state: Palette(
        QColor(state.colour),
        QColor(state.text_colour),
        QBrush(QColor(state.colour)),
        QBrush(QColor(state.text_colour)),
    )
    for state in CellState
}

FILL_COLOURS: dict[Fill, tuple[QBrush, QBrush]] = {  # (background, text)
    Fill.FREE: (QBrush(QColor("#c8e6c9")), QBrush(QColor("#1b5e20"))),
    Fill.NEARLY_FULL: (QBrush(QColor("#ffcc80")), QBrush(QColor("#5d3300"))),
    Fill.FULL: (QBrush(QColor("#ef9a9a")), QBrush(QColor("#7f0000"))),
    Fill.UNLIMITED: (QBrush(QColor("#f5f5f5")), QBrush(QColor("#212121"))),
}


def fold(text: str) -> str:
    """Lower case without accents, for the search ("Léa" is found by "lea")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def line_key(line: Line) -> tuple[int, int]:
    return (line.child_id, line.service.id)


def _same_line(old: Line, new: Line) -> bool:
    return (
        old.states == new.states
        and old.cells == new.cells
        and old.pending == new.pending
        and old.child == new.child
    )


def _changed_columns(old: Line, new: Line, width: int) -> list[int]:
    old_states, new_states = old.states, new.states
    return [
        i
        for i in range(width)
        if old_states[i] is not new_states[i]
        or old.cells.get(i) != new.cells.get(i)
        or old.pending.get(i) != new.pending.get(i)
    ]


def _ranges(columns: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] -> [(1, 3), (7, 7)]"""
    out: list[tuple[int, int]] = []
    for column in columns:
        if out and out[-1][1] == column - 1:
            out[-1] = (out[-1][0], column)
        else:
            out.append((column, column))
    return out


class PlanningGridModel(QAbstractTableModel):
    """A month of a service (a row per child) or of a child (a row per service)."""

    month_changed = Signal()  # another month, service or child is shown (after the reset)
    lines_updated = Signal()  # update_lines ran (tests and the page wait on it)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.data_month: Month | None = None
        self._lines: list[Line] = []
        self._days: list[dt.date] = []
        self._row_of: dict[tuple[int, int], int] = {}
        self._today_column = -1
        self.footer = FooterModel(self)
        self.details: dict[tuple[int, int, dt.date], str] = {}  # (child, service, day) -> text
        self.resets = 0  # tests check that refreshes never reset
        self._folded: list[str] | None = None  # search keys, made at the first search

    # --------------------------------------------------------------------------- what it shows
    @property
    def by_child(self) -> bool:
        return isinstance(self.data_month, ChildMonth)

    @property
    def service_id(self) -> int | None:
        """The service shown (None: a child's month, where each row is a service)."""
        if isinstance(self.data_month, ServiceMonth):
            return self.data_month.service.id
        return None

    @property
    def child_id(self) -> int | None:
        if isinstance(self.data_month, ChildMonth):
            return self.data_month.child_id
        return None

    @property
    def month(self) -> dt.date | None:
        return self.data_month.month if self.data_month is not None else None

    @property
    def days(self) -> list[dt.date]:
        return self._days

    @property
    def lines(self) -> list[Line]:
        return self._lines

    @property
    def today(self) -> dt.date | None:
        return self.data_month.today if self.data_month is not None else None

    @property
    def today_column(self) -> int:
        """The column of today (-1: today is not in the month)."""
        return self._today_column

    def line(self, row: int) -> Line:
        return self._lines[row]

    def day(self, column: int) -> dt.date:
        return self._days[column]

    def column_of(self, day: dt.date) -> int:
        if not self._days:
            return -1
        column = (day - self._days[0]).days
        return column if 0 <= column < len(self._days) else -1

    def row_of(self, child_id: int, service_id: int | None = None) -> int:
        """The row of a child (in a service's month) or of a service (in a child's month)."""
        if service_id is None:
            service_id = self.service_id
        if child_id is None:
            child_id = self.child_id  # type: ignore[assignment]
        return self._row_of.get((child_id, service_id), -1)  # type: ignore[arg-type]

    def row_of_child(self, child_id: int) -> int:
        return self.row_of(child_id, self.service_id)

    def row_of_service(self, service_id: int) -> int:
        return self.row_of(self.child_id, service_id)  # type: ignore[arg-type]

    def service_of(self, index: AnyIndex) -> int:
        return self._lines[index.row()].service.id

    def target(self, index: AnyIndex) -> Target:
        """What an edit of this cell names: the child, the day and the version shown."""
        line = self._lines[index.row()]
        return Target(line.child_id, self._days[index.column()], line.version(index.column()))

    def facts(self, index: AnyIndex) -> CellFacts:
        column = index.column()
        return self._lines[index.row()].facts(column, self._days[column])

    def state(self, row: int, column: int) -> CellState:
        return self._lines[row].states[column]

    def locked_reason(self, row: int, column: int) -> str | None:
        cell = self._lines[row].cells.get(column)
        return cell.locked_reason if cell is not None else None

    def pending(self, row: int, column: int) -> list[Any]:
        return self._lines[row].pending.get(column, [])

    def paint_key(self, row: int, column: int) -> tuple[CellState, bool, bool]:
        """What the delegate paints: (state, locked, pending), without building an index."""
        line = self._lines[row]
        cell = line.cells.get(column)
        return (
            line.states[column],
            cell is not None and cell.locked_reason is not None,
            column in line.pending,
        )

    def find_rows(self, text: str) -> list[int]:
        """The rows whose name (a child's, or a service's) contains every word of `text`."""
        words = fold(text).split()
        if not words:
            return []
        if self._folded is None:
            self._folded = [fold(self.row_title(line)) for line in self._lines]
        return [row for row, name in enumerate(self._folded) if all(w in name for w in words)]

    def row_title(self, line: Line) -> str:
        if self.by_child or line.child is None:
            return line.service.full_name
        return line.child.name

    # --------------------------------------------------------------------------- updates
    def set_month(self, month: Month) -> None:
        """Show `month`: in place if it is the month, service or child already shown (as
        `update_lines`), else a reset (another service, child or month)."""
        if self._same_frame(month):
            self.update_lines(month)
            return
        self.beginResetModel()
        self.resets += 1
        self.data_month = month
        self._lines = list(month.lines)
        self._days = list(month.days)
        self._reindex()
        self.details.clear()
        today = month.today
        self._today_column = self.column_of(today)
        self.endResetModel()
        self.footer.set_month(month)
        self.month_changed.emit()

    def _same_frame(self, month: Month) -> bool:
        shown = self.data_month
        if shown is None or type(shown) is not type(month) or shown.month != month.month:
            return False
        if isinstance(month, ServiceMonth):
            return shown.service.id == month.service.id  # type: ignore[union-attr]
        return shown.child_id == month.child_id  # type: ignore[union-attr]

    def update_lines(self, fresh: Month | Iterable[Line]) -> None:
        """What changed since the month was read, shown in place.

        `fresh`: the whole month read again (lines that vanished are removed, new ones
        inserted at their place, and the footer follows), or only some lines read again
        (those replace the shown lines of the same child and service; new ones are inserted
        by name). Only the cells that changed get `dataChanged`; never a reset."""
        if isinstance(fresh, ServiceMonth | ChildMonth):
            if self.data_month is None or not self._same_frame(fresh):
                self.set_month(fresh)
                return
            self._merge(list(fresh.lines))
            self.data_month = fresh
            self._today_column = self.column_of(fresh.today)
            self.footer.set_month(fresh)
        else:
            changed = {line_key(line): line for line in fresh}
            merged = [changed.pop(line_key(line), line) for line in self._lines]
            if changed:
                merged.extend(changed.values())
                merged.sort(key=self._sort_key)
            self._merge(merged)
            if self.data_month is not None:
                self.data_month.lines = list(self._lines)
        self.lines_updated.emit()

    def _sort_key(self, line: Line) -> tuple[Any, ...]:
        if self.by_child or line.child is None:
            service = line.service
            return (service.structure_name, service.sort_order, service.name, service.id)
        child = line.child
        return (child.last_name.casefold(), child.first_name.casefold(), child.id)

    def _merge(self, new_lines: list[Line]) -> None:
        """Turn the shown lines into `new_lines` (same days): removals, moves, inserts, then
        dataChanged for the cells and the names that differ."""
        width = len(self._days)
        new_keys = [line_key(line) for line in new_lines]
        wanted = set(new_keys)
        # Removals, bottom up, by contiguous blocks.
        gone = [row for row, line in enumerate(self._lines) if line_key(line) not in wanted]
        for first, last in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._lines[first : last + 1]
            self.endRemoveRows()
        if gone:
            self._reindex()
        # Moves and inserts, top down: after step i the first i+1 rows are the new ones.
        old_by_key = {line_key(line): line for line in self._lines}
        row = -1
        while row + 1 < len(new_keys):
            row += 1
            key = new_keys[row]
            if row < len(self._lines) and line_key(self._lines[row]) == key:
                continue
            if key not in old_by_key:  # new lines: as one block (a first screen's rest)
                end = row + 1
                while end < len(new_keys) and new_keys[end] not in old_by_key:
                    end += 1
                self.beginInsertRows(QModelIndex(), row, end - 1)
                self._lines[row:row] = new_lines[row:end]
                self.endInsertRows()
                row = end - 1
                continue
            # A line shown further down moved here (a renamed child).
            source = next(
                r for r in range(row + 1, len(self._lines)) if line_key(self._lines[r]) == key
            )
            self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), row)
            self._lines.insert(row, self._lines.pop(source))
            self.endMoveRows()
        self._reindex()
        # Content.
        for row, new in enumerate(new_lines):
            old = self._lines[row]
            if old is new:
                continue
            self._lines[row] = new
            if key_changed := (old.child != new.child):
                self._folded = None
            if _same_line(old, new):
                continue
            if key_changed:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
            for first, last in _ranges(_changed_columns(old, new, width)):
                self.dataChanged.emit(self.index(row, first), self.index(row, last))
                for column in range(first, last + 1):
                    self.details.pop((new.child_id, new.service.id, self._days[column]), None)

    def _reindex(self) -> None:
        self._row_of = {line_key(line): row for row, line in enumerate(self._lines)}
        self._folded = None

    def set_detail(self, row: int, column: int, text: str) -> None:
        """The who-and-when of a cell (loaded by an op when it is hovered), for its tooltip."""
        if not (0 <= row < len(self._lines) and 0 <= column < len(self._days)):
            return
        line = self._lines[row]
        self.details[(line.child_id, line.service.id, self._days[column])] = text
        index = self.index(row, column)
        self.dataChanged.emit(index, index, [Role.ToolTipRole])

    # --------------------------------------------------------------------------- Qt API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._days)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._lines) and 0 <= column < len(self._days)):
            return None
        line = self._lines[row]
        state = line.states[column]
        if role == Role.DisplayRole:
            return state.symbol
        if role == StateRole:
            return state
        if role == Role.BackgroundRole:
            return PALETTE[state].brush
        if role == Role.ForegroundRole:
            return PALETTE[state].text_brush
        if role == Role.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == LockRole:
            return self.locked_reason(row, column)
        if role == PendingRole:
            return list(line.pending.get(column, []))
        if role == Role.ToolTipRole:
            return plain_tip(self.tooltip(row, column))
        if role == Role.AccessibleTextRole:
            return self.tooltip(row, column)
        if role == LineRole:
            return line
        if role == DayRole:
            return self._days[column]
        if role == FactsRole:
            return line.facts(column, self._days[column])
        return None

    def tooltip(self, row: int, column: int) -> str:
        """What the cell is, in plain French: the day, who, the state, why a day is closed,
        the lock, a pending request, and who changed it when (once loaded)."""
        line = self._lines[row]
        day = self._days[column]
        state = line.states[column]
        parts = [f"{long_date(day)} — {self.row_title(line)}"]
        if self.by_child:
            parts[0] = f"{long_date(day)} — {line.service.full_name}"
        symbol = f" ({state.symbol})" if state.symbol else ""
        parts.append(f"{state.label}{symbol}")
        closure = line.closures[column]
        if closure is not None and closure.detail != state.label:
            parts.append(closure.detail)
        reason = self.locked_reason(row, column)
        if reason is not None:
            parts.append(f"Case verrouillée : {reason}")
        for request in line.pending.get(column, []):
            parts.append(
                f"Demande de la famille en attente : {request.kind.label} (n° {request.id})"
            )
        detail = self.details.get((line.child_id, line.service.id, day))
        if detail:
            parts.append(detail)
        return "\n".join(parts)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._days):
                return None
            day = self._days[section]
            if role == Role.DisplayRole:
                return weekday_short(day).replace(" ", "\n")
            if role == Role.ToolTipRole:
                text = long_date(day)
                return plain_tip(text + (" (aujourd'hui)" if section == self._today_column else ""))
            if role == Role.BackgroundRole:
                if section == self._today_column:
                    return QBrush(TODAY_HEADER)
                if day.weekday() >= 5:
                    return QBrush(WEEKEND_HEADER)
                return None
            if role == Role.ForegroundRole and section == self._today_column:
                return QBrush(TODAY_TEXT)
            if role == Role.FontRole and section == self._today_column:
                font = QFont()
                font.setBold(True)
                return font
            if role == Role.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == DayRole:
                return day
            return None
        if not 0 <= section < len(self._lines):
            return None
        if role == Role.DisplayRole:
            return self.row_title(self._lines[section])
        if role == LineRole:
            return self._lines[section]
        return None


# ----------------------------------------------------------------------------- the frozen part


@dataclass(frozen=True)
class InfoColumn:
    title: str
    tooltip: str = ""


CHILD_COLUMNS = (
    InfoColumn("Enfant"),
    InfoColumn("Classe"),
    InfoColumn("Âge", "Âge au premier jour du mois"),
    InfoColumn("Santé", "PAI : projet d'accueil individualisé ; Allergie : allergie déclarée"),
)
SERVICE_COLUMNS = (InfoColumn("Structure"), InfoColumn("Prestation"))

HEALTH_BRUSHES = {
    "PAI": (QBrush(QColor("#b71c1c")), QBrush(QColor("#ffffff"))),
    "Allergie": (QBrush(QColor("#ffe0b2")), QBrush(QColor("#6d3d00"))),
}


class LineInfoModel(QAbstractTableModel):
    """The frozen columns beside the days, row for row with a PlanningGridModel (it follows the
    grid model's row signals, so the two views stay aligned)."""

    def __init__(self, grid: PlanningGridModel, parent: QObject | None = None):
        super().__init__(parent)
        self.grid = grid
        self._by_child = grid.by_child
        grid.modelAboutToBeReset.connect(self.beginResetModel)
        grid.modelReset.connect(self._reset_done)
        grid.rowsAboutToBeInserted.connect(
            lambda _p, first, last: self.beginInsertRows(QModelIndex(), first, last)
        )
        grid.rowsInserted.connect(self.endInsertRows)
        grid.rowsAboutToBeRemoved.connect(
            lambda _p, first, last: self.beginRemoveRows(QModelIndex(), first, last)
        )
        grid.rowsRemoved.connect(self.endRemoveRows)
        grid.rowsAboutToBeMoved.connect(
            lambda _sp, first, last, _dp, dest: self.beginMoveRows(
                QModelIndex(), first, last, QModelIndex(), dest
            )
        )
        grid.rowsMoved.connect(self.endMoveRows)
        grid.headerDataChanged.connect(self._names_changed)

    def _reset_done(self) -> None:
        self._by_child = self.grid.by_child
        self.endResetModel()

    def _names_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Vertical and first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    @property
    def columns(self) -> Sequence[InfoColumn]:
        return SERVICE_COLUMNS if self._by_child else CHILD_COLUMNS

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else self.grid.rowCount()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def text(self, row: int, column: int) -> str:
        line = self.grid.line(row)
        if self._by_child:
            service = line.service
            return service.structure_name if column == 0 else service.name
        child = line.child
        if child is None:
            return ""
        if column == 0:
            return child.name
        if column == 1:
            return child.school_class
        if column == 2:
            month = self.grid.month
            return f"{child.age_on(month)} ans" if month is not None else ""
        return child.health_mark

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        if role == Role.DisplayRole:
            return self.text(row, column)
        if role == Role.ToolTipRole:
            if self._by_child:
                return plain_tip(self.grid.line(row).service.full_name)
            return plain_tip(self.text(row, column))
        if role == LineRole:
            return self.grid.line(row)
        if not self._by_child and column == 3:
            brushes = HEALTH_BRUSHES.get(self.text(row, column))
            if brushes is not None and role == Role.BackgroundRole:
                return brushes[0]
            if brushes is not None and role == Role.ForegroundRole:
                return brushes[1]
            if role == Role.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
        if role == Role.TextAlignmentRole and not self._by_child and column == 2:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Role.DisplayRole:
            return column.title
        if role == Role.ToolTipRole and column.tooltip:
            return plain_tip(column.tooltip)
        return None


# ----------------------------------------------------------------------------- the footer

FOOTER_ROWS = ("Enfants attendus", "Places restantes")
FOOTER_TIPS = (
    "Enfants qui prennent une place ce jour-là (réservations en attente comprises)",
    "Places restantes ce jour-là (vert : libre ; orange : presque complet ; rouge : complet)",
)


class FooterModel(QAbstractTableModel):
    """Under the days: the children taking a place and the places left (a service's month)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.occupancy: list[Occupancy] = []
        self.open: list[bool] = []  # the service runs that day
        self.days: list[dt.date] = []
        self.today_column = -1

    def set_month(self, month: Month) -> None:
        if isinstance(month, ServiceMonth):
            occupancy = list(month.occupancy)
            open_days = [closure is None for closure in month.closures]
        else:
            occupancy, open_days = [], []
        days = list(month.days)
        if days != self.days or len(occupancy) != len(self.occupancy):
            self.beginResetModel()
            self.occupancy, self.open, self.days = occupancy, open_days, days
            self.today_column = next((i for i, d in enumerate(days) if d == month.today), -1)
            self.endResetModel()
            return
        changed = [  # (a child's month, or a first screen, has no footer: nothing to compare)
            i
            for i in range(len(occupancy))
            if occupancy[i] != self.occupancy[i] or open_days[i] != self.open[i]
        ]
        self.occupancy, self.open = occupancy, open_days
        for first, last in _ranges(changed):
            self.dataChanged.emit(self.index(0, first), self.index(1, last))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() or not self.occupancy else len(FOOTER_ROWS)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.occupancy)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    def text(self, row: int, column: int) -> str:
        if not self.open[column]:
            return ""
        occupancy = self.occupancy[column]
        if row == 0:
            return str(occupancy.used)
        left = occupancy.left
        return "∞" if left is None else str(left)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        occupancy = self.occupancy[column]
        if role == Role.DisplayRole:
            return self.text(row, column)
        if role == Role.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if not self.open[column]:
            if role == Role.BackgroundRole:
                return PALETTE[CellState.NO_SERVICE].brush
            return None
        if role == Role.BackgroundRole and row == 1:
            return FILL_COLOURS[occupancy.fill][0]
        if role == Role.ForegroundRole and row == 1:
            return FILL_COLOURS[occupancy.fill][1]
        if role == Role.BackgroundRole and column == self.today_column:
            return QBrush(TODAY_HEADER)
        if role == Role.ToolTipRole:
            return plain_tip(self.tooltip(column))
        if role == Role.UserRole:
            return occupancy
        return None

    def tooltip(self, column: int) -> str:
        occupancy = self.occupancy[column]
        lines = [long_date(self.days[column])]
        lines.append(f"Enfants attendus : {occupancy.used}")
        if occupancy.pending:
            lines.append(f"dont {occupancy.pending} réservation(s) en attente de décision")
        if occupancy.capacity is None:
            lines.append("Places : sans limite")
        else:
            lines.append(f"Places : {occupancy.capacity} ; restantes : {occupancy.left}")
            lines.append(occupancy.fill.label)
        return "\n".join(lines)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(FOOTER_ROWS):
            if role == Role.DisplayRole:
                return FOOTER_ROWS[section]
            if role == Role.ToolTipRole:
                return plain_tip(FOOTER_TIPS[section])
        return None
