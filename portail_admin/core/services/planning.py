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

from .. import clock, formatting
from ..errors import NotFoundError
from ..models import Child, Enrolment, PlanningCell, Request, Service, Structure, mask_has
from ..models.enums import Attendance, Booking, CalendarKind, RequestKind, RequestStatus
from . import decisions
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
    # The request that takes back the family's last accepted choice on this cell (RESERVATION:
    # "Rétablir la réservation", ABSENCE: "Annuler ma réservation"), or None.
    undo: RequestKind | None = None
    reason: str = ""  # why no request can be made on this cell, in French ("" when one can)

    @property
    def actionable(self) -> bool:
        return bool(self.can_reserve or self.can_declare_absence or self.pending_request_id)

    def action_label(self, kind: RequestKind) -> str:
        """The words of the menu item that asks `kind` on this cell."""
        return ACTION_LABELS[kind, self.undo is kind]

    def request_noun(self, kind: RequestKind) -> str:
        """What the parent asked, for "Votre demande de …": "réservation", "absence"…"""
        return REQUEST_NOUNS[kind, self.undo is kind]


ACTION_LABELS = {
    (RequestKind.RESERVATION, False): "Demande de réservation",
    (RequestKind.RESERVATION, True): "Rétablir la réservation",
    (RequestKind.ABSENCE, False): "Déclarer une absence",
    (RequestKind.ABSENCE, True): "Annuler ma réservation",
}
REQUEST_NOUNS = {
    (RequestKind.RESERVATION, False): "réservation",
    (RequestKind.RESERVATION, True): "rétablissement de la réservation",
    (RequestKind.ABSENCE, False): "absence",
    (RequestKind.ABSENCE, True): "annulation de la réservation",
}
NOT_ENROLLED = "Votre enfant n'est pas inscrit à cette prestation à cette date."
DAY_PAST = "Ce jour est passé : contactez la mairie."


@dataclass(frozen=True)
class CellChoices:
    """What a family may ask on one enrolled, open, coming day (see `cell_choices`)."""

    can_reserve: bool
    can_declare_absence: bool
    absence_billed: bool
    undo: RequestKind | None


def cell_choices(
    *,
    booked: bool,
    cell: Any | None,
    in_time: bool,
    last_accepted: RequestKind | None = None,
) -> CellChoices:
    """What the family may ask now on a day the child is enrolled and the service runs.

    - a reservation on a free day, before the deadline;
    - an absence on a booked day not yet recorded (past the deadline it is billed);
    - the undo of its own last accepted choice, while still on time (the manual's "en cas
      d'erreur de clic, re-clic droit et re-choisir"): a day it booked can be cancelled
      ("Annuler ma réservation", an absence request), a day it declared absent booked again
      ("Rétablir la réservation", a reservation request). Both follow the usual rules (deadline,
      automatic acceptance, staff decision)."""
    attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
    booking = cell.booking if cell is not None else Booking.NONE
    restore = (
        in_time
        and booked
        and attendance in decisions.ABSENT
        and last_accepted is RequestKind.ABSENCE
    )
    can_reserve = restore or (in_time and not booked and attendance is Attendance.UNKNOWN)
    can_absence = booked and attendance is Attendance.UNKNOWN
    cancel = (
        can_absence
        and in_time
        and booking is Booking.RESERVED
        and last_accepted is RequestKind.RESERVATION
    )
    undo = RequestKind.RESERVATION if restore else RequestKind.ABSENCE if cancel else None
    return CellChoices(can_reserve, can_absence, can_absence and not in_time, undo)


def last_accepted_kind(
    session: Session, child_id: int, service_id: int, day: dt.date
) -> RequestKind | None:
    """The kind of the last reservation or absence request decided on a cell, if accepted."""
    last = session.execute(
        select(Request.kind, Request.status)
        .where(
            Request.child_id == child_id,
            Request.service_id == service_id,
            Request.day == day,
            Request.kind.in_((RequestKind.RESERVATION, RequestKind.ABSENCE)),
            Request.status.in_((RequestStatus.ACCEPTED, RequestStatus.REFUSED)),
        )
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(1)
    ).first()
    return last.kind if last is not None and last.status is RequestStatus.ACCEPTED else None


def unavailable_reason(
    session: Session,
    *,
    service: Any,
    day: dt.date,
    today: dt.date,
    calendar: CalendarIndex,
    enrolled: bool,
    booked: bool,
    cell: Any | None,
) -> str:
    """Why no request can be made on a cell, in French (the portal says it when tapped)."""
    closed = decisions.closed_reason(session, service, day, calendar)
    if closed:
        return f"Pas d'accueil ce jour : {closed}."
    if not enrolled:
        return NOT_ENROLLED
    if day < today:
        return DAY_PAST
    attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
    if attendance is not Attendance.UNKNOWN:
        return (
            f"La mairie a déjà enregistré ce jour ({attendance.label.lower()}) : "
            "contactez-la pour le changer."
        )
    if not booked and not on_time(service, day, today):
        deadline = formatting.short_date(deadline_for(service, day))
        return (
            "Trop tard : les réservations pour ce jour devaient être faites au plus tard "
            f"le {deadline}."
        )
    return "Aucune demande n'est possible pour ce jour : contactez la mairie."


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


def deadline_for(service: Any, day: dt.date) -> dt.date:
    """Last day on which a booking or absence for `day` is on time (as `Service.deadline_for`,
    for the light service rows the grid reads)."""
    return day - dt.timedelta(days=service.booking_deadline_days)


def on_time(service: Any, day: dt.date, today: dt.date | None = None) -> bool:
    """Is a booking or absence for `day` still within the service's deadline?"""
    return (today or clock.today()) <= deadline_for(service, day)


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
            booked = is_booked(cell, enrolment, day)
            if open_requests:
                grid_cell.pending_request_id = open_requests[-1].id
            elif closed is None and enrolment is not None and day >= today:
                # Past the deadline a reservation is refused, an absence is taken but billed.
                choices = cell_choices(
                    booked=booked,
                    cell=cell,
                    in_time=on_time(service, day, today),
                    last_accepted=(
                        decided.kind
                        if decided is not None and decided.status is RequestStatus.ACCEPTED
                        else None
                    ),
                )
                grid_cell.can_reserve = choices.can_reserve
                grid_cell.can_declare_absence = choices.can_declare_absence
                grid_cell.absence_billed = choices.absence_billed
                grid_cell.undo = choices.undo
            if not grid_cell.actionable:
                grid_cell.reason = unavailable_reason(
                    session,
                    service=service,
                    day=day,
                    today=today,
                    calendar=calendar,
                    enrolled=enrolment is not None,
                    booked=booked,
                    cell=cell,
                )
            row.cells.append(grid_cell)
        rows.append(row)
    return MonthGrid(child_id, first, days, rows)
