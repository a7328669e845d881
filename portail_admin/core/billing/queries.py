"""The set-based reads of the monthly run: a handful of statements for the whole commune (never
one per family), so the preview of 3,500 families stays within a few seconds.

- `billable_cells`: the month's cells whose attendance may be billed (present, absent billed),
  each flagged when a live `BilledDay` bills it already (through the live unique index);
- `tariffs_of`: the dated tariffs of the services met, brackets included;
- `services_of`: their names and order;
- `families_of`: each family's number, QF, primary guardian (name, address) and e-mail choice;
- `children_of`: each family's children, eldest first (the dégressif fratrie's rank).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import String, and_, exists, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from ..models import BilledDay, Child, Family, Guardian, PlanningCell, Service, Tariff
from ..models.enums import Attendance, Booking, GuardianRole
from .pricing import TariffTerms

# The attendances that may be billed (rules.billing_kind bills nothing else).
BILLABLE_ATTENDANCE = (Attendance.PRESENT, Attendance.ABSENT_BILLED)
# Above this many families an IN list costs more than reading them all.
_IN_LIMIT = 500


class CellRow(NamedTuple):
    cell_id: int
    child_id: int
    service_id: int
    day: dt.date
    booking: Booking
    attendance: Attendance
    version: int
    billed: bool  # a live BilledDay bills it already


@dataclass(frozen=True)
class ServiceRow:
    id: int
    name: str
    order: tuple[Any, ...]


@dataclass
class FamilyRow:
    id: int
    number: str
    qf: Decimal | None
    last_name: str = ""  # the primary guardian's ("" without one)
    first_name: str = ""
    has_address: bool = False  # the primary guardian's postal address
    email_chosen: bool = False  # a guardian accepts e-mail
    email: str = ""  # the address of a guardian who accepts e-mail ("" when none has one)
    children: list[tuple[int, str]] = field(default_factory=list)  # (id, first name), eldest first


def family_of_children(session: Session) -> dict[int, int]:
    """child id → family id, for every child (a few thousand rows, one statement)."""
    return dict(session.execute(select(Child.id, Child.family_id)).tuples().all())


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _live_billed(cell: Any = PlanningCell) -> Any:
    return exists().where(
        BilledDay.child_id == cell.child_id,
        BilledDay.service_id == cell.service_id,
        BilledDay.day == cell.day,
        BilledDay.freed_by_id.is_(None),
    )


_BOOKINGS = {b.value: b for b in Booking}
_ATTENDANCES = {a.value: a for a in Attendance}


def billable_cells(
    session: Session,
    first: dt.date,
    last: dt.date,
    family_ids: Collection[int] | None = None,
) -> list[CellRow]:
    """The cells of [first, last] with a billable attendance (one statement), each saying
    whether a live BilledDay bills it already: what is billed is not billed again, but still
    counts for the rank of a child (the dégressif fratrie of a late pointage).

    Read raw (strings for the enums, and for the days on SQLite) and converted through small
    lookup tables: a large commune's month is over 100,000 cells, where the column types'
    per-row processing would cost more than the statement itself."""
    query = select(
        PlanningCell.id,
        PlanningCell.child_id,
        PlanningCell.service_id,
        type_coerce(PlanningCell.day, String),
        type_coerce(PlanningCell.booking, String),
        type_coerce(PlanningCell.attendance, String),
        PlanningCell.version,
        _live_billed(),
    ).where(
        # Through the covering (service, day) index rather than a scan of every cell.
        PlanningCell.service_id.in_(select(Service.id).scalar_subquery()),
        PlanningCell.day.between(first, last),
        PlanningCell.attendance.in_(BILLABLE_ATTENDANCE),
    )
    if family_ids is not None:
        query = query.where(
            PlanningCell.child_id.in_(
                select(Child.id).where(Child.family_id.in_(sorted(set(family_ids))))
            )
        )
    days: dict[Any, dt.date] = {}

    def day_of(raw: Any) -> dt.date:
        day = days.get(raw)
        if day is None:
            day = days[raw] = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(raw)
        return day

    bookings, attendances = _BOOKINGS, _ATTENDANCES
    return [
        CellRow(
            cid, child, service, day_of(day), bookings[booking], attendances[att], version, bool(b)
        )
        for cid, child, service, day, booking, att, version, b in session.execute(query).tuples()
    ]


def services_of(session: Session, service_ids: Iterable[int]) -> dict[int, ServiceRow]:
    ids = sorted(set(service_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Service.id, Service.name, Service.structure_id, Service.sort_order).where(
            Service.id.in_(ids)
        )
    )
    return {
        r.id: ServiceRow(r.id, r.name, (r.structure_id, r.sort_order, r.name, r.id)) for r in rows
    }


def tariffs_of(session: Session, service_ids: Iterable[int]) -> dict[int, list[TariffTerms]]:
    """Every dated tariff of these services, as pricing terms (two statements)."""
    ids = sorted(set(service_ids))
    result: dict[int, list[TariffTerms]] = {i: [] for i in ids}
    if not ids:
        return result
    tariffs = session.scalars(
        select(Tariff)
        .where(Tariff.service_id.in_(ids))
        .options(selectinload(Tariff.brackets))
        .order_by(Tariff.service_id, Tariff.valid_from)
    )
    for tariff in tariffs:
        result[tariff.service_id].append(TariffTerms.from_model(tariff))
    return result


def _family_filter(column: Any, family_ids: Collection[int] | None) -> Any:
    if family_ids is None or len(family_ids) > _IN_LIMIT:
        return None
    return column.in_(sorted(set(family_ids)))


def families_of(session: Session, family_ids: Collection[int] | None) -> dict[int, FamilyRow]:
    """The families (all, or `family_ids`) with their guardians' facts and children (three
    statements)."""
    wanted = None if family_ids is None else set(family_ids)
    families_q = select(Family.id, Family.family_number, Family.quotient_familial)
    guardians_q = select(
        Guardian.family_id,
        Guardian.role,
        Guardian.last_name,
        Guardian.first_name,
        Guardian.address,
        Guardian.postal_code,
        Guardian.city,
        Guardian.email,
        Guardian.email_consent,
    ).order_by(Guardian.family_id, Guardian.role.desc())
    children_q = select(Child.family_id, Child.id, Child.first_name).order_by(
        Child.family_id, Child.birth_date, Child.id
    )
    condition = _family_filter(Family.id, family_ids)
    if condition is not None:
        families_q = families_q.where(condition)
        guardians_q = guardians_q.where(_family_filter(Guardian.family_id, family_ids))
        children_q = children_q.where(_family_filter(Child.family_id, family_ids))
    families: dict[int, FamilyRow] = {}
    for fid, number, qf in session.execute(families_q):
        if wanted is None or fid in wanted:
            families[fid] = FamilyRow(fid, number, qf)
    for g in session.execute(guardians_q):
        family = families.get(g.family_id)
        if family is None:
            continue
        if g.role is GuardianRole.PRIMARY:
            family.last_name, family.first_name = g.last_name, g.first_name
            family.has_address = bool(
                g.address.strip() and (g.postal_code.strip() or g.city.strip())
            )
        if g.email_consent:
            family.email_chosen = True
            if g.email.strip() and not family.email:
                family.email = g.email.strip()
    for family_id, child_id, first_name in session.execute(children_q):
        family = families.get(family_id)
        if family is not None:
            family.children.append((child_id, first_name))
    return families


def live_billed_day(session: Session, child_id: int, service_id: int, day: dt.date) -> bool:
    """Whether a live BilledDay bills this day (a test's and a tooltip's question)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    and_(
                        BilledDay.child_id == child_id,
                        BilledDay.service_id == service_id,
                        BilledDay.day == day,
                        BilledDay.freed_by_id.is_(None),
                    )
                )
            )
        )
    )
