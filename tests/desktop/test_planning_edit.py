"""Editing the planning grid like a spreadsheet (desktop/planning/editing.py and friends):
letters and Suppr on a selection, the right-click menu, the selections, refusals counted,
copy/paste of a week, undo/redo, conflicts with a colleague, the places confirmed, the saisie
par lot, a pending request decided from its cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox

from portail_admin.core import db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Enrolment, PlanningCell, Request, Service
from portail_admin.core.models.enums import Attendance, Booking, RequestKind, RequestStatus
from portail_admin.core.planning import edits
from portail_admin.core.planning.month import service_month
from portail_admin.core.planning.rules import Action
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import requests as req_service
from portail_admin.desktop.planning import clipboard
from portail_admin.desktop.planning.editing import GridEditor, LockReasonDialog
from portail_admin.desktop.planning.grid_view import PlanningGrid
from portail_admin.desktop.planning.lot_dialog import LotDialog
from portail_admin.desktop.requests import MotiveDialog
from tests.world import TODAY, build_world

from .conftest import make_staff, wait_ops

D = dt.date
MAY = D(2015, 5, 1)
APRIL = D(2015, 4, 1)


@dataclass
class Host:
    window: QMainWindow
    grid: PlanningGrid
    editor: GridEditor
    context: Any
    qtbot: Any

    @property
    def model(self):
        return self.grid.model

    def show(self, service_id: int, month: dt.date) -> None:
        with self.context.factory() as s:
            self.model.set_month(service_month(s, service_id, month))

    def index(self, child_id: int, day: dt.date) -> QModelIndex:
        row, column = self.model.row_of_child(child_id), self.model.column_of(day)
        assert row >= 0 and column >= 0
        return self.model.index(row, column)

    def select(self, *cells: tuple[int, dt.date]) -> None:
        selection = self.grid.cells.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag
        for child, day in cells:
            selection.select(self.index(child, day), flags.Select)
        selection.setCurrentIndex(self.index(*cells[0]), flags.NoUpdate)
        self.grid.cells.setFocus()

    def selected(self) -> set[tuple[int, int]]:
        return {(i.row(), i.column()) for i in self.grid.selected_indexes()}

    def key(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.grid.cells, key, modifiers)
        self.wait()

    def wait(self) -> None:
        self.qtbot.waitUntil(lambda: self.context.ops.idle and not self.editor.busy, timeout=10000)

    def state(self, child_id: int, day: dt.date) -> CellState:
        index = self.index(child_id, day)
        return self.model.state(index.row(), index.column())

    def menu(self, child_id: int, day: dt.date):
        rect = self.grid.cells.visualRect(self.index(child_id, day))
        self.grid.cells.customContextMenuRequested.emit(rect.center())
        menu = self.editor.menu
        assert menu is not None
        return menu

    def trigger(self, menu, name: str) -> None:
        action = next(a for a in menu.actions() if a.objectName() == name)
        assert action.isEnabled()
        action.trigger()
        menu.close()


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def host(qtbot, context, w) -> Host:
    window = QMainWindow()
    grid = PlanningGrid(window)
    window.setCentralWidget(grid)
    qtbot.addWidget(window)
    window.resize(1200, 500)
    window.show()
    editor = GridEditor(context, grid)
    yield Host(window, grid, editor, context, qtbot)
    wait_ops(qtbot, context)


def cell(session_factory, service_id, child_id, day):
    with session_factory() as s:
        row = s.query(PlanningCell).filter_by(service_id=service_id, child_id=child_id, day=day)
        found = row.first()
        if found is None:
            return None
        return (found.booking, found.attendance, found.locked_reason)


def colleague(session_factory, service_id, child_id, day, action, actor="staff:nancy"):
    """Another PC writes the cell (not through this window)."""
    with db.transaction(session_factory, actor) as s:
        edits.apply_action(s, service_id, [edits.Target(child_id, day)], action)


RESERVED = (Booking.RESERVED, Attendance.UNKNOWN, None)


# --------------------------------------------------------------------------- letters and Suppr


def test_a_letter_applies_its_action_to_the_selection_and_keeps_it(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    days = (D(2015, 5, 6), D(2015, 5, 13), D(2015, 5, 20))
    host.select(*[(child, day) for child in (w.child_id, w.other_child_id) for day in days])
    before = host.selected()
    host.key(Qt.Key.Key_R)
    for child in (w.child_id, w.other_child_id):
        for day in days:
            assert cell(session_factory, wednesday, child, day) == RESERVED
            assert host.state(child, day) is CellState.RESERVED
    assert host.editor.last_message == french_spacing(
        "5 cases modifiées ; 1 case déjà dans cet état"
    )
    assert host.window.statusBar().currentMessage() == host.editor.last_message
    assert host.selected() == before  # kept
    assert host.model.resets == 1  # the first showing only: the edit updated in place


def test_suppr_clears_and_lower_case_letters_work(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    host.select((w.other_child_id, D(2015, 5, 13)))
    host.qtbot.keyClicks(host.grid.cells, "r")
    host.wait()
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 13)) == RESERVED
    host.key(Qt.Key.Key_Delete)
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 13)) is None
    assert host.state(w.other_child_id, D(2015, 5, 13)) is CellState.EMPTY
    assert host.editor.last_message == "1 case modifiée"


def test_the_arrows_move_and_other_letters_do_nothing(host, w, session_factory):
    host.show(w.services["wednesday"], MAY)
    host.select((w.child_id, D(2015, 5, 6)))
    host.grid.cells.setCurrentIndex(host.index(w.child_id, D(2015, 5, 6)))
    host.qtbot.keyClick(host.grid.cells, Qt.Key.Key_Right)
    assert host.grid.cells.currentIndex() == host.index(w.child_id, D(2015, 5, 7))
    host.key(Qt.Key.Key_X)
    assert host.context.ops.idle and host.editor.undo_stack.can_undo is False


def test_closed_days_and_locked_cells_are_skipped_and_counted(host, w, session_factory):
    morning = w.services["morning"]  # Léa is booked by her weekly pattern
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.apply_action(
            s,
            morning,
            [edits.Target(w.child_id, D(2015, 5, 5))],
            Action.LOCK,
            lock_reason="Dossier CAF",
        )
    host.show(morning, MAY)
    host.select(
        (w.child_id, D(2015, 5, 1)), (w.child_id, D(2015, 5, 4)), (w.child_id, D(2015, 5, 5))
    )
    host.key(Qt.Key.Key_J)
    assert host.editor.last_message == french_spacing(
        "1 case modifiée ; 1 case ignorée : jour férié ; 1 case ignorée : case verrouillée"
    )
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 4))[1] is Attendance.ABSENT_EXCUSED
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 1)) is None
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 5)) == (
        Booking.REGULAR,
        Attendance.UNKNOWN,
        "Dossier CAF",
    )


# --------------------------------------------------------------------------- the menu


def test_the_right_click_menu_offers_the_actions_with_their_letters(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    menu = host.menu(w.child_id, D(2015, 5, 20))  # reserved
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:6] == [
        "Réservé\tR",
        "Présent\tP",
        "Absent facturé\tI",
        "Absent excusé\tJ",
        "Congé\tC",
        "Effacer\tSuppr",
    ]
    assert "Verrouiller…" in texts and "Déverrouiller" in texts
    assert "Saisie par lot…\tCtrl+L" in texts
    assert not any("demande" in t for t in texts)  # no pending request here
    # The right-click moved the selection to that cell.
    assert host.selected() == {
        (
            host.index(w.child_id, D(2015, 5, 20)).row(),
            host.index(w.child_id, D(2015, 5, 20)).column(),
        )
    }
    host.trigger(menu, "action_absent_excused")
    host.wait()
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 20)) == (
        Booking.RESERVED,
        Attendance.ABSENT_EXCUSED,
        None,
    )
    assert host.state(w.child_id, D(2015, 5, 20)) is CellState.ABSENT_EXCUSED


def test_a_right_click_inside_the_selection_keeps_it(host, w):
    host.show(w.services["wednesday"], MAY)
    host.select((w.child_id, D(2015, 5, 6)), (w.other_child_id, D(2015, 5, 6)))
    host.menu(w.other_child_id, D(2015, 5, 6)).close()
    assert len(host.selected()) == 2


def test_lock_with_a_reason_then_unlock_from_the_menu(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    day = D(2015, 5, 20)
    host.trigger(host.menu(w.child_id, day), "action_lock")
    dialog = host.editor.dialog
    assert isinstance(dialog, LockReasonDialog)
    dialog.reason.setText("  Dossier   en cours ")
    dialog.accept()
    host.wait()
    assert cell(session_factory, wednesday, w.child_id, day) == (
        Booking.RESERVED,
        Attendance.UNKNOWN,
        "Dossier en cours",
    )
    index = host.index(w.child_id, day)
    assert host.model.locked_reason(index.row(), index.column()) == "Dossier en cours"
    host.key(Qt.Key.Key_Delete)  # refused: locked
    assert host.editor.last_message == french_spacing(
        "Aucune case modifiée ; 1 case ignorée : case verrouillée"
    )
    host.trigger(host.menu(w.child_id, day), "action_unlock")
    host.wait()
    assert cell(session_factory, wednesday, w.child_id, day) == RESERVED


# --------------------------------------------------------------------------- selections


def _click(qtbot, widget, pos, modifiers=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, modifiers, pos)


def test_a_click_on_a_name_selects_the_row(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    row = host.model.row_of_child(w.other_child_id)
    names = host.grid.names
    _click(
        host.qtbot, names.viewport(), names.visualRect(host.grid.info_model.index(row, 0)).center()
    )
    assert host.selected() == {(row, c) for c in range(host.model.columnCount())}
    host.key(Qt.Key.Key_R)  # every Wednesday of May; the other days refuse it
    for day in (6, 13, 20, 27):
        assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, day)) == RESERVED
    assert "4 cases modifiées" in host.editor.last_message
    assert "pas d'accueil ce jour de la semaine" in host.editor.last_message


def test_ctrl_click_on_names_adds_rows(host, w):
    host.show(w.services["wednesday"], MAY)
    names = host.grid.names
    first = names.visualRect(host.grid.info_model.index(0, 0)).center()
    second = names.visualRect(host.grid.info_model.index(1, 0)).center()
    _click(host.qtbot, names.viewport(), first)
    _click(host.qtbot, names.viewport(), second, Qt.KeyboardModifier.ControlModifier)
    columns = host.model.columnCount()
    assert host.selected() == {(r, c) for r in (0, 1) for c in range(columns)}
    _click(host.qtbot, names.viewport(), second, Qt.KeyboardModifier.ControlModifier)
    assert host.selected() == {(0, c) for c in range(columns)}


def test_a_click_on_a_day_selects_the_column(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    column = host.model.column_of(D(2015, 5, 13))
    header = host.grid.cells.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    from PySide6.QtCore import QPoint

    _click(host.qtbot, header.viewport(), QPoint(x, header.height() // 2))
    assert host.selected() == {(r, column) for r in range(host.model.rowCount())}
    host.key(Qt.Key.Key_R)
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 13)) == RESERVED
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 13)) == RESERVED


def test_ctrl_click_picks_cells_here_and_there(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    view = host.grid.cells
    a = view.visualRect(host.index(w.child_id, D(2015, 5, 6))).center()
    b = view.visualRect(host.index(w.other_child_id, D(2015, 5, 27))).center()
    _click(host.qtbot, view.viewport(), a)
    _click(host.qtbot, view.viewport(), b, Qt.KeyboardModifier.ControlModifier)
    assert len(host.selected()) == 2
    host.key(Qt.Key.Key_R)
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 6)) == RESERVED
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 27)) == RESERVED
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 6)) is None


# --------------------------------------------------------------------------- copy and paste


def test_copy_a_week_and_paste_it_on_the_next(host, w, session_factory):
    wednesday = w.services["wednesday"]
    colleague(session_factory, wednesday, w.child_id, D(2015, 5, 6), Action.RESERVE)
    colleague(session_factory, wednesday, w.other_child_id, D(2015, 5, 6), Action.RESERVE)
    host.show(wednesday, MAY)
    week = [D(2015, 5, 4) + dt.timedelta(days=n) for n in range(7)]
    host.select(*[(child, day) for child in (w.child_id, w.other_child_id) for day in week])
    host.key(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasFormat(clipboard.MIME)
    text = data.text().splitlines()
    assert len(text) == 2 and all(line.split("\t")[2] == "✓" for line in text)
    assert len(text[0].split("\t")) == 7
    # Paste on the next Monday (the current cell).
    host.select((w.child_id, D(2015, 5, 11)))
    host.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert host.editor.last_message == "2 cases modifiées"
    for child in (w.child_id, w.other_child_id):
        assert cell(session_factory, wednesday, child, D(2015, 5, 13)) == RESERVED
        assert host.state(child, D(2015, 5, 13)) is CellState.RESERVED
    # And the week after: Léa's 20 May was reserved already.
    host.select((w.child_id, D(2015, 5, 18)))
    host.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert host.editor.last_message == french_spacing("1 case modifiée ; 1 case déjà dans cet état")
    # Pasted past the month's end: clipped.
    host.select((w.child_id, D(2015, 5, 28)))
    host.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 30)) is None


def test_paste_writes_absences_and_clears_like_the_source(host, w, session_factory):
    morning = w.services["morning"]  # Léa: Mon, Tue, Thu, Fri by her pattern
    host.show(morning, MAY)
    host.select((w.child_id, D(2015, 5, 4)))
    host.key(Qt.Key.Key_J)
    host.select((w.child_id, D(2015, 5, 5)))
    host.key(Qt.Key.Key_Delete)
    host.select(
        (w.child_id, D(2015, 5, 4)),
        (w.child_id, D(2015, 5, 5)),
        (w.child_id, D(2015, 5, 6)),
        (w.child_id, D(2015, 5, 7)),
    )
    host.key(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    host.select((w.child_id, D(2015, 5, 18)))
    host.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 18)) == (
        Booking.REGULAR,
        Attendance.ABSENT_EXCUSED,
        None,
    )
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 19)) == (
        Booking.NONE,
        Attendance.UNKNOWN,
        None,
    )
    # The pattern day copied onto a pattern day: nothing to write; Wednesday has no service.
    assert cell(session_factory, morning, w.child_id, D(2015, 5, 21)) is None
    assert host.editor.last_message == french_spacing(
        "2 cases modifiées ; 1 case déjà dans cet état"
    )


def test_paste_without_planning_cells_in_the_clipboard_says_so(host, w):
    QGuiApplication.clipboard().setText("R\tR")
    host.show(w.services["wednesday"], MAY)
    host.select((w.child_id, D(2015, 5, 6)))
    host.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "presse-papiers" in host.editor.last_message


# --------------------------------------------------------------------------- undo and redo


def test_undo_and_redo_several_steps(host, w, session_factory):
    wednesday = w.services["wednesday"]
    hugo = w.other_child_id
    host.show(wednesday, MAY)
    host.select((hugo, D(2015, 5, 13)))
    host.key(Qt.Key.Key_R)
    host.select((hugo, D(2015, 5, 27)))
    host.key(Qt.Key.Key_R)
    host.select((hugo, D(2015, 5, 13)))
    host.key(Qt.Key.Key_J)
    assert len(host.editor.undo_stack) == 3
    ctrl = Qt.KeyboardModifier.ControlModifier
    host.key(Qt.Key.Key_Z, ctrl)  # J undone
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 13)) == RESERVED
    assert host.state(hugo, D(2015, 5, 13)) is CellState.RESERVED
    assert host.editor.last_message == french_spacing("Annulé : J sur 1 case.")
    host.key(Qt.Key.Key_Z, ctrl)  # the second R undone
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 27)) is None
    assert host.editor.undo_stack.redo_count == 2
    host.key(Qt.Key.Key_Y, ctrl)  # redo the R
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 27)) == RESERVED
    host.key(Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)  # redo the J
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 13))[1] is Attendance.ABSENT_EXCUSED
    assert len(host.editor.undo_stack) == 3 and host.editor.undo_stack.redo_count == 0
    for _ in range(3):
        host.key(Qt.Key.Key_Z, ctrl)
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 13)) is None
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 27)) is None
    host.key(Qt.Key.Key_Z, ctrl)
    assert host.editor.last_message == "Rien à annuler."
    # A new edit forgets what could be redone.
    host.key(Qt.Key.Key_R)
    assert host.editor.undo_stack.redo_count == 0


def test_an_undo_after_a_colleague_changed_the_cell_is_refused(host, w, session_factory):
    make_staff(session_factory, "nancy", "agent", "Nancy")
    wednesday = w.services["wednesday"]
    hugo, day = w.other_child_id, D(2015, 5, 13)
    host.show(wednesday, MAY)
    host.select((hugo, D(2015, 5, 27)))
    host.key(Qt.Key.Key_R)
    host.select((hugo, day))
    host.key(Qt.Key.Key_R)
    colleague(session_factory, wednesday, hugo, day, Action.ABSENT_EXCUSED)
    host.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    box = host.editor.dialog
    assert isinstance(box, QMessageBox)
    assert "modifiée par nancy le " in box.text()
    assert "retirée de l'historique" in box.text()
    assert cell(session_factory, wednesday, hugo, day)[1] is Attendance.ABSENT_EXCUSED  # kept
    # The step is dropped; the grid shows the colleague's change; the older step still undoes.
    assert len(host.editor.undo_stack) == 1
    host.qtbot.waitUntil(lambda: host.state(hugo, day) is CellState.ABSENT_EXCUSED)
    box.close()
    host.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(session_factory, wednesday, hugo, D(2015, 5, 27)) is None


# --------------------------------------------------------------------------- conflicts


def test_a_cell_a_colleague_changed_since_it_was_shown_refuses_the_action(host, w, session_factory):
    wednesday = w.services["wednesday"]
    hugo, day = w.other_child_id, D(2015, 5, 13)
    host.show(wednesday, MAY)
    host.select((hugo, day), (w.child_id, day))
    colleague(session_factory, wednesday, hugo, day, Action.RESERVE)  # on another PC
    host.key(Qt.Key.Key_J)
    box = host.editor.dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Modification concurrente"
    assert "nancy" in box.text() and "Mercredi 13 Mai 2015" in box.text()
    # Nothing written, not even the other cell; the grid is read again; the selection stays.
    assert cell(session_factory, wednesday, hugo, day) == RESERVED
    assert cell(session_factory, wednesday, w.child_id, day) is None
    host.qtbot.waitUntil(lambda: host.state(hugo, day) is CellState.RESERVED)
    assert len(host.selected()) == 2
    assert not host.editor.undo_stack.can_undo
    box.close()
    host.key(Qt.Key.Key_J)  # against what is shown now
    assert cell(session_factory, wednesday, hugo, day)[1] is Attendance.ABSENT_EXCUSED


def test_a_refresh_after_another_pc_keeps_the_selection(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    host.select((w.child_id, D(2015, 5, 6)), (w.other_child_id, D(2015, 5, 27)))
    before = host.selected()
    colleague(session_factory, wednesday, w.other_child_id, D(2015, 5, 13), Action.RESERVE)
    host.editor.reload()
    host.wait()
    assert host.state(w.other_child_id, D(2015, 5, 13)) is CellState.RESERVED
    assert host.selected() == before and host.model.resets == 1


# --------------------------------------------------------------------------- the places


def test_booking_past_the_places_asks_then_books(host, w, session_factory):
    holidays = w.services["holidays"]  # one place
    with db.transaction(session_factory) as s:
        s.add(
            Enrolment(
                child_id=w.other_child_id,
                service_id=holidays,
                start_date=D(2014, 9, 1),
                end_date=D(2015, 8, 31),
            )
        )
    host.show(holidays, APRIL)
    day = D(2015, 4, 14)
    host.select((w.child_id, day), (w.other_child_id, day))
    host.key(Qt.Key.Key_R)
    box = host.editor.dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Capacité dépassée"
    assert "0 + 2 pour 1 places" in box.text()
    assert cell(session_factory, holidays, w.child_id, day) is None
    box.button(QMessageBox.StandardButton.Yes).click()
    host.wait()
    assert cell(session_factory, holidays, w.child_id, day) == RESERVED
    assert cell(session_factory, holidays, w.other_child_id, day) == RESERVED
    assert host.editor.last_message == "2 cases modifiées"
    # Declined: nothing.
    other = D(2015, 4, 15)
    host.select((w.child_id, other), (w.other_child_id, other))
    host.key(Qt.Key.Key_R)
    host.editor.dialog.button(QMessageBox.StandardButton.No).click()
    host.wait()
    assert cell(session_factory, holidays, w.child_id, other) is None
    assert "Rien n'a été enregistré" in host.editor.last_message


# --------------------------------------------------------------------------- saisie par lot


def test_a_lot_preview_then_apply_then_undo(host, w, session_factory):
    canteen = w.services["canteen"]  # Mon, Tue, Thu, Fri; Léa enrolled, Hugo not
    host.show(canteen, MAY)
    host.select((w.child_id, D(2015, 5, 4)))
    menu = host.menu(w.child_id, D(2015, 5, 4))
    host.trigger(menu, "action_lot")
    dialog = host.editor.dialog
    assert isinstance(dialog, LotDialog)
    assert dialog.child_radio.isChecked() and "dupont léa" in dialog.child_radio.text().casefold()
    assert [b.isChecked() for b in dialog.weekday_boxes] == [
        True,
        True,
        False,
        True,
        True,
        False,
        False,
    ]
    dialog.service_radio.setChecked(True)
    dialog.set_weekdays(range(5))
    dialog.set_action(Action.RESERVE)
    assert not dialog.apply_button.isEnabled()
    host.qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    host.qtbot.waitUntil(lambda: dialog.plan is not None)
    text = dialog.preview_label.text()
    assert text.startswith("14 cases seront réservées")
    assert french_spacing("8 cases ignorées : pas d'accueil ce jour de la semaine") not in text
    assert french_spacing("4 cases ignorées : pas d'accueil ce jour de la semaine") in text
    assert french_spacing("2 cases ignorées : jour férié") in text
    assert french_spacing("1 case ignorée : fermeture") in text
    assert cell(session_factory, canteen, w.child_id, D(2015, 5, 4)) is None  # a preview
    # A change makes the preview stale.
    dialog.set_action(Action.ABSENT_EXCUSED)
    assert not dialog.apply_button.isEnabled() and dialog.preview_label.text() == ""
    dialog.set_action(Action.RESERVE)
    host.qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    host.qtbot.waitUntil(lambda: dialog.apply_button.isEnabled())
    host.qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    host.qtbot.waitUntil(lambda: not dialog.isVisible())
    host.wait()
    assert cell(session_factory, canteen, w.child_id, D(2015, 5, 4)) == RESERVED
    assert host.state(w.child_id, D(2015, 5, 29)) is CellState.RESERVED
    assert host.editor.last_message.startswith("14 cases modifiées")
    assert host.editor.undo_stack.undo_label() == "Saisie par lot (R)"
    host.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(session_factory, canteen, w.child_id, D(2015, 5, 4)) is None
    assert host.state(w.child_id, D(2015, 5, 29)) is CellState.EMPTY


def test_a_lot_for_the_selected_children_and_a_bad_choice(host, w, session_factory):
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    host.select((w.child_id, D(2015, 5, 6)), (w.other_child_id, D(2015, 5, 6)))
    host.qtbot.keyClick(host.grid.cells, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = host.editor.dialog
    assert isinstance(dialog, LotDialog)
    assert dialog.selected_radio.isChecked() and "2 enfants" in dialog.selected_radio.text()
    dialog.set_weekdays([])
    dialog.preview()
    assert dialog.error_label.isVisible() and "au moins un jour" in dialog.error_label.text()
    dialog.set_weekdays([2])
    dialog.year_button.click()
    assert (dialog.choice().spec.first, dialog.choice().spec.last) == (
        D(2014, 9, 1),
        D(2015, 8, 31),
    )
    dialog.first_edit.setDate(dialog.first_edit.date().addMonths(8))  # from 1 May
    dialog.last_edit.setDate(dialog.last_edit.date().addMonths(-2))  # to 30 June
    dialog.preview()
    host.qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.preview_label.text().startswith("15 cases seront réservées")  # + 1 already
    dialog.apply()
    host.qtbot.waitUntil(lambda: not dialog.isVisible())
    host.wait()
    for child in (w.child_id, w.other_child_id):
        assert cell(session_factory, wednesday, child, D(2015, 6, 24)) == RESERVED


def test_a_lot_over_the_places_asks(host, w, session_factory):
    holidays = w.services["holidays"]
    with db.transaction(session_factory) as s:
        s.add(
            Enrolment(
                child_id=w.other_child_id,
                service_id=holidays,
                start_date=D(2014, 9, 1),
                end_date=D(2015, 8, 31),
            )
        )
    host.show(holidays, APRIL)
    host.select((w.child_id, D(2015, 4, 14)))
    dialog = host.editor.open_lot()
    dialog.service_radio.setChecked(True)
    dialog.term_box.setChecked(False)
    dialog.holidays_box.setChecked(True)
    dialog.preview()
    host.qtbot.waitUntil(lambda: dialog.plan is not None)
    assert "capacité dépassée sur 10 jours" in dialog.preview_label.text()
    dialog.apply()
    host.qtbot.waitUntil(lambda: dialog.question is not None)
    dialog.question.button(QMessageBox.StandardButton.Yes).click()
    host.qtbot.waitUntil(lambda: not dialog.isVisible())
    host.wait()
    assert cell(session_factory, holidays, w.other_child_id, D(2015, 4, 24)) == RESERVED


# --------------------------------------------------------------------------- pending requests


def _ask(session_factory, w, kind=RequestKind.RESERVATION, day=D(2015, 5, 27)):
    with db.transaction(session_factory, "parent:martin") as s:
        return req_service.request_booking(
            s, w.martin_id, w.other_child_id, w.services["wednesday"], day, kind, today=TODAY
        ).id


def test_accept_a_pending_request_from_its_cell(host, w, session_factory):
    request_id = _ask(session_factory, w)
    wednesday = w.services["wednesday"]
    host.show(wednesday, MAY)
    day = D(2015, 5, 27)
    assert host.state(w.other_child_id, day) is CellState.RESERVATION_PENDING
    menu = host.menu(w.other_child_id, day)
    names = [a.objectName() for a in menu.actions()]
    assert "action_accept_request" in names and "action_refuse_request" in names
    host.trigger(menu, "action_accept_request")
    host.wait()
    with session_factory() as s:
        assert s.get(Request, request_id).status is RequestStatus.ACCEPTED
    assert cell(session_factory, wednesday, w.other_child_id, day) == RESERVED
    host.qtbot.waitUntil(lambda: host.state(w.other_child_id, day) is CellState.RESERVED)
    assert "1 demande acceptée" in host.editor.last_message


def test_refuse_a_pending_request_from_its_cell_with_a_motive(host, w, session_factory):
    request_id = _ask(session_factory, w)
    host.show(w.services["wednesday"], MAY)
    day = D(2015, 5, 27)
    host.select((w.other_child_id, day))
    host.key(Qt.Key.Key_R)  # a cell waiting for a decision takes no letter
    assert host.editor.last_message == french_spacing(
        "Aucune case modifiée ; 1 case ignorée : demande de la famille en attente"
    )
    host.trigger(host.menu(w.other_child_id, day), "action_refuse_request")
    dialog = host.editor.dialog
    assert isinstance(dialog, MotiveDialog)
    dialog.ui.f_motive.setPlainText("Sortie scolaire ce jour-là")
    dialog.submit()
    host.wait()
    with session_factory() as s:
        found = s.get(Request, request_id)
        assert found.status is RequestStatus.REFUSED
    host.qtbot.waitUntil(lambda: host.state(w.other_child_id, day) is CellState.RESERVATION_REFUSED)


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize("role", ["agent"])
def test_an_agent_edits_too(host, w, session_factory, role):
    host.show(w.services["wednesday"], MAY)
    host.select((w.other_child_id, D(2015, 5, 13)))
    host.key(Qt.Key.Key_R)
    assert cell(session_factory, w.services["wednesday"], w.other_child_id, D(2015, 5, 13)) == (
        RESERVED
    )


def test_the_grid_of_a_service_with_room_for_all_needs_no_confirmation(host, w, session_factory):
    with db.transaction(session_factory) as s:
        s.get(Service, w.services["wednesday"]).capacity = 2
    host.show(w.services["wednesday"], MAY)
    host.select((w.child_id, D(2015, 5, 13)), (w.other_child_id, D(2015, 5, 13)))
    host.key(Qt.Key.Key_R)
    assert host.editor.dialog is None and host.editor.last_message == "2 cases modifiées"


def test_a_childs_month_edits_several_services_in_one_action(host, w, session_factory):
    """The by-child grid (a row per service): one action, one transaction, every service."""
    from portail_admin.core.planning.month import child_month

    with host.context.factory() as s:
        host.model.set_month(child_month(s, w.child_id, MAY))
    model = host.model
    wednesday, canteen = w.services["wednesday"], w.services["canteen"]
    selection = host.grid.cells.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    for service, day in ((wednesday, D(2015, 5, 13)), (canteen, D(2015, 5, 12))):
        selection.select(
            model.index(model.row_of_service(service), model.column_of(day)), flags.Select
        )
    host.grid.cells.setFocus()
    host.key(Qt.Key.Key_R)
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 13)) == RESERVED
    assert cell(session_factory, canteen, w.child_id, D(2015, 5, 12)) == RESERVED
    assert host.editor.last_message == "2 cases modifiées"
    row = model.row_of_service(canteen)
    assert model.state(row, model.column_of(D(2015, 5, 12))) is CellState.RESERVED
    assert host.editor.undo_stack.undo_label() == "R sur 2 cases"
    host.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(session_factory, canteen, w.child_id, D(2015, 5, 12)) is None
    assert cell(session_factory, wednesday, w.child_id, D(2015, 5, 13)) is None
    # The saisie par lot is for a service's month only.
    rect = host.grid.cells.visualRect(model.index(row, 0))
    host.grid.cells.customContextMenuRequested.emit(rect.center())
    assert "action_lot" not in [a.objectName() for a in host.editor.menu.actions()]
    host.editor.menu.close()


# --------------------------------------------------------------------------- in the app


def test_editing_in_the_planning_area_of_the_main_window(qtbot, w, window, session_factory):
    from portail_admin.desktop.planning.page import PlanningPage

    page = window.open_area("planning")
    assert isinstance(page, PlanningPage)
    wait_ops(qtbot, window.context)
    wednesday = w.services["wednesday"]
    page.open_with(service_id=wednesday)
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: page.model.service_id == wednesday, timeout=5000)
    wait_ops(qtbot, window.context)
    model, view = page.model, page.grid.cells
    index = model.index(model.row_of_child(w.other_child_id), model.column_of(D(2015, 5, 13)))
    view.setCurrentIndex(index)
    assert page.grid.selected_indexes() == [index]
    view.setFocus()
    loads, refreshes = page.loads_done, page.refreshes
    with qtbot.waitSignal(window.context.changes.changed, timeout=5000) as signal:
        qtbot.keyClick(view, Qt.Key.Key_R)
    changes, origin = signal.args
    assert any(c.table_name == "planning_cell" for c in changes) and origin is page.editor
    qtbot.waitUntil(lambda: window.context.ops.idle and not page.editor.busy)
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 13)) == RESERVED
    assert model.state(index.row(), index.column()) is CellState.RESERVED
    assert window.ui.statusbar.currentMessage() == "1 case modifiée"
    # The page skipped the echo of its own edit (the editor showed it already).
    assert (page.loads_done, page.refreshes) == (loads, refreshes)
    # Ctrl+Z reaches the grid, not a window shortcut; the by-child grid shares the stack.
    assert page.child_editor.undo_stack is page.editor.undo_stack
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.context.ops.idle and not page.editor.busy)
    assert cell(session_factory, wednesday, w.other_child_id, D(2015, 5, 13)) is None
    assert model.state(index.row(), index.column()) is CellState.EMPTY
