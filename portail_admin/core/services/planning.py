"""The month planning of a child: one state per enrolled service x day, derived from the
calendar, the planning cells and the open or refused requests.

`CellState` is the single vocabulary of the legend (French label, colour and symbol) that the
portal, the desktop grid and the printed attendance sheets share. Every state has its own colour
*and* symbol, so the grid reads without colours (colour-blind readers, black-and-white prints).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .. import clock
from ..errors import NotFoundError
from ..models import Child, Enrolment, PlanningCell, Request, Service, Structure, mask_has
from ..models.enums import Attendance, Booking, CalendarKind, RequestKind, RequestStatus
from .calendar import CalendarIndex, calendar_index


class CellState(enum.Enum):
    """A legend entry: (French label, background colour, text colour, symbol)."""

    RESERVED = ("reserved", "Réservé", "#2e7d32", "#ffffff", "✓")
    REGULAR = ("regular", "Régulier", "#a5d6a7", "#1b3d1e", "☺")
    PRESENT = ("present", "Présent (réservé)", "#1565c0", "#ffffff", "●")
    PRESENT_UNBOOKED = ("present_unbooked", "Présent sans réservation", "#90caf9", "#0d2a4a", "+")
    ABSENT_BILLED = ("absent_billed", "Absent facturé", "#c62828", "#ffffff", "€")
    ABSENT_EXCUSED = ("absent_excused", "Absent excusé", "#ffcc80", "#4a2c00", "E")
    LEAVE = ("leave", "Congé", "#ce93d8", "#3a0f42", "C")
    EXTRA_HOURS = ("extra_hours", "Heure hors contrat", "#6a1b9a", "#ffffff", "H")
    PENDING = ("pending", "Demande en attente", "#fff176", "#3d3600", "?")
    RESERVATION_PENDING = (
        "reservation_pending",
        "Réservation en cours de traitement",
        "#ffe082",
        "#3d2e00",
        "R?",
    )
    ABSENCE_PENDING = (
        "absence_pending",
        "Absence en cours de traitement",
        "#ffab91",
        "#3e1407",
        "A?",
    )
    RESERVATION_REFUSED = ("reservation_refused", "Réservation refusée", "#ffffff", "#b71c1c", "✗")
    PUBLIC_HOLIDAY = ("public_holiday", "Jour férié", "#455a64", "#ffffff", "F")
    CLOSURE = ("closure", "Fermeture", "#212121", "#ffffff", "⊘")
    SHORT_HOLIDAYS = ("short_holidays", "Petites vacances", "#b2ebf2", "#00363a", "P")
    SUMMER_HOLIDAYS = ("summer_holidays", "Grandes vacances", "#80deea", "#00363a", "G")
    ERROR = ("error", "Erreur", "#d50000", "#ffffff", "!")
    NO_SERVICE = ("no_service", "Pas d'accueil ce jour", "#eeeeee", "#616161", "")
    EMPTY = ("empty", "Non réservé", "#ffffff", "#212121", "")

    def __init__(self, key: str, label: str, colour: str, text_colour: str, symbol: str):
        self.key = key
        self.label = label
        self.colour = colour
        self.text_colour = text_colour
        self.symbol = symbol


# The legend in the manual's order (plus the states the manual shows without naming).
LEGEND: tuple[CellState, ...] = (
    CellState.RESERVED,
    CellState.ERROR,
    CellState.LEAVE,
    CellState.EXTRA_HOURS,
    CellState.REGULAR,
    CellState.CLOSURE,
    CellState.ABSENT_BILLED,
    CellState.PENDING,
    CellState.ABSENT_EXCUSED,
    CellState.RESERVATION_PENDING,
    CellState.RESERVATION_REFUSED,
    CellState.ABSENCE_PENDING,
    CellState.SHORT_HOLIDAYS,
    CellState.SUMMER_HOLIDAYS,
    CellState.PUBLIC_HOLIDAY,
    CellState.PRESENT,
    CellState.PRESENT_UNBOOKED,
)

BOOKED = (Booking.RESERVED, Booking.REGULAR)


def closed_reason(service: Any, day: dt.date, calendar: CalendarIndex) -> CellState | None:
    """Why the service does not run on `day` (a calendar state or NO_SERVICE), or None."""
    if calendar.is_public_holiday(day):
        return CellState.PUBLIC_HOLIDAY
    if calendar.is_closed(day, service.structure_id):
        return CellState.CLOSURE
    if not service.active or not mask_has(service.weekdays, day):
        return CellState.NO_SERVICE
    holiday = calendar.holiday_kind(day)
    if holiday is not None and not service.open_in_holidays:
        if holiday is CalendarKind.SUMMER_HOLIDAYS:
            return CellState.SUMMER_HOLIDAYS
        return CellState.SHORT_HOLIDAYS
    if holiday is None and not service.open_in_term:
        return CellState.NO_SERVICE
    return None


def enrolment_on(enrolments: Iterable[Any], day: dt.date) -> Any | None:
    return next((e for e in enrolments if e.start_date <= day <= e.end_date), None)


def is_booked(cell: Any | None, enrolment: Any | None, day: dt.date) -> bool:
    """Booked by a cell or, where no cell exists, by the enrolment's weekly pattern."""
    if cell is not None:
        return cell.booking in BOOKED
    return enrolment is not None and mask_has(enrolment.weekly_pattern, day)


