"""The planning's rules, pure (no SQL, no Qt): every caller — the portal, the decisions, the
dashboard, the daily lists, the desktop grid, the sheets and the invoices — goes through these.

- `closure`: why a service does not run on a day;
- `is_booked` / `takes_a_place`: who is booked on a day, and who counts against the places;
- `Occupancy`: the places used and left on a day;
- `cell_state`: the legend state of one child x service x day;
- `refusal`: whether staff may apply an action to a cell, and why not;
- `billing_kind`: whether a day is billed, and on what basis;
- `billed_lock` / `is_billed_lock`: the lock an invoice puts on the days it bills.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from ..models import mask_has
from ..models.enums import Attendance, Booking, CalendarKind, LineKind, RequestKind
from ..services.calendar import CalendarIndex
from .states import CellState

BOOKED = (Booking.RESERVED, Booking.REGULAR)
ABSENT = (Attendance.ABSENT_BILLED, Attendance.ABSENT_EXCUSED)
# Booked but not coming: the place is free for another child.
NOT_COMING = (*ABSENT, Attendance.LEAVE)
# The lock reason the invoices put on the days they bill ("Facturé (AL-36)"): staff cannot
# lift it from the grid; a credit note that cancels the line does.
BILLED_LOCK = "Facturé"


def billed_lock(invoice_number: str) -> str:
    return f"{BILLED_LOCK} ({invoice_number})"


def is_billed_lock(reason: str | None) -> bool:
    return reason is not None and (reason == BILLED_LOCK or reason.startswith(BILLED_LOCK + " ("))


# --------------------------------------------------------------------------- closed days


@dataclass(frozen=True)
class Closure:
    """Why a service does not run on a day.

    `label` is short and lower-case, to count refused cells by reason ("3 cases ignorées :
    jour férié"); `detail` is the full sentence ("Jour férié (Noël)")."""

    state: CellState
    label: str
    detail: str


def closure(service: Any, day: dt.date, calendar: CalendarIndex) -> Closure | None:
    """Why `service` does not run on `day` (None: it runs). `service` needs structure_id,
    active, weekdays, open_in_term and open_in_holidays."""
    if calendar.is_public_holiday(day):
        name = calendar.public_holidays[day]
        return Closure(
            CellState.PUBLIC_HOLIDAY, "jour férié", f"Jour férié ({name})" if name else "Jour férié"
        )
    if calendar.is_closed(day, service.structure_id):
        label = calendar.closure_label(day, service.structure_id)
        return Closure(
            CellState.CLOSURE, "fermeture", f"Fermeture ({label})" if label else "Fermeture"
        )
    if not service.active:
        return Closure(CellState.NO_SERVICE, "prestation désactivée", "Prestation désactivée")
    if not mask_has(service.weekdays, day):
        return Closure(
            CellState.NO_SERVICE,
            "pas d'accueil ce jour de la semaine",
            "La prestation n'a pas lieu ce jour de la semaine",
        )
    holiday = calendar.holiday_kind(day)
    if holiday is not None and not service.open_in_holidays:
        state = (
            CellState.SUMMER_HOLIDAYS
            if holiday is CalendarKind.SUMMER_HOLIDAYS
            else CellState.SHORT_HOLIDAYS
        )
        return Closure(state, holiday.label.lower(), f"{holiday.label} : prestation fermée")
    if holiday is None and not service.open_in_term:
        return Closure(CellState.NO_SERVICE, "hors vacances", "Hors vacances : prestation fermée")
    return None


# --------------------------------------------------------------------------- who is booked


def enrolment_on(enrolments: Iterable[Any], day: dt.date) -> Any | None:
    """The enrolment (start_date, end_date, weekly_pattern) covering `day`, if any."""
    return next((e for e in enrolments if e.start_date <= day <= e.end_date), None)


def booked_by_pattern(enrolment: Any | None, day: dt.date) -> bool:
    return enrolment is not None and mask_has(enrolment.weekly_pattern, day)


def is_booked(cell: Any | None, enrolment: Any | None, day: dt.date) -> bool:
    """Booked by a cell or, where no cell exists, by the enrolment's weekly pattern."""
    if cell is not None:
        return cell.booking in BOOKED
    return booked_by_pattern(enrolment, day)


def takes_a_place(
    booked: bool, attendance: Attendance, pending: Collection[RequestKind] = ()
) -> bool:
    """Whether a child counts against the service's places on a day: booked and not declared
    absent (or on leave), or asking for a reservation not decided yet. A child present without
    a booking takes a place too (they are there)."""
    if attendance is Attendance.PRESENT:
        return True
    if booked and attendance not in NOT_COMING:
        return True
    return RequestKind.RESERVATION in pending


class Fill(enum.Enum):
    """How full a day is, for the footer's colours."""

    FREE = ("free", "Places libres")
    NEARLY_FULL = ("nearly_full", "Presque complet")
    FULL = ("full", "Complet")
    UNLIMITED = ("unlimited", "Sans limite")

    def __init__(self, key: str, label: str):
        self.key = key
        self.label = label


NEARLY_FULL_SHARE = 0.9  # 90 % of the places taken: "presque complet"


@dataclass(frozen=True)
class Occupancy:
    """The places of a service on a day."""

    used: int  # children taking a place (those asking for a reservation included)
    capacity: int | None  # None: no limit
    pending: int = 0  # of `used`, the children whose reservation waits for a decision

    @property
    def booked(self) -> int:
        return self.used - self.pending

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.used, 0)

    @property
    def fill(self) -> Fill:
        if self.capacity is None:
            return Fill.UNLIMITED
        if self.used >= self.capacity:
            return Fill.FULL
        if self.used >= NEARLY_FULL_SHARE * self.capacity:
            return Fill.NEARLY_FULL
        return Fill.FREE

    def fits(self, more: int) -> bool:
        """Whether `more` children can still come without going past the capacity."""
        return self.capacity is None or self.used + more <= self.capacity


