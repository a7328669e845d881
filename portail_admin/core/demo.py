"""The demo commune (Alix, Rhône): `portail-admin demo [--families N] [--replace]`.

It loads the reference commune of DOMAIN.md: settings, structures and services with dated
tariffs, the calendar, staff accounts, the DUPONT family exactly as the parents' manual shows
it (record, April 2015 planning, unpaid invoice AL-36, one unread message, portal login), and
generated families booked through the current school year. Every finished month is invoiced
as a run would have: priced by core.billing.pricing on the days the planning rules bill, each
billed day recorded (BilledDay) and its cell locked with the invoice's number. Everything is
deterministic: the generator draws from fixed seeds, dates follow `clock.today()` and no
instant (a request, a message, its reading) is after `clock.now()`.

The small commune (40 families) goes through the ORM services, so the change log is written as
for any staff action. A large commune (`--families 3500`: about 5,000 children and a million
planning cells) is written with bulk inserts, for the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from . import clock, passwords
from .billing.pricing import DAY_KINDS, LineDraft, line_label
from .changefeed import record_bulk_change
from .db import PortailSession, transaction
from .demo_data import reference as ref
from .demo_data.generator import (
    TARIFFS,
    Cell,
    FamilySpec,
    SchoolYear,
    YearSpec,
    bill_year,
    make_family,
    month_invoice,
    plan_year,
)
from .models import (
    AuthorisedPerson,
    Base,
    BilledDay,
    CalendarPeriod,
    Child,
    CommuneSettings,
    Enrolment,
    Family,
    Guardian,
    HealthRecord,
    Invoice,
    InvoiceLine,
    Message,
    Payment,
    PlanningCell,
    PortalAccount,
    Request,
    Service,
    StaffUser,
    Structure,
    Tariff,
    TariffBracket,
)
from .models.enums import (
    Attendance,
    Booking,
    CalendarKind,
    CalendarSource,
    ChangeAction,
    GuardianRole,
    SchoolZone,
)
from .planning.month import service_info
from .planning.rules import billed_lock, closure
from .search import family_search_text
from .services import calendar, children, families
from .services.children import CHILD_AND_CONSENT_FIELDS
from .services.fields import (
    AUTHORISED_PERSON_FIELDS,
    BANK_FIELDS,
    CAF_FIELDS,
    GUARDIAN_FIELDS,
    HEALTH_FIELDS,
    TAX_FIELDS,
)
from .services.sequences import take_next
from .validation import clean_fields

DEFAULT_FAMILIES = 40
# Above this many families the demo is written with bulk inserts (one compact change-log row
# per table, and per service for the planning cells).
BULK_THRESHOLD = 300
BATCH = 20_000
FAMILY_PASSWORD = "Famille2026"  # noqa: S105 (generated families; must be changed at login)
DEMO_ACTOR = "system"


class DemoRefused(Exception):
    """The database already holds data and the caller did not ask to replace it."""


@dataclass
class _Ids:
    services: dict[str, int]
    structures: dict[str, int]
    staff: dict[str, int]


def database_is_empty(session_factory: sessionmaker[PortailSession]) -> bool:
    """True when no table of the model holds a row (a freshly migrated database)."""
    with session_factory() as session:
        return _is_empty(session)


def _is_empty(session: Session) -> bool:
    return not any(
        session.execute(select(text("1")).select_from(table).limit(1)).first()
        for table in Base.metadata.sorted_tables
    )


def clear_database(session: Session) -> None:
    """Empty every table of the model (children before parents), keeping the schema."""
    tables = Base.metadata.sorted_tables
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            session.execute(table.delete())


def load_demo(
    session_factory: sessionmaker[PortailSession],
    families: int | None = None,
    replace: bool = False,
) -> str:
    """Load the demo commune in one transaction; return a short French summary."""
    count = DEFAULT_FAMILIES if families is None else families
    if count < 0:
        raise DemoRefused("Le nombre de familles doit être positif ou nul.")
    today = clock.today()
    now = clock.now()
    with transaction(session_factory, DEMO_ACTOR) as session:
        if not _is_empty(session):
            if not replace:
                raise DemoRefused(
                    "La base contient déjà des données : la commune de démonstration n'a pas "
                    "été chargée. Relancez avec --replace pour les remplacer (elles seront "
                    "effacées)."
                )
            clear_database(session)
        ids = _load_reference(session, today, scale=max(1, math.ceil(count / DEFAULT_FAMILIES)))
        _load_dupont(session, ids)
        year = school_year(session, today, now)
        specs = [make_family(i, year.start.year, today) for i in range(count)]
        staff = tuple(username for username, _, _ in ref.STAFF)
        plans = []
        for spec in specs:
            plan = plan_year(spec, year, staff)
            bill_year(spec, plan, year, ref.COMMUNE["invoice_due_days"])
            plans.append(plan)
        write = _write_bulk if count > BULK_THRESHOLD else _write_orm
        write(session, ids, year, specs, plans)
        return _summary(session, year)


# --- Reference commune ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _hash(password: str) -> str:
    """Argon2 is deliberately slow: hash each demo password once per process."""
    return passwords.hash_password(password)


def _load_reference(session: Session, today: dt.date, scale: int) -> _Ids:
    session.add(CommuneSettings(id=1, school_zone=SchoolZone.A, **ref.COMMUNE))
    structures = {name: Structure(name=name) for name in ref.STRUCTURES}
    session.add_all(structures.values())
    services: dict[str, Service] = {}
    for order, sdef in enumerate(ref.SERVICES):
        service = Service(
            structure=structures[sdef.structure],
            name=sdef.name,
            code=sdef.code,
            unit=sdef.unit,
            weekdays=sdef.weekday_mask,
            open_in_term=sdef.in_term,
            open_in_holidays=sdef.in_holidays,
            capacity=sdef.capacity * scale,
            booking_deadline_days=sdef.deadline_days,
            auto_accept=sdef.auto_accept,
            sort_order=order,
        )
        # The very terms the demo's invoices are priced with (generator.TARIFFS).
        for terms in TARIFFS[sdef.code]:
            service.tariffs.append(
                Tariff(
                    valid_from=terms.valid_from,
                    valid_to=terms.valid_to,
                    second_child_reduction=terms.second_child_reduction,
                    third_child_reduction=terms.third_child_reduction,
                    unbooked_surcharge=terms.unbooked_surcharge,
                    late_absence_surcharge=terms.late_absence_surcharge,
                    brackets=[
                        TariffBracket(qf_max=b.qf_max, price=b.price) for b in terms.brackets
                    ],
                )
            )
        services[sdef.code] = service
    session.add_all(services.values())

    calendar.import_public_holidays(session, range(2014, today.year + 2))
    calendar.import_school_holidays(session, SchoolZone.A, 2014, today.year + 1)
    sy = clock.school_year_start(today)
    session.add_all(
        [
            CalendarPeriod(
                kind=CalendarKind.CLOSURE,
                start_date=dt.date(sy, 12, 24),
                end_date=dt.date(sy + 1, 1, 1),
                label="Fermeture de fin d'année",
                structure=structures[ref.ALSH],
                source=CalendarSource.MANUAL,
            ),
            CalendarPeriod(
                kind=CalendarKind.CLOSURE,
                start_date=_clear_of_dupont(dt.date(sy + 1, 3, 19)),
                end_date=_clear_of_dupont(dt.date(sy + 1, 3, 19)),
                label="Formation du personnel",
                structure=structures[ref.GARDERIE],
                source=CalendarSource.MANUAL,
            ),
        ]
    )
    staff = [
        StaffUser(username=u, full_name=n, role=r, password_hash=_hash(ref.STAFF_PASSWORD))
        for u, n, r in ref.STAFF
    ]
    session.add_all(staff)
    session.flush()
    return _Ids(
        services={code: s.id for code, s in services.items()},
        structures={name: s.id for name, s in structures.items()},
        staff={s.username: s.id for s in staff},
    )


def _clear_of_dupont(day: dt.date) -> dt.date:
    """A demo closure day, moved by whole weeks past the manual's planning of the DUPONT family
    (March-April 2015) when the current school year is 2014-2015: the manual's invoice AL-36
    must stay what it is."""
    while ref.DUPONT_PLANNING_FROM <= day <= ref.DUPONT_PLANNING_TO:
        day += dt.timedelta(weeks=7)
    return day


def school_year(session: Session, today: dt.date, now: dt.datetime) -> SchoolYear:
    """The school year containing `today`, and each service's open days, from the calendar;
    `now` bounds every instant the demo writes (clock.now())."""
    sy = clock.school_year_start(today)
    summers = {
        p.start_date.year: p
        for p in session.scalars(
            select(CalendarPeriod).where(CalendarPeriod.kind == CalendarKind.SUMMER_HOLIDAYS)
        )
    }
    start = summers[sy].end_date + dt.timedelta(days=1) if sy in summers else dt.date(sy, 9, 1)
    end = (
        summers[sy + 1].start_date - dt.timedelta(days=1)
        if sy + 1 in summers
        else dt.date(sy + 1, 7, 3)
    )
    holidays_end = end + dt.timedelta(days=7)
    open_days = _open_days(session, start, holidays_end, end)
    weeks: dict[tuple[int, int], list[dt.date]] = {}
    for days in open_days["ALSH-VAC-J"].values():
        for day in days:
            weeks.setdefault(day.isocalendar()[:2], []).append(day)
    return SchoolYear(
        start=start,
        end=end,
        holidays_end=holidays_end,
        today=today,
        now=now,
        open_days=open_days,
        holiday_weeks=[sorted(w) for _, w in sorted(weeks.items())],
    )


def _open_days(
    session: Session, start: dt.date, holidays_end: dt.date, term_end: dt.date
) -> dict[str, dict[int, list[dt.date]]]:
    """The days each service runs, by weekday: the planning's own rule (rules.closure)."""
    index = calendar.calendar_index(session, start, holidays_end)
    ids = dict(session.execute(select(Service.code, Service.id)).all())
    result: dict[str, dict[int, list[dt.date]]] = {}
    for sdef in ref.SERVICES:
        service = service_info(session, ids[sdef.code])
        last = holidays_end if sdef.code in ref.HOLIDAY_CODES else term_end
        by_weekday: dict[int, list[dt.date]] = {}
        day = start
        while day <= last:
            if closure(service, day, index) is None:
                by_weekday.setdefault(day.weekday(), []).append(day)
            day += dt.timedelta(days=1)
        result[sdef.code] = by_weekday
    return result


