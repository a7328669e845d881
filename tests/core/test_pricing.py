"""core.billing.pricing, the one pricing function: every tariff method, dated tariffs, each
attendance state through rules.billing_kind, money exact to the cent, the order of the lines."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from portail_admin.core.billing.pricing import (
    BillableDay,
    Bracket,
    TariffTerms,
    line_amount,
    line_label,
    price_family_month,
    round_cents,
    tariff_on,
)
from portail_admin.core.models.enums import Attendance, LineKind
from portail_admin.core.planning.rules import billing_kind

D = Decimal
NOV = [dt.date(2026, 11, d) for d in (2, 3, 5, 6, 9, 10, 12, 13, 16, 17, 19, 20, 23, 24, 26, 27)]
PRESENT, UNBOOKED, ABSENT = LineKind.PRESENT, LineKind.PRESENT_UNBOOKED, LineKind.ABSENT_BILLED
SURCHARGE, LATE = LineKind.UNBOOKED_SURCHARGE, LineKind.LATE_ABSENCE_SURCHARGE


def flat(price: str, service: str = "RESTO", **terms) -> TariffTerms:
    return TariffTerms(service, dt.date(2026, 9, 1), None, (Bracket(None, D(price)),), **terms)


def bracketed(service: str = "RESTO", **terms) -> TariffTerms:
    """Four brackets by QF: ≤ 600, ≤ 900, ≤ 1 200, above."""
    brackets = (
        Bracket(D(600), D("3.10")),
        Bracket(D(900), D("3.70")),
        Bracket(D(1200), D("4.30")),
        Bracket(None, D("4.90")),
    )
    return TariffTerms(service, dt.date(2026, 9, 1), None, brackets, **terms)


def days(child, service, kind, dates) -> list[BillableDay]:
    return [BillableDay(child, service, d, kind) for d in dates]


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def summary(result) -> list[tuple]:
    return [
        (
            line.child_id,
            line.service_id,
            line.kind,
            len(line.days),
            line.unit_price,
            line.reduction_pct,
            line.amount,
        )
        for line in result.lines
    ]


# --- Flat price and brackets --------------------------------------------------------------


def test_flat_price_per_unit():
    result = price_family_month(
        days("léa", "RESTO", PRESENT, NOV[:3]), {"RESTO": [flat("2.50")]}, D(700), ["léa"]
    )
    [line] = result.lines
    assert (line.quantity, line.unit_price, line.amount) == (3, D("2.50"), D("7.50"))
    assert line.days == tuple(NOV[:3]) and (line.first_day, line.last_day) == (NOV[0], NOV[2])
    assert line.detail == "" and line.reduction_pct == 0
    assert result.total == D("7.50") and result.missing_tariffs == []
    # A flat price asks for no QF: no alert for a family without one.
    no_qf = price_family_month(
        days("léa", "RESTO", PRESENT, NOV[:3]), {"RESTO": [flat("2.50")]}, None, ["léa"]
    )
    assert no_qf.total == D("7.50") and not no_qf.top_bracket_without_qf


@pytest.mark.parametrize(
    ("qf", "price", "detail"),
    [
        (D(320), "3.10", "Tranche 1 (QF ≤ 600,00 €)"),
        (D(600), "3.10", "Tranche 1 (QF ≤ 600,00 €)"),  # the bound itself: the lower bracket
        (D("600.00"), "3.10", "Tranche 1 (QF ≤ 600,00 €)"),
        (D("600.01"), "3.70", "Tranche 2 (QF ≤ 900,00 €)"),
        (D(900), "3.70", "Tranche 2 (QF ≤ 900,00 €)"),
        (D(1200), "4.30", "Tranche 3 (QF ≤ 1 200,00 €)"),
        (D(1201), "4.90", "Tranche 4 (QF > 1 200,00 €)"),
        (D(0), "3.10", "Tranche 1 (QF ≤ 600,00 €)"),
    ],
)
def test_brackets_by_quotient_familial(qf, price, detail):
    result = price_family_month(
        days("léa", "RESTO", PRESENT, NOV[:4]), {"RESTO": [bracketed()]}, qf, ["léa"]
    )
    [line] = result.lines
    assert line.unit_price == D(price) and line.amount == 4 * D(price)
    assert plain(line.detail) == detail
    assert not result.top_bracket_without_qf


def test_no_qf_pays_the_top_bracket_and_says_so():
    result = price_family_month(
        days("léa", "RESTO", PRESENT, NOV[:4]), {"RESTO": [bracketed()]}, None, ["léa"]
    )
    [line] = result.lines
    assert line.unit_price == D("4.90") and line.amount == D("19.60")
    assert line.detail == "Sans QF : tranche la plus haute"
    assert result.top_bracket_without_qf


def test_from_model_sorts_brackets_and_reads_missing_values_as_zero():
    """A Tariff row: brackets in any order (the unbounded one first here), None reductions."""
    tariff = SimpleNamespace(
        service_id=7,
        valid_from=dt.date(2026, 9, 1),
        valid_to=None,
        brackets=[
            SimpleNamespace(qf_max=None, price=D("4.90")),
            SimpleNamespace(qf_max=D(900), price=D("3.70")),
            SimpleNamespace(qf_max=D(600), price=D("3.10")),
        ],
        second_child_reduction=D("10.00"),
        third_child_reduction=None,
        unbooked_surcharge=D("1.00"),
        late_absence_surcharge=None,
    )
    terms = TariffTerms.from_model(tariff)
    assert [b.qf_max for b in terms.brackets] == [D(600), D(900), None]
    assert terms.second_child_reduction == D(10) and terms.third_child_reduction == 0
    assert terms.unbooked_surcharge == D("1.00") and terms.late_absence_surcharge == 0
    assert terms.bracket_for(D(700)) == (1, Bracket(D(900), D("3.70")))
    assert terms.bracket_for(None) == (2, Bracket(None, D("4.90")))


# --- Dégressif fratrie -------------------------------------------------------------------


def test_second_and_third_child_reductions_by_birth_order():
    """−10 % for the 2nd child billed for the service that month, −20 % for the 3rd and
    further; the eldest pays full price. Ranks follow child_order (eldest first), not the
    order the days come in."""
    terms = bracketed(second_child_reduction=D(10), third_child_reduction=D(20))
    kids = ["aîné", "cadet", "benjamin", "petit"]
    billed = [d for kid in reversed(kids) for d in days(kid, "RESTO", PRESENT, NOV[:4])]
    result = price_family_month(billed, {"RESTO": [terms]}, None, kids)
    assert summary(result) == [
        ("aîné", "RESTO", PRESENT, 4, D("4.90"), D(0), D("19.60")),
        ("cadet", "RESTO", PRESENT, 4, D("4.90"), D(10), D("17.64")),
        ("benjamin", "RESTO", PRESENT, 4, D("4.90"), D(20), D("15.68")),
        ("petit", "RESTO", PRESENT, 4, D("4.90"), D(20), D("15.68")),
    ]
    assert [plain(line.detail) for line in result.lines] == [
        "Sans QF : tranche la plus haute",
        "Sans QF : tranche la plus haute, −10 % (2e enfant)",
        "Sans QF : tranche la plus haute, −20 % (3e enfant)",
        "Sans QF : tranche la plus haute, −20 % (4e enfant)",
    ]
    assert result.total == D("68.60")


def test_rank_counts_only_the_children_billed_for_that_service_that_month():
    """The eldest goes to the garderie only: at the canteen the 2nd-born is the first child
    billed and pays full price; the 3rd-born is the canteen's 2nd."""
    terms = {
        "RESTO": [flat("4.00", second_child_reduction=D(10), third_child_reduction=D(20))],
        "GARDERIE": [flat("1.50", "GARDERIE", second_child_reduction=D(50))],
    }
    billed = (
        days("eldest", "GARDERIE", PRESENT, NOV[:2])
        + days("middle", "RESTO", PRESENT, NOV[:2])
        + days("youngest", "RESTO", PRESENT, NOV[:2])
    )
    result = price_family_month(billed, terms, D(500), ["eldest", "middle", "youngest"])
    assert summary(result) == [
        ("eldest", "GARDERIE", PRESENT, 2, D("1.50"), D(0), D("3.00")),
        ("middle", "RESTO", PRESENT, 2, D("4.00"), D(0), D("8.00")),
        ("youngest", "RESTO", PRESENT, 2, D("4.00"), D(10), D("7.20")),
    ]
    # Only absent-billed days still make a child "billed" for the service that month.
    billed.append(BillableDay("eldest", "RESTO", NOV[5], ABSENT))
    result = price_family_month(billed, terms, D(500), ["eldest", "middle", "youngest"])
    assert [line.reduction_pct for line in result.lines if line.service_id == "RESTO"] == [
        D(0),
        D(10),
        D(20),
    ]


