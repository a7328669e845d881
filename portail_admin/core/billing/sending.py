"""E-mailing issued invoices to the families who accept e-mail.

CONTRACT (lead): the desktop and the CLI call `send_invoices`; the PDF's helper fills it in.
Each invoice is sent at most once (an `InvoiceDelivery` row, written in the transaction that
follows the SMTP send), so a retry after a failure sends only what was not sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..reports.progress import ProgressSink


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # invoice numbers
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number, French reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # already sent, no e-mail...


def send_invoices(
    session: Session, invoice_ids: Sequence[int], progress: ProgressSink | None = None
) -> SendReport:
    """E-mail each invoice (its PDF attached) to the family's guardians who accept e-mail,
    through the commune's SMTP settings (core.mailer); refused in French when SMTP is not set."""
    raise NotImplementedError
