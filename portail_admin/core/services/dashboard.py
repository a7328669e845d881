"""The staff's home screen (Accueil): what waits, in a handful of aggregate queries.

- pending requests, by type (only the types the role may decide);
- unread messages from families;
- children expected today per service (booked cells not declared absent, plus the children
  whose enrolment's weekly pattern books them and who have no cell that day);
- the unpaid total: for each family, invoices (credit notes included) minus payments up to
  today, counting only families that owe something, as a Decimal.

Figures the role may not see are None (an animateur sees no billing, requests or messages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Numeric, case, func, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..models import Invoice, Message, Payment, Request, Service
from ..models.enums import (
    MessageDirection,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from ..planning.month import day_occupancy
from .calendar import calendar_index
from .decisions import closed_reason, visible_kinds
from .staff import Permission, can

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ExpectedToday:
    service_id: int
    structure_name: str
    service_name: str
    expected: int
    capacity: int | None

    @property
    def label(self) -> str:
        return f"{self.structure_name} — {self.service_name}"


@dataclass
class Dashboard:
    day: dt.date
    pending_total: int | None = None
    pending_by_kind: dict[RequestKind, int] = field(default_factory=dict)
    unread_messages: int | None = None
    expected_today: list[ExpectedToday] = field(default_factory=list)
    unpaid_total: Decimal | None = None
    unpaid_families: int | None = None

    @property
    def expected_total(self) -> int:
        return sum(row.expected for row in self.expected_today)


def pending_by_kind(
    session: Session, role: StaffRole | str | None = None
) -> dict[RequestKind, int]:
    query = (
        select(Request.kind, func.count(Request.id))
        .where(Request.status == RequestStatus.PENDING)
        .group_by(Request.kind)
    )
    kinds = visible_kinds(role)
    if kinds is not None:
        query = query.where(Request.kind.in_(kinds))
    counts = dict(session.execute(query).tuples().all())
    return {kind: counts[kind] for kind in RequestKind if counts.get(kind)}


def unread_messages(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(Message.id)).where(
                Message.direction == MessageDirection.FROM_FAMILY,
                Message.read_at.is_(None),
                Message.deleted_by_staff_at.is_(None),
            )
        )
        or 0
    )


def expected_today(session: Session, day: dt.date | None = None) -> list[ExpectedToday]:
    """Children expected per active service on `day` (services closed that day are left out):
    the planning's own count (core.planning.month.day_occupancy), pending requests aside."""
    day = day or clock.today()
    services = list(
        session.scalars(
            select(Service)
            .where(Service.active.is_(True))
            .options(selectinload(Service.structure))
            .order_by(Service.id)
        )
    )
    calendar = calendar_index(session, day, day)
    rows = []
    for service in services:
        if closed_reason(session, service, day, calendar) is not None:
            continue
        places = day_occupancy(session, service.id, day)
        rows.append(
            ExpectedToday(
                service_id=service.id,
                structure_name=service.structure.name,
                service_name=service.name,
                expected=places.booked,
                capacity=places.capacity,
            )
        )
    rows.sort(key=lambda r: (r.structure_name, r.service_name))
    return rows


def unpaid(session: Session, day: dt.date | None = None) -> tuple[Decimal, int]:
    """(total owed, number of families owing) at `day`: per family, invoiced minus paid."""
    day = day or clock.today()
    invoiced = (
        select(Invoice.family_id, func.sum(Invoice.total).label("amount"))
        .where(Invoice.issued_on <= day)
        .group_by(Invoice.family_id)
        .subquery()
    )
    paid = (
        select(Payment.family_id, func.sum(Payment.amount).label("amount"))
        .where(Payment.received_on <= day)
        .group_by(Payment.family_id)
        .subquery()
    )
    due = invoiced.c.amount - func.coalesce(paid.c.amount, 0)
    owed = case((due > 0, due), else_=0)
    total, families = session.execute(
        select(
            type_coerce(func.coalesce(func.sum(owed), 0), Numeric(14, 2)),
            func.count(case((due > 0, 1))),
        ).select_from(invoiced.outerjoin(paid, paid.c.family_id == invoiced.c.family_id))
    ).one()
    return Decimal(total or 0).quantize(CENT), int(families or 0)


def dashboard(
    session: Session, role: StaffRole | str | None = None, day: dt.date | None = None
) -> Dashboard:
    """Everything the Accueil shows, limited to what `role` may see (None: everything)."""
    day = day or clock.today()

    def allowed(permission: Permission) -> bool:
        return role is None or can(role, permission)

    result = Dashboard(day=day)
    if allowed(Permission.DECIDE_REQUESTS):
        result.pending_by_kind = pending_by_kind(session, role)
        result.pending_total = sum(result.pending_by_kind.values())
    if allowed(Permission.MESSAGES):
        result.unread_messages = unread_messages(session)
    if allowed(Permission.ATTENDANCE):  # the children expected: what the pointage is about
        result.expected_today = expected_today(session, day)
    if allowed(Permission.BILLING):
        result.unpaid_total, result.unpaid_families = unpaid(session, day)
    return result
