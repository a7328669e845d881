"""The monthly invoice run's budgets on the large commune (3,500 families; issue 12):

- the month's lines and totals computed (`core.billing.run.preview_month`) ≤ 3 s;
- the month issued with all its PDFs (`run.issue_month`, committed, then
  `core.reports.invoice_pdf.invoices_pdf` of the run's invoices) ≤ 20 s;
- one invoice's PDF (`invoice_pdf`) ≤ 2× a bare reportlab document of the same shape (a title,
  an address, a 20-line table, laid out by SimpleDocTemplate), measured in the same run.

    python -m benchmarks.billing_bench [--repeat 3] [--database URL]

Which month. The demo bills every finished month up to its own "today" (its invoices are
issued on the 8th of the next month), so the cached commune has no full month left to bill,
or only the one just finished. The benchmark takes the latest month whose pointage is
complete in the data (the month before the one holding the last pointed day) and, when the
demo has already billed it, frees it first: on a throw-away copy of the cached SQLite file
(bench-data/, never modified) it deletes that month's demo invoices, their lines, payments and
billed days, and unlocks their cells, so the month is as staff find it on the first days of
the next month: every family's month pointed, nothing billed. Nothing else changes, and the
earlier months stay billed (the run has to skip nothing, but reads past them). With
`--database URL` the same is done in that database (written to!).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from portail_admin.core import db
from portail_admin.core.billing import run as billing
from portail_admin.core.models import BilledDay, Invoice, InvoiceLine, Payment, PlanningCell
from portail_admin.core.models.enums import Attendance
from portail_admin.core.planning.rules import billed_lock
from portail_admin.core.reports import invoice_pdf
from portail_admin.core.reports.fonts import FONT, register_fonts

PREVIEW_BUDGET_MS = 3_000.0
ISSUE_BUDGET_MS = 20_000.0
PDF_RATIO_BUDGET = 2.0
PDF_SAMPLE = 40  # invoices of the run, spread over it, for the per-invoice PDF
ACTOR = "staff:bench"


def month_to_bill(session: Session) -> dt.date:
    """The latest month whose every day is before the last pointed day of the data."""
    last = session.scalar(
        select(func.max(PlanningCell.day)).where(PlanningCell.attendance != Attendance.UNKNOWN)
    )
    if last is None:
        raise SystemExit("La base ne contient aucun pointage : rien à facturer.")
    after = (last + dt.timedelta(days=1)).replace(day=1)
    return (after - dt.timedelta(days=1)).replace(day=1)


def free_month(session: Session, month: dt.date) -> int:
    """Take the demo's invoices of `month` out (bench setup only: an issued invoice is never
    deleted in the application): their payments, billed days, lines, and the cells' locks.
    Returns how many were taken out."""
    rows = session.execute(
        select(Invoice.id, Invoice.number).where(
            Invoice.period_start == month, Invoice.run_id.is_(None)
        )
    ).all()
    if not rows:
        return 0
    ids = [i for i, _ in rows]
    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        locks = [billed_lock(n) for _, n in rows[start : start + 500]]
        session.execute(
            update(PlanningCell)
            .where(PlanningCell.day.between(month, last), PlanningCell.locked_reason.in_(locks))
            .values(locked_reason=None)
        )
        session.execute(delete(BilledDay).where(BilledDay.invoice_id.in_(chunk)))
        session.execute(delete(Payment).where(Payment.invoice_id.in_(chunk)))
        session.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id.in_(chunk)))
        session.execute(delete(Invoice).where(Invoice.id.in_(chunk)))
    return len(ids)


def bare_invoice() -> bytes:
    """The floor: a title, a four-line address and a 20-line table of five columns, in the
    same font, laid out by SimpleDocTemplate on one A4 page."""
    register_fonts()
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=18)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11)
    rows = [["Désignation", "Jours", "Prix unitaire", "Réduction", "Montant"]]
    rows += [
        [f"Restauration scolaire — ENFANT {r} : réservé et présent", "12", "4,90 €", "", "58,80 €"]
        for r in range(20)
    ]
    table = Table(rows, colWidths=[85 * mm, 15 * mm, 25 * mm, 20 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("GRID", (0, 0), (-1, -1), 0.3, "#777777"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    address = "<br/>".join(
        ("Monsieur DUPONT JEAN", "12 RUE DES BONBONS", "31400 SAINT - JEAN", "N° famille 1001")
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm)
    doc.build(
        [
            Paragraph("Facture AL-1000 — Novembre 2026", title),
            Spacer(1, 6 * mm),
            Paragraph(address, body),
            Spacer(1, 8 * mm),
            table,
        ]
    )
    return buffer.getvalue()


def _timed(call: Callable[[], object]) -> tuple[object, float, float]:
    """(result, elapsed ms, CPU ms of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, (time.perf_counter() - wall) * 1e3, (time.process_time() - cpu) * 1e3


def bench_billing(
    factory: sessionmaker, month: dt.date, freed: int, measure: Callable[..., object], repeat: int
) -> bool:
    def preview() -> billing.RunPreview:
        with factory() as session:
            return billing.preview_month(session, month)

    drafts = preview()
    lines = sum(len(f.lines) for f in drafts.families)
    label = f"{month:%m/%Y}"
    print(
        f"\nFacturation du mois (core.billing.run, core.reports.invoice_pdf) — {label} : "
        f"{drafts.count} factures à émettre, {lines} lignes, "
        f"{str(drafts.total).replace('.', ',')} €"
        + (f" (les {freed} factures de ce mois de la démo retirées de la copie)" if freed else "")
        + "\n"
    )
    header = (
        f"{'Mesure':<44} {'Médiane':>10} {'p95':>10} {'CPU':>10} {'Référence':>10} "
        f"{'Rapport':>8}  Budget"
    )
    print(header)
    print("-" * len(header))

    # (a) the month's lines and totals
    computed = measure(preview, repeat, 1)
    _, _, preview_cpu = _timed(preview)
    preview_ok = computed.median_ms <= PREVIEW_BUDGET_MS
    print(
        f"{'lignes et totaux du mois (preview_month)':<44} {computed.median_ms:>7.0f} ms "
        f"{computed.p95_ms:>7.0f} ms {preview_cpu:>7.0f} ms {'':>10} {'':>8}  "
        f"≤ {PREVIEW_BUDGET_MS:.0f} ms "
        f"{'OK' if preview_ok else 'DÉPASSÉ'}"
    )

    # (b) issued, committed, then every PDF of the run in one document
    def issue() -> billing.IssuedRun:
        with db.transaction(factory, ACTOR) as session:
            return billing.issue_month(session, month)

    issued, issue_ms, issue_cpu = _timed(issue)
    assert isinstance(issued, billing.IssuedRun)
    if not issued.count:
        print("Rien n'a été émis : le mois était déjà facturé.")
        return False

    def all_pdfs() -> bytes:
        with factory() as session:
            return invoice_pdf.invoices_pdf(session, issued.invoice_ids)

    combined, pdf_ms, pdf_cpu = _timed(all_pdfs)
    assert isinstance(combined, bytes)
    total_ms = issue_ms + pdf_ms
    issue_ok = total_ms <= ISSUE_BUDGET_MS
    rows = (
        (f"émission de {issued.count} factures (issue_month)", issue_ms, issue_cpu),
        (f"leurs PDF en un document ({len(combined) // 1024} Kio)", pdf_ms, pdf_cpu),
    )
    for text, ms, cpu in rows:
        print(f"{'  ' + text:<44} {ms:>7.0f} ms {'':>10} {cpu:>7.0f} ms")
    print(
        f"{'émis avec tous les PDF':<44} {total_ms:>7.0f} ms {'':>10} "
        f"{issue_cpu + pdf_cpu:>7.0f} ms {'':>10} {'':>8}  ≤ {ISSUE_BUDGET_MS:.0f} ms "
        f"{'OK' if issue_ok else 'DÉPASSÉ'}"
    )

    # (c) one invoice's PDF against the bare document, in the same run
    step = max(1, issued.count // PDF_SAMPLE)
    sample = itertools.cycle(issued.invoice_ids[::step][:PDF_SAMPLE])
    with factory() as session:
        one = measure(lambda: invoice_pdf.invoice_pdf(session, next(sample)), 3 * PDF_SAMPLE, 5)
    floor = measure(bare_invoice, 3 * PDF_SAMPLE, 5)
    ratio = one.median_ms / floor.median_ms if floor.median_ms else float("inf")
    pdf_ok = ratio <= PDF_RATIO_BUDGET
    print(
        f"{'une facture (invoice_pdf)':<44} {one.median_ms:>7.1f} ms {one.p95_ms:>7.1f} ms "
        f"{'':>10} {floor.median_ms:>7.1f} ms {ratio:>7.2f}×  ≤ {PDF_RATIO_BUDGET:.0f}× "
        f"{'OK' if pdf_ok else 'DÉPASSÉ'}"
    )
    per_invoice = pdf_ms / issued.count
    print(
        f"{'  par facture dans le document du mois':<44} {per_invoice:>7.1f} ms {'':>10} "
        f"{'':>10} {floor.median_ms:>7.1f} ms {per_invoice / floor.median_ms:>7.2f}×  "
        "pour information"
    )
    print(
        "\nRéférence : un document reportlab nu (un titre, une adresse, un tableau de 20 lignes "
        "× 5 colonnes, mis en page par SimpleDocTemplate) mesuré dans la même exécution.\n"
        f"Rapport : médiane d'invoice_pdf sur {PDF_SAMPLE} factures de l'émission (lecture "
        "comprise) / médiane de la référence. L'émission est mesurée une fois (elle écrit), "
        "validation comprise ; CPU : le temps processeur de ce processus pour la même mesure (pour "
        "l'aperçu, un appel de plus) : sur un poste chargé, l'écart entre les deux est l'attente "
        "d'un processeur."
    )
    return preview_ok and issue_ok and pdf_ok


def _on(url: str, repeat: int, measure: Callable[..., object]) -> bool:
    engine = db.make_engine(url)
    print(f"Base : {db.describe(engine.url)}")
    factory = db.make_session_factory(engine)
    try:
        with db.transaction(factory, ACTOR) as session:
            month = month_to_bill(session)
            freed = free_month(session, month)
        return bench_billing(factory, month, freed, measure, repeat)
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> bool:
    """`benchmarks.run billing`: `args.database` (a URL, written to!) or a copy of the cached
    large commune (built first if missing or out of date)."""
    from .generate import LARGE_FAMILIES, build
    from .run import measure

    repeat = max(3, min(getattr(args, "repeat", 3), 5))  # a preview is ~1 s: a few suffice
    if args.database:
        return _on(args.database, repeat, measure)
    source = build(LARGE_FAMILIES)
    with tempfile.TemporaryDirectory(prefix="billing-bench-") as folder:
        copy = Path(folder) / source.name
        shutil.copyfile(source, copy)
        return _on(f"sqlite:///{copy}", repeat, measure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure les budgets de la facturation du mois.")
    parser.add_argument("--repeat", type=int, default=3, help="répétitions de l'aperçu (3 à 5)")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="base déjà chargée (portail-admin demo --families 3500), modifiée : le mois y est "
        "libéré puis émis ; par défaut une copie du fichier en cache",
    )
    ok = run(parser.parse_args(argv))
    print("\nTous les budgets sont tenus." if ok else "\nBudget dépassé.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
