"""The daily pointage: for a service (or every service of a structure) and a day, the children
expected, one action per child (présent, absent facturé, absent excusé), the walk-ins and the
counts of the day (the meals by diet for a canteen).

Nothing here decides a planning rule: who is expected is `month.expected_on`, the places are the
month's own tally, a cell's legend state is `rules.cell_state` (through the month's
derivation), and every write goes through `edits.apply_action` (version-checked, refused cells
counted by reason, capacity confirmed). What this module adds is the day's sheet, the
permission (Permission.ATTENDANCE: the pointage is all an animateur does of the planning) and
the walk-in's warnings.

Health data: a row carries the child's PAI/allergy mark and diet only for a role that may see
health data (Permission.VIEW_HEALTH), as the grid's rows do; it is a mark in a list, not the
health record, and is not logged as a read of it (core.services.health_access). The meals by
diet are counts, shown to every role that does the pointage (the canteen orders them).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .. import clock
from ..collation import name_key
from ..errors import NotFoundError, PermissionDenied, PortailError
from ..models import Child, Enrolment, Family, HealthRecord, Service, Structure
from ..models.enums import Attendance, Booking, ServiceUnit, StaffRole
from ..search import normalise
from ..services.calendar import calendar_index
from ..services.staff import Permission, can, require
from . import edits, month, rules
from .edits import Applied, CellChange, Target
from .month import ServiceInfo
from .rules import Action, Closure, Occupancy
from .states import CellState

# What the pointage records: nothing else of the planning.
POINTAGE_ACTIONS = (Action.PRESENT, Action.ABSENT_BILLED, Action.ABSENT_EXCUSED)
NO_DIET = "sans régime"
MAX_CANDIDATES = 50


class Group(enum.Enum):
    """Where a child stands on the day, in the order the sheet lists them."""

    BOOKED = (0, "Attendu")  # booked (coming, present or declared absent), or present
    ENROLLED = (1, "Inscrit, non attendu")  # enrolled that day, not booked: a walk-in to be

    def __init__(self, rank: int, label: str):
        self.rank = rank
        self.label = label


@dataclass(frozen=True)
class SheetRow:
    """One child in one service on the day, as the pointage shows and writes it."""

    service_id: int
    child_id: int
    family_id: int
    day: dt.date
    last_name: str
    first_name: str
    school_class: str
    state: CellState
    attendance: Attendance
    booking: Booking  # of the cell, or REGULAR where the weekly pattern books the day
    expected: bool  # one of `month.expected_on`: takes a place today
    enrolled: bool
    version: int  # the cell row's (0: no row), for the version check
    group: Group
    locked_reason: str | None = None
    pending: bool = False  # a family's request waits for a decision on this cell
    health_mark: str = ""  # "PAI", "Allergie": only for roles that may see health data
    diet: str = ""  # only for roles that may see health data

    @property
    def key(self) -> tuple[int, int]:
        return (self.service_id, self.child_id)

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"

    @property
    def target(self) -> Target:
        return Target(self.child_id, self.day, self.version)

    @property
    def to_point(self) -> bool:
        """Expected and not yet pointed."""
        return self.expected and self.attendance is Attendance.UNKNOWN

    @property
    def walk_in(self) -> bool:
        return self.state is CellState.PRESENT_UNBOOKED


@dataclass(frozen=True)
class Counts:
    present: int = 0
    absent_billed: int = 0
    absent_excused: int = 0
    to_point: int = 0
    walk_ins: int = 0  # of `present`, without a booking
    expected: int = 0  # taking a place: present or still expected
    meals: dict[str, int] | None = None  # a canteen: the meals (expected children) by diet

    @property
    def absent(self) -> int:
        return self.absent_billed + self.absent_excused

    @property
    def meals_total(self) -> int:
        return sum(self.meals.values()) if self.meals is not None else 0


def count(rows: Iterable[SheetRow], diets: dict[int, str] | None = None) -> Counts:
    """The day's figures over `rows` (of one service); with `diets` (a canteen: each child's
    diet, by id), the meals by diet: every child expected (present or still to point)."""
    present = absent_billed = absent_excused = to_point = walk_ins = expected = 0
    eating: list[int] = []
    for row in rows:
        if row.attendance is Attendance.PRESENT:
            present += 1
            walk_ins += row.walk_in
        elif row.attendance is Attendance.ABSENT_BILLED:
            absent_billed += 1
        elif row.attendance is Attendance.ABSENT_EXCUSED:
            absent_excused += 1
        to_point += row.to_point
        if row.expected:
            expected += 1
            eating.append(row.child_id)
    return Counts(
        present,
        absent_billed,
        absent_excused,
        to_point,
        walk_ins,
        expected,
        meals_by_diet(eating, diets) if diets is not None else None,
    )


def meals_by_diet(child_ids: Iterable[int], diets: Mapping[int, str]) -> dict[str, int]:
    """The canteen's meals: one per child of `child_ids` (the children expected that day, the
    planning's rule), by diet label (`diets`: each child's diet, by id, as `read_diets` gives
    it; none is "sans régime"), in the order `meal_order` gives. The pointage's counts and the
    caterer's meal counts (core.reports.meal_counts) both count through here."""
    return meal_order(Counter(diet_label(diets.get(child_id, "")) for child_id in child_ids))


