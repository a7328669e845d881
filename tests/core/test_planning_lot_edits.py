"""A saisie par lot in the database (core.planning.lot_edits), and the places check that lets a
large service skip the whole occupancy derivation (core.planning.edits)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import Enrolment, PlanningCell, Service, ServiceDayCapacity
from portail_admin.core.models.enums import Booking
from portail_admin.core.planning import edits, lot_edits
from portail_admin.core.planning.lot import LotSpec, Recurrence
from portail_admin.core.planning.rules import Action
from tests.world import build_world

MAY = (dt.date(2015, 5, 1), dt.date(2015, 5, 31))
WEEKDAYS = range(5)


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _cells(s, service_id, child_id):
    return {
        c.day: c
        for c in s.scalars(
            select(PlanningCell).where(
                PlanningCell.service_id == service_id, PlanningCell.child_id == child_id
            )
        )
    }


def test_a_lot_preview_counts_the_cells_and_the_reasons(session_factory, w):
    canteen = w.services["canteen"]  # Mon, Tue, Thu, Fri; Léa enrolled, Hugo not
    spec = LotSpec.of(*MAY, WEEKDAYS)
    with session_factory() as s:
        plan = lot_edits.plan_lot(s, canteen, [w.child_id, w.other_child_id], spec, Action.RESERVE)
    assert len(plan.plan.writes) == 14
    assert plan.plan.skipped == {
        "non inscrit à cette date": 14,
        "pas d'accueil ce jour de la semaine": 8,
        "jour férié": 4,  # 1 and 8 May, both children
        "fermeture": 2,  # 15 May
    }
    assert plan.cells == 2 * 21
    text = plan.preview()
    assert text.startswith("14 cases seront réservées ; ")
    assert "4 cases ignorées : jour férié" in text and "2 cases ignorées : fermeture" in text
    with session_factory() as s:  # nothing written
        assert _cells(s, canteen, w.child_id) == {}


def test_a_lot_is_applied_in_one_transaction_and_can_be_undone(session_factory, w):
    canteen = w.services["canteen"]
    spec = LotSpec.of(*MAY, [0, 3], Recurrence.ONE_IN_TWO)  # Mondays and Thursdays, 1 in 2
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = lot_edits.apply_lot(s, canteen, [w.child_id], spec, Action.RESERVE)
    # Weeks of 27 April (in), 4 May (out), 11 May (in), 18 May (out), 25 May (in).
    days = [dt.date(2015, 5, 11), dt.date(2015, 5, 14), dt.date(2015, 5, 25), dt.date(2015, 5, 28)]
    assert sorted(c.day for c in applied.changes) == days
    assert applied.summary() == "4 cases modifiées"
    with session_factory() as s:
        cells = _cells(s, canteen, w.child_id)
        assert sorted(cells) == days and all(c.booking is Booking.RESERVED for c in cells.values())
    with db.transaction(session_factory, "staff:nancy") as s:
        edits.revert(s, canteen, applied.changes)
    with session_factory() as s:
        assert _cells(s, canteen, w.child_id) == {}


def test_a_lot_says_the_closed_days_in_its_summary(session_factory, w):
    morning = w.services["morning"]  # Léa booked by her weekly pattern
    spec = LotSpec.of(*MAY, [4])  # Fridays: 1 and 8 May are public holidays, 15 a closure
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = lot_edits.apply_lot(s, morning, [w.child_id], spec, Action.ABSENT_EXCUSED)
    assert applied.summary() == (
        "2 cases modifiées ; 2 cases ignorées : jour férié ; 1 case ignorée : fermeture"
    )


def test_a_lot_over_the_places_needs_a_confirmation(session_factory, w):
    holidays = w.services["holidays"]  # one place, open in the holidays
    with db.transaction(session_factory) as s:
        s.add(
            Enrolment(
                child_id=w.other_child_id,
                service_id=holidays,
                start_date=dt.date(2014, 9, 1),
                end_date=dt.date(2015, 8, 31),
            )
        )
    spec = LotSpec.of(
        dt.date(2015, 4, 13), dt.date(2015, 4, 17), WEEKDAYS, term_days=False, holidays=True
    )
    both = [w.child_id, w.other_child_id]
    with session_factory() as s:
        plan = lot_edits.plan_lot(
            s, holidays, both, spec, Action.RESERVE, today=dt.date(2015, 4, 1)
        )
    assert len(plan.plan.over_capacity) == 5
    assert plan.preview().endswith("capacité dépassée sur 5 jours (confirmation demandée)")
    with pytest.raises(edits.OverCapacityError):
        with db.transaction(session_factory, "staff:nancy") as s:
            lot_edits.apply_lot(s, holidays, both, spec, Action.RESERVE, today=dt.date(2015, 4, 1))
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = lot_edits.apply_lot(
            s,
            holidays,
            both,
            spec,
            Action.RESERVE,
            today=dt.date(2015, 4, 1),
            confirm_over_capacity=True,
        )
    assert len(applied.changes) == 10


def test_lot_children_are_those_enrolled_during_the_range(session_factory, w):
    with session_factory() as s:
        assert lot_edits.lot_children(s, w.services["wednesday"], *MAY) == sorted(
            [w.child_id, w.other_child_id]
        )
        assert lot_edits.lot_children(s, w.services["canteen"], *MAY) == [w.child_id]
        assert (
            lot_edits.lot_children(
                s, w.services["canteen"], dt.date(2016, 1, 1), dt.date(2016, 1, 31)
            )
            == []
        )


def test_a_bad_lot_is_refused_before_anything_is_read(session_factory, w):
    from portail_admin.core.errors import ValidationError

    with session_factory() as s, pytest.raises(ValidationError):
        lot_edits.plan_lot(
            s, w.services["canteen"], [w.child_id], LotSpec.of(*MAY, []), Action.RESERVE
        )


def test_the_preview_of_a_single_cell_and_of_nothing():
    plan = edits.Plan()
    assert lot_edits.preview_sentence(Action.CLEAR, plan) == "Aucune case ne sera modifiée"
    plan.writes.append(None)  # type: ignore[arg-type]
    plan.unchanged = 1
    plan.skipped["case verrouillée"] = 1
    assert lot_edits.preview_sentence(Action.LEAVE, plan) == (
        "1 case sera mise en congé ; 1 case déjà dans cet état ; 1 case ignorée : case verrouillée"
    )


# --------------------------------------------------------------------------- the places check


def test_a_service_with_room_for_every_child_skips_the_occupancy(session_factory, w, monkeypatch):
    """Wednesday has 20 places and 2 children: no day can be full, whatever they book."""

    def no_occupancy(*args, **kwargs):
        raise AssertionError("the whole occupancy should not be derived")

    monkeypatch.setattr(edits, "occupancy", no_occupancy)
    wednesday = w.services["wednesday"]
    targets = [edits.Target(c, dt.date(2015, 5, 13), None) for c in (w.child_id, w.other_child_id)]
    with session_factory() as s:
        plan = edits.plan_action(s, wednesday, targets, Action.RESERVE)
    assert len(plan.writes) == 2 and not plan.over_capacity


def test_the_places_are_still_checked_when_they_could_run_out(session_factory, w):
    wednesday = w.services["wednesday"]
    day = dt.date(2015, 5, 13)
    with db.transaction(session_factory) as s:
        s.get(Service, wednesday).capacity = 2
        s.add(
            PlanningCell(
                child_id=w.child_id, service_id=wednesday, day=day, booking=Booking.RESERVED
            )
        )
    hugo = [edits.Target(w.other_child_id, day)]
    with session_factory() as s:  # two children enrolled for two places: Hugo fits
        assert not edits.plan_action(s, wednesday, hugo, Action.RESERVE).over_capacity
    # One place that day only (the day's own figure): Hugo does not fit any more.
    with db.transaction(session_factory) as s:
        s.add(ServiceDayCapacity(service_id=wednesday, day=day, capacity=1))
    with session_factory() as s:
        assert list(edits.plan_action(s, wednesday, hugo, Action.RESERVE).over_capacity) == [day]


def test_a_walk_in_counts_against_the_places(session_factory, w):
    """Both enrolled children booked for two places: a third child, present without being
    enrolled, goes past them (the bound counts the children written too)."""
    from portail_admin.core.services import children

    wednesday = w.services["wednesday"]
    day = dt.date(2015, 4, 29)
    with db.transaction(session_factory, "staff:test") as s:
        s.get(Service, wednesday).capacity = 2
        for child in (w.child_id, w.other_child_id):
            s.add(
                PlanningCell(
                    child_id=child, service_id=wednesday, day=day, booking=Booking.RESERVED
                )
            )
        third = children.add_child(
            s, w.martin_id, {"last_name": "Martin", "first_name": "Zoé", "birth_date": "01/02/2010"}
        ).id
    with session_factory() as s:
        plan = edits.plan_action(
            s, wednesday, [edits.Target(third, day)], Action.PRESENT, walk_in=True
        )
    assert list(plan.over_capacity) == [day]
