"""The planning grid's models and view (desktop/planning): qtmodeltester, the World's month
shown with the core's states, in-place updates (never a reset), the footer's counts, the search
and the painting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QSignalSpy

from portail_admin.core import db
from portail_admin.core.models import PlanningCell
from portail_admin.core.models.enums import Attendance, Booking
from portail_admin.core.planning import month as planning_month
from portail_admin.core.planning.states import CellState
from portail_admin.desktop.planning.grid_model import (
    LineInfoModel,
    LockRole,
    PendingRole,
    PlanningGridModel,
    StateRole,
)
from portail_admin.desktop.planning.grid_view import PlanningGrid
from tests.world import build_world

APRIL = dt.date(2015, 4, 1)
MAY = dt.date(2015, 5, 1)


@pytest.fixture
def world(session_factory: Any, pinned_clock: dt.date) -> Any:
    return build_world(session_factory)


def read_month(factory: Any, service_id: int, month: dt.date, **kw: Any) -> Any:
    with factory() as session:
        return planning_month.service_month(session, service_id, month, **kw)


def test_model_passes_qtmodeltester(qtmodeltester: Any, session_factory: Any, world: Any) -> None:
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, world.services["wednesday"], APRIL))
    qtmodeltester.check(model)
    qtmodeltester.check(LineInfoModel(model))
    qtmodeltester.check(model.footer)


def test_model_passes_qtmodeltester_by_child(
    qtmodeltester: Any, session_factory: Any, world: Any
) -> None:
    model = PlanningGridModel()
    with session_factory() as session:
        model.set_month(planning_month.child_month(session, world.child_id, APRIL))
    assert model.rowCount() == 4 and model.by_child
    qtmodeltester.check(model)
    qtmodeltester.check(LineInfoModel(model))


def test_world_month_shows_the_core_states(qapp: Any, session_factory: Any, world: Any) -> None:
    month = read_month(session_factory, world.services["wednesday"], APRIL)
    model = PlanningGridModel()
    model.set_month(month)
    assert model.rowCount() == 2 and model.columnCount() == 30
    lea = model.row_of_child(world.child_id)
    assert model.line(lea).child.first_name == "LÉA"
    reserved = model.index(lea, model.column_of(dt.date(2015, 4, 8)))
    assert reserved.data(StateRole) is CellState.RESERVED
    assert reserved.data() == "✓"
    assert reserved.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#2e7d32"
    easter = model.index(lea, model.column_of(dt.date(2015, 4, 6)))
    assert easter.data(StateRole) is CellState.PUBLIC_HOLIDAY and easter.data() == "F"
    assert "Lundi de Pâques" in model.tooltip(lea, easter.column())
    holidays = model.index(lea, model.column_of(dt.date(2015, 4, 15)))
    assert holidays.data(StateRole) is CellState.SHORT_HOLIDAYS
    assert model.index(lea, 0).data(LockRole) is None
    assert model.index(lea, 0).data(PendingRole) == []
    # Every cell says what the core derived.
    for row, line in enumerate(month.lines):
        for column, state in enumerate(line.states):
            index = model.index(row, column)
            assert index.data(StateRole) is state
            assert index.data() == state.symbol
            assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == state.colour
    # The editing code's view of a cell.
    target = model.target(reserved)
    assert (target.child_id, target.day, target.version) == (
        world.child_id,
        dt.date(2015, 4, 8),
        month.lines[lea].version(reserved.column()),
    )
    assert model.facts(reserved).booking is Booking.RESERVED
    assert model.service_id == world.services["wednesday"] and model.month == APRIL


def test_headers_are_french_days_with_today_marked(
    qapp: Any, session_factory: Any, world: Any
) -> None:
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, world.services["wednesday"], MAY))
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Ve\n01"
    today = model.today_column
    assert model.day(today) == dt.date(2015, 5, 4)
    assert model.headerData(today, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    assert "aujourd" in model.headerData(
        today, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )


def write_cell(factory: Any, child_id: int, service_id: int, day: dt.date, **values: Any) -> None:
    with db.transaction(factory, "staff:nancy") as session:
        session.add(PlanningCell(child_id=child_id, service_id=service_id, day=day, **values))


def test_update_lines_changes_only_the_changed_cells(
    qapp: Any, qtbot: Any, session_factory: Any, world: Any
) -> None:
    service = world.services["wednesday"]
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, service, MAY))
    changes = QSignalSpy(model.dataChanged)
    resets = QSignalSpy(model.modelReset)
    write_cell(
        session_factory,
        world.other_child_id,
        service,
        dt.date(2015, 5, 27),
        booking=Booking.RESERVED,
        locked_reason="Facturé",
    )
    model.update_lines(read_month(session_factory, service, MAY))
    assert resets.count() == 0 and model.resets == 1  # the first set_month only
    assert changes.count() == 1
    first, last = changes.at(0)[0], changes.at(0)[1]
    row = model.row_of_child(world.other_child_id)
    assert (first.row(), first.column()) == (row, 26) == (last.row(), last.column())
    index = model.index(row, 26)
    assert index.data(StateRole) is CellState.RESERVED
    assert index.data(LockRole) == "Facturé"
    assert "Case verrouillée : Facturé" in model.tooltip(row, 26)
    assert model.paint_key(row, 26) == (CellState.RESERVED, True, False)


def test_update_lines_inserts_and_removes_children(
    qapp: Any, qtbot: Any, session_factory: Any, world: Any
) -> None:
    service = world.services["canteen"]
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, service, MAY))
    assert model.rowCount() == 1
    info = LineInfoModel(model)
    inserted = QSignalSpy(model.rowsInserted)
    # Hugo gets a cell in the canteen (not enrolled: the core shows him, in error).
    write_cell(
        session_factory,
        world.other_child_id,
        service,
        dt.date(2015, 5, 4),
        attendance=Attendance.PRESENT,
    )
    model.update_lines(read_month(session_factory, service, MAY))
    assert inserted.count() == 1 and model.rowCount() == 2 and info.rowCount() == 2
    assert model.resets == 1
    hugo = model.row_of_child(world.other_child_id)
    assert info.index(hugo, 0).data() == "MARTIN HUGO"
    removed = QSignalSpy(model.rowsRemoved)
    with db.transaction(session_factory, "staff:nancy") as session:
        session.query(PlanningCell).filter_by(child_id=world.other_child_id).delete()
    model.update_lines(read_month(session_factory, service, MAY))
    assert removed.count() == 1 and model.rowCount() == 1 and info.rowCount() == 1
    assert model.resets == 1


def test_another_month_resets_once(qapp: Any, session_factory: Any, world: Any) -> None:
    service = world.services["wednesday"]
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, service, APRIL))
    model.set_month(read_month(session_factory, service, APRIL))
    assert model.resets == 1
    model.set_month(read_month(session_factory, service, MAY))
    assert model.resets == 2 and model.columnCount() == 31


def test_footer_counts_are_the_occupancy(qapp: Any, session_factory: Any, world: Any) -> None:
    service = world.services["wednesday"]
    month = read_month(session_factory, service, MAY)
    model = PlanningGridModel()
    model.set_month(month)
    footer = model.footer
    assert footer.rowCount() == 2 and footer.columnCount() == 31
    for column, occupancy in enumerate(month.occupancy):
        open_day = month.closures[column] is None
        used = footer.index(0, column).data()
        left = footer.index(1, column).data()
        if open_day:
            assert used == str(occupancy.used)
            assert left == ("∞" if occupancy.left is None else str(occupancy.left))
        else:
            assert used == left == ""
    wednesday_20 = model.column_of(dt.date(2015, 5, 20))
    assert footer.index(0, wednesday_20).data() == "1"
    assert footer.index(1, wednesday_20).data() == "19"


def test_search_finds_children_without_accents(qapp: Any, session_factory: Any, world: Any) -> None:
    model = PlanningGridModel()
    model.set_month(read_month(session_factory, world.services["wednesday"], MAY))
    assert model.find_rows("lea") == [model.row_of_child(world.child_id)]
    assert model.find_rows("DUPONT Léa") == [model.row_of_child(world.child_id)]
    assert model.find_rows("martin") == [model.row_of_child(world.other_child_id)]
    assert model.find_rows("zzz") == [] and model.find_rows("  ") == []


def test_grid_view_paints_and_keeps_columns_aligned(
    qtbot: Any, session_factory: Any, world: Any
) -> None:
    grid = PlanningGrid()
    qtbot.addWidget(grid)
    grid.resize(900, 400)
    grid.model.set_month(read_month(session_factory, world.services["wednesday"], MAY))
    grid.show()
    qtbot.waitExposed(grid)
    assert grid.names.model().rowCount() == 2
    lea = grid.model.row_of_child(world.child_id)
    column = grid.model.column_of(dt.date(2015, 5, 20))  # réservé: green
    grid.cells.scrollTo(grid.model.index(lea, column))
    image = QImage(grid.size(), QImage.Format.Format_ARGB32)
    grid.render(image)
    rect = grid.cells.visualRect(grid.model.index(lea, column))
    centre = grid.cells.viewport().mapTo(grid, rect.topLeft()) + rect.center() - rect.topLeft()
    pixel = image.pixelColor(centre.x() - 8, centre.y() - 6)
    assert pixel.name() == CellState.RESERVED.colour
    # The footer's columns stay under the days when scrolling.
    grid.hbar.setValue(grid.hbar.maximum())
    assert grid.footer.horizontalScrollBar().value() == grid.cells.horizontalScrollBar().value()
    assert grid.footer.columnViewportPosition(column) == grid.cells.columnViewportPosition(column)


def test_jump_selects_and_shows_the_row(qtbot: Any, session_factory: Any, world: Any) -> None:
    grid = PlanningGrid()
    qtbot.addWidget(grid)
    grid.model.set_month(read_month(session_factory, world.services["wednesday"], MAY))
    grid.show()
    row = grid.model.row_of_child(world.other_child_id)
    grid.jump_to_row(row)
    assert grid.cells.currentIndex().row() == row
    assert grid.cells.currentIndex().column() == grid.model.today_column
    assert grid.names.selectionModel().isRowSelected(row)
    target = grid.current_target()
    assert target.child_id == world.other_child_id and target.day == dt.date(2015, 5, 4)
    flags = QItemSelectionModel.SelectionFlag
    grid.cells.selectionModel().select(grid.model.index(0, 0), flags.Select)
    assert len(grid.selected_indexes()) == 2


def test_a_renamed_child_moves_under_the_model_tester(
    qtmodeltester: Any, session_factory: Any, world: Any
) -> None:
    """Rows move (a renamed child), come and go, with the model tester watching each signal."""
    from portail_admin.core.models import Child

    service = world.services["wednesday"]
    model = PlanningGridModel()
    info = LineInfoModel(model)
    model.set_month(read_month(session_factory, service, MAY))
    qtmodeltester.check(model)
    assert model.row_of_child(world.other_child_id) == 1  # MARTIN after DUPONT
    moved = QSignalSpy(model.rowsMoved)
    with db.transaction(session_factory, "staff:nancy") as session:
        session.get(Child, world.other_child_id).last_name = "Aubert"
    model.update_lines(read_month(session_factory, service, MAY))
    assert moved.count() == 1 and model.resets == 1
    assert model.row_of_child(world.other_child_id) == 0
    assert info.index(0, 0).data().startswith("AUBERT") or info.index(0, 0).data().startswith(
        "Aubert"
    )
    assert model.find_rows("aubert") == [0]
    # Only some lines given back: they replace theirs in place.
    fresh = read_month(session_factory, service, MAY)
    model.update_lines([fresh.lines[1]])
    assert model.rowCount() == 2 and model.resets == 1
    qtmodeltester.check(model)
