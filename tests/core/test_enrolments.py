"""Enrolments (inscriptions): enrol, change, end; what happens to the days an enrolment loses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import (
    ConcurrentEditError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from portail_admin.core.models import (
    ChangeLog,
    Enrolment,
    PlanningCell,
    Request,
    Service,
    weekday_mask,
)
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    ChangeAction,
    RequestKind,
    RequestStatus,
)
from portail_admin.core.planning import enrolments as en
from portail_admin.core.services import staff as staff_service

from ..world import build_world

D = dt.date
MON_TUE_THU_FRI = weekday_mask(0, 1, 3, 4)


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


def _staff(session_factory, username="nancy", role="agent"):
    with db.transaction(session_factory, "staff:test") as s:
        user = staff_service.create_staff_user(s, username, username.capitalize(), role, "Alix2015")
        return staff_service.identity_of(user)


@pytest.fixture
def agent(session_factory, world):
    return _staff(session_factory)


def _enrolment(s, child_id, service_id) -> Enrolment:
    return s.scalars(
        select(Enrolment).where(Enrolment.child_id == child_id, Enrolment.service_id == service_id)
    ).one()


def test_lists_a_childs_enrolments_with_service_and_structure(session, world):
    rows = en.child_enrolments(session, world.child_id)
    assert [r.full_service_name for r in rows] == [
        "Accueil de Loisirs — ALSH Mercredi après-midi",
        "Accueil de Loisirs — ALSH Vacances après-midi",
        "Garderie périscolaire — Garderie matin",
        "Garderie périscolaire — Restauration scolaire",
    ]
    morning = rows[2]
    assert morning.pattern_label == "Lun, Mar, Jeu, Ven"
    assert rows[0].pattern_label == "Aucun (au jour le jour)"
    assert morning.service_weekdays == MON_TUE_THU_FRI
    assert [c.full_name for c in en.service_choices(session)][0].startswith("Accueil de Loisirs")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"service_id": None}, "service_id", "Choisissez une prestation."),
        ({"service_id": 9999}, "service_id", "Cette prestation n'existe pas."),
        ({"start_date": ""}, "start_date", "Ce champ est obligatoire."),
        ({"start_date": "31/02/2016"}, "start_date", "Cette date n'existe pas."),
        (
            {"end_date": "31/08/2015"},
            "end_date",
            "La date de fin doit être le même jour ou après la date de début.",
        ),
        (
            {"weekly_pattern": weekday_mask(1, 2, 5)},
            "weekly_pattern",
            "La prestation n'a pas lieu le mercredi et samedi : décochez ces jours.",
        ),
        ({"weekly_pattern": 200}, "weekly_pattern", "Jours réguliers invalides."),
    ],
)
def test_enrol_refuses_bad_input_per_field(session, world, agent, data, field, message):
    values = {
        "service_id": world.services["morning"],
        "start_date": "01/09/2015",
        "end_date": "05/07/2016",
        "weekly_pattern": MON_TUE_THU_FRI,
        **data,
    }
    with pytest.raises(ValidationError) as caught:
        en.enrol(session, agent, world.child_id, values)
    assert caught.value.errors == {field: message}


def test_enrol_refuses_an_overlap_and_an_inactive_service(session, world, agent):
    values = {
        "service_id": world.services["wednesday"],
        "start_date": "01/06/2015",
        "end_date": "30/06/2016",
        "weekly_pattern": weekday_mask(2),
    }
    with pytest.raises(ValidationError) as caught:
        en.enrol(session, agent, world.child_id, values)
    assert caught.value.errors == {
        "start_date": "L'enfant est déjà inscrit à cette prestation du 01/09/2014 au "
        "03/07/2015 : les deux périodes ne peuvent pas se chevaucher."
    }
    session.get(Service, world.services["canteen"]).active = False
    with pytest.raises(ValidationError) as caught:
        en.enrol(
            session,
            agent,
            world.child_id,
            {**values, "service_id": world.services["canteen"], "weekly_pattern": 0},
        )
    assert caught.value.errors == {"service_id": "Cette prestation est désactivée."}


def test_enrol_next_year_and_who_may(session_factory, world, agent):
    values = {
        "service_id": world.services["wednesday"],
        "start_date": "01/09/2015",
        "end_date": "05/07/2016",
        "weekly_pattern": [2],
    }
    animateur = _staff(session_factory, "paul", "animateur")
    with db.transaction(session_factory, animateur.actor) as s:
        with pytest.raises(PermissionDenied):
            en.enrol(s, animateur, world.child_id, values)
        with pytest.raises(NotFoundError):
            en.enrol(s, agent, 999999, values)
    with db.transaction(session_factory, agent.actor) as s:
        enrolment = en.enrol(s, agent, world.child_id, values)
        new_id = enrolment.id
    with session_factory() as s:
        row = en.enrolment_row(s, new_id)
        assert (row.start_date, row.end_date, row.weekly_pattern) == (
            D(2015, 9, 1),
            D(2016, 7, 5),
            weekday_mask(2),
        )
        logged = s.scalars(
            select(ChangeLog).where(ChangeLog.table_name == "enrolment", ChangeLog.row_id == new_id)
        ).one()
        assert logged.child_id == world.child_id and logged.actor == "staff:nancy"


def test_a_stale_change_is_a_conflict_naming_who(session_factory, world, agent):
    colleague = _staff(session_factory, "chrystelle", "admin")
    with session_factory() as s:
        enrolment = _enrolment(s, world.child_id, world.services["canteen"])
        enrolment_id, version = enrolment.id, enrolment.version
    with db.transaction(session_factory, colleague.actor) as s:
        en.change_enrolment(s, colleague, enrolment_id, {"weekly_pattern": [0, 1]}, version)
    with db.transaction(session_factory, agent.actor) as s:
        with pytest.raises(ConcurrentEditError) as caught:
            en.change_enrolment(s, agent, enrolment_id, {"weekly_pattern": [3, 4]}, version)
    error = caught.value
    assert error.who == "chrystelle"
    assert error.version == version + 1
    assert [(f.name, f.mine, f.theirs) for f in error.fields] == [
        ("weekly_pattern", [3, 4], weekday_mask(0, 1))
    ]


def test_change_validates_the_period_and_the_pattern(session, world, agent):
    enrolment = _enrolment(session, world.child_id, world.services["morning"])
    with pytest.raises(ValidationError) as caught:
        en.change_enrolment(session, agent, enrolment.id, {"end_date": "01/01/2014"})
    assert set(caught.value.errors) == {"end_date"}
    with pytest.raises(ValidationError) as caught:
        en.change_enrolment(session, agent, enrolment.id, {"weekly_pattern": [2]})
    assert caught.value.errors == {
        "weekly_pattern": "La prestation n'a pas lieu le mercredi : décochez ce jour."
    }


def test_a_new_pattern_from_a_day_splits_the_enrolment(session_factory, world, agent):
    with db.transaction(session_factory, agent.actor) as s:
        enrolment = _enrolment(s, world.child_id, world.services["morning"])
        result = en.change_enrolment(
            s,
            agent,
            enrolment.id,
            {"weekly_pattern": [0, 3]},
            enrolment.version,
            pattern_from="11/05/2015",
        )
    with session_factory() as s:
        rows = [
            r
            for r in en.child_enrolments(s, world.child_id)
            if r.service_id == world.services["morning"]
        ]
    assert [(r.start_date, r.end_date, r.weekly_pattern) for r in rows] == [
        (D(2015, 5, 11), D(2015, 7, 3), weekday_mask(0, 3)),
        (D(2014, 9, 1), D(2015, 5, 10), MON_TUE_THU_FRI),
    ]
    assert result.split_id == rows[0].id
    with db.transaction(session_factory, agent.actor) as s, pytest.raises(ValidationError) as c:
        en.change_enrolment(
            s, agent, rows[0].id, {"weekly_pattern": [0]}, pattern_from="01/09/2015"
        )
    assert set(c.value.errors) == {"pattern_from"}


def _cell(
    child_id, service_id, day, booking=Booking.RESERVED, attendance=Attendance.UNKNOWN, locked=None
):
    return PlanningCell(
        child_id=child_id,
        service_id=service_id,
        day=day,
        booking=booking,
        attendance=attendance,
        locked_reason=locked,
    )


@pytest.fixture
def booked_morning(session_factory, world):
    """Léa's Garderie matin (Régulier Mon, Tue, Thu, Fri) with, around an end on 8 May:
    a day she came before it, a booking, an excused absence and a billed (locked) day after it,
    another booking and a family's pending reservation request after it."""
    service_id = world.services["morning"]
    child_id = world.child_id
    with db.transaction(session_factory, "staff:test") as s:
        s.add_all(
            [
                _cell(child_id, service_id, D(2015, 4, 27), Booking.REGULAR, Attendance.PRESENT),
                _cell(child_id, service_id, D(2015, 5, 11)),
                _cell(
                    child_id,
                    service_id,
                    D(2015, 5, 12),
                    Booking.REGULAR,
                    Attendance.ABSENT_EXCUSED,
                ),
                _cell(child_id, service_id, D(2015, 5, 18), locked="Facturé (FA-2015-05)"),
                _cell(child_id, service_id, D(2015, 5, 21)),
                # another service: untouched
                _cell(child_id, world.services["canteen"], D(2015, 5, 21)),
                Request(
                    family_id=world.dupont_id,
                    child_id=child_id,
                    kind=RequestKind.RESERVATION,
                    service_id=service_id,
                    day=D(2015, 5, 20),
                ),
            ]
        )
        enrolment = _enrolment(s, child_id, service_id)
        return enrolment.id, enrolment.version


