"""Staff edits of the planning (core.planning.edits): actions over many cells, refusals counted
by reason, versions checked, capacity confirmed, undo that never overwrites a colleague."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import ConcurrentEditError
from portail_admin.core.models import PlanningCell, Service
from portail_admin.core.models.enums import Attendance, Booking
from portail_admin.core.planning import edits, month
from portail_admin.core.planning.rules import BILLED_LOCK, Action
from portail_admin.core.planning.states import CellState
from tests.world import TODAY, build_world

WEDNESDAYS_MAY = [dt.date(2015, 5, d) for d in (6, 13, 20, 27)]
MORNING_MAY_FIRST = dt.date(2015, 5, 1)  # Fête du Travail (a Friday)


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _cell(s, child_id, service_id, day):
    return s.scalars(
        select(PlanningCell).where(
            PlanningCell.child_id == child_id,
            PlanningCell.service_id == service_id,
            PlanningCell.day == day,
        )
    ).first()


def _state(s, w, service, child_id, day):
    grid = month.service_month(s, w.services[service], day)
    line = next(line for line in grid.lines if line.child_id == child_id)
    return line.states[grid.day_index(day)]


def test_reserve_many_cells_in_one_action_and_skip_the_refused_ones(session_factory, w):
    wednesday = w.services["wednesday"]
    targets = [edits.Target(w.child_id, day, None) for day in WEDNESDAYS_MAY]
    targets += [edits.Target(w.other_child_id, day, None) for day in WEDNESDAYS_MAY]
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = edits.apply_action(s, wednesday, targets, Action.RESERVE)
    assert len(applied.changes) == 7 and applied.plan.unchanged == 1  # one was reserved already
    with session_factory() as s:
        for day in WEDNESDAYS_MAY:
            cell = _cell(s, w.other_child_id, wednesday, day)
            assert cell.booking is Booking.RESERVED and cell.updated_by == "staff:nancy"
            assert _state(s, w, "wednesday", w.other_child_id, day) is CellState.RESERVED

    # The morning garderie on May: the public holiday and the closure are skipped, counted.
    morning = w.services["morning"]
    days = [dt.date(2015, 5, d) for d in (1, 15, 18)]
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = edits.apply_action(
            s, morning, [edits.Target(w.child_id, d, None) for d in days], Action.ABSENT_EXCUSED
        )
    assert applied.plan.skipped == {"jour férié": 1, "fermeture": 1}
    assert "2 cases ignorées" not in applied.summary()
    assert applied.summary() == (
        "1 case modifiée ; 1 case ignorée : jour férié ; 1 case ignorée : fermeture"
    )
    with session_factory() as s:
        # booked by the weekly pattern: the absence keeps it Régulier underneath
        cell = _cell(s, w.child_id, morning, dt.date(2015, 5, 18))
        assert (cell.booking, cell.attendance) == (Booking.REGULAR, Attendance.ABSENT_EXCUSED)
        assert _cell(s, w.child_id, morning, MORNING_MAY_FIRST) is None


def test_a_presence_is_not_recorded_ahead_and_an_absence_needs_a_booking(session_factory, w):
    wednesday = w.services["wednesday"]
    future = dt.date(2015, 5, 13)
    with session_factory() as s:
        plan = edits.plan_action(
            s, wednesday, [edits.Target(w.other_child_id, future, 0)], Action.PRESENT
        )
        assert plan.skipped == {"jour à venir (présence)": 1} and not plan.writes
        plan = edits.plan_action(
            s, wednesday, [edits.Target(w.other_child_id, future, 0)], Action.ABSENT_BILLED
        )
        assert plan.skipped == {"non réservé": 1}


def test_clearing_a_pattern_day_keeps_an_empty_row(session_factory, w):
    morning = w.services["morning"]
    day = dt.date(2015, 5, 18)
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.apply_action(s, morning, [edits.Target(w.child_id, day, 0)], Action.CLEAR)
    with session_factory() as s:
        cell = _cell(s, w.child_id, morning, day)
        assert (cell.booking, cell.attendance) == (Booking.NONE, Attendance.UNKNOWN)
        assert _state(s, w, "morning", w.child_id, day) is CellState.EMPTY


def test_a_cell_changed_since_it_was_shown_refuses_the_action(session_factory, w):
    wednesday = w.services["wednesday"]
    day = dt.date(2015, 5, 20)
    with db.transaction(session_factory, "staff:chrystelle") as s:
        edits.apply_action(s, wednesday, [edits.Target(w.other_child_id, day, 0)], Action.RESERVE)
    with pytest.raises(ConcurrentEditError) as error:
        with db.transaction(session_factory, "staff:nancy") as s:
            edits.apply_action(
                s,
                wednesday,
                [edits.Target(w.other_child_id, day, 0), edits.Target(w.child_id, day, None)],
                Action.ABSENT_EXCUSED,
            )
    assert "chrystelle" in str(error.value) and error.value.who == "chrystelle"
    with session_factory() as s:  # nothing written, not even the cell that was not checked
        assert _cell(s, w.other_child_id, wednesday, day).attendance is Attendance.UNKNOWN
        mine = _cell(s, w.child_id, wednesday, day)
        assert mine is None or mine.attendance is Attendance.UNKNOWN


def test_undo_and_redo_and_an_undo_refused_after_a_colleague(session_factory, w):
    wednesday = w.services["wednesday"]
    day = dt.date(2015, 5, 27)
    target = edits.Target(w.other_child_id, day, 0)
    with db.transaction(session_factory, "staff:nancy") as s:
        done = edits.apply_action(s, wednesday, [target], Action.RESERVE)
    with db.transaction(session_factory, "staff:nancy") as s:
        undone = edits.revert(s, wednesday, done.changes)
    with session_factory() as s:
        assert _cell(s, w.other_child_id, wednesday, day) is None
    with db.transaction(session_factory, "staff:nancy") as s:
        redone = edits.revert(s, wednesday, undone.changes)
    with session_factory() as s:
        assert _cell(s, w.other_child_id, wednesday, day).booking is Booking.RESERVED
    # A colleague marks the day absent; undoing the redo would overwrite it: refused.
    with db.transaction(session_factory, "staff:chrystelle") as s:
        version = _cell(s, w.other_child_id, wednesday, day).version
        edits.apply_action(
            s, wednesday, [edits.Target(w.other_child_id, day, version)], Action.ABSENT_EXCUSED
        )
    with pytest.raises(ConcurrentEditError) as error:
        with db.transaction(session_factory, "staff:nancy") as s:
            edits.revert(s, wednesday, redone.changes)
    assert error.value.who == "chrystelle" and "modifiée par chrystelle le" in str(error.value)
    with session_factory() as s:
        assert _cell(s, w.other_child_id, wednesday, day).attendance is Attendance.ABSENT_EXCUSED


def test_a_locked_cell_refuses_edits_and_a_billed_one_refuses_the_unlock(session_factory, w):
    wednesday = w.services["wednesday"]
    day = dt.date(2015, 5, 13)
    target = edits.Target(w.other_child_id, day, None)
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.apply_action(s, wednesday, [target], Action.LOCK, lock_reason="Sortie annulée")
    with session_factory() as s:
        plan = edits.plan_action(s, wednesday, [target], Action.RESERVE)
        assert plan.skipped == {"case verrouillée": 1}
        assert "Verrouillé : Sortie annulée" in edits.cell_detail(
            s, wednesday, w.other_child_id, day
        ).lines()
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.apply_action(s, wednesday, [target], Action.UNLOCK)
        cell = _cell(s, w.other_child_id, wednesday, day)
        assert cell is None or cell.locked_reason is None
        s.add(
            PlanningCell(
                child_id=w.child_id, service_id=wednesday, day=day, booking=Booking.RESERVED,
                locked_reason=BILLED_LOCK,
            )
        )
    with session_factory() as s:
        plan = edits.plan_action(
            s, wednesday, [edits.Target(w.child_id, day, None)], Action.UNLOCK
        )
        assert plan.skipped == {"jour facturé": 1}


def test_booking_past_the_places_needs_a_confirmation(session_factory, w):
    holidays = w.services["holidays"]  # one place
    with db.transaction(session_factory) as s:
        s.get(Service, holidays).capacity = 1
    from portail_admin.core.models import Enrolment

    with db.transaction(session_factory) as s:
        s.add(
            Enrolment(
                child_id=w.other_child_id, service_id=holidays,
                start_date=dt.date(2014, 9, 1), end_date=dt.date(2015, 8, 31),
            )
        )
    day = dt.date(2015, 4, 14)  # spring holidays
    both = [edits.Target(w.child_id, day, None), edits.Target(w.other_child_id, day, None)]
    with pytest.raises(edits.OverCapacityError) as error:
        with db.transaction(session_factory, "staff:nancy") as s:
            edits.apply_action(s, holidays, both, Action.RESERVE, today=dt.date(2015, 4, 1))
    assert "0 + 2 pour 1 places" in str(error.value)
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.apply_action(
            s, holidays, both, Action.RESERVE, today=dt.date(2015, 4, 1),
            confirm_over_capacity=True,
        )
    with session_factory() as s:
        places = month.day_occupancy(s, holidays, day)
        assert (places.used, places.left) == (2, 0)


def test_paste_writes_values_and_skips_closed_days(session_factory, w):
    morning = w.services["morning"]
    reserved = edits.Values(Booking.RESERVED, Attendance.UNKNOWN)
    values = [
        (edits.Target(w.other_child_id, dt.date(2015, 5, 1), None), reserved),  # holiday
        (edits.Target(w.child_id, dt.date(2015, 5, 18), None), None),  # clear a pattern day
    ]
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = edits.apply_values(s, morning, values)
    assert applied.plan.skipped == {"jour férié": 1}
    assert len(applied.changes) == 1


def test_today_is_the_manual_day(w):
    assert TODAY == dt.date(2015, 5, 4)
