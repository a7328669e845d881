"""The invoice PDF: what it says (read back with pypdf), a credit note's wording, a preview,
several documents in one file, a long invoice over two pages, and a page looked at."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from pypdf import PdfReader

from portail_admin.core import db
from portail_admin.core.billing import texts
from portail_admin.core.billing.run import DraftLine, FamilyDraft
from portail_admin.core.errors import NotFoundError
from portail_admin.core.models import (
    CommuneSettings,
    Family,
    Invoice,
    InvoiceLine,
    Payment,
)
from portail_admin.core.models.enums import InvoiceKind, LineKind, PaymentMethod
from portail_admin.core.reports import invoice_pdf as pdf
from portail_admin.core.reports.progress import Cancelled
from tests.world import build_world


def logo_png() -> bytes:
    """A small PNG (a blue square with a red band) as the commune's logo."""
    from PIL import Image

    image = Image.new("RGB", (120, 80), (30, 60, 160))
    for x in range(120):
        for y in range(30, 50):
            image.putpixel((x, y), (200, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _clean(text: str) -> str:
    """The no-break spaces French typography uses read as spaces; runs of spaces as one."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def text_of(data: bytes) -> list[str]:
    """Each page's text as it reads: the strings on one baseline joined left to right (the
    PDF writes them grouped by font), the lines from the top down, one string per page."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((round(y), x, text))

        page.extract_text(visitor_text=visit)
        lines: dict[float, list[tuple[float, str]]] = {}
        for y, x, text in runs:
            lines.setdefault(y, []).append((x, text))
        pages.append(
            "\n".join(
                _clean(" ".join(t for _, t in sorted(lines[y], key=lambda r: r[0])))
                for y in sorted(lines, reverse=True)
            )
        )
    return pages


def one_line(text: str) -> str:
    return _clean(text)


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def billed(world, session_factory):
    """AL-36 (the manual's 120,60 €) with its lines, an earlier unpaid AL-30, a payment, a
    credit note AL-37 and the commune's billing texts."""
    with db.transaction(session_factory, "staff:test") as s:
        settings = s.get(CommuneSettings, 1)
        settings.address = "Place de la Mairie\n69380 Alix"
        settings.issuer_name = "Jean-Paul Durand"
        settings.issuer_title = "Le Maire"
        settings.regie_hours = "lundi et mercredi de 8 h 30 à 12 h"
        settings.logo = logo_png()
        family = s.get(Family, world.dupont_id)
        family.mandate_reference = "ALIX-2015-0042"
        family.direct_debit = True
        al36 = s.query(Invoice).filter_by(number="AL-36").one()
        wednesday, canteen = world.services["wednesday"], world.services["canteen"]
        al36.lines = [
            InvoiceLine(
                child_id=world.child_id,
                service_id=canteen,
                kind=LineKind.PRESENT,
                label="Restauration scolaire — réservé et présent",
                detail="Tranche QF ≤ 800 €, −10 % 2e enfant",
                first_day=dt.date(2015, 3, 2),
                last_day=dt.date(2015, 3, 31),
                quantity=Decimal("17"),
                unit_price=Decimal("4.15"),
                reduction_pct=Decimal("10"),
                amount=Decimal("63.50"),
            ),
            InvoiceLine(
                child_id=world.child_id,
                service_id=canteen,
                kind=LineKind.ABSENT_BILLED,
                label="Restauration scolaire — absent facturé",
                first_day=dt.date(2015, 3, 19),
                last_day=dt.date(2015, 3, 19),
                quantity=Decimal("1"),
                unit_price=Decimal("4.15"),
                amount=Decimal("4.15"),
            ),
            InvoiceLine(
                child_id=world.child_id,
                service_id=wednesday,
                kind=LineKind.PRESENT,
                label="ALSH Mercredi après-midi — réservé et présent",
                first_day=dt.date(2015, 3, 4),
                last_day=dt.date(2015, 3, 25),
                quantity=Decimal("3"),
                unit_price=Decimal("17.65"),
                amount=Decimal("52.95"),
            ),
        ]
        earlier = Invoice(
            number="AL-30",
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 3, 9),
            due_on=dt.date(2015, 3, 31),
            period_start=dt.date(2015, 2, 1),
            period_end=dt.date(2015, 2, 28),
            total=Decimal("45.00"),
        )
        s.add(earlier)
        s.add(
            Payment(
                family_id=world.dupont_id,
                received_on=dt.date(2015, 3, 20),
                amount=Decimal("20.00"),
                method=PaymentMethod.CASH,
            )
        )
        s.flush()
        credit = Invoice(
            number="AL-37",
            kind=InvoiceKind.CREDIT_NOTE,
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 4, 15),
            due_on=dt.date(2015, 4, 15),
            period_start=dt.date(2015, 3, 1),
            period_end=dt.date(2015, 3, 31),
            total=Decimal("-4.15"),
            corrects_invoice_id=al36.id,
            reason="Absence du 19/03 justifiée par un certificat médical",
            lines=[
                InvoiceLine(
                    child_id=world.child_id,
                    service_id=canteen,
                    kind=LineKind.CORRECTION,
                    label="Annulation : absent facturé",
                    first_day=dt.date(2015, 3, 19),
                    last_day=dt.date(2015, 3, 19),
                    quantity=Decimal("1"),
                    unit_price=Decimal("-4.15"),
                    amount=Decimal("-4.15"),
                    corrects_line_id=al36.lines[1].id,
                )
            ],
        )
        s.add(credit)
        s.flush()
        return {"al36": al36.id, "al30": earlier.id, "al37": credit.id}