def _days(session_factory, child_id, service_id):
    with session_factory() as s:
        return s.scalars(
            select(PlanningCell.day)
            .where(PlanningCell.child_id == child_id, PlanningCell.service_id == service_id)
            .order_by(PlanningCell.day)
        ).all()


EXPECTED_PREVIEW = dict(
    bookings=2,
    requests=1,
    attended=2,
    attended_outside=1,
    locked_outside=1,
    keep_start=None,
    keep_end=D(2015, 5, 21),
)


def test_ending_with_future_bookings_asks_first(session_factory, world, agent, booked_morning):
    enrolment_id, version = booked_morning
    with db.transaction(session_factory, agent.actor) as s:
        with pytest.raises(en.ChoiceNeeded) as caught:
            en.end_enrolment(s, agent, enrolment_id, "08/05/2015", version)
    preview = caught.value.preview
    assert preview == en.EndPreview(D(2014, 9, 1), D(2015, 5, 8), **EXPECTED_PREVIEW)
    assert preview.needs_choice
    assert preview.lines() == [
        "2 jours réservés hors de la nouvelle période (non encore pointés).",
        "1 demande en attente de la famille pour ces jours.",
        "2 jours déjà pointés : conservés, dont 1 hors de la nouvelle période.",
        "1 jour verrouillé (facturé) hors de la nouvelle période : conservé.",
    ]
    with session_factory() as s:  # nothing written
        assert s.get(Enrolment, enrolment_id).end_date == D(2015, 7, 3)


