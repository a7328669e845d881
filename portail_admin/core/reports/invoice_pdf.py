"""The invoice (and credit note) PDF: one per document, and the run's combined PDF.

CONTRACT (lead): the desktop, the portal, the CLI, the sending and the benchmark call these;
the PDF's helper fills them in.

What a document shows (A4 portrait, French, DejaVu Sans embedded, black and white): the
commune's header and logo; the family's name and postal address where a window envelope
shows it (the credential letter's place); the number, the issue and due dates, the period;
the lines grouped by child and service, each with its basis (the days it bills, the quantity,
the unit price, the bracket or reduction); the total; the family's account at the issue date
(the earlier invoices still unpaid, `statement`'s rule, and the balance); how to pay; and the
mentions of a municipal bill (who issues it, how and within what time to contest it:
`billing.texts`). A credit note says "Avoir", names the invoice it corrects and its reason.

Data apart from layout: `_read` gets the documents of many invoices in a fixed number of
queries (the invoices, their lines, the families and their guardians, the families' documents
and payments), `_Painter` draws them.

Speed (the month's run prints 3,500 invoices): the pages are drawn straight on the canvas
through `pages.Ink` (text operators written directly, no platypus), the parts that are the same
on every invoice (the commune's header, the table's header, how to pay, the mentions) are form
XObjects drawn once per file and placed on each page, the layout is plain arithmetic (a page
count per document first, so that "page N / M" is exact) and the garbage collector is paused
while the file is built.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from types import SimpleNamespace
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session, aliased

from .. import clock, formatting
from ..billing import texts
from ..billing.run import FamilyDraft
from ..errors import NotFoundError
from ..models import (
    Child,
    CommuneSettings,
    Family,
    Guardian,
    Invoice,
    InvoiceLine,
    Payment,
    Service,
)
from ..models.enums import GuardianRole, InvoiceKind
from ..services import statement
from .credential_letter import ADDRESS_TOP, ADDRESS_X, family_address_lines
from .pages import FONT, FONT_BOLD, Ink, commune_heading, gc_paused, register_fonts, width, wrap
from .progress import ProgressSink, step

DRAFT_MARK = "Aperçu — non émise"
PLAIN_LINE = "Prestations"  # a line whose label only names its service and child
ZERO = Decimal("0.00")
BATCH = 500  # invoices read together (a fixed number of queries each)

# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class DocLine:
    label: str
    days: str  # "du 02/11 au 27/11", "le 04/11", ""
    detail: str  # the bracket and the reduction
    quantity: str  # "12", "1,50"
    unit_price: str  # "4,15 €"
    amount: str  # "49,80 €"


@dataclass(frozen=True)
class DocGroup:
    title: str  # "Léa Dupont — Restauration scolaire"
    lines: tuple[DocLine, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class DocUnpaid:
    number: str
    issued_on: dt.date
    due_on: dt.date
    remaining: Decimal


@dataclass
class InvoiceDoc:
    """One document as it prints (plain values, no ORM object)."""

    kind: InvoiceKind
    number: str  # "" for a preview
    issued_on: dt.date
    due_on: dt.date
    period: str  # "Novembre 2026"
    family_number: str
    address: list[str]  # name, street, town
    groups: list[DocGroup]
    total: Decimal
    unpaid: list[DocUnpaid] = field(default_factory=list)  # earlier invoices, at the issue date
    balance: Decimal = ZERO  # at the issue date, this document included
    mandate: str = ""  # the SEPA mandate's reference when the family pays by direct debit
    corrects: str = ""  # a credit note: "AL-36 du 08/04/2015"
    reason: str = ""  # a credit note's reason

    @property
    def draft(self) -> bool:
        return not self.number

    @property
    def credit_note(self) -> bool:
        return self.kind is InvoiceKind.CREDIT_NOTE

    @property
    def kind_label(self) -> str:
        return "Avoir" if self.credit_note else "Facture"

    @property
    def reference(self) -> str:
        """ "Facture n° AL-36", "Avoir n° AL-40", "Facture — Aperçu — non émise"."""
        if self.draft:
            return f"{self.kind_label} — {DRAFT_MARK}"
        return f"{self.kind_label} n° {self.number}"


@dataclass(frozen=True)
class CommuneDoc:
    """What every document of a file shares (read once)."""

    heading: str  # "Mairie d'Alix"
    address: tuple[str, ...]
    contact: str  # "Tél. 04.78.43.91.68 · mairie@alix-village.fr"
    logo: bytes | None
    issuer: str  # "Le Maire, Jean Durand"
    regie_hours: str
    payment: str  # how to pay (the commune's text or the default)
    contest: str

    @classmethod
    def of(cls, settings: CommuneSettings | None) -> CommuneDoc:
        if settings is None:
            settings = CommuneSettings(name="", address="", contact_phone="", contact_email="")
        name = settings.name or ""
        contact = " · ".join(
            p
            for p in (
                f"Tél. {formatting.phone(settings.contact_phone)}"
                if settings.contact_phone
                else "",
                settings.contact_email or "",
            )
            if p
        )
        title = texts.issuer_title(_Settings(settings))
        issuer_name = (settings.issuer_name or "").strip()
        payment = texts.payment_instructions(_Settings(settings))
        if texts.CHEQUE_PAYEE.casefold() not in payment.casefold():
            payment += f" Les chèques sont à libeller à l'ordre du {texts.CHEQUE_PAYEE}."
        return cls(
            heading=commune_heading(name),
            address=tuple(
                line.strip() for line in (settings.address or "").splitlines() if line.strip()
            ),
            contact=contact,
            logo=settings.logo or None,
            issuer=f"{title}, {issuer_name}" if issuer_name else title,
            regie_hours=(settings.regie_hours or "").strip(),
            payment=payment,
            contest=texts.contest_notice(_Settings(settings)),
        )


class _Settings:
    """The settings' texts with None read as "" (a settings row made in memory)."""

    def __init__(self, settings: CommuneSettings) -> None:
        self.issuer_title = settings.issuer_title or ""
        self.payment_instructions = settings.payment_instructions or ""
        self.contest_notice = settings.contest_notice or ""


