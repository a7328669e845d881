"""The lists behind the Accueil's figures (services/dashboard.py counts them): the children
expected today in a service, and the families that owe money. Plain data, for the desktop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..models import Child, Enrolment, Family, Invoice, Payment, PlanningCell, Service
from ..models.enums import Attendance, Booking
from .dashboard import CENT


@dataclass(frozen=True)
class ExpectedChild:
    child_id: int
    family_id: int
    name: str  # "DUPONT LÉA"
    booking: str  # "Réservé" / "Régulier"
    attendance: str  # "" until attendance is taken


@dataclass(frozen=True)
class OwingFamily:
    family_id: int
    name: str
    family_number: str
    amount: Decimal


def expected_children(
    session: Session, service_id: int, day: dt.date | None = None
) -> tuple[str, list[ExpectedChild]]:
    """(service full name, the children expected on `day`), by name; the same rule as
    dashboard.expected_today: booked by a cell and not declared absent, or booked by the
    enrolment's weekly pattern without a cell."""
    day = day or clock.today()
    service = session.scalars(
        select(Service).where(Service.id == service_id).options(selectinload(Service.structure))
    ).first()
    if service is None:
        return "", []
    rows: dict[int, ExpectedChild] = {}
    cells = session.execute(
        select(PlanningCell, Child)
        .join(Child, Child.id == PlanningCell.child_id)
        .where(
            PlanningCell.service_id == service_id,
            PlanningCell.day == day,
            PlanningCell.booking.in_((Booking.RESERVED, Booking.REGULAR)),
            PlanningCell.attendance.not_in((Attendance.ABSENT_BILLED, Attendance.ABSENT_EXCUSED)),
        )
    ).all()
    for cell, child in cells:
        rows[child.id] = ExpectedChild(
            child.id,
            child.family_id,
            f"{child.last_name} {child.first_name}",
            cell.booking.label,
            "" if cell.attendance is Attendance.UNKNOWN else cell.attendance.label,
        )
    has_cell = (
        select(PlanningCell.id)
        .where(
            PlanningCell.child_id == Enrolment.child_id,
            PlanningCell.service_id == service_id,
            PlanningCell.day == day,
        )
        .exists()
    )
    for child in session.scalars(
        select(Child)
        .join(Enrolment, Enrolment.child_id == Child.id)
        .where(
            Enrolment.service_id == service_id,
            Enrolment.start_date <= day,
            Enrolment.end_date >= day,
            Enrolment.weekly_pattern.op("&")(1 << day.weekday()) != 0,
            ~has_cell,
        )
        .distinct()
    ):
        rows.setdefault(
            child.id,
            ExpectedChild(
                child.id,
                child.family_id,
                f"{child.last_name} {child.first_name}",
                Booking.REGULAR.label,
                "",
            ),
        )
    return service.full_name, sorted(rows.values(), key=lambda r: r.name)


def owing_families(session: Session, day: dt.date | None = None) -> list[OwingFamily]:
    """The families whose invoices exceed their payments at `day`, largest debt first."""
    day = day or clock.today()
    invoiced = dict(
        session.execute(
            select(Invoice.family_id, func.sum(Invoice.total))
            .where(Invoice.issued_on <= day)
            .group_by(Invoice.family_id)
        )
        .tuples()
        .all()
    )
    if not invoiced:
        return []
    paid = dict(
        session.execute(
            select(Payment.family_id, func.sum(Payment.amount))
            .where(Payment.received_on <= day)
            .group_by(Payment.family_id)
        )
        .tuples()
        .all()
    )
    owed = {
        family_id: (Decimal(amount or 0) - Decimal(paid.get(family_id) or 0)).quantize(CENT)
        for family_id, amount in invoiced.items()
    }
    owed = {family_id: amount for family_id, amount in owed.items() if amount > 0}
    families = session.scalars(
        select(Family).where(Family.id.in_(owed)).options(selectinload(Family.guardians))
    )
    rows = [OwingFamily(f.id, f.display_name, f.family_number, owed[f.id]) for f in families]
    return sorted(rows, key=lambda r: (-r.amount, r.name))
