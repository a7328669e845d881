"""The same request sent many times at the same moment (a double tap, a reload, several tabs):
real concurrent writers, each with its own session, released together by a barrier.

Exactly one request is stored (or accepted, on a service that accepts by itself); every other
writer gets the French answer a sequential duplicate gets, never a database error. Capacity is
not over-booked by families racing for the last places either.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import ValidationError
from portail_admin.core.models import Enrolment, PlanningCell, Request, Service
from portail_admin.core.models.enums import Booking, RequestKind, RequestStatus
from portail_admin.core.planning.month import day_occupancy
from portail_admin.core.services import children, families
from portail_admin.core.services import requests as rq
from tests.world import SCHOOL_YEAR, build_world

WRITERS = 20
DAY = dt.date(2015, 5, 13)  # a Wednesday, on time for the ALSH (deadline two days before)


@pytest.fixture
def w(session_factory, pinned_clock):  # noqa: F811
    return build_world(session_factory)


def race(attempt: Callable[[], Any], writers: int = WRITERS) -> list[Any]:
    """Run `attempt` in `writers` threads released at once; each one's result or exception."""
    barrier = threading.Barrier(writers)
    outcomes: list[Any] = [None] * writers

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = attempt()
        except Exception as exc:  # noqa: BLE001 - the test looks at every outcome
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return outcomes


def refusals(outcomes: list[Any]) -> list[str]:
    """The French messages of the writers that were refused; any other error fails the test."""
    unexpected = [o for o in outcomes if isinstance(o, Exception)]
    unexpected = [o for o in unexpected if not isinstance(o, ValidationError)]
    assert not unexpected, unexpected
    return [" ".join(o.errors.values()) for o in outcomes if isinstance(o, ValidationError)]


def set_service(session_factory, service_id: int, **values: Any) -> None:
    with db.transaction(session_factory) as s:
        service = s.get(Service, service_id)
        for name, value in values.items():
            setattr(service, name, value)


def book(session_factory, family_id: int, child_id: int, service_id: int) -> Callable[[], Any]:
    def attempt() -> RequestStatus:
        with db.transaction(session_factory, f"parent:{family_id}") as s:
            made = rq.request_booking(
                s, family_id, child_id, service_id, DAY, RequestKind.RESERVATION
            )
            return made.status

    return attempt


def cell_requests(session_factory, child_id: int, service_id: int) -> list[Request]:
    with session_factory() as s:
        return list(
            s.scalars(
                select(Request).where(
                    Request.child_id == child_id,
                    Request.service_id == service_id,
                    Request.day == DAY,
                )
            )
        )


def sequential_answer(attempt: Callable[[], Any]) -> str:
    """What the same request, sent once more after the race, is answered."""
    with pytest.raises(ValidationError) as err:
        attempt()
    return " ".join(err.value.errors.values())


def test_twenty_identical_reservations_store_one_pending_request(session_factory, w):
    wednesday = w.services["wednesday"]
    attempt = book(session_factory, w.dupont_id, w.child_id, wednesday)
    outcomes = race(attempt)
    messages = refusals(outcomes)
    assert outcomes.count(RequestStatus.PENDING) == 1
    assert len(messages) == WRITERS - 1
    assert all("déjà en attente" in m for m in messages), set(messages)
    assert set(messages) == {sequential_answer(attempt)}
    stored = cell_requests(session_factory, w.child_id, wednesday)
    assert [r.status for r in stored] == [RequestStatus.PENDING]


def test_twenty_identical_auto_accepted_reservations_accept_one(session_factory, w):
    wednesday = w.services["wednesday"]
    set_service(session_factory, wednesday, auto_accept=True)
    attempt = book(session_factory, w.dupont_id, w.child_id, wednesday)
    outcomes = race(attempt)
    messages = refusals(outcomes)
    assert outcomes.count(RequestStatus.ACCEPTED) == 1
    assert len(messages) == WRITERS - 1
    # The first one booked the day: the others are told so, as a tap after it would be.
    assert set(messages) == {sequential_answer(attempt)} == {"Ce jour est déjà réservé."}
    stored = cell_requests(session_factory, w.child_id, wednesday)
    assert [r.status for r in stored] == [RequestStatus.ACCEPTED]
    with session_factory() as s:
        cell = s.scalars(
            select(PlanningCell).where(
                PlanningCell.child_id == w.child_id,
                PlanningCell.service_id == wednesday,
                PlanningCell.day == DAY,
            )
        ).one()
        assert cell.booking is Booking.RESERVED


