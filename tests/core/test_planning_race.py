"""Staff writing the same planning cells at the same moment (two PCs, many writers released
together): one action wins, the others are refused as conflicts, never half-written; writers
racing for a day's last places never go past them without confirming."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portail_admin.core import db
from portail_admin.core.errors import ConcurrentEditError
from portail_admin.core.models import Enrolment, PlanningCell, Service
from portail_admin.core.planning import edits
from portail_admin.core.planning.month import day_occupancy
from portail_admin.core.planning.rules import Action
from portail_admin.core.services import children, families
from tests.core.test_request_race import race
from tests.world import SCHOOL_YEAR, build_world

DAYS = [dt.date(2015, 5, d) for d in (13, 20, 27)]  # Wednesdays


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def test_one_action_wins_on_the_same_cells(session_factory, w):
    wednesday = w.services["wednesday"]
    targets = [edits.Target(w.other_child_id, day, 0) for day in DAYS]

    def attempt() -> int:
        with db.transaction(session_factory, "staff:nancy") as s:
            return len(edits.apply_action(s, wednesday, targets, Action.RESERVE).changes)

    outcomes = race(attempt, writers=8)
    assert outcomes.count(3) == 1, outcomes
    assert all(isinstance(o, ConcurrentEditError) for o in outcomes if o != 3), outcomes
    with session_factory() as s:
        assert (
            s.scalar(
                select(func.count(PlanningCell.id)).where(
                    PlanningCell.child_id == w.other_child_id,
                    PlanningCell.service_id == wednesday,
                )
            )
            >= 3
        )


def test_writers_racing_for_the_last_places_do_not_go_past_them(session_factory, w):
    wednesday = w.services["wednesday"]
    day = DAYS[0]
    kids = []
    with db.transaction(session_factory, "staff:test") as s:
        family = families.create_family(s, {"last_name": "Course", "first_name": "Al"})
        for i in range(8):
            child = children.add_child(
                s, family.id, {"last_name": "Course", "first_name": f"E{i}",
                               "birth_date": "01/01/2010"}
            )
            s.add(Enrolment(child_id=child.id, service_id=wednesday,
                            start_date=SCHOOL_YEAR[0], end_date=SCHOOL_YEAR[1]))
            kids.append(child.id)
    with session_factory() as s:
        used = day_occupancy(s, wednesday, day).used
    with db.transaction(session_factory) as s:
        s.get(Service, wednesday).capacity = used + 3
    queue = iter(kids)

    def attempt() -> int:
        child_id = next(queue)
        with db.transaction(session_factory, "staff:nancy") as s:
            return len(
                edits.apply_action(
                    s, wednesday, [edits.Target(child_id, day, 0)], Action.RESERVE
                ).changes
            )

    outcomes = race(attempt, writers=8)
    assert outcomes.count(1) == 3, outcomes
    assert all(isinstance(o, edits.OverCapacityError) for o in outcomes if o != 1), outcomes
    with session_factory() as s:
        places = day_occupancy(s, wednesday, day)
        assert (places.used, places.left) == (used + 3, 0)
