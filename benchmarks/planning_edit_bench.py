"""Planning edits on the large commune: one action over 1,000 cells of the canteen, committed
(change feed included), and a saisie par lot of a whole school year for 100 children.

    python -m benchmarks.planning_edit_bench [--repeat 15] [--database URL]

Both write: each run works on a copy of the cached SQLite commune (bench-data/), removed
afterwards, so the cached file stays as generated. The cached file is used as it is, even when
the generator changed since (it is built only when missing): the edits do not depend on it.
`benchmarks.run planning` calls `run_planning_edits(args)` (or the two `bench_*` functions on
a database of its own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from portail_admin.core import clock, db
from portail_admin.core.models import Enrolment, Service
from portail_admin.core.planning import edits, lot_edits
from portail_admin.core.planning.lot import LotSpec
from portail_admin.core.planning.month import service_month
from portail_admin.core.planning.rules import Action

from .generate import LARGE_FAMILIES, build, data_path, is_current

ACTION_BUDGET_MS = 300.0  # median: one action over 1,000 cells, committed
LOT_BUDGET_MS = 2000.0  # a whole school year for 100 children, committed
CELLS = 1000
LOT_CHILDREN = 100
ACTOR = "staff:bench"


def _median(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95


def largest_service(session: Session) -> tuple[int, str]:
    """The service with the most enrolments (the canteen of the large commune)."""
    row = session.execute(
        select(Service.id, Service.name, func.count(Enrolment.id))
        .join(Enrolment, Enrolment.service_id == Service.id)
        .group_by(Service.id, Service.name)
        .order_by(func.count(Enrolment.id).desc())
        .limit(1)
    ).one()
    return row[0], row[1]


def _next_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _blocks(session: Session, service_id: int, month: dt.date) -> list[list[edits.Target]]:
    """Disjoint blocks of about 1,000 cells (children x the month's open days), with the
    versions the grid would show: what a staff member selects and types a letter on."""
    grid = service_month(session, service_id, month)
    open_days = [i for i, closure in enumerate(grid.closures) if closure is None]
    per_block = max(1, CELLS // len(open_days))
    blocks = []
    lines = [line for line in grid.lines if line.enrolments]
    for start in range(0, len(lines) - per_block + 1, per_block):
        block = [
            edits.Target(line.child_id, grid.days[i], line.version(i))
            for line in lines[start : start + per_block]
            for i in open_days
        ]
        blocks.append(block[:CELLS])
    return blocks


def bench_action(factory: sessionmaker, repeat: int) -> bool:
    """(a) One action on 1,000 cells of the canteen, in one transaction, committed."""
    with factory() as session:
        service_id, name = largest_service(session)
        month = _next_month(clock.today())
        blocks = _blocks(session, service_id, month)
    cases = (
        ("J (absent excusé) sur 1 000 cases réservées", Action.ABSENT_EXCUSED),
        ("Suppr sur 1 000 cases", Action.CLEAR),
        ("R sur 1 000 cases (places vérifiées)", Action.RESERVE),
    )
    runs = min(repeat, len(blocks) // len(cases))
    print(
        f"\nUne action sur {CELLS} cases ({name}, {month:%m/%Y}), validée avec le journal des "
        f"changements — {runs} répétitions, budget : médiane ≤ {ACTION_BUDGET_MS:.0f} ms\n"
    )
    header = f"{'Action':<42} {'Écrites':>8} {'Médiane':>10} {'p95':>10}  Budget"
    print(header)
    print("-" * len(header))
    ok = True
    block_iter = iter(blocks)
    for label, action in cases:
        samples, written = [], 0
        for _ in range(runs):
            targets = next(block_iter)
            start = time.perf_counter_ns()
            with db.transaction(factory, ACTOR) as session:
                applied = edits.apply_action(
                    session, service_id, targets, action, confirm_over_capacity=True
                )
            samples.append((time.perf_counter_ns() - start) / 1e6)
            written = len(applied.changes)
        median, p95 = _median(samples)
        within = median <= ACTION_BUDGET_MS
        ok &= within
        print(
            f"{label:<42} {written:>8} {median:>7.1f} ms {p95:>7.1f} ms  "
            f"{'OK' if within else 'DÉPASSÉ'}"
        )
    return ok


def bench_lot(factory: sessionmaker, repeat: int = 3) -> bool:
    """(b) A saisie par lot: the canteen's days of the whole school year for 100 children."""
    today = clock.today()
    year = clock.school_year_start(today)
    first, last = dt.date(year, 9, 1), dt.date(year + 1, 7, 5)
    with factory() as session:
        service_id, name = largest_service(session)
        children = lot_edits.lot_children(session, service_id, first, last)
    spec = LotSpec.of(first, last, [0, 1, 3, 4])
    cases = (
        ("R, année entière (aperçu)", Action.RESERVE, False),
        ("R, année entière", Action.RESERVE, True),
        ("J, année entière", Action.ABSENT_EXCUSED, True),
        ("Suppr, année entière", Action.CLEAR, True),
    )
    runs = max(1, min(repeat, len(children) // (LOT_CHILDREN * len(cases))))
    print(
        f"\nSaisie par lot : {name}, lundi, mardi, jeudi, vendredi du {first:%d/%m/%Y} au "
        f"{last:%d/%m/%Y}, {LOT_CHILDREN} enfants, une transaction — {runs} répétitions, "
        f"budget : ≤ {LOT_BUDGET_MS / 1000:.0f} s\n"
    )
    header = f"{'Lot':<28} {'Cases':>7} {'Écrites':>8} {'Médiane':>10} {'Pire':>10}  Budget"
    print(header)
    print("-" * len(header))
    ok = True
    group = 0
    for label, action, write in cases:
        samples, cells, written = [], 0, 0
        for _ in range(runs):
            chosen = children[group * LOT_CHILDREN : (group + 1) * LOT_CHILDREN]
            group += 1
            start = time.perf_counter_ns()
            if write:
                with db.transaction(factory, ACTOR) as session:
                    applied = lot_edits.apply_lot(
                        session, service_id, chosen, spec, action, confirm_over_capacity=True
                    )
                written = len(applied.changes)
                cells = written + applied.plan.unchanged + sum(applied.plan.skipped.values())
            else:
                with factory() as session:
                    plan = lot_edits.plan_lot(session, service_id, chosen, spec, action)
                written, cells = len(plan.plan.writes), plan.cells
            samples.append((time.perf_counter_ns() - start) / 1e6)
        median = statistics.median(samples)
        worst = max(samples)
        within = worst <= LOT_BUDGET_MS
        ok &= within
        print(
            f"{label:<28} {cells:>7} {written:>8} {median:>7.0f} ms {worst:>7.0f} ms  "
            f"{'OK' if within else 'DÉPASSÉ'}"
        )
    return ok


def on_a_copy(source: Path, run: Callable[[sessionmaker], bool]) -> bool:
    """Run `run` on a throwaway copy of the SQLite commune."""
    with tempfile.TemporaryDirectory(prefix="portail-bench-") as folder:
        copy = Path(folder) / source.name
        shutil.copyfile(source, copy)
        engine = db.make_engine(f"sqlite:///{copy}")
        try:
            return run(db.make_session_factory(engine))
        finally:
            engine.dispose()


def run_planning_edits(args: argparse.Namespace) -> bool:
    """Both benchmarks; `args.database` (a URL, written to!) or a copy of the cached file."""
    repeat = min(getattr(args, "repeat", 15) or 15, 30)
    database = getattr(args, "database", None)

    def both(factory: sessionmaker) -> bool:
        return bench_action(factory, repeat) & bench_lot(factory)

    if database:
        engine = db.make_engine(database)
        print(f"Base : {db.describe(engine.url)}")
        try:
            return both(db.make_session_factory(engine))
        finally:
            engine.dispose()
    source = data_path(LARGE_FAMILIES)
    if not source.exists():
        source = build(LARGE_FAMILIES)
    stale = "" if is_current(source, LARGE_FAMILIES) else " (générée par une version antérieure)"
    print(f"Base : copie de {source}{stale}")
    return on_a_copy(source, both)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure les saisies du planning.")
    parser.add_argument("--repeat", type=int, default=15, help="répétitions par mesure")
    parser.add_argument(
        "--database", metavar="URL", help="base chargée (elle est modifiée !) au lieu d'une copie"
    )
    ok = run_planning_edits(parser.parse_args(argv))
    print("\nTous les budgets sont tenus." if ok else "\nBudget dépassé.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
