"""Staff login when the app starts, the first administrator of a new database, and the staff
account dialog the settings reuse.

The password check (Argon2, slow on purpose) runs in a background op; the dialog stays
responsive and shows the core's French message on failure. Only the user name is remembered on
this PC (core.local_settings), never the password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ..core import db as core_db
from ..core import passwords
from ..core.errors import ConcurrentEditError, PortailError, ValidationError
from ..core.formatting import french_spacing
from ..core.models.base import utcnow
from ..core.models.enums import StaffRole
from ..core.services import staff
from ..core.services.staff import StaffIdentity
from .conflicts import ConflictDialog, resolve_conflict
from .fieldforms import FieldBinder, grow_to_fit, keep_heights
from .forms.ui_login_dialog import Ui_LoginDialog
from .forms.ui_staff_user_dialog import Ui_StaffUserDialog
from .ops import OpDb, OpRunner, save_message, user_message
from .plaintext import plain_labels


def authenticate_op(username: str, password: str) -> Callable[[OpDb], StaffIdentity]:
    """The op that checks the credentials (and records the login, signed by that user)."""

    def op(db: OpDb) -> StaffIdentity:
        actor = f"staff:{staff.normalise_username(username) or 'inconnu'}"
        with core_db.transaction(db.factory, actor) as session:
            identity = staff.authenticate(session, username, password)
        staff.remember_username(identity.username)
        return identity

    return op


class LoginDialog(QDialog):
    """Identifiant + mot de passe; `identity` once accepted."""

    def __init__(self, ops: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.identity: StaffIdentity | None = None
        self.busy = False
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Se connecter")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Quitter")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        keep_heights(self.ui.f_username, self.ui.f_password)
        last = staff.last_username()
        self.ui.f_username.setText(last)
        if last:
            self.ui.f_password.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.ui.f_username.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.busy:
            return
        username = self.ui.f_username.text()
        password = self.ui.f_password.text()
        if not username.strip() or not password:
            self._show_error("Saisissez votre identifiant et votre mot de passe.")
            return
        self.busy = True
        self._set_enabled(False)
        self.ui.errorLabel.setVisible(False)
        self.ops.run(
            authenticate_op(username, password),
            on_done=self._logged_in,
            on_error=self._failed,
            owner=self,
            name="login",
        )

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.ui.f_username, self.ui.f_password, self.ui.buttonBox):
            widget.setEnabled(enabled)

    def _logged_in(self, identity: StaffIdentity) -> None:
        self.busy = False
        self.identity = identity
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._set_enabled(True)
        self.ui.f_password.clear()
        self.ui.f_password.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_error(str(error) if isinstance(error, PortailError) else user_message(error))

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.setVisible(True)
        grow_to_fit(self)


class StaffUserDialog(QDialog):
    """Create or edit a staff account; `mode` is "first" (the first administrateur of a new
    database), "create", "edit" (name, identifiant, profil, actif), "password" (an
    administrateur gives a new one) or "own_password" (the logged-in user changes theirs:
    current password, new one, confirmation).

    The op (`submit_op(values) -> op`) runs in the background; its ValidationError is shown next
    to each field and the dialog stays open with everything typed. An account edited from
    another PC meanwhile opens the conflict dialog; `values["version"]` is the version the op
    checks (the one loaded, then the one the conflict found)."""

    FIELDS = ("full_name", "username", "role", "active", "current", "password", "confirm")

    def __init__(
        self,
        ops: OpRunner,
        mode: str,
        submit_op: Callable[[dict[str, Any]], Callable[[OpDb], Any]],
        values: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self.mode = mode
        self.submit_op = submit_op
        self.result_value: Any = None
        self.busy = False
        self.version: int | None = (values or {}).get("version")
        self.conflict_dialog: ConflictDialog | None = None
        self.ui = Ui_StaffUserDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.binder = FieldBinder(self.ui, self.FIELDS, {"role": StaffRole}, ("role",), self)
        keep_heights(*self.binder.widgets.values())
        self.binder.load({"role": StaffRole.AGENT, "active": True, **(values or {})})
        shown = {
            "first": ("full_name", "username", "password", "confirm"),
            "create": ("full_name", "username", "role", "password", "confirm"),
            "edit": ("full_name", "username", "role", "active"),
            "password": ("password", "confirm"),
            "own_password": ("current", "password", "confirm"),
        }[mode]
        for name in self.FIELDS:
            visible = name in shown
            self.binder.widgets[name].setVisible(visible)
            getattr(self.ui, f"l_{name}").setVisible(visible)
        if mode == "own_password":
            self.ui.l_password.setText(french_spacing("Nouveau mot de passe :"))
        self.ui.ruleLabel.setText(french_spacing(f"Mot de passe : {passwords.PASSWORD_RULE}."))
        self.ui.ruleLabel.setVisible("password" in shown)
        titles = {
            "first": "Premier démarrage : compte administrateur",
            "create": "Nouveau compte du personnel",
            "edit": "Modifier le compte",
            "password": "Nouveau mot de passe",
            "own_password": "Changer mon mot de passe",
        }
        self.setWindowTitle(titles[mode])
        intro = {
            "first": "Aucun compte du personnel n'existe encore dans cette base. Créez le compte "
            "de l'administrateur : il pourra ensuite créer ceux des agents et des animateurs.",
            "password": f"Nouveau mot de passe pour {values.get('full_name', '') if values else ''}"
            " : communiquez-le à la personne, qui pourra le changer.",
            "own_password": "Saisissez votre mot de passe actuel, puis deux fois le nouveau. "
            "Il servira dès votre prochaine connexion, sur tous les postes.",
        }.get(mode, "")
        self.ui.introLabel.setText(intro)
        self.ui.introLabel.setVisible(bool(intro))
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Créer le compte" if mode in ("first", "create") else "Enregistrer")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)

    def values(self) -> dict[str, Any]:
        values = self.binder.values()
        if self.mode == "first":
            values["role"] = StaffRole.ADMIN.value
        values["version"] = self.version
        return values

    def submit(self) -> None:
        if self.busy:
            return
        values = self.values()
        self.binder.clear_errors()
        self.ui.errorLabel.setVisible(False)
        if (
            self.mode in ("first", "create", "password", "own_password")
            and values["password"] != values["confirm"]
        ):
            self.show_errors({"confirm": "Les deux mots de passe ne sont pas identiques."})
            return
        self.busy = True
        self.ui.buttonBox.setEnabled(False)
        self.ops.run(
            self.submit_op(values),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            name=f"staff_user_{self.mode}",
        )

    def _done(self, result: Any) -> None:
        self.busy = False
        self.result_value = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.ui.buttonBox.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:
            self.ui.errorLabel.setText(save_message(error))
            self.ui.errorLabel.setVisible(True)
            grow_to_fit(self)
        if isinstance(error, ConcurrentEditError):
            self.conflict_dialog = resolve_conflict(self, error, self.binder, self._resave)

    def _resave(self, error: ConcurrentEditError) -> None:
        self.version = error.version
        self.ui.errorLabel.setVisible(False)
        self.submit()

    def show_errors(self, errors: dict[str, str]) -> None:
        unplaced = self.binder.show_errors(errors)
        if unplaced:
            self.ui.errorLabel.setText(french_spacing("\n".join(unplaced)))
            self.ui.errorLabel.setVisible(True)
        grow_to_fit(self)
        first = next((self.binder.widgets[k] for k in errors if k in self.binder.widgets), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)


def first_admin_op(values: dict[str, Any]) -> Callable[[OpDb], StaffIdentity]:
    """Create the first administrateur (only while no account exists) and log them in."""

    def op(db: OpDb) -> StaffIdentity:
        actor = f"staff:{staff.normalise_username(values.get('username', '')) or 'inconnu'}"
        with core_db.transaction(db.factory, actor) as session:
            if not staff.needs_first_admin(session):
                raise PortailError(
                    "Un compte du personnel existe déjà : connectez-vous avec votre identifiant."
                )
            user = staff.create_staff_user(
                session,
                values.get("username", ""),
                values.get("full_name", ""),
                StaffRole.ADMIN,
                values.get("password", ""),
            )
            user.last_login_at = utcnow()
            identity = staff.identity_of(user)
        staff.remember_username(identity.username)
        return identity

    return op


def change_own_password_op(user_id: int) -> Callable[[dict[str, Any]], Callable[[OpDb], None]]:
    """For StaffUserDialog("own_password"): the logged-in user changes their own password
    (the current one is checked by the core; Argon2 runs in the worker)."""

    def make(values: dict[str, Any]) -> Callable[[OpDb], None]:
        def op(db: OpDb) -> None:
            if db.staff is None or db.staff.id != user_id:
                raise PortailError("Connectez-vous pour changer votre mot de passe.")
            with db.write() as session:
                staff.change_own_password(
                    session, user_id, values.get("current", ""), values.get("password", "")
                )

        return op

    return make


def needs_first_admin_op(db: OpDb) -> bool:
    with db.read() as session:
        return staff.needs_first_admin(session)
