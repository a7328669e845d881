"""The commune's calendar: public holidays and school holidays imported into editable periods,
and the day-by-day view of it that the planning and billing read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import holidays
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session
from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

from .. import validation as v
from ..errors import ValidationError
from ..models import CalendarPeriod, CommuneSettings, Structure
from ..models.enums import CalendarKind, CalendarSource, SchoolZone, StaffRole
from .records import apply_values, ensure_version, get_or_404
from .staff import Permission, require

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


def import_public_holidays(
    session: Session, years: Iterable[int], within: tuple[dt.date, dt.date] | None = None
) -> int:
    """Add France's public holidays of these years (only those `within` these days, if
    given); returns how many were added."""
    added = 0
    # The language is explicit: without it the names follow the machine's locale (English
    # under C.UTF-8, as on a server or in CI).
    by_day = holidays.country_holidays("FR", years=list(years), language="fr")
    for day, name in sorted(by_day.items()):
        if within is not None and not within[0] <= day <= within[1]:
            continue
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
    session: Session,
    zone: SchoolZone,
    first_year: int,
    last_year: int,
    within: tuple[dt.date, dt.date] | None = None,
) -> int:
    """Add the zone's school holidays as editable periods (only those touching the days
    `within`, if given); a period of the zone already there (even edited) is kept. Another
    zone's periods are no obstacle: a commune that changes zone imports its new zone's
    holidays."""
    added = 0
    for start, end, name in school_holiday_periods(zone, first_year, last_year):
        if within is not None and (end < within[0] or start > within[1]):
            continue
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
            # Flushed one by one: the next period's overlap check sees this one.
            session.flush()
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


# The zone in the same statement (one round trip); no zone set means every period counts.
_ZONE = select(CommuneSettings.school_zone).limit(1).scalar_subquery()
_PERIODS = select(
    CalendarPeriod.kind,
    CalendarPeriod.start_date,
    CalendarPeriod.end_date,
    CalendarPeriod.label,
    CalendarPeriod.structure_id,
).where(
    CalendarPeriod.start_date <= bindparam("end"),
    CalendarPeriod.end_date >= bindparam("start"),
    or_(CalendarPeriod.zone.is_(None), _ZONE.is_(None), CalendarPeriod.zone == _ZONE),
)


def calendar_index(session: Session, start: dt.date, end: dt.date) -> CalendarIndex:
    """The days of [start, end]. School holidays are those of the commune's zone (and any
    period entered without a zone); another zone's imported periods are ignored."""
    index = CalendarIndex()
    # Plain rows, not ORM objects, from a statement built once: every planning read starts here.
    for period in session.connection().execute(_PERIODS, {"start": start, "end": end}):
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


# --------------------------------------------------------------------------- school years
#
# What Paramètres › Calendrier shows and edits: one school year at a time (September to
# August), its public holidays, the commune's zone's school holidays and the closures, each
# period added, changed or removed by staff whose role may change the settings.

SCHOOL_YEAR_START_MONTH = 9
MAX_PERIOD_DAYS = 366


def school_year_bounds(first_year: int) -> tuple[dt.date, dt.date]:
    """1 September of `first_year` to 31 August of the next year (the school year a day
    belongs to is clock.school_year_start's)."""
    return dt.date(first_year, SCHOOL_YEAR_START_MONTH, 1), dt.date(first_year + 1, 8, 31)


def school_year_label(first_year: int) -> str:
    """ "2026-2027" """
    return f"{first_year}-{first_year + 1}"