def test_invoice_says_what_a_municipal_bill_must(session, billed):
    data = pdf.invoice_pdf(session, billed["al36"])
    assert data.startswith(b"%PDF")
    (page,) = text_of(data)
    flat = one_line(page)
    assert "FACTURE" in page and "N° AL-36" in page
    assert "Facture n° AL-36" in flat
    # the commune, the family's name and address in the window
    assert "Mairie d'Alix" in page and "Place de la Mairie" in page
    assert "Monsieur DUPONT JEAN" in flat
    assert "12 rue des Bonbons" in page and "31400 SAINT - JEAN" in flat
    # number, dates, period
    assert "Date d'émission : 08/04/2015" in flat
    assert "Date d'échéance : 30/04/2015" in flat
    assert "Période : Mars 2015" in flat
    assert "N° famille : 1001001818331" in flat
    # the lines, grouped by child and service, with their basis
    assert "LÉA DUPONT — Restauration scolaire" in flat
    assert "LÉA DUPONT — ALSH Mercredi après-midi" in flat
    assert flat.index("LÉA DUPONT — Restauration scolaire") < flat.index("le 19/03")
    assert "du 02/03 au 31/03" in flat and "le 19/03" in flat
    assert "Tranche QF ≤ 800 €, −10 % 2e" in flat
    assert "17 4,15 € 63,50 €" in flat
    assert "67,65 €" in flat  # the canteen's subtotal
    assert "Total à payer 120,60 €" in flat
    # the account at the issue date: AL-30 less the free payment of 20 €, this one apart
    assert "Votre compte au 08/04/2015" in flat
    assert "AL-30 du 09/03/2015, échéance 31/03/2015 25,00 €" in flat
    assert "Total des factures précédentes 25,00 €" in flat
    assert "Solde (cette facture comprise) : -145,60 €" in flat
    # how to pay, the mentions
    assert "Trésor public" in flat and "CESU" in flat
    assert "Horaires de la régie : lundi et mercredi de 8 h 30 à 12 h" in flat
    assert "prélevée à l'échéance du 30/04/2015 (mandat ALIX-2015-0042)" in flat
    assert "Ordonnateur : Le Maire, Jean-Paul Durand" in flat
    assert one_line(texts.DEFAULT_CONTEST_NOTICE) in flat
    assert "page 1 / 1" in flat
    assert "Avoir" not in flat


def test_credit_note_wording(session, billed):
    (page,) = text_of(pdf.invoice_pdf(session, billed["al37"]))
    flat = one_line(page)
    assert "AVOIR" in page and "Avoir n° AL-37" in flat
    assert "Facture corrigée : AL-36 du 08/04/2015" in flat
    assert "Motif : Absence du 19/03 justifiée par un certificat médical" in flat
    assert "Montant de l'avoir -4,15 €" in flat
    assert "Date d'échéance" not in flat  # nothing to pay
    assert "Comment régler" not in flat and "Cet avoir" in flat
    assert "Total à payer" not in flat
    # AL-36 is what the credit note corrects: still listed, reduced by it
    assert "AL-36 du 08/04/2015, échéance 30/04/2015 116,45 €" in flat


def test_commune_texts_default_and_no_mandate(session, session_factory, billed, world):
    with db.transaction(session_factory, "staff:test") as s:
        settings = s.get(CommuneSettings, 1)
        settings.issuer_name = ""
        settings.issuer_title = ""
        settings.payment_instructions = "Réglez à la régie en espèces ou par carte."
        settings.contest_notice = "Contestation : deux mois, tribunal judiciaire de Lyon."
        settings.logo = b"not an image"  # a broken logo prints no logo, never fails
        s.get(Family, world.dupont_id).direct_debit = False
    flat = one_line(text_of(pdf.invoice_pdf(session, billed["al36"]))[0])
    assert f"Ordonnateur : {texts.DEFAULT_ISSUER_TITLE}" in flat
    assert "Réglez à la régie en espèces ou par carte." in flat
    # the cheque's payee is said even when the commune's text forgets it
    assert "Les chèques sont à libeller à l'ordre du Trésor public." in flat
    assert "Contestation : deux mois, tribunal judiciaire de Lyon." in flat
    assert "prélev" not in flat