def diet_label(diet: str) -> str:
    """A diet as counted: spaces tidied, "sans régime" when there is none."""
    return " ".join(diet.split()) or NO_DIET


def diet_key(label: str) -> str:
    """What makes two diet labels one meal column: "Sans porc" and "sans porc" count together."""
    return label.casefold()


def meal_order(meals: Counter[str]) -> dict[str, int]:
    """Diets spelt differently ("Sans porc", "sans porc") count together; "sans régime"
    first, then the most meals first, then by name."""
    merged: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for label, n in meals.items():
        key = diet_key(label)
        spelling.setdefault(key, label)
        merged[key] += n
    keys = sorted(merged, key=lambda k: (k != NO_DIET, -merged[k], k))
    return {spelling[k]: merged[k] for k in keys}


def add_counts(counts: Iterable[Counts]) -> Counts:
    """The figures of several services together (a structure's); meals over its canteens."""
    total = Counts()
    meals: Counter[str] | None = None
    for c in counts:
        total = Counts(
            total.present + c.present,
            total.absent_billed + c.absent_billed,
            total.absent_excused + c.absent_excused,
            total.to_point + c.to_point,
            total.walk_ins + c.walk_ins,
            total.expected + c.expected,
        )
        if c.meals is not None:
            meals = meals if meals is not None else Counter()
            meals.update(c.meals)
    return Counts(
        total.present,
        total.absent_billed,
        total.absent_excused,
        total.to_point,
        total.walk_ins,
        total.expected,
        meal_order(meals) if meals is not None else None,
    )


@dataclass(frozen=True)
class ServiceSheet:
    service: ServiceInfo
    unit: ServiceUnit
    closure: Closure | None  # the day is closed for this service: no rows
    occupancy: Occupancy
    rows: list[SheetRow]
    counts: Counts

    @property
    def canteen(self) -> bool:
        return self.unit is ServiceUnit.MEAL


@dataclass(frozen=True)
class DaySheet:
    day: dt.date
    title: str  # "Garderie périscolaire — Restauration scolaire", or the structure's name
    services: list[ServiceSheet]
    structure_id: int | None = None  # the sheet of a whole structure

    @property
    def rows(self) -> list[SheetRow]:
        return [row for sheet in self.services for row in sheet.rows]

    @property
    def canteen(self) -> bool:
        return any(sheet.canteen for sheet in self.services)

    @property
    def counts(self) -> Counts:
        """Over every service of the sheet; the meals over its canteens."""
        return add_counts(sheet.counts for sheet in self.services)

    def service(self, service_id: int) -> ServiceSheet | None:
        return next((s for s in self.services if s.service.id == service_id), None)

    def row(self, service_id: int, child_id: int) -> SheetRow | None:
        sheet = self.service(service_id)
        if sheet is None:
            return None
        return next((r for r in sheet.rows if r.child_id == child_id), None)


# --------------------------------------------------------------------------- what to point


@dataclass(frozen=True)
class StructureChoice:
    id: int
    name: str
    services: list[ServiceInfo]
    open_on_day: set[int] = field(default_factory=set)  # the services that run on the day


def choices(
    session: Session, role: StaffRole | str, day: dt.date | None = None
) -> list[StructureChoice]:
    """The structures and their active services, for the sheet's selectors (with those that
    run on `day`, today by default: the page opens on the first of them)."""
    require(role, Permission.ATTENDANCE)
    day = day or clock.today()
    calendar = calendar_index(session, day, day)
    by_structure: dict[int, StructureChoice] = {}
    for row in session.execute(
        select(*month.SERVICE_COLUMNS)
        .join(Structure, Structure.id == Service.structure_id)
        .where(Service.active.is_(True))
        .order_by(Structure.name, Service.sort_order, Service.name)
    ):
        info = ServiceInfo(*row)
        choice = by_structure.get(info.structure_id)
        if choice is None:
            choice = by_structure[info.structure_id] = StructureChoice(
                info.structure_id, info.structure_name, []
            )
        choice.services.append(info)
        if rules.closure(info, day, calendar) is None:
            choice.open_on_day.add(info.id)
    return list(by_structure.values())


