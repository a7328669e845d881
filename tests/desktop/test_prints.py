"""The printed lists from the desktop (desktop/prints): the « Impressions » menu per role, the
parameter dialogs, the document built by a long op (progress window, « Annuler ») and shown in
the preview, « Imprimer… » through the Qt print path, « Enregistrer… », the meal counts' CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog, QPushButton
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from portail_admin.core.errors import NotFoundError
from portail_admin.core.models.enums import StaffRole
from portail_admin.core.reports.progress import step
from portail_admin.core.services import staff
from portail_admin.core.services.staff import Permission
from portail_admin.desktop import printing
from portail_admin.desktop.main_window import MainWindow
from portail_admin.desktop.planning.page import PlanningPage
from portail_admin.desktop.prints import documents
from portail_admin.desktop.prints.attendance_dialog import AttendanceDialog
from portail_admin.desktop.prints.daily_dialog import DailyListDialog
from portail_admin.desktop.prints.meals_dialog import MealCountsDialog
from portail_admin.desktop.prints.printouts import Printouts
from tests.world import build_world

from .conftest import wait_ops

LEFT = Qt.MouseButton.LeftButton
JUNE = dt.date(2015, 6, 1)


@pytest.fixture
def world(session_factory: Any, pinned_clock: dt.date) -> Any:
    return build_world(session_factory)


def tiny_pdf(pages: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 40)
        pdf.drawString(60, 700, f"Page {number}")
        pdf.rect(50, 50, 400, 200, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def fake_builders(monkeypatch: Any) -> list[tuple[Any, Any]]:
    """Every document a tiny PDF of 3 pages; the (role, request) each build received."""
    calls: list[tuple[Any, Any]] = []

    def build(session: Any, role: Any, request: Any, progress: Any) -> bytes:
        calls.append((role, request))
        step(progress, 1, 1, "Page 1")
        return tiny_pdf(3)

    for name in ("attendance_data", "daily_data", "meals_data"):
        monkeypatch.setattr(documents, name, build)
    return calls


def save_to(monkeypatch: Any, path: Any) -> list[tuple[Any, ...]]:
    """QFileDialog.getSaveFileName answers `path`; the calls' arguments."""
    asked: list[tuple[Any, ...]] = []

    def answer(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def file_printer(path: Any) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def open_dialog(qtbot: Any, dialog: Any) -> Any:
    if dialog.choices is None:
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            pass
    return dialog


def prepare(qtbot: Any, window: Any, dialog: Any) -> Any:
    """« Préparer le document », then the preview (the document built by a long op)."""
    printouts = Printouts.of(window.context, dialog.parentWidget())
    with qtbot.waitSignal(printouts.preview_opened, timeout=20000) as opened:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    wait_ops(qtbot, window.context)
    return opened.args[0]


def prints_menu(window: MainWindow) -> Any:
    return next(
        (a.menu() for a in window.menuBar().actions() if a.text() == "&Impressions"), None
    )


# --------------------------------------------------------------------------- the menu
@pytest.mark.parametrize("role", ["admin", "agent", "animateur"])
def test_the_prints_menu_follows_the_prints_permission(window: MainWindow, role: str) -> None:
    menu = prints_menu(window)
    assert (menu is not None) == staff.can(role, Permission.PRINTS)
    if menu is not None:
        assert [a.text() for a in menu.actions()] == [
            "Feuille de présence du mois…",
            "Liste du jour…",
            "Comptage des repas…",
        ]


def test_a_role_without_prints_gets_no_menu(qtbot: Any, context: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(type(context.staff), "can", lambda self, p: p is not Permission.PRINTS)
    window = MainWindow(context)
    window.confirm_on_close = False
    qtbot.addWidget(window)
    assert prints_menu(window) is None
    wait_ops(qtbot, context)


def test_the_op_checks_the_permission_again(
    qtbot: Any, world: Any, window: MainWindow, monkeypatch: Any, fake_builders: list[Any]
) -> None:
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    # The role loses the permission after the menu was built: the worker refuses.
    monkeypatch.setattr(staff, "can", lambda role, p: p is not Permission.PRINTS)
    printouts = Printouts.of(window.context, window)
    with qtbot.waitSignal(printouts.finished, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not fake_builders and printouts.preview is None
    assert "imprimer les feuilles de présence" in window.statusBar().currentMessage()


# --------------------------------------------------------------------------- the dialogs
def test_the_planning_page_presets_the_attendance_dialog(
    qtbot: Any, world: Any, window: MainWindow
) -> None:
    page = window.open_area("planning")
    assert isinstance(page, PlanningPage)
    wait_ops(qtbot, window.context)
    page.open_with(service_id=world.services["canteen"], month=JUNE)
    wait_ops(qtbot, window.context)
    assert page.print_button.isVisible()
    assert page.print_button.text() == "Feuille de présence…"
    qtbot.mouseClick(page.print_button, LEFT)
    dialog = page.findChild(AttendanceDialog)
    assert dialog is not None and dialog.isVisible()
    open_dialog(qtbot, dialog)
    assert dialog.service_id == world.services["canteen"]
    assert dialog.service_combo.currentText().strip() == "Restauration scolaire"
    assert dialog.month_picker.month() == JUNE
    assert dialog.month_picker.month_combo.currentText() == "Juin"
    assert not dialog.group_box.isChecked()
    assert dialog.group_box.text() == "Regrouper par école et classe, une page par classe"
    dialog.reject()


def test_the_attendance_dialog_defaults_to_this_month(
    qtbot: Any, world: Any, window: MainWindow
) -> None:
    menu = prints_menu(window)
    menu.actions()[0].trigger()
    dialog = open_dialog(qtbot, window.findChild(AttendanceDialog))
    assert dialog.month_picker.month() == dt.date(2015, 5, 1)
    months = [dialog.month_picker.month_combo.itemText(i) for i in range(12)]
    assert months[0] == "Janvier" and months[7] == "Août" and months[11] == "Décembre"
    assert dialog.service_id is not None  # the first active service
    dialog.reject()


def test_the_daily_list_dialog_defaults_to_today(
    qtbot: Any, world: Any, window: MainWindow, fake_builders: list[Any]
) -> None:
    prints_menu(window).actions()[1].trigger()
    dialog = open_dialog(qtbot, window.findChild(DailyListDialog))
    assert dialog.day_edit.date().toPython() == dt.date(2015, 5, 4)
    assert dialog.day_edit.text() == "lundi 4 mai 2015"
    structures = [dialog.structure_combo.itemText(i) for i in range(dialog.structure_combo.count())]
    assert structures == ["Accueil de Loisirs", "Garderie périscolaire"]
    dialog.structure_combo.setCurrentIndex(1)
    preview = prepare(qtbot, window, dialog)
    role, request = fake_builders[-1]
    assert request.structure_name == "Garderie périscolaire" and request.day == dt.date(2015, 5, 4)
    assert preview.document.file_name == "liste-du-jour-garderie-periscolaire-2015-05-04.pdf"
    preview.reject()


def test_a_field_left_empty_is_told_next_to_it(qtbot: Any, world: Any, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    dialog.service_combo.setCurrentIndex(0)  # the structure's heading: no service
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.request is None
    assert dialog.error_text("service") == "Choisissez une prestation."
    assert dialog.service_combo.property("error")
    dialog.service_combo.setCurrentIndex(1)
    dialog.reject()


# --------------------------------------------------------------------------- build and preview
def test_building_runs_as_a_long_op_and_opens_the_preview(
    qtbot: Any, world: Any, window: MainWindow, fake_builders: list[Any], monkeypatch: Any
) -> None:
    started = []
    run_long = window.context.ops.run_long
    monkeypatch.setattr(
        window.context.ops, "run_long", lambda *a, **k: started.append(a[2]) or run_long(*a, **k)
    )
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    dialog.group_box.setChecked(True)
    preview = prepare(qtbot, window, dialog)
    assert started == ["Préparation de la feuille de présence…"]
    role, request = fake_builders[-1]
    assert role == StaffRole.ADMIN
    assert request.group_by_class and request.month == dt.date(2015, 5, 1)
    assert preview.isVisible() and preview.page_count == 3
    assert preview.pages_label.text() == "3 pages"
    assert preview.windowTitle() == f"Feuille de présence — {request.service_name} — Mai 2015"
    buttons = (preview.print_button, preview.save_button, preview.close_button)
    assert [b.text() for b in buttons] == ["Imprimer…", "Enregistrer…", "Fermer"]
    qtbot.mouseClick(preview.close_button, LEFT)
    assert not preview.isVisible()


def test_save_writes_the_document(
    qtbot: Any,
    world: Any,
    window: MainWindow,
    fake_builders: list[Any],
    monkeypatch: Any,
    tmp_path: Any,
) -> None:
    dialog = open_dialog(
        qtbot, Printouts.of(window.context, window).attendance(world.services["wednesday"])
    )
    preview = prepare(qtbot, window, dialog)
    asked = save_to(monkeypatch, tmp_path / "feuille")
    qtbot.mouseClick(preview.save_button, LEFT)
    suggested = asked[0][2]
    assert suggested.endswith("feuille-presence-alsh-mercredi-apres-midi-2015-05.pdf")
    saved = tmp_path / "feuille.pdf"
    assert preview.saved_to == saved and saved.read_bytes() == preview.document.data
    assert "Document enregistré" in preview.status_label.text()
    preview.reject()


def test_print_paints_every_page_on_the_printer(
    qtbot: Any,
    world: Any,
    window: MainWindow,
    fake_builders: list[Any],
    monkeypatch: Any,
    tmp_path: Any,
) -> None:
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    preview = prepare(qtbot, window, dialog)
    printed = tmp_path / "imprimante.pdf"
    asked = []
    monkeypatch.setattr(
        printing, "ask_printer", lambda parent, title: asked.append(title) or file_printer(printed)
    )
    with qtbot.waitSignal(preview.printed, timeout=20000):
        qtbot.mouseClick(preview.print_button, LEFT)
    assert asked == [preview.document.title]
    assert len(PdfReader(printed).pages) == 3 == preview.printed_pages
    assert preview.status_label.text() == "3 pages envoyées à l'imprimante."
    preview.reject()


def test_a_printer_that_fails_is_told_in_french(
    qtbot: Any, world: Any, window: MainWindow, fake_builders: list[Any], monkeypatch: Any
) -> None:
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    preview = prepare(qtbot, window, dialog)

    def broken(pdf: bytes, printer: Any, progress: Any) -> int:
        raise printing.PrintError("L'imprimante n'a pas pu être ouverte.")

    monkeypatch.setattr(printing, "ask_printer", lambda parent, title: QPrinter())
    monkeypatch.setattr(printing, "print_pdf", broken)
    with qtbot.waitSignal(preview.printed, timeout=10000):
        qtbot.mouseClick(preview.print_button, LEFT)
    assert preview.status_label.text() == "L'imprimante n'a pas pu être ouverte."
    assert preview.printed_pages == 0
    preview.reject()


def test_a_long_print_runs_off_the_ui_thread_and_can_be_stopped(
    qtbot: Any,
    world: Any,
    window: MainWindow,
    fake_builders: list[Any],
    monkeypatch: Any,
    tmp_path: Any,
) -> None:
    dialog = open_dialog(qtbot, Printouts.of(window.context, window).attendance())
    preview = prepare(qtbot, window, dialog)
    monkeypatch.setattr(
        printing, "ask_printer", lambda parent, title: file_printer(tmp_path / "x.pdf")
    )
    began, go = threading.Event(), threading.Event()
    on_white = printing.on_white

    def first_page_waits(page: Any) -> Any:
        began.set()
        go.wait(10)
        return on_white(page)

    monkeypatch.setattr(printing, "on_white", first_page_waits)
    qtbot.mouseClick(preview.print_button, LEFT)
    qtbot.waitUntil(began.is_set, timeout=5000)
    assert not preview.print_button.isEnabled()  # the UI answers meanwhile
    progress_dialog = preview.findChild(QProgressDialog)
    qtbot.waitUntil(
        lambda: progress_dialog.labelText() == "Impression\u202f: page 1 sur 3", timeout=5000
    )
    with qtbot.waitSignal(preview.printed, timeout=10000) as printed:
        progress_dialog.findChild(QPushButton).click()  # « Annuler »
        go.set()
    assert printed.args == [0] and preview.printed_pages == 0
    assert preview.status_label.text() == "Impression arrêtée."
    assert preview.print_button.isEnabled()
    preview.reject()


def test_a_cancelled_build_shows_no_preview(
    qtbot: Any, world: Any, window: MainWindow, monkeypatch: Any
) -> None:
    began, go = threading.Event(), threading.Event()

    def slow(session: Any, role: Any, request: Any, progress: Any) -> bytes:
        step(progress, 0, 10, "Page 1 sur 10")
        began.set()
        go.wait(10)
        step(progress, 1, 10, "Page 2 sur 10")  # raises Cancelled: the user stopped it
        return tiny_pdf(10)

    monkeypatch.setattr(documents, "attendance_data", slow)
    printouts = Printouts.of(window.context, window)
    dialog = open_dialog(qtbot, printouts.attendance())
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(began.is_set, timeout=5000)
    progress_dialog = window.findChild(QProgressDialog)
    assert progress_dialog is not None
    qtbot.waitUntil(lambda: progress_dialog.labelText() == "Page 1 sur 10", timeout=5000)
    cancel = progress_dialog.findChild(QPushButton)
    assert cancel.text() == "Annuler"
    with qtbot.waitSignal(printouts.finished, timeout=10000):
        cancel.click()
        go.set()
    wait_ops(qtbot, window.context)
    assert printouts.preview is None
    assert window.statusBar().currentMessage() == ""


def test_an_error_is_told_in_french_without_preview(
    qtbot: Any, world: Any, window: MainWindow, monkeypatch: Any
) -> None:
    def missing(session: Any, role: Any, request: Any, progress: Any) -> bytes:
        raise NotFoundError("Cette prestation n'existe plus.")

    monkeypatch.setattr(documents, "daily_data", missing)
    printouts = Printouts.of(window.context, window)
    dialog = open_dialog(qtbot, printouts.daily())
    with qtbot.waitSignal(printouts.finished, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert printouts.preview is None
    assert window.statusBar().currentMessage() == "Cette prestation n'existe plus."


def test_the_daily_list_from_the_pointage_is_preset(
    qtbot: Any, world: Any, window: MainWindow
) -> None:
    page = window.open_area("pointage")
    wait_ops(qtbot, window.context)
    page.open_with(service_id=world.services["canteen"], day=dt.date(2015, 5, 7))
    wait_ops(qtbot, window.context)
    assert page.target == ("service", world.services["canteen"])
    prints_menu(window).actions()[1].trigger()
    dialog = open_dialog(qtbot, window.findChild(DailyListDialog))
    assert dialog.structure_combo.currentText() == "Garderie périscolaire"
    assert dialog.day_edit.date().toPython() == dt.date(2015, 5, 7)
    dialog.reject()


# --------------------------------------------------------------------------- meal counts
def test_the_meal_counts_dialog(
    qtbot: Any, world: Any, window: MainWindow, fake_builders: list[Any]
) -> None:
    prints_menu(window).actions()[2].trigger()
    dialog = open_dialog(qtbot, window.findChild(MealCountsDialog))
    assert dialog.week_radio.isChecked() and dialog.pdf_radio.isChecked()
    assert dialog.period_label.text() == "Du lundi 4 mai 2015 au dimanche 10 mai 2015"
    canteens = dialog.canteen_list
    assert [canteens.item(i).text() for i in range(canteens.count())] == [
        "Garderie périscolaire — Restauration scolaire"
    ]
    assert dialog.checked_services() == (world.services["canteen"],)
    dialog.month_radio.setChecked(True)
    assert dialog.period_label.text() == "Mai 2015"
    canteens.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.error_text("services") == "Cochez au moins une cantine."
    canteens.item(0).setCheckState(Qt.CheckState.Checked)
    preview = prepare(qtbot, window, dialog)
    _role, request = fake_builders[-1]
    assert (request.first, request.last) == (dt.date(2015, 5, 1), dt.date(2015, 5, 31))
    assert preview.document.file_name == "comptage-repas-2015-05.pdf"
    assert preview.windowTitle() == "Comptage des repas — Mai 2015"
    preview.reject()


def test_meal_counts_csv_is_saved_and_reads_back(
    qtbot: Any, world: Any, window: MainWindow, monkeypatch: Any, tmp_path: Any
) -> None:
    printouts = Printouts.of(window.context, window)
    dialog = open_dialog(qtbot, printouts.meals())
    dialog.csv_radio.setChecked(True)
    asked = save_to(monkeypatch, tmp_path / "repas")
    with qtbot.waitSignal(printouts.saved, timeout=20000) as saved:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    wait_ops(qtbot, window.context)
    assert asked[0][2].endswith("comptage-repas-semaine-2015-05-04.csv")
    assert asked[0][3] == "Fichier CSV (*.csv)"
    target = tmp_path / "repas.csv"
    assert saved.args == [target] and printouts.preview is None
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), dialect=csv.Sniffer().sniff(text[:2000])))
    assert len(rows) >= 2 and any("Restauration scolaire" in cell for row in rows for cell in row)
    assert "Fichier enregistré" in window.statusBar().currentMessage()


# --------------------------------------------------------------------------- real documents
def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("grouped", [False, True])
def test_the_real_attendance_sheet_in_the_preview(
    qtbot: Any, world: Any, window: MainWindow, grouped: bool, monkeypatch: Any, tmp_path: Any
) -> None:
    dialog = open_dialog(
        qtbot, Printouts.of(window.context, window).attendance(world.services["wednesday"])
    )
    dialog.group_box.setChecked(grouped)
    preview = prepare(qtbot, window, dialog)
    assert preview.document.data.startswith(b"%PDF")
    pages = pdf_pages(preview.document.data)
    assert preview.page_count == pages >= 1
    assert preview.pages_label.text() == f"{pages} page{'s' if pages > 1 else ''}"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.document.data)).pages)
    assert "DUPONT" in text.upper()
    printed = tmp_path / "imprimante.pdf"
    monkeypatch.setattr(printing, "ask_printer", lambda parent, title: file_printer(printed))
    with qtbot.waitSignal(preview.printed, timeout=20000):
        qtbot.mouseClick(preview.print_button, LEFT)
    assert len(PdfReader(printed).pages) == pages
    preview.reject()


