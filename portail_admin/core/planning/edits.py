"""Staff writes of planning cells: one action (a letter, Suppr, a lock) or exact values (a
paste, an undo) over many cells of one service, in the caller's transaction.

Every write is checked against what the grid showed (`Target.version`: the cell row's version,
0 for no row; None when the caller showed nothing, as a saisie par lot): a cell changed meanwhile
refuses the whole action with a `ConcurrentEditError` naming who changed it and when. Cells the
rules refuse (`rules.refusal`: a closed day, a locked cell…) are skipped and counted by reason.
Booking past a day's places needs `confirm_over_capacity` (staff are warned, then confirm).

The writes are bulk statements (a thousand cells in a few statements) with one change-feed row
per statement's scope, so the other PCs' grids refresh what changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, func, insert, select, union, update
from sqlalchemy.orm import Session

from .. import clock, formatting, locks
from ..changefeed import record_bulk_change
from ..db import SYSTEM_ACTOR
from ..errors import ConcurrentEditError, NotFoundError, PortailError
from ..models import Child, Enrolment, PlanningCell, Request, ServiceDayCapacity, utcnow
from ..models.enums import Attendance, Booking, ChangeAction, RequestKind, RequestStatus
from ..services.calendar import calendar_index
from ..services.records import actor_label
from . import rules
from .month import Occupancy, ServiceInfo, occupancy, service_info
from .rules import Action, CellFacts, Outcome

# A target names a cell by child and day; the version is the cell row's the grid showed.


@dataclass(frozen=True)
class Target:
    child_id: int
    day: dt.date
    version: int | None = None  # 0: no row was shown; None: not checked


@dataclass(frozen=True)
class Values:
    """A cell's stored values (None for "no row")."""

    booking: Booking
    attendance: Attendance
    locked_reason: str | None = None


@dataclass(frozen=True)
class CellWrite:
    target: Target
    before: Values | None  # None: no row
    after: Values | None  # None: the row is deleted
    takes_before: bool  # counts against the places before / after
    takes_after: bool


@dataclass(frozen=True)
class CellChange:
    """One cell written: enough to undo it (write `before` where the version is `version`)."""

    child_id: int
    day: dt.date
    before: Values | None
    after: Values | None
    version: int  # the row's version after the write (0: no row)


@dataclass
class Plan:
    writes: list[CellWrite] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    over_capacity: dict[dt.date, Occupancy] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """e.g. "12 cases modifiées ; 3 cases ignorées : jour férié" (French)."""
        written = len(self.writes)
        parts = [
            _count(written, "case modifiée", "cases modifiées")
            if written
            else "Aucune case modifiée"
        ]
        if self.unchanged:
            parts.append(
                _count(self.unchanged, "case déjà dans cet état", "cases déjà dans cet état")
            )
        for reason, count in self.skipped.most_common():
            parts.append(f"{_count(count, 'case ignorée', 'cases ignorées')} : {reason}")
        return " ; ".join(parts)


@dataclass
class Applied:
    changes: list[CellChange]
    plan: Plan

    def summary(self) -> str:
        return self.plan.summary()


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class OverCapacityError(PortailError):
    """Booking these cells goes past the places of some days: confirm to go on."""

    def __init__(self, days: dict[dt.date, Occupancy], adding: dict[dt.date, int]):
        self.days = days
        self.adding = adding
        lines = [
            f"{formatting.long_date(day)} : {occ.used} + {adding[day]} pour {occ.capacity} places"
            for day, occ in sorted(days.items())
        ]
        super().__init__("Capacité dépassée :\n" + "\n".join(lines))


# --------------------------------------------------------------------------- reading the cells


@dataclass
class _Context:
    service: ServiceInfo
    facts: dict[tuple[int, dt.date], CellFacts]
    rows: dict[tuple[int, dt.date], object]  # current cell rows (version, updated_by/at)


