"""The places of a service on given days, where they differ from the service's capacity
(a trip with fewer seats, a day with more staff): stored here, read by the planning.

Only the places are kept here. How many are used and left on a day is the planning's rule
(core/planning), which reads `day_capacities`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import validation as v
from ..errors import ValidationError
from ..models import Service, ServiceDayCapacity
from ..models.enums import StaffRole
from .records import conflict_error, ensure_version, get_or_404
from .staff import Permission, can, require

MAX_PLACES = 10000  # the service's own capacity has the same bound

FIELDS: dict[str, v.Cleaner] = {
    "day": v.date(required=True),
    "capacity": v.integer(1, MAX_PLACES),
}
LABELS = {"day": "Jour", "capacity": "Places ce jour-là"}


@dataclass(frozen=True)
class DayCapacityRow:
    id: int
    service_id: int
    day: dt.date
    capacity: int
    version: int


def _require(role: StaffRole | str) -> None:
    """The places of a day are set by whoever manages the settings or the planning."""
    if not (can(role, Permission.SETTINGS) or can(role, Permission.PLANNING)):
        require(role, Permission.SETTINGS)


def day_capacities(
    session: Session, service_id: int, first: dt.date, last: dt.date
) -> dict[dt.date, int]:
    """{day: places} for the days of [first, last] that have their own number of places."""
    rows = session.execute(
        select(ServiceDayCapacity.day, ServiceDayCapacity.capacity).where(
            ServiceDayCapacity.service_id == service_id,
            ServiceDayCapacity.day >= first,
            ServiceDayCapacity.day <= last,
        )
    )
    return {day: capacity for day, capacity in rows}


def list_day_capacities(session: Session, service_id: int) -> list[DayCapacityRow]:
    """Every day of the service with its own number of places, in date order."""
    return [
        DayCapacityRow(r.id, r.service_id, r.day, r.capacity, r.version)
        for r in session.scalars(
            select(ServiceDayCapacity)
            .where(ServiceDayCapacity.service_id == service_id)
            .order_by(ServiceDayCapacity.day)
        )
    ]


def _find(session: Session, service_id: int, day: dt.date) -> ServiceDayCapacity | None:
    return session.scalars(
        select(ServiceDayCapacity).where(
            ServiceDayCapacity.service_id == service_id, ServiceDayCapacity.day == day
        )
    ).first()


def set_day_capacity(
    session: Session,
    service_id: int,
    day: Any,
    capacity: Any,
    expected_version: int | None = None,
    *,
    role: StaffRole | str,
) -> ServiceDayCapacity:
    """Give `day` its own number of places (a whole number, at least 1).

    `expected_version`: the version of the day's places as the user saw them, 0 when they
    saw none (whoever set that day meanwhile is then a concurrent change); None checks
    nothing."""
    _require(role)
    service = get_or_404(session, Service, service_id, "prestation")
    cleaned = v.clean_fields({"day": day, "capacity": capacity}, FIELDS)
    row = _find(session, service.id, cleaned["day"])
    if row is None:
        if expected_version not in (None, 0):
            raise ValidationError(
                {
                    "day": "Les places de ce jour ont été retirées entre-temps : ajoutez-les à "
                    "nouveau si besoin."
                }
            )
        row = ServiceDayCapacity(
            service_id=service.id, day=cleaned["day"], capacity=cleaned["capacity"]
        )
        session.add(row)
    else:
        if expected_version == 0:
            raise conflict_error(session, row, {"capacity": capacity}, FIELDS, LABELS)
        ensure_version(session, row, expected_version, {"capacity": capacity}, FIELDS, LABELS)
        row.capacity = cleaned["capacity"]
    session.flush()
    return row


def clear_day_capacity(
    session: Session,
    service_id: int,
    day: Any,
    expected_version: int | None = None,
    *,
    role: StaffRole | str,
) -> bool:
    """`day` goes back to the service's own capacity; False when it had none of its own."""
    _require(role)
    get_or_404(session, Service, service_id, "prestation")
    try:
        clean_day = FIELDS["day"](day)
    except v.FieldError as exc:
        raise ValidationError({"day": str(exc)}) from exc
    row = _find(session, service_id, clean_day)
    if row is None:
        return False
    ensure_version(session, row, expected_version, None, FIELDS, LABELS)
    session.delete(row)
    session.flush()
    return True
