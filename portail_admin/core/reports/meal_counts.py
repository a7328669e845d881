"""The canteen's meal counts for the caterer: for each day of a period and each canteen service
(`ServiceUnit.MEAL`), the meals to order by diet, with totals per day, per diet and overall; as
a PDF table (days x diets, week subtotals over a longer period) and as a CSV a French
spreadsheet opens.

The rules are the pointage's, not a second copy:

- a meal is a child expected that day (`month.Line.expected`: booked by a cell or the weekly
  pattern and not declared absent or on leave, or present without a booking). A reservation
  still waiting for a decision is not a meal (it books nothing: `rules.is_booked`); the figure
  of a day is the grid's footer less its pending requests (`Occupancy.booked`);
- the diets are counted by `pointage.meals_by_diet` (a health record's diet, spaces tidied,
  spellings merged, "sans régime" when there is none);
- "dont PAI": of those meals, the children with a PAI (projet d'accueil individualisé), who
  are counted in their diet's column as well (the column is part of the total, not added to
  it): the caterer knows how many trays need the protocol's care.

A day the service does not run for a calendar reason (public holiday, closure, school
holidays) is a row marked closed with the reason, never a silent 0; a day that is not one of
the service's days (a weekend, the Wednesday of a four-day week) has no row.

The counts name no child and show no one's health data: every role that prints may get them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from babel.dates import format_date
from babel.numbers import format_decimal
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..formatting import LOCALE, french_spacing, month_title, short_date
from ..models import HealthRecord, Service
from ..models.enums import ServiceUnit
from ..planning import month as months
from ..planning.pointage import diet_key, meal_order, meals_by_diet, read_diets
from ..planning.states import CellState
from .pages import (
    FONT,
    FONT_BOLD,
    Ink,
    commune_heading,
    gc_paused,
    register_fonts,
    width,
    wrap,
)
from .progress import ProgressSink, step

TITLE = "Repas commandés"
PAI = "dont PAI"
CLOSED = "Fermé"


# --------------------------------------------------------------------------- periods


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """(Monday, Sunday) of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """(first, last day) of the month of `day`."""
    days = months.month_days(day)
    return days[0], days[-1]


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class MealRow:
    """One canteen service on one day."""

    day: dt.date
    service_id: int
    service_name: str  # "Garderie périscolaire — Restauration scolaire"
    closure: str | None  # why the service is closed that day, or None
    meals: dict[str, int] = field(default_factory=dict)  # per diet column (all of them)
    pai: int = 0  # of the meals, children with a PAI
    service_short: str = ""  # "Restauration scolaire"

    @property
    def closed(self) -> bool:
        return self.closure is not None

    @property
    def total(self) -> int:
        return sum(self.meals.values())


@dataclass(frozen=True)
class MealCounts:
    first: dt.date
    last: dt.date
    services: list[tuple[int, str]]  # (id, full name), in the rows' order
    diets: list[str]  # the columns: "sans régime" first, then the most meals first
    rows: list[MealRow]  # by day, then service

    @property
    def days(self) -> list[dt.date]:
        return sorted({row.day for row in self.rows})

    def day_rows(self, day: dt.date) -> list[MealRow]:
        return [row for row in self.rows if row.day == day]

    def day_total(self, day: dt.date) -> int:
        return sum(row.total for row in self.rows if row.day == day)

    @property
    def by_diet(self) -> dict[str, int]:
        return _add(self.rows, self.diets)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def pai(self) -> int:
        return sum(row.pai for row in self.rows)

    def weeks(self) -> list[tuple[dt.date, dt.date, list[MealRow]]]:
        """(Monday, Sunday, the rows of that week within the period), in order."""
        found: dict[dt.date, list[MealRow]] = {}
        for row in self.rows:
            found.setdefault(week_of(row.day)[0], []).append(row)
        return [(monday, week_of(monday)[1], rows) for monday, rows in sorted(found.items())]

    @property
    def title(self) -> str:
        return f"{TITLE} — {period_label(self.first, self.last)}"


