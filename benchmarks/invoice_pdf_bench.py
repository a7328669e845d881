"""The invoice PDF's cost per invoice (core.reports.invoice_pdf) on the large commune, against
a bare reportlab document of the same shape (a title, an address, a 20-line table) made in the
same run:

- the run's combined file: `invoices_pdf` of 3,500 issued invoices (reads included), and the
  layout alone of 3,500 invoices of 20 lines, each against the bare document 3,500 times in one
  file (SimpleDocTemplate, a page each);
- one invoice's own file (`invoice_pdf`, the sending's and the portal's), against one bare
  document in its own file.

Budgets (issue 12): the ratio ≤ 2× per invoice, and the 3,500 PDFs well within the run's 20 s.

    python -m benchmarks.invoice_pdf_bench [--database URL] [--count 3500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from portail_admin.core.models import Invoice
from portail_admin.core.models.enums import InvoiceKind
from portail_admin.core.reports import invoice_pdf as pdf
from portail_admin.core.reports.fonts import FONT, FONT_BOLD, register_fonts

RATIO_BUDGET = 2.0
TOTAL_BUDGET_MS = 20_000.0  # the whole run with its PDFs: the PDFs must leave room for it
LINES = 20


def bare_documents(count: int) -> bytes:
    """The floor: `count` pages in one file, each a title, a 3-line address and a 20-line
    table of 6 columns (DejaVu, a grid), laid out by SimpleDocTemplate."""
    register_fonts()
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=18)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13)
    story = []
    for n in range(count):
        story.append(Paragraph(f"Facture n° AL-{n + 1}", title))
        story.append(
            Paragraph("Monsieur DUPONT JEAN<br/>12 rue des Bonbons<br/>31400 SAINT-JEAN", body)
        )
        cells = [["Désignation", "Jours", "Base", "Qté", "Prix", "Montant"]]
        cells += [
            [
                f"Restauration scolaire {r}",
                "du 02/11 au 27/11",
                "Tranche 2",
                "17",
                "4,15 €",
                "70,55 €",
            ]
            for r in range(LINES)
        ]
        table = Table(cells, colWidths=[56 * mm, 28 * mm, 48 * mm, 12 * mm, 18 * mm, 18 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8),
                    ("GRID", (0, 0), (-1, -1), 0.3, "#777777"),
                ]
            )
        )
        story.append(table)
        if n + 1 < count:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def synthetic(count: int) -> list[pdf.InvoiceDoc]:
    """`count` invoices of 20 lines (2 children × 2 services × 5 kinds), a few unpaid."""
    line = pdf.DocLine(
        "Réservé et présent",
        "du 02/11 au 27/11",
        "Tranche QF ≤ 800 €, −10 % 2e enfant",
        "17",
        "4,15 €",
        "63,50 €",
    )
    groups = [
        pdf.DocGroup(f"LÉA DUPONT — Service {g}", (line,) * 5, Decimal("317.50")) for g in range(4)
    ]
    unpaid = [pdf.DocUnpaid("AL-30", dt.date(2026, 10, 5), dt.date(2026, 10, 27), Decimal("45"))]
    return [
        pdf.InvoiceDoc(
            kind=InvoiceKind.INVOICE,
            number=f"AL-{n + 1}",
            issued_on=dt.date(2026, 12, 2),
            due_on=dt.date(2026, 12, 24),
            period="Novembre 2026",
            family_number=f"10010018{n:05d}",
            address=["Monsieur DUPONT JEAN", "12 rue des Bonbons", "31400 SAINT - JEAN"],
            groups=groups,
            total=Decimal("1270.00"),
            unpaid=unpaid,
            balance=Decimal("-1315.00"),
        )
        for n in range(count)
    ]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def bench(session: Session, count: int) -> bool:
    ids = list(
        session.scalars(
            select(Invoice.id)
            .where(Invoice.kind == InvoiceKind.INVOICE)
            .order_by(Invoice.id.desc())
            .limit(count)
        )
    )
    count = len(ids)
    commune = pdf._commune(session)  # noqa: SLF001
    docs = synthetic(count)
    pdf.invoices_pdf(session, ids[:50])  # warm up: fonts, caches
    bare_documents(20)

    read_ms = timed(lambda: [pdf._read(session, c) for c in pdf._chunks(ids, pdf.BATCH)])  # noqa: SLF001
    whole_ms = timed(lambda: pdf.invoices_pdf(session, ids))
    layout_ms = timed(lambda: pdf._render(commune, iter([docs]), "Factures"))  # noqa: SLF001
    bare_ms = timed(lambda: bare_documents(count))

    singles = []
    bare_singles = []
    for invoice_id in ids[:40]:
        singles.append(timed(lambda i=invoice_id: pdf.invoice_pdf(session, i)))
        bare_singles.append(timed(lambda: bare_documents(1)))
    singles.sort()
    bare_singles.sort()
    single_ms = singles[len(singles) // 2]
    bare_single_ms = bare_singles[len(bare_singles) // 2]

    def row(label: str, total_ms: float, per: float, floor: float | None) -> str:
        ratio = f"{per / floor:>6.2f}×" if floor else ""
        ref = f"{floor:>8.2f} ms" if floor else ""
        return f"{label:<52} {total_ms:>9.0f} ms {per:>8.2f} ms {ref:>11} {ratio:>8}"

    print(f"\nFactures PDF (core.reports.invoice_pdf) — {count} factures\n")
    header = f"{'Mesure':<52} {'Total':>12} {'/ facture':>11} {'Référence':>11} {'Rapport':>8}"
    print(header)
    print("-" * len(header))
    bare_per = bare_ms / count
    print(
        row(
            f"invoices_pdf, {count} factures de la démo (lecture comprise)",
            whole_ms,
            whole_ms / count,
            bare_per,
        )
    )
    print(row("  dont la lecture (6 requêtes par lot de 500)", read_ms, read_ms / count, None))
    print(
        row(
            f"mise en page seule, {count} factures de {LINES} lignes",
            layout_ms,
            layout_ms / count,
            bare_per,
        )
    )
    print(row(f"référence nue, {count} pages en un fichier", bare_ms, bare_per, None))
    print(
        row(
            "invoice_pdf, une facture dans son fichier (médiane)",
            single_ms,
            single_ms,
            bare_single_ms,
        )
    )
    print(row("référence nue, un document dans son fichier", bare_single_ms, bare_single_ms, None))
    ratio = max(whole_ms / count, layout_ms / count) / bare_per
    ok = ratio <= RATIO_BUDGET and whole_ms <= TOTAL_BUDGET_MS
    print(
        f"\nRapport par facture (fichier de la tournée) : {ratio:.2f}× "
        f"(budget ≤ {RATIO_BUDGET:.0f}×) — {'OK' if ok else 'DÉPASSÉ'}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    from portail_admin.core import db

    from .generate import LARGE_FAMILIES, build

    parser = argparse.ArgumentParser(description="Mesure le coût des factures PDF.")
    parser.add_argument("--database", metavar="URL")
    parser.add_argument("--count", type=int, default=3500)
    args = parser.parse_args(argv)
    url = args.database or f"sqlite:///{build(LARGE_FAMILIES)}"
    engine = db.make_engine(url)
    print(f"Base : {db.describe(engine.url)}")
    with db.make_session_factory(engine)() as session:
        ok = bench(session, args.count)
    engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
