"""What an animateur can reach: the pointage (attendance) and health data, nothing else of the
planning; no billing, no bank data, no requests, messages or settings — not in the navigation,
refused by keyboard shortcut or any other way in, and refused again by the ops themselves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from portail_admin.core import db
from portail_admin.core.errors import PermissionDenied
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Family
from portail_admin.core.services import families, staff
from portail_admin.core.services.staff import Permission
from portail_admin.desktop.areas import AREAS, Area
from portail_admin.desktop.families import records
from portail_admin.desktop.main_window import MainWindow

from .conftest import VALID_IBAN, open_family, wait_ops


@pytest.fixture
def role() -> str:
    return "animateur"


BILLING = Area(key="facturation", title="Facturation", factory=lambda ctx: QLabel("factures"),
               permission=Permission.BILLING, shortcut="Ctrl+7")
# The month grid (Permission.PLANNING), standing in until its real area is in AREAS.
PLANNING = Area(key="planning", title="Planning", factory=lambda ctx: QLabel("planning"),
                permission=Permission.PLANNING, shortcut="Ctrl+5")
EXTRA = ([] if any(a.permission is Permission.BILLING for a in AREAS) else [BILLING]) + (
    [] if any(a.permission is Permission.PLANNING for a in AREAS) else [PLANNING]
)


@pytest.fixture
def animateur_window(qtbot, context):
    win = MainWindow(context, areas=[*AREAS, *EXTRA])
    win.confirm_on_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.activateWindow()
    wait_ops(qtbot, context)
    yield win
    wait_ops(qtbot, context)


def test_animateur_navigation_and_shortcuts(qtbot, animateur_window):
    window = animateur_window
    nav = window.ui.navigation
    assert [nav.item(i).text() for i in range(nav.count())] == ["Accueil", "Familles", "Pointage"]
    # the others are not even built: no Planning (the month grid), only the pointage
    assert set(window.pages) == {"accueil", "familles", "pointage"}

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "accueil"
    assert window.last_refusal == french_spacing(
        "« Planning » : Votre profil (Animateur) ne permet pas de consulter et modifier le "
        "planning.")
    assert window.open_area("planning") is None
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "pointage"
    window.open_area("accueil")
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "accueil"
    assert window.last_refusal == french_spacing(
        "« Facturation » : Votre profil (Animateur) ne permet pas d'accéder à la facturation.")
    assert window.statusBar().currentMessage() == window.last_refusal
    window.shortcuts["parametres"].activated.emit()
    assert "ne permet pas de modifier les paramètres" in window.last_refusal
    for key in ("demandes", "messages", "facturation", "parametres"):
        assert window.open_area(key) is None  # a link or a search result cannot open them
        assert window.current_area == "accueil"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "familles"


def test_animateur_sees_no_bank_data_and_can_edit_health_only(qtbot, dupont, animateur_window,
                                                              session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        families.update_family_section(s, dupont["family"], "bank",
                                       {"account_holder": "Dupont Jean", "iban": VALID_IBAN})
    page = animateur_window.open_area("familles")
    assert page.ui.newFamilyButton.isHidden()
    assert "Nouvelle famille" not in page.ui.emptyLabel.text()
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    tabs = editor.ui.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]
    planning = ["Planning"] if staff.can("animateur", Permission.PLANNING) else []
    assert titles == ["Responsable", "Conjoint", "Informations fiscales", "CAF", "Enfants (1)",
                      *planning, "Historique"]
    assert editor.portal_tab is None
    assert editor.binders["bank"].widgets["iban"].text() == ""  # never loaded
    assert editor.snapshot.sections["bank"] == {}
    assert not editor.binders["primary"].widgets["last_name"].isEnabled()
    assert page.ui.newFamilyButton.isHidden()
    child = editor.child_forms[0]
    assert not child.identity.widgets["first_name"].isEnabled()
    assert child.health.widgets["allergies"].isEnabled()

    # Even a crafted save plan is refused by the op, in French, and nothing is written.
    plan = records.SavePlan(family_id=dupont["family"], family_version=None,
                            sections={"bank": {"iban": ""}})
    errors = []
    page.context.ops.run(lambda opdb: records.save(opdb, plan), on_error=errors.append)
    wait_ops(qtbot, page.context)
    assert isinstance(errors[0], PermissionDenied)
    assert str(errors[0]) == ("Votre profil (Animateur) ne permet pas de consulter les "
                              "coordonnées bancaires.")
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).iban == VALID_IBAN.replace(" ", "")


def test_animateur_dashboard_shows_no_billing_requests_or_messages(qtbot, animateur_window):
    page = animateur_window.pages["accueil"]
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    assert not ({"demandes", "messages", "impayes"} & set(page.tiles))
    assert page.data.unpaid_total is None and page.data.pending_total is None