def _load_dupont(session: Session, ids: _Ids) -> None:
    """The manual's family: record, 2014-2015 enrolments, March-April 2015, AL-36, a message."""
    family = families.create_family(
        session, ref.DUPONT_PRIMARY, ref.DUPONT_PARTNER, family_number=ref.DUPONT_NUMBER
    )
    families.update_family_section(session, family.id, "caf", ref.DUPONT_CAF)
    families.update_family_section(session, family.id, "bank", ref.DUPONT_BANK)
    child = children.add_child(session, family.id, ref.DUPONT_CHILD)
    start, end = ref.DUPONT_SCHOOL_YEAR
    session.add_all(
        Enrolment(
            child_id=child.id,
            service_id=ids.services[code],
            start_date=start,
            end_date=end,
            weekly_pattern=pattern,
        )
        for code, pattern in ref.DUPONT_ENROLMENTS
    )
    open_days = _open_days(
        session, ref.DUPONT_PLANNING_FROM, ref.DUPONT_PLANNING_TO, ref.DUPONT_PLANNING_TO
    )
    cells: dict[tuple[str, dt.date], tuple[Booking, Attendance]] = {}
    for code, pattern in ref.DUPONT_ENROLMENTS:
        for weekday, days in open_days[code].items():
            if pattern & (1 << weekday):
                cells.update({(code, d): (Booking.REGULAR, Attendance.PRESENT) for d in days})
    for code in ref.HOLIDAY_CODES:
        cells.update(
            {(code, d): (Booking.RESERVED, Attendance.PRESENT) for d in ref.DUPONT_HOLIDAY_DAYS}
        )
    for old, new in ref.DUPONT_SWAPS:
        cells[old] = (Booking.NONE, Attendance.UNKNOWN)
        cells[new] = (Booking.RESERVED, Attendance.PRESENT)
    for key in ref.DUPONT_EXCUSED:
        cells[key] = (cells[key][0], Attendance.ABSENT_EXCUSED)
    as_cells: list[Cell] = [(0, code, day, b, a) for (code, day), (b, a) in cells.items()]
    spec = ref.DUPONT_INVOICE
    bill = month_invoice(as_cells, [0], None, spec["period"])
    assert bill is not None and bill["total"] == spec["total"], bill
    number = take_next(session, ref.COMMUNE["regie_prefix"], start=spec["sequence_value"])
    assert f"{ref.COMMUNE['regie_prefix']}-{number}" == spec["number"]
    locks = _billed_locks(bill, spec["number"])
    session.add_all(
        PlanningCell(
            child_id=child.id,
            service_id=ids.services[code],
            day=day,
            booking=b,
            attendance=a,
            locked_reason=locks.get((0, code, day)),
        )
        for (code, day), (b, a) in sorted(cells.items())
    )
    lines = [_invoice_line(line, [child.id], [child.first_name], ids) for line in bill["lines"]]
    session.add(
        Invoice(
            number=spec["number"],
            family_id=family.id,
            issued_on=spec["issued_on"],
            due_on=spec["due_on"],
            period_start=spec["period"][0],
            period_end=spec["period"][1],
            total=bill["total"],
            lines=lines,
        )
    )
    session.flush()
    _insert_billed_days(
        session,
        [
            row
            for draft, line in zip(bill["lines"], lines, strict=True)
            for row in _billed_day_rows(draft, line.invoice_id, line.id, [child.id], ids)
        ],
    )
    message = ref.DUPONT_MESSAGE
    session.add(
        Message(
            family_id=family.id,
            direction="to_family",
            subject=message["subject"],
            body=message["body"],
            sent_at=message["sent_at"],
            author_staff_id=ids.staff[message["author"]],
        )
    )
    session.add(
        PortalAccount(
            family_id=family.id,
            login=ref.DUPONT_NUMBER,
            password_hash=_hash(ref.DUPONT_PASSWORD),
            must_change_password=False,
        )
    )
    session.flush()


