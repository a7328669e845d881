"""What a month of days costs a family: the one pricing function (pure: no SQL, no Qt).

Every caller prices through `price_family_month`: the monthly run, its preview, the demo
generator. Amounts are Decimal; each line is rounded to the cent, half up, once (DOMAIN.md:
"line by line"), so 17 × 4,15 € is 70,55 €, whatever floats would say.

A line groups the days of one child and one service billed on the same basis at the same
price: quantity × unit price, less the line's reduction (dégressif fratrie). Surcharges (a
presence without reservation, a late absence) are lines of their own, never reduced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any

from ..formatting import money
from ..models.enums import LineKind

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

# The kinds of day a run bills, and the surcharge each may carry.
DAY_KINDS = (LineKind.PRESENT, LineKind.PRESENT_UNBOOKED, LineKind.ABSENT_BILLED)
SURCHARGE_OF = {
    LineKind.PRESENT_UNBOOKED: LineKind.UNBOOKED_SURCHARGE,
    LineKind.ABSENT_BILLED: LineKind.LATE_ABSENCE_SURCHARGE,
}
_KIND_ORDER = {kind: i for i, kind in enumerate(LineKind)}


def round_cents(value: Decimal) -> Decimal:
    """To the cent, half up (never banker's rounding: 0,125 € is 0,13 €)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bracket:
    qf_max: Decimal | None  # None: no upper bound (the top bracket)
    price: Decimal


@dataclass(frozen=True)
class TariffTerms:
    """One dated tariff of a service, as plain values (`from_model` reads a models.Tariff)."""

    service_id: Hashable
    valid_from: dt.date
    valid_to: dt.date | None
    brackets: tuple[Bracket, ...]  # by ascending qf_max, the unbounded one last
    second_child_reduction: Decimal = ZERO  # %
    third_child_reduction: Decimal = ZERO  # %, the 3rd child and further
    unbooked_surcharge: Decimal = ZERO  # € a day
    late_absence_surcharge: Decimal = ZERO  # € a day

    @classmethod
    def from_model(cls, tariff: Any) -> TariffTerms:
        brackets = sorted(
            (Bracket(b.qf_max, Decimal(b.price)) for b in tariff.brackets),
            key=lambda b: (b.qf_max is None, b.qf_max or ZERO),
        )
        return cls(
            service_id=tariff.service_id,
            valid_from=tariff.valid_from,
            valid_to=tariff.valid_to,
            brackets=tuple(brackets),
            second_child_reduction=Decimal(tariff.second_child_reduction or 0),
            third_child_reduction=Decimal(tariff.third_child_reduction or 0),
            unbooked_surcharge=Decimal(tariff.unbooked_surcharge or 0),
            late_absence_surcharge=Decimal(tariff.late_absence_surcharge or 0),
        )

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_flat(self) -> bool:
        return len(self.brackets) == 1

    def bracket_for(self, qf: Decimal | None) -> tuple[int, Bracket]:
        """The bracket (its index, from 0) a family of quotient `qf` pays; without a QF, the
        top one."""
        if not self.brackets:
            raise ValueError("tariff without brackets")
        if qf is not None:
            for index, bracket in enumerate(self.brackets):
                if bracket.qf_max is None or qf <= bracket.qf_max:
                    return index, bracket
        return len(self.brackets) - 1, self.brackets[-1]

    def reduction_for(self, rank: int) -> Decimal:
        """The dégressif fratrie, in %, of the family's `rank`-th child (1: the eldest)."""
        if rank <= 1:
            return ZERO
        return self.second_child_reduction if rank == 2 else self.third_child_reduction


def tariff_on(tariffs: Sequence[TariffTerms], day: dt.date) -> TariffTerms | None:
    """The tariff of a service in force on `day` (the latest start wins an overlap)."""
    found = None
    for terms in tariffs:
        if terms.covers(day) and (found is None or terms.valid_from > found.valid_from):
            found = terms
    return found


@dataclass(frozen=True)
class BillableDay:
    """A child's day of a service that the planning rules bill (`rules.billing_kind`)."""

    child_id: Hashable
    service_id: Hashable
    day: dt.date
    kind: LineKind


@dataclass(frozen=True)
class LineDraft:
    """One invoice line before it is issued."""

    child_id: Hashable
    service_id: Hashable
    kind: LineKind
    days: tuple[dt.date, ...]
    unit_price: Decimal
    reduction_pct: Decimal
    amount: Decimal
    detail: str  # the bracket and the reduction, in French ("" for a flat price)

    @property
    def quantity(self) -> Decimal:
        return Decimal(len(self.days))

    @property
    def first_day(self) -> dt.date:
        return self.days[0]

    @property
    def last_day(self) -> dt.date:
        return self.days[-1]


@dataclass
class FamilyPricing:
    lines: list[LineDraft] = field(default_factory=list)
    # Billed days no tariff covers: (service, day). They are left out of the lines.
    missing_tariffs: list[tuple[Hashable, dt.date]] = field(default_factory=list)
    # The family has no QF and a bracketed tariff applied its top bracket.
    top_bracket_without_qf: bool = False

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def line_amount(quantity: Decimal, unit_price: Decimal, reduction_pct: Decimal = ZERO) -> Decimal:
    """quantity × unit price, less reduction_pct %, rounded once to the cent."""
    return round_cents(quantity * unit_price * (HUNDRED - reduction_pct) / HUNDRED)


def _percent(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}\u00a0%"


def bracket_detail(terms: TariffTerms, index: int, qf: Decimal | None) -> str:
    """"Tranche 2 (QF ≤ 800,00 €)", "Sans QF : tranche la plus haute", or "" (flat)."""
    if terms.is_flat:
        return ""
    return _bracket_text(terms.brackets, index, qf is None)


@lru_cache(maxsize=1024)  # a run words the same few brackets for thousands of families
def _bracket_text(brackets: tuple[Bracket, ...], index: int, without_qf: bool) -> str:
    if without_qf:
        return "Sans QF : tranche la plus haute"
    bracket = brackets[index]
    if bracket.qf_max is None:
        low = brackets[index - 1].qf_max if index > 0 else None
        bound = f"QF > {money(low)}" if low is not None else "tout QF"
        return f"Tranche {index + 1} ({bound})"
    return f"Tranche {index + 1} (QF ≤ {money(bracket.qf_max)})"


@lru_cache(maxsize=256)
def reduction_detail(pct: Decimal, rank: int) -> str:
    return f"−{_percent(pct)} ({rank}e enfant)" if pct else ""


def _ranks(days: Sequence[BillableDay], child_order: Sequence[Hashable]) -> dict[Any, int]:
    """(service, child) → the child's rank among the family's children billed for that
    service this month, eldest first (`child_order`)."""
    position = {child: i for i, child in enumerate(child_order)}
    by_service: dict[Hashable, set[Hashable]] = {}
    for d in days:
        by_service.setdefault(d.service_id, set()).add(d.child_id)
    ranks: dict[Any, int] = {}
    for service, children in by_service.items():
        ordered = sorted(children, key=lambda c: (position.get(c, len(position)), str(c)))
        for rank, child in enumerate(ordered, start=1):
            ranks[(service, child)] = rank
    return ranks


def price_family_month(
    days: Iterable[BillableDay],
    tariffs: Mapping[Hashable, Sequence[TariffTerms]],
    qf: Decimal | None,
    child_order: Sequence[Hashable],
    service_order: Sequence[Hashable] = (),
) -> FamilyPricing:
    """The lines of one family's month: `days` billed by the planning rules, each priced by
    the service's tariff of that day for the family's `qf` and the child's rank
    (`child_order`: the family's children, eldest first). Lines come by child, then service
    (`service_order`, else as met), then basis, then price."""
    # By day (a line's days ascending); a stable sort, so equal days keep their order.
    billable = sorted((d for d in days if d.kind in DAY_KINDS), key=attrgetter("day"))
    ranks = _ranks(billable, child_order)
    result = FamilyPricing()
    groups: dict[tuple[Any, ...], list[dt.date]] = {}
    # What a (service, day) and a (tariff, rank) resolve to, worked out once per family: a
    # month repeats the same few of them over every day.
    terms_of: dict[tuple[Hashable, dt.date], TariffTerms | None] = {}
    basis_of: dict[tuple[int, int], tuple[Decimal, Decimal, str]] = {}
    for d in billable:
        where = (d.service_id, d.day)
        if where in terms_of:
            terms = terms_of[where]
        else:
            terms = terms_of[where] = tariff_on(tariffs.get(d.service_id, ()), d.day)
        if terms is None or not terms.brackets:
            result.missing_tariffs.append(where)
            continue
        rank = ranks[(d.service_id, d.child_id)]
        basis = basis_of.get((id(terms), rank))
        if basis is None:
            index, bracket = terms.bracket_for(qf)
            pct = terms.reduction_for(rank)
            detail = ", ".join(
                part
                for part in (bracket_detail(terms, index, qf), reduction_detail(pct, rank))
                if part
            )
            basis = basis_of[(id(terms), rank)] = (bracket.price, pct, detail)
            if qf is None and not terms.is_flat:
                result.top_bracket_without_qf = True
        price, pct, detail = basis
        # The detail is part of the key: one price reached through two brackets (a tariff
        # changed mid-month) makes two lines, each stating its own basis.
        key = (d.child_id, d.service_id, d.kind, price, pct, detail)
        groups.setdefault(key, []).append(d.day)
        surcharge_kind = SURCHARGE_OF.get(d.kind)
        if surcharge_kind is not None:
            surcharge = (
                terms.unbooked_surcharge
                if surcharge_kind is LineKind.UNBOOKED_SURCHARGE
                else terms.late_absence_surcharge
            )
            if surcharge > 0:
                skey = (d.child_id, d.service_id, surcharge_kind, surcharge, ZERO, "")
                groups.setdefault(skey, []).append(d.day)
    child_pos = {c: i for i, c in enumerate(child_order)}
    service_pos = {s: i for i, s in enumerate(service_order)}

    def order(key: tuple[Any, ...]) -> tuple[Any, ...]:
        child, service, kind, price, _, _ = key
        return (
            child_pos.get(child, len(child_pos)),
            str(child),
            service_pos.get(service, len(service_pos)),
            str(service),
            _KIND_ORDER[kind],
            price,
        )

    for key in sorted(groups, key=order):
        child, service, kind, price, pct, detail = key
        dates = tuple(groups[key])
        result.lines.append(
            LineDraft(
                child_id=child,
                service_id=service,
                kind=kind,
                days=dates,
                unit_price=price,
                reduction_pct=pct,
                amount=line_amount(Decimal(len(dates)), price, pct),
                detail=detail,
            )
        )
    return result


def line_label(service_name: str, child_first_name: str, kind: LineKind) -> str:
    """"Restaurant scolaire — Léa : réservé et présent"."""
    return f"{service_name} — {child_first_name} : {kind.label[0].lower()}{kind.label[1:]}"
