"""« Accès aux données de santé »: who opened a child's health data, and when. Administrators
only (Permission.READ_AUDIT): the tab and the buttons are hidden from other roles, and the op
checks the role again.

`HealthAccessView` lists the log (of one child, or of every child), newest first, with
« Afficher plus »; `HealthAccessDialog` shows it for one child (from the child's record), the
Paramètres tab for all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.services import health_access
from ..core.services.health_access import HealthAccessRow
from ..core.services.staff import Permission
from .context import AppContext
from .keyed_model import Column, KeyedModel
from .ops import OpDb, user_message
from .plaintext import plain_label

TITLE = "Accès aux données de santé"
COLUMNS = ("Date et heure", "Personne", "Enfant", "N° famille")
PAGE = health_access.LOG_PAGE_SIZE


def load_log(
    opdb: OpDb, child_id: int | None, before_id: int | None, limit: int = PAGE
) -> list[HealthAccessRow]:
    staff = opdb.require(Permission.READ_AUDIT)
    with opdb.read() as session:
        return health_access.health_access_log(
            session, staff.role, child_id=child_id, before_id=before_id, limit=limit
        )


class HealthAccessModel(KeyedModel[HealthAccessRow]):
    """The accesses shown, newest first (as the log reads them), pages appended below."""

    def __init__(self, parent: Any = None):
        super().__init__(
            [
                Column(COLUMNS[0], lambda a: a.when),
                Column(COLUMNS[1], lambda a: a.who),
                Column(COLUMNS[2], lambda a: a.child),
                Column(COLUMNS[3], lambda a: a.family_number),
            ],
            parent=parent,
        )

    def set_rows(self, rows: list[HealthAccessRow], append: bool) -> None:
        self.update_rows([*self.rows, *rows] if append else rows)


class HealthAccessView(QWidget):
    loaded = Signal()

    def __init__(
        self, context: AppContext, child_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.child_id = child_id
        self.more = False
        self.model = HealthAccessModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("healthAccessTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.status = plain_label(QLabel(self))
        self.more_button = QPushButton("Afficher plus", self)
        self.more_button.setVisible(False)
        self.more_button.clicked.connect(self.load_more)
        self.reload_button = QPushButton("Actualiser", self)
        self.reload_button.clicked.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.more_button)
        bar.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self._loaded_once = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._loaded_once:
            self.reload()

    def reload(self) -> None:
        self._loaded_once = True
        self._fetch(None)

    def load_more(self) -> None:
        if self.model.rows:
            self._fetch(self.model.rows[-1].id)

    def _fetch(self, before_id: int | None) -> None:
        child_id = self.child_id
        self.status.setText("Chargement…")

        def op(db: OpDb) -> list[HealthAccessRow]:
            return load_log(db, child_id, before_id, PAGE + 1)

        def done(rows: list[HealthAccessRow]) -> None:
            self.more = len(rows) > PAGE
            self.model.set_rows(rows[:PAGE], append=before_id is not None)
            self.more_button.setVisible(self.more)
            count = self.model.rowCount()
            self.status.setText(
                "Aucun accès enregistré."
                if count == 0
                else f"{count} accès" + (" (et d'autres plus anciens)" if self.more else "") + "."
            )
            self.loaded.emit()

        def failed(error: BaseException) -> None:
            self.status.setText(user_message(error))

        self.context.ops.run(op, on_done=done, on_error=failed, owner=self, name="health_access")


class HealthAccessDialog(QDialog):
    """The accesses to one child's health data."""

    def __init__(
        self, context: AppContext, child_id: int, child_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("healthAccessDialog")
        self.setWindowTitle(f"{TITLE} — {child_name}" if child_name else TITLE)
        self.view = HealthAccessView(context, child_id, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)


def add_settings_tab(context: AppContext, tabs: Any) -> HealthAccessView | None:
    """The Paramètres tab listing every access, for administrators only."""
    if not context.can(Permission.READ_AUDIT):
        return None
    view = HealthAccessView(context)
    view.setObjectName("healthAccessTab")
    tabs.addTab(view, TITLE)
    return view
