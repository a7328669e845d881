"""Every caller counts a day the same way: the month's footer, the places checked by a parent's
reservation, the decision's context, the Accueil's figure and its list of expected children
(one rule: core.planning.rules.takes_a_place, read by core.planning.month)."""

from __future__ import annotations

import datetime as dt

import pytest

from portail_admin.core import db
from portail_admin.core.errors import ValidationError
from portail_admin.core.models import Enrolment, PlanningCell, Request, Service, weekday_mask
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    RequestKind,
    RequestStatus,
)
from portail_admin.core.planning import month
from portail_admin.core.services import children, daily_lists, dashboard, decisions, families
from portail_admin.core.services import requests as rq
from tests.world import SCHOOL_YEAR, build_world

DAY = dt.date(2015, 5, 20)  # a Wednesday after the manual's day
HOLIDAY = dt.date(2015, 5, 8)  # Victoire 1945, a Friday (no Wednesday service anyway)

# name -> (booking, attendance) of the child's cell, "pattern" (booked by the weekly pattern,
# no cell), or "pending" (a reservation asked, not decided)
AWKWARD = {
    "Reserve": (Booking.RESERVED, Attendance.UNKNOWN),  # counts
    "Absente": (Booking.RESERVED, Attendance.ABSENT_EXCUSED),  # does not
    "Facturee": (Booking.REGULAR, Attendance.ABSENT_BILLED),  # does not (billed, not there)
    "Conge": (Booking.REGULAR, Attendance.LEAVE),  # does not
    "Regulier": "pattern",  # counts
    "Desinscrit": (Booking.NONE, Attendance.UNKNOWN),  # pattern day cleared: does not
    "Present": (Booking.NONE, Attendance.PRESENT),  # walk-in: counts
    "Demande": "pending",  # counts against the places, not among the expected
}
EXPECTED = {"Reserve", "Regulier", "Present"}


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def awkward(session_factory, w):
    wednesday = w.services["wednesday"]
    ids = {}
    with db.transaction(session_factory, "staff:test") as s:
        family = families.create_family(s, {"last_name": "Bizarre", "first_name": "Jo"})
        for name, what in AWKWARD.items():
            child = children.add_child(
                s, family.id, {"last_name": "Bizarre", "first_name": name,
                               "birth_date": "01/01/2010"}
            )
            ids[name] = child.id
            s.add(
                Enrolment(
                    child_id=child.id, service_id=wednesday, start_date=SCHOOL_YEAR[0],
                    end_date=SCHOOL_YEAR[1],
                    weekly_pattern=weekday_mask(2) if what != "pending" else 0,
                )
            )
            if what == "pending":
                s.add(
                    Request(
                        family_id=family.id, child_id=child.id, kind=RequestKind.RESERVATION,
                        status=RequestStatus.PENDING, service_id=wednesday, day=DAY,
                        new_values={"booking": "reserved"},
                    )
                )
            elif what != "pattern":
                booking, attendance = what
                s.add(
                    PlanningCell(
                        child_id=child.id, service_id=wednesday, day=DAY, booking=booking,
                        attendance=attendance,
                    )
                )
        # a stray cell on a day the service does not run never counts
        s.add(PlanningCell(child_id=ids["Reserve"], service_id=wednesday,
                           day=dt.date(2015, 5, 21), booking=Booking.RESERVED))
        s.add(family)
    return {"family_id": family.id, "children": ids}


def _world_count(s, w, family_id):
    """The World's own bookings that day (DUPONT, MARTIN), counted by the same rule."""
    grid = month.service_month(s, w.services["wednesday"], DAY)
    index = grid.day_index(DAY)
    return sum(
        1
        for line in grid.lines
        if line.child is not None and line.child.family_id != family_id
        and line.states[index].key in ("reserved", "regular", "present", "present_unbooked")
    )


def test_every_caller_gives_the_same_figure(session_factory, w, awkward):
    wednesday = w.services["wednesday"]
    with session_factory() as s:
        base = _world_count(s, w, awkward["family_id"])
        places = month.day_occupancy(s, wednesday, DAY)
        assert places.used == base + len(EXPECTED) + 1  # + the pending reservation
        assert places.pending == 1 and places.booked == base + len(EXPECTED)

        # the month's footer
        grid = month.service_month(s, wednesday, DAY)
        footer = grid.occupancy[grid.day_index(DAY)]
        assert (footer.used, footer.pending) == (places.used, places.pending)
        assert grid.occupancy[grid.day_index(dt.date(2015, 5, 21))].used == 0

        # the decision about the pending reservation: the others, the same count minus it
        request = s.query(Request).filter_by(child_id=awkward["children"]["Demande"]).one()
        context = decisions.planning_context(s, request)
        assert context.booked_count == places.used - 1

        # the Accueil's figure and its list
        figure = next(
            r for r in dashboard.expected_today(s, DAY) if r.service_id == wednesday
        )
        assert figure.expected == places.booked
        _, expected = daily_lists.expected_children(s, wednesday, DAY)
        assert len(expected) == places.booked
        mine = {c: n for n, c in awkward["children"].items()}
        assert {mine[e.child_id] for e in expected if e.child_id in mine} == EXPECTED


def test_the_portal_refuses_the_reservation_exactly_when_the_day_is_full(
    session_factory, w, awkward
):
    wednesday = w.services["wednesday"]
    with session_factory() as s:
        used = month.day_occupancy(s, wednesday, DAY).used
    with db.transaction(session_factory) as s:
        s.get(Service, wednesday).capacity = used  # full
    with pytest.raises(ValidationError) as error:
        with db.transaction(session_factory, "parent:1") as s:
            rq.request_booking(
                s, w.martin_id, w.other_child_id, wednesday, DAY, RequestKind.RESERVATION
            )
    assert "Complet" in error.value.errors["day"]
    with db.transaction(session_factory) as s:
        s.get(Service, wednesday).capacity = used + 1  # one place left
    with db.transaction(session_factory, "parent:1") as s:
        made = rq.request_booking(
            s, w.martin_id, w.other_child_id, wednesday, DAY, RequestKind.RESERVATION
        )
        assert made.status is RequestStatus.PENDING
    with session_factory() as s:
        places = month.day_occupancy(s, wednesday, DAY)
        assert places.used == used + 1 and places.left == 0
