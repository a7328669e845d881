"""E-mailing issued invoices to the families who accept e-mail.

CONTRACT (lead): the desktop and the CLI call `send_invoices`; the PDF's helper fills it in.
Each invoice is sent at most once (an `InvoiceDelivery` row, written in the transaction that
follows the SMTP send), so a retry after a failure sends only what was not sent.

How: for each invoice, in the order given, the delivery row is written first (flushed, not
committed: on PostgreSQL a second PC sending the same invoice at the same time waits on its
unique index, then finds it sent), the e-mail goes out, and the transaction is committed; a
refused send rolls it back and is reported, and the others go on. The session is committed
after each invoice sent (its caller's pending work with it): what was sent stays recorded
whatever happens next.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from .. import formatting, mailer
from ..db import is_unique_violation
from ..errors import PortailError
from ..models import CommuneSettings, Guardian, Invoice, InvoiceDelivery
from ..models.enums import InvoiceKind
from ..reports import invoice_pdf
from ..reports.pages import commune_heading
from ..reports.progress import ProgressSink, step

log = logging.getLogger(__name__)

ALREADY_SENT = "déjà envoyée"
NO_RECIPIENT = "aucun responsable n'accepte les e-mails avec une adresse renseignée"
NOT_FOUND = "facture introuvable"
NOT_CONFIGURED = (
    "L'envoi des factures par e-mail n'est pas possible : les paramètres SMTP de la commune "
    "(serveur et adresse d'expédition) ne sont pas renseignés."
)
RECIPIENT_LENGTH = 255  # InvoiceDelivery.recipient


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # invoice numbers
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number, French reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already sent, no e-mail...


_IDS = bindparam("ids", expanding=True)


def _recipients(session: Session, family_ids: list[int]) -> dict[int, list[str]]:
    """Each family's addresses of the guardians who accept e-mail (the responsable first)."""
    found: dict[int, list[str]] = {}
    if not family_ids:
        return found
    rows = session.execute(
        select(Guardian.family_id, Guardian.email)
        .where(
            Guardian.family_id.in_(_IDS),
            Guardian.email_consent.is_(True),
            Guardian.email != "",
        )
        .order_by(Guardian.family_id, Guardian.role.desc()),
        {"ids": sorted(family_ids)},
    )
    for family_id, email in rows:
        address = email.strip()
        if address and address.casefold() not in {a.casefold() for a in found.get(family_id, [])}:
            found.setdefault(family_id, []).append(address)
    return found


def message_for(invoice: Any, commune: str, portal_url: str = "") -> tuple[str, str, str]:
    """(subject, body, attachment's file name) of the e-mail of an invoice or credit note."""
    amount = formatting.money(abs(invoice.total))
    period = invoice_pdf._period(invoice.period_start, invoice.period_end)  # noqa: SLF001
    if invoice.kind is InvoiceKind.CREDIT_NOTE:
        subject = f"Avoir {invoice.number} — {commune}"
        what = f"l'avoir n° {invoice.number} d'un montant de {amount}"
        if invoice.corrects_number:
            what += f", qui corrige la facture n° {invoice.corrects_number}"
        lines = [f"Veuillez trouver ci-joint {what} (période : {period})."]
        filename = f"Avoir-{invoice.number}.pdf"
    else:
        subject = f"Facture {invoice.number} — {commune}"
        lines = [
            f"Veuillez trouver ci-joint la facture n° {invoice.number} d'un montant de "
            f"{amount} (période : {period}), à régler au plus tard le "
            f"{formatting.short_date(invoice.due_on)}.",
            "Les moyens de paiement sont indiqués sur la facture.",
        ]
        filename = f"Facture-{invoice.number}.pdf"
    if portal_url:
        lines.append(f"Vous pouvez aussi la retrouver sur le Portail Famille : {portal_url}")
    body = "\n\n".join(
        [
            "Madame, Monsieur,",
            *(formatting.french_spacing(line) for line in lines),
            f"Cordialement,\n{commune}",
        ]
    )
    return formatting.french_spacing(subject), body + "\n", filename


def send_invoices(
    session: Session, invoice_ids: Sequence[int], progress: ProgressSink | None = None
) -> SendReport:
    """E-mail each invoice (its PDF attached) to the family's guardians who accept e-mail,
    through the commune's SMTP settings (core.mailer); refused in French when SMTP is not set."""
    settings = session.get(CommuneSettings, 1)
    if not mailer.smtp_configured(settings):
        raise mailer.MailError(NOT_CONFIGURED)
    assert settings is not None
    commune = commune_heading(settings.name or "")
    portal_url = settings.portal_url or ""
    ids = list(dict.fromkeys(invoice_ids))  # each once, in the order given
    report = SendReport()
    invoices: dict[int, Any] = {}
    delivered: set[int] = set()
    if ids:
        fixed = aliased(Invoice)
        rows = session.execute(
            select(
                Invoice.id,
                Invoice.number,
                Invoice.kind,
                Invoice.family_id,
                Invoice.issued_on,
                Invoice.due_on,
                Invoice.period_start,
                Invoice.period_end,
                Invoice.total,
                fixed.number.label("corrects_number"),
            )
            .outerjoin(fixed, fixed.id == Invoice.corrects_invoice_id)
            .where(Invoice.id.in_(_IDS)),
            {"ids": sorted(ids)},
        )
        invoices = {row.id: row for row in rows}
        delivered = set(
            session.scalars(
                select(InvoiceDelivery.invoice_id).where(InvoiceDelivery.invoice_id.in_(_IDS)),
                {"ids": sorted(ids)},
            )
        )
    recipients = _recipients(session, sorted({row.family_id for row in invoices.values()}))
    to_send = []
    for invoice_id in ids:
        row = invoices.get(invoice_id)
        if row is None:
            report.skipped.append((f"n° {invoice_id}", NOT_FOUND))
        elif invoice_id in delivered:
            report.skipped.append((row.number, ALREADY_SENT))
        elif not recipients.get(row.family_id):
            report.skipped.append((row.number, NO_RECIPIENT))
        else:
            to_send.append(invoice_id)
    session.commit()  # the reads' transaction ends: each send gets its own
    total = len(to_send)
    pdfs = invoice_pdf.each_invoice_pdf(session, to_send)
    for done, invoice_id in enumerate(to_send):
        row = invoices[invoice_id]
        step(progress, done, total, f"Envoi de {row.number} ({done + 1} / {total})")
        try:
            pdf_id, render = next(pdfs)
            assert pdf_id == invoice_id
            pdf = render()
            subject, body, filename = message_for(row, commune, portal_url)
            to = ", ".join(recipients[row.family_id])
            session.add(InvoiceDelivery(invoice_id=invoice_id, recipient=to[:RECIPIENT_LENGTH]))
            try:
                session.flush()
            except IntegrityError as exc:
                session.rollback()
                if not is_unique_violation(exc):
                    raise
                report.skipped.append((row.number, ALREADY_SENT))  # sent meanwhile elsewhere
                continue
            mailer.send_mail(settings, to, subject, body, [(filename, pdf, "application/pdf")])
            session.commit()
        except PortailError as exc:
            session.rollback()
            report.failed.append((row.number, str(exc)))
        except Exception as exc:  # the others still go out; the staff sees which failed
            session.rollback()
            log.exception("invoice %s not sent", row.number)
            report.failed.append((row.number, f"erreur inattendue ({type(exc).__name__})"))
        else:
            report.sent.append(row.number)
    step(progress, total, total, "Envoi terminé")
    return report