def test_child_missing_from_the_order_ranks_last():
    terms = {"RESTO": [flat("4.00", second_child_reduction=D(10))]}
    billed = days("unknown", "RESTO", PRESENT, NOV[:1]) + days("known", "RESTO", PRESENT, NOV[:1])
    result = price_family_month(billed, terms, None, ["known"])
    assert [(line.child_id, line.reduction_pct) for line in result.lines] == [
        ("known", D(0)),
        ("unknown", D(10)),
    ]


# --- Surcharges and attendance states ---------------------------------------------------


def test_presence_without_reservation_and_its_surcharge():
    """A day present without a booking is billed at its price, plus a surcharge line of its
    own, never reduced (even for a reduced 2nd child)."""
    terms = {
        "GAR": [flat("2.45", "GAR", second_child_reduction=D(10), unbooked_surcharge=D("1.00"))]
    }
    billed = (
        days("a", "GAR", PRESENT, NOV[:1])
        + days("b", "GAR", PRESENT, NOV[:3])
        + days("b", "GAR", UNBOOKED, NOV[3:5])
    )
    result = price_family_month(billed, terms, None, ["a", "b"])
    assert summary(result) == [
        ("a", "GAR", PRESENT, 1, D("2.45"), D(0), D("2.45")),
        ("b", "GAR", PRESENT, 3, D("2.45"), D(10), D("6.62")),  # 6,615 → 6,62
        ("b", "GAR", UNBOOKED, 2, D("2.45"), D(10), D("4.41")),
        ("b", "GAR", SURCHARGE, 2, D("1.00"), D(0), D("2.00")),
    ]
    assert result.lines[3].days == tuple(NOV[3:5]) and result.lines[3].detail == ""
    assert result.total == D("15.48")