def _context(session: Session, service_id: int, targets: Sequence[Target], lock: bool) -> _Context:
    """The current facts of every target cell, read after taking the days' locks (so the
    places checked below hold until the transaction ends)."""
    service = service_info(session, service_id)
    if not targets:
        return _Context(service, {}, {})
    days = sorted({t.day for t in targets})
    if lock:
        locks.planning_days(session, service_id, days)
    first, last = days[0], days[-1]
    child_ids = sorted({t.child_id for t in targets})
    calendar = calendar_index(session, first, last)
    rows: dict[tuple[int, dt.date], object] = {}
    for chunk in _chunks(child_ids):
        for row in session.execute(
            select(
                PlanningCell.id,
                PlanningCell.child_id,
                PlanningCell.day,
                PlanningCell.booking,
                PlanningCell.attendance,
                PlanningCell.version,
                PlanningCell.locked_reason,
                PlanningCell.updated_by,
                PlanningCell.updated_at,
            ).where(
                PlanningCell.service_id == service_id,
                PlanningCell.child_id.in_(chunk),
                PlanningCell.day >= first,
                PlanningCell.day <= last,
            )
        ):
            rows[row.child_id, row.day] = row
    enrolments: dict[int, list[object]] = {}
    pending: set[tuple[int, dt.date]] = set()
    for chunk in _chunks(child_ids):
        for row in session.execute(
            select(
                Enrolment.child_id,
                Enrolment.start_date,
                Enrolment.end_date,
                Enrolment.weekly_pattern,
            )
            .where(
                Enrolment.service_id == service_id,
                Enrolment.child_id.in_(chunk),
                Enrolment.start_date <= last,
                Enrolment.end_date >= first,
            )
            .order_by(Enrolment.start_date)
        ):
            enrolments.setdefault(row.child_id, []).append(row)
        pending.update(
            (row.child_id, row.day)
            for row in session.execute(
                select(Request.child_id, Request.day).where(
                    Request.service_id == service_id,
                    Request.child_id.in_(chunk),
                    Request.status == RequestStatus.PENDING,
                    Request.kind.in_((RequestKind.RESERVATION, RequestKind.ABSENCE)),
                    Request.day >= first,
                    Request.day <= last,
                )
            )
        )
    closures = {day: rules.closure(service, day, calendar) for day in days}
    facts = {}
    for target in targets:
        key = (target.child_id, target.day)
        row = rows.get(key)
        enrolment = rules.enrolment_on(enrolments.get(target.child_id, ()), target.day)
        facts[key] = CellFacts(
            day=target.day,
            closure=closures[target.day],
            enrolled=enrolment is not None,
            booking=row.booking if row is not None else Booking.NONE,
            attendance=row.attendance if row is not None else Attendance.UNKNOWN,
            pattern_booked=rules.booked_by_pattern(enrolment, target.day),
            has_row=row is not None,
            locked_reason=row.locked_reason if row is not None else None,
            pending=key in pending,
        )
    return _Context(service, facts, rows)


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _check_versions(ctx: _Context, targets: Sequence[Target]) -> None:
    """Refuse the whole action when a cell is no longer what the grid showed."""
    for target in targets:
        if target.version is None:
            continue
        row = ctx.rows.get((target.child_id, target.day))
        now = row.version if row is not None else 0
        if now != target.version:
            who = actor_label(row.updated_by) if row is not None and row.updated_by else ""
            when = row.updated_at if row is not None else None
            raise _conflict(target, who, when)


def _conflict(target: Target, who: str, when: dt.datetime | None) -> ConcurrentEditError:
    at = (
        f" le {formatting.short_date(when.astimezone(clock.COMMUNE_TZ).date())} à "
        f"{when.astimezone(clock.COMMUNE_TZ):%H:%M}"
        if when is not None
        else ""
    )
    by = f" par {who}" if who else ""
    return ConcurrentEditError(
        f"La case du {formatting.long_date(target.day)} a été modifiée{by}{at} depuis "
        "son affichage : le planning est rechargé, recommencez si besoin.",
        who=who or None,
        when=when,
    )


