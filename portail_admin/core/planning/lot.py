"""Saisie par lot: which days of a date range an action goes to (pure: no SQL, no Qt).

Staff choose a range, the weekdays, a rhythm (every week, one week in two counted from the
range's first week, even or odd ISO weeks), and whether term days, school holidays or both are
meant. `lot_days` gives the days that match, and apart the matching days on which the service
does not run (`rules.closure`: public holidays, closures, a weekday it does not open, holidays
when it is closed then), each with the short reason the counts use ("jour férié").

The caller turns the days into cells (children x days) and plans the action through
`edits.plan_action`, which refuses what the cells themselves forbid (locked, not enrolled…);
the skipped days are added to its counts (`LotDays.skipped_counts`), so the preview reads
"412 cases seront réservées ; 36 cases ignorées : jour férié".
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ValidationError
from ..services.calendar import CalendarIndex
from . import rules

# Longer than a school year (September to early July) and its summer, short enough to catch a
# year typed wrong (2105 for 2015).
MAX_DAYS = 400

WEEKDAY_NAMES = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


class Recurrence(enum.Enum):
    """Which weeks of the range: (key, French label)."""

    EVERY_WEEK = ("every_week", "Toutes les semaines")
    ONE_IN_TWO = ("one_in_two", "Une semaine sur deux (à partir de la première)")
    EVEN_WEEKS = ("even_weeks", "Semaines paires")
    ODD_WEEKS = ("odd_weeks", "Semaines impaires")

    def __init__(self, key: str, label: str):
        self.key = key
        self.label = label


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_matches(recurrence: Recurrence, day: dt.date, first: dt.date) -> bool:
    """Whether `day`'s week is one of the rhythm's, the range starting on `first`.

    One week in two counts the weeks (Monday to Sunday) from the one holding `first`: that week
    is in, the next out, and so on. Even and odd are the ISO week numbers (week 1 holds the
    year's first Thursday)."""
    if recurrence is Recurrence.EVERY_WEEK:
        return True
    if recurrence is Recurrence.ONE_IN_TWO:
        return (monday_of(day) - monday_of(first)).days // 7 % 2 == 0
    even = day.isocalendar().week % 2 == 0
    return even if recurrence is Recurrence.EVEN_WEEKS else not even


@dataclass(frozen=True)
class LotSpec:
    """What staff chose in the dialog."""

    first: dt.date
    last: dt.date
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday
    recurrence: Recurrence = Recurrence.EVERY_WEEK
    term_days: bool = True  # days outside the school holidays
    holidays: bool = False  # days of the school holidays (short and summer)

    @classmethod
    def of(
        cls,
        first: dt.date,
        last: dt.date,
        weekdays: Iterable[int],
        recurrence: Recurrence = Recurrence.EVERY_WEEK,
        *,
        term_days: bool = True,
        holidays: bool = False,
    ) -> LotSpec:
        return cls(first, last, frozenset(weekdays), recurrence, term_days, holidays)

    def check(self) -> None:
        """Refuse a choice that selects nothing or a range too long (French messages)."""
        errors: dict[str, str] = {}
        if self.last < self.first:
            errors["last"] = "La date de fin précède la date de début."
        elif (self.last - self.first).days + 1 > MAX_DAYS:
            errors["last"] = f"La période ne peut dépasser {MAX_DAYS} jours."
        if not self.weekdays:
            errors["weekdays"] = "Choisissez au moins un jour de la semaine."
        elif not self.weekdays <= set(range(7)):
            errors["weekdays"] = "Jour de la semaine inconnu."
        if not (self.term_days or self.holidays):
            errors["periods"] = "Choisissez les jours d'école, les vacances, ou les deux."
        if errors:
            raise ValidationError(errors)

    def wants(self, day: dt.date, calendar: CalendarIndex) -> bool:
        """Whether `day` is one of the chosen days (before the service's closures)."""
        if day.weekday() not in self.weekdays:
            return False
        if not week_matches(self.recurrence, day, self.first):
            return False
        in_holidays = calendar.holiday_kind(day) is not None
        return self.holidays if in_holidays else self.term_days


@dataclass(frozen=True)
class LotDays:
    """The chosen days on which the service runs, and those on which it does not (why)."""

    days: tuple[dt.date, ...]
    skipped: dict[dt.date, str] = field(default_factory=dict)  # day -> short reason

    def skipped_counts(self, cells_per_day: int = 1) -> Counter[str]:
        """The skipped cells by reason, for `cells_per_day` cells (children) on each day."""
        counts: Counter[str] = Counter()
        for reason in self.skipped.values():
            counts[reason] += cells_per_day
        return counts

    def __len__(self) -> int:
        return len(self.days)


def lot_days(spec: LotSpec, service: Any, calendar: CalendarIndex) -> LotDays:
    """The days of `spec` for `service` (anything `rules.closure` reads: structure_id, active,
    weekdays, open_in_term, open_in_holidays), by date. `calendar` must cover the range."""
    spec.check()
    days: list[dt.date] = []
    skipped: dict[dt.date, str] = {}
    day = spec.first
    one = dt.timedelta(days=1)
    while day <= spec.last:
        if spec.wants(day, calendar):
            closed = rules.closure(service, day, calendar)
            if closed is None:
                days.append(day)
            else:
                skipped[day] = closed.label
        day += one
    return LotDays(tuple(days), skipped)