def _add(rows: Iterable[MealRow], diets: Sequence[str]) -> dict[str, int]:
    total = dict.fromkeys(diets, 0)
    for row in rows:
        for diet, n in row.meals.items():
            total[diet] += n
    return total


def period_label(first: dt.date, last: dt.date) -> str:
    """ "Mai 2015", "semaine du 04/05/2015 au 10/05/2015", "du 04/05/2015 au 20/05/2015"."""
    if (first, last) == month_of(first):
        return month_title(first)
    if first == last:
        return format_date(first, "EEEE d MMMM y", locale=LOCALE)
    if (first, last) == week_of(first):
        return f"semaine du {short_date(first)} au {short_date(last)}"
    return f"du {short_date(first)} au {short_date(last)}"


@gc_paused()
def meal_counts(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    service_ids: Sequence[int] | None = None,
) -> MealCounts:
    """The meals of every day of [first, last] in the active canteen services (or in the
    services given), by diet. A few queries a month and service, none per child."""
    if last < first:
        raise ValueError("meal_counts: the period ends before it starts")
    if service_ids is None:
        service_ids = list(
            session.scalars(
                select(Service.id)
                .where(Service.unit == ServiceUnit.MEAL, Service.active.is_(True))
                .order_by(Service.sort_order, Service.name, Service.id)
            )
        )
    wanted = list(dict.fromkeys(service_ids))
    # per service: per day, the children expected (their meals), or the day's closure
    eaters: dict[int, dict[dt.date, list[int]]] = {}
    closures: dict[int, dict[dt.date, months.Closure | None]] = {}
    names: dict[int, str] = {}
    shorts: dict[int, str] = {}
    everyone: set[int] = set()
    for service_id in wanted:
        by_day = eaters[service_id] = {}
        closed = closures[service_id] = {}
        month = first.replace(day=1)
        while month <= last:
            grid = months.service_month(session, service_id, month, with_health=False)
            names[service_id] = grid.service.full_name
            shorts[service_id] = grid.service.name
            for index, day in enumerate(grid.days):
                if first <= day <= last:
                    closed[day] = grid.closures[index]
                    if grid.closures[index] is None:
                        by_day[day] = [
                            line.child_id for line in grid.lines if line.expected(index, day)
                        ]
                        everyone.update(by_day[day])
            month = months.next_month(month)
    diets = read_diets(session, everyone)
    with_pai = _with_pai(session, everyone)
    raw: list[tuple[dt.date, int, months.Closure | None, dict[str, int], int]] = []
    day = first
    while day <= last:
        for service_id in wanted:
            closure = closures[service_id].get(day)
            if closure is not None and closure.state is CellState.NO_SERVICE:
                continue  # not a day the service runs on: no row
            children = eaters[service_id].get(day, [])
            meals = meals_by_diet(children, diets) if closure is None else {}
            pai = sum(1 for child_id in children if child_id in with_pai)
            raw.append((day, service_id, closure, meals, pai))
        day += dt.timedelta(days=1)
    # The columns: every diet eaten over the period, as the pointage orders them.
    total: Counter[str] = Counter()
    for *_, meals, _pai in raw:
        total.update(meals)
    columns = list(meal_order(total))
    column_of = {diet_key(c): c for c in columns}
    rows = []
    for day, service_id, closure, meals, pai in raw:
        cells = dict.fromkeys(columns, 0) if closure is None else {}
        for label, n in meals.items():
            cells[column_of[diet_key(label)]] += n
        rows.append(
            MealRow(
                day,
                service_id,
                names[service_id],
                closure.detail if closure is not None else None,
                cells,
                pai,
                shorts[service_id],
            )
        )
    return MealCounts(first, last, [(sid, names[sid]) for sid in wanted], columns, rows)


