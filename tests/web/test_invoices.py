"""Factures: the family's invoices and credit notes, each PDF downloadable by its family only."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import Invoice, InvoiceLine, Payment
from portail_admin.core.models.enums import InvoiceKind, PaymentMethod

from .conftest import login
from .test_pages import text
from .world import MARTIN_LOGIN, OTHER_PASSWORD


def invoice_id(session_factory, number: str) -> int:
    with session_factory() as s:
        return s.scalar(select(Invoice.id).where(Invoice.number == number))


def add_documents(session_factory, world) -> dict[str, int]:
    """DUPONT: AL-36 gets a line and a partial payment, AL-37 is paid, AL-38 credits AL-37."""
    with db.transaction(session_factory, "staff:test") as s:
        al36 = s.scalar(select(Invoice).where(Invoice.number == "AL-36"))
        al36.lines.append(
            InvoiceLine(
                child_id=world.child_id,
                service_id=world.services["canteen"],
                label="Restauration scolaire — réservé et présent",
                quantity=Decimal("29"),
                unit_price=Decimal("4.15"),
                amount=Decimal("120.35"),
            )
        )
        al37 = Invoice(
            number="AL-37",
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 2, 6),
            due_on=dt.date(2015, 2, 28),
            period_start=dt.date(2015, 1, 1),
            period_end=dt.date(2015, 1, 31),
            total=Decimal("30.00"),
        )
        s.add(al37)
        s.flush()
        s.add(
            Payment(
                family_id=world.dupont_id,
                invoice_id=al37.id,
                received_on=dt.date(2015, 2, 20),
                amount=Decimal("30.00"),
                method=PaymentMethod.CHEQUE,
            )
        )
        s.add(
            Payment(
                family_id=world.dupont_id,
                invoice_id=al36.id,
                received_on=dt.date(2015, 4, 20),
                amount=Decimal("20.00"),
                method=PaymentMethod.CASH,
            )
        )
        credit = Invoice(
            number="AL-38",
            kind=InvoiceKind.CREDIT_NOTE,
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 3, 2),
            due_on=dt.date(2015, 3, 2),
            period_start=dt.date(2015, 1, 1),
            period_end=dt.date(2015, 1, 31),
            total=Decimal("-5.00"),
            corrects_invoice_id=al37.id,
            reason="Sortie annulée",
        )
        s.add(credit)
        s.flush()
        return {"AL-36": al36.id, "AL-37": al37.id, "AL-38": credit.id}


def test_not_logged_in_goes_to_the_login_page(client, world, session_factory):
    al36 = invoice_id(session_factory, "AL-36")
    for path in ("/factures", f"/factures/{al36}.pdf"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/connexion" in response.headers["Location"], path


def test_the_list_shows_the_familys_documents_and_what_is_paid(logged_in, world, session_factory):
    ids = add_documents(session_factory, world)
    response = logged_in.get("/factures")
    assert response.status_code == 200
    page = text(response)
    assert 'aria-current="page">Factures</a>' in page
    assert "AL-35" not in page  # MARTIN's
    rows = {
        number: page.split(f'id="invoice-{ident}"')[1].split("</tr>")[0]
        for number, ident in ids.items()
    }
    assert "08/04/2015" in rows["AL-36"] and "30/04/2015" in rows["AL-36"]
    # 120,60 € less the 20 € paid for it and the 5 € AL-37 was overpaid once credited
    assert "120,60 €" in rows["AL-36"] and "Reste 95,60 €" in rows["AL-36"]
    assert "30,00 €" in rows["AL-37"] and "Réglée" in rows["AL-37"]
    assert "Avoir" in rows["AL-38"] and "sur la facture AL-37" in rows["AL-38"]
    assert "-5,00 €" in rows["AL-38"]
    assert f'href="/factures/{ids["AL-36"]}.pdf"' in rows["AL-36"]
    # newest first
    assert (
        page.index("AL-36") < page.index("AL-38") < page.index('id="invoice-' + str(ids["AL-37"]))
    )
    # the home page's unpaid invoices link to their PDF, and to this page
    home = text(logged_in.get("/"))
    assert f'href="/factures/{ids["AL-36"]}.pdf"' in home
    assert 'href="/factures"' in home


def test_download_of_the_familys_own_invoice(logged_in, world, session_factory):
    ids = add_documents(session_factory, world)
    response = logged_in.get(f"/factures/{ids['AL-36']}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "Facture-AL-36.pdf" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    content = reader.pages[0].extract_text().replace("\u202f", " ").replace("\xa0", " ")
    assert "AL-36" in content and "120,35 €" in content and "DUPONT" in content
    credit = logged_in.get(f"/factures/{ids['AL-38']}.pdf")
    assert credit.status_code == 200
    assert "Avoir-AL-38.pdf" in credit.headers["Content-Disposition"]
    assert "AVOIR" in PdfReader(io.BytesIO(credit.data)).pages[0].extract_text()


def test_another_familys_invoice_is_404(logged_in, world, session_factory):
    martin_invoice = invoice_id(session_factory, "AL-35")
    for path in (f"/factures/{martin_invoice}.pdf", "/factures/999999.pdf", "/factures/0.pdf"):
        response = logged_in.get(path)
        assert response.status_code == 404, path
        assert b"%PDF" not in response.data
        assert "MARTIN" not in text(response)


def test_martin_sees_his_paid_invoice_and_not_duponts(client, world, session_factory):
    assert login(client, MARTIN_LOGIN, OTHER_PASSWORD).status_code == 302
    page = text(client.get("/factures"))
    assert "AL-35" in page and "Réglée" in page and "AL-36" not in page
    dupont_invoice = invoice_id(session_factory, "AL-36")
    assert client.get(f"/factures/{dupont_invoice}.pdf").status_code == 404
    assert client.get(f"/factures/{invoice_id(session_factory, 'AL-35')}.pdf").status_code == 200
