"""Staff login at start: Argon2 check off the UI thread, French error, last user name remembered
(never the password), first administrateur on an empty database, the actor of every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select

from portail_admin.core import local_settings
from portail_admin.core.errors import PortailError
from portail_admin.core.models import ChangeLog, StaffUser
from portail_admin.core.models.enums import StaffRole
from portail_admin.core.paths import config_dir
from portail_admin.core.services import staff
from portail_admin.desktop.login import LoginDialog, StaffUserDialog, first_admin_op

from .conftest import PASSWORD, make_staff, type_text, wait_ops


def _ok(dialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def test_login_failure_then_success_and_last_user_remembered(qtbot, context, session_factory):
    make_staff(session_factory, "nancy", "agent", "Nancy Martin")
    dialog = LoginDialog(context.ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.f_username.text() == ""
    type_text(qtbot, dialog.ui.f_username, "Nancy")
    type_text(qtbot, dialog.ui.f_password, "mauvais")
    _ok(dialog)
    wait_ops(qtbot, context)
    assert dialog.ui.errorLabel.isVisible()
    assert dialog.ui.errorLabel.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.ui.f_password.text() == ""  # to type again
    assert dialog.ui.f_username.text() == "Nancy"  # kept
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert staff.last_username() == ""

    type_text(qtbot, dialog.ui.f_password, PASSWORD)
    qtbot.keyClick(dialog.ui.f_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert dialog.identity is not None
    assert (dialog.identity.username, dialog.identity.role) == ("nancy", StaffRole.AGENT)
    assert dialog.identity.actor == "staff:nancy"

    # The next start proposes the same user name; the password is stored nowhere on the PC.
    assert local_settings.load()["last_username"] == "nancy"
    settings_text = (config_dir() / local_settings.FILE_NAME).read_text(encoding="utf-8")
    assert PASSWORD not in settings_text and "password" not in settings_text
    again = LoginDialog(context.ops)
    qtbot.addWidget(again)
    again.show()
    assert again.ui.f_username.text() == "nancy"
    assert again.ui.f_password.text() == ""
    with session_factory() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == "nancy")).one()
        assert user.last_login_at is not None
        login_log = s.scalars(
            select(ChangeLog).where(ChangeLog.table_name == "staff_user").order_by(ChangeLog.id)
        ).all()[-1]
        assert login_log.actor == "staff:nancy"


def test_empty_fields_are_refused_without_asking_the_database(qtbot, context):
    dialog = LoginDialog(context.ops)
    qtbot.addWidget(dialog)
    dialog.show()
    _ok(dialog)
    assert context.ops.idle
    assert dialog.ui.errorLabel.text() == "Saisissez votre identifiant et votre mot de passe."


def test_first_start_creates_the_administrator(qtbot, context, session_factory):
    with session_factory() as s:  # the context fixture made one account: start from none
        s.query(StaffUser).delete()
        s.commit()
    dialog = StaffUserDialog(context.ops, "first", first_admin_op)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ui.f_role.isVisible()
    type_text(qtbot, dialog.ui.f_full_name, "Chrystelle Durand")
    type_text(qtbot, dialog.ui.f_username, "chrystelle")
    type_text(qtbot, dialog.ui.f_password, "Alix2015")
    type_text(qtbot, dialog.ui.f_confirm, "Alix2016")
    _ok(dialog)
    assert dialog.ui.e_confirm.text() == "Les deux mots de passe ne sont pas identiques."
    type_text(qtbot, dialog.ui.f_password, "court")
    type_text(qtbot, dialog.ui.f_confirm, "court")
    _ok(dialog)
    wait_ops(qtbot, context)
    assert dialog.ui.e_password.text().startswith("Le mot de passe doit comporter")
    assert dialog.ui.f_full_name.text() == "Chrystelle Durand"  # nothing typed lost
    type_text(qtbot, dialog.ui.f_password, "Alix2015")
    type_text(qtbot, dialog.ui.f_confirm, "Alix2015")
    _ok(dialog)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    identity = dialog.result_value
    assert (identity.username, identity.role) == ("chrystelle", StaffRole.ADMIN)
    with session_factory() as s:
        user = s.scalars(select(StaffUser)).one()
        assert user.role is StaffRole.ADMIN and user.password_hash.startswith("$argon2")
    assert staff.last_username() == "chrystelle"


def test_a_failed_login_keeps_the_fields_height(qtbot, context, session_factory, monkeypatch):
    """The error appears under the fields and the dialog grows for it: the fields keep their
    height (they were squeezed to about 15 px) and the whole error shows."""
    long_error = ("Identifiant ou mot de passe incorrect. Après 5 échecs, le compte est bloqué "
                  "pendant 15 minutes : réessayez plus tard ou demandez à l'administrateur.")

    def refused(username, password):
        def op(db):
            raise PortailError(long_error)
        return op

    monkeypatch.setattr("portail_admin.desktop.login.authenticate_op", refused)
    dialog = LoginDialog(context.ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    heights = (dialog.ui.f_username.height(), dialog.ui.f_password.height())
    assert min(heights) >= 20
    type_text(qtbot, dialog.ui.f_username, "nancy")
    type_text(qtbot, dialog.ui.f_password, "mauvais")
    _ok(dialog)
    wait_ops(qtbot, context)
    qtbot.waitUntil(dialog.ui.errorLabel.isVisible, timeout=5000)
    assert dialog.ui.errorLabel.text() == long_error
    assert dialog.ui.f_username.height() >= heights[0]
    assert dialog.ui.f_password.height() >= heights[1]
    label = dialog.ui.errorLabel
    assert label.height() >= label.heightForWidth(label.width())  # no line cut off