def _values(facts: CellFacts) -> Values | None:
    if not facts.has_row:
        return None
    return Values(facts.booking, facts.attendance, facts.locked_reason)


def _takes(values: Values | None, facts: CellFacts) -> bool:
    if values is None:
        return rules.takes_a_place(facts.pattern_booked, Attendance.UNKNOWN)
    return rules.takes_a_place(values.booking in rules.BOOKED, values.attendance)


def _write_for(target: Target, facts: CellFacts, after: Outcome) -> CellWrite:
    before = _values(facts)
    values = (
        Values(after.booking, after.attendance, after.locked_reason) if after.keep_row else None
    )
    return CellWrite(
        target,
        before,
        values,
        takes_before=facts.closure is None and _takes(before, facts),
        takes_after=facts.closure is None and _takes(values, facts),
    )


# --------------------------------------------------------------------------- planning


def plan_action(
    session: Session,
    service_id: int,
    targets: Sequence[Target],
    action: Action,
    *,
    today: dt.date | None = None,
    lock_reason: str | None = None,
    walk_in: bool = False,
) -> Plan:
    """What `action` would do to these cells (nothing is written): the writes, the cells
    skipped by reason, the days that would go past their places."""
    targets = _unique(targets)
    ctx = _context(session, service_id, targets, lock=False)
    return _plan_action(session, ctx, targets, action, today, lock_reason, walk_in)


def _plan_action(
    session: Session,
    ctx: _Context,
    targets: Sequence[Target],
    action: Action,
    today: dt.date | None,
    lock_reason: str | None,
    walk_in: bool,
) -> Plan:
    today = today or clock.today()
    plan = Plan()
    for target in targets:
        facts = ctx.facts[target.child_id, target.day]
        reason = rules.refusal(action, facts, today, walk_in=walk_in)
        if reason is not None:
            plan.skipped[reason] += 1
            continue
        after = rules.outcome(action, facts, lock_reason)
        if rules.unchanged(facts, after):
            plan.unchanged += 1
            continue
        plan.writes.append(_write_for(target, facts, after))
        if walk_in and not facts.enrolled:
            plan.warnings.append(NOT_ENROLLED_WALK_IN)
    _capacity(session, ctx.service, plan)
    return plan


NOT_ENROLLED_WALK_IN = "L'enfant n'est pas inscrit à cette prestation à cette date."


def plan_values(
    session: Session,
    service_id: int,
    values: Sequence[tuple[Target, Values | None]],
    *,
    today: dt.date | None = None,
) -> Plan:
    """What writing these exact values would do (a paste): each cell is checked as the action
    that leads to it (a booking as R, an attendance as its letter, an empty cell as Suppr)."""
    targets = _unique([target for target, _ in values])
    ctx = _context(session, service_id, targets, lock=False)
    return _plan_values(session, ctx, values, today)


def _plan_values(
    session: Session,
    ctx: _Context,
    values: Sequence[tuple[Target, Values | None]],
    today: dt.date | None,
) -> Plan:
    today = today or clock.today()
    plan = Plan()
    seen = set()
    for target, wanted in values:
        key = (target.child_id, target.day)
        if key in seen:
            continue
        seen.add(key)
        facts = ctx.facts[key]
        action = _action_for(wanted)
        reason = rules.refusal(action, facts, today)
        if reason is not None:
            plan.skipped[reason] += 1
            continue
        if wanted is None:
            after = rules.outcome(Action.CLEAR, facts)
        else:
            empty = wanted.booking is Booking.NONE and wanted.attendance is Attendance.UNKNOWN
            after = Outcome(
                wanted.booking,
                wanted.attendance,
                facts.locked_reason,
                keep_row=not empty or facts.pattern_booked,
            )
        if rules.unchanged(facts, after):
            plan.unchanged += 1
            continue
        plan.writes.append(_write_for(target, facts, after))
    _capacity(session, ctx.service, plan)
    return plan


