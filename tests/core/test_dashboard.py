"""The Accueil figures: pending requests by type, unread messages, children expected today per
service, and the unpaid total (Decimal), limited to what the role may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portail_admin.core import db
from portail_admin.core.models import (
    CalendarPeriod,
    Enrolment,
    Invoice,
    Message,
    Payment,
    PlanningCell,
    Request,
    Service,
    Structure,
    utcnow,
)
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    CalendarKind,
    MessageDirection,
    PaymentMethod,
    RequestKind,
    RequestStatus,
    ServiceUnit,
    StaffRole,
)
from portail_admin.core.services import children, dashboard, families

DAY = dt.date(2015, 4, 8)  # a Wednesday


def _invoice(s, family_id, number, total, kind="invoice", corrects=None):
    invoice = Invoice(number=number, family_id=family_id, issued_on=DAY - dt.timedelta(30),
                      due_on=DAY - dt.timedelta(8), period_start=dt.date(2015, 3, 1),
                      period_end=dt.date(2015, 3, 31), total=Decimal(total), kind=kind,
                      corrects_invoice_id=corrects)
    s.add(invoice)
    s.flush()
    return invoice


@pytest.fixture
def figures(session_factory):
    with db.transaction(session_factory) as s:
        dupont = families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"}).id
        martin = families.create_family(s, {"last_name": "Martin", "first_name": "Luc"}).id
        petit = families.create_family(s, {"last_name": "Petit", "first_name": "Ana"}).id
        structure = Structure(name="Accueil de Loisirs")
        wednesday = Service(structure=structure, name="ALSH Mercredi", code="ALSHM",
                            unit=ServiceUnit.DAY, weekdays=1 << 2, capacity=24)
        canteen = Service(structure=structure, name="Restauration scolaire", code="RS",
                          unit=ServiceUnit.MEAL, weekdays=0b11111)
        closed = Service(structure=structure, name="Garderie soir", code="GS",
                         unit=ServiceUnit.SESSION, weekdays=0b11011)  # not on Wednesdays
        s.add_all([wednesday, canteen, closed])
        s.flush()
        kids = [children.add_child(s, fid, {"last_name": "X", "first_name": f"K{i}",
                                            "birth_date": "2018-01-01"})
                for i, fid in enumerate([dupont, dupont, martin, petit, petit])]
        states = [(Booking.RESERVED, Attendance.UNKNOWN), (Booking.REGULAR, Attendance.PRESENT),
                  (Booking.RESERVED, Attendance.ABSENT_EXCUSED),
                  (Booking.NONE, Attendance.PRESENT)]
        for kid, (booking, attendance) in zip(kids, states, strict=False):
            s.add(PlanningCell(child_id=kid.id, service_id=wednesday.id, day=DAY,
                               booking=booking, attendance=attendance))
        # Booked by the weekly pattern, no cell: expected too.
        s.add(Enrolment(child_id=kids[4].id, service_id=wednesday.id,
                        start_date=dt.date(2014, 9, 1), end_date=dt.date(2015, 7, 4),
                        weekly_pattern=1 << 2))
        s.add(PlanningCell(child_id=kids[0].id, service_id=canteen.id, day=DAY,
                           booking=Booking.RESERVED))
        s.add(PlanningCell(child_id=kids[0].id, service_id=closed.id, day=DAY,
                           booking=Booking.RESERVED))  # inconsistent, closed service: ignored
        s.add(PlanningCell(child_id=kids[1].id, service_id=canteen.id, day=DAY + dt.timedelta(1),
                           booking=Booking.RESERVED))  # another day
        # (one open request per child, service and day: the two reservations name two children)
        for i, (kind, status) in enumerate([(RequestKind.RESERVATION, RequestStatus.PENDING),
                                            (RequestKind.RESERVATION, RequestStatus.PENDING),
                                            (RequestKind.BANK, RequestStatus.PENDING),
                                            (RequestKind.GUARDIAN, RequestStatus.ACCEPTED)]):
            decided = None if status is RequestStatus.PENDING else utcnow()
            target = {"child_id": kids[i].id, "service_id": wednesday.id, "day": DAY} \
                if kind is RequestKind.RESERVATION else {}
            s.add(Request(family_id=dupont, kind=kind, status=status, decided_at=decided,
                          **target))
        for read, deleted, direction in [(None, None, MessageDirection.FROM_FAMILY),
                                         (utcnow(), None, MessageDirection.FROM_FAMILY),
                                         (None, utcnow(), MessageDirection.FROM_FAMILY),
                                         (None, None, MessageDirection.TO_FAMILY)]:
            s.add(Message(family_id=dupont, direction=direction, subject="Objet", body="...",
                          read_at=read, deleted_by_staff_at=deleted))
        # DUPONT owes 120.60; MARTIN 100.10 - 30.05 (credit) - 50.00 paid = 20.05;
        # PETIT paid more than invoiced (does not reduce what others owe).
        _invoice(s, dupont, "AL-36", "120.60")
        first = _invoice(s, martin, "AL-37", "100.10")
        _invoice(s, martin, "AL-38", "-30.05", kind="credit_note", corrects=first.id)
        _invoice(s, petit, "AL-39", "10.00")
        s.add_all([
            Payment(family_id=martin, received_on=DAY - dt.timedelta(2), amount=Decimal("50.00"),
                    method=PaymentMethod.CHEQUE),
            Payment(family_id=petit, received_on=DAY - dt.timedelta(2), amount=Decimal("40.00"),
                    method=PaymentMethod.CASH),
            Payment(family_id=dupont, received_on=DAY + dt.timedelta(2),  # after the day
                    amount=Decimal("120.60"), method=PaymentMethod.CARD),
        ])
    return wednesday.id


def test_dashboard_for_an_agent(session_factory, figures):
    with session_factory() as s:
        board = dashboard.dashboard(s, StaffRole.AGENT, day=DAY)
    assert board.pending_total == 3
    assert board.pending_by_kind == {RequestKind.BANK: 1, RequestKind.RESERVATION: 2}
    assert board.unread_messages == 1
    # Wednesday: reserved, regular present, present without a booking (there all the same),
    # booked by the pattern; neither the child declared absent nor the pending requests.
    assert [(r.service_name, r.expected) for r in board.expected_today] == [
        ("ALSH Mercredi", 4), ("Restauration scolaire", 1)]
    assert board.expected_today[0].capacity == 24 and board.expected_total == 5
    assert board.expected_today[0].label == "Accueil de Loisirs — ALSH Mercredi"
    assert board.unpaid_total == Decimal("140.65")
    assert isinstance(board.unpaid_total, Decimal) and board.unpaid_families == 2


def test_dashboard_for_an_animateur_hides_billing_requests_and_messages(session_factory,
                                                                         figures):
    with session_factory() as s:
        board = dashboard.dashboard(s, StaffRole.ANIMATEUR, day=DAY)
    assert board.unpaid_total is None and board.unpaid_families is None
    assert board.pending_total is None and board.pending_by_kind == {}
    assert board.unread_messages is None
    assert board.expected_total == 5


def test_public_holiday_and_empty_database(session_factory, figures):
    with db.transaction(session_factory) as s:
        s.add(CalendarPeriod(kind=CalendarKind.PUBLIC_HOLIDAY, start_date=DAY, end_date=DAY,
                             label="Férié"))
    with session_factory() as s:
        assert dashboard.expected_today(s, DAY) == []
        assert dashboard.unpaid(s, DAY - dt.timedelta(days=60)) == (Decimal("0.00"), 0)


def test_empty(session_factory):
    with session_factory() as s:
        board = dashboard.dashboard(s, day=DAY)
        assert (board.pending_total, board.unread_messages, board.unpaid_total) == (
            0, 0, Decimal("0.00"))
        assert board.expected_today == []