# Amounts, prices and the texts of the lines come back on invoice after invoice: babel's
# formatting (0.2 ms an amount) and the wrapping are asked once per distinct value.
_money = lru_cache(maxsize=1 << 16)(formatting.money)


@lru_cache(maxsize=1 << 14)
def _wrap(text: str, font: str, size: float, room: float) -> tuple[str, ...]:
    return tuple(wrap(text, font, size, room))


def _period(start: dt.date, end: dt.date) -> str:
    """ "Novembre 2026" for a whole month, "du 01/11/2026 au 15/12/2026" otherwise."""
    next_month = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if start.day == 1 and end == next_month - dt.timedelta(days=1):
        return formatting.month_title(start)
    if start == end:
        return formatting.short_date(start)
    return f"du {formatting.short_date(start)} au {formatting.short_date(end)}"


def _days(first: dt.date | None, last: dt.date | None) -> str:
    if first is None:
        return ""
    if last is None or last == first:
        return f"le {first:%d/%m}"
    return f"du {first:%d/%m} au {last:%d/%m}"


def _quantity(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return formatting.number(value)


def _percent(value: Decimal) -> str:
    return f"{_quantity(value)} %"


def _detail(detail: str, reduction: Decimal) -> str:
    detail = (detail or "").strip()
    if reduction and reduction > 0 and "%" not in detail:
        reduction_text = f"réduction de {_percent(reduction)}"
        detail = f"{detail}, {reduction_text}" if detail else reduction_text.capitalize()
    return detail


def _designation(label: str, service: str, child_first_name: str, kind: Any) -> str:
    """The line's label without what its group's title already says: "Restauration scolaire —
    réservé et présent" under "LÉA DUPONT — Restauration scolaire" reads "Réservé et présent";
    a label that says nothing more ("Restauration scolaire — Léa", the demo's) gives the kind's
    label, or "Prestations" without a kind."""
    text = label.strip()
    for sep in (" — ", " - ", " : "):
        head = f"{service}{sep}"
        if service and text.casefold().startswith(head.casefold()):
            text = text[len(head) :].strip()
            break
    if not text or (child_first_name and text.casefold() == child_first_name.casefold()):
        return kind.label if kind is not None else PLAIN_LINE
    return text[0].upper() + text[1:]


def _line(
    label: str,
    first: dt.date | None,
    last: dt.date | None,
    detail: str,
    quantity: Decimal,
    unit_price: Decimal,
    reduction: Decimal,
    amount: Decimal,
) -> DocLine:
    return DocLine(
        label=label,
        days=_days(first, last),
        detail=_detail(detail, reduction),
        quantity=_quantity(quantity),
        unit_price=_money(unit_price),
        amount=_money(amount),
    )


def _groups(rows: list[tuple[str, str, DocLine, Decimal]]) -> list[DocGroup]:
    """(child, service, line, amount) rows grouped by child then service, in the order the
    children and the services first come; lines without a child or a service last."""
    order: dict[tuple[str, str], list[tuple[DocLine, Decimal]]] = {}
    for child, service, line, amount in rows:
        order.setdefault((child, service), []).append((line, amount))
    keys = sorted(order, key=lambda k: (not k[0], not k[1]))  # stable: first come first
    groups = []
    for child, service in keys:
        members = order[(child, service)]
        title = " — ".join(p for p in (child, service) if p) or "Autres"
        groups.append(
            DocGroup(
                title,
                tuple(line for line, _ in members),
                sum((amount for _, amount in members), ZERO),
            )
        )
    return groups


def _address(family_number: str, guardian: Any) -> list[str]:
    """The credential letter's address lines (one rule for the window envelope)."""
    primary = None
    if guardian is not None and guardian.last_name:
        primary = guardian
    return family_address_lines(
        SimpleNamespace(primary=primary, family_number=family_number)  # type: ignore[arg-type]
    )


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


_IDS = bindparam("ids", expanding=True)


def _families(session: Session, family_ids: list[int]) -> dict[int, Any]:
    """Each family's number, mandate and primary guardian's name and address."""
    if not family_ids:
        return {}
    rows = session.execute(
        select(
            Family.id,
            Family.family_number,
            Family.mandate_reference,
            Family.direct_debit,
            Guardian.civility,
            Guardian.last_name,
            Guardian.first_name,
            Guardian.address,
            Guardian.postal_code,
            Guardian.city,
        )
        .outerjoin(
            Guardian,
            and_(Guardian.family_id == Family.id, Guardian.role == GuardianRole.PRIMARY),
        )
        .where(Family.id.in_(_IDS)),
        {"ids": sorted(family_ids)},
    )
    return {row.id: row for row in rows}


def _accounts(
    session: Session, family_ids: list[int]
) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """Every document and payment of the families (statement's columns), by family."""
    documents: dict[int, list[Any]] = {f: [] for f in family_ids}
    payments: dict[int, list[Any]] = {f: [] for f in family_ids}
    if not family_ids:
        return documents, payments
    params = {"ids": sorted(family_ids)}
    for row in session.execute(
        select(
            Invoice.family_id,
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.issued_on,
            Invoice.due_on,
            Invoice.total,
            Invoice.corrects_invoice_id,
        )
        .where(Invoice.family_id.in_(_IDS))
        .order_by(Invoice.issued_on, Invoice.id),
        params,
    ):
        documents[row.family_id].append(row)
    for row in session.execute(
        select(Payment.family_id, Payment.invoice_id, Payment.received_on, Payment.amount).where(
            Payment.family_id.in_(_IDS)
        ),
        params,
    ):
        payments[row.family_id].append(row)
    return documents, payments


def _account(
    documents: list[Any], payments: list[Any], at: dt.date, this_id: int | None, extra: Decimal
) -> tuple[list[DocUnpaid], Decimal]:
    """The earlier unpaid invoices at `at` (statement's rule, this document left out) and the
    balance at `at` (payments minus documents issued by then; `extra`: a preview's total)."""
    unpaid = [
        DocUnpaid(u.invoice.number, u.invoice.issued_on, u.invoice.due_on, u.remaining)
        for u in statement.unpaid_from(documents, payments, at)
        if u.invoice.id != this_id
    ]
    paid = sum((p.amount for p in payments if p.received_on <= at), ZERO)
    invoiced = sum((d.total for d in documents if d.issued_on <= at), ZERO)
    return unpaid, (paid - invoiced - extra).quantize(Decimal("0.01"))


def _read(session: Session, invoice_ids: Sequence[int]) -> list[InvoiceDoc]:
    """The documents of `invoice_ids`, in that order (ids that are no invoice are left out)."""
    return [doc for _, doc in _read_ids(session, invoice_ids)]


def _read_ids(session: Session, invoice_ids: Sequence[int]) -> list[tuple[int, InvoiceDoc]]:
    if not invoice_ids:
        return []
    corrected = aliased(Invoice)
    params = {"ids": sorted(set(invoice_ids))}
    invoices = {
        row.id: row
        for row in session.execute(
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
                Invoice.reason,
                corrected.number.label("corrects_number"),
                corrected.issued_on.label("corrects_issued_on"),
            )
            .outerjoin(corrected, corrected.id == Invoice.corrects_invoice_id)
            .where(Invoice.id.in_(_IDS)),
            params,
        )
    }
    lines: dict[int, list[tuple[str, str, DocLine, Decimal]]] = {i: [] for i in invoices}
    for row in session.execute(
        select(
            InvoiceLine.invoice_id,
            InvoiceLine.kind,
            InvoiceLine.label,
            InvoiceLine.detail,
            InvoiceLine.first_day,
            InvoiceLine.last_day,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.reduction_pct,
            InvoiceLine.amount,
            Child.first_name,
            Child.last_name,
            Service.name.label("service_name"),
        )
        .outerjoin(Child, Child.id == InvoiceLine.child_id)
        .outerjoin(Service, Service.id == InvoiceLine.service_id)
        .where(InvoiceLine.invoice_id.in_(_IDS))
        .order_by(InvoiceLine.invoice_id, InvoiceLine.id),
        params,
    ):
        child = f"{row.first_name} {row.last_name}" if row.first_name else ""
        line = _line(
            _designation(row.label, row.service_name or "", row.first_name or "", row.kind),
            row.first_day,
            row.last_day,
            row.detail,
            row.quantity,
            row.unit_price,
            row.reduction_pct,
            row.amount,
        )
        lines[row.invoice_id].append((child, row.service_name or "", line, row.amount))
    family_ids = sorted({row.family_id for row in invoices.values()})
    families = _families(session, family_ids)
    documents, payments = _accounts(session, family_ids)
    docs = []
    for invoice_id in invoice_ids:
        row = invoices.get(invoice_id)
        if row is None:
            continue
        family = families[row.family_id]
        unpaid, balance = _account(
            documents[row.family_id], payments[row.family_id], row.issued_on, row.id, ZERO
        )
        docs.append(
            (
                row.id,
                InvoiceDoc(
                    kind=row.kind,
                    number=row.number,
                    issued_on=row.issued_on,
                    due_on=row.due_on,
                    period=_period(row.period_start, row.period_end),
                    family_number=family.family_number,
                    address=_address(family.family_number, family),
                    groups=_groups(lines[row.id]),
                    total=row.total,
                    unpaid=unpaid,
                    balance=balance,
                    mandate=family.mandate_reference
                    if family.direct_debit and family.mandate_reference
                    else "",
                    corrects=(
                        f"{row.corrects_number} du {formatting.short_date(row.corrects_issued_on)}"
                        if row.corrects_number
                        else ""
                    ),
                    reason=row.reason or "",
                ),
            )
        )
    return docs