def capacity_on(
    service_capacity: int | None, by_day: dict[dt.date, int], day: dt.date
) -> int | None:
    """The places of a service on a day: that day's own figure, else the service's."""
    return by_day.get(day, service_capacity)


# --------------------------------------------------------------------------- the legend state


def cell_state(
    *,
    closed: CellState | None,
    enrolled: bool,
    cell: Any | None,
    regular_by_pattern: bool = False,
    pending: Iterable[RequestKind] = (),
    refused_reservation: bool = False,
) -> CellState:
    """The legend state of one child x service x day (shared by every grid and printout).

    `cell` needs booking and attendance (None: no cell row)."""
    booking = cell.booking if cell is not None else Booking.NONE
    attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
    recorded = booking is not Booking.NONE or attendance is not Attendance.UNKNOWN
    if closed is not None:
        return CellState.ERROR if recorded else closed
    if not enrolled:
        if attendance is Attendance.PRESENT and booking is Booking.NONE:
            # A walk-in the pointage recorded, its warning confirmed (`refusal`, walk_in).
            return CellState.PRESENT_UNBOOKED
        return CellState.ERROR if recorded else CellState.NO_SERVICE
    pending = set(pending)
    if len(pending) > 1:
        return CellState.PENDING
    if RequestKind.RESERVATION in pending:
        return CellState.RESERVATION_PENDING
    if RequestKind.ABSENCE in pending:
        return CellState.ABSENCE_PENDING
    if attendance is Attendance.PRESENT:
        booked = booking in BOOKED or (cell is None and regular_by_pattern)
        return CellState.PRESENT if booked else CellState.PRESENT_UNBOOKED
    if attendance in _BY_ATTENDANCE:
        return _BY_ATTENDANCE[attendance]
    if booking is Booking.RESERVED:
        return CellState.RESERVED
    if booking is Booking.REGULAR or (cell is None and regular_by_pattern):
        return CellState.REGULAR
    if refused_reservation:
        return CellState.RESERVATION_REFUSED
    return CellState.EMPTY


_BY_ATTENDANCE = {
    Attendance.ABSENT_BILLED: CellState.ABSENT_BILLED,
    Attendance.ABSENT_EXCUSED: CellState.ABSENT_EXCUSED,
    Attendance.LEAVE: CellState.LEAVE,
    Attendance.EXTRA_HOURS: CellState.EXTRA_HOURS,
}


# --------------------------------------------------------------------------- billing


def billing_kind(booked: bool, attendance: Attendance) -> LineKind | None:
    """On what basis a day is billed (None: it is not): booked and present, present without a
    reservation, or absent billed (an absence declared late). An excused absence, a leave or a
    day not recorded yet are not billed: a late pointage is billed by the next run."""
    if attendance is Attendance.PRESENT:
        return LineKind.PRESENT if booked else LineKind.PRESENT_UNBOOKED
    if attendance is Attendance.ABSENT_BILLED:
        return LineKind.ABSENT_BILLED
    return None


# --------------------------------------------------------------------------- deadlines


def deadline_for(service: Any, day: dt.date) -> dt.date:
    """Last day on which a booking or absence for `day` is on time."""
    return day - dt.timedelta(days=service.booking_deadline_days)


def on_time(service: Any, day: dt.date, today: dt.date) -> bool:
    """Is a booking or absence for `day` still within the service's deadline?"""
    return today <= deadline_for(service, day)


# --------------------------------------------------------------------------- staff actions


class Action(enum.Enum):
    """What staff apply to cells: (key, letter typed in the grid, French label)."""

    RESERVE = ("reserve", "R", "Réservé")
    PRESENT = ("present", "P", "Présent")
    ABSENT_BILLED = ("absent_billed", "I", "Absent facturé")
    ABSENT_EXCUSED = ("absent_excused", "J", "Absent excusé")
    LEAVE = ("leave", "C", "Congé")
    CLEAR = ("clear", "Suppr", "Effacer")
    LOCK = ("lock", "", "Verrouiller")
    UNLOCK = ("unlock", "", "Déverrouiller")

    def __init__(self, key: str, letter: str, label: str):
        self.key = key
        self.letter = letter
        self.label = label

    @classmethod
    def for_letter(cls, letter: str) -> Action | None:
        letter = letter.upper()
        return next((a for a in cls if a.letter and a.letter == letter), None)


