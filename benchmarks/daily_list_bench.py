"""The printouts' budgets on the large commune: the daily list of the largest structure on its
busiest day (its data and its PDF), and, for information, the month's meal counts.

    python -m benchmarks.daily_list_bench [--repeat 5] [--database URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portail_admin.core.models import Enrolment, PlanningCell, Service, Structure
from portail_admin.core.models.enums import StaffRole
from portail_admin.core.reports import daily_list as dl
from portail_admin.core.reports import meal_counts as mc

DAILY_LIST_BUDGET_MS = 1000.0  # median, data and PDF together


def largest_structure(session: Session) -> tuple[int, str, dt.date]:
    """The structure with the most children enrolled, and the day with the most planning
    cells in its services (a school day of its fullest month)."""
    structure_id, name = session.execute(
        select(Structure.id, Structure.name)
        .join(Service, Service.structure_id == Structure.id)
        .join(Enrolment, Enrolment.service_id == Service.id)
        .group_by(Structure.id, Structure.name)
        .order_by(func.count(func.distinct(Enrolment.child_id)).desc())
        .limit(1)
    ).one()
    day = session.scalar(
        select(PlanningCell.day)
        .join(Service, Service.id == PlanningCell.service_id)
        .where(Service.structure_id == structure_id)
        .group_by(PlanningCell.day)
        .order_by(func.count().desc(), PlanningCell.day)
        .limit(1)
    )
    return structure_id, name, day


def cpu_ms(call: Callable[[], object], repeat: int) -> float:
    """The median CPU time of this process for `call`, in ms: the same work without the
    waiting for a processor shared with other jobs."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


HEADER = f"{'Mesure':<40} {'Médiane':>10} {'p95':>10} {'CPU':>10}  Budget"


def _line(label: str, timing: object, cpu: float, verdict: str) -> None:
    print(
        f"{label:<40} {timing.median_ms:>7.0f} ms {timing.p95_ms:>7.0f} ms "  # type: ignore[attr-defined]
        f"{cpu:>7.0f} ms  {verdict}"
    )


def bench_daily_list(session: Session, measure: Callable[..., object], repeat: int = 5) -> bool:
    """The daily list of the largest structure on its busiest day: median ≤ 1 s (its data and
    its PDF); the month's meal counts for information. False when the budget is missed."""
    structure_id, name, day = largest_structure(session)
    role = StaffRole.ANIMATEUR
    data = dl.daily_list_data(session, role, structure_id, day)
    pdf = dl.render(data)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    services = ", ".join(f"{s.name} {len(s.children)}" for s in data.services)
    print(
        f"\nListe du jour (core.reports.daily_list) — {name}, {dl.long_date(day)} : "
        f"{data.children} lignes ({services}), {pages} pages, {len(pdf) / 1e6:.1f} Mo, "
        f"{repeat} répétitions, budget : médiane ≤ {DAILY_LIST_BUDGET_MS:.0f} ms\n"
    )
    calls = (
        (
            "liste du jour complète (daily_list)",
            lambda: dl.daily_list(session, role, structure_id, day),
        ),
        (
            "  dont lecture (daily_list_data)",
            lambda: dl.daily_list_data(session, role, structure_id, day),
        ),
        ("  dont mise en page PDF (render)", lambda: dl.render(data)),
    )
    print(HEADER)
    print("-" * len(HEADER))
    ok = True
    for index, (label, call) in enumerate(calls):
        timing = measure(call, repeat, 1)
        verdict = ""
        if index == 0:
            ok = timing.median_ms <= DAILY_LIST_BUDGET_MS  # type: ignore[attr-defined]
            verdict = "OK" if ok else "DÉPASSÉ"
        _line(label, timing, cpu_ms(call, repeat), verdict)

    # For information: the caterer's month.
    first, last = mc.month_of(day)
    counts = mc.meal_counts(session, first, last)
    print(
        f"\nRepas commandés (core.reports.meal_counts) — {mc.period_label(first, last)}, "
        f"{len(counts.services)} prestation(s), {len(counts.rows)} lignes, "
        f"{counts.total} repas (pour information, sans budget)\n"
    )
    print(HEADER)
    print("-" * len(HEADER))
    for label, call in (
        ("comptage du mois (meal_counts)", lambda: mc.meal_counts(session, first, last)),
        ("PDF (meal_counts_pdf)", lambda: mc.meal_counts_pdf(counts, "Alix")),
        ("CSV (meal_counts_csv)", lambda: mc.meal_counts_csv(counts)),
    ):
        _line(label, measure(call, repeat, 1), cpu_ms(call, repeat), "—")
    print(
        "\nMédiane, p95 : temps écoulé (celui du budget). CPU : médiane du temps processeur du "
        "processus pour le même appel,\nsans l'attente d'un processeur partagé avec d'autres "
        "tâches."
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    from portail_admin.core import db

    from .generate import LARGE_FAMILIES, build
    from .run import measure

    parser = argparse.ArgumentParser(description="Mesure la liste du jour et les repas.")
    parser.add_argument("--repeat", type=int, default=5, help="répétitions par mesure")
    parser.add_argument("--database", metavar="URL", help="base déjà chargée")
    args = parser.parse_args(argv)
    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"Base : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    with factory() as session:
        ok = bench_daily_list(session, measure, args.repeat)
    engine.dispose()
    print("\nBudget tenu." if ok else "\nBudget dépassé.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
