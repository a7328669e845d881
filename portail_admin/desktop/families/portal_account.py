"""The "Compte portail" tab of a family: create the family's access to the portal (identifiant
and a temporary password shown once, with the credential letter to save or print), give a new
temporary password, lock and unlock, and the last login.

The temporary password exists only in memory, in the dialog that shows it and in the letter's
PDF bytes; the database keeps its Argon2 hash (core portal_accounts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ...core import clock
from ...core.formatting import french_spacing
from ...core.models import Family
from ...core.reports import credential_letter
from ...core.services import portal_accounts
from ...core.services.portal_accounts import AccountStatus
from ...core.services.staff import Permission
from ..context import AppContext
from ..forms.ui_credentials_dialog import Ui_CredentialsDialog
from ..forms.ui_portal_account_form import Ui_PortalAccountForm
from ..ops import OpDb, save_message
from ..plaintext import ask, plain_labels
from ..printing import PrintError, print_with_dialog
from ..saving import save_with_dialog


@dataclass(frozen=True)
class IssuedLetter:
    """What the dialog shows once: never stored, never logged."""

    family_number: str
    login: str
    password: str
    pdf: bytes

    def __repr__(self) -> str:
        return f"IssuedLetter(login={self.login!r})"


def status_op(family_id: int) -> Callable[[OpDb], AccountStatus]:
    def op(db: OpDb) -> AccountStatus:
        db.require(Permission.PORTAL_ACCOUNTS)
        with db.read() as session:
            return portal_accounts.account_status(session, family_id)

    return op


def issue_op(family_id: int, reset: bool, version: int | None) -> Callable[[OpDb], IssuedLetter]:
    """Create the account (or give a new temporary password) and build the letter."""

    def op(db: OpDb) -> IssuedLetter:
        db.require(Permission.PORTAL_ACCOUNTS)
        # One transaction: if the letter cannot be made, no password is given that nobody saw.
        with db.write() as session:
            if reset:
                issued = portal_accounts.reset_password(session, family_id, version)
            else:
                issued = portal_accounts.create_account(session, family_id)
            pdf = credential_letter.credential_letter_for(
                session, family_id, issued.login, issued.password
            )
            family = session.get(Family, family_id)
            number = family.family_number if family is not None else ""
        return IssuedLetter(number, issued.login, issued.password, pdf)

    return op


def lock_op(family_id: int, lock: bool, version: int | None) -> Callable[[OpDb], None]:
    def op(db: OpDb) -> None:
        db.require(Permission.PORTAL_ACCOUNTS)
        with db.write() as session:
            if lock:
                portal_accounts.lock(session, family_id, version)
            else:
                portal_accounts.unlock(session, family_id, version)

    return op


class CredentialsDialog(QDialog):
    """Shows the identifiant and the temporary password once; prints the letter (Qt print
    dialog, the letter's PDF rendered on the printer) or saves it as a PDF."""

    def __init__(self, letter: IssuedLetter, reset: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_CredentialsDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.letter = letter
        self.saved_to: Path | None = None
        self.printed_pages = 0
        self.ui.introLabel.setText(
            french_spacing("Nouveau mot de passe provisoire de la famille :"
            if reset
            else "L'accès au portail de la famille est créé :")
        )
        self.ui.loginValue.setText(letter.login)
        self.ui.passwordValue.setText(letter.password)
        self.ui.printLetterButton.clicked.connect(self.print_letter)
        self.ui.saveLetterButton.clicked.connect(self.save_letter)
        self.ui.closeButton.clicked.connect(self.close_checked)

    def print_letter(self) -> int | None:
        """Ask for the printer, then print the letter; the pages printed (None: cancelled)."""
        try:
            pages = print_with_dialog(self, self.letter.pdf, "Imprimer la lettre d'identifiants")
        except PrintError as exc:
            self.ui.statusLabel.setText(str(exc))
            return None
        if pages is None:
            return None
        self.printed_pages += pages
        self.ui.statusLabel.setText(
            "Lettre envoyée à l'imprimante. Vérifiez qu'elle est bien sortie avant de fermer."
        )
        return pages

    def save_letter(self) -> Path | None:
        """Ask where to save the letter (PDF), then write it."""
        name = f"identifiants-portail-{self.letter.family_number or 'famille'}.pdf"
        try:
            target = save_with_dialog(
                self, self.letter.pdf, "Enregistrer la lettre d'identifiants", name
            )
        except OSError as exc:
            self.ui.statusLabel.setText(
                french_spacing(f"La lettre n'a pas pu être enregistrée : {exc.strerror}.")
            )
            return None
        if target is None:
            return None
        self.saved_to = target
        self.ui.statusLabel.setText(french_spacing(f"Lettre enregistrée : {target}."))
        return target

    def close_checked(self) -> None:
        """"Fermer": the password is shown only once, so ask first if the letter was neither
        printed nor saved."""
        if not self.printed_pages and self.saved_to is None:
            answer = ask(
                self,
                "Lettre non imprimée",
                "La lettre n'a été ni imprimée ni enregistrée. Le mot de passe ne sera plus "
                "affiché : il faudra en donner un nouveau à la famille. Fermer quand même ?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                return
        self.accept()

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt API)
        self._forget()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._forget()
        super().done(result)

    def _forget(self) -> None:
        self.ui.passwordValue.clear()


class PortalAccountTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_PortalAccountForm()
        self.ui.setupUi(self)
        plain_labels(self)
        self.family_id: int | None = None
        self.status: AccountStatus | None = None
        self.credentials: CredentialsDialog | None = None
        self.busy = False
        self.ui.createButton.clicked.connect(lambda: self.issue(reset=False))
        self.ui.resetButton.clicked.connect(self._confirm_reset)
        self.ui.lockButton.clicked.connect(lambda: self.set_locked(True))
        self.ui.unlockButton.clicked.connect(lambda: self.set_locked(False))
        self.show_status(None)

    def load(self, family_id: int | None) -> None:
        self.family_id = family_id
        self.show_status(None)
        if family_id is None:
            self.ui.stateValue.setText("Enregistrez d'abord la fiche de la famille.")
            return
        self.context.ops.run(
            status_op(family_id),
            on_done=lambda status: self._status_loaded(family_id, status),
            on_error=self._failed,
            owner=self,
            name="portal_status",
        )

    def _status_loaded(self, family_id: int, status: AccountStatus) -> None:
        if family_id == self.family_id:
            self.show_status(status)

    def show_status(self, status: AccountStatus | None) -> None:
        self.status = status
        exists = status is not None and status.exists
        self.ui.stateValue.setText(status.state_label if status is not None else "")
        self.ui.loginValue.setText(status.login if exists and status else "—")
        if exists and status is not None and status.last_login_at is not None:
            when = status.last_login_at.astimezone(clock.COMMUNE_TZ)
            self.ui.lastLoginValue.setText(f"{when:%d/%m/%Y à %H:%M}")
        else:
            self.ui.lastLoginValue.setText("Jamais" if exists else "—")
        ready = status is not None and not self.busy
        self.ui.createButton.setVisible(not exists)
        self.ui.createButton.setEnabled(ready)
        self.ui.resetButton.setVisible(exists)
        self.ui.resetButton.setEnabled(ready)
        disabled = bool(exists and status is not None and status.disabled)
        self.ui.lockButton.setVisible(exists and not disabled)
        self.ui.unlockButton.setVisible(disabled)
        self.ui.lockButton.setEnabled(ready)
        self.ui.unlockButton.setEnabled(ready)

    def _confirm_reset(self) -> None:
        answer = ask(
            self,
            "Nouveau mot de passe provisoire",
            "Le mot de passe actuel de la famille ne fonctionnera plus. Continuer ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.issue(reset=True)

    def issue(self, reset: bool) -> None:
        if self.family_id is None or self.busy:
            return
        self.busy = True
        family_id = self.family_id
        version = self.status.version if self.status is not None else None
        self.ui.statusLabel.setText("Préparation des identifiants…")
        self.context.ops.run(
            issue_op(family_id, reset, version),
            on_done=lambda letter: self._issued(letter, reset),
            on_error=self._failed,
            owner=self,
            name="portal_issue",
        )

    def _issued(self, letter: IssuedLetter, reset: bool) -> None:
        self.busy = False
        self.ui.statusLabel.setText(
            "Nouveau mot de passe provisoire donné." if reset else "Accès au portail créé."
        )
        self.credentials = CredentialsDialog(letter, reset, self)
        self.credentials.open()
        self.load(self.family_id)

    def set_locked(self, lock: bool) -> None:
        if self.family_id is None or self.busy:
            return
        self.busy = True
        version = self.status.version if self.status is not None else None
        self.context.ops.run(
            lock_op(self.family_id, lock, version),
            on_done=lambda _r: self._locked(lock),
            on_error=self._failed,
            owner=self,
            name="portal_lock",
        )

    def _locked(self, lock: bool) -> None:
        self.busy = False
        self.ui.statusLabel.setText(
            french_spacing("Accès bloqué : la famille ne peut plus se connecter.")
            if lock
            else "Accès débloqué."
        )
        self.load(self.family_id)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.ui.statusLabel.setText(save_message(error))
        self.show_status(self.status)
