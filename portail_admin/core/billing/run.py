"""The monthly invoice run: preview (what each family would be billed) and issue (one
transaction: numbers, invoices, lines, billed days, locked cells, the run's record).

CONTRACT (lead): the signatures and dataclasses below are what the desktop, the CLI, the PDF and
the benchmarks build on. The helper who owns this module fills in the bodies; changing a
signature means telling the lead.

- Days come from the planning cells through `planning.rules.billing_kind` and are priced by
  `billing.pricing.price_family_month`; days already billed (a live `BilledDay`) are left out,
  so running a month again bills only what was not billed yet.
- `issue_month` takes the billing lock (`locks.hold(session, BILLING_RUN)`), recomputes inside
  its transaction, takes the run's numbers with `sequences.take_block` (prefix: the commune's
  `regie_prefix`; number text f"{prefix}-{n}"), writes everything, locks the billed cells with
  `rules.billed_lock(number)`. The unique index on live billed days is the backstop.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock, locks
from ..changefeed import record_bulk_change
from ..collation import name_key
from ..db import SYSTEM_ACTOR, is_unique_violation
from ..errors import ConcurrentEditError, PortailError
from ..formatting import money, month_title
from ..models import BilledDay, BillingRun, Invoice, InvoiceLine, PlanningCell, Service
from ..models.base import UTCDateTime, utcnow
from ..models.enums import ChangeAction, InvoiceKind, LineKind, StaffRole
from ..planning import rules
from ..reports.progress import ProgressSink, step
from ..services.commune import get_settings
from ..services.sequences import take_block
from ..services.staff import Permission, require
from . import queries
from .pricing import (
    DAY_KINDS,
    ZERO,
    BillableDay,
    TariffTerms,
    line_amount,
    line_label,
    price_family_month,
    tariff_on,
)

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
    # The planning cells of the days (day lines only: a surcharge locks nothing of its own).
    cell_ids: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @property
    def quantity(self) -> Decimal:
        return Decimal(len(self.days))

    @property
    def first_day(self) -> dt.date:
        return self.days[0]

    @property
    def last_day(self) -> dt.date:
        return self.days[-1]

    @property
    def bills_days(self) -> bool:
        """A line of days (BilledDay rows), not a surcharge."""
        return self.kind in DAY_KINDS


@dataclass
class FamilyDraft:
    family_id: int
    family_number: str
    name: str  # "DUPONT Jean"
    lines: list[DraftLine] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    by_email: bool = False  # the family accepts e-mail and has an address
    email: str = ""  # where an e-mailed invoice goes ("" when not by e-mail)
    # The planning cells' versions as read ({cell id: version}): the issue locks them only if
    # nobody changed them since.
    cell_versions: dict[int, int] = field(default_factory=dict, repr=False)

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
    month: dt.date | None = None  # the first day of the billed month

    @property
    def count(self) -> int:
        return len(self.invoice_ids)

    @property
    def message(self) -> str:
        """What was done, in French: "3 factures émises pour Mars 2015 : 120,60 € (AL-1 à
        AL-3)." or "Rien à facturer pour Mars 2015."."""
        when = month_title(self.month) if self.month is not None else "ce mois"
        if not self.invoice_ids:
            return f"Rien à facturer pour {when}."
        if self.count == 1:
            return f"1 facture émise pour {when} : {money(self.total)} ({self.numbers[0]})."
        return (
            f"{self.count} factures émises pour {when} : {money(self.total)} "
            f"({self.numbers[0]} à {self.numbers[-1]})."
        )


class BillingRefused(PortailError):
    """A run or a correction that cannot be done (French message)."""


def _family_name(family: queries.FamilyRow) -> str:
    if not family.last_name:
        return family.number
    return f"{family.last_name.upper()} {family.first_name}".strip()


def _days_text(days: list[dt.date]) -> str:
    return ", ".join(day.strftime("%d/%m") for day in sorted(set(days)))


@functools.lru_cache(maxsize=64)
def _billing_kind(booking: Any, attendance: Any) -> LineKind | None:
    """rules.billing_kind of a cell (a handful of combinations, met 100,000 times a month)."""
    return rules.billing_kind(booking in rules.BOOKED, attendance)