def _more_children(session_factory, service_id: int, count: int) -> list[tuple[int, int]]:
    """`count` children of as many families, enrolled in the service: (family id, child id)."""
    made = []
    with db.transaction(session_factory) as s:
        for i in range(count):
            name = f"Famille{chr(65 + i)}"
            family = families.create_family(s, {"last_name": name, "first_name": "Parent"})
            child = children.add_child(
                s, family.id, {"last_name": name, "first_name": "Léo", "birth_date": "01/02/2010"}
            )
            s.flush()
            s.add(
                Enrolment(
                    child_id=child.id,
                    service_id=service_id,
                    start_date=SCHOOL_YEAR[0],
                    end_date=SCHOOL_YEAR[1],
                    weekly_pattern=0,
                )
            )
            made.append((family.id, child.id))
    return made


@pytest.mark.parametrize("auto_accept", [False, True], ids=["pending", "auto-accept"])
def test_families_racing_for_the_last_places_do_not_over_book(session_factory, w, auto_accept):
    wednesday = w.services["wednesday"]
    set_service(session_factory, wednesday, capacity=3, auto_accept=auto_accept)
    pairs = _more_children(session_factory, wednesday, 10)
    barrier = threading.Barrier(len(pairs))
    outcomes: list[Any] = [None] * len(pairs)

    def run(index: int) -> None:
        family_id, child_id = pairs[index]
        attempt = book(session_factory, family_id, child_id, wednesday)
        barrier.wait()
        try:
            outcomes[index] = attempt()
        except Exception as exc:  # noqa: BLE001
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(pairs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    messages = refusals(outcomes)
    expected = RequestStatus.ACCEPTED if auto_accept else RequestStatus.PENDING
    assert outcomes.count(expected) == 3
    assert len(messages) == len(pairs) - 3
    assert all(m.startswith("Complet") for m in messages), set(messages)
    with session_factory() as s:
        assert day_occupancy(s, wednesday, DAY).used == 3


def _family_change(session_factory, w) -> Callable[[], Any]:
    def attempt() -> RequestStatus:
        with db.transaction(session_factory, "parent:1") as s:
            return rq.request_family_change(
                s, w.dupont_id, RequestKind.GUARDIAN, {"city": "Alix"}
            ).status

    return attempt


def _child_change(session_factory, w) -> Callable[[], Any]:
    def attempt() -> RequestStatus:
        with db.transaction(session_factory, "parent:1") as s:
            return rq.request_child_change(
                s, w.dupont_id, w.child_id, RequestKind.HEALTH, {"allergies": "Arachide"}
            ).status

    return attempt


def _child_add(session_factory, w) -> Callable[[], Any]:
    def attempt() -> RequestStatus:
        with db.transaction(session_factory, "parent:1") as s:
            return rq.request_child_add(
                s,
                w.dupont_id,
                {"last_name": "Dupont", "first_name": "Tom", "birth_date": "2014-01-02"},
            ).status

    return attempt


@pytest.mark.parametrize(
    "make, kind",
    [
        (_family_change, RequestKind.GUARDIAN),
        (_child_change, RequestKind.HEALTH),
        (_child_add, RequestKind.CHILD_ADD),
    ],
    ids=["responsable", "sante", "ajout-enfant"],
)
def test_twenty_identical_record_requests_store_one(session_factory, w, make, kind):
    attempt = make(session_factory, w)
    outcomes = race(attempt)
    messages = refusals(outcomes)
    assert outcomes.count(RequestStatus.PENDING) == 1
    assert len(messages) == WRITERS - 1
    assert set(messages) == {sequential_answer(attempt)}
    assert all("déjà en attente" in m for m in messages)
    with session_factory() as s:
        stored = s.scalars(
            select(Request).where(Request.family_id == w.dupont_id, Request.kind == kind)
        ).all()
        assert len(stored) == 1
