"""The Pointage area as an animateur: P / I / J on the selected child and down the list, a
click on a row's button, a walk-in added by name (warned: not enrolled, no place left), the
counts and the meals, a colleague's pointage appearing in place, the Accueil's list opening
it; an animateur has no Planning area."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from portail_admin.core import clock, db
from portail_admin.core.models import Enrolment, PlanningCell, Service, Structure
from portail_admin.core.models.enums import Attendance, Booking, ServiceUnit, StaffRole
from portail_admin.core.planning import pointage
from portail_admin.core.planning.rules import Action
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import children, families
from portail_admin.desktop.pointage.page import PointagePage

from .conftest import type_text, wait_ops
from .test_refresh_in_place import look


@pytest.fixture
def role() -> str:
    return "animateur"


@pytest.fixture
def canteen(session_factory):
    """A canteen open every day, 3 places: Anna, Bruno (sans porc) and Chloé booked today,
    Léa enrolled without a booking, Hugo not enrolled."""
    today = clock.today()
    ids = {}
    with db.transaction(session_factory, "staff:test") as s:
        service = Service(structure=Structure(name="Restaurant scolaire"), name="Cantine",
                          code="CANT", unit=ServiceUnit.MEAL, weekdays=0b1111111,
                          open_in_term=True, open_in_holidays=True, capacity=3)
        s.add(service)
        dupont = families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"})
        martin = families.create_family(s, {"last_name": "Martin", "first_name": "Claire"})
        s.flush()
        for first in ("Anna", "Bruno", "Chloé", "Léa"):
            child = children.add_child(s, dupont.id, {"last_name": "Dupont", "first_name": first,
                                                      "birth_date": "01/02/2016",
                                                      "school_class": "CP"})
            ids[first] = child.id
            s.add(Enrolment(child_id=child.id, service_id=service.id,
                            start_date=today - dt.timedelta(days=30),
                            end_date=today + dt.timedelta(days=30), weekly_pattern=0))
            if first != "Léa":
                s.add(PlanningCell(child_id=child.id, service_id=service.id, day=today,
                                   booking=Booking.RESERVED))
        children.set_health(s, ids["Bruno"], {"diet": "Sans porc", "has_pai": True})
        ids["Hugo"] = children.add_child(s, martin.id, {"last_name": "Martin",
                                                         "first_name": "Hugo",
                                                         "birth_date": "01/06/2016"}).id
        ids["service"] = service.id
        ids["structure"] = service.structure_id
    return ids


def _open(qtbot, window, service_id) -> PointagePage:
    page = window.open_area("pointage", service_id=service_id)
    assert isinstance(page, PointagePage)
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: page.sheet is not None and page.target == ("service", service_id),
                    timeout=5000)
    return page


def _states(page):
    return {page.model.row_at(r).first_name.title(): page.model.row_at(r).state
            for r in range(page.model.rowCount())}


def test_an_animateur_points_the_list_with_p_i_j(qtbot, window, canteen, session_factory,
                                                 tmp_path):
    nav = window.ui.navigation
    assert [nav.item(i).text() for i in range(nav.count())] == ["Accueil", "Familles", "Pointage"]
    page = _open(qtbot, window, canteen["service"])
    model = page.model
    names = [model.row_at(r).first_name.title() for r in range(model.rowCount())]
    assert names == ["Anna", "Bruno", "Chloé", "Léa"]  # Léa: enrolled, not expected, last
    assert page.table.currentIndex().row() == 0
    assert page.counts_label.text() == (
        "Présents\u202f: 0 — Absents\u202f: 0 (facturés 0, excusés 0) — "
        "Restant à pointer\u202f: 3 — Places occupées\u202f: 3 sur 3")
    assert page.meals_label.text() == "Repas\u202f: 3 — sans régime\u202f: 2 · Sans porc\u202f: 1"
    health = next(i for i, c in enumerate(model.columns) if c.title == "Santé")
    assert model.text(1, health) == "PAI · Sans porc"  # an animateur may see health data

    # three keys in a row, without waiting: one write at a time, down the list
    page.table.setFocus()
    for key in (Qt.Key.Key_P, Qt.Key.Key_I, Qt.Key.Key_J):
        qtbot.keyClick(page.table, key)
    assert page.table.currentIndex().row() == 3
    wait_ops(qtbot, window.context)
    assert _states(page) == {"Anna": CellState.PRESENT, "Bruno": CellState.ABSENT_BILLED,
                             "Chloé": CellState.ABSENT_EXCUSED, "Léa": CellState.EMPTY}
    assert model.resets == 0
    assert "Présents\u202f: 1 — Absents\u202f: 2 (facturés 1, excusés 1)" in (
        page.counts_label.text())
    assert "Restant à pointer\u202f: 0" in page.counts_label.text()
    assert page.meals_label.text() == "Repas\u202f: 1 — sans régime\u202f: 1"
    assert window.grab().save(str(tmp_path / "pointage.png"))
    with session_factory() as s:
        cells = {c.child_id: c for c in s.query(PlanningCell)}
        assert cells[canteen["Anna"]].attendance is Attendance.PRESENT
        assert cells[canteen["Anna"]].updated_by == "staff:paul"
    # a row's button: Bruno was absent facturé, a click on his "Présent"
    rect = page.table.visualRect(model.index(1, model.first_button))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_ops(qtbot, window.context)
    assert _states(page)["Bruno"] is CellState.PRESENT
    assert model.text(1, model.first_button).endswith("✓")
    # Ctrl+Z takes back the last pointage
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot, window.context)
    assert _states(page)["Bruno"] is CellState.ABSENT_BILLED
    assert page.last_message.startswith("Pointage annulé")


def test_present_for_an_enrolled_child_past_the_places_asks_first(qtbot, window, canteen,
                                                                   monkeypatch):
    page = _open(qtbot, window, canteen["service"])
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text())
                        or QMessageBox.StandardButton.Yes)
    page._go_to(page.model.row_of((canteen["service"], canteen["Léa"])))
    qtbot.keyClick(page.table, Qt.Key.Key_P)
    wait_ops(qtbot, window.context)
    assert len(asked) == 1 and "Capacité dépassée" in asked[0]
    assert _states(page)["Léa"] is CellState.PRESENT_UNBOOKED
    assert "dont sans réservation\u202f: 1" in page.counts_label.text()


def test_a_walk_in_found_by_name_is_warned_then_added(qtbot, window, canteen, monkeypatch):
    page = _open(qtbot, window, canteen["service"])
    dialog = page.open_walk_in()
    type_text(qtbot, dialog.search_edit, "hugo")
    qtbot.waitUntil(lambda: dialog.searches_done > 0 and dialog.model.rowCount() == 1,
                    timeout=5000)
    assert dialog.model.text(0, 0) == "MARTIN HUGO"
    assert dialog.model.text(0, 3) == "Non (avertissement)"
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text())
                        or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, window.context)
    (question,) = asked
    assert "pas inscrit à cette prestation" in question and "complète" in question
    key = (canteen["service"], canteen["Hugo"])
    qtbot.waitUntil(lambda: page.model.row_of(key) >= 0, timeout=5000)
    assert page.model.get(key).state is CellState.PRESENT_UNBOOKED
    assert page.table.currentIndex().row() == page.model.row_of(key)
    assert "Présents\u202f: 1" in page.counts_label.text()
    assert page.model.resets == 0

    # refused when the warning is not confirmed
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    page.add_walk_in(canteen["service"], canteen["Léa"])
    wait_ops(qtbot, window.context)
    assert _states(page)["Léa"] is CellState.EMPTY


def test_a_colleague_s_pointage_and_a_parent_s_absence_appear_in_place(
        qtbot, window, canteen, session_factory):
    look(qtbot, window)
    page = _open(qtbot, window, canteen["service"])
    page._go_to(2)
    with db.transaction(session_factory, "staff:nancy") as s:
        sheet = pointage.day_sheet(s, StaffRole.AGENT, clock.today(),
                                   service_id=canteen["service"])
        anna = sheet.row(canteen["service"], canteen["Anna"])
        pointage.record(s, StaffRole.AGENT, [(canteen["service"], anna.target)],
                        Action.ABSENT_EXCUSED)
    look(qtbot, window)
    qtbot.waitUntil(lambda: _states(page)["Anna"] is CellState.ABSENT_EXCUSED, timeout=5000)
    assert page.table.currentIndex().row() == 2  # the cursor stays where it was
    assert page.model.resets == 0
    assert "excusés 1" in page.counts_label.text()
    # P on Anna now: the row was refreshed, so the version matches, no conflict
    page._go_to(0)
    qtbot.keyClick(page.table, Qt.Key.Key_P)
    wait_ops(qtbot, window.context)
    assert _states(page)["Anna"] is CellState.PRESENT


def test_a_stale_row_is_a_conflict_and_the_sheet_reloads(qtbot, window, canteen,
                                                          session_factory):
    page = _open(qtbot, window, canteen["service"])
    with db.transaction(session_factory, "staff:nancy") as s:  # not seen by the page yet
        cell = s.query(PlanningCell).filter_by(child_id=canteen["Anna"]).one()
        cell.attendance = Attendance.ABSENT_BILLED
        cell.version += 1
    page._go_to(0)
    qtbot.keyClick(page.table, Qt.Key.Key_P)
    wait_ops(qtbot, window.context)
    assert page.last_message.startswith("Modification concurrente")
    qtbot.waitUntil(lambda: _states(page)["Anna"] is CellState.ABSENT_BILLED, timeout=5000)


def test_the_accueil_list_opens_the_pointage(qtbot, window, canteen):
    accueil = window.open_area("accueil")
    accueil.reload()
    wait_ops(qtbot, window.context)
    qtbot.mouseClick(accueil.tiles[f"service_{canteen['service']}"], Qt.MouseButton.LeftButton)
    wait_ops(qtbot, window.context)
    dialog = accueil.list_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    assert dialog.pointage_button.text() == "Faire le pointage"
    qtbot.mouseClick(dialog.pointage_button, Qt.MouseButton.LeftButton)
    assert window.current_area == "pointage"
    page = window.pages["pointage"]
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: page.sheet is not None, timeout=5000)
    assert page.target == ("service", canteen["service"]) and page.day == clock.today()
    assert not dialog.isVisible()


def test_a_structure_sheet_and_the_days(qtbot, window, canteen, tmp_path):
    page = _open(qtbot, window, canteen["service"])
    page.open_with(structure_id=canteen["structure"])
    wait_ops(qtbot, window.context)
    assert page.target == ("structure", canteen["structure"])
    assert not page.table.isColumnHidden(page.service_column)
    assert page.title_label.text().startswith("Restaurant scolaire — ")
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, window.context)
    assert page.day == clock.today() + dt.timedelta(days=1)
    qtbot.waitUntil(lambda: page.sheet.day == page.day, timeout=5000)
    # nobody booked tomorrow: the enrolled ones are listed, greyed, nothing to point
    assert "Restant à pointer\u202f: 0" in page.counts_label.text()
    assert page.grab().save(str(tmp_path / "pointage_tomorrow.png"))


def test_a_key_waiting_its_turn_is_dropped_when_the_day_changes(qtbot, window, canteen,
                                                                 session_factory):
    page = _open(qtbot, window, canteen["service"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P)  # written at once (Anna)
    qtbot.keyClick(page.table, Qt.Key.Key_I)  # waits for the first write (Bruno)
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, window.context)
    assert "le jour ou la prestation a changé" in page.last_message
    with session_factory() as s:
        written = {(c.child_id, c.day): c.attendance for c in s.query(PlanningCell)
                   if c.attendance is not Attendance.UNKNOWN}
    assert written == {(canteen["Anna"], clock.today()): Attendance.PRESENT}
