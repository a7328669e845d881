"""Paramètres › Calendrier: a school year imported (twice adds nothing), a closure added with
a bad then a good input, the year view marking its day, a period changed and removed, another
PC's change shown live; a screenshot of the tab."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import CalendarPeriod
from portail_admin.core.models.enums import CalendarKind
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import calendar, commune
from portail_admin.desktop import settings_calendar
from portail_admin.desktop.settings_calendar import CalendarTab, PeriodDialog

from .conftest import type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 11, 4)  # a Wednesday of the school year 2026-2027


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ)
    )


@pytest.fixture
def tab(qtbot, settings_page) -> CalendarTab:
    tab = settings_page.calendar_tab
    settings_page.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=5000)
    assert settings_page.ui.tabs.tabText(settings_page.ui.tabs.indexOf(tab)) == "Calendrier"
    return tab


def _import(qtbot, tab):
    qtbot.mouseClick(tab.import_button, LEFT)
    wait_ops(qtbot, tab.context)


def _ok(dialog: PeriodDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_import_a_school_year_twice(qtbot, tab, session_factory):
    assert tab.year_combo.currentText() == "2026-2027"
    assert tab.model.rowCount() == 0
    _import(qtbot, tab)
    assert tab.status.text() == french_spacing(
        "2026-2027 : Ajouté : 11 jours fériés et 6 périodes de vacances scolaires (Zone A)."
    )
    qtbot.waitUntil(lambda: tab.model.rowCount() == 17, timeout=5000)
    assert tab.year_view.state_of(dt.date(2026, 11, 11)) is CellState.PUBLIC_HOLIDAY
    assert tab.year_view.state_of(dt.date(2026, 10, 20)) is CellState.SHORT_HOLIDAYS
    assert tab.year_view.state_of(dt.date(2027, 7, 20)) is CellState.SUMMER_HOLIDAYS
    assert tab.year_view.state_of(dt.date(2026, 11, 12)) is None
    _import(qtbot, tab)
    assert "Rien à ajouter" in tab.status.text()
    with session_factory() as s:
        assert len(s.scalars(select(CalendarPeriod)).all()) == 17
    assert tab.model.resets == 0
    # Another school year shows its own (empty) months.
    tab.set_school_year(2027)
    qtbot.waitUntil(lambda: tab.data is not None and tab.data.first_year == 2027, timeout=5000)
    assert tab.model.rowCount() == 0
    assert tab.year_view.months[0].first == dt.date(2027, 9, 1)
    assert tab.year_view.months[-1].first == dt.date(2028, 8, 1)


def test_add_a_closure_bad_then_good(qtbot, tab, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        structure_id = commune.create_structure(s, "Accueil de Loisirs").id
    tab.reload()
    wait_ops(qtbot, tab.context)
    dialog = tab.add_period()
    ui = dialog.ui
    assert ui.f_kind.currentData() == "closure"
    type_text(qtbot, ui.f_start_date, "14/05/2027")
    type_text(qtbot, ui.f_end_date, "13/05/2027")
    ui.f_structure_id.setCurrentIndex(ui.f_structure_id.findData(structure_id))
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert dialog.isVisible()
    assert ui.e_end_date.isVisible()
    assert ui.e_end_date.text() == french_spacing("La date de fin est avant la date de début.")
    assert ui.e_label.text().startswith("Indiquez le motif de la fermeture")
    assert ui.f_start_date.text() == "14/05/2027"  # what was typed stays
    if os.environ.get("PORTAIL_SCREENSHOT_DIR"):
        dialog.grab().save(os.path.join(os.environ["PORTAIL_SCREENSHOT_DIR"], "period.png"))
    with session_factory() as s:
        assert s.scalars(select(CalendarPeriod)).first() is None
    type_text(qtbot, ui.f_end_date, "15/05/2027")
    ui.f_label.setText("Pont de l'Ascension")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert [tab.model.text(0, c) for c in range(5)] == [
        "ven. 14/05/2027 → sam. 15/05/2027 (2 jours)", "Fermeture", "Pont de l'Ascension",
        "Accueil de Loisirs", "saisi"]
    with session_factory() as s:
        period = s.scalars(select(CalendarPeriod)).one()
        assert (period.kind, period.structure_id) == (CalendarKind.CLOSURE, structure_id)
    # The year view marks both days, a structure's closure (outlined), with its tooltip.
    view = tab.year_view
    assert view.state_of(dt.date(2027, 5, 14)) is CellState.CLOSURE
    month = view.month_of(dt.date(2027, 5, 14))
    assert month.marks[dt.date(2027, 5, 14)].structure_only
    assert month.tooltip_for(dt.date(2027, 5, 14)) == french_spacing(
        "Vendredi 14 mai 2027\nFermeture (Accueil de Loisirs) : Pont de l'Ascension")


def test_a_commune_closure_is_painted_in_the_legends_colour(qtbot, tab, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        calendar.add_period(s, {"kind": "closure", "start_date": "18/11/2026",
                                "label": "Élections"}, role="admin")
    tab.reload()
    wait_ops(qtbot, tab.context)
    month = tab.year_view.month_of(dt.date(2026, 11, 18))
    qtbot.waitUntil(lambda: month.state_of(dt.date(2026, 11, 18)) is CellState.CLOSURE,
                    timeout=5000)
    image = month.grab().toImage()
    rect = month.day_rect(dt.date(2026, 11, 18))
    corner = image.pixelColor(rect.left() + 2, rect.bottom() - 2)
    assert corner.name() == CellState.CLOSURE.colour
    plain = image.pixelColor(*_corner(month.day_rect(dt.date(2026, 11, 19))))
    assert plain.name() != CellState.CLOSURE.colour


def _corner(rect):
    return rect.left() + 2, rect.bottom() - 2


def test_double_click_a_day_to_add_a_closure(qtbot, tab):
    month = tab.year_view.month_of(dt.date(2026, 12, 7))
    rect = month.day_rect(dt.date(2026, 12, 7))
    qtbot.mouseDClick(month, LEFT, pos=rect.center())
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ui.f_start_date.text() == "07/12/2026"
    assert dialog.ui.f_kind.currentData() == "closure"
    dialog.reject()


def test_edit_and_delete_a_period(qtbot, tab, session_factory, monkeypatch):
    with db.transaction(session_factory, "staff:test") as s:
        period_id = calendar.add_period(
            s, {"kind": "public_holiday", "start_date": "11/11/2026", "label": "Armistice"},
            role="admin").id
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.select_period(period_id)
    # The selected period's days are framed in the year view.
    november = tab.year_view.month_of(dt.date(2026, 11, 11))
    assert november.highlight == (dt.date(2026, 11, 11), dt.date(2026, 11, 11))
    dialog = tab.edit_period()
    type_text(qtbot, dialog.ui.f_label, "Armistice 1918")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: tab.model.text(0, 2) == "Armistice 1918", timeout=5000)
    assert tab.model.resets == 0
    monkeypatch.setattr(settings_calendar, "ask", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.select_period(period_id)
    qtbot.mouseClick(tab.delete_button, LEFT)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    assert tab.year_view.state_of(dt.date(2026, 11, 11)) is None
    assert november.highlight is None
    assert tab.status.text() == "Période supprimée."


def test_a_stale_edit_opens_the_conflict_dialog(qtbot, tab, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        period_id = calendar.add_period(
            s, {"kind": "closure", "start_date": "18/11/2026", "label": "Élections"},
            role="admin").id
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.select_period(period_id)
    dialog = tab.edit_period()
    with db.transaction(session_factory, "staff:nancy") as s:
        calendar.update_period(s, period_id, {"label": "Élections municipales"}, role="admin")
    type_text(qtbot, dialog.ui.f_label, "Élections (bureau de vote)")
    _ok(dialog)
    qtbot.waitUntil(lambda: dialog.conflict_dialog is not None, timeout=10000)
    conflict = dialog.conflict_dialog
    assert "nancy" in conflict.sentence.text()
    conflict.choose("label", theirs=False)
    qtbot.mouseClick(conflict.save_button, LEFT)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    with session_factory() as s:
        assert s.get(CalendarPeriod, period_id).label == "Élections (bureau de vote)"


def _look(qtbot, window):
    """The window looks at the change feed now (what a NOTIFY or the timer would do)."""
    with qtbot.waitSignal(window.context.watcher.looked, timeout=5000):
        window.context.watcher.poll()
    wait_ops(qtbot, window.context)


def test_another_pcs_change_shows_live(qtbot, window, tab, session_factory):
    _look(qtbot, window)
    with db.transaction(session_factory, "staff:nancy") as s:
        calendar.add_period(s, {"kind": "closure", "start_date": "02/11/2026",
                                "label": "Pont de la Toussaint"}, role="admin")
    _look(qtbot, window)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    assert tab.year_view.state_of(dt.date(2026, 11, 2)) is CellState.CLOSURE


def test_screenshot(qtbot, window, tab, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        alsh = commune.create_structure(s, "Accueil de Loisirs").id
        calendar.import_school_year(s, 2026, role="admin")
        calendar.add_period(s, {"kind": "closure", "start_date": "07/05/2027",
                                "label": "Pont de l'Ascension"}, role="admin")
        calendar.add_period(s, {"kind": "closure", "start_date": "02/06/2027",
                                "end_date": "04/06/2027", "label": "Inventaire",
                                "structure_id": alsh}, role="admin")
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 19, timeout=5000)
    tab.select_period(tab.model.rows[-1].id)  # the structure's closure, framed
    window.resize(1366, 768)
    qtbot.wait(50)  # let the layout settle before grabbing (no data is awaited here)
    path = os.environ.get("PORTAIL_SCREENSHOT_DIR")
    if path:
        window.grab().save(os.path.join(path, "calendar_window.png"))
        tab.grab().save(os.path.join(path, "calendar.png"))