def _draft_doc(
    session: Session, draft: FamilyDraft, month: dt.date, issued_on: dt.date
) -> InvoiceDoc:
    settings = session.get(CommuneSettings, 1)
    due_days = settings.invoice_due_days if settings is not None else 22
    families = _families(session, [draft.family_id])
    family = families.get(draft.family_id)
    if family is None:
        raise NotFoundError("Cette famille n'existe pas ou a été supprimée.")
    child_ids = sorted({line.child_id for line in draft.lines})
    children = (
        dict(
            session.execute(
                select(Child.id, Child.last_name).where(Child.id.in_(_IDS)), {"ids": child_ids}
            )
            .tuples()
            .all()
        )
        if child_ids
        else {}
    )
    rows = []
    for line in draft.lines:
        days = sorted(line.days)
        child = f"{line.child_name} {children.get(line.child_id, '')}".strip()
        rows.append(
            (
                child,
                line.service_name,
                _line(
                    _designation(line.label, line.service_name, line.child_name, line.kind),
                    days[0] if days else None,
                    days[-1] if days else None,
                    line.detail,
                    line.quantity,
                    line.unit_price,
                    line.reduction_pct,
                    line.amount,
                ),
                line.amount,
            )
        )
    documents, payments = _accounts(session, [draft.family_id])
    unpaid, balance = _account(
        documents[draft.family_id], payments[draft.family_id], issued_on, None, draft.total
    )
    start = month.replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return InvoiceDoc(
        kind=InvoiceKind.INVOICE,
        number="",
        issued_on=issued_on,
        due_on=issued_on + dt.timedelta(days=due_days),
        period=_period(start, end),
        family_number=family.family_number,
        address=_address(family.family_number, family),
        groups=_groups(rows),
        total=draft.total,
        unpaid=unpaid,
        balance=balance,
        mandate=family.mandate_reference
        if family.direct_debit and family.mandate_reference
        else "",
    )