def cell_state(
    *,
    closed: CellState | None,
    enrolled: bool,
    cell: Any | None,
    regular_by_pattern: bool = False,
    pending: Iterable[RequestKind] = (),
    refused_reservation: bool = False,
) -> CellState:
    """The legend state of one child x service x day (shared by every grid and printout)."""
    booking = cell.booking if cell is not None else Booking.NONE
    attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
    recorded = booking is not Booking.NONE or attendance is not Attendance.UNKNOWN
    if closed is not None:
        return CellState.ERROR if recorded else closed
    if not enrolled:
        return CellState.ERROR if recorded else CellState.NO_SERVICE
    pending = set(pending)
    if len(pending) > 1:
        return CellState.PENDING
    if RequestKind.RESERVATION in pending:
        return CellState.RESERVATION_PENDING
    if RequestKind.ABSENCE in pending:
        return CellState.ABSENCE_PENDING
    by_attendance = {
        Attendance.ABSENT_BILLED: CellState.ABSENT_BILLED,
        Attendance.ABSENT_EXCUSED: CellState.ABSENT_EXCUSED,
        Attendance.LEAVE: CellState.LEAVE,
        Attendance.EXTRA_HOURS: CellState.EXTRA_HOURS,
    }
    if attendance is Attendance.PRESENT:
        booked = booking in BOOKED or (cell is None and regular_by_pattern)
        return CellState.PRESENT if booked else CellState.PRESENT_UNBOOKED
    if attendance in by_attendance:
        return by_attendance[attendance]
    if booking is Booking.RESERVED:
        return CellState.RESERVED
    if booking is Booking.REGULAR or (cell is None and regular_by_pattern):
        return CellState.REGULAR
    if refused_reservation:
        return CellState.RESERVATION_REFUSED
    return CellState.EMPTY


@dataclass
class GridCell:
    day: dt.date
    state: CellState
    can_reserve: bool = False
    can_declare_absence: bool = False
    absence_billed: bool = False  # declared now, past the deadline: it would be Absent facturé
    pending_request_id: int | None = None


@dataclass
class GridRow:
    service_id: int
    structure_name: str
    service_name: str
    cells: list[GridCell] = field(default_factory=list)


@dataclass
class MonthGrid:
    child_id: int
    month: dt.date  # first day of the month
    days: list[dt.date]
    rows: list[GridRow]

    @property
    def previous_month(self) -> dt.date:
        return (self.month - dt.timedelta(days=1)).replace(day=1)

    @property
    def next_month(self) -> dt.date:
        return (self.month + dt.timedelta(days=32)).replace(day=1)


def month_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    days = []
    day = first
    while day.month == first.month:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def on_time(service: Any, day: dt.date, today: dt.date | None = None) -> bool:
    """Is a booking or absence for `day` still within the service's deadline?

    (As `Service.deadline_for`: the day minus the service's booking_deadline_days.)
    """
    deadline = day - dt.timedelta(days=service.booking_deadline_days)
    return (today or clock.today()) <= deadline


