"""The commune's calendar: French public holidays and zone A school holidays imported into
editable periods, re-imports that change nothing, manual rows kept, and the day-by-day index."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from portail_admin.core import db
from portail_admin.core.models import CalendarPeriod, ChangeLog, CommuneSettings, Structure
from portail_admin.core.models.enums import CalendarKind, CalendarSource, SchoolZone
from portail_admin.core.services import calendar

APRIL_6_2015 = dt.date(2015, 4, 6)


def _periods(session, kind=None):
    query = select(CalendarPeriod).order_by(CalendarPeriod.start_date)
    if kind is not None:
        query = query.where(CalendarPeriod.kind == kind)
    return list(session.scalars(query))


def test_public_holidays_2015_in_french(session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        assert calendar.import_public_holidays(s, [2015]) == 11
    with session_factory() as s:
        rows = _periods(s, CalendarKind.PUBLIC_HOLIDAY)
        by_day = {r.start_date: r for r in rows}
        easter_monday = by_day[APRIL_6_2015]
        assert easter_monday.label == "Lundi de Pâques"
        assert easter_monday.end_date == APRIL_6_2015
        assert easter_monday.source is CalendarSource.IMPORTED
        assert by_day[dt.date(2015, 1, 1)].label == "Jour de l'an"
        assert by_day[dt.date(2015, 7, 14)].label == "Fête nationale"
        assert by_day[dt.date(2015, 5, 14)].label == "Ascension"
        assert all(r.start_date.year == 2015 for r in rows)
        # Every added row is in the change log, by who imported it.
        logged = s.scalar(
            select(func.count())
            .select_from(ChangeLog)
            .where(ChangeLog.table_name == "calendar_period", ChangeLog.actor == "staff:nancy")
        )
        assert logged == 11


def test_school_holidays_zone_a_spring_2015(session_factory):
    with db.transaction(session_factory) as s:
        added = calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015)
        assert added == 6
    with session_factory() as s:
        rows = _periods(s)
        spring = next(r for r in rows if r.label == "Vacances de printemps")
        # As DOMAIN.md says: Saturday 11 to Sunday 26 April 2015.
        assert (spring.start_date, spring.end_date) == (dt.date(2015, 4, 11), dt.date(2015, 4, 26))
        assert spring.start_date.weekday() == 5 and spring.end_date.weekday() == 6
        assert spring.kind is CalendarKind.SHORT_HOLIDAYS
        assert spring.zone is SchoolZone.A
        summer = next(r for r in rows if r.label == "Vacances d'été")
        assert summer.kind is CalendarKind.SUMMER_HOLIDAYS
        assert summer.start_date == dt.date(2015, 7, 4)
        # The Christmas holidays crossing both ends of 2015 are imported whole.
        christmas = [(r.start_date, r.end_date) for r in rows if r.label == "Vacances de Noël"]
        assert christmas == [
            (dt.date(2014, 12, 20), dt.date(2015, 1, 4)),
            (dt.date(2015, 12, 19), dt.date(2016, 1, 3)),
        ]


def test_zones_differ():
    spring = {
        zone: next(
            p
            for p in calendar.school_holiday_periods(zone, 2015, 2015)
            if p[2] == "Vacances de printemps"
        )
        for zone in SchoolZone
    }
    assert len({(p[0], p[1]) for p in spring.values()}) == 3


def test_reimport_is_idempotent(session_factory):
    with db.transaction(session_factory) as s:
        calendar.import_public_holidays(s, [2015, 2016])
        calendar.import_school_holidays(s, SchoolZone.A, 2015, 2016)
    with session_factory() as s:
        before = [(r.kind, r.start_date, r.end_date, r.label) for r in _periods(s)]
        last_change = s.scalar(select(func.max(ChangeLog.id)))
    with db.transaction(session_factory) as s:
        assert calendar.import_public_holidays(s, [2015, 2016]) == 0
        assert calendar.import_school_holidays(s, SchoolZone.A, 2015, 2016) == 0
    with session_factory() as s:
        assert [(r.kind, r.start_date, r.end_date, r.label) for r in _periods(s)] == before
        assert s.scalar(select(func.max(ChangeLog.id))) == last_change  # nothing written


def test_importing_year_by_year_equals_importing_at_once(session_factory):
    with db.transaction(session_factory) as s:
        calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015)
    with db.transaction(session_factory) as s:
        calendar.import_school_holidays(s, SchoolZone.A, 2016, 2016)
    with session_factory() as s:
        one_by_one = [(r.start_date, r.end_date, r.label) for r in _periods(s)]
    assert one_by_one == calendar.school_holiday_periods(SchoolZone.A, 2015, 2016)
    days = set()
    for start, end, _ in one_by_one:
        assert not days & {start + dt.timedelta(n) for n in range((end - start).days + 1)}
        days |= {start + dt.timedelta(n) for n in range((end - start).days + 1)}
    assert dt.date(2016, 1, 2) in days  # the Christmas holidays were not cut at 31 December


def test_manual_rows_are_kept(session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        # Staff entered Easter Monday themselves with their own label, and a closure.
        s.add(
            CalendarPeriod(
                kind=CalendarKind.PUBLIC_HOLIDAY,
                start_date=APRIL_6_2015,
                end_date=APRIL_6_2015,
                label="Pâques (saisi)",
            )
        )
        s.add(
            CalendarPeriod(
                kind=CalendarKind.CLOSURE,
                start_date=dt.date(2015, 5, 15),
                end_date=dt.date(2015, 5, 15),
                label="Pont de l'Ascension",
            )
        )
        # And shortened the imported spring holidays by hand.
        s.add(
            CalendarPeriod(
                kind=CalendarKind.SHORT_HOLIDAYS,
                start_date=dt.date(2015, 4, 11),
                end_date=dt.date(2015, 4, 24),
                label="Printemps (modifié)",
                zone=SchoolZone.A,
            )
        )
    with db.transaction(session_factory) as s:
        assert calendar.import_public_holidays(s, [2015]) == 10
        assert calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015) == 5
    with session_factory() as s:
        easter = [r for r in _periods(s) if r.start_date == APRIL_6_2015]
        assert [(r.label, r.source) for r in easter] == [("Pâques (saisi)", CalendarSource.MANUAL)]
        spring = [r for r in _periods(s) if r.start_date == dt.date(2015, 4, 11)]
        assert [(r.end_date, r.label) for r in spring] == [
            (dt.date(2015, 4, 24), "Printemps (modifié)")
        ]
        closures = _periods(s, CalendarKind.CLOSURE)
        assert [c.label for c in closures] == ["Pont de l'Ascension"]


def test_an_edited_imported_row_survives_a_reimport(session_factory):
    with db.transaction(session_factory) as s:
        calendar.import_public_holidays(s, [2015])
    with db.transaction(session_factory) as s:
        row = s.scalars(
            select(CalendarPeriod).where(CalendarPeriod.start_date == APRIL_6_2015)
        ).one()
        row.label = "Lundi de Pâques (garderie fermée)"
    with db.transaction(session_factory) as s:
        assert calendar.import_public_holidays(s, [2015]) == 0
    with session_factory() as s:
        labels = s.scalars(
            select(CalendarPeriod.label).where(CalendarPeriod.start_date == APRIL_6_2015)
        ).all()
        assert labels == ["Lundi de Pâques (garderie fermée)"]


def test_calendar_index_answers_for_april_2015(session_factory):
    with db.transaction(session_factory) as s:
        alsh = Structure(name="Accueil de Loisirs")
        s.add(alsh)
        s.flush()
        alsh_id = alsh.id
        calendar.import_public_holidays(s, [2015])
        calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015)
        s.add(
            CalendarPeriod(
                kind=CalendarKind.CLOSURE,
                start_date=dt.date(2015, 4, 20),
                end_date=dt.date(2015, 4, 21),
                label="Inventaire",
                structure_id=alsh_id,
            )
        )
        s.add(
            CalendarPeriod(
                kind=CalendarKind.CLOSURE,
                start_date=dt.date(2015, 5, 15),
                end_date=dt.date(2015, 5, 15),
                label="Pont",
            )
        )
    with session_factory() as s:
        index = calendar.calendar_index(s, dt.date(2015, 4, 1), dt.date(2015, 4, 30))
        assert index.is_public_holiday(APRIL_6_2015)
        assert index.public_holidays[APRIL_6_2015] == "Lundi de Pâques"
        assert not index.is_school_day(APRIL_6_2015)  # a Monday, but a public holiday
        assert index.is_school_day(dt.date(2015, 4, 1))  # Wednesday 1 April
        assert index.is_school_day(dt.date(2015, 4, 10))  # Friday before the holidays
        assert not index.is_school_day(dt.date(2015, 4, 4))  # a Saturday
        for day in (dt.date(2015, 4, 11), dt.date(2015, 4, 15), dt.date(2015, 4, 26)):
            assert index.holiday_kind(day) is CalendarKind.SHORT_HOLIDAYS
            assert not index.is_school_day(day)
        assert index.holiday_kind(dt.date(2015, 4, 10)) is None
        assert index.holiday_kind(dt.date(2015, 4, 27)) is None
        assert index.is_school_day(dt.date(2015, 4, 27))  # back to school
        # A structure's closure closes that structure only.
        assert index.is_closed(dt.date(2015, 4, 20), alsh_id)
        assert not index.is_closed(dt.date(2015, 4, 20), alsh_id + 1)
        assert not index.is_closed(dt.date(2015, 4, 20))
        assert not index.is_closed(dt.date(2015, 4, 22), alsh_id)
        # Only the asked range is indexed.
        assert not index.is_public_holiday(dt.date(2015, 5, 1))
        assert dt.date(2015, 5, 15) not in {d for d, _ in index.closures}

        may = calendar.calendar_index(s, dt.date(2015, 5, 1), dt.date(2015, 5, 31))
        assert may.public_holidays[dt.date(2015, 5, 1)] == "Fête du Travail"
        assert may.is_closed(dt.date(2015, 5, 15))  # a closure of every structure
        assert may.is_closed(dt.date(2015, 5, 15), alsh_id)
        summer = calendar.calendar_index(s, dt.date(2015, 7, 1), dt.date(2015, 7, 31))
        assert summer.holiday_kind(dt.date(2015, 7, 15)) is CalendarKind.SUMMER_HOLIDAYS
        assert summer.is_public_holiday(dt.date(2015, 7, 14))


def test_each_zone_imports_its_own_holidays(session_factory):
    """Zone A's periods do not stop zone B's import (spring 2015: A 11-26 April, B 25 April -
    10 May; summer on the same days), and the index follows the commune's zone."""
    with db.transaction(session_factory) as s:
        added_a = calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015)
    with db.transaction(session_factory) as s:
        added_b = calendar.import_school_holidays(s, SchoolZone.B, 2015, 2015)
        assert calendar.import_school_holidays(s, SchoolZone.B, 2015, 2015) == 0
    assert added_b == added_a == len(calendar.school_holiday_periods(SchoolZone.B, 2015, 2015))
    with session_factory() as s:
        zone_b = [
            (r.start_date, r.end_date) for r in _periods(s) if r.zone is SchoolZone.B
        ]
        assert (dt.date(2015, 4, 25), dt.date(2015, 5, 10)) in zone_b
        summers = _periods(s, CalendarKind.SUMMER_HOLIDAYS)
        assert {r.zone for r in summers if r.start_date.year == 2015} == {
            SchoolZone.A,
            SchoolZone.B,
        }
    april_13, april_27 = dt.date(2015, 4, 13), dt.date(2015, 4, 27)
    with db.transaction(session_factory) as s:
        s.add(CommuneSettings(id=1, school_zone=SchoolZone.B))
    with session_factory() as s:
        index = calendar.calendar_index(s, dt.date(2015, 4, 1), dt.date(2015, 5, 31))
        assert index.is_school_day(april_13) and not index.is_school_day(april_27)
    with db.transaction(session_factory) as s:
        s.get(CommuneSettings, 1).school_zone = SchoolZone.A
    with session_factory() as s:
        index = calendar.calendar_index(s, dt.date(2015, 4, 1), dt.date(2015, 5, 31))
        assert not index.is_school_day(april_13) and index.is_school_day(april_27)


def test_a_zone_period_entered_or_moved_by_hand_is_not_duplicated(session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        s.add(
            CalendarPeriod(
                kind=CalendarKind.SHORT_HOLIDAYS,
                start_date=dt.date(2015, 4, 13),  # staff moved the start of spring
                end_date=dt.date(2015, 4, 26),
                label="Printemps",
            )
        )
    with db.transaction(session_factory) as s:
        calendar.import_school_holidays(s, SchoolZone.A, 2015, 2015)
    with session_factory() as s:
        spring = [r for r in _periods(s) if r.start_date.month == 4]
        assert [(r.start_date, r.source) for r in spring] == [
            (dt.date(2015, 4, 13), CalendarSource.MANUAL)
        ]


def test_years_the_library_does_not_cover_import_nothing(session_factory):
    assert calendar.school_holiday_periods(SchoolZone.A, 1980, 1980) == []
    with db.transaction(session_factory) as s:
        assert calendar.import_school_holidays(s, SchoolZone.A, 2100, 2100) == 0