def _line_values(
    line: LineDraft, child_ids: Sequence[int], child_names: Sequence[str], ids: _Ids
) -> dict[str, Any]:
    """An invoice line's columns from its priced draft (child index, service code as ids)."""
    return {
        "child_id": child_ids[line.child_id],
        "service_id": ids.services[line.service_id],
        "kind": line.kind,
        "label": line_label(
            ref.SERVICE_BY_CODE[line.service_id].name, child_names[line.child_id], line.kind
        ),
        "detail": line.detail,
        "first_day": line.first_day,
        "last_day": line.last_day,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "reduction_pct": line.reduction_pct,
        "amount": line.amount,
    }


def _invoice_line(
    line: LineDraft, child_ids: Sequence[int], child_names: Sequence[str], ids: _Ids
) -> InvoiceLine:
    return InvoiceLine(**_line_values(line, child_ids, child_names, ids))


def _billed_locks(bill: dict[str, Any], number: str) -> dict[tuple[int, str, dt.date], str]:
    """(child index, service code, day) -> the lock an invoice puts on each day it bills."""
    reason = billed_lock(number)
    return {
        (line.child_id, line.service_id, day): reason for line in bill["lines"] for day in line.days
    }


def _billed_day_rows(
    draft: LineDraft, invoice_id: int, line_id: int, child_ids: Sequence[int], ids: _Ids
) -> list[dict[str, Any]]:
    """The days a line bills. A surcharge line repeats the days of its day line: the day is
    billed (and the row written) once, by the day line."""
    if draft.kind not in DAY_KINDS:
        return []
    child_id, service_id = child_ids[draft.child_id], ids.services[draft.service_id]
    return [
        {
            "invoice_id": invoice_id,
            "line_id": line_id,
            "child_id": child_id,
            "service_id": service_id,
            "day": day,
        }
        for day in draft.days
    ]