def _with_pai(session: Session, child_ids: set[int]) -> set[int]:
    if not child_ids:
        return set()
    return set(
        session.scalars(
            select(HealthRecord.child_id).where(
                HealthRecord.child_id.in_(bindparam("ids", expanding=True)),
                HealthRecord.has_pai.is_(True),
            ),
            {"ids": sorted(child_ids)},
        )
    )


# --------------------------------------------------------------------------- the CSV


def _weekday(day: dt.date) -> str:
    return format_date(day, "EEEE", locale=LOCALE).capitalize()


def column_title(diet: str) -> str:
    """A diet as a column's title: "Sans régime", "Végétarien"."""
    return diet[:1].upper() + diet[1:]


def closed_text(closure: str) -> str:
    """ "Fermé : Jour férié (Fête du Travail)" """
    return french_spacing(f"{CLOSED} : {closure}")


def meal_counts_csv(counts: MealCounts) -> str:
    """The counts for a spreadsheet: semicolons, a UTF-8 byte order mark (so a French
    spreadsheet reads the accents), dates as JJ/MM/AAAA, one row per day and service, a
    closed day with empty counts and the reason in "Observation", then a "Total" row.

    Columns: Date;Jour;Prestation;<diets…>;Total;dont PAI;Observation. Write the text
    as it is (it begins with the BOM): `path.write_text(text, encoding="utf-8",
    newline="")`, or `.encode("utf-8")`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "Date",
            "Jour",
            "Prestation",
            *map(column_title, counts.diets),
            "Total",
            PAI,
            "Observation",
        ]
    )
    for row in counts.rows:
        if row.closed:
            counts_cells = [""] * (len(counts.diets) + 2)
            note = closed_text(row.closure or "")
        else:
            counts_cells = [
                *(str(row.meals[d]) for d in counts.diets),
                str(row.total),
                str(row.pai),
            ]
            note = ""
        writer.writerow(
            [short_date(row.day), _weekday(row.day), row.service_name, *counts_cells, note]
        )
    by_diet = counts.by_diet
    writer.writerow(
        [
            "Total",
            "",
            "",
            *(str(by_diet[d]) for d in counts.diets),
            str(counts.total),
            str(counts.pai),
            "",
        ]
    )
    return "\ufeff" + out.getvalue()


# --------------------------------------------------------------------------- the PDF

MARGIN = 12 * mm
SIZE = 8.5
ROW = 5.6 * mm
HEAD_TOP = 17 * mm  # the page header's height
FOOT = 10 * mm


@dataclass(frozen=True)
class _Layout:
    page: tuple[float, float]
    widths: list[float]  # date, service, diets…, total, PAI
    titles: list[list[str]]  # each column's title, wrapped
    head: float  # the column titles' row height


def _layout(counts: MealCounts) -> _Layout:
    titles = ["Date", "Prestation", *map(column_title, counts.diets), "Total", PAI]
    date_w = 33 * mm
    service_w = 42 * mm if len(counts.services) > 1 else 0.0
    # a number column: its title's longest word, a five-digit total, at least 14 mm
    wanted = [
        max(14 * mm, 8 + max(width(word, FONT_BOLD, 7.5) for word in title.split()))
        for title in titles[2:]
    ]
    page = A4
    if date_w + service_w + sum(wanted) > A4[0] - 2 * MARGIN:
        page = landscape(A4)
    room = page[0] - 2 * MARGIN - date_w - service_w
    # the columns share the width left (up to 28 mm each), none under what it needs
    spare = max(0.0, room - sum(wanted)) / len(wanted)
    widths = [date_w, service_w, *(min(max(w + spare, w), max(w, 28 * mm)) for w in wanted)]
    wrapped = [
        wrap(t, FONT_BOLD, 7.5, max(w - 4, 10)) if w else []
        for t, w in zip(titles, widths, strict=True)
    ]
    head = max(len(t) for t in wrapped) * 9 + 6
    return _Layout(page, widths, wrapped, head)


def _pages(counts: MealCounts, layout: _Layout) -> list[list[tuple[str, object]]]:
    """The table's lines, page by page: ("row", MealRow), ("day", (day, rows)) after a day of
    several services open, ("week", (monday, sunday, rows)) over several weeks, ("total",
    None)."""
    lines: list[tuple[str, object]] = []
    weeks = counts.weeks()
    subtotals = len(weeks) > 1
    for monday, sunday, rows in weeks:
        for day in sorted({row.day for row in rows}):
            of_day = [row for row in rows if row.day == day]
            lines += [("row", row) for row in of_day]
            if sum(1 for row in of_day if not row.closed) > 1:
                lines.append(("day", (day, of_day)))
        if subtotals:
            lines.append(("week", (monday, sunday, rows)))
    lines.append(("total", None))
    room = layout.page[1] - 2 * MARGIN - HEAD_TOP - FOOT - layout.head
    per_page = max(1, int(room // ROW))
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def _date_text(day: dt.date) -> str:
    return f"{format_date(day, 'EEE', locale=LOCALE).capitalize()} {short_date(day)}"


@gc_paused()
def meal_counts_pdf(
    counts: MealCounts, commune_name: str, progress: ProgressSink | None = None
) -> bytes:
    """The counts as a table, days x diets, a subtotal per week when the period spans several
    weeks, the totals; A4 (landscape when there are many diets), header on every page."""
    register_fonts()
    layout = _layout(counts)
    pages = _pages(counts, layout)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, pageCompression=1)
    canvas.setTitle(counts.title)
    canvas.setAuthor(commune_heading(commune_name))
    ink = Ink(canvas)
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        step(progress, number - 1, total, f"Page {number} / {total}")
        _draw_page(ink, counts, layout, lines, number, total, commune_name)
    step(progress, total, total, "Enregistrement du document")
    canvas.save()  # binary streams: see core/reports/__init__.py
    return buffer.getvalue()


def _draw_page(
    ink: Ink,
    counts: MealCounts,
    layout: _Layout,
    lines: list[tuple[str, object]],
    number: int,
    total: int,
    commune_name: str,
) -> None:
    page_w, page_h = layout.page
    left, right = MARGIN, page_w - MARGIN
    top = page_h - MARGIN - 4 * mm
    ink.text(left, top, commune_heading(commune_name), font=FONT_BOLD, size=10)
    services = ", ".join(name for _, name in counts.services) or "Aucune prestation de cantine"
    ink.text(left, top - 7.5 * mm, counts.title, font=FONT_BOLD, size=14)
    ink.line(left, top - 10.5 * mm, right, top - 10.5 * mm)
    ink.text(left, top - 14.5 * mm, services, size=8, grey=0.25)
    ink.text(
        left,
        MARGIN,
        french_spacing(
            f"Repas : enfants attendus (réservés, non déclarés absents) ; {PAI} : compris dans "
            "le total."
        ),
        size=7,
        grey=0.3,
    )
    ink.text(right, MARGIN, f"Page {number} / {total}", size=8, align="right")
    edges = [left]
    for w in layout.widths:
        edges.append(edges[-1] + w)
    width_used = edges[-1] - left
    shown = [i for i, w in enumerate(layout.widths) if w]
    y = page_h - MARGIN - HEAD_TOP - 4 * mm
    # the column titles
    ink.rect(left, y - layout.head, width_used, layout.head)
    for i in shown:
        ty = y - 9
        for text in layout.titles[i]:
            if i < 2:
                ink.text(edges[i] + 3, ty, text, font=FONT_BOLD, size=7.5)
            else:
                ink.text(edges[i + 1] - 3, ty, text, font=FONT_BOLD, size=7.5, align="right")
            ty -= 9
    table_top = y
    y -= layout.head
    ink.line(left, y, left + width_used, y)
    full = [edges[0], *(edges[j + 1] for j in shown)]  # the rules between the columns
    for x in full:
        ink.line(x, table_top, x, y)
    for kind, what in lines:
        closed = kind == "row" and what.closed  # type: ignore[attr-defined]
        rules = [edges[0], edges[1], edges[2], edges[-1]] if closed else full
        for x in dict.fromkeys(rules):
            ink.line(x, y, x, y - ROW)
        if kind == "row":
            row: MealRow = what  # type: ignore[assignment]
            cells = [_date_text(row.day), row.service_short or row.service_name]
            if row.closed:
                ink.text(edges[0] + 3, y - ROW + 4.5, cells[0], size=SIZE)
                if layout.widths[1]:
                    ink.text(
                        edges[1] + 3, y - ROW + 4.5, _fit(cells[1], layout.widths[1]), size=SIZE
                    )
                ink.text(
                    edges[2] + 3,
                    y - ROW + 4.5,
                    _fit(closed_text(row.closure or ""), edges[-1] - edges[2]),
                    font=FONT_BOLD,
                    size=SIZE,
                )
                y -= ROW
                ink.line(left, y, left + width_used, y)
                continue
            values = [*(row.meals[d] for d in counts.diets), row.total, row.pai]
            _draw_line(ink, layout, edges, y, cells, values, bold=False)
        elif kind in ("day", "week"):
            if kind == "day":
                day, rows = what  # type: ignore[misc]
                label = f"Total du {day:%d/%m}"
            else:
                monday, _sunday, rows = what  # type: ignore[misc]
                label = f"Semaine du {max(monday, counts.first):%d/%m}"
                ink.rect(left, y - ROW, width_used, ROW)
            sums = _add(rows, counts.diets)
            values = [
                *(sums[d] for d in counts.diets),
                sum(r.total for r in rows),
                sum(r.pai for r in rows),
            ]
            _draw_line(ink, layout, edges, y, [label, ""], values, bold=True)
        else:
            by_diet = counts.by_diet
            values = [*(by_diet[d] for d in counts.diets), counts.total, counts.pai]
            ink.rect(left, y - ROW, width_used, ROW)
            _draw_line(ink, layout, edges, y, ["Total", ""], values, bold=True)
            ink.line(left, y - ROW - 0.8, left + width_used, y - ROW - 0.8)
        y -= ROW
        ink.line(left, y, left + width_used, y)
    ink.line(left, table_top, left + width_used, table_top)
    ink.flush(line_width=0.5, fill_grey=0.88)
    ink.canvas.showPage()


def _fit(text: str, room: float) -> str:
    lines = wrap(text, FONT, SIZE, room - 6)
    return lines[0] + ("…" if len(lines) > 1 else "")


def _draw_line(
    ink: Ink,
    layout: _Layout,
    edges: list[float],
    y: float,
    cells: list[str],
    values: list[int],
    *,
    bold: bool,
) -> None:
    font = FONT_BOLD if bold else FONT
    base = y - ROW + 4.5
    ink.text(edges[0] + 3, base, cells[0], font=font, size=SIZE)
    if layout.widths[1] and cells[1]:
        ink.text(edges[1] + 3, base, _fit(cells[1], layout.widths[1]), font=font, size=SIZE)
    for i, value in enumerate(values, start=2):
        ink.text(edges[i + 1] - 3, base, _number(value), font=font, size=SIZE, align="right")


def _number(value: int) -> str:
    """36 773 (a narrow no-break space between thousands, as French prints them)."""
    return format_decimal(value, locale=LOCALE)


__all__ = [
    "MealCounts",
    "MealRow",
    "closed_text",
    "column_title",
    "meal_counts",
    "meal_counts_csv",
    "meal_counts_pdf",
    "month_of",
    "period_label",
    "week_of",
]
