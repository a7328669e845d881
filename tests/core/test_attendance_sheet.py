"""The monthly attendance sheet (core.reports.attendance_sheet): the data (days, rows, states,
tick boxes, totals on the planning's own rules), the PDF read back with pypdf (names, days,
totals, the French header on every page, "page N / M"), the grouping by class, the health marks
only for a role that may see health data, the progress and its cancelling, an empty month."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from portail_admin.core import db
from portail_admin.core.errors import PermissionDenied
from portail_admin.core.formatting import NARROW_NBSP as N
from portail_admin.core.models import Child, Enrolment, PlanningCell, weekday_mask
from portail_admin.core.models.enums import Attendance, Booking, StaffRole
from portail_admin.core.planning import month as months
from portail_admin.core.planning.states import CellState
from portail_admin.core.reports import attendance_sheet as sheets
from portail_admin.core.reports.progress import Cancelled
from portail_admin.core.services import children, staff
from tests.world import SCHOOL_YEAR, TODAY, build_world

MAY = dt.date(2015, 5, 1)
SCHOOL_DAYS = weekday_mask(0, 1, 3, 4)  # the canteen's: Monday, Tuesday, Thursday, Friday
OPEN_IN_MAY = [4, 5, 7, 11, 12, 14, 18, 19, 21, 22, 25, 26, 28, 29]
TITLE = "Feuille de présence — Garderie périscolaire — Restauration scolaire"


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _enrol(s, child_id, service_id, pattern=0):
    s.add(
        Enrolment(
            child_id=child_id,
            service_id=service_id,
            start_date=SCHOOL_YEAR[0],
            end_date=SCHOOL_YEAR[1],
            weekly_pattern=pattern,
        )
    )


@pytest.fixture
def canteen(session_factory, w):
    """The canteen in May 2015: Éloïse N'Diaye (CP, a PAI) every school day but an excused
    absence on the 11th; Zoé Bernard (CE2, an allergy) on Mondays, present on the 4th and
    booked on Tuesday 5th; Léa Dupont (CE2, from the world) enrolled, never booked."""
    service_id = w.services["canteen"]
    with db.transaction(session_factory, "staff:test") as s:
        eloise = children.add_child(
            s,
            w.dupont_id,
            {
                "last_name": "N'Diaye",
                "first_name": "Éloïse",
                "birth_date": "20/09/2008",
                "school": "École d'Alix",
                "school_class": "CP",
            },
        )
        children.set_health(s, eloise.id, {"has_pai": True, "allergies": "Arachide"})
        zoe = children.add_child(
            s,
            w.martin_id,
            {
                "last_name": "Bernard",
                "first_name": "Zoé",
                "birth_date": "01/05/2007",
                "school": "École d'Alix",
                "school_class": "CE2",
            },
        )
        children.set_health(s, zoe.id, {"allergies": "Gluten"})
        _enrol(s, eloise.id, service_id, SCHOOL_DAYS)
        _enrol(s, zoe.id, service_id, weekday_mask(0))
        s.add_all(
            [
                PlanningCell(
                    child_id=eloise.id,
                    service_id=service_id,
                    day=dt.date(2015, 5, 11),
                    booking=Booking.REGULAR,
                    attendance=Attendance.ABSENT_EXCUSED,
                ),
                PlanningCell(
                    child_id=zoe.id,
                    service_id=service_id,
                    day=dt.date(2015, 5, 4),
                    booking=Booking.REGULAR,
                    attendance=Attendance.PRESENT,
                ),
                PlanningCell(
                    child_id=zoe.id,
                    service_id=service_id,
                    day=dt.date(2015, 5, 5),
                    booking=Booking.RESERVED,
                ),
            ]
        )
    return service_id, {"Éloïse": eloise.id, "Zoé": zoe.id, "Léa": w.child_id}


def _data(session_factory, service_id, role=StaffRole.ADMIN, month=MAY, **kw):
    with session_factory() as s:
        return sheets.sheet_data(s, role, service_id, month, today=TODAY, **kw)


def _pdf(session_factory, service_id, role=StaffRole.ADMIN, month=MAY, **kw):
    with session_factory() as s:
        return sheets.attendance_sheet(s, role, service_id, month, today=TODAY, **kw)


def _pages(pdf: bytes) -> list[str]:
    return [
        re.sub(r"[ \t\r\n]+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def _tokens(pdf: bytes) -> list[list[str]]:
    """Per page, the texts in the order they are drawn (a row: its name, class, age, mark,
    the cells' symbols left to right, its total; the cells and the repeated texts are form
    XObjects, which text extraction reads where they are placed)."""
    return [
        [t.strip() for t in page.extract_text().splitlines() if t.strip()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def _row(tokens: list[str], first: str) -> list[str]:
    """The texts of the row starting with `first`, up to its total (the first number after
    the class and the age)."""
    start = tokens.index(first)
    end = next(i for i in range(start + 3, len(tokens)) if tokens[i].isdigit())
    return tokens[start : end + 1]


def _totals(tokens: list[str], label: str, days: int) -> list[str]:
    start = tokens.index(label)
    return tokens[start + 1 : start + 2 + days]


# --------------------------------------------------------------------------- the data


def test_the_data_follows_the_planning(session_factory, w, canteen):
    service_id, ids = canteen
    data = _data(session_factory, service_id)
    assert (data.commune, data.structure, data.service) == (
        "Mairie d'Alix",
        "Garderie périscolaire",
        "Restauration scolaire",
    )
    assert data.month == MAY and data.month_label == "mai 2015" and data.title == TITLE
    # the days the canteen runs, and its weekdays the calendar closes, shaded and labelled
    assert [d.day.day for d in data.days] == sorted([*OPEN_IN_MAY, 1, 8, 15])
    closed = {d.day.day: (d.closed, d.closed_label) for d in data.days if d.closed}
    assert closed == {
        1: (CellState.PUBLIC_HOLIDAY, "Jour férié"),
        8: (CellState.PUBLIC_HOLIDAY, "Jour férié"),
        15: (CellState.CLOSURE, "Fermeture"),
    }
    assert data.days[1].label == "Lu 04" and data.days[1].weekday == "Lu"
    # rows by name, the French way; class, age on the 1st, health marks
    assert [r.name for r in data.rows] == ["BERNARD ZOÉ", "DUPONT LÉA", "N'DIAYE ÉLOÏSE"]
    zoe, lea, eloise = data.rows
    assert (eloise.school_class, eloise.age, eloise.health_mark) == ("CP", 6, "PAI")
    assert (zoe.age, zoe.health_mark, lea.health_mark) == (8, "Allergie", "")
    by_day = {d.day.day: i for i, d in enumerate(data.days)}
    assert zoe.cells[by_day[4]] == sheets.SheetCell(CellState.PRESENT, True)
    assert zoe.cells[by_day[5]] == sheets.SheetCell(CellState.RESERVED, True)
    assert zoe.cells[by_day[7]] == sheets.SheetCell(CellState.EMPTY, False)
    assert eloise.cells[by_day[11]] == sheets.SheetCell(CellState.ABSENT_EXCUSED, False)
    assert eloise.cells[by_day[12]] == sheets.SheetCell(CellState.REGULAR, True)
    assert eloise.cells[by_day[8]].state is CellState.PUBLIC_HOLIDAY
    assert not eloise.cells[by_day[8]].expected
    assert (zoe.total, lea.total, eloise.total) == (5, 0, 13)
    # the totals are the grid's own count of the children expected, day by day
    with session_factory() as s:
        grid = months.service_month(s, service_id, MAY, today=TODAY)
    for index, day in enumerate(data.days):
        expected = grid.occupancy[day.day.day - 1].booked if day.closed is None else 0
        assert data.totals[index] == expected, day
    assert data.totals[by_day[4]] == 2 and data.totals[by_day[11]] == 1
    assert data.total == 18 and len(data.groups) == 1 and data.groups[0].title == ""


def test_the_print_permission(session_factory, w, canteen, monkeypatch):
    service_id, _ = canteen
    monkeypatch.setitem(staff.ROLE_PERMISSIONS, StaffRole.ANIMATEUR, frozenset())
    with pytest.raises(PermissionDenied, match="imprimer les feuilles de présence"):
        _data(session_factory, service_id, role=StaffRole.ANIMATEUR)


# --------------------------------------------------------------------------- the PDF


def test_the_pdf_reads_back(session_factory, w, canteen):
    service_id, _ = canteen
    pdf = _pdf(session_factory, service_id)
    assert pdf.startswith(b"%PDF-")
    (text,) = _pages(pdf)
    for expected in (
        "Mairie d'Alix",
        TITLE,
        "mai 2015",
        "Édité le 4 mai 2015",
        "page 1 / 1",
        "Signature de l'animateur",
        "Signature du responsable",
        "Jour férié",
        "Fermeture",
        f"PAI{N}: projet d'accueil individualisé",
        f"Allergie{N}: allergie signalée",
        f"attendu{N}: cocher à l'arrivée de l'enfant",
        f"lignes vides{N}: enfants accueillis sans réservation",
    ):
        assert expected in text, expected
    assert "Arachide" not in text and "Gluten" not in text  # a mark, never the record
    (page,) = _tokens(pdf)
    header = page.index("Nom et prénom")
    assert page[header : header + 5] == ["Nom et prénom", "Classe", "Âge", "Santé", "Total"]
    days = sorted([*OPEN_IN_MAY, 1, 8, 15])
    weekdays = page[header + 5 : header + 5 + 2 * len(days) : 2]
    assert weekdays[:4] == ["Ve", "Lu", "Ma", "Je"] and len(weekdays) == 17
    assert page[header + 6 : header + 6 + 2 * len(days) : 2] == [f"{d:02d}" for d in days]
    eloise = _row(page, "N'DIAYE ÉLOÏSE")
    assert eloise[1:4] == ["CP", "6", "PAI"] and eloise[-1] == "13"
    # the symbols, in the days' order: 13 regular days and the excused absence on the 11th
    assert eloise[4:-1] == ["☺"] * 3 + ["E"] + ["☺"] * 10
    zoe = _row(page, "BERNARD ZOÉ")
    assert zoe == ["BERNARD ZOÉ", "CE2", "8", "Allergie", "●", "✓", "☺", "☺", "☺", "5"]
    assert _row(page, "DUPONT LÉA") == ["DUPONT LÉA", "CE2", "7", "0"]
    assert "Mai 2015" in text
    # a figure per open day (none under the closed ones), then the month's
    totals = _totals(page, "Total attendus", len(OPEN_IN_MAY))
    data = _data(session_factory, service_id)
    assert totals == [
        str(t) for d, t in zip(data.days, data.totals, strict=True) if d.closed is None
    ] + ["18"]
    assert totals[:4] == ["2", "2", "1", "1"]


def test_png_of_the_first_page(session_factory, w, canteen, tmp_path):
    """The page renders (poppler reads it) and its names print black, on the last page of a
    group too (the totals row's grey is painted first); look at it with
    pdftoppm -r 60 -png -f 1 -l 1."""
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) absent")
    service_id, _ = canteen
    data = _data(session_factory, service_id)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(sheets.render(data))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    image = Image.open(tmp_path / "page-1.png").convert("L")
    assert image.size[0] == 842  # landscape A4, in points at 72 dpi
    top = sheets.PAGE_HEIGHT - sheets.rows_top(data)
    for row in range(3):  # the three children's names
        box = (int(sheets.MARGIN) + 2, int(top + row * sheets.ROW) + 2)
        name = image.crop((*box, box[0] + 60, box[1] + int(sheets.ROW) - 3))
        assert name.getextrema()[0] < 60, row  # black text, not grey


def _many(session_factory, w, service_id, count, classes=(("École d'Alix", "CE2"),)):
    with db.transaction(session_factory, "staff:test") as s:
        for n in range(count):
            school, school_class = classes[n % len(classes)]
            child = Child(
                family_id=w.dupont_id,
                last_name=f"ENFANT{n:03d}",
                first_name="TEST",
                birth_date=dt.date(2009, 1, 1),
                school=school,
                school_class=school_class,
            )
            s.add(child)
            s.flush()
            _enrol(s, child.id, service_id, SCHOOL_DAYS)


def test_headers_on_every_page_of_a_three_page_sheet(session_factory, w, canteen):
    service_id, _ = canteen
    data = _data(session_factory, service_id)
    per_page = sheets.rows_per_page(data)
    # 3 + 2 * per_page - 4 children and 5 walk-in rows: 2 full pages and one row on the third
    _many(session_factory, w, service_id, 2 * per_page - 4)
    data = _data(session_factory, service_id)
    assert sheets.page_count(data) == 3
    reports = []

    class Progress:
        cancelled = False

        def report(self, done, total, text=""):
            reports.append((done, total, text))

    pdf = sheets.render(data, progress=Progress())
    pages = _pages(pdf)
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert "Mairie d'Alix" in text and TITLE in text and "mai 2015" in text
        assert "Nom et prénom" in text and f"page {number} / 3" in text
        assert "Signature de l'animateur" in text
    assert "BERNARD ZOÉ" in pages[0] and "N'DIAYE ÉLOÏSE" in pages[1]
    tokens = _tokens(pdf)
    assert "Total attendus" not in tokens[0] + tokens[1]
    totals = _totals(tokens[2], "Total attendus", len(OPEN_IN_MAY))
    assert totals[-1] == str(data.total) and totals[0] == str(data.totals[1])
    assert reports[0] == (0, 3, "Page 1 / 3") and reports[1] == (1, 3, "Page 2 / 3")
    assert reports[-1][:2] == (3, 3)


def test_grouped_by_class_a_page_break_per_class(session_factory, w, canteen, tmp_path):
    service_id, _ = canteen
    _many(
        session_factory,
        w,
        service_id,
        4,
        classes=(("École Bellevue", "CM1"), ("École d'Alix", "CP")),
    )
    data = _data(session_factory, service_id, group_by_class=True)
    # by school (as a French reader files them), then by class in the school's order
    assert [g.title for g in data.groups] == [
        "École Bellevue — classe CM1",
        "École d'Alix — classe CP",
        "École d'Alix — classe CE2",
    ]
    assert [len(g.rows) for g in data.groups] == [2, 3, 2]
    assert sum(g.total for g in data.groups) == data.total
    pdf = sheets.render(data)
    (tmp_path / "grouped.pdf").write_bytes(pdf)
    pages = _pages(pdf)
    assert len(pages) == 3
    assert "École Bellevue — classe CM1" in pages[0] and "page 1 / 3" in pages[0]
    assert "N'DIAYE ÉLOÏSE" in pages[1] and "BERNARD ZOÉ" not in pages[1]
    assert "BERNARD ZOÉ" in pages[2] and "DUPONT LÉA" in pages[2]
    tokens = _tokens(pdf)
    cp_total = _totals(tokens[1], "Total attendus — École d'Alix — classe CP", len(OPEN_IN_MAY))
    assert cp_total[-1] == str(data.groups[1].total)
    assert "toute la prestation" not in pages[0] + pages[1]
    # the whole service's totals under the last group's
    last = _totals(tokens[2], "Total attendus — École d'Alix — classe CE2", len(OPEN_IN_MAY))
    assert last[-1] == str(data.groups[2].total)
    whole = _totals(tokens[2], "Total attendus — toute la prestation", len(OPEN_IN_MAY))
    assert whole == [
        str(t) for d, t in zip(data.days, data.totals, strict=True) if not d.closed
    ] + [str(data.total)]


@pytest.mark.parametrize("role", [None, StaffRole.ANIMATEUR])
def test_no_health_marks_without_the_permission(session_factory, w, canteen, monkeypatch, role):
    service_id, _ = canteen
    # every staff role may see health data today: take it from the animateur to check
    monkeypatch.setitem(
        staff.ROLE_PERMISSIONS,
        StaffRole.ANIMATEUR,
        frozenset({staff.Permission.PRINTS, staff.Permission.ATTENDANCE}),
    )
    data = _data(session_factory, service_id, role=role)
    assert not data.with_health and {r.health_mark for r in data.rows} == {""}
    (text,) = _pages(sheets.render(data))
    for absent in ("PAI", "Allergie", "Santé"):
        assert absent not in text
    assert "N'DIAYE ÉLOÏSE" in text
    # the same role with the permission sees them
    monkeypatch.setitem(
        staff.ROLE_PERMISSIONS,
        StaffRole.ANIMATEUR,
        frozenset({staff.Permission.PRINTS, staff.Permission.VIEW_HEALTH}),
    )
    if role is not None:
        assert "PAI" in _pages(_pdf(session_factory, service_id, role=role))[0]


def test_cancelled(session_factory, w, canteen):
    service_id, _ = canteen

    class Stop:
        cancelled = True

        def report(self, done, total, text=""):
            raise AssertionError("no page once cancelled")

    with pytest.raises(Cancelled):
        _pdf(session_factory, service_id, progress=Stop())

    class StopAfterPageTwo:
        def __init__(self):
            self.texts = []

        @property
        def cancelled(self):
            return any(text.startswith("Page 2") for text in self.texts)

        def report(self, done, total, text=""):
            self.texts.append(text)

    _many(session_factory, w, service_id, 60)
    progress = StopAfterPageTwo()
    with pytest.raises(Cancelled, match="Impression annulée"):
        _pdf(session_factory, service_id, progress=progress)
    pages = sheets.page_count(_data(session_factory, service_id))
    assert pages >= 3
    assert progress.texts == ["Lecture du planning…", f"Page 1 / {pages}", f"Page 2 / {pages}"]
    # reportlab's global stream setting, switched while drawing, is put back
    from reportlab import rl_config

    assert rl_config.useA85 == 1


def test_a_month_without_children_is_one_clear_page(session_factory, w):
    # the canteen in August 2015: the enrolments ended on 3 July
    data = _data(session_factory, w.services["canteen"], month=dt.date(2015, 8, 1))
    assert data.groups == () and data.days and data.total == 0
    (text,) = _pages(sheets.render(data))
    assert "Aucun enfant n'est inscrit à cette prestation en août 2015" in text
    assert "page 1 / 1" in text and "Feuille de présence" in text
    # a holiday service in term time: no day at all
    (text,) = _pages(_pdf(session_factory, w.services["holidays"], group_by_class=True))
    assert "La prestation n'a aucun jour d'accueil en mai 2015" in text and "page 1 / 1" in text


def test_days_outside_the_enrolment(session_factory, w, canteen):
    """A child enrolled from Monday 18 May: the days before read "–" (not enrolled), keyed."""
    service_id, _ = canteen
    with db.transaction(session_factory, "staff:test") as s:
        child = children.add_child(
            s,
            w.martin_id,
            {"last_name": "Martin", "first_name": "Inès", "birth_date": "02/02/2010"},
        )
        s.add(
            Enrolment(
                child_id=child.id,
                service_id=service_id,
                start_date=dt.date(2015, 5, 18),
                end_date=SCHOOL_YEAR[1],
                weekly_pattern=SCHOOL_DAYS,
            )
        )
    data = _data(session_factory, service_id)
    ines = next(r for r in data.rows if r.name == "MARTIN INÈS")
    by_day = {d.day.day: c for d, c in zip(data.days, ines.cells, strict=True)}
    assert by_day[14] == sheets.SheetCell(CellState.NO_SERVICE, False)
    assert by_day[14].symbol == "–"
    assert by_day[18] == sheets.SheetCell(CellState.REGULAR, True)
    assert ines.total == 8 and ines.school_class == ""
    (page,) = _tokens(sheets.render(data))
    # no class, the age, 6 open days before the 18th, then 8 regular days
    assert _row(page, "MARTIN INÈS")[1:] == ["5"] + ["–"] * 6 + ["☺"] * 8 + ["8"]
    assert any("– non inscrit ce jour" in line for line in page)
