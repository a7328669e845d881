"""The month grid: calendar states, bookings, attendance, requests, actions."""

from __future__ import annotations

import datetime as dt

import pytest

from portail_admin.core import db
from portail_admin.core.errors import NotFoundError
from portail_admin.core.models import PlanningCell, Request
from portail_admin.core.models.enums import Attendance, Booking, RequestKind, RequestStatus
from portail_admin.core.planning import family as planning
from portail_admin.core.planning.states import LEGEND, CellState
from portail_admin.core.services import requests as rq
from tests.world import TODAY, build_world


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def states(grid, service_id):
    row = next(r for r in grid.rows if r.service_id == service_id)
    return {c.day.day: c for c in row.cells}


def test_every_state_has_label_colour_and_symbol():
    symbols = set()
    for state in CellState:
        assert state.label and state.colour.startswith("#") and state.text_colour.startswith("#")
        if state not in (CellState.EMPTY, CellState.NO_SERVICE):
            assert state.symbol and state.symbol not in symbols, state
            symbols.add(state.symbol)
    assert {s.label for s in LEGEND} >= {
        "Jour férié",
        "Fermeture",
        "Petites vacances",
        "Grandes vacances",
        "Réservé",
        "Régulier",
        "Absent facturé",
        "Absent excusé",
        "Congé",
        "Heure hors contrat",
        "Demande en attente",
        "Réservation en cours de traitement",
        "Absence en cours de traitement",
        "Réservation refusée",
        "Erreur",
    }


def test_april_2015_grid(session_factory, w):
    with session_factory() as s:
        grid = planning.month_grid(s, w.child_id, dt.date(2015, 4, 17), today=TODAY)
    assert grid.month == dt.date(2015, 4, 1) and len(grid.days) == 30
    assert grid.previous_month == dt.date(2015, 3, 1) and grid.next_month == dt.date(2015, 5, 1)
    assert [r.service_name for r in grid.rows] == [
        "ALSH Mercredi après-midi",
        "ALSH Vacances après-midi",
        "Garderie matin",
        "Restauration scolaire",
    ]
    wed = states(grid, w.services["wednesday"])
    assert wed[6].state is CellState.PUBLIC_HOLIDAY
    assert wed[8].state is CellState.RESERVED
    assert wed[15].state is CellState.SHORT_HOLIDAYS
    assert wed[1].state is CellState.EMPTY and wed[2].state is CellState.NO_SERVICE
    morning = states(grid, w.services["morning"])
    assert morning[2].state is CellState.REGULAR and morning[4].state is CellState.NO_SERVICE
    holidays = states(grid, w.services["holidays"])
    assert holidays[14].state is CellState.EMPTY and holidays[7].state is CellState.NO_SERVICE
    # April is past on 4 May: nothing can be asked any more
    assert not any(c.can_reserve or c.can_declare_absence for r in grid.rows for c in r.cells)


def test_actions_attendance_requests_and_errors(session_factory, w):
    wed_id, morning_id = w.services["wednesday"], w.services["morning"]
    with db.transaction(session_factory) as s:
        s.add_all(
            [
                PlanningCell(
                    child_id=w.child_id,
                    service_id=morning_id,
                    day=dt.date(2015, 5, 4),
                    booking=Booking.REGULAR,
                    attendance=Attendance.PRESENT,
                ),
                PlanningCell(
                    child_id=w.child_id,
                    service_id=morning_id,
                    day=dt.date(2015, 5, 5),
                    booking=Booking.NONE,
                    attendance=Attendance.PRESENT,
                ),
                PlanningCell(
                    child_id=w.child_id,
                    service_id=morning_id,
                    day=dt.date(2015, 5, 7),
                    booking=Booking.REGULAR,
                    attendance=Attendance.ABSENT_BILLED,
                ),
                PlanningCell(
                    child_id=w.child_id,
                    service_id=morning_id,
                    day=dt.date(2015, 5, 8),
                    booking=Booking.REGULAR,
                    attendance=Attendance.PRESENT,
                ),  # holiday!
            ]
        )
        rq.request_booking(
            s, w.dupont_id, w.child_id, wed_id, "2015-05-13", RequestKind.RESERVATION
        )
        rq.request_booking(s, w.dupont_id, w.child_id, wed_id, "2015-05-20", RequestKind.ABSENCE)
        refused = rq.request_booking(
            s, w.dupont_id, w.child_id, wed_id, "2015-05-27", RequestKind.RESERVATION
        )
        refused.status, refused.motive = RequestStatus.REFUSED, "Complet"
        refused.decided_at = refused.created_at
    with session_factory() as s:
        grid = planning.month_grid(s, w.child_id, dt.date(2015, 5, 1), today=TODAY)
    morning = states(grid, morning_id)
    assert morning[4].state is CellState.PRESENT
    assert morning[5].state is CellState.PRESENT_UNBOOKED
    assert morning[7].state is CellState.ABSENT_BILLED
    assert morning[8].state is CellState.ERROR
    assert morning[11].state is CellState.REGULAR and morning[11].can_declare_absence
    assert not morning[11].can_reserve
    wed = states(grid, wed_id)
    assert wed[13].state is CellState.RESERVATION_PENDING and wed[13].pending_request_id
    assert not wed[13].can_reserve
    assert wed[20].state is CellState.ABSENCE_PENDING
    assert wed[27].state is CellState.RESERVATION_REFUSED and wed[27].can_reserve
    assert wed[6].can_reserve  # deadline is today
    canteen = states(grid, w.services["canteen"])
    assert not canteen[5].can_reserve  # due on the 3rd


def test_other_familys_child_is_not_found(session_factory, w):
    with session_factory() as s, pytest.raises(NotFoundError):
        planning.month_grid(s, w.other_child_id, TODAY, family_id=w.dupont_id)
    with session_factory() as s:
        assert planning.month_grid(s, w.other_child_id, TODAY, family_id=w.martin_id).rows


def test_withdrawn_requests_leave_no_trace(session_factory, w):
    with db.transaction(session_factory) as s:
        req = rq.request_booking(
            s,
            w.dupont_id,
            w.child_id,
            w.services["wednesday"],
            "2015-05-13",
            RequestKind.RESERVATION,
        )
        rq.withdraw_request(s, w.dupont_id, req.id)
        assert s.get(Request, req.id).status is RequestStatus.WITHDRAWN
    with session_factory() as s:
        grid = planning.month_grid(s, w.child_id, TODAY, today=TODAY)
    assert states(grid, w.services["wednesday"])[13].state is CellState.EMPTY
