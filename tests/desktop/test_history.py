"""The family record's Historique tab, a child's Historique dialog, and the log of who opened
a child's health data (written when the health data is shown, read by administrators only)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from portail_admin.core import db
from portail_admin.core.errors import PermissionDenied
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import HealthAccess
from portail_admin.core.models.enums import GuardianRole, RequestKind
from portail_admin.core.services import children, families, requests
from portail_admin.desktop.health_access import load_log
from portail_admin.desktop.requests import load_detail

from .conftest import make_staff, open_family, wait_ops

LEFT = Qt.MouseButton.LeftButton


def _history_tab(qtbot, page):
    editor = page.editor
    editor.ui.tabs.setCurrentWidget(editor.history_tab)
    view = editor.history_tab
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.loading, timeout=5000)
    return view


def _rows(view):
    model = view.model
    return [tuple(model.text(r, c) for c in range(4)) for r in range(model.rowCount())]


def test_the_family_history_tab_shows_who_changed_what_and_follows_the_feed(
    qtbot, dupont, page, session_factory
):
    nancy = make_staff(session_factory, "nancy", "agent", "Nancy Martin")
    with db.transaction(session_factory, nancy.actor) as s:
        families.update_guardian(
            s, dupont["family"], GuardianRole.PRIMARY, {"email": "jean@exemple.fr"}
        )
    open_family(qtbot, page, dupont["family"])
    view = _history_tab(qtbot, page)
    when, who, what, detail = _rows(view)[0]
    assert (who, what) == (
        "Nancy Martin (mairie)",
        french_spacing("Responsable modifié : DUPONT JEAN"),
    )
    assert detail == french_spacing("Email : jean.dupont@wanadoo.fr → jean@exemple.fr")
    assert len(when) == len("04/05/2015 09:00")
    assert view.model.headerData(3, Qt.Orientation.Horizontal) == "Détail"
    assert not view.more_button.isVisible()

    # The family asks something on the portal: the open tab shows it without a click, above
    # the entries shown (inserted: the selected entry stays selected).
    shown_before = _rows(view)
    view.table.selectRow(0)
    watcher = page.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()  # the first look notes where the feed stands
    with db.transaction(session_factory, "parent:1001001818331") as s:
        requests.request_family_change(s, dupont["family"], RequestKind.TAX, {"tax_shares": "2"})
    with qtbot.waitSignal(view.loaded, timeout=10000):
        watcher.poll()
    assert _rows(view)[0][1:3] == (
        "la famille (portail)",
        "Demande de modification (Fiscales) envoyée",
    )
    assert _rows(view)[1:] == shown_before
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [1]
    # Another family's change does not reload it.
    loads = []
    view.loaded.connect(lambda: loads.append(1))
    with db.transaction(session_factory, "staff:test") as s:
        families.update_guardian(s, dupont["other"], GuardianRole.PRIMARY, {"city": "LYON"})
    with qtbot.waitSignal(watcher.looked, timeout=10000):
        watcher.poll()
    wait_ops(qtbot, page.context)
    assert loads == []


def test_older_entries_come_with_afficher_plus(qtbot, dupont, page, session_factory):
    for i in range(55):
        with db.transaction(session_factory, "staff:test") as s:
            families.update_guardian(
                s, dupont["family"], GuardianRole.PRIMARY, {"city": f"VILLE {i}"}
            )
    open_family(qtbot, page, dupont["family"])
    view = _history_tab(qtbot, page)
    assert view.model.rowCount() == 50
    assert view.more_button.isVisible()
    qtbot.mouseClick(view.more_button, LEFT)
    qtbot.waitUntil(lambda: not view.more_button.isVisible(), timeout=5000)
    rows = _rows(view)
    assert len(rows) > 55
    assert rows[0][3] == french_spacing("Ville : VILLE 53 → VILLE 54")
    assert rows[-1][2] == "Fiche famille créée"


def test_a_childs_history_opens_from_its_record(qtbot, dupont, page, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        children.update_child(s, dupont["child"], {"school": "École d'Alix"})
    open_family(qtbot, page, dupont["family"])
    form = page.editor.child_form("LÉA")
    page.editor.show_child(form)
    qtbot.mouseClick(form.findChild(QPushButton, "childHistoryButton"), LEFT)
    dialog = form.open_dialog
    qtbot.waitUntil(lambda: dialog.view.model.rowCount() >= 2, timeout=5000)
    rows = _rows(dialog.view)
    assert rows[0][2:] == (
        french_spacing("Fiche enfant modifiée : LÉA"),
        french_spacing("École : (vide) → École d'Alix"),
    )
    assert rows[-1][2] == french_spacing("Enfant ajouté : LÉA")
    assert dialog.windowTitle() == "Historique — LÉA DUPONT"
    dialog.close()


def _accesses(session_factory):
    with session_factory() as s:
        return [(a.actor, a.child_id) for a in s.scalars(select(HealthAccess))]


def test_opening_a_childs_health_data_writes_one_access_that_an_admin_reads(
    qtbot, dupont, window, page, session_factory
):
    with db.transaction(session_factory, "staff:test") as s:
        children.set_health(s, dupont["child"], {"allergies": "Arachide"})
    open_family(qtbot, page, dupont["family"])
    form = page.editor.child_form("LÉA")
    page.editor.show_child(form)
    assert _accesses(session_factory) == []  # opening the record reads no health data
    assert form.health.widgets["allergies"].toPlainText() == ""
    qtbot.mouseClick(form.ui.showHealthButton, LEFT)
    qtbot.waitUntil(form.ui.healthHost.isVisible, timeout=5000)
    assert form.health.widgets["allergies"].toPlainText() == "Arachide"
    assert _accesses(session_factory) == [("staff:chrystelle", dupont["child"])]
    qtbot.mouseClick(form.ui.showHealthButton, LEFT)  # hidden again, shown again: already read
    qtbot.mouseClick(form.ui.showHealthButton, LEFT)
    wait_ops(qtbot, page.context)
    assert len(_accesses(session_factory)) == 1

    # The administrator reads who opened it, from the child's record and in Paramètres.
    button = form.findChild(QPushButton, "healthAccessButton")
    assert button is not None and not button.isHidden()
    qtbot.mouseClick(button, LEFT)
    dialog = form.open_dialog
    qtbot.waitUntil(lambda: dialog.view.model.rowCount() == 1, timeout=5000)
    assert [dialog.view.model.text(0, c) for c in (1, 2, 3)] == [
        "Chrystelle (mairie)",
        "LÉA DUPONT",
        "1001001818331",
    ]
    dialog.close()
    settings = window.open_area("parametres")
    tabs = settings.ui.tabs
    assert tabs.tabText(tabs.indexOf(settings.health_access_tab)) == "Accès aux données de santé"
    tabs.setCurrentWidget(settings.health_access_tab)
    qtbot.waitUntil(lambda: settings.health_access_tab.model.rowCount() == 1, timeout=5000)


@pytest.mark.parametrize("role", ["animateur"])
def test_an_animateur_opens_health_data_logged_but_not_the_log(
    qtbot, dupont, page, session_factory
):
    open_family(qtbot, page, dupont["family"])
    form = page.editor.child_forms[0]
    page.editor.show_child(form)
    assert form.findChild(QPushButton, "healthAccessButton") is None
    assert form.findChild(QPushButton, "childHistoryButton") is not None
    qtbot.mouseClick(form.ui.showHealthButton, LEFT)
    qtbot.waitUntil(form.ui.healthHost.isVisible, timeout=5000)
    assert _accesses(session_factory) == [("staff:paul", dupont["child"])]
    # Even asked directly, the op refuses the log.
    errors = []
    page.context.ops.run(lambda opdb: load_log(opdb, None, None), on_error=errors.append)
    wait_ops(qtbot, page.context)
    assert isinstance(errors[0], PermissionDenied)
    with session_factory() as s:
        assert s.scalar(select(func.count(HealthAccess.id))) == 1


def test_a_health_request_shown_in_demandes_is_an_access_too(
    qtbot, dupont, context, session_factory
):
    with db.transaction(session_factory, "parent:1001001818331") as s:
        health = requests.request_child_change(
            s, dupont["family"], dupont["child"], RequestKind.HEALTH, {"allergies": "Pollen"}
        ).id
        tax = requests.request_family_change(
            s, dupont["family"], RequestKind.TAX, {"tax_shares": "2"}
        ).id
    details = []
    for request_id in (tax, health):
        context.ops.run(lambda opdb, r=request_id: load_detail(opdb, r), on_done=details.append)
    wait_ops(qtbot, context)
    assert len(details) == 2
    assert _accesses(session_factory) == [("staff:chrystelle", dupont["child"])]
