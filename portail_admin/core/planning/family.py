"""What a family sees and may ask on its child's month (the portal's planning page): the
cells of `month.child_month` with, for each coming day, the requests it may make and, where it
may make none, why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock, formatting
from ..models import Request
from ..models.enums import Attendance, Booking, RequestKind, RequestStatus
from . import month as months
from . import rules
from .rules import ABSENT, Closure, deadline_for, on_time
from .states import CellState


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
    restore = in_time and booked and attendance in ABSENT and last_accepted is RequestKind.ABSENCE
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
    *,
    service: Any,
    day: dt.date,
    today: dt.date,
    closure: Closure | None,
    enrolled: bool,
    booked: bool,
    cell: Any | None,
) -> str:
    """Why no request can be made on a cell, in French (the portal says it when tapped)."""
    if closure is not None:
        return f"Pas d'accueil ce jour : {closure.detail}."
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


def month_grid(
    session: Session,
    child_id: int,
    month: dt.date,
    today: dt.date | None = None,
    family_id: int | None = None,
) -> MonthGrid:
    """The planning of one child for the month of `month`: a row per enrolled service.

    With `family_id`, a child of another family is reported as not found."""
    today = today or clock.today()
    data = months.child_month(session, child_id, month, today=today, family_id=family_id)
    rows = []
    for line in data.lines:
        service = line.service
        row = GridRow(service.id, service.structure_name, service.name)
        for index, day in enumerate(data.days):
            grid_cell = GridCell(day, line.states[index])
            cell = line.cells.get(index)
            enrolment = rules.enrolment_on(line.enrolments, day)
            booked = rules.is_booked(cell, enrolment, day)
            closure = line.closures[index]
            open_requests = line.pending.get(index)
            decided = line.decided.get(index)
            if open_requests:
                grid_cell.pending_request_id = open_requests[-1].id
            elif closure is None and enrolment is not None and day >= today:
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
                    service=service,
                    day=day,
                    today=today,
                    closure=closure,
                    enrolled=enrolment is not None,
                    booked=booked,
                    cell=cell,
                )
            row.cells.append(grid_cell)
        rows.append(row)
    return MonthGrid(child_id, data.month, data.days, rows)
