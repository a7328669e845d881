"""The performance budgets, measured on the large demo commune (3,500 families).

    python -m benchmarks.run [--repeat 200] [--database URL]

Each benchmark times the real function many times, reports the median and the 95th percentile,
and sets them against the bare SQL it rests on, measured in the same run, so a slow machine
and a slow layer above the database can be told apart. Exit status 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portail_admin.core import db
from portail_admin.core.models import Family
from portail_admin.core.search import search_families, search_query

from .generate import LARGE_FAMILIES, build

SEARCH_BUDGET_MS = 50.0  # median of the family search, as the staff type

# Realistic searches: what staff type in the Familles list.
SEARCHES = (
    ("nom, début", "mar"),
    ("prénom d'enfant", "léa"),
    ("N° famille, fragment", "18190"),
    ("deux mots", "mart ju"),
    ("prénom et nom, accents", "Élodie Guérin"),
    ("liste entière", ""),
)


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float


def measure(call: Callable[[], object], repeat: int, warmup: int = 5) -> Timing:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Timing(statistics.median(samples), p95)


def bench_search(session: Session, repeat: int) -> bool:
    families = session.scalar(select(func.count()).select_from(Family))
    print(
        f"\nRecherche de familles (core.search.search_families) — {families} familles, "
        f"{repeat} répétitions, budget : médiane < {SEARCH_BUDGET_MS:.0f} ms\n"
    )
    header = (
        f"{'Requête':<24} {'Texte':<16} {'Résultats':>9} {'Médiane':>9} {'p95':>9} "
        f"{'SQL brut':>9} {'Rapport':>8}  Budget"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for label, text in SEARCHES:
        hits = len(search_families(session, text))
        full = measure(lambda t=text: search_families(session, t), repeat)
        raw = measure(lambda t=text: session.execute(search_query(t)).all(), repeat)
        within = full.median_ms < SEARCH_BUDGET_MS
        ok &= within
        ratio = full.median_ms / raw.median_ms if raw.median_ms else float("inf")
        print(
            f"{label:<24} {text!r:<16} {hits:>9} {full.median_ms:>6.2f} ms {full.p95_ms:>6.2f} ms "
            f"{raw.median_ms:>6.2f} ms {ratio:>7.1f}×  {'OK' if within else 'DÉPASSÉ'}"
        )
    print(
        "\nSQL brut : le seul SELECT des identifiants (search_query), mesuré dans la même "
        "exécution.\nRapport : médiane de search_families / médiane du SQL brut."
    )
    return ok


GROUPS = ("search", "planning", "sheets", "billing", "portal", "sync")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure les budgets de performance.")
    parser.add_argument(
        "group",
        nargs="?",
        choices=GROUPS,
        help="un seul groupe (search : recherche de familles ; planning : le planning d'une "
        "prestation ; sheets : les listes imprimées ; billing : la facturation du mois ; portal : "
        "le portail sous charge ; sync : synchronisation en direct entre postes) ; par défaut "
        "tous",
    )
    parser.add_argument("--repeat", type=int, default=200, help="répétitions par mesure")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="base déjà chargée (portail-admin demo --families 3500) au lieu du fichier en cache",
    )
    args = parser.parse_args(argv)
    ok = True
    if args.group in (None, "search"):
        ok = run_search(args) and ok
    if args.group in (None, "planning"):
        ok = run_planning(args) and ok
    if args.group in (None, "sheets"):
        ok = run_sheets(args) and ok
    if args.group in (None, "billing"):
        from . import billing_bench  # writes: on a copy of the cached commune

        ok = billing_bench.run(args) and ok
    if args.group in (None, "portal"):
        from . import web_bench  # the portal's load test (waitress in a process of its own)

        print()
        ok = web_bench.main([]) == 0 and ok
    if args.group in (None, "sync"):
        from . import sync_bench  # a portal process and an offscreen desktop window

        print()
        ok = sync_bench.main([]) == 0 and ok
    print("\nTous les budgets sont tenus." if ok else "\nBudget dépassé.")
    return 0 if ok else 1


def run_search(args: argparse.Namespace) -> bool:
    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"Base : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    with factory() as session:
        ok = bench_search(session, args.repeat)
    engine.dispose()
    return ok


def run_planning(args: argparse.Namespace) -> bool:
    from . import planning_bench

    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"\nBase : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    repeat = max(5, min(args.repeat, 20))  # a month read is ~100 ms: 20 samples suffice
    with factory() as session:
        ok = planning_bench.bench_month(session, repeat, measure)
    engine.dispose()
    from . import planning_edit_bench, planning_grid_bench  # the desktop grid (offscreen Qt)

    print()
    ok = planning_grid_bench.run(url, repeat) and ok
    print()
    ok = planning_edit_bench.run_planning_edits(args) and ok
    return ok


def run_sheets(args: argparse.Namespace) -> bool:
    """The printed lists (issue 11): the monthly attendance sheet, the daily list, the meals."""
    from . import daily_list_bench, sheets_bench

    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"\nBase : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    with factory() as session:
        ok = sheets_bench.bench_attendance(session, measure)
        print()
        ok = daily_list_bench.bench_daily_list(session, measure) and ok
    engine.dispose()
    return ok


if __name__ == "__main__":
    sys.exit(main())
