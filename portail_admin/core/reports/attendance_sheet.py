"""The monthly attendance sheet (*feuille de présence / d'émargement*) of a service: a row per
enrolled child, a column per day the service runs, a tick box on each day the child is expected,
blank rows for walk-ins, the totals per day and per child and the signatures. Landscape A4, in
French, DejaVu Sans embedded, readable in black and white (symbols, never colour alone).

Data apart from layout: `sheet_data` reads everything (plain dataclasses, no ORM object),
`render` draws it, `attendance_sheet` does both.

Nothing here decides a planning rule. The lines, their legend states and the closures come from
`month.service_month`, the same read as the desktop grid; a day shows a tick box when the child
is expected on it (`Line.expected`: booked and not declared absent or on leave, or present — the
children the grid's footer counts, a reservation still waiting for a decision aside), and the
totals count those boxes.

Columns: every day on which the service runs, plus the days it would run but for a public
holiday or a closure of the calendar, which stay in place shaded, hatched and labelled ("Jour
férié", "Fermeture") so the gap reads. The other days it does not run are left out: weekends
and the weekdays it never runs, school holidays for a term-time service, term days for a
holiday service.

Health data: the rows carry the PAI / allergy mark (`ChildInfo.health_mark`, read by the month
with `with_health`) only when the role may see health data (Permission.VIEW_HEALTH); no detail
of the record is printed, and a key at the foot of each page says what the mark means. As the
grid's and the pointage's marks, it is not logged as a read of the health record
(core.services.health_access). `role=None` (no staff member: a script) gets no marks.

Speed: each page is drawn straight on the canvas (the grid as a few batched lines, each kind
of cell a form XObject drawn where it goes), the page count computed first so that "page N / M"
is exact; the large commune's whole canteen (about 4,500 children) takes a few seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import xObjectName
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .. import clock, formatting
from ..collation import name_key
from ..models import Child, CommuneSettings
from ..models.enums import StaffRole
from ..planning import month as months
from ..planning import rules
from ..planning.states import LEGEND, CellState
from ..search import normalise
from ..services.calendar import CalendarIndex, calendar_index
from ..services.staff import Permission, can, require
from .fonts import FONT, FONT_BOLD, register_fonts
from .progress import ProgressSink, step

TITLE = "Feuille de présence"
_XOBJECT_PREFIX = xObjectName("")  # reportlab's name of a form XObject is this + its name
# Calendar closures kept as shaded columns (the other closed days are left out).
SHOWN_CLOSURES = (CellState.PUBLIC_HOLIDAY, CellState.CLOSURE)
NOT_ENROLLED_SYMBOL = "–"  # a day outside the child's enrolment
HEALTH_KEY = {
    "PAI": formatting.french_spacing(
        "PAI : projet d'accueil individualisé (voir la fiche sanitaire)"
    ),
    "Allergie": formatting.french_spacing("Allergie : allergie signalée (voir la fiche sanitaire)"),
}
TICK_KEY = formatting.french_spacing("☐ attendu : cocher à l'arrivée de l'enfant")
WALK_IN_KEY = formatting.french_spacing("lignes vides : enfants accueillis sans réservation")
# The order of French school classes (a class starting with one of these sorts with it).
CLASS_ORDER = ("TPS", "PS", "MS", "GS", "CP", "CE1", "CE2", "CM1", "CM2")


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class SheetDay:
    """A column: a day the service runs, or a calendar closure kept shaded (`closed`)."""

    day: dt.date
    weekday: str  # "Lu"
    number: str  # "06"
    closed: CellState | None = None  # PUBLIC_HOLIDAY or CLOSURE
    closed_label: str = ""  # "Jour férié", "Fermeture"
    closed_detail: str = ""  # "Jour férié (Lundi de Pâques)"

    @property
    def label(self) -> str:
        """Lu 06"""
        return f"{self.weekday} {self.number}"


@dataclass(frozen=True)
class SheetCell:
    state: CellState  # the legend state, as the grid shows it
    expected: bool  # a tick box: the child is expected (counted in the day's total)

    @property
    def symbol(self) -> str:
        if self.state is CellState.NO_SERVICE:
            return NOT_ENROLLED_SYMBOL
        return self.state.symbol


@dataclass(frozen=True)
class SheetRow:
    child_id: int
    name: str  # "N'DIAYE ÉLOÏSE": last name then first name
    school: str
    school_class: str
    age: int  # on the month's first day
    health_mark: str  # "PAI", "Allergie" or "" (always "" without the health permission)
    cells: tuple[SheetCell, ...]  # one per SheetData.days
    total: int  # days expected


@dataclass(frozen=True)
class SheetGroup:
    """The rows printed together (a school class, or the whole service), from a new page."""

    title: str  # "École d'Alix — classe CE2" ("" when not grouped)
    rows: tuple[SheetRow, ...]
    totals: tuple[int, ...]  # children expected per day

    @property
    def total(self) -> int:
        return sum(self.totals)


@dataclass(frozen=True)
class SheetData:
    commune: str  # "Mairie d'Alix"
    structure: str
    service: str
    month: dt.date  # first day
    days: tuple[SheetDay, ...]
    groups: tuple[SheetGroup, ...]  # () when no child is enrolled
    with_health: bool  # the marks were read (the role may see health data)
    printed_on: dt.date
    grouped: bool = False

    @property
    def month_label(self) -> str:
        """avril 2015"""
        return format_date(self.month, "LLLL y", locale=formatting.LOCALE)

    @property
    def title(self) -> str:
        return f"{TITLE} — {self.structure} — {self.service}"

    @property
    def rows(self) -> list[SheetRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def totals(self) -> tuple[int, ...]:
        """Children expected per day, the whole service."""
        return tuple(sum(g.totals[i] for g in self.groups) for i in range(len(self.days)))

    @property
    def total(self) -> int:
        return sum(self.totals)


def commune_heading(name: str) -> str:
    """ "Mairie d'Alix" for "Alix" (a name already saying "Mairie …" is kept)."""
    name = name.strip()
    if not name:
        return "Mairie"
    if normalise(name).split(" ")[0] in ("mairie", "commune", "ville"):
        return name
    return f"Mairie {formatting.de(name)}"


def sheet_data(
    session: Session,
    role: StaffRole | str | None,
    service_id: int,
    month: dt.date,
    *,
    group_by_class: bool = False,
    today: dt.date | None = None,
) -> SheetData:
    """What the sheet of `service_id` for the month of `month` shows. `role` must be allowed
    the prints (PermissionDenied otherwise); None (no staff member) prints without marks."""
    if role is not None:
        require(role, Permission.PRINTS)
    today = today or clock.today()
    with_health = role is not None and can(role, Permission.VIEW_HEALTH)
    grid = months.service_month(session, service_id, month, today=today, with_health=with_health)
    settings = session.get(CommuneSettings, 1)
    columns: list[int] = []
    days: list[SheetDay] = []
    # The days the service would run, but for a public holiday or a closure: the same rule
    # asked of the calendar without them (only its school holidays).
    holidays = CalendarIndex(
        holidays_by_day=calendar_index(session, grid.days[0], grid.days[-1]).holidays_by_day
    )
    for index, (day, closure) in enumerate(zip(grid.days, grid.closures, strict=True)):
        weekday, number = formatting.weekday_short(day).split(" ")
        if closure is None:
            days.append(SheetDay(day, weekday, number))
        elif closure.state in SHOWN_CLOSURES and rules.closure(grid.service, day, holidays) is None:
            days.append(
                SheetDay(day, weekday, number, closure.state, closure.state.label, closure.detail)
            )
        else:
            continue
        columns.append(index)
    schools = _schools(session, [line.child_id for line in grid.lines]) if group_by_class else {}
    rows = []
    expect = _Expected(grid)
    shared: dict[tuple[CellState, bool], SheetCell] = {}
    for line in grid.lines:
        child = line.child
        if child is None:  # (the month always sets it)
            continue
        cells = []
        states = line.states
        for index, expected in zip(columns, expect.line(line, columns), strict=True):
            key = (states[index], expected)
            cell = shared.get(key)
            if cell is None:
                cell = shared[key] = SheetCell(*key)
            cells.append(cell)
        rows.append(
            SheetRow(
                child_id=child.id,
                name=child.name,
                school=schools.get(child.id, ""),
                school_class=child.school_class,
                age=child.age_on(grid.month),
                health_mark=child.health_mark if with_health else "",
                cells=tuple(cells),
                total=sum(cell.expected for cell in cells),
            )
        )
    if not rows:
        groups: tuple[SheetGroup, ...] = ()
    elif group_by_class:
        by_class: dict[tuple[str, str], list[SheetRow]] = {}
        for row in rows:  # rows stay in the month's order: by name
            by_class.setdefault((row.school, row.school_class), []).append(row)
        groups = tuple(
            _group(_group_title(school, school_class), members, len(days))
            for (school, school_class), members in sorted(
                by_class.items(), key=lambda item: _group_key(*item[0])
            )
        )
    else:
        groups = (_group("", rows, len(days)),)
    return SheetData(
        commune=commune_heading(settings.name if settings is not None else ""),
        structure=grid.service.structure_name,
        service=grid.service.name,
        month=grid.month,
        days=tuple(days),
        groups=groups,
        with_health=with_health,
        printed_on=today,
        grouped=group_by_class,
    )


class _Expected:
    """`Line.expected` of the month's lines, asked once per distinct set of its inputs (the
    day, the line's enrolments, the cell's booking and attendance): a month of the canteen
    has 75,000 cells but a few hundred such sets."""

    def __init__(self, grid: months.ServiceMonth):
        self.grid = grid
        self.memo: dict[tuple[object, ...], bool] = {}

    def line(self, line: months.Line, columns: list[int]) -> list[bool]:
        grid, memo, cells = self.grid, self.memo, line.cells
        shape = tuple((e.start_date, e.end_date, e.weekly_pattern) for e in line.enrolments)
        found = []
        for index in columns:
            if grid.closures[index] is not None:
                found.append(False)  # a closed day kept as a shaded column
                continue
            cell = cells.get(index)
            key = (index, shape, None if cell is None else (cell.booking, cell.attendance))
            expected = memo.get(key)
            if expected is None:
                expected = memo[key] = line.expected(index, grid.days[index])
            found.append(expected)
        return found


def _schools(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(
        session.execute(
            select(Child.id, Child.school).where(Child.id.in_(bindparam("ids", expanding=True))),
            {"ids": sorted(ids)},
        )
        .tuples()
        .all()
    )


def _group(title: str, rows: Sequence[SheetRow], days: int) -> SheetGroup:
    totals = [0] * days
    for row in rows:
        for index, cell in enumerate(row.cells):
            if cell.expected:
                totals[index] += 1
    return SheetGroup(title, tuple(rows), tuple(totals))


def _group_title(school: str, school_class: str) -> str:
    return (
        f"{school or 'École non renseignée'} — "
        f"{f'classe {school_class}' if school_class else 'classe non renseignée'}"
    )


def _class_rank(school_class: str) -> int:
    head = normalise(school_class).upper().replace(" ", "")
    # the longest level the class starts with: "CE1-CE2" with CE1, "PS/MS" with PS
    found = [i for i, level in enumerate(CLASS_ORDER) if head.startswith(level)]
    return max(found, key=lambda i: len(CLASS_ORDER[i])) if found else len(CLASS_ORDER)


def _group_key(school: str, school_class: str) -> tuple[object, ...]:
    # The unnamed school and class come last.
    return (
        not school,
        name_key(school, ""),
        not school_class,
        _class_rank(school_class),
        name_key(school_class, ""),
    )


# --------------------------------------------------------------------------- the layout

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 10 * mm
TOP = PAGE_HEIGHT - 9 * mm
ROW = 4.6 * mm
HEAD_ROW = 7.5 * mm  # the days' header (weekday over the date)
NAME_W = 50 * mm
CLASS_W = 11 * mm
AGE_W = 8 * mm
HEALTH_W = 14 * mm
TOTAL_W = 11 * mm
MAX_DAY_W = 12 * mm
FOOTER_H = 25 * mm  # key, signatures and page number, under the totals row
BOX = 2.6 * mm  # the tick box
HATCH = 2.2 * mm  # between the hatching lines of a closed day

GRID_GREY = 0.45
SHADE_GREY = 0.86
LIGHT_GREY = 0.94
TEXT_GREY = 0.3


@dataclass(frozen=True)
class _Geometry:
    health: bool
    day_w: float
    x_name: float
    x_class: float
    x_age: float
    x_health: float
    x_days: float
    x_total: float
    right: float
    table_top: float  # top of the days' header
    body_top: float  # top of the first row
    rows_per_page: int  # children and walk-in rows (the totals row apart)

    def day_x(self, index: int) -> float:
        return self.x_days + index * self.day_w


def _geometry(data: SheetData, grouped: bool) -> _Geometry:
    health = data.with_health
    x = MARGIN
    x_name = x
    x += NAME_W
    x_class = x
    x += CLASS_W
    x_age = x
    x += AGE_W
    x_health = x
    if health:
        x += HEALTH_W
    x_days = x
    room = PAGE_WIDTH - MARGIN - TOTAL_W - x_days
    count = max(len(data.days), 1)
    day_w = min(MAX_DAY_W, room / count)
    x_total = x_days + day_w * len(data.days)
    right = x_total + TOTAL_W
    table_top = TOP - 17 * mm - (5 * mm if grouped else 0)
    body_top = table_top - HEAD_ROW
    bottom = 6 * mm + FOOTER_H + ROW  # the totals row sits under the last row
    rows = max(1, int((body_top - bottom) // ROW))
    return _Geometry(
        health,
        day_w,
        x_name,
        x_class,
        x_age,
        x_health,
        x_days,
        x_total,
        right,
        table_top,
        body_top,
        rows,
    )


@dataclass(frozen=True)
class _Page:
    group: SheetGroup | None
    rows: tuple[SheetRow | None, ...]  # None: a blank walk-in row
    last_of_group: bool  # the group's totals under the rows
    service_total: bool = False  # and then the whole service's (the last of several groups)


def _pages(data: SheetData, geometry: _Geometry, walk_in_rows: int) -> list[_Page]:
    if not data.groups or not data.days:
        return [_Page(None, (), True)]
    pages = []
    per_page = geometry.rows_per_page
    for number, group in enumerate(data.groups, start=1):
        entries: list[SheetRow | None] = [*group.rows, *([None] * max(walk_in_rows, 0))]
        # the service's totals take a row of the last page, after the last group's
        extra = 1 if number == len(data.groups) and len(data.groups) > 1 else 0
        count = max(1, math.ceil((len(entries) + extra) / per_page))
        for n in range(count):
            chunk = tuple(entries[n * per_page : (n + 1) * per_page])
            last = n == count - 1
            pages.append(_Page(group, chunk, last, service_total=last and bool(extra)))
    return pages


def rows_per_page(data: SheetData) -> int:
    """How many rows (children and walk-ins) a page of `data` holds, the totals row apart."""
    return _geometry(data, data.grouped).rows_per_page


def rows_top(data: SheetData) -> float:
    """The height on the page (points from the bottom) of the top of the first row."""
    return _geometry(data, data.grouped).body_top


def page_count(data: SheetData, *, walk_in_rows: int = 5) -> int:
    """How many pages `render` makes of `data`."""
    return len(_pages(data, _geometry(data, data.grouped), walk_in_rows))


class _Painter:
    """Draws the pages of one sheet on a canvas."""

    def __init__(self, canvas: Canvas, data: SheetData, geometry: _Geometry, pages: int):
        self.c = canvas
        self.data = data
        self.g = geometry
        self.pages = pages
        self.forms: dict[tuple[CellState, bool], str | None] = {}
        self.symbols_used: set[CellState] = set()
        self.not_enrolled_used = False
        self.on_page: set[str] = set()
        self.labels: dict[tuple[str, str, float, float], str] = {}
        self.header_drawn = False
        self.keys: dict[tuple[str, ...], list[str]] = {}
        self.closed = [day.closed is not None for day in data.days]

    # ----------------------------------------------------------------- cells as forms

    def _form(self, state: CellState, expected: bool) -> str | None:
        """The name of the form XObject drawing this kind of cell (None: nothing to draw)."""
        key = (state, expected)
        if key in self.forms:
            return self.forms[key]
        symbol = NOT_ENROLLED_SYMBOL if state is CellState.NO_SERVICE else state.symbol
        if not expected and not symbol:
            self.forms[key] = None
            return None
        name = f"cell_{state.key}_{int(expected)}"
        c, w = self.c, self.g.day_w
        c.beginForm(name, lowerx=0, lowery=0, upperx=w, uppery=ROW)
        if state is CellState.NO_SERVICE:
            c.setFillGray(LIGHT_GREY)
            c.rect(0, 0, w, ROW, stroke=0, fill=1)
        c.setFillGray(0)
        size = 6.5 if len(symbol) < 2 else 5.5
        font = FONT_BOLD if state is CellState.ERROR else FONT
        if expected:
            box_x = w - BOX - 0.8 * mm
            c.setLineWidth(0.6)
            c.setStrokeGray(0)
            c.rect(box_x, (ROW - BOX) / 2, BOX, BOX, stroke=1, fill=0)
            if symbol:
                c.setFont(font, size - 0.5)
                c.drawCentredString(box_x / 2, ROW / 2 - 2.0, symbol)
        else:
            c.setFont(font, size)
            c.drawCentredString(w / 2, ROW / 2 - 2.2, symbol)
        c.endForm()
        self.forms[key] = name
        return name

    def _place(self, form: str, x: float, y: float) -> None:
        """Draw the form at (x, y): the first time on a page through the canvas (which lists
        it in the page's resources), then as the same operators written directly (the
        canvas's own transform formats its six numbers in pure Python: 60,000 cells)."""
        if form not in self.on_page:
            self.on_page.add(form)
            self.c.saveState()
            self.c.translate(x, y)
            self.c.doForm(form)
            self.c.restoreState()
            return
        self.c.addLiteral(f"q 1 0 0 1 {x:.2f} {y:.2f} cm /{_XOBJECT_PREFIX}{form} Do Q")

    # ----------------------------------------------------------------- a page

    def page(self, number: int, page: _Page) -> None:
        c, g, data = self.c, self.g, self.data
        self._header(page)
        if page.group is None:
            self._empty_message()
        else:
            rows_bottom = g.body_top - len(page.rows) * ROW
            totals = (1 if page.last_of_group else 0) + (1 if page.service_total else 0)
            bottom = rows_bottom - totals * ROW
            if totals:
                c.setFillGray(LIGHT_GREY)
                c.rect(g.x_name, bottom, g.right - g.x_name, totals * ROW, stroke=0, fill=1)
            self._closed_columns(bottom, rows_bottom)
            self._column_headers()
            c.setFillGray(0)  # the names are drawn straight on the page
            y = g.body_top
            for row in page.rows:
                y -= ROW
                if row is not None:
                    self._row(row, y)
            if page.last_of_group:
                label = f"Total attendus — {page.group.title}" if page.group.title else ""
                self._totals(label or "Total attendus", page.group.totals, rows_bottom - ROW)
            if page.service_total:
                self._totals(
                    "Total attendus — toute la prestation", data.totals, rows_bottom - 2 * ROW
                )
            walk_ins = [i for i, row in enumerate(page.rows) if row is None]
            self._grid(len(page.rows), totals, walk_ins)
        self._footer(number, page)
        c.showPage()
        self.on_page = set()

    def _header(self, page: _Page) -> None:
        c, data = self.c, self.data
        c.setFillGray(0)
        c.setFont(FONT_BOLD, 10.5)
        c.drawString(MARGIN, TOP - 3 * mm, data.commune)
        c.setFont(FONT, 7.5)
        c.drawRightString(
            PAGE_WIDTH - MARGIN,
            TOP - 3 * mm,
            f"Édité le {format_date(data.printed_on, 'd MMMM y', locale=formatting.LOCALE)}",
        )
        month = formatting.month_title(data.month)
        room = PAGE_WIDTH - 2 * MARGIN - c.stringWidth(month, FONT_BOLD, 13.5) - 8 * mm
        size = 13.5
        while size > 9 and c.stringWidth(data.title, FONT_BOLD, size) > room:
            size -= 0.5
        c.setFont(FONT_BOLD, size)
        c.drawString(MARGIN, TOP - 10 * mm, _fit(c, data.title, FONT_BOLD, size, room))
        c.setFont(FONT_BOLD, 13.5)
        c.drawRightString(PAGE_WIDTH - MARGIN, TOP - 10 * mm, month)
        if page.group is not None and page.group.title:
            c.setFont(FONT_BOLD, 10.5)
            c.drawString(MARGIN, TOP - 16 * mm, page.group.title)

    def _empty_message(self) -> None:
        c, data = self.c, self.data
        c.setFont(FONT, 12)
        y = self.g.table_top - 12 * mm
        if not data.days:
            text = f"La prestation n'a aucun jour d'accueil en {data.month_label}."
        else:
            text = f"Aucun enfant n'est inscrit à cette prestation en {data.month_label}."
        c.drawString(MARGIN, y, text)
        c.setFont(FONT, 9)
        c.drawString(MARGIN, y - 7 * mm, "Il n'y a pas de feuille de présence à remplir.")

    def _column_headers(self) -> None:
        """The table's header, the same on every page: drawn once as a form, then placed."""
        if not self.header_drawn:
            self.c.beginForm("column_headers")
            self._draw_column_headers()
            self.c.endForm()
            self.header_drawn = True
        self.c.doForm("column_headers")

    def _draw_column_headers(self) -> None:
        c, g, data = self.c, self.g, self.data
        c.setFillGray(0)
        top, mid = g.table_top, g.table_top - HEAD_ROW / 2
        c.setFont(FONT_BOLD, 7.5)
        text_y = top - HEAD_ROW / 2 - 1.3 * mm
        c.drawString(g.x_name + 1.2 * mm, text_y, "Nom et prénom")
        c.drawCentredString((g.x_class + g.x_age) / 2, text_y, "Classe")
        c.drawCentredString((g.x_age + g.x_health) / 2, text_y, "Âge")
        if g.health:
            c.drawCentredString((g.x_health + g.x_days) / 2, text_y, "Santé")
        c.drawCentredString((g.x_total + g.right) / 2, text_y, "Total")
        for index, day in enumerate(data.days):
            x = g.day_x(index) + g.day_w / 2
            c.setFont(FONT, 6.5)
            c.drawCentredString(x, mid + 1.0 * mm, day.weekday)
            c.setFont(FONT_BOLD, 7.5)
            c.drawCentredString(x, top - HEAD_ROW + 1.1 * mm, day.number)

    def _closed_columns(self, bottom: float, rows_bottom: float) -> None:
        """Shade the calendar's closed days (hatched under the header), their label written
        down the column over the rows."""
        c, g = self.c, self.g
        top = g.table_top
        for index, day in enumerate(self.data.days):
            if day.closed is None:
                continue
            x = g.day_x(index)
            c.saveState()
            c.setFillGray(SHADE_GREY)
            c.rect(x, bottom, g.day_w, top - bottom, stroke=0, fill=1)
            path = c.beginPath()
            path.rect(x, bottom, g.day_w, g.body_top - bottom)
            c.clipPath(path, stroke=0, fill=0)
            c.setStrokeGray(0.55)
            c.setLineWidth(0.35)
            height = g.body_top - bottom
            lines = []
            offset = -g.day_w
            while offset < height:
                lines.append((x, bottom + offset, x + g.day_w, bottom + offset + g.day_w))
                offset += HATCH
            c.lines(lines)
            c.restoreState()
            self.symbols_used.add(day.closed)
            room = g.body_top - rows_bottom - 2 * mm
            size = 7.0
            label = f"{day.closed.symbol} {day.closed_detail or day.closed_label}"
            if c.stringWidth(label, FONT_BOLD, size) > room:
                label = f"{day.closed.symbol} {day.closed_label}"
            if c.stringWidth(label, FONT_BOLD, size) > room:
                label = day.closed.symbol  # a single row: the symbol says it (see the key)
            width = c.stringWidth(label, FONT_BOLD, size)
            c.saveState()
            c.translate(x + g.day_w / 2, (g.body_top + rows_bottom) / 2)
            c.rotate(90)
            c.setFillGray(1)
            c.rect(-width / 2 - 1 * mm, -size / 2 - 1, width + 2 * mm, size + 2, stroke=0, fill=1)
            c.setFillGray(0)
            c.setFont(FONT_BOLD, size)
            c.drawCentredString(0, -size / 2 + 1.2, label)
            c.restoreState()

    def _label(self, text: str, font: str, size: float, width: float) -> str:
        """The form XObject of a short text centred in a cell `width` wide: the classes, ages,
        marks and totals repeat down the pages (drawn once each, then placed)."""
        key = (text, font, size, width)
        name = self.labels.get(key)
        if name is None:
            name = self.labels[key] = f"label_{len(self.labels)}"
            c = self.c
            c.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=ROW)
            c.setFillGray(0)
            c.setFont(font, size)
            c.drawCentredString(width / 2, ROW / 2 - 1.1 * mm, text)
            c.endForm()
        return name

    def _row(self, row: SheetRow, y: float) -> None:
        c, g = self.c, self.g
        c.setFont(FONT, 7.5)
        name = row.name
        if c.stringWidth(name, FONT, 7.5) > NAME_W - 2 * mm:
            name = _fit(c, name, FONT, 7.5, NAME_W - 2 * mm)
        c.drawString(g.x_name + 1.2 * mm, y + ROW / 2 - 1.1 * mm, name)
        place, label = self._place, self._label
        if row.school_class:
            place(label(row.school_class[:8], FONT, 7, CLASS_W), g.x_class, y)
        place(label(str(row.age), FONT, 7, AGE_W), g.x_age, y)
        if g.health and row.health_mark:
            place(label(row.health_mark, FONT_BOLD, 7, HEALTH_W), g.x_health, y)
        closed = self.closed
        for index, cell in enumerate(row.cells):
            if closed[index] and cell.state is not CellState.ERROR:
                continue  # the column is shaded and labelled
            form = self._form(cell.state, cell.expected)
            if form is None:
                continue
            if cell.state is CellState.NO_SERVICE:
                self.not_enrolled_used = True
            elif cell.state.symbol:
                self.symbols_used.add(cell.state)
            place(form, g.day_x(index), y)
        place(label(str(row.total), FONT_BOLD, 7.5, TOTAL_W), g.x_total, y)

    def _totals(self, label: str, totals: Sequence[int], y: float) -> None:
        c, g = self.c, self.g
        c.setFillGray(0)
        base = y + ROW / 2 - 1.1 * mm
        c.setFont(FONT_BOLD, 7.5)
        width = (g.x_days - g.x_name) - 2 * mm
        c.drawString(g.x_name + 1.2 * mm, base, _fit(c, label, FONT_BOLD, 7.5, width))
        for index, total in enumerate(totals):
            if self.closed[index]:
                continue
            c.drawCentredString(g.day_x(index) + g.day_w / 2, base, str(total))
        c.drawCentredString((g.x_total + g.right) / 2, base, str(sum(totals)))

    def _grid(self, rows: int, totals: int, walk_ins: list[int]) -> None:
        """The table's lines: `rows` rows (children and walk-ins), then `totals` rows."""
        c, g = self.c, self.g
        top = g.table_top
        body_rows = rows + totals
        bottom = g.body_top - body_rows * ROW
        c.setStrokeGray(GRID_GREY)
        c.setLineWidth(0.3)
        lines = [
            (g.x_name, g.body_top - n * ROW, g.right, g.body_top - n * ROW)
            for n in range(1, body_rows)
        ]
        # the name, class, age and health columns are one cell in the totals rows (the label)
        rows_bottom = g.body_top - rows * ROW
        lines += [(x, top, x, rows_bottom) for x in (g.x_class, g.x_age)]
        if g.health:
            lines.append((g.x_health, top, g.x_health, rows_bottom))
        lines += [(g.day_x(i), top, g.day_x(i), bottom) for i in range(1, len(self.data.days))]
        c.lines(lines)
        c.setStrokeGray(0)
        c.setLineWidth(0.9)
        c.rect(g.x_name, bottom, g.right - g.x_name, top - bottom, stroke=1, fill=0)
        strong = [
            (g.x_name, g.body_top, g.right, g.body_top),
            (g.x_days, top, g.x_days, bottom),
            (g.x_total, top, g.x_total, bottom),
        ]
        if walk_ins:
            y = g.body_top - walk_ins[0] * ROW
            strong.append((g.x_name, y, g.right, y))
        if totals:
            y = g.body_top - rows * ROW
            strong.append((g.x_name, y, g.right, y))
        c.lines(strong)

    def _footer(self, number: int, page: _Page) -> None:
        c = self.c
        top = 6 * mm + FOOTER_H - 2 * mm
        # the key, left
        c.setFillGray(0)
        c.setFont(FONT_BOLD, 7)
        c.drawString(MARGIN, top, "Légende")
        entries = [TICK_KEY]
        entries += [
            f"{state.symbol} {state.label[0].lower()}{state.label[1:]}"
            for state in LEGEND
            if state in self.symbols_used
        ]
        if self.not_enrolled_used:
            entries.append(f"{NOT_ENROLLED_SYMBOL} non inscrit ce jour")
        if page.group is not None:
            entries.append(WALK_IN_KEY)
        lines = self.keys.get(tuple(entries))
        if lines is None:
            lines = self.keys[tuple(entries)] = _wrap(
                c, " · ".join(entries), FONT, 6.8, 150 * mm, " · "
            )
        lines = list(lines)
        health = [
            HEALTH_KEY[m]
            for m in HEALTH_KEY
            if page.group is not None
            and any(row is not None and row.health_mark == m for row in page.rows)
        ]
        if health:
            lines.append(" · ".join(health))
        c.setFont(FONT, 6.8)
        y = top - 3.4 * mm
        for line in lines[:5]:
            c.drawString(MARGIN, y, line)
            y -= 3.1 * mm
        self.symbols_used = set()
        self.not_enrolled_used = False
        # the signatures, right
        width = 55 * mm
        x = PAGE_WIDTH - MARGIN - 2 * width - 6 * mm
        box_top, box_h = top + 2 * mm, 15 * mm
        for label in ("Signature de l'animateur", "Signature du responsable"):
            c.setLineWidth(0.6)
            c.setStrokeGray(0)
            c.rect(x, box_top - box_h, width, box_h, stroke=1, fill=0)
            c.setFont(FONT, 7)
            c.drawString(x + 1.5 * mm, box_top - 3.2 * mm, label)
            x += width + 6 * mm
        c.setFont(FONT, 7.5)
        c.setFillGray(TEXT_GREY)
        c.drawString(MARGIN, 5 * mm, f"{self.data.title} — {self.data.month_label}")
        c.drawRightString(PAGE_WIDTH - MARGIN, 5 * mm, f"page {number} / {self.pages}")
        c.setFillGray(0)


