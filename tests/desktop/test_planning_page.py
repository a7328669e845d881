"""The Planning area (desktop/planning/page.py) on the World's commune: the month of a service,
month navigation, the search, the by-child view, live changes from another PC and from a
parent shown in place, the family record's Planning tab, and which roles get the area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QSignalSpy

from portail_admin.core import db
from portail_admin.core.models import PlanningCell
from portail_admin.core.models.enums import Booking, RequestKind
from portail_admin.core.planning import month as planning_month
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import requests as request_service
from portail_admin.core.services import staff
from portail_admin.core.services.staff import Permission
from portail_admin.desktop.planning.grid_model import StateRole
from portail_admin.desktop.planning.legend import LegendWidget
from portail_admin.desktop.planning.page import BY_CHILD, PlanningPage
from tests.world import build_world

from .conftest import open_family, type_text, wait_ops

MAY = dt.date(2015, 5, 1)


@pytest.fixture
def world(session_factory: Any, pinned_clock: dt.date) -> Any:
    return build_world(session_factory)


@pytest.fixture
def planning(qtbot: Any, world: Any, window: Any) -> PlanningPage:
    """The Planning area, open on the World's Wednesday service in May 2015 (today's month)."""
    page = window.open_area("planning")
    assert isinstance(page, PlanningPage)
    wait_ops(qtbot, window.context)
    page.open_with(service_id=world.services["wednesday"])
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: page.model.service_id == world.services["wednesday"], timeout=5000)
    return page


def look(qtbot: Any, window: Any) -> None:
    watcher = window.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()
    wait_ops(qtbot, window.context)


def test_page_shows_the_month_of_the_service(qtbot: Any, world: Any, planning: PlanningPage):
    assert planning.month_label.text() == "Mai 2015"
    model = planning.model
    assert model.month == MAY and model.rowCount() == 2
    lea = model.row_of_child(world.child_id)
    assert model.index(lea, model.column_of(dt.date(2015, 5, 20))).data() == "✓"
    assert model.index(lea, model.column_of(dt.date(2015, 5, 8))).data(StateRole) is (
        CellState.PUBLIC_HOLIDAY
    )
    assert model.day(model.today_column) == dt.date(2015, 5, 4)
    assert "2 enfants" in planning.status.text()
    # Services by structure in the selector, headings not selectable.
    combo = planning.service_combo
    texts = [combo.itemText(i).strip() for i in range(combo.count())]
    assert texts[0] == "Accueil de Loisirs" and "ALSH Mercredi après-midi" in texts
    assert not combo.model().item(0).isEnabled()
    # The footer is the core's occupancy.
    with planning.context.factory() as session:
        month = planning_month.service_month(session, world.services["wednesday"], MAY)
    for column, occupancy in enumerate(month.occupancy):
        if month.closures[column] is None:
            assert model.footer.index(0, column).data() == str(occupancy.used)
            assert model.footer.index(1, column).data() == str(occupancy.left)


def test_legend_has_every_state_and_the_letters(qapp: Any) -> None:
    legend = LegendWidget()
    for state in CellState:
        assert state in legend.entries, state
    assert legend.text_of(CellState.RESERVED) == "Réservé  [R]"
    assert legend.text_of(CellState.ABSENT_EXCUSED).endswith("[J]")
    assert legend.text_of(CellState.ABSENT_BILLED).endswith("[I]")
    assert legend.text_of(CellState.PRESENT).endswith("[P]")
    assert legend.text_of(CellState.LEAVE).endswith("[C]")


def test_month_navigation(qtbot: Any, world: Any, planning: PlanningPage) -> None:
    qtbot.mouseClick(planning.next_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, planning.context)
    assert planning.month_label.text() == "Juin 2015" and planning.model.columnCount() == 30
    assert planning.model.month == dt.date(2015, 6, 1) and planning.model.today_column == -1
    for _ in range(2):
        qtbot.mouseClick(planning.previous_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, planning.context)
    assert planning.model.month == dt.date(2015, 4, 1)
    lea = planning.model.row_of_child(world.child_id)
    assert planning.model.index(lea, 7).data() == "✓"  # 8 April
    qtbot.mouseClick(planning.today_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, planning.context)
    assert planning.model.month == MAY and planning.month_label.text() == "Mai 2015"


def test_search_jumps_to_the_child(qtbot: Any, world: Any, planning: PlanningPage) -> None:
    type_text(qtbot, planning.search, "hugo")
    hugo = planning.model.row_of_child(world.other_child_id)
    current = planning.grid.cells.currentIndex()
    assert current.row() == hugo and current.column() == planning.model.today_column
    assert planning.grid.names.selectionModel().isRowSelected(hugo)
    assert planning.search_status.text() == "1 enfant trouvé"
    type_text(qtbot, planning.search, "dupont")
    assert planning.grid.cells.currentIndex().row() == planning.model.row_of_child(world.child_id)
    type_text(qtbot, planning.search, "personne")
    assert planning.search_status.text() == "Aucun enfant"


def test_by_child_view(qtbot: Any, world: Any, planning: PlanningPage) -> None:
    lea = planning.model.row_of_child(world.child_id)
    planning.grid.row_activated.emit(lea)  # a double click on the name
    wait_ops(qtbot, planning.context)
    assert planning.view == BY_CHILD and planning.by_child_button.isChecked()
    model = planning.child_grid.model
    qtbot.waitUntil(lambda: model.child_id == world.child_id, timeout=5000)
    assert model.rowCount() == 4  # Léa's four services
    assert planning.child_grid.info_model.index(0, 0).data() == "Accueil de Loisirs"
    assert "LÉA" in planning.child_title.text()
    wednesday = model.row_of_service(world.services["wednesday"])
    assert model.index(wednesday, model.column_of(dt.date(2015, 5, 20))).data() == "✓"
    assert not planning.child_grid.footer.isVisibleTo(planning.child_grid)


def test_another_pc_and_a_parent_change_cells_in_place(
    qtbot: Any, world: Any, planning: PlanningPage, window: Any, session_factory: Any
) -> None:
    look(qtbot, window)
    model = planning.model
    cells = planning.grid.cells
    hugo = model.row_of_child(world.other_child_id)
    lea = model.row_of_child(world.child_id)
    may_27 = model.column_of(dt.date(2015, 5, 27))
    may_13 = model.column_of(dt.date(2015, 5, 13))
    chosen = model.index(hugo, may_27)
    cells.setCurrentIndex(chosen)
    flags = QItemSelectionModel.SelectionFlag
    cells.selectionModel().select(model.index(lea, may_13), flags.Select)
    selected = {(i.row(), i.column()) for i in cells.selectionModel().selectedIndexes()}
    resets = QSignalSpy(model.modelReset)
    # Another PC reserves Hugo's 27 May.
    with db.transaction(session_factory, "staff:nancy") as session:
        session.add(
            PlanningCell(
                child_id=world.other_child_id,
                service_id=world.services["wednesday"],
                day=dt.date(2015, 5, 27),
                booking=Booking.RESERVED,
            )
        )
    look(qtbot, window)
    qtbot.waitUntil(lambda: model.index(hugo, may_27).data() == "✓", timeout=5000)
    assert planning.refreshes >= 1
    assert model.footer.index(0, may_27).data() == "1"
    # A parent asks for Léa's 13 May: the cell is waiting for the mairie's decision.
    with db.transaction(session_factory, "portal:1001001818331") as session:
        request_service.request_booking(
            session,
            world.dupont_id,
            world.child_id,
            world.services["wednesday"],
            "2015-05-13",
            RequestKind.RESERVATION,
        )
    look(qtbot, window)
    qtbot.waitUntil(
        lambda: model.index(lea, may_13).data(StateRole) is CellState.RESERVATION_PENDING,
        timeout=5000,
    )
    assert "Demande de la famille en attente" in model.tooltip(lea, may_13)
    assert model.paint_key(lea, may_13)[2]  # the pending mark
    # In place: no reset, the same cell current, the same cells selected.
    assert resets.count() == 0
    assert (cells.currentIndex().row(), cells.currentIndex().column()) == (hugo, may_27)
    assert {(i.row(), i.column()) for i in cells.selectionModel().selectedIndexes()} == selected


def test_a_change_to_another_service_does_not_reload(
    qtbot: Any, world: Any, planning: PlanningPage, window: Any, session_factory: Any
) -> None:
    look(qtbot, window)
    before = planning.loads_done
    with db.transaction(session_factory, "staff:nancy") as session:
        session.add(
            PlanningCell(
                child_id=world.child_id,
                service_id=world.services["canteen"],
                day=dt.date(2015, 5, 4),
                booking=Booking.RESERVED,
            )
        )
    look(qtbot, window)
    assert planning.loads_done == before and planning.refreshes == 0


def test_cell_tooltip_loads_who_changed_it(
    qtbot: Any, world: Any, planning: PlanningPage, session_factory: Any
) -> None:
    model = planning.model
    lea = model.row_of_child(world.child_id)
    column = model.column_of(dt.date(2015, 5, 20))
    planning.grid.detail_wanted.emit(lea, column)
    wait_ops(qtbot, planning.context)
    assert "Modifié le" in model.tooltip(lea, column) or "Jamais" in model.tooltip(lea, column)


def test_family_record_planning_tab(qtbot: Any, world: Any, window: Any) -> None:
    page = window.open_area("familles")
    open_family(qtbot, page, world.dupont_id)
    tab = page.editor.planning_tab
    assert tab is not None
    tabs = page.editor.ui.tabs
    assert tabs.tabText(tabs.indexOf(tab)) == "Planning"
    tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loads_done > 0, timeout=5000)
    wait_ops(qtbot, window.context)
    assert list(tab.grids) == [world.child_id]
    model = tab.grids[world.child_id].model
    assert model.rowCount() == 4 and model.month == MAY
    wednesday = model.row_of_service(world.services["wednesday"])
    assert model.index(wednesday, model.column_of(dt.date(2015, 5, 20))).data() == "✓"
    tab.show_month(dt.date(2015, 4, 1))
    wait_ops(qtbot, window.context)
    assert tab.month_label.text() == "Avril 2015"
    assert tab.grids[world.child_id].model.month == dt.date(2015, 4, 1)


@pytest.mark.parametrize("role", ["admin", "agent", "animateur"])
def test_planning_area_follows_the_planning_permission(qtbot: Any, window: Any, role: str) -> None:
    titles = [window.ui.navigation.item(i).text() for i in range(window.ui.navigation.count())]
    allowed = staff.can(role, Permission.PLANNING)
    assert ("Planning" in titles) == allowed
    assert (window.open_area("planning") is not None) == allowed
    if not allowed:
        assert "planning" in window.last_refusal.lower()


def test_a_role_without_planning_gets_no_area(qtbot: Any, context: Any, monkeypatch: Any) -> None:
    """Whatever the roles' permissions: no Permission.PLANNING, no Planning area, no read."""
    from portail_admin.desktop.areas import AREAS, visible_areas

    monkeypatch.setattr(type(context.staff), "can", lambda self, p: p is not Permission.PLANNING)
    assert "planning" not in {a.key for a in visible_areas(AREAS, context.staff)}