def _action_for(values: Values | None) -> Action:
    if values is None or (
        values.booking is Booking.NONE and values.attendance is Attendance.UNKNOWN
    ):
        return Action.CLEAR
    for action, attendance in rules.ATTENDANCE_OF.items():
        if attendance is values.attendance:
            return action
    return Action.RESERVE


def _unique(targets: Sequence[Target]) -> list[Target]:
    seen: dict[tuple[int, dt.date], Target] = {}
    for target in targets:
        seen.setdefault((target.child_id, target.day), target)
    return list(seen.values())


def _capacity(session: Session, service: ServiceInfo, plan: Plan) -> None:
    adding: Counter[dt.date] = Counter()
    for write in plan.writes:
        adding[write.target.day] += int(write.takes_after) - int(write.takes_before)
    days = sorted(day for day, more in adding.items() if more > 0)
    if not days:
        return
    if service.capacity is None and not _has_day_capacity(session, service.id, days):
        return
    targets = {write.target.child_id for write in plan.writes}
    if _cannot_overflow(session, service, days, targets):
        return
    places = occupancy(session, service.id, days[0], days[-1])
    for day in days:
        if not places[day].fits(adding[day]):
            plan.over_capacity[day] = places[day]


def _cannot_overflow(
    session: Session, service: ServiceInfo, days: list[dt.date], targets: set[int]
) -> bool:
    """Whether no day can go past its places whatever the cells say: fewer children could take
    a place over these days (enrolled, with a cell, asking for a reservation, or written now)
    than the smallest capacity among them. Saves deriving the whole service's occupancy (every
    child x day) for the large services, whose places are rarely the limit."""
    first, last = days[0], days[-1]
    by_day = dict(
        session.execute(
            select(ServiceDayCapacity.day, ServiceDayCapacity.capacity).where(
                ServiceDayCapacity.service_id == service.id,
                ServiceDayCapacity.day >= first,
                ServiceDayCapacity.day <= last,
            )
        ).all()
    )
    limits = [rules.capacity_on(service.capacity, by_day, day) for day in days]
    known = [limit for limit in limits if limit is not None]
    if not known:
        return True
    children = union(
        select(Enrolment.child_id).where(
            Enrolment.service_id == service.id,
            Enrolment.start_date <= last,
            Enrolment.end_date >= first,
        ),
        select(PlanningCell.child_id).where(
            PlanningCell.service_id == service.id,
            PlanningCell.day >= first,
            PlanningCell.day <= last,
        ),
        select(Request.child_id).where(
            Request.service_id == service.id,
            Request.status == RequestStatus.PENDING,
            Request.kind == RequestKind.RESERVATION,
            Request.day >= first,
            Request.day <= last,
        ),
    ).subquery()
    count = session.scalar(select(func.count()).select_from(children)) or 0
    return count + len(targets) <= min(known)


def _has_day_capacity(session: Session, service_id: int, days: list[dt.date]) -> bool:
    return (
        session.scalar(
            select(ServiceDayCapacity.id)
            .where(
                ServiceDayCapacity.service_id == service_id,
                ServiceDayCapacity.day >= days[0],
                ServiceDayCapacity.day <= days[-1],
            )
            .limit(1)
        )
        is not None
    )


# --------------------------------------------------------------------------- writing


def apply_action(
    session: Session,
    service_id: int,
    targets: Sequence[Target],
    action: Action,
    *,
    today: dt.date | None = None,
    lock_reason: str | None = None,
    walk_in: bool = False,
    confirm_over_capacity: bool = False,
) -> Applied:
    """Apply `action` to the cells (in the caller's transaction): version-checked, refused
    cells skipped and counted, the days past their places confirmed."""
    targets = _unique(targets)
    ctx = _context(session, service_id, targets, lock=True)
    _check_versions(ctx, targets)
    plan = _plan_action(session, ctx, targets, action, today, lock_reason, walk_in)
    return _write(session, ctx, plan, confirm_over_capacity)


