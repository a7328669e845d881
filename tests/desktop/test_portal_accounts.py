"""The family's "Compte portail" tab: create the access (identifiant and temporary password
shown once, the letter saved as a PDF whose text is checked), new password, lock and unlock."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from portail_admin.core import db, passwords
from portail_admin.core.models import PortalAccount
from portail_admin.core.services import commune
from portail_admin.desktop import printing

from .conftest import open_family, wait_ops
from .test_printing import file_printer, ink

LEFT = Qt.MouseButton.LeftButton


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_create_a_portal_account_and_save_the_letter(qtbot, dupont, page, session_factory,
                                                     tmp_path, monkeypatch):
    with db.transaction(session_factory, "staff:test") as s:
        commune.update_settings(s, {"name": "Alix", "portal_url": "https://portail.alix.fr",
                                    "contact_phone": "04 78 43 91 68"})
    open_family(qtbot, page, dupont["family"])
    tab = page.editor.portal_tab
    editor = page.editor
    editor.ui.tabs.setCurrentWidget(tab)
    assert editor.ui.tabs.tabText(editor.ui.tabs.currentIndex()) == "Portail"
    qtbot.waitUntil(lambda: tab.status is not None, timeout=5000)
    assert tab.ui.stateValue.text() == "Pas d'accès au portail"
    assert tab.ui.createButton.isVisible() and not tab.ui.resetButton.isVisible()

    qtbot.mouseClick(tab.ui.createButton, LEFT)
    qtbot.waitUntil(lambda: tab.credentials is not None, timeout=10000)
    dialog = tab.credentials
    password = dialog.ui.passwordValue.text()
    assert dialog.ui.loginValue.text() == "1001001818331"
    assert passwords.password_problems(password) == []
    target = tmp_path / "lettre"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "Document PDF (*.pdf)")))
    qtbot.mouseClick(dialog.ui.saveLetterButton, LEFT)
    saved = tmp_path / "lettre.pdf"
    assert dialog.saved_to == saved and saved.exists()
    text = _pdf_text(saved)
    assert "1001001818331" in text and password in text
    assert "https://portail.alix.fr" in text
    assert "Mairie d'Alix" in text
    assert "DUPONT JEAN" in text

    # "Imprimer la lettre…": the print dialog, then the same PDF on the printer (a file here).
    printed = tmp_path / "imprimante.pdf"
    asked = []
    monkeypatch.setattr(printing, "ask_printer",
                        lambda parent, title: asked.append(title) or file_printer(printed))
    assert dialog.ui.printLetterButton.text() == "Imprimer la lettre…"
    qtbot.mouseClick(dialog.ui.printLetterButton, LEFT)
    assert asked == ["Imprimer la lettre d'identifiants"]
    assert dialog.printed_pages == 1 and printed.exists()
    assert "imprimante" in dialog.ui.statusLabel.text()
    assert ink(saved) > 0.005 and ink(printed) > 0.4 * ink(saved)  # the letter, not a blank page

    qtbot.mouseClick(dialog.ui.closeButton, LEFT)  # printed: closes without a question
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.ui.passwordValue.text() == ""  # forgotten once closed

    with session_factory() as s:
        account = s.scalars(select(PortalAccount)).one()
        assert account.login == "1001001818331" and account.must_change_password
        assert password not in account.password_hash
        assert passwords.verify_password(account.password_hash, password)
    qtbot.waitUntil(lambda: tab.ui.resetButton.isVisible(), timeout=5000)
    assert tab.ui.stateValue.text() == "Mot de passe provisoire (pas encore changé)"
    assert tab.ui.lastLoginValue.text() == "Jamais"

    # A new temporary password: the old one stops working, a new letter is offered.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    tab.credentials = None
    qtbot.mouseClick(tab.ui.resetButton, LEFT)
    qtbot.waitUntil(lambda: tab.credentials is not None, timeout=10000)
    new_password = tab.credentials.ui.passwordValue.text()
    assert new_password != password
    # Closing a letter neither printed nor saved asks first; "Annuler" keeps it open.
    questions = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: questions.append(
        box.windowTitle()) or QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(tab.credentials.ui.closeButton, LEFT)
    assert questions == ["Lettre non imprimée"]
    assert tab.credentials.isVisible()
    assert tab.credentials.ui.passwordValue.text() == new_password
    tab.credentials.accept()
    with session_factory() as s:
        account = s.scalars(select(PortalAccount)).one()
        assert not passwords.verify_password(account.password_hash, password)
        assert passwords.verify_password(account.password_hash, new_password)

    # Lock, then unlock.
    qtbot.waitUntil(lambda: tab.ui.lockButton.isVisible() and tab.ui.lockButton.isEnabled(),
                    timeout=5000)
    qtbot.mouseClick(tab.ui.lockButton, LEFT)
    qtbot.waitUntil(lambda: tab.ui.unlockButton.isVisible(), timeout=5000)
    assert tab.ui.stateValue.text() == "Accès bloqué par la mairie"
    with session_factory() as s:
        assert s.scalars(select(PortalAccount)).one().disabled
    qtbot.waitUntil(lambda: tab.ui.unlockButton.isEnabled(), timeout=5000)
    qtbot.mouseClick(tab.ui.unlockButton, LEFT)
    qtbot.waitUntil(lambda: tab.ui.lockButton.isVisible(), timeout=5000)
    wait_ops(qtbot, page.context)
    with session_factory() as s:
        assert not s.scalars(select(PortalAccount)).one().disabled
