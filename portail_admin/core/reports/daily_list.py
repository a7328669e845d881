"""The daily list (*liste du jour*) of a structure: for each of its services open that day, the
children expected, by name, with their class, a health mark, who may collect them, whether
they may leave alone, and boxes to write the arrival and departure times and an observation or
a signature. A4 landscape, black and white, the header on every page, "Page N / M".

Who is listed is the planning's own rule, nothing else: `month.service_day(...).expected()`
(booked and not declared absent, or present without a booking; a reservation still waiting for
a decision is not enough), the children the pointage and the grid expect.

Which services: the structure's active services. One closed that day for a calendar reason
(a public holiday, a closure of the structure, school holidays for a term-time service) is
listed with the reason and no children; one that does not run on such a day at all (not one
of its weekdays, a holiday-only service in term time: `CellState.NO_SERVICE`) is left out.

Health data: the mark ("PAI", "Allergie", from the child's health record) is printed only for
a role with Permission.VIEW_HEALTH (today every staff role has it; `role=None`, a print made
without a staff member, or `with_health=False` leave it out); a key at the foot of every page
says what the marks mean. It is a mark in a list, as the grid's (`month.health_marks`), not
the health record.

The data (`daily_list_data`, plain dataclasses, a fixed number of queries whatever the number
of children: the services' days, then the health marks, the authorised persons and the
consents of every child listed in one query each) is apart from the layout (`render`), which
lays the rows out itself (core.reports.pages: thousands of rows in well under a second).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..errors import NotFoundError
from ..formatting import french_spacing, long_date, phone
from ..models import AuthorisedPerson, Child, CommuneSettings, Service, Structure
from ..models.enums import StaffRole
from ..planning import month
from ..planning.states import CellState
from ..services.staff import Permission, can, require
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

TITLE = "Liste du jour"
LEAVE_ALONE = "Peut partir seul"
HEALTH_KEY = french_spacing(
    "Santé : PAI = projet d'accueil individualisé (suivre le protocole de l'enfant) ; "
    "Allergie = allergie signalée sur la fiche sanitaire."
)
CONFIDENTIAL = "Document interne — données personnelles, à ne pas diffuser ni laisser en vue."
NO_COLLECTOR = "—"


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Collector:
    """A person the family allows to collect the child."""

    name: str  # "MARTIN Paul"
    relationship: str  # "grand-père", or ""
    phone: str  # formatted (06.12.34.56.78), or ""

    @property
    def text(self) -> str:
        """ "MARTIN Paul (grand-père) — 06.12.34.56.78" """
        text = self.name
        if self.relationship:
            text += f" ({self.relationship})"
        if self.phone:
            text += f" — {self.phone}"
        return text


@dataclass(frozen=True)
class ListedChild:
    child_id: int
    last_name: str
    first_name: str
    school_class: str
    health_mark: str  # "PAI", "Allergie", "" (always "" without VIEW_HEALTH)
    leave_alone: bool  # Child.consent_leave_alone
    collectors: tuple[Collector, ...]

    @property
    def name(self) -> str:
        return f"{self.last_name} {self.first_name}"


@dataclass(frozen=True)
class ServiceList:
    service_id: int
    name: str
    closure: str | None  # why the service is closed that day ("Jour férié (Fête du Travail)")
    children: list[ListedChild] = field(default_factory=list)  # by French name order


@dataclass(frozen=True)
class DailyListData:
    commune_name: str
    structure_id: int
    structure_name: str
    day: dt.date
    with_health: bool
    services: list[ServiceList]

    @property
    def title(self) -> str:
        """ "Liste du jour — Lundi 4 Mai 2015" """
        return f"{TITLE} — {long_date(self.day)}"

    @property
    def children(self) -> int:
        """How many lines the list has (a child in two services counts twice)."""
        return sum(len(s.children) for s in self.services)


@gc_paused()
def daily_list_data(
    session: Session,
    role: StaffRole | str | None,
    structure_id: int,
    day: dt.date,
    *,
    with_health: bool | None = None,
) -> DailyListData:
    """The list's data. `role`: the staff member's (Permission.PRINTS required; the health
    marks follow Permission.VIEW_HEALTH); None prints without health marks. `with_health`
    False leaves them out whatever the role."""
    if role is not None:
        require(role, Permission.PRINTS)
    allowed = role is not None and can(role, Permission.VIEW_HEALTH)
    health = allowed if with_health is None else (with_health and allowed)
    structure = session.get(Structure, structure_id)
    if structure is None:
        raise NotFoundError("Cette structure n'existe pas.")
    commune = session.get(CommuneSettings, 1)
    service_ids = list(
        session.scalars(
            select(Service.id)
            .where(Service.structure_id == structure_id, Service.active.is_(True))
            .order_by(Service.sort_order, Service.name)
        )
    )
    days: list[tuple[month.ServiceDay, list[month.Line]]] = []
    for service_id in service_ids:
        sheet = month.service_day(session, service_id, day)  # the marks: below, listed only
        if sheet.closure is not None and sheet.closure.state is CellState.NO_SERVICE:
            continue  # not a day this service runs on: left out
        days.append((sheet, sheet.expected()))
    listed = sorted({line.child_id for _, lines in days for line in lines})
    marks = month.health_marks(session, listed) if health else {}
    collectors = _collectors(session, listed)
    alone = _leaving_alone(session, listed)
    services = []
    for sheet, lines in days:
        children = []
        for line in lines:  # by name: the day's lines are in French name order
            child = line.child
            assert child is not None  # a service day's lines carry their child
            children.append(
                ListedChild(
                    child.id,
                    child.last_name,
                    child.first_name,
                    child.school_class,
                    marks.get(child.id, ""),
                    child.id in alone,
                    collectors.get(child.id, ()),
                )
            )
        closure = sheet.closure.detail if sheet.closure is not None else None
        services.append(ServiceList(sheet.service.id, sheet.service.name, closure, children))
    return DailyListData(
        commune.name if commune is not None else "",
        structure.id,
        structure.name,
        day,
        health,
        services,
    )


def _collectors(session: Session, child_ids: list[int]) -> dict[int, tuple[Collector, ...]]:
    """The authorised persons of every child listed, in the order the family gave them: one
    query."""
    if not child_ids:
        return {}
    found: dict[int, list[Collector]] = {}
    for child_id, last, first, relationship, number in session.execute(
        select(
            AuthorisedPerson.child_id,
            AuthorisedPerson.last_name,
            AuthorisedPerson.first_name,
            AuthorisedPerson.relationship_,
            AuthorisedPerson.phone,
        )
        .where(AuthorisedPerson.child_id.in_(bindparam("ids", expanding=True)))
        .order_by(AuthorisedPerson.child_id, AuthorisedPerson.id),
        {"ids": child_ids},
    ).tuples():
        name = " ".join(p for p in (last.strip(), first.strip()) if p)
        found.setdefault(child_id, []).append(
            Collector(name, (relationship or "").strip(), phone((number or "").strip()))
        )
    return {child_id: tuple(people) for child_id, people in found.items()}


def _leaving_alone(session: Session, child_ids: list[int]) -> set[int]:
    """The children listed whose family allows them to leave alone: one query."""
    if not child_ids:
        return set()
    return set(
        session.scalars(
            select(Child.id).where(
                Child.id.in_(bindparam("ids", expanding=True)),
                Child.consent_leave_alone.is_(True),
            ),
            {"ids": child_ids},
        )
    )


# --------------------------------------------------------------------------- the layout

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
TABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_TOP = PAGE_HEIGHT - MARGIN - 17 * mm  # under the page header
BODY_BOTTOM = MARGIN + 10 * mm  # over the foot (key, confidentiality, page number)

SIZE = 8.0  # the rows' text
LEADING = 9.6
PAD = 2.6  # inside a cell, above and left
MIN_ROW = 7 * mm  # room to write a time
HEADING = 6.5 * mm  # a service's heading band
COLUMNS_ROW = 5.5 * mm  # the column titles
HANGING = 3 * mm  # the indent of a person's continued lines

_Line = tuple[str, str, float]  # a line of a cell: text, font, indent


@dataclass(frozen=True)
class _Column:
    key: str
    title: str
    width: float


def _columns(with_health: bool) -> list[_Column]:
    columns = [
        _Column("number", "N°", 9 * mm),
        _Column("child", "Enfant", 50 * mm),
        _Column("class", "Classe", 16 * mm),
    ]
    if with_health:
        columns.append(_Column("health", "Santé", 15 * mm))
    columns += [
        _Column("collectors", "Personnes autorisées à venir chercher l'enfant", 92 * mm),
        _Column("arrival", "Arrivée", 17 * mm),
        _Column("departure", "Départ", 17 * mm),
    ]
    used = sum(c.width for c in columns)
    columns.append(_Column("notes", "Observations / signature", TABLE_WIDTH - used))
    return columns


@dataclass
class _Row:
    number: int
    child: ListedChild
    cells: dict[str, list[tuple[str, str, float]]]  # column -> lines (text, font, indent)
    height: float


def _fit(room: float, text: str, font: str = FONT, hanging: bool = False) -> list[_Line]:
    """`text` wrapped to a column of `room` points; `hanging`: the lines after the first
    indented (a person's name and phone over several lines read as one entry)."""
    indent = HANGING if hanging else 0.0
    lines = wrap(text, font, SIZE, room - indent)
    return [(line, font, indent if n else 0.0) for n, line in enumerate(lines)]


_fit_often = lru_cache(maxsize=4096)(_fit)  # the classes, the marks: a few values, many rows


def _row(number: int, child: ListedChild, columns: dict[str, _Column]) -> _Row:
    def room(key: str) -> float:
        return columns[key].width - 2 * PAD

    cells = {
        "number": [(str(number), FONT, 0.0)],
        "child": _fit(room("child"), child.name, FONT_BOLD),
        "class": _fit_often(room("class"), child.school_class),
    }
    if "health" in columns:
        cells["health"] = _fit_often(room("health"), child.health_mark, FONT_BOLD)
    people: list[_Line] = []
    if child.leave_alone:
        people += _fit_often(room("collectors"), LEAVE_ALONE, FONT_BOLD)
    for person in child.collectors:
        people += _fit(room("collectors"), person.text, hanging=True)
    if not people:
        people = [(NO_COLLECTOR, FONT, 0.0)]
    cells["collectors"] = people
    lines = max(len(v) for v in cells.values())
    # A row never outgrows a page (it would never fit): a very long list is cut with "…".
    most = int((BODY_TOP - BODY_BOTTOM - HEADING - COLUMNS_ROW - 2 * PAD) // LEADING)
    if lines > most:
        for key, value in cells.items():
            if len(value) > most:
                cells[key] = [*value[: most - 1], ("…", FONT, 0.0)]
        lines = most
    height = max(MIN_ROW, lines * LEADING + 2 * PAD)
    return _Row(number, child, cells, height)


@dataclass
class _Page:
    items: list[tuple[str, float, object]] = field(default_factory=list)  # (kind, top y, what)


NO_SERVICE = "Aucune prestation de cette structure n'a lieu ce jour."


def _paginate(data: DailyListData, columns: dict[str, _Column]) -> list[_Page]:
    pages = [_Page()]
    y = BODY_TOP

    def new_page() -> None:
        nonlocal y
        pages.append(_Page())
        y = BODY_TOP

    for service in data.services:
        rows = [_row(n, c, columns) for n, c in enumerate(service.children, start=1)]
        first_height = rows[0].height if rows else MIN_ROW
        if y - (HEADING + COLUMNS_ROW + first_height) < BODY_BOTTOM and pages[-1].items:
            new_page()
        elif pages[-1].items:
            y -= 3 * mm  # between two services
        pages[-1].items.append(("heading", y, (service, False)))
        y -= HEADING
        if not rows:
            pages[-1].items.append(("message", y, service))
            y -= MIN_ROW
            continue
        pages[-1].items.append(("columns", y, None))
        y -= COLUMNS_ROW
        for row in rows:
            if y - row.height < BODY_BOTTOM:
                new_page()
                pages[-1].items.append(("heading", y, (service, True)))
                y -= HEADING
                pages[-1].items.append(("columns", y, None))
                y -= COLUMNS_ROW
            pages[-1].items.append(("row", y, row))
            y -= row.height
    if not data.services:  # not an empty page: say why there is nothing to list
        pages[-1].items.append(("message", y, None))
    return pages


def _heading_text(service: ServiceList, continued: bool) -> str:
    if service.closure is not None:
        return french_spacing(f"{service.name} — fermé : {service.closure}")
    n = len(service.children)
    if n == 0:
        count = "aucun enfant attendu"
    else:
        count = "1 enfant attendu" if n == 1 else f"{n} enfants attendus"
    text = f"{service.name} — {count}"
    return f"{text} (suite)" if continued else text


def _draw_page(
    ink: Ink,
    data: DailyListData,
    page: _Page,
    number: int,
    total: int,
    columns: list[_Column],
) -> None:
    canvas = ink.canvas
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    # The header.
    top = PAGE_HEIGHT - MARGIN - 4 * mm
    ink.text(left, top, commune_heading(data.commune_name), font=FONT_BOLD, size=10)
    ink.text(right, top, data.structure_name, font=FONT_BOLD, size=10, align="right")
    ink.text(left, top - 7.5 * mm, data.title, font=FONT_BOLD, size=14)
    ink.line(left, top - 10.5 * mm, right, top - 10.5 * mm)
    # The foot.
    foot = MARGIN
    if data.with_health:
        ink.text(left, foot + 4 * mm, HEALTH_KEY, size=7)
    ink.text(left, foot, CONFIDENTIAL, size=7, grey=0.3)
    ink.text(right, foot, f"Page {number} / {total}", size=8, align="right")
    # The body.
    edges = [left]
    for column in columns:
        edges.append(edges[-1] + column.width)
    lefts = {column.key: x + PAD for column, x in zip(columns, edges, strict=False)}
    table_top: float | None = None
    bottom = BODY_TOP

    def close_table(at: float) -> None:
        if table_top is not None:
            for x in edges:
                ink.line(x, table_top, x, at)

    for kind, y, what in page.items:
        if kind == "heading":
            close_table(bottom)
            table_top = None
            service, continued = what  # type: ignore[misc]
            ink.rect(left, y - HEADING, right - left, HEADING)
            ink.line(left, y, right, y)
            ink.line(left, y - HEADING, right, y - HEADING)
            ink.line(left, y, left, y - HEADING)
            ink.line(right, y, right, y - HEADING)
            ink.text(
                left + PAD,
                y - HEADING + 2 * mm,
                _heading_text(service, continued),
                font=FONT_BOLD,
                size=10,
            )
            bottom = y - HEADING
        elif kind == "message":
            service = what  # type: ignore[assignment]
            text = (
                NO_SERVICE
                if service is None
                else "Pas d'accueil ce jour."
                if service.closure is not None  # type: ignore[attr-defined]
                else "Aucun enfant n'est attendu ce jour."
            )
            ink.text(left + PAD, y - 4.5 * mm, text, size=SIZE, grey=0.25)
            bottom = y - MIN_ROW
        elif kind == "columns":
            table_top = y
            ink.rect(left, y - COLUMNS_ROW, right - left, COLUMNS_ROW)
            ink.line(left, y - COLUMNS_ROW, right, y - COLUMNS_ROW)
            for column, x in zip(columns, edges, strict=False):
                title = column.title
                room = column.width - 2 * PAD
                while width(title, FONT_BOLD, 7.5) > room and len(title) > 2:
                    title = title[:-2] + "…"
                ink.text(x + PAD, y - COLUMNS_ROW + 1.8 * mm, title, font=FONT_BOLD, size=7.5)
            bottom = y - COLUMNS_ROW
        else:
            row: _Row = what  # type: ignore[assignment]
            _draw_row(ink, row, y, lefts)
            bottom = y - row.height
            ink.line(left, bottom, right, bottom)
    close_table(bottom)
    ink.flush(line_width=0.5, fill_grey=0.88)
    canvas.showPage()


def _draw_row(ink: Ink, row: _Row, y: float, lefts: dict[str, float]) -> None:
    first = y - PAD - SIZE * 0.85
    for key, lines in row.cells.items():
        ink.lines(lefts[key], first, lines, LEADING, SIZE)


@gc_paused()
def render(data: DailyListData, progress: ProgressSink | None = None) -> bytes:
    """The list as PDF bytes. `progress` is told of each page and may stop the print
    (progress.Cancelled)."""
    register_fonts()
    columns = _columns(data.with_health)
    by_key = {c.key: c for c in columns}
    pages = _paginate(data, by_key)
    total = len(pages)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"{data.title} — {data.structure_name}")
    canvas.setAuthor(commune_heading(data.commune_name))
    canvas.setSubject(data.structure_name)
    ink = Ink(canvas)
    for number, page in enumerate(pages, start=1):
        step(progress, number - 1, total, f"Page {number} / {total}")
        _draw_page(ink, data, page, number, total, columns)
    step(progress, total, total, "Enregistrement du document")
    canvas.save()  # binary streams: see core/reports/__init__.py
    return buffer.getvalue()


def daily_list(
    session: Session,
    role: StaffRole | str | None,
    structure_id: int,
    day: dt.date,
    *,
    progress: ProgressSink | None = None,
) -> bytes:
    """The daily list of a structure as PDF bytes (`daily_list_data`, then `render`)."""
    step(progress, 0, 1, "Lecture du planning du jour")
    return render(daily_list_data(session, role, structure_id, day), progress)
