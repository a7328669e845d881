"""The main window: navigation on the left, the chosen area on the right, the database below.

Only the areas the logged-in role may open are built and listed; `open_area` is the one door to
an area (navigation, keyboard shortcut, dashboard tile, link from another page) and refuses, in
French, what the role forbids.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core.formatting import french_spacing
from ..core.models.enums import StaffRole
from ..core.services.staff import Permission, forbids
from .areas import AREAS, Area, visible_areas
from .connection import ConnectionBanner, ConnectionMonitor
from .context import AppContext
from .forms.ui_main_window import Ui_MainWindow
from .login import StaffUserDialog, change_own_password_op
from .plaintext import Button, ask, plain_label, plain_labels
from .prints.menu import add_prints_menu


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, areas: list[Area] | None = None):
        super().__init__()
        self.context = context
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        plain_labels(self)
        self.all_areas = list(areas if areas is not None else AREAS)
        self.areas = visible_areas(self.all_areas, context.staff)
        self.pages: dict[str, QWidget] = {}
        self.badges: dict[str, int] = {}
        self.last_refusal = ""
        self.confirm_on_close = True  # tests turn the "unsaved edits" question off
        # Set by "Se déconnecter / changer d'utilisateur": app.run_sessions then shows the
        # login again and builds a new window for the next person (areas depend on the role).
        self.switch_user_requested = False
        self.password_dialog: StaffUserDialog | None = None
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
            tip = area.tooltip + (f" ({area.shortcut})" if area.shortcut else "")
            item.setToolTip(tip)
            nav.addItem(item)
            badge = getattr(page, "badge_changed", None)
            if badge is not None:
                badge.connect(lambda count, key=area.key: self.set_badge(key, count))
            opener = getattr(page, "open_requested", None)
            if opener is not None:
                opener.connect(lambda key, filters: self.open_area(key, **filters))
        # Every known area gets its shortcut, allowed or not: a forbidden one is refused aloud.
        self.shortcuts: dict[str, QShortcut] = {}
        for area in self.all_areas:
            if area.shortcut:
                shortcut = QShortcut(QKeySequence(area.shortcut), self)
                shortcut.activated.connect(lambda key=area.key: self.open_area(key))
                self.shortcuts[area.key] = shortcut
        nav.currentRowChanged.connect(self._area_chosen)

        self.database_label = plain_label(
            QLabel(french_spacing(f"Base de données : {context.database_label}"))
        )
        self.user_label = plain_label(QLabel(self._user_text()))
        self.ui.statusbar.addPermanentWidget(self.user_label)
        self.ui.statusbar.addPermanentWidget(self.database_label)
        context.ops.failed.connect(lambda message: self.ui.statusbar.showMessage(message, 10000))
        self._build_connection_banner()
        self.ui.actionChangePassword.triggered.connect(self.change_own_password)
        self.ui.actionSwitchUser.triggered.connect(self.switch_user)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionChangePassword.setEnabled(context.staff is not None and context.staff.id > 0)
        if context.can(Permission.PRINTS):
            add_prints_menu(self)
        if self.areas:
            nav.setCurrentRow(0)

    def _build_connection_banner(self) -> None:
        """The banner above the areas while the database is out of reach (desktop.connection)."""
        self.connection = ConnectionMonitor(self.context.ops, self)
        self.connection_banner = ConnectionBanner(self.connection)
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.connection_banner)
        layout.addWidget(self.takeCentralWidget(), 1)
        self.setCentralWidget(column)
        self.connection.restored.connect(self._connection_restored)
        self.context.watcher.connection_lost.connect(self.connection.report_failure)

    def _connection_restored(self) -> None:
        """Back online: say so, catch up with the change feed, refresh the page shown once (each
        page's reload leaves unsaved edits alone)."""
        self.ui.statusbar.showMessage("Connexion rétablie", 5000)
        self.context.watcher.poll()
        reload = getattr(self.pages.get(self.current_area), "reload", None)
        if callable(reload):
            reload()

    def _user_text(self) -> str:
        staff = self.context.staff
        if staff is None:
            return ""
        role = StaffRole(staff.role).label
        return french_spacing(f"Connecté : {staff.full_name or staff.username} ({role})")

    @property
    def current_area(self) -> str:
        row = self.ui.navigation.currentRow()
        return self.areas[row].key if 0 <= row < len(self.areas) else ""

    def area(self, key: str) -> Area | None:
        return next((a for a in self.all_areas if a.key == key), None)

    def open_area(self, key: str, **filters: Any) -> QWidget | None:
        """Show an area (optionally on a filtered list); None, with a French message in the
        status bar, when the logged-in role may not open it."""
        area = self.area(key)
        if area is None or key not in self.pages or not area.allowed(self.context.staff):
            title = area.title if area is not None else key
            permission = area.permission if area is not None else None
            staff = self.context.staff
            if staff is not None and permission is not None:
                reason = (
                    f"Votre profil ({StaffRole(staff.role).label}) "
                    f"{forbids(Permission(permission))}."
                )
            else:
                reason = "Vous n'avez pas accès à cet espace."
            self.last_refusal = french_spacing(f"« {title} » : {reason}")
            self.ui.statusbar.showMessage(self.last_refusal, 10000)
            return None
        page = self.show_area(key)
        open_with = getattr(page, "open_with", None)
        if filters and callable(open_with):
            open_with(**filters)
        return page

    def show_area(self, key: str) -> QWidget:
        row = next(i for i, area in enumerate(self.areas) if area.key == key)
        self.ui.navigation.setCurrentRow(row)
        return self.pages[key]

    def set_badge(self, key: str, count: int) -> None:
        """A count next to an area's title in the navigation ("Demandes (3)")."""
        self.badges[key] = count
        for row, area in enumerate(self.areas):
            if area.key == key:
                text = f"{area.title} ({count})" if count else area.title
                item = self.ui.navigation.item(row)
                if item.text() != text:
                    item.setText(text)

    def _area_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        page = self.pages[self.areas[row].key]
        self.ui.areaStack.setCurrentWidget(page)
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()

    # session -----------------------------------------------------------------------------------
    def change_own_password(self) -> None:
        """Session > Changer mon mot de passe…: current password, new one twice."""
        staff = self.context.staff
        if staff is None:
            return
        dialog = StaffUserDialog(
            self.context.ops, "own_password", change_own_password_op(staff.id), parent=self
        )
        self.password_dialog = dialog  # tests fill it in
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ui.statusbar.showMessage(
                french_spacing(
                    "Votre mot de passe est changé : il servira à votre prochaine connexion."
                ),
                10000,
            )

    def switch_user(self) -> None:
        """Session > Se déconnecter: close this window (asking first about unsaved edits);
        the login comes back for the next person."""
        self.switch_user_requested = True
        if not self.close():
            self.switch_user_requested = False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        editor = getattr(self.pages.get("familles"), "editor", None)
        if (
            self.confirm_on_close
            and editor is not None
            and editor.isVisible()
            and editor.has_unsaved_input()
        ):
            answer = ask(
                self,
                "Modifications non enregistrées",
                "La fiche ouverte contient des modifications non enregistrées. "
                + (
                    "Vous déconnecter quand même ?"
                    if self.switch_user_requested
                    else "Quitter quand même ?"
                ),
                Button.Discard | Button.Cancel,
                Button.Cancel,
            )
            if answer != Button.Discard:
                event.ignore()
                return
        self.connection.stop()
        self.context.watcher.stop()
        event.accept()