# --------------------------------------------------------------------------- the day sheet


def day_sheet(
    session: Session,
    role: StaffRole | str,
    day: dt.date,
    *,
    service_id: int | None = None,
    structure_id: int | None = None,
    with_health: bool | None = None,
) -> DaySheet:
    """The sheet of one service, or of every active service of a structure, on `day`.

    `with_health` defaults to what the role may see (Permission.VIEW_HEALTH)."""
    require(role, Permission.ATTENDANCE)
    # Never more than the role may see.
    allowed = can(role, Permission.VIEW_HEALTH)
    with_health = allowed if with_health is None else (with_health and allowed)
    if (service_id is None) == (structure_id is None):
        raise ValueError("day_sheet: a service or a structure")
    if service_id is not None:
        ids = [service_id]
    else:
        structure = session.get(Structure, structure_id)
        if structure is None:
            raise NotFoundError("Cette structure n'existe pas.")
        ids = list(
            session.scalars(
                select(Service.id)
                .where(Service.structure_id == structure_id, Service.active.is_(True))
                .order_by(Service.sort_order, Service.name)
            )
        )
    units = dict(
        session.execute(
            select(Service.id, Service.unit).where(
                Service.id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": ids or [0]},
        )
        .tuples()
        .all()
    )
    sheets = [
        _service_sheet(session, sid, units.get(sid, ServiceUnit.DAY), day, with_health)
        for sid in ids
    ]
    if service_id is not None:
        title = sheets[0].service.full_name
    else:
        title = structure.name  # type: ignore[union-attr]
    return DaySheet(day, title, sheets, structure_id)


def _service_sheet(
    session: Session, service_id: int, unit: ServiceUnit, day: dt.date, with_health: bool
) -> ServiceSheet:
    sheet = month.service_day(session, service_id, day, with_health=with_health)
    service, places = sheet.service, sheet.occupancy
    if sheet.closure is not None:
        canteen = unit is ServiceUnit.MEAL
        return ServiceSheet(
            service, unit, sheet.closure, places, [], count([], {} if canteen else None)
        )
    expected = {line.child_id for line in sheet.expected()}
    lines = sheet.lines
    children = {line.child_id: line.child for line in lines if line.child is not None}
    canteen = unit is ServiceUnit.MEAL
    # The diets are read for a canteen's meal counts; a row shows its child's only to a role
    # that may see health data.
    diets = read_diets(session, children) if with_health or canteen else {}
    rows = []
    for line in lines:
        child = children.get(line.child_id)
        if child is None:
            continue
        row = _row(line, child, day, line.child_id in expected, diets if with_health else {})
        if row is not None:
            rows.append(row)
    rows.sort(key=_order)
    counts = count(rows, diets if canteen else None)
    return ServiceSheet(service, unit, None, places, rows, counts)


def _order(row: SheetRow) -> tuple[object, ...]:
    return (row.group.rank, *name_key(row.last_name, row.first_name), row.child_id)


def read_diets(session: Session, child_ids: Iterable[int]) -> dict[int, str]:
    """The diet of each of these children who has one (a health record's `diet`), by id: what
    `meals_by_diet` counts by. One query."""
    wanted = sorted(set(child_ids))
    if not wanted:
        return {}
    return {
        child_id: diet
        for child_id, diet in session.execute(
            select(HealthRecord.child_id, HealthRecord.diet).where(
                HealthRecord.child_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": wanted},
        ).tuples()
        if diet and diet.strip()
    }


def _row(
    line: month.Line,
    child: month.ChildInfo,
    day: dt.date,
    expected: bool,
    diets: dict[int, str],
) -> SheetRow | None:
    facts = line.facts(0, day)
    if facts.booked or expected:
        group = Group.BOOKED
    elif facts.enrolled:
        group = Group.ENROLLED
    else:
        return None  # a stray cell outside the enrolment, neither booked nor present
    booking = (
        facts.booking
        if facts.has_row
        else (Booking.REGULAR if facts.pattern_booked else Booking.NONE)
    )
    return SheetRow(
        service_id=line.service.id,
        child_id=child.id,
        family_id=child.family_id,
        day=day,
        last_name=child.last_name,
        first_name=child.first_name,
        school_class=child.school_class,
        state=line.states[0],
        attendance=facts.attendance,
        booking=booking,
        expected=expected,
        enrolled=facts.enrolled,
        version=line.version(0),
        group=group,
        locked_reason=facts.locked_reason,
        pending=facts.pending,
        health_mark=child.health_mark,  # "" unless read with health
        diet=diets.get(child.id, ""),
    )


# --------------------------------------------------------------------------- recording


@dataclass
class Recorded:
    """What a pointage action did, per service (for the summary and an undo)."""

    action: Action
    applied: dict[int, Applied] = field(default_factory=dict)

    @property
    def changes(self) -> dict[int, list[CellChange]]:
        return {sid: a.changes for sid, a in self.applied.items() if a.changes}

    @property
    def written(self) -> int:
        return sum(len(a.changes) for a in self.applied.values())

    def summary(self) -> str:
        """e.g. "2 cases modifiées ; 1 case ignorée : demande de la famille en attente"."""
        plan = edits.Plan()
        for applied in self.applied.values():
            plan.writes.extend(applied.plan.writes)
            plan.skipped.update(applied.plan.skipped)
            plan.unchanged += applied.plan.unchanged
        return plan.summary()


def _check_action(action: Action) -> None:
    if action not in POINTAGE_ACTIONS:
        raise PermissionDenied(
            "Le pointage enregistre une présence ou une absence, rien d'autre du planning."
        )


def _by_service(cells: Sequence[tuple[int, Target]]) -> dict[int, list[Target]]:
    grouped: dict[int, list[Target]] = {}
    for service_id, target in cells:
        grouped.setdefault(service_id, []).append(target)
    return grouped


def record(
    session: Session,
    role: StaffRole | str,
    cells: Sequence[tuple[int, Target]],
    action: Action,
    *,
    confirm_over_capacity: bool = False,
) -> Recorded:
    """Record `action` (présent, absent facturé, absent excusé) for the (service, cell) pairs,
    in the caller's transaction: every cell checked against the version shown, the refused
    ones skipped and counted by reason. Présent for a child enrolled but not booked makes
    "Présent sans réservation" (it takes a place: past the capacity it needs
    `confirm_over_capacity`, else `edits.OverCapacityError`)."""
    require(role, Permission.ATTENDANCE)
    _check_action(action)
    recorded = Recorded(action)
    for service_id, targets in _by_service(cells).items():
        recorded.applied[service_id] = edits.apply_action(
            session, service_id, targets, action, confirm_over_capacity=confirm_over_capacity
        )
    return recorded


def undo(session: Session, role: StaffRole | str, recorded: Recorded) -> Recorded:
    """Put back what `recorded` changed, unless someone changed those cells since
    (`ConcurrentEditError`, naming who and when): the pointage's "Annuler"."""
    require(role, Permission.ATTENDANCE)
    undone = Recorded(recorded.action)
    for service_id, changes in recorded.changes.items():
        undone.applied[service_id] = edits.revert(session, service_id, changes)
    return undone


# --------------------------------------------------------------------------- walk-ins


@dataclass(frozen=True)
class Candidate:
    """A child found by name, to add as present."""

    child_id: int
    family_id: int
    last_name: str
    first_name: str
    school_class: str
    family_name: str
    enrolled: bool  # in the service on the day

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"


def find_children(
    session: Session,
    role: StaffRole | str,
    text: str,
    service_id: int,
    day: dt.date,
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """Children whose names hold every word of `text` (accents and case ignored), the ones
    enrolled in the service that day first, then by name."""
    require(role, Permission.ATTENDANCE)
    words = normalise(text).split()
    if not words:
        return []
    query = select(
        Child.id,
        Child.family_id,
        Child.last_name,
        Child.first_name,
        Child.school_class,
    )
    # A first cut in SQL on the family's search text (it holds its children's names)…
    query = query.join(Family, Family.id == Child.family_id)
    for word in words:
        query = query.where(Family.search_text.contains(word, autoescape=True))
    found = [
        row
        for row in session.execute(query)
        # … then every word in the child's own names.
        if all(w in normalise(f"{row.last_name} {row.first_name}") for w in words)
    ]
    if not found:
        return []
    ids = [row.id for row in found]
    enrolled = {
        child_id
        for (child_id,) in session.execute(
            select(Enrolment.child_id).where(
                Enrolment.service_id == service_id,
                Enrolment.child_id.in_(bindparam("ids", expanding=True)),
                Enrolment.start_date <= day,
                Enrolment.end_date >= day,
            ),
            {"ids": ids},
        )
    }
    names = _family_names(session, {row.family_id for row in found})
    candidates = [
        Candidate(
            row.id,
            row.family_id,
            row.last_name,
            row.first_name,
            row.school_class,
            names.get(row.family_id, ""),
            row.id in enrolled,
        )
        for row in found
    ]
    candidates.sort(
        key=lambda c: (not c.enrolled, *name_key(c.last_name, c.first_name), c.child_id)
    )
    return candidates[:limit]


def _family_names(session: Session, ids: set[int]) -> dict[int, str]:
    families = session.scalars(
        select(Family).where(Family.id.in_(bindparam("ids", expanding=True))),
        {"ids": sorted(ids)},
    )
    return {family.id: family.display_name for family in families}


@dataclass(frozen=True)
class WalkInCheck:
    """What adding a child as present would do: refused (and why), or the warnings to confirm
    (not enrolled that day, past the places), or nothing to say."""

    child_id: int
    service_id: int
    day: dt.date
    version: int  # the cell's, to check the write against
    refused: str = ""  # "présence déjà pointée", "jour férié"… (French, short)
    warnings: tuple[str, ...] = ()
    already_present: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.warnings)


ALREADY_PRESENT = "déjà pointé présent"


def check_walk_in(
    session: Session, role: StaffRole | str, service_id: int, child_id: int, day: dt.date
) -> WalkInCheck:
    """The rules' verdict on adding `child_id` as present (nothing is written)."""
    require(role, Permission.ATTENDANCE)
    if session.get(Child, child_id) is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    target = Target(child_id, day, None)
    plan = edits.plan_action(session, service_id, [target], Action.PRESENT, walk_in=True)
    version = _version(session, service_id, child_id, day)
    if plan.skipped:
        reason = next(iter(plan.skipped))
        return WalkInCheck(child_id, service_id, day, version, refused=reason)
    if plan.unchanged:
        return WalkInCheck(
            child_id, service_id, day, version, refused=ALREADY_PRESENT, already_present=True
        )
    warnings = list(dict.fromkeys(plan.warnings))
    for _day, places in sorted(plan.over_capacity.items()):
        warnings.append(
            f"La prestation est complète ce jour : {places.used} enfant"
            f"{'s' if places.used > 1 else ''} pour {places.capacity} place"
            f"{'s' if (places.capacity or 0) > 1 else ''}."
        )
    return WalkInCheck(child_id, service_id, day, version, warnings=tuple(warnings))


def _version(session: Session, service_id: int, child_id: int, day: dt.date) -> int:
    from ..models import PlanningCell

    version = session.scalar(
        select(PlanningCell.version).where(
            PlanningCell.service_id == service_id,
            PlanningCell.child_id == child_id,
            PlanningCell.day == day,
        )
    )
    return version or 0


class WalkInNeedsConfirmation(PortailError):
    """Adding this child as present needs a confirmation (the warnings say why)."""

    def __init__(self, check: WalkInCheck):
        self.check = check
        super().__init__("\n".join(check.warnings))


class WalkInRefused(PortailError):
    def __init__(self, check: WalkInCheck):
        self.check = check
        super().__init__(f"L'enfant ne peut pas être pointé présent : {check.refused}.")


def add_walk_in(
    session: Session,
    role: StaffRole | str,
    service_id: int,
    child_id: int,
    day: dt.date,
    *,
    version: int | None = None,
    confirmed: bool = False,
) -> Recorded:
    """Record `child_id` present without a reservation (in the caller's transaction). Not
    enrolled that day or past the places: refused with `WalkInNeedsConfirmation` (the
    warnings) unless `confirmed`; refused by the rules (a closed day, a day to come, a locked
    cell…): `WalkInRefused`."""
    check = check_walk_in(session, role, service_id, child_id, day)
    if check.refused:
        raise WalkInRefused(check)
    if check.needs_confirmation and not confirmed:
        raise WalkInNeedsConfirmation(check)
    target = Target(child_id, day, check.version if version is None else version)
    try:
        applied = edits.apply_action(
            session,
            service_id,
            [target],
            Action.PRESENT,
            walk_in=True,
            confirm_over_capacity=confirmed,
        )
    except edits.OverCapacityError:
        # The last places went meanwhile: ask, as for any walk-in past the places.
        raise WalkInNeedsConfirmation(
            check_walk_in(session, role, service_id, child_id, day)
        ) from None
    recorded = Recorded(Action.PRESENT)
    recorded.applied[service_id] = applied
    return recorded