def test_late_absence_is_billed_with_its_surcharge():
    terms = {"RESTO": [flat("4.90", late_absence_surcharge=D("2.00"))]}
    billed = days("a", "RESTO", PRESENT, NOV[:2]) + days("a", "RESTO", ABSENT, NOV[2:3])
    result = price_family_month(billed, terms, None, ["a"])
    assert summary(result) == [
        ("a", "RESTO", PRESENT, 2, D("4.90"), D(0), D("9.80")),
        ("a", "RESTO", ABSENT, 1, D("4.90"), D(0), D("4.90")),
        ("a", "RESTO", LATE, 1, D("2.00"), D(0), D("2.00")),
    ]


def test_no_surcharge_line_when_the_tariff_has_none():
    billed = days("a", "RESTO", UNBOOKED, NOV[:2]) + days("a", "RESTO", ABSENT, NOV[2:3])
    result = price_family_month(billed, {"RESTO": [flat("4.90")]}, None, ["a"])
    assert [line.kind for line in result.lines] == [UNBOOKED, ABSENT]


@pytest.mark.parametrize(
    ("booked", "attendance", "kind"),
    [
        (True, Attendance.PRESENT, LineKind.PRESENT),
        (False, Attendance.PRESENT, LineKind.PRESENT_UNBOOKED),
        (True, Attendance.ABSENT_BILLED, LineKind.ABSENT_BILLED),
        (False, Attendance.ABSENT_BILLED, LineKind.ABSENT_BILLED),
        (True, Attendance.ABSENT_EXCUSED, None),
        (False, Attendance.ABSENT_EXCUSED, None),
        (True, Attendance.LEAVE, None),
        (True, Attendance.UNKNOWN, None),  # not recorded yet: a later run bills it
        (False, Attendance.UNKNOWN, None),
    ],
)
def test_each_attendance_state_through_billing_kind(booked, attendance, kind):
    assert billing_kind(booked, attendance) is kind
    terms = {"RESTO": [flat("4.90", unbooked_surcharge=D(1), late_absence_surcharge=D(2))]}
    billed = [BillableDay("a", "RESTO", NOV[0], kind)] if kind is not None else []
    result = price_family_month(billed, terms, None, ["a"])
    expected = {None: D(0), PRESENT: D("4.90"), UNBOOKED: D("5.90"), ABSENT: D("6.90")}
    assert result.total == expected[kind]


def test_days_of_a_kind_that_bills_nothing_are_ignored():
    """Only the three day kinds are priced: a CORRECTION (or a surcharge) given as a day is not
    a billed day."""
    billed = [
        BillableDay("a", "RESTO", NOV[0], LineKind.CORRECTION),
        BillableDay("a", "RESTO", NOV[1], SURCHARGE),
        BillableDay("a", "RESTO", NOV[2], PRESENT),
    ]
    result = price_family_month(billed, {"RESTO": [flat("4.90")]}, None, ["a"])
    assert summary(result) == [("a", "RESTO", PRESENT, 1, D("4.90"), D(0), D("4.90"))]


# --- Dated tariffs ------------------------------------------------------------------------


