"""A service's dated tariffs: listed, saved (new or changed) and deleted, with their rules.

A tariff is stored as `pricing` reads it (`TariffTerms.from_model`): a flat price is one
bracket without an upper bound; a tariff by quotient familial has two brackets or more, their
QF bounds strictly increasing, the last one without a bound (a family without a QF pays it).

What a form sends (`TARIFF_FIELDS`, as typed: text, dates, numbers with a French decimal
comma): the period (`valid_from`, `valid_to`, empty: open-ended), the `method`, the flat
`price` or the `brackets` (rows of `qf_max` and `price`), the reductions (dégressif fratrie,
in %) and the surcharges (€ a day). Every bad field is reported at once, in French, under its
name; a bracket's under "brackets.<row>.qf_max" / "brackets.<row>.price" (row from 0, as
sent); nothing is written then.

The periods of one service never overlap: the writers of a service's tariffs take its lock
(core.locks) before the check, so two PCs cannot both add overlapping tariffs. A tariff that
issued invoices used (a line of its service dated in its period) cannot be deleted: it is
closed at a date instead. Every write goes through the ORM, so the change feed (history)
records it in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from .. import locks
from .. import validation as v
from ..errors import ValidationError
from ..formatting import money, short_date
from ..models import Invoice, InvoiceLine, Service, Tariff, TariffBracket
from ..models.enums import LabelledEnum, StaffRole
from ..services.records import ensure_version, get_or_404
from ..services.staff import Permission, require

LOCK_SUBJECT = locks.SERVICE_TARIFFS  # (service id): the editor's and the run's
MAX_PRICE = Decimal("9999.99")  # € a day: beyond it, a typing mistake
MAX_QF = Decimal("99999")  # the bound of a family's quotient (services.fields)
ZERO = Decimal("0.00")


class TariffMethod(LabelledEnum):
    FLAT = "flat", "Prix unique"
    BRACKETS = "brackets", "Par tranches de QF"


# --------------------------------------------------------------------------- fields

_price = v.decimal(min_value=Decimal(0), max_value=MAX_PRICE, places=2)
_qf = v.decimal(min_value=Decimal(0), max_value=MAX_QF, places=2)
_percent = v.decimal(min_value=Decimal(0), max_value=Decimal(100), places=2)


def _or_zero(cleaner: v.Cleaner) -> v.Cleaner:
    """Empty means 0 (no reduction, no surcharge)."""

    def clean(value: Any) -> Decimal:
        cleaned = cleaner(value)
        return ZERO if cleaned is None else cleaned

    return clean


BracketValue = tuple[Decimal | None, Decimal]


def _bracket_cells(row: Any) -> tuple[Any, Any]:
    if isinstance(row, Mapping):
        return row.get("qf_max"), row.get("price")
    qf_max, price = row
    return qf_max, price


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _bracket_rows(value: Any) -> list[tuple[int, Any, Any]]:
    """(row as sent, qf_max, price) of the rows not left entirely empty."""
    if value is None or value == "":
        return []
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise v.FieldError("Tranches invalides.")
    rows = []
    for index, row in enumerate(value):
        try:
            qf_max, price = _bracket_cells(row)
        except (TypeError, ValueError) as exc:
            raise v.FieldError("Tranches invalides.") from exc
        if not (_blank(qf_max) and _blank(price)):
            rows.append((index, qf_max, price))
    return rows


def _brackets_value(value: Any) -> tuple[BracketValue, ...]:
    """The brackets as stored, for comparing a submitted form with the record (a conflict);
    any bad cell raises FieldError (the full per-row check is `clean_tariff`'s)."""
    out = []
    for _index, qf_max, price in _bracket_rows(value):
        cleaned_price = _price(price)
        if cleaned_price is None:
            raise v.FieldError("Prix manquant.")
        out.append((_qf(qf_max), cleaned_price))
    return tuple(out)


TARIFF_FIELDS: dict[str, v.Cleaner] = {
    "valid_from": v.date(required=True),
    "valid_to": v.date(),
    "method": v.choice(TariffMethod, required=True),
    "price": _price,
    "brackets": _brackets_value,
    "second_child_reduction": _or_zero(_percent),
    "third_child_reduction": _or_zero(_percent),
    "unbooked_surcharge": _or_zero(_price),
    "late_absence_surcharge": _or_zero(_price),
}

TARIFF_LABELS: dict[str, str] = {
    "valid_from": "Du",
    "valid_to": "Au",
    "method": "Méthode",
    "price": "Prix",
    "brackets": "Tranches de QF",
    "second_child_reduction": "Réduction 2e enfant (%)",
    "third_child_reduction": "Réduction 3e enfant et suivants (%)",
    "unbooked_surcharge": "Majoration présence sans réservation (€ par jour)",
    "late_absence_surcharge": "Majoration absence tardive (€ par jour)",
}

BRACKET_LABELS = {"qf_max": "QF jusqu'à", "price": "Prix"}


def bracket_key(row: int, cell: str) -> str:
    """The error key of one bracket cell ("brackets.1.price")."""
    return f"brackets.{row}.{cell}"


def parse_bracket_key(key: str) -> tuple[int, str] | None:
    """(row, cell) of a bracket cell's error key, None for any other key."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "brackets" and parts[1].isdigit():
        return int(parts[1]), parts[2]
    return None


# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class TariffRow:
    """A tariff as the screens show it (plain data, no ORM state)."""

    id: int
    service_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    brackets: tuple[BracketValue, ...]  # by ascending bound, the unbounded one last
    second_child_reduction: Decimal
    third_child_reduction: Decimal
    unbooked_surcharge: Decimal
    late_absence_surcharge: Decimal
    version: int

    @property
    def method(self) -> TariffMethod:
        return TariffMethod.FLAT if len(self.brackets) == 1 else TariffMethod.BRACKETS

    @property
    def price(self) -> Decimal | None:
        """The flat price (None for a tariff by brackets)."""
        return self.brackets[0][1] if self.method is TariffMethod.FLAT else None

    def values(self) -> dict[str, Any]:
        """What the edit form loads, in TARIFF_FIELDS' shape (as they are cleaned)."""
        flat = self.method is TariffMethod.FLAT
        return {
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "method": self.method,
            "price": self.price,
            "brackets": () if flat else self.brackets,
            "second_child_reduction": self.second_child_reduction,
            "third_child_reduction": self.third_child_reduction,
            "unbooked_surcharge": self.unbooked_surcharge,
            "late_absence_surcharge": self.late_absence_surcharge,
        }

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _row(tariff: Tariff) -> TariffRow:
    brackets = sorted(
        ((b.qf_max, b.price) for b in tariff.brackets),
        key=lambda b: (b[0] is None, b[0] or ZERO),
    )
    return TariffRow(
        id=tariff.id,
        service_id=tariff.service_id,
        valid_from=tariff.valid_from,
        valid_to=tariff.valid_to,
        brackets=tuple(brackets),
        second_child_reduction=tariff.second_child_reduction,
        third_child_reduction=tariff.third_child_reduction,
        unbooked_surcharge=tariff.unbooked_surcharge,
        late_absence_surcharge=tariff.late_absence_surcharge,
        version=tariff.version,
    )


# --------------------------------------------------------------------------- French texts


def period_text(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """ "du 01/09/2025 au 31/08/2026", "en vigueur depuis le 01/09/2026 (sans date de fin)"."""
    if valid_to is None:
        return f"en vigueur depuis le {short_date(valid_from)} (sans date de fin)"
    return f"du {short_date(valid_from)} au {short_date(valid_to)}"


def _percent_text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",") + "\u00a0%"


def price_parts(row: TariffRow) -> list[str]:
    """["4,15 €"], or ["QF ≤ 500,00 € : 3,10 €", …, "au-delà : 4,15 €"]."""
    if row.method is TariffMethod.FLAT:
        return [money(row.brackets[0][1])]
    return [
        f"{'au-delà' if qf_max is None else f'QF ≤ {money(qf_max)}'} : {money(price)}"
        for qf_max, price in row.brackets
    ]


def reduction_parts(row: TariffRow) -> list[str]:
    """["2e : −10 %", "3e et suivants : −20 %"] (empty: none)."""
    parts = []
    if row.second_child_reduction:
        parts.append(f"2e : −{_percent_text(row.second_child_reduction)}")
    if row.third_child_reduction:
        parts.append(f"3e et suivants : −{_percent_text(row.third_child_reduction)}")
    return parts


def surcharge_parts(row: TariffRow) -> list[str]:
    """["sans réservation : +2,00 €", "absence tardive : +1,50 €"] (empty: none)."""
    parts = []
    if row.unbooked_surcharge:
        parts.append(f"sans réservation : +{money(row.unbooked_surcharge)}")
    if row.late_absence_surcharge:
        parts.append(f"absence tardive : +{money(row.late_absence_surcharge)}")
    return parts


def prices_text(row: TariffRow) -> str:
    """ "4,15 €", or "QF ≤ 500,00 € : 3,10 € · QF ≤ 800,00 € : 3,60 € · au-delà : 4,15 €"."""
    return " · ".join(price_parts(row))


def reductions_text(row: TariffRow) -> str:
    """ "2e : −10 %, 3e et suivants : −20 %", or "aucune"."""
    return ", ".join(reduction_parts(row)) or "aucune"


def surcharges_text(row: TariffRow) -> str:
    """ "sans réservation : +2,00 €, absence tardive : +1,50 €", or "aucune"."""
    return ", ".join(surcharge_parts(row)) or "aucune"


# --------------------------------------------------------------------------- reading


def list_tariffs(session: Session, service_id: int) -> list[TariffRow]:
    """The service's tariffs, by start date."""
    tariffs = session.scalars(
        select(Tariff)
        .where(Tariff.service_id == service_id)
        .options(selectinload(Tariff.brackets))
        .order_by(Tariff.valid_from, Tariff.id)
    )
    return [_row(t) for t in tariffs]


def open_ended_before(
    rows: Sequence[TariffRow], valid_from: dt.date, exclude_id: int | None = None
) -> TariffRow | None:
    """The open-ended tariff that started before `valid_from` (the one a new tariff from that
    day would close the day before), if any."""
    found = None
    for row in rows:
        if row.id == exclude_id or row.valid_to is not None or row.valid_from >= valid_from:
            continue
        if found is None or row.valid_from > found.valid_from:
            found = row
    return found


def proposed_start(rows: Sequence[TariffRow], today: dt.date) -> dt.date:
    """Where « Nouveau tarif » starts: the day after the last tariff's end, or, the last one
    being open-ended, today when it is after its start (else the day after its start)."""
    if not rows:
        return today
    last = max(rows, key=lambda r: r.valid_from)
    if last.valid_to is not None:
        return last.valid_to + dt.timedelta(days=1)
    return max(today, last.valid_from + dt.timedelta(days=1))


def _invoiced(tariff: Tariff | TariffRow) -> tuple[Any, Any, list[Any]]:
    """The first and last day of the invoice lines of the tariff's service dated in its
    period (a line without its own dates counts by its invoice's period), and that filter."""
    first = func.coalesce(InvoiceLine.first_day, Invoice.period_start)
    last = func.coalesce(InvoiceLine.last_day, Invoice.period_end)
    conditions = [
        InvoiceLine.invoice_id == Invoice.id,
        InvoiceLine.service_id == tariff.service_id,
        last >= tariff.valid_from,
    ]
    if tariff.valid_to is not None:
        conditions.append(first <= tariff.valid_to)
    return first, last, conditions


def used_by_invoices(session: Session, tariff: Tariff | TariffRow) -> bool:
    """Has an issued invoice (or credit note) a line of the tariff's service dated in its
    period?"""
    _first, _last, conditions = _invoiced(tariff)
    return bool(session.scalar(select(exists().where(and_(*conditions)))))


def invoiced_span(session: Session, tariff: Tariff | TariffRow) -> tuple[dt.date, dt.date] | None:
    """The days of the tariff's period that issued invoices billed, first to last (None: no
    invoice used it). Its period may not shrink to leave any of them out."""
    first, last, conditions = _invoiced(tariff)
    low, high = session.execute(
        select(func.min(first), func.max(last)).select_from(InvoiceLine).where(*conditions)
    ).one()
    if low is None or high is None:
        return None
    low, high = _as_date(low), _as_date(high)
    low = max(low, tariff.valid_from)
    high = high if tariff.valid_to is None else min(high, tariff.valid_to)
    return low, high


def _as_date(value: Any) -> dt.date:
    """SQLite hands back an aggregate of dates as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class CleanTariff:
    valid_from: dt.date
    valid_to: dt.date | None
    brackets: tuple[BracketValue, ...]
    second_child_reduction: Decimal
    third_child_reduction: Decimal
    unbooked_surcharge: Decimal
    late_absence_surcharge: Decimal

    def columns(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "second_child_reduction": self.second_child_reduction,
            "third_child_reduction": self.third_child_reduction,
            "unbooked_surcharge": self.unbooked_surcharge,
            "late_absence_surcharge": self.late_absence_surcharge,
        }


def _clean_brackets(value: Any, errors: dict[str, str]) -> tuple[BracketValue, ...]:
    try:
        rows = _bracket_rows(value)
    except v.FieldError as exc:
        errors["brackets"] = str(exc)
        return ()
    if len(rows) < 2:
        errors["brackets"] = "Indiquez au moins deux tranches (sinon, choisissez « Prix unique »)."
    out: list[BracketValue] = []
    previous: Decimal | None = None
    for position, (index, typed_qf, typed_price) in enumerate(rows):
        last = position == len(rows) - 1
        qf_key, price_key = bracket_key(index, "qf_max"), bracket_key(index, "price")
        try:
            price = _price(typed_price)
            if price is None:
                raise v.FieldError("Indiquez le prix de cette tranche.")
        except v.FieldError as exc:
            errors[price_key] = str(exc)
            price = None
        qf_max: Decimal | None = None
        try:
            qf_max = _qf(typed_qf)
            if last and qf_max is not None and len(rows) >= 2:
                raise v.FieldError(
                    "La dernière tranche n'a pas de limite : laissez « QF jusqu'à » vide."
                )
            if not last and qf_max is None:
                raise v.FieldError(
                    "Indiquez le QF maximal de cette tranche (seule la dernière n'en a pas)."
                )
            if qf_max is not None and previous is not None and qf_max <= previous:
                raise v.FieldError(
                    "Les QF vont en croissant : celui-ci doit dépasser celui de la tranche "
                    f"précédente ({money(previous)})."
                )
        except v.FieldError as exc:
            errors[qf_key] = str(exc)
        if qf_max is not None:
            previous = qf_max if previous is None else max(previous, qf_max)
        if price is not None:
            out.append((None if last else qf_max, price))
    return tuple(out)


def clean_tariff(data: Mapping[str, Any]) -> CleanTariff:
    """Every field of a tariff form checked at once (ValidationError names each bad one)."""
    errors: dict[str, str] = {k: "Champ inconnu." for k in sorted(set(data) - set(TARIFF_FIELDS))}
    scalar = {k: c for k, c in TARIFF_FIELDS.items() if k not in ("price", "brackets")}
    cleaned: dict[str, Any] = {}
    for name, cleaner in scalar.items():
        try:
            cleaned[name] = cleaner(data.get(name))
        except v.FieldError as exc:
            errors[name] = str(exc)
    method = cleaned.get("method")
    if "method" in errors:
        errors["method"] = "Choisissez la méthode : prix unique ou par tranches de QF."
    brackets: tuple[BracketValue, ...] = ()
    if method is TariffMethod.FLAT:
        try:
            price = _price(data.get("price"))
            if price is None:
                raise v.FieldError("Indiquez le prix.")
            brackets = ((None, price),)
        except v.FieldError as exc:
            errors["price"] = str(exc)
    elif method is TariffMethod.BRACKETS:
        brackets = _clean_brackets(data.get("brackets"), errors)
    start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
    if start is not None and end is not None and end < start:
        errors["valid_to"] = "La date de fin est avant la date de début."
    if errors:
        raise ValidationError(errors)
    return CleanTariff(
        valid_from=cleaned["valid_from"],
        valid_to=cleaned["valid_to"],
        brackets=brackets,
        second_child_reduction=cleaned["second_child_reduction"],
        third_child_reduction=cleaned["third_child_reduction"],
        unbooked_surcharge=cleaned["unbooked_surcharge"],
        late_absence_surcharge=cleaned["late_absence_surcharge"],
    )


def _overlaps(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def _check_overlap(
    session: Session, service_id: int, clean: CleanTariff, tariff_id: int | None
) -> None:
    others = select(Tariff).where(Tariff.service_id == service_id)
    if tariff_id is not None:
        others = others.where(Tariff.id != tariff_id)
    others = others.where(
        or_(Tariff.valid_to.is_(None), Tariff.valid_to >= clean.valid_from),
    )
    if clean.valid_to is not None:
        others = others.where(Tariff.valid_from <= clean.valid_to)
    other = session.scalars(others.order_by(Tariff.valid_from).limit(1)).first()
    if other is None:
        return
    message = (
        f"Cette période chevauche celle du tarif {period_text(other.valid_from, other.valid_to)}"
        " : les tarifs d'une prestation se suivent sans se recouvrir."
    )
    # The date that runs into the other tariff carries the message.
    field = "valid_to" if other.valid_from > clean.valid_from else "valid_from"
    raise ValidationError({field: message})


# --------------------------------------------------------------------------- writing


def _keep_invoiced_days(session: Session, tariff: Tariff, clean: CleanTariff) -> None:
    """A tariff's period keeps the days issued invoices billed under it (their lines say so)."""
    span = invoiced_span(session, tariff)
    if span is None:
        return
    errors = {}
    if clean.valid_from > span[0]:
        errors["valid_from"] = (
            f"Ce tarif a servi à des factures émises dès le {short_date(span[0])} : il ne peut "
            "commencer plus tard."
        )
    if clean.valid_to is not None and clean.valid_to < span[1]:
        errors["valid_to"] = (
            f"Ce tarif a servi à des factures émises jusqu'au {short_date(span[1])} : il ne "
            "peut finir plus tôt."
        )
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class SavedTariff:
    tariff: TariffRow
    closed: TariffRow | None  # the open-ended tariff closed the day before, if asked


def save_tariff(
    session: Session,
    service_id: int,
    data: Mapping[str, Any],
    tariff_id: int | None = None,
    expected_version: int | None = None,
    *,
    close_previous: bool = False,
    role: StaffRole | str,
) -> SavedTariff:
    """Create (`tariff_id` None) or change a tariff of the service, in the caller's
    transaction. A change is refused (who, when, what) if the tariff moved on since the user
    opened it (`expected_version`). `close_previous`: the open-ended tariff that started
    before this one ends the day before it (what « Nouveau tarif » offers)."""
    require(role, Permission.SETTINGS)
    service = get_or_404(session, Service, service_id, "prestation")
    tariff: Tariff | None = None
    if tariff_id is not None:
        tariff = get_or_404(session, Tariff, tariff_id, "tarif")
        if tariff.service_id != service.id:
            raise ValidationError({"": "Ce tarif appartient à une autre prestation."})
        ensure_version(
            session,
            tariff,
            expected_version,
            data,
            TARIFF_FIELDS,
            TARIFF_LABELS,
            current=_row(tariff).values(),
        )
    clean = clean_tariff(data)
    locks.hold(session, LOCK_SUBJECT, service.id)
    if tariff is not None:
        _keep_invoiced_days(session, tariff, clean)
    closed: Tariff | None = None
    if close_previous:
        rows = list_tariffs(session, service.id)
        previous = open_ended_before(rows, clean.valid_from, exclude_id=tariff_id)
        if previous is not None:
            closed = session.get(Tariff, previous.id)
            assert closed is not None
            end = clean.valid_from - dt.timedelta(days=1)
            span = invoiced_span(session, closed)
            if span is not None and end < span[1]:
                raise ValidationError(
                    {
                        "valid_from": f"Le tarif {period_text(closed.valid_from, None)} a servi "
                        f"à des factures émises jusqu'au {short_date(span[1])} : le nouveau "
                        "tarif ne peut commencer qu'après cette date."
                    }
                )
            closed.valid_to = end
            session.flush()
    _check_overlap(session, service.id, clean, tariff_id)
    if tariff is None:
        tariff = Tariff(service_id=service.id, **clean.columns())
        session.add(tariff)
    else:
        for name, value in clean.columns().items():
            setattr(tariff, name, value)
        # The row is written (its version moves on) even when only its brackets change: a
        # concurrent save of the same tariff then loses the race instead of mixing brackets.
        flag_modified(tariff, "valid_from")
        tariff.brackets.clear()
        session.flush()  # the old brackets go before the new ones (unique tariff, qf_max)
    tariff.brackets.extend(TariffBracket(qf_max=q, price=p) for q, p in clean.brackets)
    session.flush()
    session.refresh(tariff, ["brackets"])
    return SavedTariff(_row(tariff), _row(closed) if closed is not None else None)


def delete_tariff(
    session: Session,
    tariff_id: int,
    expected_version: int | None = None,
    *,
    role: StaffRole | str,
) -> None:
    """Delete a tariff no issued invoice used; a used one is closed at a date instead."""
    require(role, Permission.SETTINGS)
    tariff = get_or_404(session, Tariff, tariff_id, "tarif")
    ensure_version(session, tariff, expected_version, None, TARIFF_FIELDS, TARIFF_LABELS)
    locks.hold(session, LOCK_SUBJECT, tariff.service_id)
    if used_by_invoices(session, tariff):
        raise ValidationError(
            {
                "": "Ce tarif a servi à des factures émises : fermez-le à une date plutôt que "
                "de le supprimer."
            }
        )
    session.delete(tariff)
    session.flush()