# --------------------------------------------------------------------------- the layout

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 15 * mm
RIGHT = PAGE_WIDTH - 15 * mm
TOP = PAGE_HEIGHT - 12 * mm
FOOT = 9 * mm  # the page's foot line
SIZE = 7.8  # the table's text
SMALL = 7.0
DETAIL = 6.6  # the basis of an amount (bracket, reduction)
LEADING = 3.2 * mm
DETAIL_LEADING = 2.7 * mm
PAD = 0.8 * mm
ROW = LEADING + 2 * PAD  # a one-line row
HEAD_ROW = 5.5 * mm
GROUP_ROW = 5.2 * mm
TOTAL_ROW = 8 * mm
TABLE_TOP_FIRST = PAGE_HEIGHT - 90 * mm
TABLE_TOP_NEXT = PAGE_HEIGHT - 52 * mm
BODY_BOTTOM = FOOT + 8 * mm  # where the lines stop on a page that is not the last
BLOCK_W = (RIGHT - LEFT - 6 * mm) / 2  # the account and how to pay, side by side
MAX_UNPAID = 5
LOGO_W, LOGO_H = 32 * mm, 22 * mm
FILL_GREY = 0.9

# (key, title, width, align)
COLUMNS = (
    ("label", "Désignation", 54 * mm, "left"),
    ("days", "Jours", 26 * mm, "left"),
    ("detail", "Base de calcul", 52 * mm, "left"),
    ("quantity", "Qté", 10 * mm, "right"),
    ("unit_price", "Prix unit.", 18 * mm, "right"),
    ("amount", "Montant", 18 * mm, "right"),
)
_EDGES = [LEFT]
for _column in COLUMNS:
    _EDGES.append(_EDGES[-1] + _column[2])
_EDGES[-1] = RIGHT