def test_a_price_change_mid_month_gives_two_lines():
    old = TariffTerms(
        "RESTO", dt.date(2014, 9, 1), dt.date(2026, 11, 15), (Bracket(None, D("4.20")),)
    )
    new = TariffTerms("RESTO", dt.date(2026, 11, 16), None, (Bracket(None, D("4.90")),))
    result = price_family_month(
        days("a", "RESTO", PRESENT, NOV), {"RESTO": [new, old]}, None, ["a"]
    )
    assert summary(result) == [
        ("a", "RESTO", PRESENT, 8, D("4.20"), D(0), D("33.60")),
        ("a", "RESTO", PRESENT, 8, D("4.90"), D(0), D("39.20")),
    ]
    assert result.lines[0].last_day == dt.date(2026, 11, 13)
    assert result.lines[1].first_day == dt.date(2026, 11, 16)
    assert tariff_on([old, new], dt.date(2026, 11, 15)) is old
    assert tariff_on([old, new], dt.date(2026, 11, 16)) is new


def test_overlapping_tariffs_the_latest_start_wins():
    open_ended = flat("4.00")
    later = TariffTerms("RESTO", dt.date(2026, 11, 10), None, (Bracket(None, D("5.00")),))
    assert tariff_on([later, open_ended], dt.date(2026, 11, 9)) is open_ended
    assert tariff_on([later, open_ended], dt.date(2026, 11, 10)) is later
    assert tariff_on([later, open_ended], dt.date(2026, 8, 31)) is None


def test_a_day_with_no_tariff_goes_to_missing_tariffs():
    ended = TariffTerms("RESTO", dt.date(2026, 9, 1), dt.date(2026, 11, 10), (Bracket(None, D(4)),))
    billed = days("a", "RESTO", PRESENT, NOV[:8]) + days("a", "ALSH", PRESENT, NOV[:1])
    no_brackets = TariffTerms("GAR", dt.date(2026, 9, 1), None, ())
    billed += days("a", "GAR", PRESENT, NOV[:1])
    result = price_family_month(billed, {"RESTO": [ended], "GAR": [no_brackets]}, None, ["a"])
    assert summary(result) == [("a", "RESTO", PRESENT, 6, D(4), D(0), D("24.00"))]
    assert sorted(result.missing_tariffs) == sorted(
        [("RESTO", NOV[6]), ("RESTO", NOV[7]), ("ALSH", NOV[0]), ("GAR", NOV[0])]
    )


# --- Money -------------------------------------------------------------------------------


def test_totals_exact_to_the_cent_where_floats_are_wrong():
    assert 17 * 4.15 != 70.55  # what a float column stores
    result = price_family_month(
        days("a", "RESTO", PRESENT, NOV + [dt.date(2026, 11, 30)]),
        {"RESTO": [flat("4.15")]},
        None,
        ["a"],
    )
    [line] = result.lines
    assert line.quantity == 17 and line.amount == D("70.55") and str(line.amount) == "70.55"
    assert isinstance(line.amount, Decimal) and isinstance(result.total, Decimal)
    assert line_amount(D(17), D("4.15")) == D("70.55")
    # Ten lines of 0,10 €: a float sum gives 0.9999999999999999.
    assert sum([0.1] * 10) != 1.0
    ten = [d for s in range(10) for d in days("a", f"S{s}", PRESENT, NOV[:1])]
    tariffs = {f"S{s}": [flat("0.10", f"S{s}")] for s in range(10)}
    result = price_family_month(ten, tariffs, None, ["a"])
    assert len(result.lines) == 10 and result.total == D("1.00")
    assert str(result.total) == "1.00"


def test_half_up_never_bankers_rounding():
    assert round_cents(D("0.125")) == D("0.13")  # banker's rounding gives 0,12
    assert round_cents(D("0.135")) == D("0.14")
    assert round_cents(D("0.124999")) == D("0.12")
    assert round(0.125, 2) == 0.12  # what Python's float round does
    # 1 × 1,25 € less 10 %: 1,125 → 1,13.
    assert line_amount(D(1), D("1.25"), D(10)) == D("1.13")
    result = price_family_month(
        days("a", "R", PRESENT, NOV[:1]) + days("b", "R", PRESENT, NOV[:1]),
        {"R": [flat("1.25", "R", second_child_reduction=D(10))]},
        None,
        ["a", "b"],
    )
    assert [line.amount for line in result.lines] == [D("1.25"), D("1.13")]


