"""Qt's own words in French once the application is set up: standard buttons, file dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from portail_admin.core.formatting import french_spacing
from portail_admin.desktop.app import QT_CATALOGS, application, qt_translations_dir


def test_qt_french_catalogs_ship_with_pyside6():
    for catalog in QT_CATALOGS:
        assert (qt_translations_dir() / f"{catalog}_fr.qm").is_file()


def test_standard_buttons_are_french(qtbot, qapp):
    application()
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    assert box.button(QDialogButtonBox.StandardButton.Close).text() == "Fermer"


def test_the_file_dialog_is_french(qtbot, qapp):
    """Qt's own file dialog (not the system's): "Voir dans :", "Fichiers de type :"."""
    application()
    dialog = QFileDialog(None, "Choisir un fichier")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert french_spacing("Voir dans :") in texts
    assert french_spacing("Fichiers de type :") in texts
    assert not any("Look in" in text or "Files of" in text for text in texts)
