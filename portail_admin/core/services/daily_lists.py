"""The lists behind the Accueil's figures (services/dashboard.py counts them): the children
expected today in a service, and the families that owe money. Plain data, for the desktop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..errors import NotFoundError
from ..models import Family, Invoice, Payment
from ..models.enums import Attendance, Booking
from ..planning.month import expected_on, service_info
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
    """(service full name, the children expected on `day`), by name: the planning's own rule
    (core.planning.month.expected_on), the same as the Accueil's count."""
    day = day or clock.today()
    try:
        service = service_info(session, service_id)
    except NotFoundError:
        return "", []
    rows = []
    for child, line in expected_on(session, service_id, day):
        cell = line.cells.get(0)
        booking = cell.booking if cell is not None else Booking.REGULAR
        attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
        rows.append(
            ExpectedChild(
                child.id,
                child.family_id,
                child.name,
                booking.label if booking is not Booking.NONE else "Sans réservation",
                "" if attendance is Attendance.UNKNOWN else attendance.label,
            )
        )
    return service.full_name, rows


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