def apply_values(
    session: Session,
    service_id: int,
    values: Sequence[tuple[Target, Values | None]],
    *,
    today: dt.date | None = None,
    confirm_over_capacity: bool = False,
) -> Applied:
    """Write exact values (a paste), checked as `plan_values` says."""
    targets = _unique([target for target, _ in values])
    ctx = _context(session, service_id, targets, lock=True)
    _check_versions(ctx, targets)
    plan = _plan_values(session, ctx, values, today)
    return _write(session, ctx, plan, confirm_over_capacity)


def revert(
    session: Session,
    service_id: int,
    changes: Sequence[CellChange],
    *,
    confirm_over_capacity: bool = True,
) -> Applied:
    """Undo `changes` (or redo, given the changes of an undo): each cell goes back to its
    `before` values, provided nobody changed it since (its version is still the one after the
    change); otherwise nothing is written and the error names who changed it and when."""
    targets = [Target(c.child_id, c.day, c.version) for c in changes]
    ctx = _context(session, service_id, targets, lock=True)
    _check_versions(ctx, targets)
    plan = Plan()
    for change, target in zip(changes, targets, strict=True):
        facts = ctx.facts[change.child_id, change.day]
        after = change.before
        plan.writes.append(
            CellWrite(
                target,
                _values(facts),
                after,
                takes_before=facts.closure is None and _takes(_values(facts), facts),
                takes_after=facts.closure is None and _takes(after, facts),
            )
        )
    _capacity(session, ctx.service, plan)
    return _write(session, ctx, plan, confirm_over_capacity)


def _write(session: Session, ctx: _Context, plan: Plan, confirm_over_capacity: bool) -> Applied:
    if plan.over_capacity and not confirm_over_capacity:
        adding: Counter[dt.date] = Counter()
        for write in plan.writes:
            adding[write.target.day] += int(write.takes_after) - int(write.takes_before)
        raise OverCapacityError(plan.over_capacity, dict(adding))
    if not plan.writes:
        return Applied([], plan)
    service_id = ctx.service.id
    actor = session.info.get("actor", SYSTEM_ACTOR)
    now = utcnow()
    inserts, updates, deletes = [], [], []
    for write in plan.writes:
        key = (write.target.child_id, write.target.day)
        row = ctx.rows.get(key)
        if write.after is None:
            if row is not None:
                deletes.append({"b_id": row.id})
        elif row is None:
            inserts.append(
                {
                    "child_id": key[0],
                    "service_id": service_id,
                    "day": key[1],
                    "booking": write.after.booking,
                    "attendance": write.after.attendance,
                    "locked_reason": write.after.locked_reason,
                    "updated_by": actor,
                    "updated_at": now,
                    "version": 1,
                }
            )
        else:
            updates.append(
                {
                    "b_id": row.id,
                    "b_version": row.version,
                    "booking": write.after.booking,
                    "attendance": write.after.attendance,
                    "locked_reason": write.after.locked_reason,
                    "updated_by": actor,
                    "updated_at": now,
                    "version": row.version + 1,
                }
            )
    conn = session.connection()
    table = PlanningCell.__table__
    if inserts:
        conn.execute(insert(table), inserts)
    if updates:
        result = conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(
                booking=bindparam("booking"),
                attendance=bindparam("attendance"),
                locked_reason=bindparam("locked_reason"),
                updated_by=bindparam("updated_by"),
                updated_at=bindparam("updated_at"),
                version=bindparam("version"),
            ),
            updates,
        )
        if result.rowcount not in (-1, len(updates)):
            raise ConcurrentEditError(
                "Des cases ont été modifiées sur un autre poste pendant l'enregistrement : "
                "le planning est rechargé, recommencez si besoin."
            )
    if deletes:
        conn.execute(delete(table).where(table.c.id == bindparam("b_id")), deletes)
    session.expire_all()  # ORM objects of these cells are stale now
    # The versions after the write, for an undo to check against (inserted rows are at 1).
    versions = {(u_key[0], u_key[1]): 1 for u_key in ((i["child_id"], i["day"]) for i in inserts)}
    by_id = {row.id: key for key, row in ctx.rows.items()}
    for u in updates:
        versions[by_id[u["b_id"]]] = u["version"]
    _log(session, ctx.service, plan)
    changes = [
        CellChange(
            w.target.child_id,
            w.target.day,
            w.before,
            w.after,
            versions.get((w.target.child_id, w.target.day), 0) if w.after is not None else 0,
        )
        for w in plan.writes
    ]
    return Applied(changes, plan)


