"""One table model for every list of the app: rows keyed by id, refreshed in place.

A list that reloads must not lose the user's place. `KeyedModel` holds plain rows (frozen
dataclasses) keyed by a value (usually the row's id), with columns declared once:

    model = KeyedModel([Column("Nom", lambda r: r.name), Column("Ville", lambda r: r.city)])
    model.update_rows(rows)            # the whole new list: diffed against what is shown
    model.refresh_keys({3, 7}, rows)   # only these keys changed: rows holds what they are now

Neither resets the model: a vanished key is removed (rowsRemoved), a new one inserted at its
place (rowsInserted), one that moved is moved (rowsMoved) and one whose content changed gets
dataChanged, for its changed columns only. Selection and current index, which the views keep
through persistent indexes, therefore survive a refresh; `model.attach(view)` also keeps the
rows the user is looking at in view when rows come or go above them (ScrollAnchor).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from .plaintext import plain_tip

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header and how a row shows in it."""

    title: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None  # shown literally (plain_tip)
    align_right: bool = False
    align_top: bool = False  # beside a cell of several lines, start at the top


class KeyedModel(QAbstractTableModel, Generic[R]):
    KeyRole = Role.UserRole  # the row's key
    RowRole = Role.UserRole + 1  # the row itself

    def __init__(
        self,
        columns: Sequence[Column[R]],
        key: Callable[[R], Hashable] = lambda row: row.id,  # type: ignore[attr-defined]
        *,
        sort_key: Callable[[R], Any] | None = None,
        bold: Callable[[R], bool] | None = None,
        foreground: Callable[[R], QColor | None] | None = None,
        parent: QObject | None = None,
    ):
        """`sort_key` orders the rows (else they keep the order they are given in, and rows
        new to `refresh_keys` go last); `bold` and `foreground` style a whole row."""
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._sort_key = sort_key
        self._bold = bold
        self._foreground = foreground
        self._rows: list[R] = []
        self._keys: list[Hashable] = []
        self._index_cache: dict[Hashable, int] | None = {}
        self.resets = 0  # tests check it stays 0: updates never reset

    # reading ------------------------------------------------------------------------------------
    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def keys(self) -> list[Hashable]:
        return list(self._keys)

    def row_of(self, key: Hashable) -> int:
        """The row showing `key`, -1 when none does."""
        return self._index.get(key, -1)

    def get(self, key: Hashable) -> R | None:
        row = self._index.get(key)
        return self._rows[row] if row is not None else None

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def key_at(self, row: int) -> Hashable:
        return self._keys[row]

    def text(self, row: int, column: int) -> str:
        return self.columns[column].text(self._rows[row])

    # Qt's model API -----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Role.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Role.DisplayRole:
            return column.text(row)
        if role == self.KeyRole:
            return self._keys[index.row()]
        if role == self.RowRole:
            return row
        if role == Role.ToolTipRole and column.tooltip is not None:
            return plain_tip(column.tooltip(row))
        if role == Role.FontRole and self._bold is not None and self._bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Role.ForegroundRole and self._foreground is not None:
            color = self._foreground(row)
            return QBrush(color) if color is not None else None
        if role == Role.TextAlignmentRole and (column.align_right or column.align_top):
            across = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            down = Qt.AlignmentFlag.AlignTop if column.align_top else Qt.AlignmentFlag.AlignVCenter
            return int(across | down)
        return None

    def attach(self, view: QAbstractItemView) -> None:
        """Show this model in `view`, keeping its scroll anchored (see ScrollAnchor)."""
        view.setModel(self)
        ScrollAnchor(view, self)

    # updating -----------------------------------------------------------------------------------
    def update_rows(self, rows: Iterable[R]) -> None:
        """Show exactly `rows` (sorted by `sort_key` if there is one), changing only what
        differs from what is shown."""
        new = list(rows)
        if self._sort_key is not None:
            new.sort(key=self._sort_key)
        self._apply(new)

    def refresh_keys(self, keys: Iterable[Hashable], rows: Iterable[R]) -> None:
        """`keys` may have changed and `rows` is what they are now: a key without a row is
        removed, a row with a new key inserted at its place; every other row stays as is."""
        fresh = {self._key(row): row for row in rows}
        gone = set(keys) - set(fresh)
        new: list[R] = []
        for key, row in zip(self._keys, self._rows, strict=True):
            if key in gone:
                continue
            new.append(fresh.pop(key, row))
        new.extend(fresh.values())
        self.update_rows(new)

    def clear(self) -> None:
        self.update_rows([])

    def _apply(self, new: list[R]) -> None:
        new_keys = [self._key(row) for row in new]
        if len(set(new_keys)) != len(new_keys):
            raise ValueError("KeyedModel: two rows share a key")
        wanted = set(new_keys)
        self._remove_vanished(wanted)
        kept = set(self._keys)
        if [key for key in new_keys if key in kept] == self._keys:
            self._insert_in_order(new, new_keys, kept)
            return
        position = 0
        while position < len(new):
            key = new_keys[position]
            current = self._index.get(key)
            if current is None:
                # A run of new keys goes in with one insert.
                end = position
                while end < len(new) and new_keys[end] not in self._index:
                    end += 1
                self._insert(position, new[position:end], new_keys[position:end])
                position = end
                continue
            if current != position:
                self._move(current, position)
            self._replace(position, new[position])
            position += 1

    def _insert_in_order(self, new: list[R], new_keys: list[Hashable], kept: set[Hashable]) -> None:
        """The rows kept are already in their new order (a filter widened, rows added): only
        inserts, found in one pass; no lookup by key, so no index rebuilt between them."""
        position = 0
        while position < len(new):
            if new_keys[position] in kept:
                self._replace(position, new[position])
                position += 1
                continue
            end = position
            while end < len(new) and new_keys[end] not in kept:
                end += 1
            self._insert(position, new[position:end], new_keys[position:end])
            position = end

    def _remove_vanished(self, wanted: set[Hashable]) -> None:
        row = len(self._keys) - 1
        while row >= 0:
            if self._keys[row] in wanted:
                row -= 1
                continue
            last = row
            while row >= 0 and self._keys[row] not in wanted:
                row -= 1
            first = row + 1
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            del self._keys[first : last + 1]
            self._reindex()
            self.endRemoveRows()

    def _insert(self, position: int, rows: list[R], keys: list[Hashable]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self._keys[position:position] = keys
        self._reindex()
        self.endInsertRows()

    def _move(self, source: int, destination: int) -> None:
        """Move one row up to `destination` (the diff only ever moves rows up)."""
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        self._rows.insert(destination, self._rows.pop(source))
        self._keys.insert(destination, self._keys.pop(source))
        self._reindex()
        self.endMoveRows()

    def _replace(self, position: int, row: R) -> None:
        old = self._rows[position]
        if old == row:
            return
        self._rows[position] = row
        changed = [
            c
            for c, column in enumerate(self.columns)
            if column.text(old) != column.text(row)
            or (column.tooltip is not None and column.tooltip(old) != column.tooltip(row))
        ]
        styled = (self._bold is not None and self._bold(old) != self._bold(row)) or (
            self._foreground is not None and self._foreground(old) != self._foreground(row)
        )
        if styled or not changed:
            # The style of the whole row changed, or only what no column shows (a version):
            # the views may still read it (RowRole), so tell them about the whole row.
            first, last = 0, len(self.columns) - 1
        else:
            first, last = changed[0], changed[-1]
        self.dataChanged.emit(self.index(position, first), self.index(position, last))

    def _reindex(self) -> None:
        """The rows moved: the key → row index is rebuilt when next read, not now, so a diff
        of thousands of scattered removals or inserts does not rebuild it thousands of times."""
        self._index_cache = None

    @property
    def _index(self) -> dict[Hashable, int]:
        if self._index_cache is None:
            self._index_cache = {key: row for row, key in enumerate(self._keys)}
        return self._index_cache

    # resetting is what this model exists to avoid: count it if anyone ever does -------------------
    def beginResetModel(self) -> None:  # noqa: N802 (Qt API)
        self.resets += 1
        super().beginResetModel()


def list_view(model: KeyedModel[Any], object_name: str, parent: QWidget) -> QTableView:
    """A read-only list of `model`'s rows: whole rows selected one at a time, no editing,
    alternate colours, no row numbers, the scroll anchored (`attach`)."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    model.attach(table)
    return table


class ScrollAnchor(QObject):
    """Keeps a scrolled view on the rows it shows while rows are inserted, removed or moved
    above them (a parent's new request arriving at the top of a list read further down). A
    view scrolled to the very top stays there, so that what arrives at the top is seen."""

    def __init__(self, view: QAbstractItemView, model: KeyedModel[Any]):
        super().__init__(view)
        self._view = view
        self._model = model
        self._top: Hashable | None = None
        for before in (
            model.rowsAboutToBeInserted,
            model.rowsAboutToBeRemoved,
            model.rowsAboutToBeMoved,
        ):
            before.connect(self._note)
        for after in (model.rowsInserted, model.rowsRemoved, model.rowsMoved):
            after.connect(self._restore)

    def _note(self, *_args: Any) -> None:
        self._top = None
        if self._view.verticalScrollBar().value() == 0:
            return
        top = self._view.indexAt(QPoint(1, 1))
        if top.isValid():
            self._top = self._model.key_at(top.row())

    def _restore(self, *_args: Any) -> None:
        key, self._top = self._top, None
        row = self._model.row_of(key) if key is not None else -1
        top = self._view.indexAt(QPoint(1, 1))
        if row >= 0 and top.isValid() and top.row() != row:
            self._view.scrollTo(
                self._model.index(row, top.column()),
                QAbstractItemView.ScrollHint.PositionAtTop,
            )
