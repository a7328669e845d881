"""Desktop fixtures: the main window on this test's database, and helpers to wait for ops."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from portail_admin.core import db
from portail_admin.core.services import children, families, staff
from portail_admin.desktop.app import application, build_context
from portail_admin.desktop.context import AppContext
from portail_admin.desktop.families.page import FamiliesPage
from portail_admin.desktop.main_window import MainWindow
from portail_admin.desktop.settings import SettingsPage

DUPONT = {
    "civility": "M",
    "last_name": "Dupont",
    "first_name": "Jean",
    "quality": "father",
    "situation": "separated",
    "address": "12 rue des Bonbons",
    "postal_code": "31400",
    "city": "Saint - Jean",
    "phone_home": "01.02.03.04.05",
    "email": "jean.dupont@wanadoo.fr",
}
VALID_IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def dupont(session_factory: Any) -> dict[str, int]:
    """The DUPONT family with one child (Léa), and a MARTIN family, made by the core services."""
    with db.transaction(session_factory, "staff:test") as s:
        family = families.create_family(
            s,
            DUPONT,
            {"last_name": "Dupont", "first_name": "Jeanne"},
            family_number="1001001818331",
        )
        child = children.add_child(
            s, family.id, {"last_name": "Dupont", "first_name": "Léa", "birth_date": "12/03/2018"}
        )
        other = families.create_family(s, {"last_name": "Martin", "first_name": "Sophie"})
        return {"family": family.id, "child": child.id, "other": other.id}


PASSWORD = "Alix2015"


def make_staff(session_factory: Any, username: str, role: str, full_name: str = "") -> Any:
    """A staff account made by the core service; returns its StaffIdentity."""
    with db.transaction(session_factory, "staff:test") as s:
        user = staff.create_staff_user(
            s, username, full_name or username.capitalize(), role, PASSWORD
        )
        return staff.identity_of(user)


@pytest.fixture
def role() -> str:
    """The role of the staff member the `context` fixture logs in (override per module/test)."""
    return "admin"


@pytest.fixture
def context(qapp: Any, db_url: str, session_factory: Any, role: str) -> Iterator[AppContext]:
    application()
    engine = db.make_engine(db_url)
    ctx = build_context(db_url, engine)
    names = {"admin": "chrystelle", "agent": "nancy", "animateur": "paul"}
    ctx.log_in(make_staff(session_factory, names[role], role))
    yield ctx
    ctx.watcher.stop()
    ctx.ops.shutdown()
    engine.dispose()


@pytest.fixture
def window(qtbot: Any, context: AppContext) -> Iterator[MainWindow]:
    win = MainWindow(context)
    win.confirm_on_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    wait_ops(qtbot, context)
    yield win
    wait_ops(qtbot, context)


@pytest.fixture
def page(window: MainWindow) -> FamiliesPage:
    page = window.open_area("familles")
    assert isinstance(page, FamiliesPage)
    return page


@pytest.fixture
def settings_page(qtbot: Any, window: MainWindow) -> SettingsPage:
    """Paramètres, open and loaded."""
    page = window.open_area("parametres")
    assert isinstance(page, SettingsPage)
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: page.settings is not None, timeout=5000)
    return page


def wait_ops(qtbot: Any, context: AppContext, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: context.ops.idle, timeout=timeout)


def type_text(qtbot: Any, widget: QLineEdit, text: str) -> None:
    """Replace a line edit's text the way a user does (select all, type). Accented letters,
    control characters and long texts are inserted at once, as a paste: QTest cannot type
    accents on every platform and aborts on a control character."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text.isascii() and text.isprintable() and len(text) < 200:
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def fill_shared_database(
    qtbot: Any, ui: Any, host: str = "serveur-mairie", port: str | None = None
) -> None:
    """Paramètres > Base de données: the mairie's shared server, database and user "portail"."""
    ui.tabs.setCurrentWidget(ui.databaseTab)
    ui.sharedRadio.setChecked(True)
    type_text(qtbot, ui.f_db_host, host)
    type_text(qtbot, ui.f_db_name, "portail")
    type_text(qtbot, ui.f_db_user, "portail")
    if port is not None:
        type_text(qtbot, ui.f_db_port, port)


def open_family(qtbot: Any, page: FamiliesPage, family_id: int) -> None:
    """Click the family's row in the list and wait for the record to show."""
    qtbot.waitUntil(lambda: page.model.row_of(family_id) >= 0, timeout=5000)
    row = page.model.row_of(family_id)
    table = page.ui.familyTable
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.editor.family_id == family_id, timeout=5000)
    wait_ops(qtbot, page.context)


def save(qtbot: Any, page: FamiliesPage) -> None:
    qtbot.mouseClick(page.editor.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.editor.saving, timeout=10000)
    wait_ops(qtbot, page.context)


def shown(widget: QWidget) -> bool:
    """Visible to the user (the widget and its parents), whichever tab is current."""
    return not widget.isHidden()
