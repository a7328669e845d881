"""The keyed model refreshes in place: inserts, removals, moves and dataChanged, never a reset,
so a view keeps its selection and its scroll position."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QTableView

from portail_admin.desktop.keyed_model import Column, KeyedModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    city: str = ""
    version: int = 1


def model(sorted_by_name: bool = True) -> KeyedModel[Row]:
    return KeyedModel(
        [Column("Nom", lambda r: r.name), Column("Ville", lambda r: r.city)],
        sort_key=(lambda r: (r.name, r.id)) if sorted_by_name else None,
    )


class Spies:
    def __init__(self, m: KeyedModel[Row]):
        self.inserted = QSignalSpy(m.rowsInserted)
        self.removed = QSignalSpy(m.rowsRemoved)
        self.moved = QSignalSpy(m.rowsMoved)
        self.changed = QSignalSpy(m.dataChanged)
        self.reset = QSignalSpy(m.modelReset)

    def counts(self) -> tuple[int, int, int, int, int]:
        return (
            self.inserted.count(),
            self.removed.count(),
            self.moved.count(),
            self.changed.count(),
            self.reset.count(),
        )


def test_first_fill_inserts_in_sort_order(qapp):
    m = model()
    spies = Spies(m)
    m.update_rows([Row(1, "Martin"), Row(2, "Dupont"), Row(3, "Bernard")])
    assert [m.text(r, 0) for r in range(m.rowCount())] == ["Bernard", "Dupont", "Martin"]
    assert spies.counts() == (1, 0, 0, 0, 0)  # one insert of three rows
    assert m.row_of(2) == 1 and m.get(3) == Row(3, "Bernard") and m.row_of(9) == -1


def test_changed_row_gets_data_changed_for_its_changed_columns_only(qapp, qtbot):
    m = model()
    m.update_rows([Row(1, "Martin", "Alix"), Row(2, "Dupont", "Lyon")])
    spies = Spies(m)
    with qtbot.waitSignal(m.dataChanged, timeout=1000) as got:
        m.update_rows([Row(1, "Martin", "Anse"), Row(2, "Dupont", "Lyon")])
    top_left, bottom_right = got.args[0], got.args[1]
    assert (top_left.row(), top_left.column()) == (1, 1)
    assert (bottom_right.row(), bottom_right.column()) == (1, 1)
    assert spies.counts() == (0, 0, 0, 1, 0)
    # The same rows again: nothing at all.
    m.update_rows([Row(1, "Martin", "Anse"), Row(2, "Dupont", "Lyon")])
    assert spies.counts() == (0, 0, 0, 1, 0)
    # Only a field no column shows (the version): the whole row is announced.
    with qtbot.waitSignal(m.dataChanged, timeout=1000) as got:
        m.update_rows([Row(1, "Martin", "Anse", version=2), Row(2, "Dupont", "Lyon")])
    assert (got.args[0].column(), got.args[1].column()) == (0, 1)
    assert m.get(1).version == 2


def test_vanished_and_new_keys_are_removed_and_inserted(qapp, qtbot):
    m = model()
    m.update_rows([Row(1, "A"), Row(2, "B"), Row(3, "C"), Row(4, "D")])
    spies = Spies(m)
    with qtbot.waitSignals([m.rowsRemoved, m.rowsInserted], timeout=1000):
        m.update_rows([Row(1, "A"), Row(4, "D"), Row(5, "BB")])
    assert m.keys() == [1, 5, 4]
    inserted, removed, _moved, changed, reset = spies.counts()
    assert removed == 1  # 2 and 3 are next to each other: one removal
    assert spies.removed.at(0)[1:] == [1, 2]
    assert inserted == 1 and spies.inserted.at(0)[1:] == [1, 1]
    assert changed == 0 and reset == 0


def test_a_renamed_row_moves_to_its_new_place(qapp, qtbot):
    m = model()
    m.update_rows([Row(1, "A"), Row(2, "B"), Row(3, "C")])
    spies = Spies(m)
    with qtbot.waitSignal(m.rowsMoved, timeout=1000):
        m.update_rows([Row(1, "Z"), Row(2, "B"), Row(3, "C")])
    assert m.keys() == [2, 3, 1]
    assert spies.reset.count() == 0 and spies.inserted.count() == 0


def test_refresh_keys_touches_only_those_keys(qapp):
    m = model(sorted_by_name=False)
    m.update_rows([Row(1, "A"), Row(2, "B"), Row(3, "C")])
    spies = Spies(m)
    m.refresh_keys({2, 3, 7}, [Row(2, "B2"), Row(7, "G")])
    assert m.keys() == [1, 2, 7]  # 3 gone, 7 added last (no sort key), 1 untouched
    assert m.text(1, 0) == "B2"
    assert spies.counts() == (1, 1, 0, 1, 0)


def test_two_rows_with_one_key_are_refused(qapp):
    with pytest.raises(ValueError):
        model().update_rows([Row(1, "A"), Row(1, "B")])


def test_a_view_keeps_its_selection_and_scroll_through_updates(qapp, qtbot):
    m = model()
    rows = [Row(i, f"Famille {i:03}") for i in range(200)]
    m.update_rows(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(m)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.resize(400, 200)
    view.show()
    view.selectRow(120)
    view.setCurrentIndex(m.index(120, 0))
    view.scrollTo(m.index(120, 0))
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=1000)
    scroll = bar.value()
    reset = QSignalSpy(m.modelReset)
    # Someone renames row 120 (it stays in place), another family arrives at the end and one
    # far below the viewport is deleted.
    rows[120] = Row(120, "Famille 120 bis")
    m.update_rows([*rows[:150], *rows[151:], Row(500, "Famille 999")])
    assert reset.count() == 0 and m.resets == 0
    assert view.currentIndex().row() == m.row_of(120)
    selected = view.selectionModel().selectedRows()
    assert [m.key_at(i.row()) for i in selected] == [120]
    assert bar.value() == scroll
    # A row above the selection is removed: the selection follows its row.
    m.update_rows([r for r in m.rows if r.id != 10])
    assert [m.key_at(i.row()) for i in view.selectionModel().selectedRows()] == [120]
    assert view.currentIndex().row() == m.row_of(120) == 119
    # A renamed row that moves takes its selection along.
    m.update_rows([Row(120, "Aaa"), *(r for r in m.rows if r.id != 120)])
    assert m.row_of(120) == 0
    assert [m.key_at(i.row()) for i in view.selectionModel().selectedRows()] == [120]
    assert m.resets == 0


def test_an_attached_view_keeps_the_rows_it_shows_when_rows_arrive_above(qapp, qtbot):
    """Newest first: a row arriving at the top of a list read further down does not push
    what the user reads down; at the very top, the new row is shown."""
    m = KeyedModel([Column("Nom", lambda r: r.name)])
    m.update_rows([Row(i, f"Demande {i}") for i in range(100, 0, -1)])
    view = QTableView()
    qtbot.addWidget(view)
    m.attach(view)
    view.resize(300, 200)
    view.show()
    view.scrollTo(m.index(50, 0), QTableView.ScrollHint.PositionAtTop)
    top = view.indexAt(QPoint(1, 1))
    shown = m.key_at(top.row())
    m.update_rows([Row(101, "Demande 101"), Row(102, "Demande 102"), *m.rows])
    m.update_rows([Row(102, "Demande 102"), *(r for r in m.rows if r.id != 102)])  # moved up
    m.update_rows([r for r in m.rows if r.id != 100])  # one above removed
    assert m.key_at(view.indexAt(QPoint(1, 1)).row()) == shown
    view.scrollToTop()
    m.update_rows([Row(103, "Demande 103"), *m.rows])
    assert m.key_at(view.indexAt(QPoint(1, 1)).row()) == 103


def test_a_filter_narrowed_then_widened_removes_and_inserts_runs_and_keeps_the_order(qtbot):
    """Every 4th row kept, then all back: the kept rows never move, so the diff is runs of
    removals then runs of inserts (no move, no reset), and the result is exactly the list."""
    m = model(sorted_by_name=False)
    rows = [Row(i, f"n{i:05d}") for i in range(2000)]
    m.update_rows(rows)
    kept = [r for r in rows if r.id % 4 == 0]
    spies = Spies(m)
    m.update_rows(kept)
    assert m.keys() == [r.id for r in kept]
    m.update_rows(rows)
    assert m.keys() == [r.id for r in rows]
    assert [m.row_of(r.id) for r in rows[:9]] == list(range(9))
    inserted, removed, moved, _, reset = spies.counts()
    assert (moved, reset) == (0, 0)
    assert removed == inserted == 500  # a run of three rows between each kept one
