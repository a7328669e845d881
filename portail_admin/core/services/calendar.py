"""The commune's calendar: public holidays and school holidays imported into editable periods,
and the day-by-day view of it that the planning and billing read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

from ..models import CalendarPeriod, CommuneSettings
from ..models.enums import CalendarKind, CalendarSource, SchoolZone

SUMMER_NAME = "Vacances d'été"


def _existing(session: Session, kind: CalendarKind, start: dt.date) -> CalendarPeriod | None:
    return session.scalars(
        select(CalendarPeriod).where(
            CalendarPeriod.kind == kind,
            CalendarPeriod.start_date == start,
            CalendarPeriod.structure_id.is_(None),
        )
    ).first()


HOLIDAY_KINDS = (CalendarKind.SHORT_HOLIDAYS, CalendarKind.SUMMER_HOLIDAYS)


def _school_holidays_already_there(
    session: Session, zone: SchoolZone, start: dt.date, end: dt.date
) -> bool:
    """Is there a school-holiday period of this zone (or one entered without a zone) over
    these days? One that staff moved or shortened still counts: it is never duplicated. Another
    zone's periods do not count."""
    return (
        session.scalar(
            select(CalendarPeriod.id)
            .where(
                CalendarPeriod.kind.in_(HOLIDAY_KINDS),
                CalendarPeriod.structure_id.is_(None),
                or_(CalendarPeriod.zone.is_(None), CalendarPeriod.zone == zone),
                CalendarPeriod.start_date <= end,
                CalendarPeriod.end_date >= start,
            )
            .limit(1)
        )
        is not None
    )


def import_public_holidays(session: Session, years: Iterable[int]) -> int:
    """Add France's public holidays of these years; returns how many were added."""
    added = 0
    # The language is explicit: without it the names follow the machine's locale (English
    # under C.UTF-8, as on a server or in CI).
    by_day = holidays.country_holidays("FR", years=list(years), language="fr")
    for day, name in sorted(by_day.items()):
        if _existing(session, CalendarKind.PUBLIC_HOLIDAY, day) is None:
            session.add(
                CalendarPeriod(
                    kind=CalendarKind.PUBLIC_HOLIDAY,
                    start_date=day,
                    end_date=day,
                    label=name,
                    source=CalendarSource.IMPORTED,
                )
            )
            added += 1
    session.flush()
    return added


def school_holiday_periods(
    zone: SchoolZone, first_year: int, last_year: int
) -> list[tuple[dt.date, dt.date, str]]:
    """(start, end, name) of the zone's school holidays touching these calendar years,
    contiguous days merged.

    A period that crosses a year's end (Christmas) is returned whole, whichever of its years
    is asked for: importing 2015 then 2016 gives the same rows as importing both at once.
    """
    source = SchoolHolidayDates()
    days: list[tuple[dt.date, str]] = []
    for year in range(first_year - 1, last_year + 2):
        try:
            by_day = source.holidays_for_year_and_zone(year, zone.value)
        except UnsupportedYearException:  # the library's data does not cover that year yet
            by_day = {}
        days += [(day, info["nom_vacances"]) for day, info in by_day.items()]
    periods: list[tuple[dt.date, dt.date, str]] = []
    for day, name in sorted(set(days)):
        if periods and periods[-1][2] == name and (day - periods[-1][1]).days == 1:
            periods[-1] = (periods[-1][0], day, name)
        else:
            periods.append((day, day, name))
    first_day, last_day = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    return [p for p in periods if p[1] >= first_day and p[0] <= last_day]


def import_school_holidays(
    session: Session, zone: SchoolZone, first_year: int, last_year: int
) -> int:
    """Add the zone's school holidays as editable periods; a period of the zone already there
    (even edited) is kept. Another zone's periods are no obstacle: a commune that changes zone
    imports its new zone's holidays."""
    added = 0
    for start, end, name in school_holiday_periods(zone, first_year, last_year):
        kind = CalendarKind.SUMMER_HOLIDAYS if name == SUMMER_NAME else CalendarKind.SHORT_HOLIDAYS
        if not _school_holidays_already_there(session, zone, start, end):
            session.add(
                CalendarPeriod(
                    kind=kind,
                    start_date=start,
                    end_date=end,
                    label=name,
                    zone=zone,
                    source=CalendarSource.IMPORTED,
                )
            )
            added += 1
    session.flush()
    return added


@dataclass
class CalendarIndex:
    """What the calendar says of each day of a range, for the planning grid and billing."""

    public_holidays: dict[dt.date, str] = field(default_factory=dict)
    closures: dict[tuple[dt.date, int | None], str] = field(default_factory=dict)
    holidays_by_day: dict[dt.date, CalendarKind] = field(default_factory=dict)

    def is_public_holiday(self, day: dt.date) -> bool:
        return day in self.public_holidays

    def is_closed(self, day: dt.date, structure_id: int | None = None) -> bool:
        return (day, None) in self.closures or (day, structure_id) in self.closures

    def closure_label(self, day: dt.date, structure_id: int | None = None) -> str:
        return self.closures.get((day, None)) or self.closures.get((day, structure_id)) or ""

    def holiday_kind(self, day: dt.date) -> CalendarKind | None:
        return self.holidays_by_day.get(day)

    def is_school_day(self, day: dt.date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.holidays_by_day
            and (day not in self.public_holidays)
        )


def calendar_index(session: Session, start: dt.date, end: dt.date) -> CalendarIndex:
    """The days of [start, end]. School holidays are those of the commune's zone (and any
    period entered without a zone); another zone's imported periods are ignored."""
    index = CalendarIndex()
    query = select(
        CalendarPeriod.kind,
        CalendarPeriod.start_date,
        CalendarPeriod.end_date,
        CalendarPeriod.label,
        CalendarPeriod.structure_id,
    ).where(CalendarPeriod.start_date <= end, CalendarPeriod.end_date >= start)
    zone = session.execute(select(CommuneSettings.school_zone).limit(1)).scalar()
    if zone is not None:
        query = query.where(or_(CalendarPeriod.zone.is_(None), CalendarPeriod.zone == zone))
    # Plain rows, not ORM objects: every planning read starts here.
    for period in session.connection().execute(query):
        day = max(period.start_date, start)
        while day <= min(period.end_date, end):
            if period.kind is CalendarKind.PUBLIC_HOLIDAY:
                index.public_holidays[day] = period.label
            elif period.kind is CalendarKind.CLOSURE:
                index.closures[(day, period.structure_id)] = period.label
            else:
                index.holidays_by_day[day] = period.kind
            day += dt.timedelta(days=1)
    return index
