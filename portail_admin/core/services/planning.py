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

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import clock
from ..errors import NotFoundError
from ..models import Child, Enrolment, PlanningCell, Request, Service, mask_has
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
    ERROR = ("error", "Erreur", "#ff1744", "#ffffff", "!")
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


def closed_reason(service: Service, day: dt.date, calendar: CalendarIndex) -> CellState | None:
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


def enrolment_on(enrolments: Iterable[Enrolment], day: dt.date) -> Enrolment | None:
    return next((e for e in enrolments if e.start_date <= day <= e.end_date), None)


def is_booked(cell: PlanningCell | None, enrolment: Enrolment | None, day: dt.date) -> bool:
    """Booked by a cell or, where no cell exists, by the enrolment's weekly pattern."""
    if cell is not None:
        return cell.booking in BOOKED
    return enrolment is not None and mask_has(enrolment.weekly_pattern, day)


def cell_state(
    *,
    closed: CellState | None,
    enrolled: bool,
    cell: PlanningCell | None,
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


def on_time(service: Service, day: dt.date, today: dt.date | None = None) -> bool:
    """Is a booking or absence for `day` still within the service's deadline?"""
    return (today or clock.today()) <= service.deadline_for(day)


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
    child_query = select(Child.id).where(Child.id == child_id)
    if family_id is not None:
        child_query = child_query.where(Child.family_id == family_id)
    if session.scalar(child_query) is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    days = month_days(month)
    first, last = days[0], days[-1]
    enrolments = list(
        session.scalars(
            select(Enrolment)
            .where(
                Enrolment.child_id == child_id,
                Enrolment.start_date <= last,
                Enrolment.end_date >= first,
            )
            .options(selectinload(Enrolment.service).selectinload(Service.structure))
        )
    )
    cells = {
        (c.service_id, c.day): c
        for c in session.scalars(
            select(PlanningCell).where(
                PlanningCell.child_id == child_id,
                PlanningCell.day >= first,
                PlanningCell.day <= last,
            )
        )
    }
    pending: dict[tuple[int, dt.date], list[Request]] = {}
    last_decided: dict[tuple[int, dt.date], Request] = {}
    requests = session.scalars(
        select(Request)
        .where(
            Request.child_id == child_id,
            Request.kind.in_((RequestKind.RESERVATION, RequestKind.ABSENCE)),
            Request.day >= first,
            Request.day <= last,
        )
        .order_by(Request.created_at, Request.id)
    )
    for req in requests:
        key = (req.service_id, req.day)
        if req.status is RequestStatus.PENDING:
            pending.setdefault(key, []).append(req)
        elif req.status is not RequestStatus.WITHDRAWN:
            last_decided[key] = req
    calendar = calendar_index(session, first, last)

    by_service: dict[int, list[Enrolment]] = {}
    for enrolment in enrolments:
        by_service.setdefault(enrolment.service_id, []).append(enrolment)
    services = sorted(
        {e.service_id: e.service for e in enrolments}.values(),
        key=lambda s: (s.structure.name, s.sort_order, s.name),
    )
    rows = []
    for service in services:
        row = GridRow(service.id, service.structure.name, service.name)
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
            elif closed is None and enrolment is not None and on_time(service, day, today):
                booked = is_booked(cell, enrolment, day)
                attended = cell is not None and cell.attendance is not Attendance.UNKNOWN
                grid_cell.can_reserve = not booked and not attended
                grid_cell.can_declare_absence = booked and not attended
            row.cells.append(grid_cell)
        rows.append(row)
    return MonthGrid(child_id, first, days, rows)