def _insert_billed_days(session: Session, rows: list[dict[str, Any]]) -> None:
    """The days the invoices bill, in bulk, with one change row (they are many)."""
    _insert(session, BilledDay, rows)


def _ordered_invoices(
    years: Sequence[YearSpec],
) -> list[tuple[int, int, dict[str, Any]]]:
    """(family position, invoice position, invoice) in issue order: numbers follow dates."""
    return sorted(
        ((f, i, inv) for f, y in enumerate(years) for i, inv in enumerate(y.invoices)),
        key=lambda t: (t[2]["issued_on"], t[0]),
    )


# --- Small commune: the ORM services --------------------------------------------------------


def _write_orm(
    session: Session,
    ids: _Ids,
    year: SchoolYear,
    specs: Sequence[FamilySpec],
    years: Sequence[YearSpec],
) -> None:
    family_hash = _hash(FAMILY_PASSWORD)
    child_ids: list[list[int]] = []
    child_names: list[list[str]] = []
    family_ids: list[int] = []
    for spec in specs:
        family = families.create_family(session, spec.primary, spec.partner, spec.number)
        families.update_family_section(session, family.id, "caf", spec.caf)
        if spec.tax:
            families.update_family_section(session, family.id, "tax", spec.tax)
        if spec.bank:
            families.update_family_section(session, family.id, "bank", spec.bank)
        these: list[Child] = []
        for cspec in spec.children:
            child = children.add_child(session, family.id, cspec.data)
            if cspec.health:
                children.set_health(session, child.id, cspec.health)
            for person in cspec.persons:
                children.add_authorised_person(session, child.id, person)
            session.add_all(
                Enrolment(**row) for row in _enrolment_rows(child.id, cspec.enrolments, year, ids)
            )
            these.append(child)
        session.add(
            PortalAccount(
                family_id=family.id,
                login=spec.number,
                password_hash=family_hash,
                must_change_password=True,
            )
        )
        family_ids.append(family.id)
        child_ids.append([c.id for c in these])
        child_names.append([c.first_name for c in these])
    session.flush()
    # Numbers first, in issue order (each take_next is a statement, which would flush pending
    # rows one by one): the cells are written with the lock of the invoice that bills them.
    ordered = _ordered_invoices(years)
    numbers = _numbers(session, len(ordered))
    locks = _family_locks(ordered, numbers, len(years))
    for f, plan in enumerate(years):
        session.add_all(
            PlanningCell(**row) for row in _cell_rows(plan.cells, child_ids[f], ids, locks[f])
        )
    session.flush()
    invoices: dict[tuple[int, int], Invoice] = {}
    for (f, i, bill), number in zip(ordered, numbers, strict=True):
        invoice = Invoice(
            **_invoice_row(bill, number, family_ids[f]),
            lines=[
                _invoice_line(line, child_ids[f], child_names[f], ids) for line in bill["lines"]
            ],
        )
        session.add(invoice)
        invoices[(f, i)] = invoice
    session.flush()
    _insert_billed_days(
        session,
        [
            row
            for f, i, bill in ordered
            for draft, line in zip(bill["lines"], invoices[(f, i)].lines, strict=True)
            for row in _billed_day_rows(draft, invoices[(f, i)].id, line.id, child_ids[f], ids)
        ],
    )
    for f, plan in enumerate(years):
        for payment in plan.payments:
            session.add(
                Payment(
                    **_payment_row(payment, family_ids[f], invoices[(f, payment["invoice"])].id)
                )
            )
        messages: list[Message] = []
        for m in plan.messages:
            message = Message(**_message_row(m, family_ids[f], ids))
            if m["reply_to"] is not None:
                message.reply_to = messages[m["reply_to"]]
            messages.append(message)
        session.add_all(messages)
        session.add_all(
            Request(**_request_row(r, family_ids[f], child_ids[f], ids)) for r in plan.requests
        )
    session.flush()


