"""Paramètres › Tarifs: a bracketed tariff created through the real widgets and read back from
the database, a bad price shown next to its field with the typed text kept, a bad bracket cell
marked, « Nouveau tarif » closing the previous open-ended tariff, deletion, the service
dialog's « Tarifs… », another PC's change shown in place, the agent's read-only view; a
screenshot of the tab."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.billing import tariffs
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Tariff
from portail_admin.core.services import commune
from portail_admin.desktop import settings_tariffs
from portail_admin.desktop.settings_tariffs import TariffDialog, TariffsPanel

from .conftest import type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 11, 4)
SHOTS = os.environ.get("PORTAIL_SCREENSHOT_DIR", "")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ)
    )


@pytest.fixture
def services(session_factory) -> dict[str, int]:
    with db.transaction(session_factory, "staff:test") as s:
        garderie = commune.create_structure(s, "Garderie périscolaire")
        alsh = commune.create_structure(s, "Accueil de Loisirs")
        ids = {}
        for structure, name, code, unit in (
            (garderie, "Garderie soir", "GAR-SOIR", "session"),
            (garderie, "Restauration scolaire", "RESTO", "meal"),
            (alsh, "ALSH Mercredi journée", "ALSH-MER-J", "day"),
        ):
            ids[code] = commune.create_service(
                s, structure.id, {"name": name, "code": code, "unit": unit}
            ).id
        return ids


@pytest.fixture
def tab(qtbot, services, settings_page) -> TariffsPanel:
    tab = settings_page.tariffs_tab
    tabs = settings_page.ui.tabs
    tabs.setCurrentWidget(tab)
    assert tabs.tabText(tabs.indexOf(tab)) == "Tarifs"
    qtbot.waitUntil(lambda: tab.loaded_service is not None, timeout=5000)
    return tab


def _choose(qtbot, tab: TariffsPanel, service_id: int) -> None:
    tab.select_service(service_id)
    qtbot.waitUntil(lambda: tab.loaded_service == service_id, timeout=5000)
    wait_ops(qtbot, tab.context)


def _ok(dialog: TariffDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _tariffs(session_factory, service_id):
    with session_factory() as s:
        return tariffs.list_tariffs(s, service_id)


def test_the_service_picker_groups_services_by_structure(qtbot, tab, services):
    model = tab.service_model
    texts = [model.item(i).text() for i in range(model.rowCount())]
    assert texts == [
        "Accueil de Loisirs",
        "    ALSH Mercredi journée",
        "Garderie périscolaire",
        "    Garderie soir",
        "    Restauration scolaire",
    ]
    assert not model.item(0).isEnabled()  # a heading cannot be chosen
    assert tab.service_id == services["ALSH-MER-J"]
    assert tab.model.rowCount() == 0
    assert "Aucun tarif pour cette prestation" in tab.status.text()


def test_create_a_bracketed_tariff_through_the_widgets(qtbot, tab, services, session_factory):
    service_id = services["RESTO"]
    _choose(qtbot, tab, service_id)
    qtbot.mouseClick(tab.new_button, LEFT)
    dialog = tab.dialog
    assert isinstance(dialog, TariffDialog) and dialog.isVisible()
    ui = dialog.ui
    assert ui.f_valid_from.text() == "04/11/2026"  # no tariff yet: from today
    assert ui.f_price.isVisible() and not ui.f_brackets.isVisible()
    type_text(qtbot, ui.f_valid_from, "01/09/2026")
    qtbot.mouseClick(dialog.method.buttons["brackets"], LEFT)
    assert ui.f_brackets.isVisible() and not ui.f_price.isVisible()
    brackets = dialog.brackets
    assert brackets.table.rowCount() == 2  # two empty rows to start with
    qtbot.mouseClick(brackets.add_button, LEFT)
    assert brackets.table.rowCount() == 3
    for row, (qf, price) in enumerate((("600", "3,10"), ("900", "3.70"), ("", "4,90"))):
        brackets.set_cell(row, "qf_max", qf)
        brackets.set_cell(row, "price", price)
    type_text(qtbot, ui.f_second_child_reduction, "10")
    type_text(qtbot, ui.f_third_child_reduction, "20")
    type_text(qtbot, ui.f_unbooked_surcharge, "2")
    type_text(qtbot, ui.f_late_absence_surcharge, "1,50")
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "tariff_dialog.png"))
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert not dialog.isVisible()
    (row,) = _tariffs(session_factory, service_id)
    assert (row.valid_from, row.valid_to) == (dt.date(2026, 9, 1), None)
    assert row.brackets == (
        (Decimal(600), Decimal("3.10")),
        (Decimal(900), Decimal("3.70")),
        (None, Decimal("4.90")),
    )
    assert (row.second_child_reduction, row.third_child_reduction) == (Decimal(10), Decimal(20))
    assert (row.unbooked_surcharge, row.late_absence_surcharge) == (Decimal(2), Decimal("1.5"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert tab.model.text(0, 0) == "01/09/2026"
    assert tab.model.text(0, 1) == "sans date de fin"
    assert tab.model.text(0, 2) == "Par tranches de QF"
    assert tab.model.text(0, 3).split("\n")[0] == "QF ≤ 600,00\u00a0€ : 3,10\u00a0€"
    assert tab.model.text(0, 4) == "2e : −10\u00a0%\n3e et suivants : −20\u00a0%"
    assert tab.status.text() == french_spacing(
        "Tarif en vigueur depuis le 01/09/2026 (sans date de fin) enregistré."
    )
    assert tab.model.resets == 0


def test_a_bad_price_shows_next_to_the_field_and_keeps_the_text(
    qtbot, tab, services, session_factory
):
    service_id = services["GAR-SOIR"]
    _choose(qtbot, tab, service_id)
    dialog = tab.new_tariff()
    ui = dialog.ui
    type_text(qtbot, ui.f_valid_from, "01/09/2026")
    type_text(qtbot, ui.f_price, "4,155")
    type_text(qtbot, ui.f_second_child_reduction, "120")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert dialog.isVisible()
    assert ui.e_price.isVisible() and ui.e_price.text() == "2 décimales au maximum."
    assert ui.f_price.property("error") is True
    assert ui.f_price.text() == "4,155"  # what was typed stays
    assert ui.e_second_child_reduction.text() == "La valeur doit être au plus 100."
    assert not ui.e_valid_from.isVisible()
    assert _tariffs(session_factory, service_id) == []
    # Corrected: saved, the dialog closes.
    type_text(qtbot, ui.f_price, "4,15")
    type_text(qtbot, ui.f_second_child_reduction, "")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert not dialog.isVisible()
    assert _tariffs(session_factory, service_id)[0].price == Decimal("4.15")


def test_a_bad_bracket_is_marked_in_its_cell_and_under_the_table(
    qtbot, tab, services, session_factory
):
    service_id = services["GAR-SOIR"]
    _choose(qtbot, tab, service_id)
    dialog = tab.new_tariff()
    dialog.method.buttons["brackets"].click()
    brackets = dialog.brackets
    brackets.set_cell(0, "qf_max", "900")
    brackets.set_cell(0, "price", "1,20")
    brackets.set_cell(1, "qf_max", "600")
    brackets.set_cell(1, "price", "1,505")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert dialog.isVisible()
    label = dialog.ui.e_brackets
    assert label.isVisible()
    assert label.text() == french_spacing(
        "Tranche 2, QF jusqu'à : La dernière tranche n'a pas de limite : laissez « QF jusqu'à » "
        "vide.\nTranche 2, Prix : 2 décimales au maximum."
    )
    assert brackets.cell_in_error(1, "price") and brackets.cell_in_error(1, "qf_max")
    assert not brackets.cell_in_error(0, "price")
    assert brackets.value()[1] == {"qf_max": "600", "price": "1,505"}
    assert _tariffs(session_factory, service_id) == []
    # A row removed, the last one left without a bound: saved.
    brackets.set_cell(1, "qf_max", "")
    brackets.set_cell(1, "price", "1,50")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert not dialog.isVisible()
    assert _tariffs(session_factory, service_id)[0].brackets == (
        (Decimal(900), Decimal("1.20")),
        (None, Decimal("1.50")),
    )


def test_new_tariff_closes_the_previous_open_ended_one(
    qtbot, tab, services, session_factory, monkeypatch
):
    service_id = services["RESTO"]
    with db.transaction(session_factory, "staff:test") as s:
        tariffs.save_tariff(
            s,
            service_id,
            {"valid_from": "01/09/2025", "method": "flat", "price": "3,80"},
            role="admin",
        )
    _choose(qtbot, tab, service_id)
    assert tab.model.rowCount() == 1
    asked = []

    def yes(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(settings_tariffs, "ask", yes)
    dialog = tab.new_tariff()
    assert dialog.ui.f_valid_from.text() == "04/11/2026"  # after the open tariff's start
    type_text(qtbot, dialog.ui.f_valid_from, "01/01/2027")
    type_text(qtbot, dialog.ui.f_price, "4,10")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert asked == [
        "Le tarif en vigueur depuis le 01/09/2025 (sans date de fin) n'a pas de date de fin. "
        "Le fermer le 31/12/2026, la veille du nouveau tarif ?"
    ]
    assert not dialog.isVisible()
    rows = _tariffs(session_factory, service_id)
    assert [(r.valid_from, r.valid_to, r.price) for r in rows] == [
        (dt.date(2025, 9, 1), dt.date(2026, 12, 31), Decimal("3.80")),
        (dt.date(2027, 1, 1), None, Decimal("4.10")),
    ]
    assert tab.status.text() == french_spacing(
        "Tarif en vigueur depuis le 01/01/2027 (sans date de fin) enregistré. Le tarif "
        "précédent (depuis le 01/09/2025) se termine désormais le 31/12/2026, la veille."
    )
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    assert tab.model.text(0, 1) == "31/12/2026"
    # Declined: nothing is closed, the overlap is said next to « Du ».
    monkeypatch.setattr(settings_tariffs, "ask", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = tab.new_tariff()
    assert dialog.ui.f_valid_from.text() == "02/01/2027"
    type_text(qtbot, dialog.ui.f_price, "5")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    assert dialog.isVisible()
    assert (
        "chevauche celle du tarif en vigueur depuis le 01/01/2027" in dialog.ui.e_valid_from.text()
    )
    assert len(_tariffs(session_factory, service_id)) == 2


def test_edit_and_delete_a_tariff(qtbot, tab, services, session_factory, monkeypatch):
    service_id = services["GAR-SOIR"]
    with db.transaction(session_factory, "staff:test") as s:
        tariffs.save_tariff(
            s,
            service_id,
            {
                "valid_from": "01/09/2026",
                "method": "brackets",
                "brackets": [{"qf_max": "600", "price": "1,20"}, {"qf_max": "", "price": "2"}],
            },
            role="admin",
        )
    _choose(qtbot, tab, service_id)
    tab.select_tariff(_tariffs(session_factory, service_id)[0].id)
    assert tab.edit_button.isEnabled()
    dialog = tab.edit_tariff()
    assert dialog.method.value() == "brackets"
    assert dialog.brackets.value() == [
        {"qf_max": "600,00", "price": "1,20"},
        {"qf_max": "", "price": "2,00"},
    ]
    type_text(qtbot, dialog.ui.f_valid_to, "31/08/2027")
    dialog.brackets.table.selectRow(0)
    qtbot.mouseClick(dialog.brackets.remove_button, LEFT)
    assert dialog.brackets.table.rowCount() == 1
    dialog.method.buttons["flat"].click()
    type_text(qtbot, dialog.ui.f_price, "1,90")
    _ok(dialog)
    wait_ops(qtbot, tab.context)
    (row,) = _tariffs(session_factory, service_id)
    assert (row.valid_to, row.brackets) == (dt.date(2027, 8, 31), ((None, Decimal("1.90")),))
    qtbot.waitUntil(lambda: tab.model.text(0, 2) == "Prix unique", timeout=5000)
    tab.select_tariff(row.id)
    monkeypatch.setattr(settings_tariffs, "ask", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.delete_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert _tariffs(session_factory, service_id) == []
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    assert tab.status.text() == french_spacing("Tarif du 01/09/2026 au 31/08/2027 supprimé.")


def _look(qtbot, window):
    """Let the change watcher read the feed now (as its timer would)."""
    with qtbot.waitSignal(window.context.watcher.looked, timeout=5000):
        window.context.watcher.poll()


def test_another_pc_s_change_shows_in_place(qtbot, services, window, tab, session_factory):
    service_id = services["ALSH-MER-J"]
    _choose(qtbot, tab, service_id)
    _look(qtbot, window)
    with db.transaction(session_factory, "staff:nancy") as s:
        tariffs.save_tariff(
            s,
            service_id,
            {"valid_from": "01/09/2026", "method": "flat", "price": "9,80"},
            role="admin",
        )
    _look(qtbot, window)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    assert tab.model.text(0, 3) == "9,80\u00a0€"
    assert tab.model.resets == 0


def test_the_service_dialog_opens_the_same_editor(qtbot, services, settings_page, session_factory):
    page = settings_page
    qtbot.waitUntil(
        lambda: page.tree_model.row_of(("service", services["RESTO"])) >= 0, timeout=5000
    )
    page.ui.tabs.setCurrentWidget(page.ui.servicesTab)
    page.ui.serviceTree.selectRow(page.tree_model.row_of(("service", services["RESTO"])))
    dialog = page.edit_service(new=False)
    assert dialog is not None and dialog.tariffs_button.text() == "Tarifs…"
    qtbot.mouseClick(dialog.tariffs_button, LEFT)
    tariffs_dialog = dialog.tariffs_dialog
    assert tariffs_dialog is not None and tariffs_dialog.isVisible()
    panel = tariffs_dialog.panel
    assert tariffs_dialog.windowTitle() == "Tarifs — Restauration scolaire"
    assert not panel.service_combo.isVisible()
    qtbot.waitUntil(lambda: panel.loaded_service == services["RESTO"], timeout=5000)
    editor = panel.new_tariff()
    assert editor.windowTitle() == "Nouveau tarif — Restauration scolaire"
    type_text(qtbot, editor.ui.f_valid_from, "01/09/2026")
    type_text(qtbot, editor.ui.f_price, "4.30")
    _ok(editor)
    wait_ops(qtbot, panel.context)
    assert _tariffs(session_factory, services["RESTO"])[0].price == Decimal("4.30")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    # The Tarifs tab, showing another service, is not disturbed; on this one it follows.
    tab = page.tariffs_tab
    tab.select_service(services["RESTO"])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)


@pytest.mark.parametrize("role", ["agent"])
def test_without_the_settings_permission_nothing_is_editable(
    qtbot, context, services, session_factory
):
    panel = TariffsPanel(context, services["RESTO"], "Restauration scolaire")
    qtbot.addWidget(panel)
    wait_ops(qtbot, context)
    assert not panel.new_button.isEnabled()
    assert panel.new_tariff() is None
    assert "ne permet pas de modifier les paramètres" in panel.status.text()
    with session_factory() as s:
        assert s.scalars(select(Tariff)).first() is None


def test_screenshot(qtbot, services, window, tab, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        service_id = services["RESTO"]
        tariffs.save_tariff(
            s,
            service_id,
            {
                "valid_from": "01/09/2025",
                "valid_to": "31/08/2026",
                "method": "flat",
                "price": "3,80",
                "second_child_reduction": "10",
            },
            role="admin",
        )
        tariffs.save_tariff(
            s,
            service_id,
            {
                "valid_from": "01/09/2026",
                "method": "brackets",
                "brackets": [
                    {"qf_max": "600", "price": "3,10"},
                    {"qf_max": "900", "price": "3,70"},
                    {"qf_max": "1200", "price": "4,30"},
                    {"qf_max": "", "price": "4,90"},
                ],
                "second_child_reduction": "10",
                "third_child_reduction": "20",
                "unbooked_surcharge": "2",
                "late_absence_surcharge": "1,50",
            },
            role="admin",
        )
    _choose(qtbot, tab, service_id)
    tab.select_tariff(_tariffs(session_factory, service_id)[1].id)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: tab.table.selectionModel().hasSelection(), timeout=5000)
    image = tab.grab()
    assert image.width() > 600 and not image.isNull()
    if SHOTS:
        image.save(os.path.join(SHOTS, "tariffs_tab.png"))
