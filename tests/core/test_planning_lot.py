"""The saisie par lot's days (core.planning.lot): pure, no database, no Qt."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from portail_admin.core.errors import ValidationError
from portail_admin.core.models import weekday_mask
from portail_admin.core.models.enums import CalendarKind
from portail_admin.core.planning.lot import (
    MAX_DAYS,
    LotDays,
    LotSpec,
    Recurrence,
    lot_days,
    monday_of,
    week_matches,
)
from portail_admin.core.services.calendar import CalendarIndex

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
D = dt.date


def service(**overrides):
    values = {
        "structure_id": 1,
        "active": True,
        "weekdays": weekday_mask(MON, TUE, WED, THU, FRI),
        "open_in_term": True,
        "open_in_holidays": True,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def span(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def calendar(
    holidays: dict[dt.date, str] | None = None,
    closures: dict[tuple[dt.date, int | None], str] | None = None,
    school_holidays: list[tuple[dt.date, dt.date, CalendarKind]] = (),
) -> CalendarIndex:
    index = CalendarIndex(public_holidays=dict(holidays or {}), closures=dict(closures or {}))
    for first, last, kind in school_holidays:
        for day in span(first, last):
            index.holidays_by_day[day] = kind
    return index


# The manual's spring 2015 (zone A): Easter Monday, the spring holidays, May 1st and 8th, a
# closure of the garderie (structure 1) on the Friday after Ascension, one of structure 2.
SPRING = calendar(
    holidays={
        D(2015, 4, 6): "Lundi de Pâques",
        D(2015, 5, 1): "Fête du Travail",
        D(2015, 5, 8): "Victoire 1945",
        D(2015, 5, 14): "Ascension",
    },
    closures={(D(2015, 5, 15), 1): "Pont de l'Ascension", (D(2015, 5, 22), 2): "Inventaire"},
    school_holidays=[(D(2015, 4, 11), D(2015, 4, 26), CalendarKind.SHORT_HOLIDAYS)],
)


def test_every_chosen_weekday_of_the_range():
    spec = LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), [WED])
    chosen = lot_days(spec, service(), SPRING)
    assert chosen.days == (D(2015, 5, 6), D(2015, 5, 13), D(2015, 5, 20), D(2015, 5, 27))
    assert chosen.skipped == {} and len(chosen) == 4


def test_the_range_bounds_are_included():
    spec = LotSpec.of(D(2015, 5, 4), D(2015, 5, 11), [MON])
    assert lot_days(spec, service(), SPRING).days == (D(2015, 5, 4), D(2015, 5, 11))


def test_public_holidays_and_closures_are_skipped_with_their_reason():
    spec = LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), [THU, FRI])
    chosen = lot_days(spec, service(), SPRING)
    assert D(2015, 5, 1) not in chosen.days and D(2015, 5, 8) not in chosen.days
    assert chosen.skipped == {
        D(2015, 5, 1): "jour férié",
        D(2015, 5, 8): "jour férié",
        D(2015, 5, 14): "jour férié",
        D(2015, 5, 15): "fermeture",
    }
    # Another structure's closure is none of this service's business.
    assert D(2015, 5, 22) in chosen.days
    assert lot_days(spec, service(structure_id=2), SPRING).skipped[D(2015, 5, 22)] == "fermeture"
    assert chosen.days == (
        D(2015, 5, 7),
        D(2015, 5, 21),
        D(2015, 5, 22),
        D(2015, 5, 28),
        D(2015, 5, 29),
    )


def test_a_closure_of_the_whole_commune_closes_every_structure():
    index = calendar(closures={(D(2015, 6, 3), None): "Élections"})
    spec = LotSpec.of(D(2015, 6, 1), D(2015, 6, 7), [WED])
    for structure in (1, 2):
        chosen = lot_days(spec, service(structure_id=structure), index)
        assert chosen.days == () and chosen.skipped == {D(2015, 6, 3): "fermeture"}


def test_skipped_cells_are_counted_per_child():
    spec = LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), [THU, FRI])
    chosen = lot_days(spec, service(), SPRING)
    assert chosen.skipped_counts(12) == {"jour férié": 36, "fermeture": 12}
    assert chosen.skipped_counts() == {"jour férié": 3, "fermeture": 1}
    assert LotDays(()).skipped_counts(5) == {}


def test_term_days_holidays_or_both():
    first, last = D(2015, 4, 1), D(2015, 4, 30)
    both = lot_days(
        LotSpec.of(first, last, [WED], term_days=True, holidays=True), service(), SPRING
    )
    term = lot_days(LotSpec.of(first, last, [WED]), service(), SPRING)
    holidays = lot_days(
        LotSpec.of(first, last, [WED], term_days=False, holidays=True), service(), SPRING
    )
    assert term.days == (D(2015, 4, 1), D(2015, 4, 8), D(2015, 4, 29))
    assert holidays.days == (D(2015, 4, 15), D(2015, 4, 22))
    assert both.days == tuple(sorted(term.days + holidays.days))


def test_a_service_closed_in_the_holidays_skips_them_when_they_are_asked():
    spec = LotSpec.of(D(2015, 4, 13), D(2015, 4, 17), [MON, TUE], term_days=False, holidays=True)
    chosen = lot_days(spec, service(open_in_holidays=False), SPRING)
    assert chosen.days == ()
    assert chosen.skipped == {
        D(2015, 4, 13): "petites vacances",
        D(2015, 4, 14): "petites vacances",
    }


def test_a_service_open_only_in_the_holidays_skips_the_term_days():
    spec = LotSpec.of(D(2015, 4, 6), D(2015, 4, 17), [MON], term_days=True, holidays=True)
    chosen = lot_days(spec, service(open_in_term=False), SPRING)
    # Easter Monday is a public holiday first; the 13th is in the holidays.
    assert chosen.days == (D(2015, 4, 13),)
    assert chosen.skipped == {D(2015, 4, 6): "jour férié"}
    spec = LotSpec.of(D(2015, 5, 4), D(2015, 5, 11), [MON])
    assert lot_days(spec, service(open_in_term=False), SPRING).skipped == {
        D(2015, 5, 4): "hors vacances",
        D(2015, 5, 11): "hors vacances",
    }


def test_a_weekday_the_service_does_not_open_is_skipped_and_said():
    canteen = service(weekdays=weekday_mask(MON, TUE, THU, FRI))
    chosen = lot_days(LotSpec.of(D(2015, 5, 4), D(2015, 5, 10), [MON, WED]), canteen, SPRING)
    assert chosen.days == (D(2015, 5, 4),)
    assert chosen.skipped == {D(2015, 5, 6): "pas d'accueil ce jour de la semaine"}


def test_an_inactive_service_takes_nothing():
    chosen = lot_days(
        LotSpec.of(D(2015, 5, 4), D(2015, 5, 5), [MON]), service(active=False), SPRING
    )
    assert chosen.days == () and chosen.skipped == {D(2015, 5, 4): "prestation désactivée"}


def test_weekends_when_chosen_and_the_service_opens_them():
    weekend = service(weekdays=weekday_mask(SAT, SUN))
    chosen = lot_days(LotSpec.of(D(2015, 5, 4), D(2015, 5, 17), [SAT, SUN]), weekend, SPRING)
    assert chosen.days == (D(2015, 5, 9), D(2015, 5, 10), D(2015, 5, 16), D(2015, 5, 17))


# --------------------------------------------------------------------------- the weeks


def test_one_week_in_two_counts_from_the_first_week_of_the_range():
    # The range starts on a Thursday: its week (from Monday 4 May) is in, even for the days
    # of that week before the start (not in the range anyway), the next week out, and so on.
    spec = LotSpec.of(D(2015, 5, 7), D(2015, 6, 14), [MON, THU], Recurrence.ONE_IN_TWO)
    chosen = lot_days(spec, service(), calendar())
    assert chosen.days == (
        D(2015, 5, 7),
        D(2015, 5, 18),
        D(2015, 5, 21),
        D(2015, 6, 1),
        D(2015, 6, 4),
    )


def test_one_week_in_two_keeps_its_rhythm_across_the_holidays():
    # The skipped holiday weeks still count: the rhythm is of the calendar, not of the days kept.
    spec = LotSpec.of(D(2015, 3, 30), D(2015, 5, 10), [TUE], Recurrence.ONE_IN_TWO)
    chosen = lot_days(spec, service(open_in_holidays=False), SPRING)
    assert chosen.days == (D(2015, 3, 31), D(2015, 4, 28))
    # 14 April is in an "in" week but in the holidays, which the spec does not ask for.
    assert chosen.skipped == {}


def test_even_and_odd_iso_weeks():
    spec = dict(first=D(2015, 5, 4), last=D(2015, 5, 31), weekdays=[MON])
    # 4 May 2015 is in ISO week 19.
    assert D(2015, 5, 4).isocalendar().week == 19
    odd = lot_days(LotSpec.of(**spec, recurrence=Recurrence.ODD_WEEKS), service(), SPRING)
    even = lot_days(LotSpec.of(**spec, recurrence=Recurrence.EVEN_WEEKS), service(), SPRING)
    assert odd.days == (D(2015, 5, 4), D(2015, 5, 18))
    assert even.days == (D(2015, 5, 11), D(2015, 5, 25))


def test_iso_weeks_across_a_year_with_53_weeks():
    # 2020 has an ISO week 53 (28 Dec - 3 Jan): two odd weeks follow each other.
    spec = LotSpec.of(D(2020, 12, 21), D(2021, 1, 17), [MON], Recurrence.ODD_WEEKS)
    assert lot_days(spec, service(), calendar()).days == (D(2020, 12, 28), D(2021, 1, 4))
    spec = LotSpec.of(D(2020, 12, 21), D(2021, 1, 17), [MON], Recurrence.EVEN_WEEKS)
    assert lot_days(spec, service(), calendar()).days == (D(2020, 12, 21), D(2021, 1, 11))
    # ISO weeks follow the ISO year: 1 January 2021 (a Friday) is in week 53 of 2020.
    assert week_matches(Recurrence.ODD_WEEKS, D(2021, 1, 1), D(2021, 1, 1))


def test_week_matches_and_monday_of():
    assert monday_of(D(2015, 5, 10)) == D(2015, 5, 4) and monday_of(D(2015, 5, 4)) == D(2015, 5, 4)
    first = D(2015, 5, 10)  # a Sunday: its week is the one of Monday 4 May
    assert week_matches(Recurrence.ONE_IN_TWO, D(2015, 5, 4), first)
    assert not week_matches(Recurrence.ONE_IN_TWO, D(2015, 5, 11), first)
    assert week_matches(Recurrence.ONE_IN_TWO, D(2015, 5, 18), first)
    assert all(week_matches(Recurrence.EVERY_WEEK, d, first) for d in span(first, D(2015, 6, 1)))


# --------------------------------------------------------------------------- a school year


def test_a_school_year_of_the_canteen():
    """Monday, Tuesday, Thursday and Friday of the term, 2014-2015 zone A as in the manual."""
    year = calendar(
        holidays={
            D(2014, 11, 11): "Armistice",
            D(2015, 4, 6): "Lundi de Pâques",
            D(2015, 5, 1): "Fête du Travail",
            D(2015, 5, 8): "Victoire 1945",
            D(2015, 5, 14): "Ascension",
            D(2015, 5, 25): "Lundi de Pentecôte",
            D(2014, 12, 25): "Noël",
            D(2015, 1, 1): "Jour de l'an",
            D(2014, 11, 1): "Toussaint",
        },
        closures={(D(2015, 5, 15), 1): "Pont de l'Ascension"},
        school_holidays=[
            (D(2014, 10, 18), D(2014, 11, 2), CalendarKind.SHORT_HOLIDAYS),
            (D(2014, 12, 20), D(2015, 1, 4), CalendarKind.SHORT_HOLIDAYS),
            (D(2015, 2, 7), D(2015, 2, 22), CalendarKind.SHORT_HOLIDAYS),
            (D(2015, 4, 11), D(2015, 4, 26), CalendarKind.SHORT_HOLIDAYS),
            (D(2015, 7, 4), D(2015, 8, 31), CalendarKind.SUMMER_HOLIDAYS),
        ],
    )
    canteen = service(weekdays=weekday_mask(MON, TUE, THU, FRI), open_in_holidays=False)
    spec = LotSpec.of(D(2014, 9, 1), D(2015, 7, 3), [MON, TUE, THU, FRI])
    chosen = lot_days(spec, canteen, year)
    expected = [
        d
        for d in span(D(2014, 9, 1), D(2015, 7, 3))
        if d.weekday() in (MON, TUE, THU, FRI)
        and d not in year.holidays_by_day
        and d not in year.public_holidays
        and d != D(2015, 5, 15)
    ]
    assert list(chosen.days) == expected
    assert 135 < len(chosen) < 145
    # The public holidays on the chosen days of the term: skipped and said; those in the
    # holidays (Christmas, New Year, All Saints) are not asked for at all.
    assert chosen.skipped == {
        D(2014, 11, 11): "jour férié",
        D(2015, 4, 6): "jour férié",
        D(2015, 5, 1): "jour férié",
        D(2015, 5, 8): "jour férié",
        D(2015, 5, 14): "jour férié",
        D(2015, 5, 25): "jour férié",
        D(2015, 5, 15): "fermeture",
    }
    assert chosen.skipped_counts(100) == {"jour férié": 600, "fermeture": 100}


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize(
    ("spec", "field", "message"),
    [
        (LotSpec.of(D(2015, 5, 10), D(2015, 5, 1), [MON]), "last", "précède"),
        (LotSpec.of(D(2015, 5, 1), D(2016, 6, 30), [MON]), "last", str(MAX_DAYS)),
        (LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), []), "weekdays", "au moins un jour"),
        (LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), [7]), "weekdays", "inconnu"),
        (
            LotSpec.of(D(2015, 5, 1), D(2015, 5, 31), [MON], term_days=False, holidays=False),
            "periods",
            "vacances",
        ),
    ],
)
def test_a_choice_that_selects_nothing_is_refused_in_french(spec, field, message):
    with pytest.raises(ValidationError) as error:
        lot_days(spec, service(), SPRING)
    assert message in error.value.errors[field]


def test_a_single_day_range_and_the_longest_range():
    assert lot_days(LotSpec.of(D(2015, 5, 4), D(2015, 5, 4), [MON]), service(), SPRING).days == (
        D(2015, 5, 4),
    )
    longest = LotSpec.of(D(2015, 1, 1), D(2015, 1, 1) + dt.timedelta(days=MAX_DAYS - 1), [MON])
    assert len(lot_days(longest, service(), calendar())) == 57


def test_recurrence_labels_are_french():
    assert [r.label for r in Recurrence] == [
        "Toutes les semaines",
        "Une semaine sur deux (à partir de la première)",
        "Semaines paires",
        "Semaines impaires",
    ]