def _enrolment_rows(
    child_id: int, enrolments: Sequence[tuple[str, int]], year: SchoolYear, ids: _Ids
) -> list[dict[str, Any]]:
    return [
        {
            "child_id": child_id,
            "service_id": ids.services[code],
            "start_date": year.start,
            "end_date": year.enrolment_end(code),
            "weekly_pattern": pattern,
        }
        for code, pattern in enrolments
    ]


def _cell_rows(
    cells: Sequence[Cell],
    child_ids: Sequence[int],
    ids: _Ids,
    locks: dict[tuple[int, str, dt.date], str],
) -> list[dict[str, Any]]:
    return [
        {
            "child_id": child_ids[c],
            "service_id": ids.services[code],
            "day": day,
            "booking": booking,
            "attendance": attendance,
            "locked_reason": locks.get((c, code, day)),
        }
        for c, code, day, booking, attendance in cells
    ]


def _numbers(session: Session, count: int) -> list[str]:
    """The next `count` invoice numbers of the régie ("AL-37"…), from its gapless counter."""
    prefix = ref.COMMUNE["regie_prefix"]
    return [f"{prefix}-{take_next(session, prefix)}" for _ in range(count)]


def _family_locks(
    ordered: Sequence[tuple[int, int, dict[str, Any]]], numbers: Sequence[str], families: int
) -> list[dict[tuple[int, str, dt.date], str]]:
    """Per family, the billed lock of each day its invoices bill."""
    locks: list[dict[tuple[int, str, dt.date], str]] = [{} for _ in range(families)]
    for (f, _, bill), number in zip(ordered, numbers, strict=True):
        locks[f].update(_billed_locks(bill, number))
    return locks


