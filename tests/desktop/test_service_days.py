"""The service dialog: opening days as seven boxes (none ticked: the core's French error next
to them; the mask saved and loaded back), and the places of given days added, changed and
removed."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Service, ServiceDayCapacity
from portail_admin.core.services import capacity, commune

from .conftest import type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton


def _service(session_factory, weekdays=0b0011011) -> int:
    with db.transaction(session_factory, "staff:test") as s:
        structure = commune.create_structure(s, "Restauration scolaire")
        return commune.create_service(
            s, structure.id,
            {"name": "Cantine", "code": "CANT", "unit": "meal", "weekdays": weekdays,
             "capacity": 120},
        ).id


def _open(qtbot, page, service_id):
    page.reload()
    qtbot.waitUntil(lambda: page.tree_model.row_of(("service", service_id)) >= 0, timeout=5000)
    page.ui.serviceTree.selectRow(page.tree_model.row_of(("service", service_id)))
    dialog = page.edit_service(new=False)
    wait_ops(qtbot, page.context)
    return dialog


def _ok(dialog):
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def test_opening_days_are_boxes(qtbot, settings_page, session_factory):
    page = settings_page
    service_id = _service(session_factory)  # Monday, Tuesday, Thursday, Friday
    dialog = _open(qtbot, page, service_id)
    boxes = dialog.ui.f_weekdays.boxes
    assert [b.text() for b in boxes] == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
    assert [b.isChecked() for b in boxes] == [True, True, False, True, True, False, False]
    # Untick them all: refused, in French, next to the boxes; nothing saved, nothing lost.
    for box in boxes:
        if box.isChecked():
            qtbot.mouseClick(box, LEFT)
    type_text(qtbot, dialog.ui.f_capacity, "110")
    _ok(dialog)
    wait_ops(qtbot, page.context)
    assert dialog.isVisible()
    assert dialog.ui.e_weekdays.isVisible()
    assert dialog.ui.e_weekdays.text() == "Choisissez au moins un jour de la semaine."
    assert dialog.ui.f_capacity.text() == "110"
    with session_factory() as s:
        assert s.get(Service, service_id).weekdays == 0b0011011
    # Wednesday and Saturday: saved as the mask, listed, and loaded back.
    qtbot.mouseClick(boxes[2], LEFT)
    qtbot.mouseClick(boxes[5], LEFT)
    _ok(dialog)
    wait_ops(qtbot, page.context)
    assert not dialog.isVisible()
    with session_factory() as s:
        service = s.get(Service, service_id)
        assert (service.weekdays, service.capacity) == (0b0100100, 110)
    row = page.tree_model.row_of(("service", service_id))
    qtbot.waitUntil(lambda: page.tree_model.text(row, 2) == "mercredi, samedi", timeout=5000)
    again = _open(qtbot, page, service_id)
    assert [b.isChecked() for b in again.ui.f_weekdays.boxes] == [
        False, False, True, False, False, True, False]
    assert not again.binder.dirty
    again.reject()


def test_places_per_day(qtbot, settings_page, session_factory):
    page = settings_page
    service_id = _service(session_factory)
    dialog = _open(qtbot, page, service_id)
    box = dialog.capacity_box
    qtbot.waitUntil(lambda: box.loads_done >= 1, timeout=5000)
    assert box.model.rowCount() == 0
    # A bad number: refused next to the field, the day typed stays.
    type_text(qtbot, box.ui.f_day, "14/04/2027")
    type_text(qtbot, box.ui.f_capacity, "0")
    qtbot.mouseClick(box.add_button, LEFT)
    wait_ops(qtbot, page.context)
    assert box.ui.e_capacity.isVisible()
    assert box.ui.e_capacity.text() == "Entre 1 et 10000."
    assert box.ui.f_day.text() == "14/04/2027"
    type_text(qtbot, box.ui.f_day, "31/04/2027")
    type_text(qtbot, box.ui.f_capacity, "40")
    qtbot.mouseClick(box.add_button, LEFT)
    wait_ops(qtbot, page.context)
    assert box.ui.e_day.text() == french_spacing("Cette date n'existe pas.")
    type_text(qtbot, box.ui.f_day, "14/04/2027")
    qtbot.mouseClick(box.add_button, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: box.model.rowCount() == 1, timeout=5000)
    assert [box.model.text(0, 0), box.model.text(0, 1)] == ["mer. 14/04/2027", "40"]
    assert box.ui.f_day.text() == ""  # ready for the next day
    if os.environ.get("PORTAIL_SCREENSHOT_DIR"):
        dialog.grab().save(os.path.join(os.environ["PORTAIL_SCREENSHOT_DIR"], "service.png"))
    # The same day again changes its places (checked against the version shown).
    type_text(qtbot, box.ui.f_day, "14/04/2027")
    type_text(qtbot, box.ui.f_capacity, "36")
    qtbot.mouseClick(box.add_button, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: box.model.text(0, 1) == "36", timeout=5000)
    with session_factory() as s:
        assert capacity.day_capacities(
            s, service_id, dt.date(2027, 4, 1), dt.date(2027, 4, 30)) == {dt.date(2027, 4, 14): 36}
    assert box.model.resets == 0
    # Removed: the day goes back to the service's capacity.
    box.table.selectRow(0)
    assert box.ui.f_capacity.text() == "36"
    qtbot.mouseClick(box.remove_button, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: box.model.rowCount() == 0, timeout=5000)
    with session_factory() as s:
        assert s.scalars(select(ServiceDayCapacity)).first() is None
    dialog.reject()


def test_a_new_service_has_no_places_per_day_yet(qtbot, settings_page, session_factory):
    _service(session_factory)
    page = settings_page
    page.reload()
    qtbot.waitUntil(lambda: page.tree_model.rowCount() == 2, timeout=5000)
    page.ui.serviceTree.selectRow(0)
    dialog = page.edit_service(new=True)
    assert dialog.capacity_box is None
    assert [b.isChecked() for b in dialog.ui.f_weekdays.boxes] == [True] * 5 + [False] * 2
    dialog.reject()