# Built once (the planning page runs them on every visit); executed on the session's connection.
_CHILD = select(Child.id).where(Child.id == bindparam("child_id"))
_CHILD_OF_FAMILY = _CHILD.where(Child.family_id == bindparam("family_id"))
_ENROLMENTS = (
    select(
        Enrolment.service_id,
        Enrolment.start_date,
        Enrolment.end_date,
        Enrolment.weekly_pattern,
        Service.structure_id,
        Service.name,
        Service.weekdays,
        Service.active,
        Service.open_in_term,
        Service.open_in_holidays,
        Service.booking_deadline_days,
        Service.sort_order,
        Structure.name.label("structure_name"),
    )
    .join(Service, Service.id == Enrolment.service_id)
    .join(Structure, Structure.id == Service.structure_id)
    .where(
        Enrolment.child_id == bindparam("child_id"),
        Enrolment.start_date <= bindparam("last"),
        Enrolment.end_date >= bindparam("first"),
    )
)
_CELLS = select(
    PlanningCell.service_id, PlanningCell.day, PlanningCell.booking, PlanningCell.attendance
).where(
    PlanningCell.child_id == bindparam("child_id"),
    PlanningCell.day >= bindparam("first"),
    PlanningCell.day <= bindparam("last"),
)
_REQUESTS = (
    select(Request.id, Request.service_id, Request.day, Request.kind, Request.status)
    .where(
        Request.child_id == bindparam("child_id"),
        Request.kind.in_((RequestKind.RESERVATION, RequestKind.ABSENCE)),
        Request.day >= bindparam("first"),
        Request.day <= bindparam("last"),
    )
    .order_by(Request.created_at, Request.id)
)


def month_grid(
    session: Session,
    child_id: int,
    month: dt.date,
    today: dt.date | None = None,
    family_id: int | None = None,
) -> MonthGrid:
    """The planning of one child for the month of `month`: a row per enrolled service.

    With `family_id`, a child of another family is reported as not found.
    """
    today = today or clock.today()
    conn = session.connection()
    found = conn.execute(
        _CHILD_OF_FAMILY if family_id is not None else _CHILD,
        {"child_id": child_id, "family_id": family_id},
    ).first()
    if found is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    days = month_days(month)
    first, last = days[0], days[-1]
    window = {"child_id": child_id, "first": first, "last": last}
    enrolments = conn.execute(_ENROLMENTS, window).all()
    cells = {(c.service_id, c.day): c for c in conn.execute(_CELLS, window)}
    pending: dict[tuple[int, dt.date], list[Any]] = {}
    last_decided: dict[tuple[int, dt.date], Any] = {}
    requests = conn.execute(_REQUESTS, window)
    for req in requests:
        key = (req.service_id, req.day)
        if req.status is RequestStatus.PENDING:
            pending.setdefault(key, []).append(req)
        elif req.status is not RequestStatus.WITHDRAWN:
            last_decided[key] = req
    calendar = calendar_index(session, first, last)

    by_service: dict[int, list[Any]] = {}
    services_by_id: dict[int, Any] = {}
    for enrolment in enrolments:
        by_service.setdefault(enrolment.service_id, []).append(enrolment)
        services_by_id[enrolment.service_id] = SimpleNamespace(
            id=enrolment.service_id,
            structure_id=enrolment.structure_id,
            name=enrolment.name,
            weekdays=enrolment.weekdays,
            active=enrolment.active,
            open_in_term=enrolment.open_in_term,
            open_in_holidays=enrolment.open_in_holidays,
            booking_deadline_days=enrolment.booking_deadline_days,
            sort_order=enrolment.sort_order,
            structure_name=enrolment.structure_name,
        )
    services = sorted(
        services_by_id.values(), key=lambda s: (s.structure_name, s.sort_order, s.name)
    )
    rows = []
    for service in services:
        row = GridRow(service.id, service.structure_name, service.name)
        service_enrolments = by_service[service.id]
        for day in days:
            key = (service.id, day)
            enrolment = enrolment_on(service_enrolments, day)
            cell = cells.get(key)
            closed = closed_reason(service, day, calendar)
            open_requests = pending.get(key, [])
            decided = last_decided.get(key)
            refused = (
                decided is not None
                and decided.kind is RequestKind.RESERVATION
                and decided.status is RequestStatus.REFUSED
            )
            regular = enrolment is not None and mask_has(enrolment.weekly_pattern, day)
            state = cell_state(
                closed=closed,
                enrolled=enrolment is not None,
                cell=cell,
                regular_by_pattern=regular,
                pending=[r.kind for r in open_requests],
                refused_reservation=refused,
            )
            grid_cell = GridCell(day, state)
            if open_requests:
                grid_cell.pending_request_id = open_requests[-1].id
            elif closed is None and enrolment is not None and day >= today:
                booked = is_booked(cell, enrolment, day)
                attended = cell is not None and cell.attendance is not Attendance.UNKNOWN
                in_time = on_time(service, day, today)
                # Past the deadline a reservation is refused, an absence is taken but billed.
                grid_cell.can_reserve = in_time and not booked and not attended
                grid_cell.can_declare_absence = booked and not attended
                grid_cell.absence_billed = grid_cell.can_declare_absence and not in_time
            row.cells.append(grid_cell)
        rows.append(row)
    return MonthGrid(child_id, first, days, rows)
