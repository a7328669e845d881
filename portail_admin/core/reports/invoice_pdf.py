"""The invoice (and credit note) PDF: one per document, and the run's combined PDF.

CONTRACT (lead): the desktop, the portal, the CLI, the sending and the benchmark call these;
the PDF's helper fills them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..billing.run import FamilyDraft
from .progress import ProgressSink


def invoice_pdf(session: Session, invoice_id: int) -> bytes:
    """One issued invoice or credit note, as it prints."""
    raise NotImplementedError


def invoices_pdf(
    session: Session, invoice_ids: Sequence[int], progress: ProgressSink | None = None
) -> bytes:
    """Several documents in one PDF (the run's printing), in the order given."""
    raise NotImplementedError


def draft_pdf(
    session: Session, draft: FamilyDraft, month: dt.date, issued_on: dt.date | None = None
) -> bytes:
    """A family's invoice of the preview, as it will print ("Aperçu" instead of a number)."""
    raise NotImplementedError
