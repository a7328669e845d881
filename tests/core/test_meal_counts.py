"""The caterer's meal counts (core.reports.meal_counts): the meals of each day by diet are the
children the planning expects (a child declared absent does not eat, a reservation waiting for a
decision is no meal), the same figures as the pointage's and the grid's footer; a closed day is
marked, not 0; the CSV a French spreadsheet opens; the PDF; the periods."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from portail_admin.core import db
from portail_admin.core.models import Enrolment, PlanningCell, Request, weekday_mask
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from portail_admin.core.planning import month, pointage
from portail_admin.core.reports import meal_counts as mc
from portail_admin.core.reports.progress import Cancelled
from portail_admin.core.services import children
from tests.world import SCHOOL_YEAR, TODAY, build_world

MONDAY, TUESDAY, THURSDAY, FRIDAY = (TODAY + dt.timedelta(days=n) for n in (0, 1, 3, 4))


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def canteen(session_factory, w):
    """The week of Monday 4 May 2015 at the canteen (Monday, Tuesday, Thursday, Friday; Friday
    8 May is a public holiday): Anna (sans porc) and Bruno (" sans  porc", a PAI) booked on
    Monday, Bruno also every Thursday by his weekly pattern; Chloé (no diet) on Monday and
    Tuesday; Zoé (végétarien) booked on Monday but declared absent; Hugo asks for Monday
    (pending); Léa is enrolled, never booked."""
    service_id = w.services["canteen"]
    ids = {}
    with db.transaction(session_factory, "staff:test") as s:
        for first, diet, pai, pattern, days in (
            ("Anna", "Sans porc", False, 0, [MONDAY]),
            ("Bruno", " sans  porc", True, weekday_mask(3), [MONDAY]),
            ("Chloé", "", False, 0, [MONDAY, TUESDAY]),
            ("Zoé", "Végétarien", False, 0, [MONDAY]),
        ):
            child = children.add_child(
                s, w.dupont_id,
                {"last_name": "Dupont", "first_name": first, "birth_date": "01/02/2010"},
            )
            if diet or pai:
                children.set_health(s, child.id, {"diet": diet, "has_pai": pai})
            s.add(Enrolment(child_id=child.id, service_id=service_id, start_date=SCHOOL_YEAR[0],
                            end_date=SCHOOL_YEAR[1], weekly_pattern=pattern))
            for day in days:
                s.add(PlanningCell(child_id=child.id, service_id=service_id, day=day,
                                   booking=Booking.RESERVED,
                                   attendance=(Attendance.ABSENT_EXCUSED if first == "Zoé"
                                               else Attendance.UNKNOWN)))
            ids[first] = child.id
        s.add(Enrolment(child_id=w.other_child_id, service_id=service_id,
                        start_date=SCHOOL_YEAR[0], end_date=SCHOOL_YEAR[1], weekly_pattern=0))
        s.add(Request(family_id=w.martin_id, kind=RequestKind.RESERVATION,
                      status=RequestStatus.PENDING, child_id=w.other_child_id,
                      service_id=service_id, day=MONDAY))
    return service_id, ids


def _counts(session_factory, first, last, **kw) -> mc.MealCounts:
    with session_factory() as s:
        return mc.meal_counts(s, first, last, **kw)


def test_periods():
    assert mc.week_of(dt.date(2015, 5, 6)) == (dt.date(2015, 5, 4), dt.date(2015, 5, 10))
    assert mc.week_of(dt.date(2015, 5, 4)) == (dt.date(2015, 5, 4), dt.date(2015, 5, 10))
    assert mc.week_of(dt.date(2015, 5, 10)) == (dt.date(2015, 5, 4), dt.date(2015, 5, 10))
    assert mc.month_of(dt.date(2015, 2, 14)) == (dt.date(2015, 2, 1), dt.date(2015, 2, 28))
    assert mc.month_of(dt.date(2016, 2, 29)) == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert mc.period_label(*mc.month_of(TODAY)) == "Mai 2015"
    assert mc.period_label(*mc.week_of(TODAY)) == "semaine du 04/05/2015 au 10/05/2015"


def test_the_meals_of_a_week_by_diet(session_factory, w, canteen):
    service_id, _ids = canteen
    counts = _counts(session_factory, *mc.week_of(TODAY))
    assert counts.services == [(service_id, "Garderie périscolaire — Restauration scolaire")]
    # no row for Wednesday (not a canteen day) nor the weekend; Friday is closed, not 0
    assert [(r.day, r.closure) for r in counts.rows] == [
        (MONDAY, None), (TUESDAY, None), (THURSDAY, None),
        (FRIDAY, "Jour férié (Victoire 1945)"),
    ]
    assert counts.diets == ["sans régime", "Sans porc"]  # nobody végétarien eats this week
    monday, tuesday, thursday, friday = counts.rows
    # Monday: Anna and Bruno without pork, Chloé; Zoé is absent, Hugo only asks, Léa is not
    # booked
    assert monday.meals == {"sans régime": 1, "Sans porc": 2}
    assert (monday.total, monday.pai) == (3, 1)
    assert (tuesday.meals, tuesday.pai) == ({"sans régime": 1, "Sans porc": 0}, 0)
    assert (thursday.meals, thursday.pai) == ({"sans régime": 0, "Sans porc": 1}, 1)  # Bruno
    assert friday.closed and friday.meals == {} and friday.total == 0
    assert counts.by_diet == {"sans régime": 2, "Sans porc": 3}
    assert (counts.total, counts.pai) == (5, 2)
    assert counts.day_total(MONDAY) == 3 and counts.day_total(FRIDAY) == 0

    # The same rule as the pointage's meal count and the grid's booked children.
    with session_factory() as s:
        grid = month.service_month(s, service_id, TODAY)
        for row in counts.rows:
            if row.closed:
                continue
            sheet = pointage.day_sheet(s, StaffRole.ANIMATEUR, row.day, service_id=service_id)
            # (the period's columns spell a diet one way for every day)
            key = pointage.diet_key
            assert {key(k): v for k, v in row.meals.items() if v} == {
                key(k): v for k, v in sheet.counts.meals.items()}
            places = grid.occupancy[grid.day_index(row.day)]
            assert row.total == places.booked  # the footer less the pending request
    assert grid.occupancy[grid.day_index(MONDAY)].pending == 1


def test_a_month_and_the_chosen_services(session_factory, w, canteen):
    service_id, _ids = canteen
    may = _counts(session_factory, *mc.month_of(TODAY))
    assert may.first == dt.date(2015, 5, 1) and may.last == dt.date(2015, 5, 31)
    assert may.rows[0].day == dt.date(2015, 5, 1) and may.rows[0].closed  # Fête du Travail
    # the two public holidays and the closure of the 15th (the world's calendar)
    assert {r.day for r in may.rows if r.closed} == {
        dt.date(2015, 5, 1), dt.date(2015, 5, 8), dt.date(2015, 5, 15)}
    # Bruno every Thursday, plus Monday's and Tuesday's meals
    thursdays = [r for r in may.rows if r.day.weekday() == 3 and not r.closed]
    assert all(r.meals["Sans porc"] == 1 and r.pai == 1 for r in thursdays)
    assert may.total == 3 + 1 + len(thursdays)
    assert len(may.weeks()) == 5  # 1-3 May, then four weeks from the 4th
    # the other services: none is a canteen, asked by id they count the same way
    morning = _counts(session_factory, MONDAY, MONDAY, service_ids=[w.services["morning"]])
    assert [(r.service_name, r.total, r.meals) for r in morning.rows] == [
        ("Garderie périscolaire — Garderie matin", 1, {"sans régime": 1})]  # Léa, by pattern
    # two services: a row each, and the day's total under them in the PDF
    both = _counts(session_factory, MONDAY, MONDAY,
                   service_ids=[service_id, w.services["morning"]])
    assert [(r.service_short, r.total) for r in both.rows] == [
        ("Restauration scolaire", 3), ("Garderie matin", 1)]
    assert both.day_total(MONDAY) == 4 == both.total
    (page,) = [p.extract_text() for p in PdfReader(io.BytesIO(mc.meal_counts_pdf(
        both, "Alix"))).pages]
    assert "Total du 04/05" in page and "Garderie matin" in page
    with pytest.raises(ValueError, match="ends before"):
        _counts(session_factory, TUESDAY, MONDAY)


def test_the_csv_opens_in_a_french_spreadsheet(session_factory, w, canteen):
    counts = _counts(session_factory, *mc.week_of(TODAY))
    text = mc.meal_counts_csv(counts)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Date", "Jour", "Prestation", "Sans régime", "Sans porc", "Total",
                       "dont PAI", "Observation"]
    service = "Garderie périscolaire — Restauration scolaire"
    assert rows[1:] == [
        ["04/05/2015", "Lundi", service, "1", "2", "3", "1", ""],
        ["05/05/2015", "Mardi", service, "1", "0", "1", "0", ""],
        ["07/05/2015", "Jeudi", service, "0", "1", "1", "1", ""],
        ["08/05/2015", "Vendredi", service, "", "", "", "",
         "Fermé\u202f: Jour férié (Victoire 1945)"],
        ["Total", "", "", "2", "3", "5", "2", ""],
    ]
    # the totals row adds up the days
    body = [r for r in rows[1:-1] if r[5]]
    assert sum(int(r[5]) for r in body) == int(rows[-1][5])
    assert "\r\n" in text and text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_the_pdf(session_factory, w, canteen):
    week = _counts(session_factory, *mc.week_of(TODAY))
    (page,) = [p.extract_text() for p in PdfReader(io.BytesIO(mc.meal_counts_pdf(
        week, "Alix"))).pages]
    for text in ("Mairie d'Alix", "Repas commandés — semaine du 04/05/2015 au 10/05/2015",
                 "Sans régime", "Sans porc", "dont PAI", "Lun. 04/05/2015",
                 "Fermé\u202f: Jour férié (Victoire 1945)", "Total", "Page 1 / 1"):
        assert text in page, text
    assert "Semaine du" not in page  # one week: no subtotal
    may = _counts(session_factory, *mc.month_of(TODAY))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(mc.meal_counts_pdf(
        may, "Alix"))).pages]
    assert "Repas commandés — Mai 2015" in pages[0]
    everything = "\n".join(pages)
    assert "Semaine du 04/05" in everything and "Semaine du 01/05" in everything


class _Stop:
    cancelled = True

    def report(self, done: int, total: int, text: str = "") -> None:  # pragma: no cover
        raise AssertionError("stopped before any page")


def test_cancel(session_factory, w, canteen):
    counts = _counts(session_factory, *mc.week_of(TODAY))
    with pytest.raises(Cancelled):
        mc.meal_counts_pdf(counts, "Alix", progress=_Stop())


def test_no_canteen_no_rows(session_factory, w):
    counts = _counts(session_factory, MONDAY, FRIDAY, service_ids=[])
    assert counts.rows == [] and counts.diets == [] and counts.total == 0
    assert mc.meal_counts_csv(counts).count("\r\n") == 2  # the header, the totals
    assert mc.meal_counts_pdf(counts, "").startswith(b"%PDF")
