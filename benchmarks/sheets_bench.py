"""The attendance sheets' budgets on the large commune (core.reports.attendance_sheet):

- 300 children x a month (the first 300 lines of the canteen's fullest month, drawn by
  `render`) within 1 s and within 2x a bare reportlab Table of the same size (rows x columns
  of short strings, laid out by SimpleDocTemplate), measured in the same run;
- the canteen's whole month (about 4,500 children, some 150 pages), read and drawn by
  `attendance_sheet`, within 10 s.

    python -m benchmarks.sheets_bench [--database URL]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
from collections.abc import Callable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
from sqlalchemy.orm import Session

from portail_admin.core.models.enums import StaffRole
from portail_admin.core.reports import attendance_sheet as sheets
from portail_admin.core.reports.fonts import FONT, register_fonts

from .planning_bench import largest_month

SAMPLE_CHILDREN = 300
SAMPLE_BUDGET_MS = 1000.0
SAMPLE_RATIO_BUDGET = 2.0
WHOLE_BUDGET_MS = 10_000.0
ROLE = StaffRole.ADMIN  # health marks included: the fullest sheet


def first_children(data: sheets.SheetData, count: int) -> sheets.SheetData:
    """The same sheet with its first `count` children only (one group, totals recounted)."""
    rows = data.rows[:count]
    totals = [0] * len(data.days)
    for row in rows:
        for index, cell in enumerate(row.cells):
            totals[index] += cell.expected
    group = sheets.SheetGroup("", tuple(rows), tuple(totals))
    return dataclasses.replace(data, groups=(group,), grouped=False)


def bare_table(rows: int, columns: int) -> bytes:
    """The floor: a reportlab Table of `rows` x `columns` short strings (a header row
    repeated on each page, a grid, the same font), split into pages by SimpleDocTemplate."""
    register_fonts()
    cells = [[f"c{c}" for c in range(columns)]]
    cells += [[f"{r}.{c}" for c in range(columns)] for r in range(rows)]
    width = (landscape(A4)[0] - 20 * mm) / columns
    table = Table(cells, colWidths=[width] * columns, rowHeights=4.6 * mm, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 7),
                ("GRID", (0, 0), (-1, -1), 0.3, "#777777"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
    )
    doc.build([table])
    return buffer.getvalue()


def bench_attendance(session: Session, measure: Callable[..., object]) -> bool:
    largest = largest_month(session)
    data = sheets.sheet_data(session, ROLE, largest.service_id, largest.month)
    sample = first_children(data, SAMPLE_CHILDREN)
    columns = 5 + len(data.days)  # name, class, age, health, the days, total
    print(
        f"\nFeuilles de présence (core.reports.attendance_sheet) — {data.structure} — "
        f"{data.service}, {data.month_label} : {len(data.rows)} enfants, {len(data.days)} "
        f"jours, {sheets.page_count(data)} pages\n"
    )
    header = f"{'Mesure':<48} {'Médiane':>10} {'p95':>10} {'Référence':>10} {'Rapport':>8}  Budget"
    print(header)
    print("-" * len(header))

    drawn = measure(lambda: sheets.render(sample), 10, 2)
    floor = measure(lambda: bare_table(len(sample.rows), columns), 10, 2)
    ratio = drawn.median_ms / floor.median_ms if floor.median_ms else float("inf")
    sample_ok = drawn.median_ms <= SAMPLE_BUDGET_MS and ratio <= SAMPLE_RATIO_BUDGET
    label = f"{len(sample.rows)} enfants × {len(data.days)} jours ({sheets.page_count(sample)} p.)"
    print(
        f"{label:<48} {drawn.median_ms:>7.0f} ms {drawn.p95_ms:>7.0f} ms "
        f"{floor.median_ms:>7.0f} ms {ratio:>7.2f}×  "
        f"≤ {SAMPLE_BUDGET_MS:.0f} ms et ≤ {SAMPLE_RATIO_BUDGET:.0f}× "
        f"{'OK' if sample_ok else 'DÉPASSÉ'}"
    )

    read = measure(
        lambda: sheets.sheet_data(session, ROLE, largest.service_id, largest.month), 3, 1
    )
    whole = measure(
        lambda: sheets.attendance_sheet(session, ROLE, largest.service_id, largest.month), 3, 1
    )
    whole_ok = whole.median_ms <= WHOLE_BUDGET_MS
    label = f"mois entier, {len(data.rows)} enfants ({sheets.page_count(data)} p.)"
    print(
        f"{label:<48} {whole.median_ms:>7.0f} ms {whole.p95_ms:>7.0f} ms "
        f"{'':>10} {'':>8}  ≤ {WHOLE_BUDGET_MS:.0f} ms {'OK' if whole_ok else 'DÉPASSÉ'}"
    )
    print(
        f"{'  dont la lecture (sheet_data)':<48} {read.median_ms:>7.0f} ms {read.p95_ms:>7.0f} ms"
    )
    print(
        f"\nRéférence : un Table reportlab nu de {len(sample.rows)} lignes × {columns} colonnes "
        "(textes courts, grille, en-tête répété), mis en pages par SimpleDocTemplate dans la "
        "même exécution.\nRapport : médiane de render / médiane de la référence. Les "
        f"{SAMPLE_CHILDREN} enfants sont les premières lignes de la cantine (mise en page seule) ; "
        "le mois entier comprend la lecture."
    )
    return sample_ok and whole_ok


def main(argv: list[str] | None = None) -> int:
    from portail_admin.core import db

    from .generate import LARGE_FAMILIES, build
    from .run import measure

    parser = argparse.ArgumentParser(description="Mesure les budgets des feuilles de présence.")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="base déjà chargée (portail-admin demo --families 3500) au lieu du fichier en cache",
    )
    args = parser.parse_args(argv)
    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"Base : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    with factory() as session:
        ok = bench_attendance(session, measure)
    engine.dispose()
    print("\nTous les budgets sont tenus." if ok else "\nBudget dépassé.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
