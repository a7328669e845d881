"""The planning editor's undo stack (desktop/planning/undo.py, no Qt) and the clipboard's
format (desktop/planning/clipboard.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData

from portail_admin.core.models.enums import Attendance, Booking
from portail_admin.core.planning.edits import CellChange, Values
from portail_admin.desktop.planning import clipboard
from portail_admin.desktop.planning.undo import Step, UndoStack

DAY = dt.date(2015, 5, 13)
R = Values(Booking.RESERVED, Attendance.UNKNOWN)
J = Values(Booking.RESERVED, Attendance.ABSENT_EXCUSED)


def change(before, after, version, child=1, day=DAY):
    return CellChange(child, day, before, after, version)


def test_push_undo_redo_moves_the_steps():
    stack = UndoStack()
    assert not stack.can_undo and stack.undo_label() == ""
    first = Step.of("R sur 1 case", [(7, [change(None, R, 1)])])
    stack.push(first)
    second = Step.of("J sur 1 case", [(7, [change(R, J, 2)])])
    stack.push(second)
    assert len(stack) == 2 and stack.undo_label() == "J sur 1 case"
    assert stack.next_undo() is second
    stack.undone(second, {7: [change(J, R, 3)]})
    assert len(stack) == 1 and stack.redo_label() == "J sur 1 case" and stack.redo_count == 1
    redo = stack.next_redo()
    stack.redone(redo, {7: [change(R, J, 4)]})
    assert len(stack) == 2 and stack.redo_count == 0
    # A new edit empties the redo side.
    top = stack.next_undo()
    stack.undone(top, {7: [change(J, R, 5)]})
    stack.push(Step.of("C sur 1 case", [(7, [change(R, R, 6, child=2)])]))
    assert not stack.can_redo


def test_an_older_step_is_reverted_against_the_versions_this_window_left():
    stack = UndoStack()
    first = Step.of("R", [(7, [change(None, R, 1)])])
    stack.push(first)
    second = Step.of("J", [(7, [change(R, J, 2)])])
    stack.push(second)
    stack.undone(second, {7: [change(J, R, 3)]})
    # The first step wrote version 1; the cell is at 3 after the undo: checked against 3.
    ready = stack.for_revert(stack.next_undo())
    assert ready.changes[7][0].version == 3 and ready.changes[7][0].before is None
    assert first.changes[7][0].version == 1  # the step itself is left as it was
    # Cells of other services or days keep their own version.
    other = Step.of("R", [(8, [change(None, R, 1)])])
    assert stack.for_revert(other).changes[8][0].version == 1


def test_a_refused_step_is_dropped_and_the_older_ones_stay():
    stack = UndoStack()
    older = Step.of("R", [(7, [change(None, R, 1, child=2)])])
    refused = Step.of("R", [(7, [change(None, R, 1)])])
    stack.push(older)
    stack.push(refused)
    stack.drop(refused)
    assert len(stack) == 1 and stack.next_undo() is older and not stack.can_redo


def test_empty_steps_are_not_kept_and_the_stack_is_bounded():
    stack = UndoStack(limit=3)
    stack.push(Step.of("rien", [(7, [])]))
    assert not stack.can_undo
    for n in range(5):
        stack.push(Step.of(f"R {n}", [(7, [change(None, R, 1, child=n)])]))
    assert len(stack) == 3 and stack.undo_label() == "R 4"
    stack.clear()
    assert not stack.can_undo and not stack.can_redo


def test_step_counts_its_cells():
    step = Step.of("x", [(7, [change(None, R, 1), change(None, R, 1, child=2)]), (8, [])])
    assert step.cells == 2 and list(step.changes) == [7]


def test_the_clipboard_format_round_trips_and_refuses_junk():
    block = clipboard.Block(
        ((R, clipboard.HOLE), (J, Values(Booking.NONE, Attendance.UNKNOWN))), "✓\t\nE\t\n"
    )
    data = clipboard.to_mime(block)
    assert data.text() == "✓\t\nE\t\n"
    back = clipboard.from_mime(data)
    assert back is not None and back.rows == block.rows and back.cells == 3
    assert (back.height, back.width) == (2, 2)
    assert clipboard.from_mime(None) is None
    plain = QMimeData()
    plain.setText("R\tR")
    assert clipboard.from_mime(plain) is None
    for junk in (
        b"not json",
        b'{"cells": []}',
        b'{"cells": [[["reserved"]]]}',
        b'{"cells": [[null], [null, null]]}',
        b'{"cells": [[["nope", "unknown"]]]}',
    ):
        bad = QMimeData()
        bad.setData(clipboard.MIME, junk)
        assert clipboard.from_mime(bad) is None, junk