def _invoice_row(bill: dict[str, Any], number: str, family_id: int) -> dict[str, Any]:
    return {
        "number": number,
        "family_id": family_id,
        "issued_on": bill["issued_on"],
        "due_on": bill["due_on"],
        "period_start": bill["period"][0],
        "period_end": bill["period"][1],
        "total": bill["total"],
    }


def _payment_row(payment: dict[str, Any], family_id: int, invoice_id: int) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "invoice_id": invoice_id,
        "received_on": payment["received_on"],
        "amount": payment["amount"],
        "method": payment["method"],
        "reference": payment["reference"],
    }


def _message_row(m: dict[str, Any], family_id: int, ids: _Ids) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "direction": m["direction"],
        "subject": m["subject"],
        "body": m["body"],
        "sent_at": m["sent_at"],
        "author_staff_id": ids.staff[m["author"]] if m["author"] else None,
        "read_at": m["read_at"],
    }


def _request_row(
    r: dict[str, Any], family_id: int, child_ids: Sequence[int], ids: _Ids
) -> dict[str, Any]:
    return {
        "family_id": family_id,
        "child_id": child_ids[r["child"]] if "child" in r else None,
        "kind": r["kind"],
        "status": r["status"],
        "service_id": ids.services[r["code"]] if "code" in r else None,
        "day": r.get("day"),
        "old_values": r["old"],
        "new_values": r["new"],
        "created_at": r["created_at"],
        "decided_at": r.get("decided_at"),
        "decided_by_id": ids.staff[r["decided_by"]] if r.get("decided_by") else None,
        "motive": r.get("motive", ""),
    }


# --- Large commune: bulk inserts ------------------------------------------------------------

_EMPTY_CAF = {
    "attachment_body": "none",
    "allocataire_number": "",
    "quotient_familial": None,
    "qf_date": None,
    "qf_source": None,
}
_EMPTY_TAX = {"tax_reference_income": None, "tax_shares": None}
_EMPTY_BANK = {
    "account_holder": "",
    "bank_name": "",
    "iban": "",
    "bic": "",
    "mandate_reference": "",
    "mandate_signed_on": None,
    "direct_debit": False,
}


