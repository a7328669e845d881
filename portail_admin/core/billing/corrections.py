"""Corrections of an issued invoice: a credit note (avoir), never an edit.

CONTRACT (lead): signatures for the desktop and the CLI; the run's helper fills them in.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from ..models import Invoice


def cancel_invoice(session: Session, invoice_id: int, reason: str) -> Invoice:
    """A credit note of the invoice's whole remaining amount, its own number from the same
    counter, one line per corrected line; frees the billed days (they may be billed again) and
    unlocks their cells. Refused in French for a credit note, an invoice already cancelled,
    an empty reason."""
    raise NotImplementedError


def reduce_invoice(
    session: Session, invoice_id: int, amounts: Mapping[int, Decimal], reason: str
) -> Invoice:
    """A credit note of `amounts` (invoice line id → amount credited, > 0, at most what is left
    of the line); the days stay billed. Refused in French on a bad amount."""
    raise NotImplementedError