ATTENDANCE_OF = {
    Action.PRESENT: Attendance.PRESENT,
    Action.ABSENT_BILLED: Attendance.ABSENT_BILLED,
    Action.ABSENT_EXCUSED: Attendance.ABSENT_EXCUSED,
    Action.LEAVE: Attendance.LEAVE,
}

# Reasons a cell refuses an action, short, for "3 cases ignorées : jour férié".
LOCKED = "case verrouillée"
NOT_ENROLLED = "non inscrit à cette date"
ALREADY_TAKEN = "présence déjà pointée"
FUTURE_PRESENCE = "jour à venir (présence)"
NOT_BOOKED = "non réservé"
BILLED_UNLOCK = "jour facturé"
NOT_LOCKED = "case non verrouillée"
PENDING_REQUEST = "demande de la famille en attente"


@dataclass(frozen=True)
class CellFacts:
    """What the rules need to know of one cell."""

    day: dt.date
    closure: Closure | None
    enrolled: bool
    booking: Booking  # of the cell row, or NONE without one
    attendance: Attendance
    pattern_booked: bool  # the enrolment's weekly pattern books the day
    has_row: bool
    locked_reason: str | None = None
    pending: bool = False  # a family's request waits for a decision on this cell

    @property
    def booked(self) -> bool:
        return self.booking in BOOKED if self.has_row else self.pattern_booked


def refusal(action: Action, facts: CellFacts, today: dt.date, walk_in: bool = False) -> str | None:
    """Why staff may not apply `action` to this cell (a short French reason), or None.

    - a locked cell takes nothing but an unlock (and a billed day not even that);
    - a closed day or a day outside the enrolment takes nothing (a walk-in present excepted,
      which the daily pointage records with a warning);
    - a cell with a family's request waiting is decided first (accept or refuse it);
    - a booking does not change under an attendance already taken on a past day;
    - a presence is not recorded ahead of the day; an absence needs a booking."""
    if action is Action.UNLOCK:
        if facts.locked_reason is None:
            return NOT_LOCKED
        return BILLED_UNLOCK if is_billed_lock(facts.locked_reason) else None
    if facts.locked_reason is not None:
        return BILLED_UNLOCK if is_billed_lock(facts.locked_reason) else LOCKED
    if action is Action.LOCK:
        return None
    if facts.closure is not None:
        return facts.closure.label
    if not facts.enrolled and not (walk_in and action is Action.PRESENT):
        return NOT_ENROLLED
    if facts.pending:
        return PENDING_REQUEST
    recorded = facts.attendance is not Attendance.UNKNOWN
    if action in (Action.RESERVE, Action.CLEAR) and recorded and facts.day < today:
        return ALREADY_TAKEN
    if action is Action.PRESENT and facts.day > today:
        return FUTURE_PRESENCE
    if action in (Action.ABSENT_BILLED, Action.ABSENT_EXCUSED, Action.LEAVE) and not facts.booked:
        return NOT_BOOKED
    return None


@dataclass(frozen=True)
class Outcome:
    """What a cell becomes: its row's values, or no row at all."""

    booking: Booking
    attendance: Attendance
    locked_reason: str | None
    keep_row: bool


def outcome(action: Action, facts: CellFacts, lock_reason: str | None = None) -> Outcome:
    """The cell after `action` (call `refusal` first).

    A day booked by the weekly pattern gets a row saying Régulier when something is recorded on
    it, so the pattern still reads as booked; clearing such a day keeps an empty row (without
    it the pattern would book the day again)."""
    booking = (
        facts.booking
        if facts.has_row
        else (Booking.REGULAR if facts.pattern_booked else Booking.NONE)
    )
    attendance = facts.attendance
    locked = facts.locked_reason
    if action is Action.RESERVE:
        if booking not in BOOKED:
            booking = Booking.RESERVED
        if attendance in NOT_COMING:
            attendance = Attendance.UNKNOWN
    elif action in ATTENDANCE_OF:
        attendance = ATTENDANCE_OF[action]
    elif action is Action.CLEAR:
        booking, attendance = Booking.NONE, Attendance.UNKNOWN
    elif action is Action.LOCK:
        locked = lock_reason or "Verrouillé"
    elif action is Action.UNLOCK:
        locked = None
    empty = booking is Booking.NONE and attendance is Attendance.UNKNOWN and locked is None
    # An empty row is needed only where the pattern would otherwise book the day.
    return Outcome(booking, attendance, locked, keep_row=not empty or facts.pattern_booked)


def unchanged(facts: CellFacts, after: Outcome) -> bool:
    if not facts.has_row:
        return not after.keep_row or (
            after.booking is (Booking.REGULAR if facts.pattern_booked else Booking.NONE)
            and after.attendance is Attendance.UNKNOWN
            and after.locked_reason is None
            and facts.pattern_booked
        )
    return after.keep_row and (
        after.booking is facts.booking
        and after.attendance is facts.attendance
        and after.locked_reason == facts.locked_reason
    )