def _record_insert(session: Session, model: Any, count: int, **scope: Any) -> None:
    """The bulk rows bypass the session's change log: say in one row what was inserted."""
    if count:
        record_bulk_change(session, model.__tablename__, ChangeAction.INSERT, count=count, **scope)


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(model), rows[start : start + BATCH])
    _record_insert(session, model, len(rows))


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        ids += session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            rows[start : start + BATCH],
        ).all()
    _record_insert(session, model, len(rows))
    return ids


def _insert_cells(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Planning cells in large batches, and one change row per service for its date range."""
    table = PlanningCell.__table__
    spans: dict[int, list[Any]] = {}  # service id -> [first day, last day, count]
    batch: list[dict[str, Any]] = []
    for row in rows:
        span = spans.setdefault(row["service_id"], [row["day"], row["day"], 0])
        span[0], span[1], span[2] = min(span[0], row["day"]), max(span[1], row["day"]), span[2] + 1
        batch.append(row)
        if len(batch) >= BATCH * 5:
            session.execute(insert(table), batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)
    for service_id, (first, last, count) in sorted(spans.items()):
        _record_insert(
            session, PlanningCell, count, service_id=service_id, day_from=first, day_to=last
        )


def _write_bulk(
    session: Session,
    ids: _Ids,
    year: SchoolYear,
    specs: Sequence[FamilySpec],
    plans: Sequence[YearSpec],
) -> None:
    """The same records as _write_orm, cleaned by the same field rules, inserted in batches."""
    family_rows, guardian_rows, child_rows = [], [], []
    for spec in specs:
        primary = clean_fields(spec.primary, GUARDIAN_FIELDS)
        partner = clean_fields(spec.partner, GUARDIAN_FIELDS) if spec.partner else None
        kids = [clean_fields(c.data, CHILD_AND_CONSENT_FIELDS) for c in spec.children]
        section = {
            **_EMPTY_CAF,
            **clean_fields(spec.caf, CAF_FIELDS, partial=True),
            **_EMPTY_TAX,
            **(clean_fields(spec.tax, TAX_FIELDS, partial=True) if spec.tax else {}),
            **_EMPTY_BANK,
            **(clean_fields(spec.bank, BANK_FIELDS, partial=True) if spec.bank else {}),
        }
        guardians = [SimpleNamespace(**primary)] + ([SimpleNamespace(**partner)] if partner else [])
        search_text = family_search_text(
            SimpleNamespace(
                family_number=spec.number,
                guardians=guardians,
                children=[SimpleNamespace(**k) for k in kids],
                **section,
            )
        )
        family_rows.append({"family_number": spec.number, "search_text": search_text, **section})
        guardian_rows.append(
            [{"role": GuardianRole.PRIMARY, **primary}]
            + ([{"role": GuardianRole.PARTNER, **partner}] if partner else [])
        )
        child_rows.append(kids)
    family_ids = _insert_returning_ids(session, Family, family_rows)
    _insert(
        session,
        Guardian,
        [
            {"family_id": fid, **g}
            for fid, gs in zip(family_ids, guardian_rows, strict=True)
            for g in gs
        ],
    )
    flat_children = [
        {"family_id": fid, **k} for fid, ks in zip(family_ids, child_rows, strict=True) for k in ks
    ]
    flat_ids = iter(_insert_returning_ids(session, Child, flat_children))
    child_ids = [[next(flat_ids) for _ in ks] for ks in child_rows]

    health, persons, enrolments = [], [], []
    for spec, cids in zip(specs, child_ids, strict=True):
        for cspec, cid in zip(spec.children, cids, strict=True):
            if cspec.health:
                health.append({"child_id": cid, **clean_fields(cspec.health, HEALTH_FIELDS)})
            persons += [
                {"child_id": cid, **clean_fields(p, AUTHORISED_PERSON_FIELDS)}
                for p in cspec.persons
            ]
            enrolments += _enrolment_rows(cid, cspec.enrolments, year, ids)
    _insert(session, HealthRecord, health)
    _insert(session, AuthorisedPerson, persons)
    _insert(session, Enrolment, enrolments)
    family_hash = _hash(FAMILY_PASSWORD)
    _insert(
        session,
        PortalAccount,
        [
            {
                "family_id": fid,
                "login": spec.number,
                "password_hash": family_hash,
                "must_change_password": True,
            }
            for fid, spec in zip(family_ids, specs, strict=True)
        ],
    )

    # Numbers first, in issue order, so each cell is written with the lock of the invoice
    # that bills it; the days billed are written with the lines.
    ordered = _ordered_invoices(plans)
    numbers = _numbers(session, len(ordered))
    locks = _family_locks(ordered, numbers, len(plans))
    # Planning cells: the bulk of the data, straight into the table in large batches.
    _insert_cells(
        session,
        (
            row
            for f, (plan, cids) in enumerate(zip(plans, child_ids, strict=True))
            for row in _cell_rows(plan.cells, cids, ids, locks[f])
        ),
    )
    invoice_rows = [
        _invoice_row(bill, number, family_ids[f])
        for (f, _, bill), number in zip(ordered, numbers, strict=True)
    ]
    invoice_ids = dict(
        zip(
            ((f, i) for f, i, _ in ordered),
            _insert_returning_ids(session, Invoice, invoice_rows),
            strict=True,
        )
    )
    names = [[k["first_name"] for k in kids] for kids in child_rows]
    drafts = [(f, invoice_ids[(f, i)], line) for f, i, bill in ordered for line in bill["lines"]]
    line_ids = _insert_returning_ids(
        session,
        InvoiceLine,
        [
            {"invoice_id": invoice_id, **_line_values(line, child_ids[f], names[f], ids)}
            for f, invoice_id, line in drafts
        ],
    )
    _insert_billed_days(
        session,
        [
            row
            for (f, invoice_id, line), line_id in zip(drafts, line_ids, strict=True)
            for row in _billed_day_rows(line, invoice_id, line_id, child_ids[f], ids)
        ],
    )
    _insert(
        session,
        Payment,
        [
            _payment_row(p, family_ids[f], invoice_ids[(f, p["invoice"])])
            for f, plan in enumerate(plans)
            for p in plan.payments
        ],
    )
    _insert(
        session,
        Request,
        [
            _request_row(r, family_ids[f], child_ids[f], ids)
            for f, plan in enumerate(plans)
            for r in plan.requests
        ],
    )
    # Messages first, then the replies that point at them.
    firsts = [
        (f, k)
        for f, plan in enumerate(plans)
        for k, m in enumerate(plan.messages)
        if m["reply_to"] is None
    ]
    first_ids = dict(
        zip(
            firsts,
            _insert_returning_ids(
                session,
                Message,
                [_message_row(plans[f].messages[k], family_ids[f], ids) for f, k in firsts],
            ),
            strict=True,
        )
    )
    _insert(
        session,
        Message,
        [
            {**_message_row(m, family_ids[f], ids), "reply_to_id": first_ids[(f, m["reply_to"])]}
            for f, plan in enumerate(plans)
            for m in plan.messages
            if m["reply_to"] is not None
        ],
    )


# --- Summary --------------------------------------------------------------------------------


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _summary(session: Session, year: SchoolYear) -> str:
    def n(value: int) -> str:
        return f"{value:,}".replace(",", "\u202f")

    return (
        f"Commune de démonstration chargée : Alix (Rhône, zone A), année scolaire "
        f"{year.start.year}-{year.start.year + 1}.\n"
        f"  {n(_count(session, Family))} familles, {n(_count(session, Child))} enfants, "
        f"{n(_count(session, PlanningCell))} jours réservés ou pointés, "
        f"{n(_count(session, Invoice))} factures.\n"
        f"  Agents : chrystelle (administratrice), nancy, animateur — mot de passe "
        f"{ref.STAFF_PASSWORD}.\n"
        f"  Portail : famille DUPONT, identifiant {ref.DUPONT_NUMBER}, mot de passe "
        f"{ref.DUPONT_PASSWORD} (autres familles : leur N° famille, mot de passe "
        f"{FAMILY_PASSWORD}, à changer à la première connexion)."
    )