def test_ending_and_cancelling_keeps_attended_and_locked_days(
    session_factory, world, agent, booked_morning
):
    enrolment_id, version = booked_morning
    with session_factory() as s:
        preview = en.preview_change(
            s, s.get(Enrolment, enrolment_id), (D(2014, 9, 1), D(2015, 5, 8))
        )
        last_change = s.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1))
    with db.transaction(session_factory, agent.actor) as s:
        result = en.end_enrolment(
            s,
            agent,
            enrolment_id,
            "08/05/2015",
            version,
            choice=en.EndChoice.CANCEL,
            expected_preview=preview,
        )
    assert (result.cancelled_bookings, result.refused_requests) == (2, 1)
    assert result.summary() == (
        "Inscription modifiée : 2 réservations annulées, 1 demande refusée."
    )
    # present before the end, excused absence and locked day after it: kept; bookings gone
    assert _days(session_factory, world.child_id, world.services["morning"]) == [
        D(2015, 4, 27),
        D(2015, 5, 12),
        D(2015, 5, 18),
    ]
    assert _days(session_factory, world.child_id, world.services["canteen"]) == [D(2015, 5, 21)]
    with session_factory() as s:
        assert s.get(Enrolment, enrolment_id).end_date == D(2015, 5, 8)
        request = s.scalars(select(Request).where(Request.day == D(2015, 5, 20))).one()
        assert request.status is RequestStatus.REFUSED
        assert request.decided_by_id == agent.id
        assert request.motive == (
            "L'enfant n'est plus inscrit à Garderie périscolaire — Garderie matin ce jour-là "
            "(inscription du 01/09/2014 au 08/05/2015)."
        )
        changes = s.scalars(select(ChangeLog).where(ChangeLog.id > last_change)).all()
    bulk = [c for c in changes if c.table_name == "planning_cell"]
    assert [
        (c.action, c.count, c.child_id, c.family_id, c.service_id, c.day_from, c.day_to)
        for c in bulk
    ] == [
        (
            ChangeAction.DELETE,
            2,
            world.child_id,
            world.dupont_id,
            world.services["morning"],
            D(2015, 5, 9),
            D(2015, 7, 3),
        ),
    ]
    assert {c.table_name for c in changes} >= {"enrolment", "request", "planning_cell"}