def test_a_line_is_rounded_once_not_per_day():
    """3 × 1,15 € less 10 %: 3,105 → 3,11 for the line (per day: 1,035 → 1,04, × 3 = 3,12)."""
    terms = {"R": [flat("1.15", "R", second_child_reduction=D(10))]}
    billed = days("a", "R", PRESENT, NOV[:3]) + days("b", "R", PRESENT, NOV[:3])
    result = price_family_month(billed, terms, None, ["a", "b"])
    assert result.lines[1].amount == D("3.11")
    assert round_cents(D("1.035")) * 3 == D("3.12")  # what rounding each day would give
    assert result.total == D("3.45") + D("3.11")


# --- Order of the lines ------------------------------------------------------------------


def test_lines_by_child_then_service_then_basis_then_price():
    terms = {
        "RESTO": [
            TariffTerms(
                "RESTO",
                dt.date(2026, 9, 1),
                dt.date(2026, 11, 15),
                (Bracket(None, D(5)),),
                unbooked_surcharge=D(1),
            ),
            TariffTerms(
                "RESTO",
                dt.date(2026, 11, 16),
                None,
                (Bracket(None, D(4)),),
                unbooked_surcharge=D(1),
            ),
        ],
        "GAR": [flat("1.50", "GAR", late_absence_surcharge=D("0.50"))],
        "ZOO": [flat("9.00", "ZOO")],
    }
    billed = (
        days("young", "RESTO", PRESENT, NOV[:2])
        + days("young", "GAR", ABSENT, NOV[2:3])
        + days("old", "ZOO", PRESENT, NOV[:1])  # not in service_order: after the others
        + days("old", "RESTO", UNBOOKED, NOV[:1] + NOV[10:11])
        + days("old", "RESTO", PRESENT, NOV[1:2] + NOV[12:13])
        + days("old", "GAR", PRESENT, NOV[:1])
    )
    expected = [
        ("old", "GAR", PRESENT, 1, D("1.50"), D(0), D("1.50")),
        ("old", "RESTO", PRESENT, 1, D(4), D(0), D("4.00")),
        ("old", "RESTO", PRESENT, 1, D(5), D(0), D("5.00")),
        ("old", "RESTO", UNBOOKED, 1, D(4), D(0), D("4.00")),
        ("old", "RESTO", UNBOOKED, 1, D(5), D(0), D("5.00")),
        ("old", "RESTO", SURCHARGE, 2, D(1), D(0), D("2.00")),
        ("old", "ZOO", PRESENT, 1, D(9), D(0), D("9.00")),
        ("young", "GAR", ABSENT, 1, D("1.50"), D(0), D("1.50")),
        ("young", "GAR", LATE, 1, D("0.50"), D(0), D("0.50")),
        ("young", "RESTO", PRESENT, 2, D(5), D(0), D("10.00")),
    ]
    for seed in range(5):  # whatever order the days come in
        shuffled = list(billed)
        random.Random(seed).shuffle(shuffled)
        result = price_family_month(shuffled, terms, None, ["old", "young"], ["GAR", "RESTO"])
        assert summary(result) == expected
        assert all(list(line.days) == sorted(line.days) for line in result.lines)
        assert result.total == D("42.50")


def test_line_label():
    assert line_label("Restaurant scolaire", "Léa", LineKind.PRESENT) == (
        "Restaurant scolaire — Léa : réservé et présent"
    )
    assert line_label("Garderie soir", "LÉO", LineKind.UNBOOKED_SURCHARGE) == (
        "Garderie soir — LÉO : majoration présence sans réservation"
    )


def test_same_price_in_two_brackets_of_two_tariffs_keeps_each_basis():
    """QF 850: bracket 1 (≤ 900) of the old tariff, bracket 2 (≤ 1 000) of the new one, both
    3,70 €. Each line must state its own basis (DOMAIN: a bill states its bracket)."""
    old = TariffTerms(
        "R",
        dt.date(2026, 9, 1),
        dt.date(2026, 11, 15),
        (Bracket(D(900), D("3.70")), Bracket(None, D("4.90"))),
    )
    new = TariffTerms(
        "R",
        dt.date(2026, 11, 16),
        None,
        (Bracket(D(800), D("3.10")), Bracket(D(1000), D("3.70")), Bracket(None, D("4.90"))),
    )
    billed = days("a", "R", PRESENT, NOV[:2]) + days("a", "R", PRESENT, NOV[8:10])
    result = price_family_month(billed, {"R": [old, new]}, D(850), ["a"])
    assert [(line.days, plain(line.detail)) for line in result.lines] == [
        (tuple(NOV[:2]), "Tranche 1 (QF ≤ 900,00 €)"),
        (tuple(NOV[8:10]), "Tranche 2 (QF ≤ 1 000,00 €)"),
    ]