def _draft(
    family: queries.FamilyRow,
    cells: list[queries.CellRow],
    tariffs: dict[int, list[TariffTerms]],
    services: dict[int, queries.ServiceRow],
    service_order: list[int],
) -> FamilyDraft | None:
    """The family's draft: its month priced whole (the days billed already count for the
    children's ranks), then only the days not billed yet kept in each line."""
    days: list[BillableDay] = []
    new: dict[tuple[int, int, dt.date], queries.CellRow] = {}
    for cell in cells:
        kind = _billing_kind(cell.booking, cell.attendance)
        if kind is None:
            continue
        days.append(BillableDay(cell.child_id, cell.service_id, cell.day, kind))
        if not cell.billed:
            new[(cell.child_id, cell.service_id, cell.day)] = cell
    if not new:
        return None
    names = dict(family.children)
    priced = price_family_month(days, tariffs, family.qf, list(names), service_order)
    draft = FamilyDraft(
        family_id=family.id,
        family_number=family.number,
        name=_family_name(family),
        by_email=family.email_chosen and bool(family.email),
        email=family.email if family.email_chosen else "",
    )
    top_bracket = False
    for line in priced.lines:
        kept = tuple(day for day in line.days if (line.child_id, line.service_id, day) in new)
        if not kept:
            continue
        service_name = services[line.service_id].name if line.service_id in services else ""
        child_name = names.get(line.child_id, "")
        cell_ids: tuple[int, ...] = ()
        if line.kind in DAY_KINDS:
            found = [new[(line.child_id, line.service_id, day)] for day in kept]
            cell_ids = tuple(c.cell_id for c in found)
            draft.cell_versions.update((c.cell_id, c.version) for c in found)
            if family.qf is None and not top_bracket:
                top_bracket = any(
                    terms is not None and not terms.is_flat
                    for terms in (tariff_on(tariffs.get(line.service_id, ()), day) for day in kept)
                )
        amount = (
            line.amount
            if len(kept) == len(line.days)
            else line_amount(Decimal(len(kept)), line.unit_price, line.reduction_pct)
        )
        draft.lines.append(
            DraftLine(
                child_id=line.child_id,
                child_name=child_name,
                service_id=line.service_id,
                service_name=service_name,
                kind=line.kind,
                days=kept,
                unit_price=line.unit_price,
                reduction_pct=line.reduction_pct,
                amount=amount,
                detail=line.detail,
                label=line_label(service_name, child_name, line.kind),
                cell_ids=cell_ids,
            )
        )
    new_days = {(service_id, day) for _, service_id, day in new}
    missing = [(sid, day) for sid, day in priced.missing_tariffs if (sid, day) in new_days]
    if missing:
        by_service: dict[int, list[dt.date]] = {}
        for service_id, day in missing:
            by_service.setdefault(service_id, []).append(day)
        detail = " ; ".join(
            f"{services[sid].name if sid in services else sid} : {_days_text(by_service[sid])}"
            for sid in sorted(by_service, key=lambda sid: service_order.index(sid))
        )
        draft.alerts.append(Alert(AlertKind.MISSING_TARIFF, detail))
    if top_bracket:
        draft.alerts.append(Alert(AlertKind.NO_QF))
    if not family.has_address:
        draft.alerts.append(Alert(AlertKind.NO_ADDRESS))
    if family.email_chosen and not family.email:
        draft.alerts.append(Alert(AlertKind.NO_EMAIL))
    if draft.lines and draft.total == ZERO:
        draft.alerts.append(Alert(AlertKind.ZERO_AMOUNT))
    order = {kind: i for i, kind in enumerate(AlertKind)}
    draft.alerts.sort(key=lambda a: order[a.kind])
    return draft


def preview_month(
    session: Session, month: dt.date, family_ids: Collection[int] | None = None
) -> RunPreview:
    """What issuing `month` would bill now (all families, or `family_ids`)."""
    first, last = queries.month_bounds(month)
    cells = queries.billable_cells(session, first, last, family_ids)
    family_of = queries.family_of_children(session) if cells else {}
    by_family: dict[int, list[queries.CellRow]] = {}
    for cell in cells:
        by_family.setdefault(family_of[cell.child_id], []).append(cell)
    service_ids = {cell.service_id for cell in cells}
    services = queries.services_of(session, service_ids)
    tariffs = queries.tariffs_of(session, service_ids)
    service_order = sorted(service_ids, key=lambda sid: services[sid].order)
    families = queries.families_of(session, list(by_family)) if by_family else {}
    drafts: list[tuple[Any, FamilyDraft]] = []
    for family_id, family_cells in by_family.items():
        family = families.get(family_id)
        if family is None:
            continue
        draft = _draft(family, family_cells, tariffs, services, service_order)
        if draft is not None:
            key = (*name_key(family.last_name, family.first_name), family.number)
            drafts.append((key, draft))
    drafts.sort(key=lambda pair: pair[0])
    return RunPreview(month=first, families=[draft for _, draft in drafts])