def test_the_real_daily_list_and_meal_counts(
    qtbot: Any, world: Any, window: MainWindow
) -> None:
    printouts = Printouts.of(window.context, window)
    dialog = open_dialog(qtbot, printouts.daily())
    preview = prepare(qtbot, window, dialog)
    assert preview.page_count == pdf_pages(preview.document.data) >= 1
    preview.reject()
    dialog = open_dialog(qtbot, printouts.meals())
    preview = prepare(qtbot, window, dialog)
    assert preview.page_count == pdf_pages(preview.document.data) >= 1
    preview.reject()


def test_a_service_named_with_markup_shows_as_typed(
    qtbot: Any,
    world: Any,
    window: MainWindow,
    fake_builders: list[Any],
    session_factory: Any,
) -> None:
    from portail_admin.core import db
    from portail_admin.core.models import Service

    markup = "<b>Cantine</b> <img src=x>"
    with db.transaction(session_factory, "staff:test") as session:
        session.get(Service, world.services["wednesday"]).name = markup
    dialog = open_dialog(
        qtbot, Printouts.of(window.context, window).attendance(world.services["wednesday"])
    )
    assert dialog.service_combo.currentText().strip() == markup
    labels = dialog.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    preview = prepare(qtbot, window, dialog)
    assert preview.title_label.text() == f"Feuille de présence — {markup} — Mai 2015"
    labels = preview.findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert preview.document.file_name == "feuille-presence-b-cantine-b-img-src-x-2015-05.pdf"
    preview.reject()


@pytest.mark.parametrize("role", ["animateur"])
def test_an_animateur_prints_without_the_planning(
    qtbot: Any, world: Any, window: MainWindow, role: str
) -> None:
    """No Permission.PLANNING, but PRINTS: the menu's dialogs list the services and the real
    sheet is built with the animateur's role."""
    assert window.open_area("planning") is None
    prints_menu(window).actions()[0].trigger()
    dialog = open_dialog(qtbot, window.findChild(AttendanceDialog))
    assert dialog.ok_button.isEnabled() and dialog.service_id is not None
    preview = prepare(qtbot, window, dialog)
    assert preview.page_count == pdf_pages(preview.document.data) >= 1
    preview.reject()
