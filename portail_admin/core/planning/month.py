"""The set-based reads of the planning: a service's month (every enrolled child x day) and a
child's month (every service x day), in a handful of queries whatever the number of children.

Both read the same things (`_read`: enrolments, cells, open and decided requests, the calendar,
the places of each day) and derive every cell with the same pure rules (`rules.cell_state`,
`rules.closure`, `rules.takes_a_place`); the portal's child month (`family.month_grid`) and the
desktop grid are built on them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import String, and_, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from .. import clock
from ..collation import name_key
from ..errors import NotFoundError
from ..models import (
    Child,
    Enrolment,
    HealthRecord,
    PlanningCell,
    Request,
    Service,
    ServiceDayCapacity,
    Structure,
)
from ..models.enums import Attendance, Booking, RequestKind, RequestStatus
from ..services.calendar import CalendarIndex, calendar_index
from . import rules
from .rules import CellFacts, Closure, Occupancy
from .states import CellState

PLANNING_KINDS = (RequestKind.RESERVATION, RequestKind.ABSENCE)


def month_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    days = []
    day = first
    while day.month == first.month:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class ServiceInfo:
    """What the rules need of a service (a light row, not the ORM object)."""

    id: int
    structure_id: int
    structure_name: str
    name: str
    weekdays: int
    active: bool
    open_in_term: bool
    open_in_holidays: bool
    booking_deadline_days: int
    capacity: int | None
    sort_order: int

    @property
    def full_name(self) -> str:
        return f"{self.structure_name} — {self.name}"


SERVICE_COLUMNS = (
    Service.id,
    Service.structure_id,
    Structure.name.label("structure_name"),
    Service.name,
    Service.weekdays,
    Service.active,
    Service.open_in_term,
    Service.open_in_holidays,
    Service.booking_deadline_days,
    Service.capacity,
    Service.sort_order,
)


def service_info(session: Session, service_id: int) -> ServiceInfo:
    row = session.execute(
        select(*SERVICE_COLUMNS)
        .join(Structure, Structure.id == Service.structure_id)
        .where(Service.id == service_id)
    ).first()
    if row is None:
        raise NotFoundError("Cette prestation n'existe pas.")
    return ServiceInfo(*row)


@dataclass(frozen=True)
class ChildInfo:
    id: int
    family_id: int
    last_name: str
    first_name: str
    birth_date: dt.date
    school_class: str
    health_mark: str = ""  # "PAI", "Allergie" — only for roles that may see health data

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class Line:
    """One row of a grid: one child in one service over the days of the window."""

    child_id: int
    service: ServiceInfo
    enrolments: list[Any]  # (start_date, end_date, weekly_pattern), by start
    closures: list[Closure | None]  # per day, shared by the lines of a service
    states: list[CellState] = field(default_factory=list)
    cells: dict[int, Any] = field(default_factory=dict)  # day index -> cell row
    pending: dict[int, list[Any]] = field(default_factory=dict)  # day index -> open requests
    decided: dict[int, Any] = field(default_factory=dict)  # day index -> last decided request
    child: ChildInfo | None = None

    def facts(self, index: int, day: dt.date) -> CellFacts:
        """What the edit rules need of the cell of day `index` (`day`)."""
        cell = self.cells.get(index)
        enrolment = rules.enrolment_on(self.enrolments, day)
        return CellFacts(
            day=day,
            closure=self.closures[index],
            enrolled=enrolment is not None,
            booking=cell.booking if cell is not None else Booking.NONE,
            attendance=cell.attendance if cell is not None else Attendance.UNKNOWN,
            pattern_booked=rules.booked_by_pattern(enrolment, day),
            has_row=cell is not None,
            locked_reason=cell.locked_reason if cell is not None else None,
            pending=bool(self.pending.get(index)),
        )

    def expected(self, index: int, day: dt.date) -> bool:
        """Whether the child is expected on the day of `index` (`day`): the service runs and
        the child takes a place, a reservation waiting for a decision aside."""
        if self.closures[index] is not None:
            return False
        cell = self.cells.get(index)
        booked = rules.is_booked(cell, rules.enrolment_on(self.enrolments, day), day)
        attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
        return rules.takes_a_place(booked, attendance)

    def version(self, index: int) -> int:
        """The version of the cell row the grid shows (0: no row)."""
        cell = self.cells.get(index)
        return cell.version if cell is not None else 0


# --------------------------------------------------------------------------- the reads

_ENROLMENT_COLUMNS = (
    Enrolment.child_id,
    Enrolment.service_id,
    Enrolment.start_date,
    Enrolment.end_date,
    Enrolment.weekly_pattern,
)
_REQUEST_COLUMNS = (
    Request.id,
    Request.child_id,
    Request.service_id,
    Request.day,
    Request.kind,
    Request.status,
)


class CellRow(NamedTuple):
    """A planning cell as the month reads it."""

    child_id: int
    service_id: int
    day: dt.date
    booking: Booking
    attendance: Attendance
    version: int
    locked_reason: str | None


_BOOKINGS: dict[Any, Booking] = {**{b.value: b for b in Booking}, **{b: b for b in Booking}}
_ATTENDANCES: dict[Any, Attendance] = {
    **{a.value: a for a in Attendance},
    **{a: a for a in Attendance},
}


def read_cells(conn: Any, by: str, key: int, first: dt.date, last: dt.date) -> Iterator[CellRow]:
    """The cells of a service (`by="service"`) or of a child (`by="child"`) over
    [first, last], read from the covering index.

    The day and the two enums are read as their stored text and mapped through small tables
    (a month has 31 days and a dozen enum values): SQLAlchemy's per-row date parsing and enum
    lookup would cost more than the read itself on a month of 60,000 cells."""
    days: dict[Any, dt.date] = {}
    day = first
    while day <= last:
        days[day.isoformat()] = day
        days[day] = day
        day += dt.timedelta(days=1)
    rows = _driver_fetch(
        conn, _compiled_cells(conn.dialect, by), {"key": key, "first": first, "last": last}
    )
    new = tuple.__new__  # CellRow's own __new__ is a Python frame per row: 60,000 of them
    for child_id, service_id, day_value, booking, attendance, version, locked in rows:
        yield new(
            CellRow,
            (
                child_id,
                service_id,
                days[day_value],
                _BOOKINGS[booking],
                _ATTENDANCES[attendance],
                version,
                locked,
            ),
        )


Compiled = tuple[str, tuple[str, ...], dict[str, Any]]


def _for_driver(query: Any, dialect: Any) -> Compiled:
    """A SELECT compiled for the driver: (SQL, positional parameter names or (), the
    dialect's bind conversions)."""
    compiled = query.compile(dialect=dialect)
    processors = dict(compiled._bind_processors)  # noqa: SLF001 (the dialect's conversions)
    names = tuple(compiled.positiontup) if compiled.positional else ()
    return str(compiled), names, processors


def _driver_fetch(conn: Any, compiled: Compiled, values: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run a `_for_driver` SELECT on the driver's cursor of the session's own connection (so in
    its transaction), without SQLAlchemy's per-row result handling: plain tuples."""
    sql, names, processors = compiled
    params = {n: processors[n](v) if n in processors else v for n, v in values.items()}
    bound: Any = tuple(params[n] for n in names) if names else params
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql, bound)
        return cursor.fetchall()
    finally:
        cursor.close()


@functools.cache
def _compiled_cells(dialect: Any, by: str) -> Compiled:
    """The cells' SELECT compiled once per dialect (run by _driver_fetch)."""
    column = PlanningCell.service_id if by == "service" else PlanningCell.child_id
    query = select(
        PlanningCell.child_id,
        PlanningCell.service_id,
        type_coerce(PlanningCell.day, String),
        type_coerce(PlanningCell.booking, String),
        type_coerce(PlanningCell.attendance, String),
        PlanningCell.version,
        PlanningCell.locked_reason,
    ).where(
        column == bindparam("key"),
        PlanningCell.day >= bindparam("first", type_=PlanningCell.day.type),
        PlanningCell.day <= bindparam("last", type_=PlanningCell.day.type),
    )
    return _for_driver(query, dialect)


class EnrolmentRow(NamedTuple):
    child_id: int
    service_id: int
    start_date: dt.date
    end_date: dt.date
    weekly_pattern: int


def _service_enrolments(conn: Any, params: dict[str, Any]) -> Iterator[EnrolmentRow]:
    """A service's enrolments over the window, through the driver's cursor like the cells (the
    canteen has 4,500 children, some with several enrolments): the dates as stored, each
    distinct one parsed once."""
    rows = _driver_fetch(conn, _compiled_enrolments(conn.dialect), params)
    dates: dict[Any, dt.date] = {}

    def as_date(value: Any) -> dt.date:
        day = dates.get(value)
        if day is None:
            day = dates[value] = (
                value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            )
        return day

    new = tuple.__new__
    for child_id, service_id, start, end, pattern in rows:
        yield new(EnrolmentRow, (child_id, service_id, as_date(start), as_date(end), pattern))


@functools.cache
def _compiled_enrolments(dialect: Any) -> Compiled:
    """The SELECT of a service's enrolments compiled once per dialect (see _compiled_cells)."""
    query = (
        select(
            Enrolment.child_id,
            Enrolment.service_id,
            type_coerce(Enrolment.start_date, String),
            type_coerce(Enrolment.end_date, String),
            Enrolment.weekly_pattern,
        )
        .where(
            Enrolment.service_id == bindparam("owner"),
            Enrolment.start_date <= bindparam("last", type_=Enrolment.start_date.type),
            Enrolment.end_date >= bindparam("first", type_=Enrolment.end_date.type),
        )
        .order_by(Enrolment.start_date)
    )
    return _for_driver(query, dialect)


@dataclass
class Reads:
    """The raw rows of a window, keyed for the derivation."""

    first: dt.date
    last: dt.date
    # (child, service) -> ...; days are indices from `first`
    enrolments: dict[tuple[int, int], list[Any]]
    cells: dict[tuple[int, int], dict[int, CellRow]]
    pending: dict[tuple[int, int], dict[int, list[Any]]]
    decided: dict[tuple[int, int], dict[int, Any]]
    calendar: CalendarIndex
    capacities: dict[tuple[int, dt.date], int]


@dataclass(frozen=True)
class _Statements:
    enrolments: Any
    requests: Any


@functools.cache
def _statements(shape: str) -> _Statements:
    """The reads of `_read` for one shape ("service": a service's month, "some": some children
    of a service, "child": a child's services), built once: a statement made afresh on every
    read costs more in SQLAlchemy than the query takes in SQLite (the portal's month page)."""
    owner, first, last = bindparam("owner"), bindparam("first"), bindparam("last")
    if shape == "child":
        enrolment_filter = Enrolment.child_id == owner
        request_filter = Request.child_id == owner
    else:
        enrolment_filter = Enrolment.service_id == owner
        request_filter = Request.service_id == owner
        if shape == "some":
            children = bindparam("children", expanding=True)
            enrolment_filter = and_(enrolment_filter, Enrolment.child_id.in_(children))
            request_filter = and_(request_filter, Request.child_id.in_(children))
    return _Statements(
        enrolments=select(*_ENROLMENT_COLUMNS)
        .where(enrolment_filter, Enrolment.start_date <= last, Enrolment.end_date >= first)
        .order_by(Enrolment.start_date),
        requests=select(*_REQUEST_COLUMNS)
        .where(
            request_filter,
            Request.kind.in_(PLANNING_KINDS),
            Request.day >= first,
            Request.day <= last,
        )
        .order_by(Request.created_at, Request.id),
    )


_CAPACITIES = select(
    ServiceDayCapacity.service_id, ServiceDayCapacity.day, ServiceDayCapacity.capacity
).where(
    ServiceDayCapacity.service_id.in_(bindparam("services", expanding=True)),
    ServiceDayCapacity.day >= bindparam("first"),
    ServiceDayCapacity.day <= bindparam("last"),
)


def _read(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    service_id: int | None = None,
    child_id: int | None = None,
    only_children: list[int] | None = None,
) -> Reads:
    """Everything the derivation needs over [first, last], for one service or one child
    (`only_children`: of a service, these children only — a first screen)."""
    conn = session.connection()
    shape = "child" if service_id is None else "service" if only_children is None else "some"
    params: dict[str, Any] = {
        "owner": child_id if service_id is None else service_id,
        "first": first,
        "last": last,
    }
    if only_children is not None:
        params["children"] = only_children
    cells_of = ("child", child_id) if service_id is None else ("service", service_id)
    enrolments: dict[tuple[int, int], list[Any]] = {}
    rows_of: Iterable[Any] = (
        _service_enrolments(conn, params)  # thousands of rows: the driver's own
        if shape == "service"
        else conn.execute(_statements(shape).enrolments, params)
    )
    for row in rows_of:
        enrolments.setdefault((row.child_id, row.service_id), []).append(row)
    cells: dict[tuple[int, int], dict[int, CellRow]] = {}
    if only_children is not None:  # a few children: the usual typed read is cheap
        rows: Iterable[Any] = (
            CellRow(*row)
            for row in conn.execute(
                select(
                    PlanningCell.child_id,
                    PlanningCell.service_id,
                    PlanningCell.day,
                    PlanningCell.booking,
                    PlanningCell.attendance,
                    PlanningCell.version,
                    PlanningCell.locked_reason,
                ).where(
                    PlanningCell.service_id == service_id,
                    PlanningCell.child_id.in_(only_children),
                    PlanningCell.day >= first,
                    PlanningCell.day <= last,
                )
            )
        )
    else:
        rows = read_cells(conn, *cells_of, first, last)
    index_of = {first + dt.timedelta(days=n): n for n in range((last - first).days + 1)}
    # Grouped by the id that varies (the child in a service's month, the service in a
    # child's): an int key per row, a (child, service) key per line only.
    varying = 0 if service_id is not None else 1
    grouped: dict[int, dict[int, CellRow]] = {}
    for row in rows:
        line = grouped.get(row[varying])
        if line is None:
            line = grouped[row[varying]] = {}
        line[index_of[row[2]]] = row
    for line in grouped.values():
        any_row = next(iter(line.values()))
        cells[any_row[0], any_row[1]] = line
    pending: dict[tuple[int, int], dict[int, list[Any]]] = {}
    decided: dict[tuple[int, int], dict[int, Any]] = {}
    for row in conn.execute(_statements(shape).requests, params):
        key, index = (row.child_id, row.service_id), (row.day - first).days
        if row.status is RequestStatus.PENDING:
            pending.setdefault(key, {}).setdefault(index, []).append(row)
        elif row.status is not RequestStatus.WITHDRAWN:
            decided.setdefault(key, {})[index] = row
    # A child's services: those the child is enrolled in over the window.
    wanted = [service_id] if service_id is not None else sorted({key[1] for key in enrolments})
    capacities = (
        {
            (row.service_id, row.day): row.capacity
            for row in conn.execute(_CAPACITIES, {"services": wanted, "first": first, "last": last})
        }
        if wanted
        else {}
    )
    return Reads(
        first,
        last,
        enrolments,
        cells,
        pending,
        decided,
        calendar_index(session, first, last),
        capacities,
    )


@dataclass
class _Base:
    """Per day of a window, for given enrolments: the state of a day without a cell or a
    request, whether the pattern takes a place, whether enrolled, whether booked by pattern."""

    states: list[CellState]
    takes: list[bool]
    enrolled: list[bool]
    regular: list[bool]
    taking: list[int]  # the days the pattern takes a place on
    keys: list[tuple[Any, ...]]  # per day, what a cell's state depends on besides its values


class _States:
    """`rules.cell_state`, memoised on its inputs: a month has thousands of cells but only a
    few dozen distinct combinations."""

    def __init__(self) -> None:
        # closures lists are kept alive by the lines for as long as this memo: ids stay unique
        self._base: dict[tuple[Any, ...], _Base] = {}
        self._cells: dict[tuple[Any, ...], tuple[CellState, bool, bool]] = {}
        self.fast: dict[tuple[Any, ...], tuple[CellState, bool, bool]] = {}

    def base(
        self, enrolments: list[Any], closures: list[Closure | None], days: list[dt.date]
    ) -> _Base:
        """The states of days without a cell or a request, and whether the weekly pattern
        takes a place on them, for these enrolments."""
        first, last = days[0], days[-1]
        # Clipped to the window: the children enrolled for the whole year share one entry.
        key = (
            tuple(
                (max(e.start_date, first), min(e.end_date, last), e.weekly_pattern)
                for e in enrolments
            ),
            id(closures),
        )
        found = self._base.get(key)
        if found is None:
            found = self._base[key] = _Base([], [], [], [], [], [])
            states, takes = found.states, found.takes
            for index, day in enumerate(days):
                enrolment = rules.enrolment_on(enrolments, day)
                regular = rules.booked_by_pattern(enrolment, day)
                found.enrolled.append(enrolment is not None)
                found.regular.append(regular)
                closure = closures[index]
                states.append(
                    self(
                        closure.state if closure is not None else None,
                        enrolment is not None,
                        None,
                        regular,
                        (),
                        False,
                    )
                )
                takes.append(closure is None and rules.takes_a_place(regular, Attendance.UNKNOWN))
                if takes[-1]:
                    found.taking.append(index)
                found.keys.append((id(closure), enrolment is not None, regular))
        return found

    def cell(
        self,
        closure: Closure | None,
        enrolled: bool,
        cell: Any | None,
        regular: bool,
        kinds: tuple[RequestKind, ...],
        refused: bool,
    ) -> tuple[CellState, bool, bool]:
        """(the state, whether the child takes a place, whether only by asking a reservation)
        of a day with a cell or a request."""
        key = (
            closure.state if closure is not None else None,
            enrolled,
            None if cell is None else (cell.booking, cell.attendance),
            regular,
            kinds,
            refused,
        )
        found = self._cells.get(key)
        if found is None:
            state = self(key[0], enrolled, cell, regular, kinds, refused)
            booked = cell.booking in rules.BOOKED if cell is not None else regular
            attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
            takes = closure is None and rules.takes_a_place(booked, attendance, kinds)
            only_asking = takes and not rules.takes_a_place(booked, attendance)
            found = self._cells[key] = (state, takes, only_asking)
        return found

    def __call__(
        self,
        closed: CellState | None,
        enrolled: bool,
        cell: Any | None,
        regular: bool,
        pending: tuple[RequestKind, ...],
        refused: bool,
    ) -> CellState:
        # (memoised by the callers: `base` per enrolment shape, `cell` per cell's inputs)
        return rules.cell_state(
            closed=closed,
            enrolled=enrolled,
            cell=cell,
            regular_by_pattern=regular,
            pending=pending,
            refused_reservation=refused,
        )


def _fill_line(
    line: Line,
    days: list[dt.date],
    reads: Reads,
    states: _States,
    tally: list[int] | None = None,
    pending_tally: list[int] | None = None,
) -> None:
    """Derive the states of a line's days; add the children taking a place to `tally` (and,
    of those, the ones only asking for a reservation to `pending_tally`)."""
    key = (line.child_id, line.service.id)
    cells = reads.cells.get(key, {})
    pending = reads.pending.get(key, {})
    decided = reads.decided.get(key, {})
    line.cells, line.pending, line.decided = cells, pending, decided
    # Days without a cell or a request depend only on the enrolments and the calendar: shared
    # by every line with the same enrolments (most children of a service).
    base = states.base(line.enrolments, line.closures, days)
    line.states = line_states = list(base.states)
    if tally is not None:
        for index in base.taking:
            if index not in cells and index not in pending:
                tally[index] += 1
    if not pending and not decided:
        # The common line: cells only. One memo lookup per cell on (the day's key, its values).
        fast, keys, closures = states.fast, base.keys, line.closures
        for index, cell in cells.items():
            key = (keys[index], cell.booking, cell.attendance)
            found = fast.get(key)
            if found is None:
                found = fast[key] = states.cell(
                    closures[index], base.enrolled[index], cell, base.regular[index], (), False
                )
            line_states[index] = found[0]
            if found[1] and tally is not None:
                tally[index] += 1
        return
    enrolled_on, regular_on, closures = base.enrolled, base.regular, line.closures
    counting = tally is not None
    for index in cells.keys() | pending.keys() | decided.keys() if (pending or decided) else cells:
        cell = cells.get(index)
        open_requests = pending.get(index)
        kinds: tuple[RequestKind, ...] = ()
        if open_requests:
            kinds = tuple(sorted({r.kind for r in open_requests}, key=lambda k: k.value))
        last = decided.get(index)
        refused = (
            last is not None
            and last.kind is RequestKind.RESERVATION
            and last.status is RequestStatus.REFUSED
        )
        state, takes, only_asking = states.cell(
            closures[index], enrolled_on[index], cell, regular_on[index], kinds, refused
        )
        line.states[index] = state
        if counting and takes and (cell is not None or open_requests):
            tally[index] += 1  # type: ignore[index]
            if only_asking and pending_tally is not None:
                pending_tally[index] += 1


# --------------------------------------------------------------------------- a service's month


@dataclass
class ServiceMonth:
    service: ServiceInfo
    month: dt.date  # first day
    days: list[dt.date]
    closures: list[Closure | None]
    lines: list[Line]  # one per child, by name
    occupancy: list[Occupancy]  # per day ([] in a first screen)
    today: dt.date
    # A first screen (`service_month(first_lines=…)`): the first lines by name only, no
    # footer yet; `total_lines` says how many the whole month has.
    complete: bool = True
    total_lines: int = 0

    @property
    def previous_month(self) -> dt.date:
        return previous_month(self.month)

    @property
    def next_month(self) -> dt.date:
        return next_month(self.month)

    def day_index(self, day: dt.date) -> int | None:
        index = (day - self.days[0]).days
        return index if 0 <= index < len(self.days) else None


def _closures(service: ServiceInfo, days: list[dt.date], calendar: CalendarIndex):
    return [rules.closure(service, day, calendar) for day in days]


def _occupancies(
    service: ServiceInfo,
    days: list[dt.date],
    closures: list[Closure | None],
    used: list[int],
    pending: list[int],
    reads: Reads,
) -> list[Occupancy]:
    by_day = _by_day(reads, service.id)
    return [
        Occupancy(
            used=used[i] if closures[i] is None else 0,
            capacity=rules.capacity_on(service.capacity, by_day, day),
            pending=pending[i],
        )
        for i, day in enumerate(days)
    ]


def _by_day(reads: Reads, service_id: int) -> dict[dt.date, int]:
    return {day: places for (sid, day), places in reads.capacities.items() if sid == service_id}


def health_marks(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The health mark of each of these children who has one: "PAI" (a projet d'accueil
    individualisé), else "Allergie" (allergies noted). One query; only for a role that may see
    health data."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks: dict[int, str] = {}
    for row in session.execute(
        select(HealthRecord.child_id, HealthRecord.has_pai, HealthRecord.allergies).where(
            HealthRecord.child_id.in_(bindparam("ids", expanding=True))
        ),
        {"ids": wanted},
    ):
        if row.has_pai:
            marks[row.child_id] = "PAI"
        elif row.allergies.strip():
            marks[row.child_id] = "Allergie"
    return marks


def _children(session: Session, ids: set[int], with_health: bool) -> dict[int, ChildInfo]:
    if not ids:
        return {}
    wanted = sorted(ids)
    marks = health_marks(session, wanted) if with_health else {}
    return {
        row.id: ChildInfo(*row, health_mark=marks.get(row.id, ""))
        for row in session.execute(
            select(
                Child.id,
                Child.family_id,
                Child.last_name,
                Child.first_name,
                Child.birth_date,
                Child.school_class,
            ).where(Child.id.in_(bindparam("ids", expanding=True))),
            {"ids": wanted},
        )
    }


def service_month(
    session: Session,
    service_id: int,
    month: dt.date,
    *,
    today: dt.date | None = None,
    with_health: bool = False,
    first_lines: int | None = None,
) -> ServiceMonth:
    """Every child enrolled in the service during the month (and any child with a cell there),
    one line each, by name; the footer's places per day. A handful of queries in all.

    `first_lines`: only the first lines by name, without the footer (`complete` False): what a
    screen shows while the whole month is read."""
    today = today or clock.today()
    service = service_info(session, service_id)
    days = month_days(month)
    only = total = None
    if first_lines is not None:
        ranked = _ranked_children(session, service_id, days[0], days[-1])
        total, only = len(ranked), ranked[:first_lines]
    reads = _read(session, days[0], days[-1], service_id=service_id, only_children=only)
    closures, lines, used, pending = _service_lines(session, service, days, reads, with_health)
    if only is not None:
        return ServiceMonth(
            service,
            days[0],
            days,
            closures,
            lines,
            [],
            today,
            complete=False,
            total_lines=total or 0,
        )
    return ServiceMonth(
        service,
        days[0],
        days,
        closures,
        lines,
        _occupancies(service, days, closures, used, pending, reads),
        today,
        total_lines=len(lines),
    )


def _service_lines(
    session: Session,
    service: ServiceInfo,
    days: list[dt.date],
    reads: Reads,
    with_health: bool,
) -> tuple[list[Closure | None], list[Line], list[int], list[int]]:
    """(closures, a line per child read, by name, the places used and pending per day) of a
    service's window: what its month and its day both show."""
    closures = _closures(service, days, reads.calendar)
    child_ids = {child for child, _ in reads.enrolments} | {key[0] for key in reads.cells}
    children = _children(session, child_ids, with_health)
    states = _States()
    used = [0] * len(days)
    pending = [0] * len(days)
    lines = []
    for child_id in sorted(children, key=lambda c: _name_key(children[c])):
        line = Line(
            child_id,
            service,
            reads.enrolments.get((child_id, service.id), []),
            closures,
            child=children[child_id],
        )
        _fill_line(line, days, reads, states, used, pending)
        lines.append(line)
    return closures, lines, used, pending


def _name_key(child: ChildInfo) -> tuple[object, ...]:
    return (*name_key(child.last_name, child.first_name), child.id)


def _ranked_children(session: Session, service_id: int, first: dt.date, last: dt.date) -> list[int]:
    """The children enrolled in the service over [first, last], in the lines' order."""
    rows = session.execute(
        select(Child.id, Child.last_name, Child.first_name)
        .join(Enrolment, Enrolment.child_id == Child.id)
        .where(
            Enrolment.service_id == service_id,
            Enrolment.start_date <= last,
            Enrolment.end_date >= first,
        )
        .distinct()
    ).all()
    rows.sort(key=lambda r: (*name_key(r.last_name, r.first_name), r.id))
    return [r.id for r in rows]


# --------------------------------------------------------------------------- occupancy


def occupancy(
    session: Session,
    service_id: int,
    first: dt.date,
    last: dt.date | None = None,
    *,
    exclude_child_id: int | None = None,
) -> dict[dt.date, Occupancy]:
    """The places used and left on each day of [first, last] (the same derivation as the
    month's footer). `exclude_child_id`: count the others (a decision about that child)."""
    last = last or first
    service = service_info(session, service_id)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    reads = _read(session, first, last, service_id=service_id)
    closures = _closures(service, days, reads.calendar)
    child_ids = {child for child, _ in reads.enrolments} | {key[0] for key in reads.cells}
    child_ids |= {key[0] for key in reads.pending}
    child_ids.discard(exclude_child_id)  # type: ignore[arg-type]
    states = _States()
    used = [0] * len(days)
    pending = [0] * len(days)
    for child_id in child_ids:
        line = Line(child_id, service, reads.enrolments.get((child_id, service_id), []), closures)
        _fill_line(line, days, reads, states, used, pending)
    return dict(zip(days, _occupancies(service, days, closures, used, pending, reads), strict=True))


def day_occupancy(
    session: Session, service_id: int, day: dt.date, *, exclude_child_id: int | None = None
) -> Occupancy:
    return occupancy(session, service_id, day, day, exclude_child_id=exclude_child_id)[day]


@dataclass
class ServiceDay:
    """One day of a service: every child enrolled that day (or with a cell), by name, and its
    places (the daily pointage and the lists of expected children)."""

    service: ServiceInfo
    day: dt.date
    closure: Closure | None
    lines: list[Line]  # one day each; `child` set
    occupancy: Occupancy

    def expected(self) -> list[Line]:
        """The children expected (booked and not declared absent, or present without a
        booking; a reservation still waiting for a decision is not enough)."""
        return [line for line in self.lines if line.expected(0, self.day)]


def service_day(
    session: Session, service_id: int, day: dt.date, *, with_health: bool = False
) -> ServiceDay:
    service = service_info(session, service_id)
    reads = _read(session, day, day, service_id=service_id)
    closures, lines, used, pending = _service_lines(session, service, [day], reads, with_health)
    places = _occupancies(service, [day], closures, used, pending, reads)[0]
    return ServiceDay(service, day, closures[0], lines, places)


def expected_on(session: Session, service_id: int, day: dt.date) -> list[tuple[ChildInfo, Line]]:
    """The children expected in the service on `day`, by name, with their line (one day)."""
    return [
        (line.child, line)  # type: ignore[misc]
        for line in service_day(session, service_id, day).expected()
    ]


# --------------------------------------------------------------------------- a child's month


@dataclass
class ChildMonth:
    child_id: int
    month: dt.date
    days: list[dt.date]
    lines: list[Line]  # one per service the child is enrolled in during the month
    reads: Reads
    today: dt.date

    @property
    def previous_month(self) -> dt.date:
        return previous_month(self.month)

    @property
    def next_month(self) -> dt.date:
        return next_month(self.month)


# Built once (see _statements).
_CHILD_EXISTS = select(Child.id).where(Child.id == bindparam("child"))
_FAMILY_CHILD = _CHILD_EXISTS.where(Child.family_id == bindparam("family"))
_SERVICES_BY_ID = (
    select(*SERVICE_COLUMNS)
    .join(Structure, Structure.id == Service.structure_id)
    .where(Service.id.in_(bindparam("ids", expanding=True)))
)


def child_month(
    session: Session,
    child_id: int,
    month: dt.date,
    *,
    today: dt.date | None = None,
    family_id: int | None = None,
) -> ChildMonth:
    """The child's services over the month, a line each (structure, order, name).

    With `family_id`, a child of another family is reported as not found."""
    today = today or clock.today()
    if family_id is None:
        found = session.execute(_CHILD_EXISTS, {"child": child_id}).first()
    else:
        found = session.execute(_FAMILY_CHILD, {"child": child_id, "family": family_id}).first()
    if found is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    days = month_days(month)
    first, last = days[0], days[-1]
    reads = _read(session, first, last, child_id=child_id)
    service_ids = {service_id for _child, service_id in reads.enrolments}
    services = (
        [
            ServiceInfo(*row)
            for row in session.execute(_SERVICES_BY_ID, {"ids": sorted(service_ids)})
        ]
        if service_ids
        else []
    )
    services.sort(key=lambda s: (s.structure_name, s.sort_order, s.name))
    states = _States()
    lines = []
    for service in services:
        line = Line(
            child_id,
            service,
            reads.enrolments.get((child_id, service.id), []),
            _closures(service, days, reads.calendar),
        )
        _fill_line(line, days, reads, states)
        lines.append(line)
    return ChildMonth(child_id, days[0], days, lines, reads, today)
