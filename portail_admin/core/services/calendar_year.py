"""The year view of the calendar (Paramètres › Calendrier): what each day of a school year is
— a public holiday, a closure of the commune or of a structure, short or summer holidays —
in the legend's own states (colour and symbol), with the French lines of its tooltip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models.enums import CalendarKind
from ..planning.states import CellState
from .calendar import PeriodRow, list_periods, school_year_bounds

STATE_OF_KIND = {
    CalendarKind.PUBLIC_HOLIDAY: CellState.PUBLIC_HOLIDAY,
    CalendarKind.CLOSURE: CellState.CLOSURE,
    CalendarKind.SHORT_HOLIDAYS: CellState.SHORT_HOLIDAYS,
    CalendarKind.SUMMER_HOLIDAYS: CellState.SUMMER_HOLIDAYS,
}
# The legend of the year view, in the order a day takes them when several periods cover it.
YEAR_LEGEND = (
    CellState.PUBLIC_HOLIDAY,
    CellState.CLOSURE,
    CellState.SUMMER_HOLIDAYS,
    CellState.SHORT_HOLIDAYS,
)
STRUCTURE_CLOSURE_LABEL = "Fermeture d'une structure"


@dataclass(frozen=True)
class DayMark:
    """What the calendar says of one day: the state shown (the strongest of its periods),
    whether that is a closure of some structures only, and one French line per period."""

    state: CellState
    structure_only: bool
    lines: tuple[str, ...]


def _rank(period: PeriodRow) -> tuple[int, int]:
    state = STATE_OF_KIND[period.kind]
    # A closure of the whole commune outranks a structure's.
    return (YEAR_LEGEND.index(state), 1 if period.structure_id is not None else 0)


def _line(period: PeriodRow) -> str:
    what = period.kind.label
    if period.structure_id is not None:
        what += f" ({period.structure_name})"
    return f"{what} : {period.label}" if period.label else what


def mark_days(
    periods: Iterable[PeriodRow], first: dt.date, last: dt.date
) -> dict[dt.date, DayMark]:
    """The days of [first, last] covered by a period, with their mark (pure)."""
    by_day: dict[dt.date, list[PeriodRow]] = {}
    for period in periods:
        day = max(period.start_date, first)
        end = min(period.end_date, last)
        while day <= end:
            by_day.setdefault(day, []).append(period)
            day += dt.timedelta(days=1)
    marks = {}
    for day, covering in by_day.items():
        covering.sort(key=_rank)
        top = covering[0]
        marks[day] = DayMark(
            STATE_OF_KIND[top.kind],
            top.structure_id is not None,
            tuple(_line(p) for p in covering),
        )
    return marks


def year_marks(session: Session, first_year: int) -> dict[dt.date, DayMark]:
    """Every marked day of the school year starting in September of `first_year`."""
    first, last = school_year_bounds(first_year)
    return mark_days(list_periods(session, first, last), first, last)
