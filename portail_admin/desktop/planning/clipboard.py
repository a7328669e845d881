"""Copy and paste of planning cells (Ctrl+C / Ctrl+V), e.g. a week onto the next one.

A copy takes the rectangle around the selected cells: each selected cell's values (booking and
attendance; never its lock). Left out of the paste: the cells inside the rectangle that were
not selected, and the days without service; an empty value is not pasted on a closed day
either (nothing to clear there, no "case ignorée" to count). A cell without a row copies as
what it shows: booked by the enrolment's pattern (Régulier) or not booked, so a week of
pattern days pasted on a week of pattern days changes nothing. The clipboard gets the cells in
a format of ours (JSON) and, for a spreadsheet, the legend's symbols as tab-separated text.

A paste writes the block from the current cell (its top-left corner there), clipped to the
grid, through `edits.apply_values` (each cell checked as the action leading to its value).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QModelIndex

from ...core.models.enums import Attendance, Booking
from ...core.planning.edits import Target, Values
from .grid_model import PlanningGridModel

MIME = "application/x-portail-planning-cells"


class _Hole:
    """A cell inside the copied rectangle that was not selected: the paste leaves it alone."""

    def __repr__(self) -> str:
        return "HOLE"


HOLE = _Hole()
Cell = Values | _Hole


@dataclass(frozen=True)
class Block:
    rows: tuple[tuple[Cell, ...], ...]
    text: str = ""  # the symbols, tab-separated (for a spreadsheet)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    @property
    def cells(self) -> int:
        return sum(1 for row in self.rows for cell in row if cell is not HOLE)


def shown_values(model: PlanningGridModel, row: int, column: int) -> Values:
    """A cell's values as the grid shows them (a pattern day without a row reads Régulier)."""
    line = model.line(row)
    cell = line.cells.get(column)
    if cell is not None:
        return Values(cell.booking, cell.attendance)
    facts = model.facts(model.index(row, column))
    return Values(Booking.REGULAR if facts.pattern_booked else Booking.NONE, Attendance.UNKNOWN)


def _carries(model: PlanningGridModel, row: int, column: int) -> bool:
    """A closed day carries nothing to paste (unless something is recorded on it)."""
    line = model.line(row)
    return line.closures[column] is None or column in line.cells


def _empty(values: Values) -> bool:
    return values.booking is Booking.NONE and values.attendance is Attendance.UNKNOWN


def copy_block(model: PlanningGridModel, indexes: Iterable[QModelIndex]) -> Block | None:
    """The rectangle around `indexes` (None when nothing is selected)."""
    chosen = {(i.row(), i.column()) for i in indexes if i.isValid()}
    if not chosen:
        return None
    top = min(r for r, _ in chosen)
    bottom = max(r for r, _ in chosen)
    left = min(c for _, c in chosen)
    right = max(c for _, c in chosen)
    rows: list[tuple[Cell, ...]] = []
    lines: list[str] = []
    for row in range(top, bottom + 1):
        cells: list[Cell] = []
        symbols: list[str] = []
        for column in range(left, right + 1):
            if (row, column) in chosen and _carries(model, row, column):
                cells.append(shown_values(model, row, column))
                symbols.append(model.state(row, column).symbol)
            else:
                cells.append(HOLE)
                symbols.append("")
        rows.append(tuple(cells))
        lines.append("\t".join(symbols))
    return Block(tuple(rows), "\n".join(lines) + "\n")


def to_mime(block: Block) -> QMimeData:
    data = QMimeData()
    payload = [
        [None if cell is HOLE else [cell.booking.value, cell.attendance.value] for cell in row]
        for row in block.rows
    ]
    data.setData(MIME, json.dumps({"cells": payload}).encode("utf-8"))
    data.setText(block.text)
    return data


def from_mime(data: QMimeData | None) -> Block | None:
    """The block in the clipboard, None when it holds no planning cells (or unreadable ones)."""
    if data is None or not data.hasFormat(MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME)).decode("utf-8"))
        rows = tuple(
            tuple(
                HOLE if cell is None else Values(Booking(cell[0]), Attendance(cell[1]))
                for cell in row
            )
            for row in payload["cells"]
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    if not rows or len({len(row) for row in rows}) != 1:
        return None
    return Block(rows, data.text())


def paste_targets(
    model: PlanningGridModel, top: int, left: int, block: Block
) -> dict[int, list[tuple[Target, Values | None]]]:
    """The values to write, by service, with the block's corner on (top, left), clipped."""
    out: dict[int, list[tuple[Target, Values | None]]] = {}
    for i, cells in enumerate(block.rows):
        row = top + i
        if row >= model.rowCount():
            break
        for j, cell in enumerate(cells):
            column = left + j
            if column >= model.columnCount():
                break
            if cell is HOLE:
                continue
            index = model.index(row, column)
            if _empty(cell) and model.line(row).closures[column] is not None:
                continue  # nothing to clear on a day without service: not worth a refusal
            out.setdefault(model.service_of(index), []).append((model.target(index), cell))
    return out


def corner(indexes: Sequence[QModelIndex], current: QModelIndex) -> tuple[int, int] | None:
    """Where a paste goes: the top-left of the selection when there is one, else the current
    cell."""
    valid = [i for i in indexes if i.isValid()]
    if valid:
        return min(i.row() for i in valid), min(i.column() for i in valid)
    if current.isValid():
        return current.row(), current.column()
    return None
