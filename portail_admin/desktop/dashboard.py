"""The Accueil area, the first screen after login: pending requests, unread messages, children
expected today per service, the unpaid total. Each tile opens the matching list; the figures
and an open list follow what changed (context.changes), in place. What the role may not see is
not shown (core dashboard returns None)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ..core import clock, formatting
from ..core.changefeed import Change
from ..core.errors import PermissionDenied
from ..core.formatting import french_spacing
from ..core.services import daily_lists, dashboard
from ..core.services.staff import Permission
from .changes import touching
from .context import AppContext
from .forms.ui_dashboard_page import Ui_DashboardPage
from .forms.ui_list_dialog import Ui_ListDialog
from .keyed_model import Column, KeyedModel
from .ops import OpDb, user_message
from .plaintext import plain_labels

WATCHED_TABLES = frozenset(
    {"request", "message", "planning_cell", "enrolment", "invoice", "payment", "service"}
)
EXPECTED_TABLES = frozenset({"planning_cell", "enrolment", "child", "service"})
OWING_TABLES = frozenset({"invoice", "payment", "family", "guardian"})
REFRESH_DELAY_MS = 300
TILE_STYLE = """
QPushButton[tile="true"] {
    background: white; border: 1px solid #c8d3df; border-radius: 6px;
    padding: 10px 14px; text-align: left; font-size: 11pt;
}
QPushButton[tile="true"]:hover { border-color: #2c5f8a; background: #f4f8fc; }
QPushButton[tile="true"][alert="true"] { border-left: 6px solid #c0392b; }
"""


def load_dashboard(db: OpDb) -> dashboard.Dashboard:
    if db.staff is None:
        raise PermissionDenied("Connectez-vous pour voir l'accueil.")
    with db.read() as session:
        return dashboard.dashboard(session, db.staff.role)


OPEN_HINT = "Double-cliquez sur une ligne (ou appuyez sur Entrée) pour ouvrir la fiche famille."


@dataclass(frozen=True)
class ListRow:
    """A line of a list behind a tile: its key (a child, a family), its cells, its family."""

    id: int
    cells: tuple[str, ...]
    family_id: int | None = None


class ListDialog(QDialog):
    """A read-only list (children expected, families owing), from list_dialog.ui, refreshed in
    place while it is open (`watches` says which changes concern it, `reload` reads it again).
    A row that belongs to a family opens its record (double-click or Enter): `family_chosen`."""

    family_chosen = Signal(int)

    def __init__(
        self,
        title: str,
        headers: list[str],
        parent: QWidget | None = None,
        money_columns: tuple[int, ...] = (),
    ):
        super().__init__(parent)
        self.ui = Ui_ListDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.setWindowTitle(title)
        self.ui.titleLabel.setText(title)
        self.model: KeyedModel[ListRow] = KeyedModel(
            [
                Column(
                    header,
                    lambda row, c=column: row.cells[c],
                    align_right=column in money_columns,
                )
                for column, header in enumerate(headers)
            ],
            parent=self,
        )
        table = self.ui.table
        self.model.attach(table)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.footerLabel.setText("Chargement…")
        table.activated.connect(self._activated)
        self.pointage_button: QPushButton | None = None  # the expected children's list
        self.watches: Callable[[list[Change]], bool] = lambda _changes: False
        self.reload: Callable[[], None] = lambda: None

    def set_rows(self, rows: list[ListRow], footer: str) -> None:
        table = self.ui.table
        opens = any(r.family_id is not None for r in rows)
        if opens:
            table.setToolTip(OPEN_HINT)
            footer = f"{footer}\n{OPEN_HINT}"
        first = self.model.rowCount() == 0
        self.model.update_rows(rows)
        self.ui.footerLabel.setText(footer)
        if first and rows:
            table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is not None and row.family_id is not None:
            self.family_chosen.emit(row.family_id)
            self.accept()


class DashboardPage(QWidget):
    open_requested = Signal(str, dict)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_DashboardPage()
        self.ui.setupUi(self)
        plain_labels(self)
        self.setStyleSheet(TILE_STYLE)
        self.data: dashboard.Dashboard | None = None
        self.tiles: dict[str, QPushButton] = {}
        self.list_dialog: ListDialog | None = None
        self._actions: dict[str, Callable[[], None]] = {}
        self.loads_done = 0
        self.last_error = ""
        staff = context.staff
        name = (staff.full_name or staff.username) if staff else ""
        self.ui.welcomeLabel.setText(f"Bonjour {name}." if name else "")
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.reload)
        context.changes.changed.connect(self._on_changes)
        self.reload()

    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.context.ops.run(
            load_dashboard,
            on_done=self._loaded,
            on_error=self._failed,
            owner=self,
            name="dashboard",
        )

    def _on_changes(self, changes: list[Change], _origin: QObject | None) -> None:
        """The counts follow every change that may move them, wherever it was made (this page
        writes nothing itself); an open list is read again when a change concerns it."""
        if touching(changes, WATCHED_TABLES):
            self._refresh_timer.start()  # a burst of changes: one reload
        dialog = self.list_dialog
        if dialog is not None and dialog.isVisible() and dialog.watches(changes):
            dialog.reload()

    def _failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self.ui.statusLabel.setText(self.last_error)

    # tiles --------------------------------------------------------------------------------------
    def _tile(self, key: str, text: str, on_click: Callable[[], None], alert: bool = False) -> None:
        button = self.tiles.get(key)
        if button is None:
            button = QPushButton(self)
            button.setObjectName(f"tile_{key}")
            button.setProperty("tile", True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumSize(240, 74)
            button.clicked.connect(lambda: self._clicked(key))
            self.tiles[key] = button
        button.setProperty("alert", alert)
        button.style().unpolish(button)
        button.style().polish(button)
        button.setText(french_spacing(text))
        button.setAccessibleName(text.replace("\n", " "))
        self._actions[key] = on_click

    def _clicked(self, key: str) -> None:
        action = self._actions.get(key)
        if action is not None:
            action()

    def _loaded(self, data: dashboard.Dashboard) -> None:
        self.loads_done += 1
        self.last_error = ""
        self.data = data
        self.ui.statusLabel.clear()
        self.ui.dayLabel.setText(formatting.long_date(data.day))
        self._actions = {}
        keep: set[str] = set()
        top: list[str] = []
        if data.pending_total is not None:
            n = data.pending_total
            detail = ", ".join(f"{k.label} : {c}" for k, c in data.pending_by_kind.items())
            text = f"Demandes en attente\n{n}" + (f"  ({detail})" if detail else "")
            self._tile("demandes", text, lambda: self.open_requested.emit("demandes", {}), n > 0)
            top.append("demandes")
        if data.unread_messages is not None:
            n = data.unread_messages
            text = f"Messages non lus\n{n}"
            self._tile(
                "messages",
                text,
                lambda: self.open_requested.emit("messages", {"unread_only": n > 0}),
                n > 0,
            )
            top.append("messages")
        if data.unpaid_total is not None:
            families = data.unpaid_families or 0
            text = (
                f"Impayés au {formatting.short_date(data.day)}\n"
                f"{formatting.money(data.unpaid_total)}  ({families} famille"
                f"{'s' if families > 1 else ''})"
            )
            self._tile("impayes", text, self.show_owing, families > 0)
            top.append("impayes")
        for column, key in enumerate(top):
            self.ui.tileGrid.addWidget(self.tiles[key], 0, column)
            keep.add(key)
        can_point = self.context.can(Permission.ATTENDANCE)
        self.ui.expectedTitle.setVisible(can_point)
        if can_point:
            self.ui.expectedTitle.setText(
                french_spacing(
                    f"Enfants attendus aujourd'hui : {data.expected_total}"
                    if data.expected_today
                    else "Enfants attendus aujourd'hui : aucune prestation ouverte ce jour."
                )
            )
        for index, row in enumerate(data.expected_today):
            key = f"service_{row.service_id}"
            places = f" sur {row.capacity} places" if row.capacity else ""
            text = (
                f"{row.structure_name}\n{row.service_name} : {row.expected} enfant"
                f"{'s' if row.expected > 1 else ''}{places}"
            )
            self._tile(key, text, lambda sid=row.service_id: self.show_expected(sid))
            self.tiles[key].setParent(self.ui.expectedArea)
            self.ui.expectedGrid.addWidget(self.tiles[key], index // 3, index % 3)
            keep.add(key)
        for key in list(self.tiles):
            if key not in keep:
                self.tiles.pop(key).deleteLater()

    # lists behind the tiles ---------------------------------------------------------------------
    def _list_dialog(
        self, title: str, headers: list[str], money_columns: tuple[int, ...] = ()
    ) -> ListDialog:
        dialog = ListDialog(title, headers, self, money_columns)
        dialog.family_chosen.connect(
            lambda family_id: self.open_requested.emit("familles", {"family_id": family_id})
        )
        self.list_dialog = dialog
        return dialog

    def show_expected(self, service_id: int) -> ListDialog:
        day = self.data.day if self.data else clock.today()
        dialog = self._list_dialog("Enfants attendus", ["Enfant", "Réservation", "Pointage"])

        if self.context.can(Permission.ATTENDANCE):
            button = dialog.ui.buttonBox.addButton(
                "Faire le pointage", QDialogButtonBox.ButtonRole.ActionRole
            )
            button.setObjectName("pointageButton")
            button.setToolTip("Ouvrir le pointage de cette prestation pour ce jour")

            def point() -> None:
                dialog.accept()
                self.open_requested.emit("pointage", {"service_id": service_id, "day": day})

            button.clicked.connect(point)
            dialog.pointage_button = button

        def op(db: OpDb) -> tuple[str, list[daily_lists.ExpectedChild]]:
            db.require(Permission.ATTENDANCE)
            with db.read() as session:
                return daily_lists.expected_children(session, service_id, day)

        def done(result: tuple[str, list[daily_lists.ExpectedChild]]) -> None:
            name, children = result
            title = f"Enfants attendus le {formatting.short_date(day)} — {name}"
            dialog.setWindowTitle(title)
            dialog.ui.titleLabel.setText(title)
            n = len(children)
            dialog.set_rows(
                [
                    ListRow(c.child_id, (c.name, c.booking, c.attendance), c.family_id)
                    for c in children
                ],
                f"{n} enfant{'s' if n > 1 else ''}",
            )

        return self._show_list(
            dialog,
            op,
            done,
            "expected_children",
            lambda changes: bool(
                touching(changes, EXPECTED_TABLES, service_id=service_id, day=day)
            ),
        )

    def show_owing(self) -> ListDialog:
        day = self.data.day if self.data else clock.today()
        title = f"Familles ayant un impayé au {formatting.short_date(day)}"
        dialog = self._list_dialog(title, ["Famille", "N° famille", "Reste dû"], (2,))

        def op(db: OpDb) -> list[daily_lists.OwingFamily]:
            db.require(Permission.BILLING)
            with db.read() as session:
                return daily_lists.owing_families(session, day)

        def done(rows: list[daily_lists.OwingFamily]) -> None:
            total = sum((r.amount for r in rows), start=Decimal(0))
            dialog.set_rows(
                [
                    ListRow(
                        r.family_id,
                        (r.name, r.family_number, formatting.money(r.amount)),
                        r.family_id,
                    )
                    for r in rows
                ],
                f"{len(rows)} famille{'s' if len(rows) > 1 else ''} — total "
                f"{formatting.money(total)}",
            )

        return self._show_list(
            dialog,
            op,
            done,
            "owing_families",
            lambda changes: bool(touching(changes, OWING_TABLES)),
        )

    def _show_list(
        self,
        dialog: ListDialog,
        op: Callable[[OpDb], Any],
        done: Callable[[Any], None],
        name: str,
        watches: Callable[[list[Change]], bool],
    ) -> ListDialog:
        """Load a list dialog, and load it again whenever a change it `watches` arrives."""

        def reload() -> None:
            self.context.ops.run(
                op,
                on_done=done,
                on_error=lambda e: dialog.ui.footerLabel.setText(user_message(e)),
                owner=dialog,
                name=name,
            )

        dialog.watches = watches
        dialog.reload = reload
        reload()
        dialog.show()
        return dialog

    def self_test(self) -> Callable[[], None]:
        def verify() -> None:
            if self.last_error:
                raise RuntimeError(self.last_error)
            if self.loads_done == 0:
                raise RuntimeError("le tableau de bord ne s'est pas chargé")

        return verify
