"""The daily pointage (core.planning.pointage): a service's or a structure's day sheet, présent /
absent for several children, walk-ins (not enrolled, past the places: confirmed), the counts
and the canteen's meals by diet, and the permission (Permission.ATTENDANCE, pointage only)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import ConcurrentEditError, PermissionDenied
from portail_admin.core.models import Enrolment, PlanningCell, Service, Structure
from portail_admin.core.models.enums import Attendance, Booking, StaffRole
from portail_admin.core.planning import edits, month, pointage
from portail_admin.core.planning.pointage import Group
from portail_admin.core.planning.rules import Action
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import children, staff
from tests.world import SCHOOL_YEAR, TODAY, build_world

ANIM = StaffRole.ANIMATEUR


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def canteen(session_factory, w):
    """The canteen on TODAY (Monday 4 May 2015): four more DUPONT children booked (two on a
    diet without pork, spelt two ways; one with a PAI), one of them declared absent; Léa is
    enrolled but not booked; Hugo is not enrolled."""
    service_id = w.services["canteen"]
    ids = {}
    with db.transaction(session_factory, "staff:test") as s:
        for first, diet, pai in (
            ("Anna", "Sans porc", False),
            ("Bruno", " sans  porc", True),
            ("Chloé", "", False),
            ("Zoé", "Végétarien", False),
        ):
            child = children.add_child(
                s,
                w.dupont_id,
                {"last_name": "Dupont", "first_name": first, "birth_date": "01/02/2010",
                 "school_class": "CP"},
            )
            if diet or pai:
                children.set_health(s, child.id, {"diet": diet, "has_pai": pai})
            s.add(Enrolment(child_id=child.id, service_id=service_id, start_date=SCHOOL_YEAR[0],
                            end_date=SCHOOL_YEAR[1], weekly_pattern=0))
            s.add(PlanningCell(child_id=child.id, service_id=service_id, day=TODAY,
                               booking=Booking.RESERVED,
                               attendance=(Attendance.ABSENT_EXCUSED if first == "Zoé"
                                           else Attendance.UNKNOWN)))
            ids[first] = child.id
    return service_id, ids


def _sheet(session_factory, service_id, role=ANIM, day=TODAY, **kw):
    with session_factory() as s:
        return pointage.day_sheet(s, role, day, service_id=service_id, **kw)


def test_the_day_sheet_of_a_canteen(session_factory, w, canteen):
    service_id, ids = canteen
    sheet = _sheet(session_factory, service_id)
    assert sheet.title == "Garderie périscolaire — Restauration scolaire"
    (service,) = sheet.services
    assert service.canteen and service.closure is None
    rows = [(r.first_name.title(), r.group, r.state, r.expected) for r in sheet.rows]
    assert rows == [
        ("Anna", Group.BOOKED, CellState.RESERVED, True),
        ("Bruno", Group.BOOKED, CellState.RESERVED, True),
        ("Chloé", Group.BOOKED, CellState.RESERVED, True),
        ("Zoé", Group.BOOKED, CellState.ABSENT_EXCUSED, False),
        ("Léa", Group.ENROLLED, CellState.EMPTY, False),  # a walk-in to be: last
    ]
    assert all(r.version == 1 for r in sheet.rows[:4]) and sheet.rows[4].version == 0
    # who is expected is the planning's own rule
    with session_factory() as s:
        assert {c.id for c, _ in month.expected_on(s, service_id, TODAY)} == {
            r.child_id for r in sheet.rows if r.expected}
    bruno = sheet.row(service_id, ids["Bruno"])
    assert (bruno.health_mark, bruno.diet) == ("PAI", "sans porc")
    counts = sheet.counts
    assert (counts.present, counts.absent, counts.absent_excused, counts.to_point) == (0, 1, 1, 3)
    assert counts.expected == 3 and counts.walk_ins == 0
    # the meals: every child expected, by diet, however the diet is spelt
    assert counts.meals == {"sans régime": 1, "Sans porc": 2}
    assert service.occupancy.used == 3

    # a role that may not see health data gets no marks and no diets, but the meal counts
    no_health = _sheet(session_factory, service_id, with_health=False)
    assert {(r.health_mark, r.diet) for r in no_health.rows} == {("", "")}
    assert no_health.counts.meals == counts.meals


def test_record_present_and_absent_for_several_children(session_factory, w, canteen):
    service_id, ids = canteen
    sheet = _sheet(session_factory, service_id)
    anna, bruno, chloe = (sheet.row(service_id, ids[n]) for n in ("Anna", "Bruno", "Chloé"))
    with db.transaction(session_factory, "staff:paul") as s:
        done = pointage.record(
            s, ANIM, [(service_id, anna.target), (service_id, bruno.target)], Action.PRESENT)
    assert done.written == 2 and done.summary() == "2 cases modifiées"
    with db.transaction(session_factory, "staff:paul") as s:
        pointage.record(s, ANIM, [(service_id, chloe.target)], Action.ABSENT_BILLED)
    sheet = _sheet(session_factory, service_id)
    states = {r.first_name.title(): r.state for r in sheet.rows}
    assert states["Anna"] is CellState.PRESENT and states["Chloé"] is CellState.ABSENT_BILLED
    counts = sheet.counts
    assert (counts.present, counts.absent, counts.to_point) == (2, 2, 0)
    assert counts.meals == {"Sans porc": 2}  # the meals follow: Chloé is not eating

    # a stale row (Anna's version as first shown) refuses the action, nothing is written
    with pytest.raises(ConcurrentEditError, match="paul"):
        with db.transaction(session_factory, "staff:nancy") as s:
            pointage.record(s, StaffRole.AGENT,
                            [(service_id, chloe.target), (service_id, anna.target)],
                            Action.ABSENT_EXCUSED)
    assert _sheet(session_factory, service_id).row(service_id, ids["Anna"]).state is (
        CellState.PRESENT)

    # Présent for Léa, enrolled but not booked: "Présent sans réservation"
    lea = sheet.row(service_id, w.child_id)
    with db.transaction(session_factory, "staff:paul") as s:
        pointage.record(s, ANIM, [(service_id, lea.target)], Action.PRESENT)
    lea = _sheet(session_factory, service_id).row(service_id, w.child_id)
    assert lea.state is CellState.PRESENT_UNBOOKED and lea.walk_in and lea.group is Group.BOOKED

    # an absence needs a booking; a presence is not taken ahead of the day: counted, skipped
    tomorrow = TODAY + dt.timedelta(days=1)
    with db.transaction(session_factory, "staff:paul") as s:
        done = pointage.record(s, ANIM, [(service_id, edits.Target(w.child_id, tomorrow, 0))],
                               Action.PRESENT)
    assert done.summary() == "Aucune case modifiée ; 1 case ignorée : jour à venir (présence)"


def test_undo_puts_the_cells_back(session_factory, w, canteen):
    service_id, ids = canteen
    anna = _sheet(session_factory, service_id).row(service_id, ids["Anna"])
    with db.transaction(session_factory, "staff:paul") as s:
        done = pointage.record(s, ANIM, [(service_id, anna.target)], Action.PRESENT)
    with db.transaction(session_factory, "staff:paul") as s:
        pointage.undo(s, ANIM, done)
    assert _sheet(session_factory, service_id).row(service_id, ids["Anna"]).state is (
        CellState.RESERVED)


def test_a_walk_in_not_enrolled_is_warned_then_confirmed(session_factory, w, canteen):
    service_id, _ids = canteen
    hugo = w.other_child_id
    assert _sheet(session_factory, service_id).row(service_id, hugo) is None
    with session_factory() as s:
        found = pointage.find_children(s, ANIM, "dupont", service_id, TODAY)
        assert [c.first_name.title() for c in found][:2] == ["Anna", "Bruno"]
        assert all(c.enrolled for c in found)
        (candidate,) = pointage.find_children(s, ANIM, "HUGO mart", service_id, TODAY)
        assert (candidate.child_id, candidate.enrolled) == (hugo, False)
        assert candidate.family_name
        check = pointage.check_walk_in(s, ANIM, service_id, hugo, TODAY)
    assert check.warnings == ("L'enfant n'est pas inscrit à cette prestation à cette date.",)
    with pytest.raises(pointage.WalkInNeedsConfirmation, match="pas inscrit"):
        with db.transaction(session_factory, "staff:paul") as s:
            pointage.add_walk_in(s, ANIM, service_id, hugo, TODAY)
    with db.transaction(session_factory, "staff:paul") as s:
        pointage.add_walk_in(s, ANIM, service_id, hugo, TODAY, confirmed=True)
    row = _sheet(session_factory, service_id).row(service_id, hugo)
    assert row.state is CellState.PRESENT_UNBOOKED and row.expected
    assert _sheet(session_factory, service_id).counts.walk_ins == 1
    with session_factory() as s:  # a second time: already there
        again = pointage.check_walk_in(s, ANIM, service_id, hugo, TODAY)
    assert again.refused == pointage.ALREADY_PRESENT
    with pytest.raises(pointage.WalkInRefused):
        with db.transaction(session_factory, "staff:paul") as s:
            pointage.add_walk_in(s, ANIM, service_id, hugo, TODAY, confirmed=True)


def test_a_walk_in_past_the_places_is_warned_then_confirmed(session_factory, w):
    morning = w.services["morning"]  # Léa comes by her weekly pattern
    with db.transaction(session_factory) as s:
        s.get(Service, morning).capacity = 1
        s.add(Enrolment(child_id=w.other_child_id, service_id=morning, start_date=SCHOOL_YEAR[0],
                        end_date=SCHOOL_YEAR[1], weekly_pattern=0))
    sheet = _sheet(session_factory, morning)
    assert sheet.services[0].occupancy.left == 0
    hugo = sheet.row(morning, w.other_child_id)
    assert hugo.group is Group.ENROLLED
    with session_factory() as s:
        check = pointage.check_walk_in(s, ANIM, morning, w.other_child_id, TODAY)
    assert check.warnings == ("La prestation est complète ce jour : 1 enfant pour 1 place.",)
    # Présent on his row goes past the places too: the core refuses until confirmed
    with pytest.raises(edits.OverCapacityError):
        with db.transaction(session_factory, "staff:paul") as s:
            pointage.record(s, ANIM, [(morning, hugo.target)], Action.PRESENT)
    with pytest.raises(pointage.WalkInNeedsConfirmation, match="complète"):
        with db.transaction(session_factory, "staff:paul") as s:
            pointage.add_walk_in(s, ANIM, morning, w.other_child_id, TODAY)
    with db.transaction(session_factory, "staff:paul") as s:
        pointage.record(s, ANIM, [(morning, hugo.target)], Action.PRESENT,
                        confirm_over_capacity=True)
    sheet = _sheet(session_factory, morning)
    assert sheet.services[0].occupancy.used == 2 and sheet.counts.present == 1


def test_the_sheet_of_a_structure_and_a_closed_day(session_factory, w, canteen):
    with session_factory() as s:
        structure_id = s.scalar(select(Structure.id).where(
            Structure.name == "Garderie périscolaire"))
        sheet = pointage.day_sheet(s, ANIM, TODAY, structure_id=structure_id)
        closed = pointage.day_sheet(s, ANIM, dt.date(2015, 5, 1), structure_id=structure_id)
        choices = pointage.choices(s, ANIM)
    assert sheet.title == "Garderie périscolaire"
    assert [x.service.name for x in sheet.services] == ["Garderie matin", "Restauration scolaire"]
    assert sheet.row(w.services["morning"], w.child_id).state is CellState.REGULAR
    counts = sheet.counts
    assert (counts.expected, counts.to_point, counts.absent) == (4, 4, 1)
    assert counts.meals == {"sans régime": 1, "Sans porc": 2}  # the canteen's only
    assert [x.closure.label for x in closed.services] == ["jour férié", "jour férié"]
    assert closed.rows == []
    assert [c.name for c in choices] == ["Accueil de Loisirs", "Garderie périscolaire"]
    assert [x.name for x in choices[1].services] == ["Garderie matin", "Restauration scolaire"]


def test_the_pointage_needs_attendance_and_does_nothing_else(session_factory, w, canteen,
                                                            monkeypatch):
    service_id, ids = canteen
    target = edits.Target(ids["Anna"], TODAY, 1)
    # an animateur does the pointage, and nothing else of the planning
    assert staff.can(ANIM, staff.Permission.ATTENDANCE)
    assert not staff.can(ANIM, staff.Permission.PLANNING)
    for action in (Action.RESERVE, Action.CLEAR, Action.LEAVE, Action.LOCK):
        with pytest.raises(PermissionDenied, match="rien d'autre du planning"):
            with db.transaction(session_factory, "staff:paul") as s:
                pointage.record(s, ANIM, [(service_id, target)], action)
    # a role without the attendance is refused everything
    monkeypatch.setitem(staff.ROLE_PERMISSIONS, ANIM, frozenset({staff.Permission.VIEW_FAMILIES}))
    with session_factory() as s:
        for call in (
            lambda: pointage.day_sheet(s, ANIM, TODAY, service_id=service_id),
            lambda: pointage.choices(s, ANIM),
            lambda: pointage.find_children(s, ANIM, "lea", service_id, TODAY),
            lambda: pointage.check_walk_in(s, ANIM, service_id, w.child_id, TODAY),
            lambda: pointage.record(s, ANIM, [(service_id, target)], Action.PRESENT),
            lambda: pointage.add_walk_in(s, ANIM, service_id, w.child_id, TODAY),
        ):
            with pytest.raises(PermissionDenied, match="ne permet pas de pointer les présences"):
                call()
    with session_factory() as s:
        cell = s.scalars(select(PlanningCell).where(PlanningCell.child_id == ids["Anna"])).one()
        assert cell.attendance is Attendance.UNKNOWN