def parse_school_year(value: Any) -> int:
    """ "2026-2027" (or 2026) → 2026; ValidationError {"school_year": ...} otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        first = value
    else:
        match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{4})\s*", str(value or ""), re.ASCII)
        if match is None or int(match[2]) != int(match[1]) + 1:
            raise ValidationError(
                {"school_year": "Année scolaire invalide (par exemple : 2026-2027)."}
            )
        first = int(match[1])
    if not v.MIN_YEAR <= first <= 2200:
        raise ValidationError({"school_year": "Année scolaire invalide."})
    return first


@dataclass(frozen=True)
class YearImport:
    """What importing a school year added."""

    public_holidays: int
    school_holidays: int
    zone: SchoolZone

    @property
    def added(self) -> int:
        return self.public_holidays + self.school_holidays

    def sentence(self) -> str:
        """What the import says to staff, in French."""
        if not self.added:
            return "Rien à ajouter : ce calendrier était déjà à jour."
        parts = []
        if self.public_holidays:
            s = "s" if self.public_holidays > 1 else ""
            parts.append(f"{self.public_holidays} jour{s} férié{s}")
        if self.school_holidays:
            s = "s" if self.school_holidays > 1 else ""
            parts.append(
                f"{self.school_holidays} période{s} de vacances scolaires ({self.zone.label})"
            )
        return f"Ajouté : {' et '.join(parts)}."


def _commune_zone(session: Session) -> SchoolZone:
    zone = session.scalar(select(CommuneSettings.school_zone).limit(1))
    return zone if zone is not None else SchoolZone.A


def import_school_year(session: Session, first_year: int, *, role: StaffRole | str) -> YearImport:
    """Add the public holidays and the commune's zone's school holidays of the school year
    that starts in September of `first_year`. What is already there (imported or entered by
    hand, even changed since) is kept: importing twice adds nothing."""
    require(role, Permission.SETTINGS)
    first, last = school_year_bounds(first_year)
    zone = _commune_zone(session)
    public = import_public_holidays(session, [first.year, last.year], within=(first, last))
    school = import_school_holidays(session, zone, first.year, last.year, within=(first, last))
    return YearImport(public, school, zone)


@dataclass(frozen=True)
class PeriodRow:
    """A period as the calendar screen lists it (plain data, no ORM state)."""

    id: int
    kind: CalendarKind
    start_date: dt.date
    end_date: dt.date
    label: str
    structure_id: int | None
    structure_name: str
    zone: SchoolZone | None
    source: CalendarSource
    version: int

    def values(self) -> dict[str, Any]:
        """What the edit form loads (PERIOD_FIELDS)."""
        return {
            "kind": self.kind,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "label": self.label,
            "structure_id": self.structure_id,
        }


def _in_commune_zone(session: Session) -> Any:
    zone = _commune_zone(session)
    return or_(CalendarPeriod.zone.is_(None), CalendarPeriod.zone == zone)


def list_periods(session: Session, first: dt.date, last: dt.date) -> list[PeriodRow]:
    """The periods touching [first, last] (school holidays of the commune's zone only, as the
    planning reads them), in date order."""
    query = (
        select(CalendarPeriod, Structure.name)
        .outerjoin(Structure, CalendarPeriod.structure_id == Structure.id)
        .where(
            CalendarPeriod.start_date <= last,
            CalendarPeriod.end_date >= first,
            _in_commune_zone(session),
        )
        .order_by(CalendarPeriod.start_date, CalendarPeriod.end_date, CalendarPeriod.id)
    )
    return [
        PeriodRow(
            p.id,
            p.kind,
            p.start_date,
            p.end_date,
            p.label,
            p.structure_id,
            structure_name or "",
            p.zone,
            p.source,
            p.version,
        )
        for p, structure_name in session.execute(query)
    ]


def _structure_id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise v.FieldError("Structure invalide.")
    if isinstance(value, int):
        return value
    parsed = v.parse_integer(value)
    if parsed is None:
        raise v.FieldError("Structure invalide.")
    return parsed


PERIOD_FIELDS: dict[str, v.Cleaner] = {
    "kind": v.choice(CalendarKind, required=True),
    "start_date": v.date(required=True),
    "end_date": v.date(),  # empty: the period is its first day alone
    "label": v.text(100),
    "structure_id": _structure_id,
}

PERIOD_LABELS: dict[str, str] = {
    "kind": "Type",
    "start_date": "Du",
    "end_date": "Au",
    "label": "Nom ou motif",
    "structure_id": "Structure concernée",
}

LABEL_REQUIRED = {
    CalendarKind.PUBLIC_HOLIDAY: "Indiquez le nom du jour férié (par exemple : Lundi de Pâques).",
    CalendarKind.CLOSURE: "Indiquez le motif de la fermeture (par exemple : Pont de l'Ascension).",
    CalendarKind.SHORT_HOLIDAYS: "Indiquez le nom des vacances (par exemple : Vacances d'hiver).",
    CalendarKind.SUMMER_HOLIDAYS: "Indiquez le nom des vacances (par exemple : Vacances d'été).",
}


def _check_period(
    session: Session, values: Mapping[str, Any], period_id: int | None
) -> dict[str, Any]:
    """The cross-field rules of a period; returns the values to store (zone included)."""
    errors: dict[str, str] = {}
    kind: CalendarKind = values["kind"]
    start: dt.date = values["start_date"]
    end: dt.date = values["end_date"] or start
    if not values["label"]:
        errors["label"] = LABEL_REQUIRED[kind]
    if end < start:
        errors["end_date"] = "La date de fin est avant la date de début."
    elif kind is CalendarKind.PUBLIC_HOLIDAY and end != start:
        errors["end_date"] = "Un jour férié dure un seul jour : la fin est le même jour."
    elif (end - start).days >= MAX_PERIOD_DAYS:
        errors["end_date"] = "Une période dure un an au plus : vérifiez les dates."
    structure_id = values["structure_id"]
    if structure_id is not None:
        if kind is not CalendarKind.CLOSURE:
            errors["structure_id"] = (
                "Seule une fermeture peut concerner une structure ; les autres périodes "
                "valent pour toute la commune."
            )
        elif session.get(Structure, structure_id) is None:
            errors["structure_id"] = "Cette structure n'existe pas ou a été supprimée."
    if kind is CalendarKind.PUBLIC_HOLIDAY and "start_date" not in errors:
        same_day = select(CalendarPeriod.id).where(
            CalendarPeriod.kind == CalendarKind.PUBLIC_HOLIDAY,
            CalendarPeriod.start_date == start,
        )
        if period_id is not None:
            same_day = same_day.where(CalendarPeriod.id != period_id)
        if session.scalar(same_day.limit(1)) is not None:
            errors["start_date"] = "Un jour férié est déjà enregistré ce jour-là."
    if errors:
        raise ValidationError(errors)
    return {**values, "end_date": end}


def _zone_for(
    session: Session, kind: CalendarKind, current: SchoolZone | None
) -> SchoolZone | None:
    """School holidays belong to a zone (the commune's, for one entered by hand); the other
    periods to none."""
    if kind not in HOLIDAY_KINDS:
        return None
    return current if current is not None else _commune_zone(session)


def add_period(
    session: Session, data: Mapping[str, Any], *, role: StaffRole | str
) -> CalendarPeriod:
    """A public holiday, a closure (of the commune, or of one structure with its
    `structure_id`) or school holidays, entered by hand."""
    require(role, Permission.SETTINGS)
    cleaned = _check_period(
        session, v.clean_fields({"label": "", "structure_id": None, **data}, PERIOD_FIELDS), None
    )
    period = CalendarPeriod(
        **cleaned,
        zone=_zone_for(session, cleaned["kind"], None),
        source=CalendarSource.MANUAL,
    )
    session.add(period)
    session.flush()
    return period


def update_period(
    session: Session,
    period_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    role: StaffRole | str,
) -> CalendarPeriod:
    """Change any of PERIOD_FIELDS; refused (who and when) if the period changed since the
    user opened it."""
    require(role, Permission.SETTINGS)
    period = get_or_404(session, CalendarPeriod, period_id, "période du calendrier")
    ensure_version(session, period, expected_version, data, PERIOD_FIELDS, PERIOD_LABELS)
    cleaned = v.clean_fields(data, PERIOD_FIELDS, partial=True)
    current = {name: getattr(period, name) for name in PERIOD_FIELDS}
    merged = _check_period(session, {**current, **cleaned}, period.id)
    apply_values(period, {name: merged[name] for name in (*cleaned, "end_date")})
    period.zone = _zone_for(session, period.kind, period.zone)
    session.flush()
    return period


def delete_period(
    session: Session,
    period_id: int,
    expected_version: int | None = None,
    *,
    role: StaffRole | str,
) -> None:
    """Remove a period (an imported one too: importing the year again brings it back)."""
    require(role, Permission.SETTINGS)
    period = get_or_404(session, CalendarPeriod, period_id, "période du calendrier")
    ensure_version(session, period, expected_version, None, PERIOD_FIELDS, PERIOD_LABELS)
    session.delete(period)
    session.flush()