def _fit(c: Canvas, text: str, font: str, size: float, width: float) -> str:
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(c: Canvas, text: str, font: str, size: float, width: float, sep: str) -> list[str]:
    lines, current = [], ""
    for part in text.split(sep):
        candidate = f"{current}{sep}{part}" if current else part
        if current and c.stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = part
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def render(
    data: SheetData, *, walk_in_rows: int = 5, progress: ProgressSink | None = None
) -> bytes:
    """The sheet as PDF bytes: each group from a new page, "page N / M" on each."""
    register_fonts()
    geometry = _geometry(data, data.grouped)
    pages = _pages(data, geometry, walk_in_rows)
    buffer = io.BytesIO()
    with _binary_streams():
        canvas = Canvas(
            buffer,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            pageCompression=1,
            initialFontName=FONT,
            initialFontSize=8,
        )
        canvas.setTitle(f"{data.title} — {data.month_label}")
        canvas.setAuthor(data.commune)
        canvas.setSubject(TITLE)
        painter = _Painter(canvas, data, geometry, len(pages))
        for number, page in enumerate(pages, start=1):
            step(progress, number - 1, len(pages), f"Page {number} / {len(pages)}")
            painter.page(number, page)
        canvas.save()
    step(progress, len(pages), len(pages), f"Page {len(pages)} / {len(pages)}")
    return buffer.getvalue()