def test_unknown_invoice_is_refused(session, world):
    with pytest.raises(NotFoundError):
        pdf.invoice_pdf(session, 999_999)


def test_a_long_invoice_runs_over_pages_numbered_exactly(session, session_factory, billed, world):
    with db.transaction(session_factory, "staff:test") as s:
        big = Invoice(
            number="AL-38",
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 4, 30),
            due_on=dt.date(2015, 5, 22),
            period_start=dt.date(2015, 4, 1),
            period_end=dt.date(2015, 4, 30),
            total=Decimal("0"),
        )
        services = list(world.services.values())
        for n in range(60):
            big.lines.append(
                InvoiceLine(
                    child_id=world.child_id,
                    service_id=services[n // 15],
                    label=f"Ligne {n + 1:02d}",
                    first_day=dt.date(2015, 4, 1),
                    last_day=dt.date(2015, 4, 30),
                    quantity=Decimal("1"),
                    unit_price=Decimal("1.00"),
                    amount=Decimal("1.00"),
                )
            )
        big.total = Decimal("60.00")
        s.add(big)
        s.flush()
        big_id = big.id
    pages = text_of(pdf.invoice_pdf(session, big_id))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in one_line(page)
    assert "Facture n° AL-38 (suite)" in one_line(pages[1])
    everything = one_line(" ".join(pages))
    for n in range(60):
        assert everything.count(f"Ligne {n + 1:02d}") == 1
    # the total, the account and the mentions come once, on the last page
    assert "Total à payer 60,00 €" in one_line(pages[-1])
    assert everything.count("Total à payer") == 1
    assert everything.count("Voies et délais de recours") == 1


def test_many_documents_in_one_file_each_from_a_new_page(session, billed):
    ids = [billed["al37"], billed["al36"], billed["al30"]]

    class Progress:
        def __init__(self):
            self.seen = []

        cancelled = False

        def report(self, done, total, text=""):
            self.seen.append((done, total))

    progress = Progress()
    pages = text_of(pdf.invoices_pdf(session, ids, progress))
    assert len(pages) == 3
    assert "N° AL-37" in pages[0] and "N° AL-36" in pages[1] and "N° AL-30" in pages[2]
    assert all("page 1 / 1" in p for p in pages)
    assert progress.seen[-1] == (3, 3)

    class Stop(Progress):
        cancelled = True

    with pytest.raises(Cancelled):
        pdf.invoices_pdf(session, ids, Stop())


def test_draft_is_marked_as_a_preview(session, billed, world):
    draft = FamilyDraft(
        family_id=world.dupont_id,
        family_number="1001001818331",
        name="DUPONT Jean",
        lines=[
            DraftLine(
                child_id=world.child_id,
                child_name="Léa",
                service_id=world.services["canteen"],
                service_name="Restauration scolaire",
                kind=LineKind.PRESENT,
                days=(dt.date(2015, 5, 4), dt.date(2015, 5, 5), dt.date(2015, 5, 7)),
                unit_price=Decimal("4.15"),
                reduction_pct=Decimal("0"),
                amount=Decimal("12.45"),
                detail="Tarif unique",
                label="Restauration scolaire — réservé et présent",
            )
        ],
    )
    (page,) = text_of(pdf.draft_pdf(session, draft, dt.date(2015, 5, 1), dt.date(2015, 6, 2)))
    flat = one_line(page)
    assert "Aperçu — non émise" in flat
    assert "N° AL" not in flat
    assert "Période : Mai 2015" in flat
    assert "Date d'échéance : 24/06/2015" in flat  # the commune's 22 days
    assert "du 04/05 au 07/05" in flat and "3 4,15 € 12,45 €" in flat
    assert "Total (aperçu) 12,45 €" in flat
    # the account: AL-30 and AL-36 less the credit note are unpaid on 02/06
    assert "AL-36 du 08/04/2015" in flat and "AL-30 du 09/03/2015" in flat
    assert "Solde (cet aperçu compris) : -153,90 €" in flat


def test_a_page_looked_at(session, billed, tmp_path):
    """Render the invoice's page to PNG (pdftoppm) for a look; checks it is not blank."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    path = tmp_path / "facture.pdf"
    path.write_bytes(pdf.invoice_pdf(session, billed["al36"]))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    assert abs(image.size[0] - 496) <= 1 and abs(image.size[1] - 702) <= 1  # A4 at 60 dpi
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # text and rules, not an empty page