def _fit(text: str, font: str, size: float, room: float) -> str:
    if width(text, font, size) <= room:
        return text
    while text and width(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass
class _Row:
    kind: str  # "group", "line", "empty"
    height: float
    cells: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    subtotal: str = ""


# key: (font size, leading, most lines)
CELL_STYLE = {
    "label": (SIZE, LEADING, 2),
    "days": (SMALL, LEADING, 1),
    "detail": (DETAIL, DETAIL_LEADING, 2),
    "quantity": (SIZE, LEADING, 1),
    "unit_price": (SIZE, LEADING, 1),
    "amount": (SIZE, LEADING, 1),
}


@lru_cache(maxsize=1 << 14)
def _line_row(line: DocLine) -> _Row:
    """A line's cells as they print (the same lines come back on many invoices)."""
    cells: dict[str, list[str]] = {}
    height = 0.0
    for key, _, room, _ in COLUMNS:
        value = getattr(line, key)
        size, leading, most = CELL_STYLE[key]
        if most > 1:
            lines = list(_wrap(value, FONT, size, room - 2 * PAD)[:most])
            if len(lines) == most and len(_wrap(value, FONT, size, room - 2 * PAD)) > most:
                lines[-1] = _fit(lines[-1] + "…", FONT, size, room - 2 * PAD)
        else:
            lines = [_fit(value, FONT, size, room - 2 * PAD)]
        cells[key] = lines
        height = max(height, len(lines) * leading)
    return _Row("line", height + 2 * PAD, cells)


def _rows(doc: InvoiceDoc) -> list[_Row]:
    rows: list[_Row] = []
    for group in doc.groups:
        rows.append(
            _Row(
                "group",
                GROUP_ROW,
                title=group.title,
                subtotal=_money(group.subtotal) if len(group.lines) > 1 else "",
            )
        )
        rows.extend(_line_row(line) for line in group.lines)
    if not rows:
        rows.append(_Row("empty", ROW))
    return rows


@dataclass
class _Page:
    rows: list[_Row]
    continued_group: str = ""  # the group whose lines go on from the page before
    last: bool = False


def _paginate(rows: list[_Row], tail_limit: float) -> list[_Page]:
    """The rows on pages: on the last page they must end above `tail_limit` (the total, the
    account, how to pay and the mentions under them), on the others above BODY_BOTTOM. A
    group's title never ends a page; a group going on gets its title again."""
    pages: list[_Page] = []
    index = 0
    group_title = ""
    while True:
        top = (TABLE_TOP_FIRST if not pages else TABLE_TOP_NEXT) - HEAD_ROW
        continued = ""
        if pages and index < len(rows) and rows[index].kind == "line" and group_title:
            continued = group_title
            top -= GROUP_ROW
        remaining = sum(r.height for r in rows[index:])
        if top - remaining >= tail_limit:
            pages.append(_Page(rows[index:], continued, last=True))
            return pages
        page_rows: list[_Row] = []
        y = top
        while index < len(rows) and y - rows[index].height >= BODY_BOTTOM:
            row = rows[index]
            if row.kind == "group":
                following = rows[index + 1] if index + 1 < len(rows) else None
                after = y - row.height - (following.height if following else 0)
                if following is not None and following.kind == "line" and after < BODY_BOTTOM:
                    break  # the title goes with its first line, on the next page
                group_title = row.title
            page_rows.append(row)
            y -= row.height
            index += 1
        if not page_rows and not continued:  # a row taller than a page: place it anyway
            page_rows.append(rows[index])
            index += 1
        pages.append(_Page(page_rows, continued))
        if index >= len(rows):
            # everything is placed but the tail does not fit under it: the tail alone
            pages.append(_Page([], "", last=True))
            return pages


class _Painter:
    """Draws documents on one canvas (one or many: the run's file)."""

    def __init__(self, canvas: Canvas, commune: CommuneDoc) -> None:
        self.c = canvas
        self.commune = commune
        self.ink = Ink(canvas)
        self.logo = _logo(commune.logo)
        self._forms: set[str] = set()
        self.payment_lines = wrap(commune.payment, FONT, SMALL, BLOCK_W)
        if commune.regie_hours:
            self.payment_lines += wrap(
                formatting.french_spacing(f"Horaires de la régie : {commune.regie_hours}"),
                FONT,
                SMALL,
                BLOCK_W,
            )
        self.contest_lines = wrap(commune.contest, FONT, 6.6, RIGHT - LEFT)
        self.mentions_h = 4 * mm + 3.8 * mm + len(self.contest_lines) * 2.9 * mm
        self.blocks_h = 5 * mm + max(
            (MAX_UNPAID + 4) * 3.3 * mm, (len(self.payment_lines) + 4) * 3.1 * mm
        )
        self.mentions_top = FOOT + 5 * mm + self.mentions_h
        self.blocks_top = self.mentions_top + 3 * mm + self.blocks_h
        self.tail_limit = self.blocks_top + 3 * mm + TOTAL_ROW

    # ------------------------------------------------------------------ shared forms

    def _form(self, name: str, draw: Any) -> None:
        """Place the form `name`, drawn by `draw()` the first time (the page's ink must be
        flushed first: the form's operators are its own)."""
        if name not in self._forms:
            self.ink.flush()
            self.c.beginForm(name)
            draw()
            self.ink.flush(fill_grey=FILL_GREY)
            self.c.endForm()
            self._forms.add(name)
        self.ink.flush(fill_grey=FILL_GREY)
        self.c.doForm(name)

    def _draw_header(self) -> None:
        ink, commune = self.ink, self.commune
        x = LEFT
        if self.logo is not None:
            image, w, h = self.logo
            self.c.drawImage(image, LEFT, TOP - h, w, h, mask="auto")
            x = LEFT + w + 4 * mm
        y = TOP - 4 * mm
        ink.text(x, y, commune.heading, font=FONT_BOLD, size=12)
        y -= 4.6 * mm
        for line in (*commune.address, commune.contact):
            if line:
                ink.text(x, y, _fit(line, FONT, 8, 95 * mm), size=8)
                y -= 3.6 * mm

    def _draw_column_heads(self, top: float) -> None:
        ink = self.ink
        ink.rect(LEFT, top - HEAD_ROW, RIGHT - LEFT, HEAD_ROW)
        ink.line(LEFT, top, RIGHT, top)
        ink.line(LEFT, top - HEAD_ROW, RIGHT, top - HEAD_ROW)
        for (_, title, _, align), x, x2 in zip(COLUMNS, _EDGES, _EDGES[1:], strict=False):
            ink.text(
                x2 - PAD if align == "right" else x + PAD,
                top - HEAD_ROW + 2 * mm,
                title,
                font=FONT_BOLD,
                size=7.5,
                align=align,
            )

    def _draw_payment(self, credit_note: bool) -> None:
        ink = self.ink
        x = LEFT + BLOCK_W + 6 * mm
        y = self.blocks_top - 4 * mm
        if credit_note:
            ink.text(x, y, "Cet avoir", font=FONT_BOLD, size=8.5)
            lines = wrap(
                "Son montant est déduit de la facture qu'il corrige. Ce que vous auriez déjà "
                "payé en trop est déduit de vos prochaines factures ou vous est remboursé par "
                "le Trésor public.",
                FONT,
                SMALL,
                BLOCK_W,
            )
        else:
            ink.text(x, y, "Comment régler", font=FONT_BOLD, size=8.5)
            lines = self.payment_lines
        y -= 4.2 * mm
        for line in lines:
            ink.text(x, y, line, size=SMALL)
            y -= 3.1 * mm

    def _draw_mentions(self) -> None:
        ink = self.ink
        y = self.mentions_top
        ink.line(LEFT, y + 1.5 * mm, RIGHT, y + 1.5 * mm)
        y -= 2.5 * mm
        ink.text(
            LEFT,
            y,
            formatting.french_spacing(f"Ordonnateur : {self.commune.issuer}"),
            font=FONT_BOLD,
            size=7,
        )
        y -= 3.8 * mm
        ink.text(LEFT, y, "Voies et délais de recours", font=FONT_BOLD, size=6.6)
        y -= 2.9 * mm
        for line in self.contest_lines:
            ink.text(LEFT, y, line, size=6.6, grey=0.15)
            y -= 2.9 * mm

    # ------------------------------------------------------------------ one document

    def document(self, doc: InvoiceDoc) -> None:
        pages = _paginate(_rows(doc), self.tail_limit)
        for number, page in enumerate(pages, start=1):
            self._page(doc, page, number, len(pages))

    def _page(self, doc: InvoiceDoc, page: _Page, number: int, total: int) -> None:
        ink = self.ink
        self._form("header", self._draw_header)
        # the document's kind and number, top right
        ink.text(
            RIGHT, TOP - 6 * mm, doc.kind_label.upper(), font=FONT_BOLD, size=18, align="right"
        )
        ink.text(
            RIGHT,
            TOP - 12 * mm,
            DRAFT_MARK if doc.draft else f"N° {doc.number}",
            font=FONT_BOLD,
            size=11,
            align="right",
        )
        if number == 1:
            self._identity(doc)
            table_top = TABLE_TOP_FIRST
        else:
            ink.text(LEFT, TOP - 30 * mm, f"{doc.reference} (suite)", font=FONT_BOLD, size=11)
            ink.text(LEFT, TOP - 35 * mm, _fit(doc.address[0], FONT, 8.5, 120 * mm), size=8.5)
            table_top = TABLE_TOP_NEXT
        self._form(
            "column_heads_first" if number == 1 else "column_heads_next",
            lambda: self._draw_column_heads(table_top),
        )
        y = table_top - HEAD_ROW
        if page.continued_group:
            y = self._group_row(
                _Row("group", GROUP_ROW, title=f"{page.continued_group} (suite)"), y
            )
        for row in page.rows:
            if row.kind == "group":
                y = self._group_row(row, y)
            elif row.kind == "line":
                y = self._draw_line(row, y)
            else:
                ink.text(LEFT + PAD, y - PAD - SIZE * 0.85, "Aucune ligne.", size=SIZE, grey=0.3)
                y -= row.height
                ink.line(LEFT, y, RIGHT, y)
        if page.rows or page.continued_group:
            for x in (LEFT, RIGHT):
                ink.line(x, table_top, x, y)
        if page.last:
            self._tail(doc, y)
        # the foot
        ink.text(LEFT, FOOT, f"{self.commune.heading} — {doc.reference}", size=7, grey=0.35)
        ink.text(RIGHT, FOOT, f"page {number} / {total}", size=7.5, align="right")
        ink.flush(fill_grey=FILL_GREY)
        self.c.showPage()

    def _identity(self, doc: InvoiceDoc) -> None:
        """The document's references (left) and the family's address (the window, right)."""
        ink = self.ink
        y = PAGE_HEIGHT - ADDRESS_TOP
        ink.text(LEFT, y, doc.reference, font=FONT_BOLD, size=12)
        y -= 6 * mm
        facts = [
            (formatting.french_spacing("Date d'émission :"), formatting.short_date(doc.issued_on))
        ]
        if not doc.credit_note:
            facts.append(
                (formatting.french_spacing("Date d'échéance :"), formatting.short_date(doc.due_on))
            )
        facts.append((formatting.french_spacing("Période :"), doc.period))
        facts.append((formatting.french_spacing("N° famille :"), doc.family_number))
        if doc.credit_note and doc.corrects:
            facts.append((formatting.french_spacing("Facture corrigée :"), doc.corrects))
        for label, value in facts:
            ink.text(LEFT, y, label, size=8.5)
            ink.text(LEFT + 30 * mm, y, value, font=FONT_BOLD, size=8.5)
            y -= 4.4 * mm
        if doc.credit_note and doc.reason:
            label = formatting.french_spacing("Motif :")
            ink.text(LEFT, y, label, size=8.5)
            for line in wrap(doc.reason, FONT, 8.5, ADDRESS_X - LEFT - 36 * mm)[:3]:
                ink.text(LEFT + 30 * mm, y, line, size=8.5)
                y -= 3.8 * mm
        # the window
        y = PAGE_HEIGHT - ADDRESS_TOP
        for index, line in enumerate(doc.address[:5]):
            font = FONT_BOLD if index == 0 else FONT
            ink.text(ADDRESS_X, y, _fit(line, font, 10.5, RIGHT - ADDRESS_X), font=font, size=10.5)
            y -= 5 * mm

    def _group_row(self, row: _Row, y: float) -> float:
        ink = self.ink
        bottom = y - row.height
        base = bottom + 1.8 * mm
        room = _EDGES[-2] - LEFT - 2 * PAD
        ink.text(LEFT + PAD, base, _fit(row.title, FONT_BOLD, 8.5, room), font=FONT_BOLD, size=8.5)
        if row.subtotal:
            ink.text(RIGHT - PAD, base, row.subtotal, font=FONT_BOLD, size=SIZE, align="right")
        ink.line(LEFT, bottom, RIGHT, bottom)
        return bottom

    def _draw_line(self, row: _Row, y: float) -> float:
        ink = self.ink
        top = y - PAD
        for (key, _, _, align), x, x2 in zip(COLUMNS, _EDGES, _EDGES[1:], strict=False):
            lines = row.cells[key]
            size, leading, _ = CELL_STYLE[key]
            first = top - SIZE * 0.82  # one baseline for the whole row
            if align == "right":
                for i, value in enumerate(lines):
                    ink.text(x2 - PAD, first - i * leading, value, size=size, align="right")
            elif size == SIZE:
                ink.lines(x + PAD, first, ((v, FONT, 0.0) for v in lines), leading, size)
            else:
                for i, value in enumerate(lines):
                    ink.text(x + PAD, first - i * leading, value, size=size, grey=0.2)
        bottom = y - row.height
        ink.line(LEFT + PAD, bottom, RIGHT - PAD, bottom)
        return bottom

    def _tail(self, doc: InvoiceDoc, y: float) -> None:
        ink = self.ink
        # the total, right under the lines
        top = y
        bottom = top - TOTAL_ROW
        ink.rect(LEFT, bottom, RIGHT - LEFT, TOTAL_ROW)
        for line_y in (top, bottom):
            ink.line(LEFT, line_y, RIGHT, line_y)
        ink.line(LEFT, top, LEFT, bottom)
        ink.line(RIGHT, top, RIGHT, bottom)
        label = (
            "Montant de l'avoir"
            if doc.credit_note
            else "Total (aperçu)"
            if doc.draft
            else "Total à payer"
        )
        base = bottom + 2.7 * mm
        ink.text(_EDGES[-2] - 4 * mm, base, label, font=FONT_BOLD, size=10, align="right")
        ink.text(RIGHT - PAD, base, _money(doc.total), font=FONT_BOLD, size=10, align="right")
        # the family's account, left
        x = LEFT
        y = self.blocks_top - 4 * mm
        ink.text(
            x,
            y,
            f"Votre compte au {formatting.short_date(doc.issued_on)}",
            font=FONT_BOLD,
            size=8.5,
        )
        y -= 4.2 * mm
        if doc.unpaid:
            ink.text(
                x,
                y,
                formatting.french_spacing("Factures précédentes restant à régler :"),
                size=SMALL,
            )
            y -= 3.3 * mm
            shown = doc.unpaid if len(doc.unpaid) <= MAX_UNPAID else doc.unpaid[: MAX_UNPAID - 1]
            for unpaid in shown:
                ink.text(
                    x + 2 * mm,
                    y,
                    f"{unpaid.number} du {formatting.short_date(unpaid.issued_on)}, "
                    f"échéance {formatting.short_date(unpaid.due_on)}",
                    size=SMALL,
                )
                ink.text(x + BLOCK_W, y, _money(unpaid.remaining), size=SMALL, align="right")
                y -= 3.3 * mm
            others = doc.unpaid[len(shown) :]
            if others:
                ink.text(x + 2 * mm, y, f"et {len(others)} autres factures", size=SMALL)
                ink.text(
                    x + BLOCK_W,
                    y,
                    _money(sum((u.remaining for u in others), ZERO)),
                    size=SMALL,
                    align="right",
                )
                y -= 3.3 * mm
            ink.text(x, y, "Total des factures précédentes", font=FONT_BOLD, size=SMALL)
            ink.text(
                x + BLOCK_W,
                y,
                _money(sum((u.remaining for u in doc.unpaid), ZERO)),
                font=FONT_BOLD,
                size=SMALL,
                align="right",
            )
        else:
            ink.text(x, y, "Aucune facture précédente ne reste à régler.", size=SMALL)
        y -= 4.6 * mm
        included = (
            "cet avoir compris"
            if doc.credit_note
            else "cet aperçu compris"
            if doc.draft
            else "cette facture comprise"
        )
        ink.text(x, y, formatting.french_spacing(f"Solde ({included}) :"), size=SMALL)
        ink.text(x + BLOCK_W, y, _money(doc.balance), font=FONT_BOLD, size=8, align="right")
        y -= 3.3 * mm
        if doc.balance < 0:
            note = "montant restant à régler"
        elif doc.balance > 0:
            note = "somme en votre faveur"
        else:
            note = "compte soldé"
        ink.text(x, y, f"({note})", size=SMALL, grey=0.3)
        # how to pay, right: the commune's text is the same on every invoice (a form)
        self._form(
            "credit_note" if doc.credit_note else "payment",
            lambda: self._draw_payment(doc.credit_note),
        )
        if doc.mandate and not doc.credit_note:
            lines = wrap(
                f"Vous avez choisi le prélèvement : cette facture sera prélevée à l'échéance "
                f"du {formatting.short_date(doc.due_on)} (mandat {doc.mandate}), vous n'avez "
                "rien à faire.",
                FONT_BOLD,
                SMALL,
                BLOCK_W,
            )
            y = self.blocks_top - 8.2 * mm - len(self.payment_lines) * 3.1 * mm - 1.5 * mm
            for line in lines[:3]:
                ink.text(LEFT + BLOCK_W + 6 * mm, y, line, font=FONT_BOLD, size=SMALL)
                y -= 3.1 * mm
        self._form("mentions", self._draw_mentions)


def _logo(data: bytes | None) -> tuple[ImageReader, float, float] | None:
    """The commune's logo scaled into its box; None without one (or when it is no image)."""
    if not data:
        return None
    try:
        image = ImageReader(io.BytesIO(data))
        w, h = image.getSize()
    except Exception:  # noqa: BLE001 (a broken logo prints no logo, never fails the invoice)
        return None
    if not w or not h:
        return None
    scale = min(LOGO_W / w, LOGO_H / h)
    return image, w * scale, h * scale


@gc_paused()
def _render(
    commune: CommuneDoc,
    batches: Iterator[list[InvoiceDoc]],
    title: str,
    progress: ProgressSink | None = None,
    total: int = 0,
) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
    canvas.setTitle(title)
    canvas.setAuthor(commune.heading)
    canvas.setSubject("Facturation")
    painter = _Painter(canvas, commune)
    done = 0
    for docs in batches:
        for doc in docs:
            painter.document(doc)
            done += 1
            if progress is not None and (done % 20 == 0 or done == total):
                step(progress, done, total, f"Facture {done} / {total}")
    if done == 0:  # an empty file still opens: one page that says so
        painter.ink.text(LEFT, TOP, "Aucune facture à imprimer.", size=11)
        painter.ink.flush()
        canvas.showPage()
    step(progress, done, total, "Enregistrement du document")
    canvas.save()
    return buffer.getvalue()


def _commune(session: Session) -> CommuneDoc:
    return CommuneDoc.of(session.get(CommuneSettings, 1))


def invoice_pdf(session: Session, invoice_id: int) -> bytes:
    """One issued invoice or credit note, as it prints."""
    docs = _read(session, [invoice_id])
    if not docs:
        raise NotFoundError("Cette facture n'existe pas.")
    return _render(_commune(session), iter([docs]), docs[0].reference)


def each_invoice_pdf(
    session: Session, invoice_ids: Sequence[int]
) -> Iterator[tuple[int, Callable[[], bytes]]]:
    """(id, what makes its own PDF) of each invoice of `invoice_ids`, read by batches (the
    sending: one file per e-mail, without a query per invoice; a document that fails to draw
    does not stop the others); ids that are no invoice are left out."""
    commune = _commune(session)
    for chunk in _chunks(list(invoice_ids), BATCH):
        for invoice_id, doc in _read_ids(session, chunk):
            yield invoice_id, partial(_render, commune, iter([[doc]]), doc.reference)


def invoices_pdf(
    session: Session, invoice_ids: Sequence[int], progress: ProgressSink | None = None
) -> bytes:
    """Several documents in one PDF (the run's printing), in the order given."""
    ids = list(invoice_ids)
    step(progress, 0, len(ids), "Lecture des factures…")
    batches = (_read(session, chunk) for chunk in _chunks(ids, BATCH))
    return _render(_commune(session), batches, "Factures", progress, len(ids))


def draft_pdf(
    session: Session, draft: FamilyDraft, month: dt.date, issued_on: dt.date | None = None
) -> bytes:
    """A family's invoice of the preview, as it will print ("Aperçu" instead of a number)."""
    doc = _draft_doc(session, draft, month, issued_on or clock.today())
    return _render(_commune(session), iter([[doc]]), doc.reference)


__all__ = ["DRAFT_MARK", "draft_pdf", "each_invoice_pdf", "invoice_pdf", "invoices_pdf"]