_streams_lock = threading.Lock()
_streams_users = 0
_streams_before: Any = None


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams written as binary, without reportlab's ASCII85 layer on top: that
    encoder is pure Python (a third of the time of a 150-page sheet) and only makes the file
    bigger. reportlab reads the switch (a global) when it writes a file: it is set while any
    sheet is being drawn, and put back when the last one is done; another document written
    meanwhile (a credential letter) is as valid either way."""
    global _streams_users, _streams_before
    with _streams_lock:
        if _streams_users == 0:
            _streams_before = rl_config.useA85
            rl_config.useA85 = 0
        _streams_users += 1
    try:
        yield
    finally:
        with _streams_lock:
            _streams_users -= 1
            if _streams_users == 0:
                rl_config.useA85 = _streams_before


def attendance_sheet(
    session: Session,
    role: StaffRole | str | None,
    service_id: int,
    month: dt.date,
    *,
    group_by_class: bool = False,
    walk_in_rows: int = 5,
    today: dt.date | None = None,
    progress: ProgressSink | None = None,
) -> bytes:
    """The attendance sheet of a service for a month, as PDF bytes. `progress` hears of the
    read (no total yet), then of each page; Cancelled stops it at either."""
    step(progress, 0, 0, "Lecture du planning…")
    data = sheet_data(session, role, service_id, month, group_by_class=group_by_class, today=today)
    return render(data, walk_in_rows=walk_in_rows, progress=progress)
