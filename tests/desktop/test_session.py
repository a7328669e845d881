"""The "Session" menu: change one's own password (the current one is checked), and log out so
that another person logs in, with a window built for their role."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from portail_admin.core import db, passwords
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import ChangeLog, StaffUser
from portail_admin.core.services import staff
from portail_admin.desktop.app import run_sessions
from portail_admin.desktop.main_window import MainWindow

from .conftest import PASSWORD, make_staff, type_text, wait_ops

NEW_PASSWORD = "Garderie2027"


def _hash(session_factory, username: str) -> str:
    with session_factory() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).one()
        return user.password_hash


def _menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.ui.menuSession.actions() if not a.isSeparator()]


def test_session_menu_is_in_french(window):
    assert window.ui.menuSession.title() == "&Session"
    assert _menu_texts(window) == [
        "Changer mon mot de passe…",
        "Se déconnecter / changer d'utilisateur…",
        "Quitter",
    ]
    assert window.ui.actionChangePassword.isEnabled()


def test_change_own_password_checks_the_current_one(qtbot, window, session_factory):
    before = _hash(session_factory, "chrystelle")
    seen: dict[str, object] = {}

    def fill(current: str, new: str, confirm: str, then) -> None:
        dialog = window.password_dialog
        assert dialog is not None and dialog.isVisible()
        seen["title"] = dialog.windowTitle()
        seen["label"] = dialog.ui.l_password.text()
        seen["shown"] = [n for n in dialog.FIELDS if not dialog.binder.widgets[n].isHidden()]
        type_text(qtbot, dialog.ui.f_current, current)
        type_text(qtbot, dialog.ui.f_password, new)
        type_text(qtbot, dialog.ui.f_confirm, confirm)
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
        then(dialog)

    def wrong_then_cancel(dialog) -> None:
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
        seen["error"] = dialog.ui.e_current.text() if dialog.ui.e_current.isVisible() else ""
        seen["still_open"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(0, lambda: fill("pas le bon", NEW_PASSWORD, NEW_PASSWORD, wrong_then_cancel))
    window.ui.actionChangePassword.trigger()
    assert seen["title"] == "Changer mon mot de passe"
    assert seen["label"] == french_spacing("Nouveau mot de passe :")
    assert seen["shown"] == ["current", "password", "confirm"]
    assert seen["error"] == "Le mot de passe actuel est incorrect."
    assert seen["still_open"] is True
    assert _hash(session_factory, "chrystelle") == before  # nothing changed

    # Two different new passwords: refused before anything is sent.
    def mismatch(dialog) -> None:
        seen["confirm"] = dialog.ui.e_confirm.text()
        dialog.reject()

    QTimer.singleShot(0, lambda: fill(PASSWORD, NEW_PASSWORD, "Autre2027x", mismatch))
    window.ui.actionChangePassword.trigger()
    assert seen["confirm"] == "Les deux mots de passe ne sont pas identiques."
    assert _hash(session_factory, "chrystelle") == before

    QTimer.singleShot(0, lambda: fill(PASSWORD, NEW_PASSWORD, NEW_PASSWORD, lambda d: None))
    window.ui.actionChangePassword.trigger()  # returns once the dialog has been accepted
    wait_ops(qtbot, window.context)
    assert "mot de passe est changé" in window.ui.statusbar.currentMessage()
    after = _hash(session_factory, "chrystelle")
    assert passwords.verify_password(after, NEW_PASSWORD)
    assert not passwords.verify_password(after, PASSWORD)
    with db.transaction(session_factory, "staff:test") as s:
        assert staff.authenticate(s, "chrystelle", NEW_PASSWORD).username == "chrystelle"
    with session_factory() as s:  # signed by the person in the change log
        actors = s.scalars(
            select(ChangeLog.actor).where(ChangeLog.table_name == "staff_user")
        ).all()
        assert "staff:chrystelle" in actors


def test_log_out_then_another_person_logs_in(qtbot, context, session_factory):
    admin = context.staff
    animateur = make_staff(session_factory, "paul", "animateur", "Paul Animateur")
    logins = [admin, animateur]
    seen: list[dict[str, object]] = []

    def log_in():
        return logins.pop(0) if logins else None

    def show(window: MainWindow) -> int:
        window.confirm_on_close = False
        window.show()
        wait_ops(qtbot, context)
        seen.append({
            "areas": [a.key for a in window.areas],
            "actor": context.actor,
            "user": window.user_label.text(),
        })
        if len(seen) == 1:
            window.ui.actionSwitchUser.trigger()
            assert window.switch_user_requested and not window.isVisible()
        else:
            window.ui.actionQuit.trigger()
            assert not window.switch_user_requested and not window.isVisible()
            window.deleteLater()
        return 0

    assert run_sessions(context, log_in, show) == 0
    assert len(seen) == 2 and logins == []
    assert "parametres" in seen[0]["areas"] and seen[0]["actor"] == "staff:chrystelle"
    assert seen[1]["actor"] == "staff:paul"
    assert "parametres" not in seen[1]["areas"] and "demandes" not in seen[1]["areas"]
    assert seen[1]["user"] == french_spacing("Connecté : Paul Animateur (Animateur)")
    wait_ops(qtbot, context)


def test_log_out_and_quit_from_the_login(qtbot, context):
    logins = [context.staff]

    def show(window: MainWindow) -> int:
        window.confirm_on_close = False
        window.show()
        wait_ops(qtbot, context)
        window.ui.actionSwitchUser.trigger()
        return 0

    # After the logout the login comes back; "Quitter" there ends the application.
    assert run_sessions(context, lambda: logins.pop(0) if logins else None, show) == 0
    assert context.staff is None and context.actor == "staff:poste"
    assert not context.ops.opdb.can(staff.Permission.VIEW_FAMILIES)
    wait_ops(qtbot, context)
