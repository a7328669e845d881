"""The main window: navigation on the left, the chosen area on the right, the database below."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QStyle, QWidget

from .areas import AREAS, Area
from .context import AppContext
from .forms.ui_main_window import Ui_MainWindow


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, areas: list[Area] | None = None):
        super().__init__()
        self.context = context
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.areas = list(areas if areas is not None else AREAS)
        self.pages: dict[str, QWidget] = {}
        self.confirm_on_close = True  # tests turn the "unsaved edits" question off
        nav = self.ui.navigation
        nav.setIconSize(QSize(22, 22))
        nav.setSpacing(2)
        for area in self.areas:
            page = area.factory(context)
            page.setObjectName(f"area_{area.key}")
            self.pages[area.key] = page
            self.ui.areaStack.addWidget(page)
            item = QListWidgetItem(area.title)
            if area.icon:
                pixmap = getattr(QStyle.StandardPixmap, area.icon, None)
                if pixmap is not None:
                    item.setIcon(self.style().standardIcon(pixmap))
            item.setToolTip(area.tooltip)
            nav.addItem(item)
        nav.currentRowChanged.connect(self._area_chosen)

        self.database_label = QLabel(f"Base de données : {context.database_label}")
        self.ui.statusbar.addPermanentWidget(self.database_label)
        context.ops.failed.connect(lambda message: self.ui.statusbar.showMessage(message, 10000))
        if self.areas:
            nav.setCurrentRow(0)

    @property
    def current_area(self) -> str:
        row = self.ui.navigation.currentRow()
        return self.areas[row].key if 0 <= row < len(self.areas) else ""

    def show_area(self, key: str) -> QWidget:
        row = next(i for i, area in enumerate(self.areas) if area.key == key)
        self.ui.navigation.setCurrentRow(row)
        return self.pages[key]

    def _area_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        page = self.pages[self.areas[row].key]
        self.ui.areaStack.setCurrentWidget(page)
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        editor = getattr(self.pages.get("familles"), "editor", None)
        if (
            self.confirm_on_close
            and editor is not None
            and editor.isVisible()
            and editor.has_unsaved_input()
        ):
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                "Modifications non enregistrées",
                "La fiche ouverte contient des modifications non enregistrées. "
                "Quitter quand même ?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.context.watcher.stop()
        event.accept()