def test_keeping_the_bookings_ends_after_the_last_of_them(
    session_factory, world, agent, booked_morning
):
    enrolment_id, version = booked_morning
    with db.transaction(session_factory, agent.actor) as s:
        result = en.end_enrolment(
            s, agent, enrolment_id, "08/05/2015", version, choice=en.EndChoice.KEEP
        )
    assert result.kept and result.end_date == D(2015, 5, 21)
    assert result.summary() == (
        "Inscription modifiée : réservations conservées : inscription du 01/09/2014 au 21/05/2015."
    )
    assert len(_days(session_factory, world.child_id, world.services["morning"])) == 5
    with session_factory() as s:
        assert s.get(Enrolment, enrolment_id).end_date == D(2015, 5, 21)
        assert s.scalars(select(Request.status)).all().count(RequestStatus.PENDING) == 2


def test_the_choice_is_refused_when_the_planning_changed_since_the_preview(
    session_factory, world, agent, booked_morning
):
    enrolment_id, version = booked_morning
    with session_factory() as s:
        preview = en.preview_change(
            s, s.get(Enrolment, enrolment_id), (D(2014, 9, 1), D(2015, 5, 8))
        )
    with db.transaction(session_factory, "staff:chrystelle") as s:  # a colleague books a day
        s.add(_cell(world.child_id, world.services["morning"], D(2015, 6, 1)))
    with db.transaction(session_factory, agent.actor) as s:
        with pytest.raises(en.PlanningChanged) as caught:
            en.end_enrolment(
                s,
                agent,
                enrolment_id,
                "08/05/2015",
                version,
                choice="cancel",
                expected_preview=preview,
            )
    assert caught.value.preview.bookings == 3
    assert len(_days(session_factory, world.child_id, world.services["morning"])) == 6


def test_moving_the_start_later_handles_the_days_before(session_factory, world, agent):
    service_id = world.services["wednesday"]  # booked on 8 April and 20 May in the world
    with session_factory() as s:
        enrolment = _enrolment(s, world.child_id, service_id)
        enrolment_id, version = enrolment.id, enrolment.version
    with db.transaction(session_factory, agent.actor) as s:
        result = en.change_enrolment(
            s, agent, enrolment_id, {"start_date": "01/05/2015"}, version, choice="cancel"
        )
    assert result.cancelled_bookings == 1
    assert _days(session_factory, world.child_id, service_id) == [D(2015, 5, 20)]


def test_ending_without_bookings_after_needs_no_choice(session_factory, world, agent):
    with session_factory() as s:
        enrolment = _enrolment(s, world.child_id, world.services["canteen"])
        enrolment_id, version = enrolment.id, enrolment.version
    with db.transaction(session_factory, agent.actor) as s:
        result = en.end_enrolment(s, agent, enrolment_id, "30/06/2015", version)
    assert result.summary() == "Inscription modifiée."
    with session_factory() as s:
        assert s.get(Enrolment, enrolment_id).end_date == D(2015, 6, 30)
    with db.transaction(session_factory, agent.actor) as s, pytest.raises(ValidationError) as c:
        en.end_enrolment(s, agent, enrolment_id, "")
    assert c.value.errors == {"end_date": "Ce champ est obligatoire."}
