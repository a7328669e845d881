"""E-mailing invoices: refused without SMTP, sent once with the PDF attached to the guardians
who accept e-mail, a refused send reported while the others go on, nothing sent twice."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.billing import sending
from portail_admin.core.errors import PortailError
from portail_admin.core.models import CommuneSettings, Guardian, Invoice, InvoiceDelivery
from portail_admin.core.models.enums import GuardianRole, InvoiceKind
from portail_admin.core.reports.progress import Cancelled
from tests.world import build_world


class FakeSMTP:
    """smtplib.SMTP without a network: keeps the messages; refuses the addresses in
    `refuse`."""

    sent: list = []
    refuse: set[str] = set()

    def __init__(self, host, port, timeout=None, **kwargs):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if message["To"] in FakeSMTP.refuse:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"unknown user")})
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.sent = []
    FakeSMTP.refuse = set()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def invoices(world, session_factory):
    """AL-36 (DUPONT: Jean accepts e-mail), AL-35 (MARTIN: no consent), AL-40 (MARTIN's
    second invoice, once Claire accepts e-mail) and a credit note AL-41; SMTP set."""
    with db.transaction(session_factory, "staff:test") as s:
        settings = s.get(CommuneSettings, 1)
        settings.smtp_host = "smtp.alix-village.fr"
        settings.smtp_port = 587
        settings.smtp_sender = "regie@alix-village.fr"
        settings.portal_url = "https://alix-village.fr/portail-famille/"
        numbers = {inv.number: inv for inv in s.scalars(select(Invoice))}
        al40 = Invoice(
            number="AL-40",
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 5, 4),
            due_on=dt.date(2015, 5, 26),
            period_start=dt.date(2015, 4, 1),
            period_end=dt.date(2015, 4, 30),
            total=Decimal("70.55"),
        )
        s.add(al40)
        s.flush()
        al41 = Invoice(
            number="AL-41",
            kind=InvoiceKind.CREDIT_NOTE,
            family_id=world.dupont_id,
            issued_on=dt.date(2015, 5, 4),
            due_on=dt.date(2015, 5, 4),
            period_start=dt.date(2015, 4, 1),
            period_end=dt.date(2015, 4, 30),
            total=Decimal("-4.15"),
            corrects_invoice_id=al40.id,
            reason="Absence justifiée",
        )
        s.add(al41)
        s.flush()
        return {
            "AL-36": numbers["AL-36"].id,
            "AL-35": numbers["AL-35"].id,
            "AL-40": al40.id,
            "AL-41": al41.id,
        }


def deliveries(session_factory) -> dict[int, str]:
    with session_factory() as s:
        return dict(s.execute(select(InvoiceDelivery.invoice_id, InvoiceDelivery.recipient)).all())


def pdf_text(message) -> str:
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    reader = PdfReader(io.BytesIO(part.get_content()))
    return " ".join((p.extract_text() or "") for p in reader.pages)


def test_refused_in_french_without_smtp(session, world, smtp):
    with pytest.raises(PortailError, match="paramètres SMTP"):
        sending.send_invoices(session, [1])
    assert smtp.sent == []


def test_sends_each_invoice_once_with_its_pdf(session, session_factory, invoices, smtp):
    ids = [invoices["AL-36"], invoices["AL-35"], 999_999]
    report = sending.send_invoices(session, ids)
    assert report.sent == ["AL-36"]
    assert report.failed == []
    assert report.skipped == [
        ("AL-35", sending.NO_RECIPIENT),  # MARTIN's guardian never accepted e-mail
        ("n° 999999", sending.NOT_FOUND),
    ]
    (message,) = smtp.sent
    assert message["To"] == "jean.dupont@wanadoo.fr"  # Jeanne accepts e-mail but has none
    assert message["From"] == "regie@alix-village.fr"
    assert "AL-36" in message["Subject"] and "Mairie d'Alix" in message["Subject"]
    body = message.get_body(("plain",)).get_content().replace("\u00a0", " ").replace("\u202f", " ")
    assert "la facture n° AL-36 d'un montant de 120,60 €" in body
    assert "à régler au plus tard le 30/04/2015" in body
    assert "période : Mars 2015" in body
    assert "https://alix-village.fr/portail-famille/" in body
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == "Facture-AL-36.pdf"
    assert "AL-36" in pdf_text(message)
    assert deliveries(session_factory) == {invoices["AL-36"]: "jean.dupont@wanadoo.fr"}

    # a retry sends nothing twice
    again = sending.send_invoices(session, ids)
    assert again.sent == []
    assert ("AL-36", sending.ALREADY_SENT) in again.skipped
    assert len(smtp.sent) == 1


def test_a_refused_send_is_reported_and_the_others_go_on(
    session, session_factory, invoices, smtp, world
):
    with db.transaction(session_factory, "staff:test") as s:
        claire = s.scalar(
            select(Guardian).where(
                Guardian.family_id == world.martin_id, Guardian.role == GuardianRole.PRIMARY
            )
        )
        claire.email_consent = True
    smtp.refuse = {"jean.dupont@wanadoo.fr"}
    ids = [invoices["AL-36"], invoices["AL-35"], invoices["AL-41"]]
    report = sending.send_invoices(session, ids)
    assert report.sent == ["AL-35"]
    assert [number for number, _ in report.failed] == ["AL-36", "AL-41"]
    assert all("n'a pas pu être envoyé" in reason for _, reason in report.failed)
    assert deliveries(session_factory) == {invoices["AL-35"]: "claire.martin@example.fr"}

    # once the address works again, only what failed goes out
    smtp.refuse = set()
    retry = sending.send_invoices(session, ids)
    assert retry.sent == ["AL-36", "AL-41"]
    assert ("AL-35", sending.ALREADY_SENT) in retry.skipped
    credit = smtp.sent[-1]
    assert credit["Subject"].startswith("Avoir AL-41")
    body = credit.get_body(("plain",)).get_content().replace("\u00a0", " ")
    assert "l'avoir n° AL-41 d'un montant de 4,15 €, qui corrige la facture n° AL-40" in body
    assert credit.iter_attachments().__next__().get_filename() == "Avoir-AL-41.pdf"
    assert "Avoir" in pdf_text(credit)
    assert set(deliveries(session_factory)) == {
        invoices["AL-35"],
        invoices["AL-36"],
        invoices["AL-41"],
    }


def test_stopping_keeps_what_was_sent(session, session_factory, invoices, smtp):
    class StopAfterFirst:
        def __init__(self):
            self.reports = 0

        @property
        def cancelled(self):
            return self.reports >= 1

        def report(self, done, total, text=""):
            self.reports += 1

    ids = [invoices["AL-36"], invoices["AL-40"]]
    with pytest.raises(Cancelled):
        sending.send_invoices(session, ids, StopAfterFirst())
    assert [m["Subject"].split()[1] for m in smtp.sent] == ["AL-36"]
    assert set(deliveries(session_factory)) == {invoices["AL-36"]}