def _check_month(month: dt.date, today: dt.date) -> dt.date:
    if not isinstance(month, dt.date):
        raise BillingRefused("Indiquez le mois à facturer.")
    first = month.replace(day=1)
    if first > today:
        raise BillingRefused(
            f"{month_title(first)} n'a pas commencé : ce mois ne peut pas encore être facturé."
        )
    return first


def issue_month(
    session: Session,
    month: dt.date,
    *,
    exclude: Collection[int] = (),
    issued_on: dt.date | None = None,
    progress: ProgressSink | None = None,
    role: StaffRole | str | None = None,
) -> IssuedRun:
    """Issue the month's invoices of every issuable family not in `exclude`, in the caller's
    transaction (the caller commits; a failure anywhere issues nothing).

    Refused in French (BillingRefused) for a month that has not started yet, and
    (PermissionDenied) for a `role` without Permission.BILLING (None: a script, not checked).
    Nothing to bill is not an error: the result has no run (`run_id` None) and says so."""
    if role is not None:
        require(role, Permission.BILLING)
    today = clock.today()
    first = _check_month(month, today)
    issued_on = issued_on or today
    if issued_on < first:
        raise BillingRefused(
            f"Les factures de {month_title(first)} ne peuvent être datées d'avant ce mois."
        )
    # One run at a time, and everything read below is read after the previous run committed;
    # the tariffs it prices with cannot change or go before it commits (in id order, as any
    # other holder of several of them must).
    locks.hold(session, BILLING_RUN)
    for service_id in session.scalars(select(Service.id).order_by(Service.id)):
        locks.hold(session, locks.SERVICE_TARIFFS, service_id)
    preview = preview_month(session, first)
    excluded = set(exclude)
    drafts = [d for d in preview.families if d.issuable and d.family_id not in excluded]
    if not drafts:
        return IssuedRun(None, (), (), ZERO, month=first)
    settings = get_settings(session)
    prefix = settings.regie_prefix or "AL"
    due_on = issued_on + dt.timedelta(days=settings.invoice_due_days or 0)
    _, last = queries.month_bounds(first)
    actor = session.info.get("actor", SYSTEM_ACTOR)
    total = sum((d.total for d in drafts), ZERO)
    run = BillingRun(month=first, issued_by=actor, invoice_count=len(drafts), total=total)
    session.add(run)
    session.flush()
    run_id = run.id
    count = len(drafts)
    numbers: list[str] = []
    invoice_rows: list[dict[str, Any]] = []
    # The run's numbers in one statement: consecutive, in the order of the families' names.
    for index, (draft, value) in enumerate(
        zip(drafts, take_block(session, prefix, count), strict=True)
    ):
        number = f"{prefix}-{value}"
        numbers.append(number)
        invoice_rows.append(
            {
                "number": number,
                "kind": InvoiceKind.INVOICE,
                "family_id": draft.family_id,
                "issued_on": issued_on,
                "due_on": due_on,
                "period_start": first,
                "period_end": last,
                "total": draft.total,
                "run_id": run_id,
                "reason": "",
            }
        )
        if index % 50 == 0:
            step(progress, index, count, f"Facture {number}")
    conn = session.connection()  # Core statements: the ORM's per-row bookkeeping is not needed
    invoices, lines = Invoice.__table__, InvoiceLine.__table__
    invoice_ids = list(
        conn.execute(
            insert(invoices).returning(invoices.c.id, sort_by_parameter_order=True), invoice_rows
        ).scalars()
    )
    line_rows: list[dict[str, Any]] = []
    owners: list[tuple[int, DraftLine]] = []
    for invoice_id, draft in zip(invoice_ids, drafts, strict=True):
        for line in draft.lines:
            owners.append((invoice_id, line))
            line_rows.append(
                {
                    "invoice_id": invoice_id,
                    "child_id": line.child_id,
                    "service_id": line.service_id,
                    "kind": line.kind,
                    "label": line.label[:255],
                    "detail": line.detail[:255],
                    "first_day": line.first_day,
                    "last_day": line.last_day,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "reduction_pct": line.reduction_pct,
                    "amount": line.amount,
                }
            )
    line_ids = list(
        conn.execute(
            insert(lines).returning(lines.c.id, sort_by_parameter_order=True), line_rows
        ).scalars()
    )
    billed_rows = [
        {
            "invoice_id": invoice_id,
            "line_id": line_id,
            "child_id": line.child_id,
            "service_id": line.service_id,
            "day": day,
        }
        for line_id, (invoice_id, line) in zip(line_ids, owners, strict=True)
        if line.bills_days
        for day in line.days
    ]
    try:
        conn.execute(insert(BilledDay.__table__), billed_rows)
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise ConcurrentEditError(
            "Certains jours de ce mois viennent d'être facturés sur un autre poste : rien n'a "
            "été émis. Recommencez la facturation."
        ) from exc
    _lock_cells(session, drafts, numbers, actor, progress)
    _log(session, drafts, first, last, count)
    session.expire_all()  # ORM objects of the locked cells are stale now
    return IssuedRun(run_id, tuple(invoice_ids), tuple(numbers), total, month=first)


