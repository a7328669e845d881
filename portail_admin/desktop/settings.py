"""The Paramètres area (administrateur only) — placeholder while it is being built."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .context import AppContext
from .forms.ui_settings_page import Ui_SettingsPage


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