def _log(session: Session, service: ServiceInfo, plan: Plan) -> None:
    """One change-feed row per child written (so a family's views refresh), or one for the
    whole service when many children are written at once."""
    by_child: dict[int, list[dt.date]] = {}
    for write in plan.writes:
        by_child.setdefault(write.target.child_id, []).append(write.target.day)
    days = [day for days_ in by_child.values() for day in days_]
    if len(by_child) > 20:
        record_bulk_change(
            session,
            "planning_cell",
            ChangeAction.UPDATE,
            count=len(plan.writes),
            service_id=service.id,
            day_from=min(days),
            day_to=max(days),
        )
        return
    families = {
        row.id: row.family_id
        for row in session.execute(
            select(Child.id, Child.family_id).where(Child.id.in_(sorted(by_child)))
        )
    }
    for child_id, child_days in by_child.items():
        record_bulk_change(
            session,
            "planning_cell",
            ChangeAction.UPDATE,
            count=len(child_days),
            service_id=service.id,
            child_id=child_id,
            family_id=families.get(child_id),
            day_from=min(child_days),
            day_to=max(child_days),
        )


# --------------------------------------------------------------------------- the tooltip


@dataclass(frozen=True)
class CellDetail:
    updated_by: str  # "Nancy (agent)", "" when never written
    updated_at: dt.datetime | None
    locked_reason: str | None
    pending: list[str]  # "Réservation demandée le 03/04/2015", for each open request

    def lines(self) -> list[str]:
        out = []
        if self.updated_at is not None:
            when = self.updated_at.astimezone(clock.COMMUNE_TZ)
            who = f" par {self.updated_by}" if self.updated_by else ""
            out.append(f"Modifié le {formatting.short_date(when.date())} à {when:%H:%M}{who}")
        if self.locked_reason:
            out.append(f"Verrouillé : {self.locked_reason}")
        out.extend(self.pending)
        return out


def cell_detail(session: Session, service_id: int, child_id: int, day: dt.date) -> CellDetail:
    """Who last changed a cell and when, its lock, the family's open requests on it."""
    if session.get(Child, child_id) is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    row = session.execute(
        select(PlanningCell.updated_by, PlanningCell.updated_at, PlanningCell.locked_reason).where(
            PlanningCell.service_id == service_id,
            PlanningCell.child_id == child_id,
            PlanningCell.day == day,
        )
    ).first()
    pending = [
        f"{r.kind.label} demandée le "
        f"{formatting.short_date(r.created_at.astimezone(clock.COMMUNE_TZ).date())} "
        "(en attente)"
        for r in session.execute(
            select(Request.kind, Request.created_at).where(
                Request.service_id == service_id,
                Request.child_id == child_id,
                Request.day == day,
                Request.status == RequestStatus.PENDING,
            )
        )
    ]
    if row is None:
        return CellDetail("", None, None, pending)
    return CellDetail(
        actor_label(row.updated_by) if row.updated_by else "",
        row.updated_at,
        row.locked_reason,
        pending,
    )