_PG_LOCK = text(
    "UPDATE planning_cell AS cell SET locked_reason = batch.reason, "
    "version = cell.version + 1, updated_at = :now, updated_by = :actor "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:versions AS integer[]), "
    "CAST(:reasons AS varchar[])) AS batch(id, version, reason) "
    "WHERE cell.id = batch.id AND cell.version = batch.version"
).bindparams(bindparam("now", type_=UTCDateTime()))


def _lock_cells(
    session: Session,
    drafts: list[FamilyDraft],
    numbers: list[str],
    actor: str,
    progress: ProgressSink | None,
) -> None:
    """Each invoice's cells get its billed lock, checked against the versions the preview
    read (a cell changed meanwhile stops the whole run): one statement for the batch."""
    table = PlanningCell.__table__
    now = utcnow()
    rows = [
        {"b_id": cell_id, "b_version": version, "reason": rules.billed_lock(number)}
        for draft, number in zip(drafts, numbers, strict=True)
        for cell_id, version in draft.cell_versions.items()
    ]
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # One statement a batch, the rows passed as arrays: an executemany would run 100,000
        # statements on the server.
        changed = 0
        for start in range(0, len(rows), 20_000):
            batch = rows[start : start + 20_000]
            changed += conn.execute(
                _PG_LOCK,
                {
                    "ids": [r["b_id"] for r in batch],
                    "versions": [r["b_version"] for r in batch],
                    "reasons": [r["reason"] for r in batch],
                    "now": now,
                    "actor": actor,
                },
            ).rowcount
    else:  # SQLite: executemany runs in the driver, row after row, at C speed
        changed = conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(
                locked_reason=bindparam("reason"),
                version=table.c.version + 1,
                updated_at=now,
                updated_by=actor,
            ),
            rows,
        ).rowcount
    if changed not in (-1, len(rows)):
        raise ConcurrentEditError(
            "Le planning a été modifié sur un autre poste pendant la facturation : rien n'a été "
            "émis. Recommencez la facturation."
        )
    step(progress, len(drafts), len(drafts), "Factures émises")


def _log(
    session: Session, drafts: list[FamilyDraft], first: dt.date, last: dt.date, count: int
) -> None:
    """The change feed: the invoices, and the locked cells per service (the grids refresh)."""
    record_bulk_change(
        session, "invoice", ChangeAction.INSERT, count=count, day_from=first, day_to=last
    )
    by_service: dict[int, list[dt.date]] = {}
    for draft in drafts:
        for line in draft.lines:
            if line.bills_days:
                by_service.setdefault(line.service_id, []).extend(line.days)
    for service_id, days in sorted(by_service.items()):
        record_bulk_change(
            session,
            "planning_cell",
            ChangeAction.UPDATE,
            count=len(days),
            service_id=service_id,
            day_from=min(days),
            day_to=max(days),
        )
