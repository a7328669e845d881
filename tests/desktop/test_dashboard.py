"""The Accueil: the first screen after login; its tiles (pending requests, unread messages,
children expected today per service, unpaid total) open the matching lists and follow the
change feed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from portail_admin.core import clock, db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import (
    Enrolment,
    Invoice,
    Payment,
    PlanningCell,
    Service,
    Structure,
)
from portail_admin.core.models.enums import Booking, PaymentMethod, RequestKind, ServiceUnit
from portail_admin.core.services import messages, requests

from .conftest import wait_ops

LEFT = Qt.MouseButton.LeftButton


def test_tiles_show_the_day_and_open_the_matching_lists(qtbot, dupont, window, session_factory):
    today = clock.today()
    service_id = _owing_and_expected(session_factory, dupont)
    with db.transaction(session_factory, "staff:test") as s:
        s.add(Payment(family_id=dupont["family"], received_on=today, amount=Decimal("20.00"),
                      method=PaymentMethod.CASH))
    with db.transaction(session_factory, "parent:1001001818331") as s:
        requests.request_family_change(s, dupont["family"], RequestKind.GUARDIAN,
                                       {"city": "Alix"})
        messages.send_from_family(s, dupont["family"], "Bonjour", "Une question")

    page = window.pages["accueil"]
    assert window.current_area == "accueil"
    page.reload()
    wait_ops(qtbot, window.context)
    tiles = page.tiles
    assert tiles["demandes"].text() == french_spacing("Demandes en attente\n1  (Responsable : 1)")
    assert tiles["messages"].text() == "Messages non lus\n1"
    assert tiles["impayes"].text().replace("\u202f", " ").replace("\xa0", " ") == (
        f"Impayés au {today:%d/%m/%Y}\n100,60 €  (1 famille)")
    assert tiles[f"service_{service_id}"].text() == (
        french_spacing("Accueil de Loisirs\nALSH : 1 enfant sur 24 places"))

    qtbot.mouseClick(tiles["demandes"], LEFT)
    assert window.current_area == "demandes"
    window.open_area("accueil")
    qtbot.mouseClick(page.tiles["messages"], LEFT)
    assert window.current_area == "messages"
    assert window.pages["messages"].ui.unreadOnly.isChecked()
    window.open_area("accueil")
    wait_ops(qtbot, window.context)

    qtbot.mouseClick(page.tiles[f"service_{service_id}"], LEFT)
    wait_ops(qtbot, window.context)
    dialog = page.list_dialog
    assert dialog.model.rowCount() == 1
    assert dialog.model.text(0, 0) == "DUPONT LÉA"
    assert dialog.model.text(0, 1) == "Réservé"
    assert dialog.ui.footerLabel.text().splitlines()[0] == "1 enfant"
    dialog.close()

    qtbot.mouseClick(page.tiles["impayes"], LEFT)
    wait_ops(qtbot, window.context)
    dialog = page.list_dialog
    assert dialog.model.text(0, 0) == "DUPONT JEAN"
    assert dialog.model.text(0, 1) == "1001001818331"
    dialog.close()


def test_the_dashboard_follows_the_change_feed(qtbot, dupont, window, session_factory):
    page = window.pages["accueil"]
    watcher = window.context.watcher
    watcher.poll()
    wait_ops(qtbot, window.context)
    assert page.tiles["demandes"].text() == "Demandes en attente\n0"
    with db.transaction(session_factory, "parent:1001001818331") as s:
        requests.request_family_change(s, dupont["family"], RequestKind.GUARDIAN,
                                       {"city": "Alix"})
    watcher.poll()
    qtbot.waitUntil(lambda: page.tiles["demandes"].text().startswith("Demandes en attente\n1"),
                    timeout=5000)


def _owing_and_expected(session_factory, dupont) -> int:
    """DUPONT owes an invoice and Léa is expected today at the ALSH; returns the service id."""
    today = clock.today()
    with db.transaction(session_factory, "staff:test") as s:
        service = Service(structure=Structure(name="Accueil de Loisirs"), name="ALSH",
                          code="ALSH", unit=ServiceUnit.DAY, weekdays=0b1111111,
                          open_in_term=True, open_in_holidays=True, capacity=24)
        s.add(service)
        s.flush()
        s.add(Enrolment(child_id=dupont["child"], service_id=service.id, start_date=today,
                        end_date=today + dt.timedelta(days=60), weekly_pattern=0))
        s.add(PlanningCell(child_id=dupont["child"], service_id=service.id, day=today,
                           booking=Booking.RESERVED))
        s.add(Invoice(number="AL-36", family_id=dupont["family"], issued_on=today,
                      due_on=today + dt.timedelta(days=20), period_start=today,
                      period_end=today, total=Decimal("120.60")))
        return service.id


def _dashboard_list(qtbot, window, tile: str):
    page = window.pages["accueil"]
    window.open_area("accueil")
    page.reload()
    wait_ops(qtbot, window.context)
    qtbot.mouseClick(page.tiles[tile], LEFT)
    wait_ops(qtbot, window.context)
    dialog = page.list_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    return dialog


def test_a_double_click_in_an_accueil_list_opens_the_family(qtbot, dupont, window,
                                                             session_factory):
    service_id = _owing_and_expected(session_factory, dupont)
    families_page = window.pages["familles"]
    for tile in ("impayes", f"service_{service_id}"):
        dialog = _dashboard_list(qtbot, window, tile)
        assert "ouvrir la fiche famille" in dialog.ui.footerLabel.text()
        table = dialog.ui.table
        rect = table.visualRect(table.model().index(0, 0))
        qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())  # a user's first press
        qtbot.mouseDClick(table.viewport(), LEFT, pos=rect.center())
        qtbot.waitUntil(lambda: window.current_area == "familles", timeout=5000)
        qtbot.waitUntil(lambda: families_page.editor.family_id == dupont["family"], timeout=5000)
        wait_ops(qtbot, window.context)
        assert not dialog.isVisible()
        families_page.open_family(dupont["other"], force=True)  # the next list opens it again
        qtbot.waitUntil(lambda: families_page.editor.family_id == dupont["other"], timeout=5000)


def test_enter_in_an_accueil_list_opens_the_family(qtbot, dupont, window, session_factory):
    _owing_and_expected(session_factory, dupont)
    dialog = _dashboard_list(qtbot, window, "impayes")
    dialog.ui.table.setFocus()
    qtbot.keyClick(dialog.ui.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_area == "familles", timeout=5000)
    families_page = window.pages["familles"]
    qtbot.waitUntil(lambda: families_page.editor.family_id == dupont["family"], timeout=5000)
    wait_ops(qtbot, window.context)
