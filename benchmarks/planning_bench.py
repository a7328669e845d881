"""The planning's budgets on the large commune: a service's whole month read (every line and the
footer), against the bare SELECT of its cells measured in the same run.

    python -m benchmarks.run planning
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portail_admin.core.models import Enrolment, PlanningCell
from portail_admin.core.planning import month as months

MONTH_BUDGET_MS = 500.0
MONTH_RATIO_BUDGET = 2.0


@dataclass(frozen=True)
class Largest:
    service_id: int
    month: dt.date
    children: int
    cells: int


def largest_month(session: Session) -> Largest:
    """The service with the most enrolled children (the canteen) and its fullest month."""
    service_id, children = session.execute(
        select(Enrolment.service_id, func.count(func.distinct(Enrolment.child_id)))
        .group_by(Enrolment.service_id)
        .order_by(func.count(func.distinct(Enrolment.child_id)).desc())
        .limit(1)
    ).one()
    by_month: dict[dt.date, int] = {}
    for day, count in session.execute(
        select(PlanningCell.day, func.count())
        .where(PlanningCell.service_id == service_id)
        .group_by(PlanningCell.day)
    ):
        key = day.replace(day=1)
        by_month[key] = by_month.get(key, 0) + count
    month, cells = max(by_month.items(), key=lambda item: item[1])
    return Largest(service_id, month, children, cells)


def bare_select(session: Session, service_id: int, month: dt.date) -> list[object]:
    """The floor: the month's cells of the service as the month reads them (core.planning.
    month.read_cells: the covering index, nothing derived)."""
    days = months.month_days(month)
    return list(months.read_cells(session.connection(), "service", service_id, days[0], days[-1]))


def typed_select(session: Session, service_id: int, month: dt.date) -> list[object]:
    """The same SELECT through SQLAlchemy's column types (dates and enums parsed per row)."""
    days = months.month_days(month)
    return session.execute(
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
            PlanningCell.day >= days[0],
            PlanningCell.day <= days[-1],
        )
    ).all()


def bench_month(session: Session, repeat: int, measure) -> bool:  # noqa: ANN001
    largest = largest_month(session)
    grid = months.service_month(session, largest.service_id, largest.month)
    shown = len(grid.lines) * len(grid.days)
    print(
        f"\nMois d'une prestation (core.planning.month.service_month) — "
        f"{grid.service.full_name}, {largest.month:%m/%Y} : {len(grid.lines)} enfants, "
        f"{shown} cases ({largest.cells} lignes planning_cell), {repeat} répétitions"
    )
    full = measure(lambda: months.service_month(session, largest.service_id, largest.month), repeat)
    raw = measure(lambda: bare_select(session, largest.service_id, largest.month), repeat)
    typed = measure(lambda: typed_select(session, largest.service_id, largest.month), repeat)
    ratio = full.median_ms / raw.median_ms if raw.median_ms else float("inf")
    ok = full.median_ms <= MONTH_BUDGET_MS and ratio <= MONTH_RATIO_BUDGET
    print(
        f"  mois entier : médiane {full.median_ms:.0f} ms (p95 {full.p95_ms:.0f} ms) ; "
        f"SELECT brut des cases : {raw.median_ms:.0f} ms ; rapport {ratio:.2f}× "
        f"(budget : ≤ {MONTH_BUDGET_MS:.0f} ms et ≤ {MONTH_RATIO_BUDGET:.0f}×) "
        f"{'OK' if ok else 'DÉPASSÉ'}"
    )
    print(
        f"  (le même SELECT avec les types de SQLAlchemy, dates et énumérations lues ligne à "
        f"ligne : {typed.median_ms:.0f} ms)"
    )
    return ok
