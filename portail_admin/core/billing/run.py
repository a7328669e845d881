"""The monthly invoice run: preview (what each family would be billed) and issue (one
transaction: numbers, invoices, lines, billed days, locked cells, the run's record).

CONTRACT (lead): the signatures and dataclasses below are what the desktop, the CLI, the PDF and
the benchmarks build on. The helper who owns this module fills in the bodies; changing a
signature means telling the lead.

- Days come from the planning cells through `planning.rules.billing_kind` and are priced by
  `billing.pricing.price_family_month`; days already billed (a live `BilledDay`) are left out,
  so running a month again bills only what was not billed yet.
- `issue_month` takes the billing lock (`locks.hold(session, BILLING_RUN)`), recomputes inside
  its transaction, takes each number with `sequences.take_next` (prefix: the commune's
  `regie_prefix`; number text f"{prefix}-{n}"), writes everything, locks the billed cells with
  `rules.billed_lock(number)`. The unique index on live billed days is the backstop.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from ..models.enums import LineKind
from ..reports.progress import ProgressSink

BILLING_RUN = "billing-run"  # locks.hold subject: one issue at a time


class AlertKind(enum.Enum):
    """What the preview warns about, per family: (key, French text, blocks the issue)."""

    NO_QF = ("no_qf", "Pas de quotient familial : tranche la plus haute appliquée", False)
    NO_ADDRESS = ("no_address", "Pas d'adresse postale", False)
    NO_EMAIL = ("no_email", "Envoi par e-mail choisi mais pas d'adresse e-mail", False)
    ZERO_AMOUNT = ("zero_amount", "Montant nul", False)
    MISSING_TARIFF = ("missing_tariff", "Pas de tarif pour certains jours", True)

    def __init__(self, key: str, text: str, blocking: bool):
        self.key = key
        self.text = text
        self.blocking = blocking


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    detail: str = ""  # e.g. "Restaurant scolaire : 03/11, 04/11"

    @property
    def text(self) -> str:
        return f"{self.kind.text} ({self.detail})" if self.detail else self.kind.text


@dataclass(frozen=True)
class DraftLine:
    """A line as it will be issued (ids, names for the label, the priced values)."""

    child_id: int
    child_name: str  # first name, for the label
    service_id: int
    service_name: str
    kind: LineKind
    days: tuple[dt.date, ...]
    unit_price: Decimal
    reduction_pct: Decimal
    amount: Decimal
    detail: str
    label: str

    @property
    def quantity(self) -> Decimal:
        return Decimal(len(self.days))


@dataclass
class FamilyDraft:
    family_id: int
    family_number: str
    name: str  # "DUPONT Jean"
    lines: list[DraftLine] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    by_email: bool = False  # the family accepts e-mail and has an address

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def blocked(self) -> bool:
        return any(a.kind.blocking for a in self.alerts)

    @property
    def issuable(self) -> bool:
        """Issued unless left out: lines, a positive total, nothing blocking."""
        return bool(self.lines) and self.total > 0 and not self.blocked


@dataclass
class RunPreview:
    month: dt.date  # first day
    families: list[FamilyDraft]  # those with something to bill or an alert, by name

    @property
    def total(self) -> Decimal:
        return sum((f.total for f in self.families if f.issuable), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(1 for f in self.families if f.issuable)


@dataclass(frozen=True)
class IssuedRun:
    run_id: int | None  # None: nothing was issued
    invoice_ids: tuple[int, ...]
    numbers: tuple[str, ...]
    total: Decimal

    @property
    def count(self) -> int:
        return len(self.invoice_ids)


def preview_month(
    session: Session, month: dt.date, family_ids: Collection[int] | None = None
) -> RunPreview:
    """What issuing `month` would bill now (all families, or `family_ids`)."""
    raise NotImplementedError


def issue_month(
    session: Session,
    month: dt.date,
    *,
    exclude: Collection[int] = (),
    issued_on: dt.date | None = None,
    progress: ProgressSink | None = None,
) -> IssuedRun:
    """Issue the month's invoices of every issuable family not in `exclude`, in the caller's
    transaction (the caller commits; a failure anywhere issues nothing). Refused in French
    (PortailError) for a month not finished yet... (see the issue: the helper decides with the
    lead what is refused)."""
    raise NotImplementedError
