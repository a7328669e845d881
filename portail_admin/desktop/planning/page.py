"""The Planning area: a service's month as a colour-coded grid, or a child's month by service.

The month is read off the GUI thread (loads.py ops) and shown by `PlanningGrid`; the page
follows `context.changes` and reads the month again when a change may concern it (a cell, a
family's request, an enrolment, the calendar), then shows it in place: the cells that changed
are repainted, the selection, the current cell and the scroll position stay.

The page's own ops (the editing code's actions, started with the page or one of its children as
owner) refresh the grid in their callback; the hub's echo of them is skipped (`started_by`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.changefeed import Change
from ...core.formatting import month_title
from ...core.planning.month import ChildMonth, ServiceMonth, month_start, next_month, previous_month
from ...core.services.staff import Permission
from ..changes import started_by
from ..context import AppContext
from ..ops import user_message
from ..prints.printouts import Printouts
from ..service_items import ServiceItem, fill_grouped
from . import loads
from .editing import GridEditor
from .grid_view import PlanningGrid
from .legend import LegendWidget

# What a month shows: a change to one of these may change a cell or a count.
PLANNING_TABLES = (
    "planning_cell",
    "request",
    "enrolment",
    "calendar_period",
    "service_day_capacity",
)
# What the names beside the days show.
NAME_TABLES = ("child", "health_record")
SERVICE_TABLES = ("service", "structure")

BY_SERVICE, BY_CHILD = 0, 1


def changes_touch(
    changes: list[Change],
    first: dt.date,
    last: dt.date,
    *,
    service_id: int | None = None,
    child_id: int | None = None,
    child_ids: frozenset[int] = frozenset(),
) -> bool:
    """Whether one of `changes` may concern a month shown (a service's, or a child's)."""
    for change in changes:
        if change.touches(
            tables=PLANNING_TABLES, service_id=service_id, child_id=child_id, days=(first, last)
        ):
            return True
        if change.table_name in NAME_TABLES and (
            change.child_id is None or change.child_id in child_ids or change.child_id == child_id
        ):
            return True
        if change.table_name in SERVICE_TABLES:
            return True
    return False


class PlanningPage(QWidget):
    loaded = Signal()  # a month arrived and is shown (tests wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("planningPage")
        self.context = context
        self.month = month_start(clock.today())
        self.service_id: int | None = None
        self.child_id: int | None = None  # the child of « Par enfant »
        self.services: list[loads.ServiceChoice] = []
        self.loads_done = 0
        self.refreshes = 0  # in-place reloads after a change elsewhere (tests count them)
        self.last_error = ""
        self._started = False
        self._stale = False
        self._loading: dict[int, bool] = {BY_SERVICE: False, BY_CHILD: False}
        self._again: dict[int, bool] = {BY_SERVICE: False, BY_CHILD: False}
        self._wanted: dict[int, tuple[Any, ...]] = {}
        self._matches: list[int] = []
        self._match = 0
        self._detail_key: tuple[Any, ...] | None = None

        # --- the bar: service, month, view, search
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("planningService")
        self.service_combo.setMinimumWidth(260)
        # Sized to a fixed number of characters, not to the longest service name: the bar
        # must fit a 1366-pixel screen beside the navigation (the list itself is wider).
        self.service_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.service_combo.setMinimumContentsLength(30)
        self.service_combo.view().setMinimumWidth(380)
        self.service_combo.setToolTip("La prestation dont le planning est affiché")
        self.service_combo.setModel(QStandardItemModel(self.service_combo))
        self.service_combo.currentIndexChanged.connect(self._service_chosen)
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("planningPrevious")
        self.previous_button.setText("◀")
        self.previous_button.setToolTip("Mois précédent (Ctrl+Page précédente)")
        self.previous_button.clicked.connect(lambda: self.show_month(previous_month(self.month)))
        self.month_label = QLabel(self)
        self.month_label.setObjectName("planningMonth")
        self.month_label.setTextFormat(Qt.TextFormat.PlainText)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.month_label.setMinimumWidth(135)
        self.month_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("planningNext")
        self.next_button.setText("▶")
        self.next_button.setToolTip("Mois suivant (Ctrl+Page suivante)")
        self.next_button.clicked.connect(lambda: self.show_month(next_month(self.month)))
        self.today_button = QPushButton("Aujourd'hui", self)
        self.today_button.setObjectName("planningToday")
        self.today_button.setToolTip("Revenir au mois en cours, sur la colonne d'aujourd'hui")
        self.today_button.clicked.connect(self.go_to_today)
        self.by_service_button = QToolButton(self)
        self.by_service_button.setText("Par prestation")
        self.by_service_button.setToolTip("Tous les enfants inscrits à la prestation")
        self.by_child_button = QToolButton(self)
        self.by_child_button.setObjectName("planningByChild")
        self.by_child_button.setText("Par enfant")
        self.by_child_button.setToolTip(
            "Le mois de l'enfant sélectionné, une ligne par prestation "
            "(double-clic sur un nom pour y aller)"
        )
        self.view_group = QButtonGroup(self)
        for number, button in enumerate((self.by_service_button, self.by_child_button)):
            button.setCheckable(True)
            self.view_group.addButton(button, number)
        self.by_service_button.setChecked(True)
        self.view_group.idClicked.connect(self.show_view)
        self.print_button = QPushButton("Feuille de présence…", self)
        self.print_button.setObjectName("planningPrint")
        self.print_button.setToolTip("La feuille de présence du mois de la prestation affichée")
        self.print_button.setVisible(context.can(Permission.PRINTS))
        self.print_button.clicked.connect(
            lambda: Printouts.of(context, self).attendance(self.service_id, self.month)
        )
        self.search = QLineEdit(self)
        self.search.setObjectName("planningSearch")
        self.search.setPlaceholderText("Rechercher un enfant…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Nom ou prénom ; Entrée : enfant suivant")
        self.search.setMinimumWidth(170)
        self.search.textEdited.connect(self._search_edited)
        self.search.returnPressed.connect(self._next_match)
        self.search_status = QLabel(self)
        self.search_status.setTextFormat(Qt.TextFormat.PlainText)
        self.search_status.setStyleSheet("color: #546e7a;")

        bar = QHBoxLayout()
        bar.addWidget(self.service_combo)
        bar.addSpacing(12)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.month_label)
        bar.addWidget(self.next_button)
        bar.addWidget(self.today_button)
        bar.addSpacing(12)
        bar.addWidget(self.by_service_button)
        bar.addWidget(self.by_child_button)
        bar.addSpacing(12)
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        bar.addWidget(self.search_status)
        bar.addWidget(self.search)

        # --- the two views
        self.grid = PlanningGrid(self)
        self.grid.hide_health(not context.can(Permission.VIEW_HEALTH))
        self.grid.row_activated.connect(self._open_child_of_row)
        self.grid.detail_wanted.connect(lambda r, c: self._want_detail(self.grid, r, c))
        self.child_grid = PlanningGrid(self, footer=False)
        self.child_grid.setObjectName("planningChildGrid")
        self.child_grid.detail_wanted.connect(lambda r, c: self._want_detail(self.child_grid, r, c))
        # Editing (editing.py): letters, Suppr, the menu, copy/paste, the saisie par lot; one
        # undo stack for the page's two grids (this window's own edits).
        self.editor = GridEditor(context, self.grid)
        self.child_editor = GridEditor(context, self.child_grid)
        self.child_editor.undo_stack = self.editor.undo_stack
        self.child_title = QLabel(self)
        self.child_title.setObjectName("planningChildTitle")
        self.child_title.setTextFormat(Qt.TextFormat.PlainText)
        self.child_title.setStyleSheet("font-size: 14px; font-weight: bold;")
        child_panel = QWidget(self)
        child_layout = QVBoxLayout(child_panel)
        child_layout.setContentsMargins(0, 0, 0, 0)
        child_layout.addWidget(self.child_title)
        child_layout.addWidget(self.child_grid, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(child_panel)

        self.legend = LegendWidget(self)
        self.status = QLabel(self)
        self.status.setObjectName("planningStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #455a64;")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)

        for keys, step in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp), previous_month),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown), next_month),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.show_month(step(self.month)))
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.search.setFocus(), self.search.selectAll()))

        context.changes.changed.connect(self._on_changes)
        self._show_title()

    # --------------------------------------------------------------------------- what is shown
    @property
    def model(self) -> Any:
        """The service grid's model (PlanningGridModel)."""
        return self.grid.model

    @property
    def view(self) -> int:
        return self.stack.currentIndex()

    def activate(self) -> None:
        if not self._started:
            self._started = True
            self._load_services()
        elif self._stale:
            self.refresh()

    def open_with(
        self,
        service_id: int | None = None,
        child_id: int | None = None,
        month: dt.date | None = None,
        **_: Any,
    ) -> None:
        """Open on a service (and a month), or on a child's month by service."""
        if month is not None:
            self.month = month_start(month)
        if service_id is not None:
            self.service_id = service_id
            self._select_service(service_id)
        if child_id is not None:
            self.child_id = child_id
            self.show_view(BY_CHILD)
        self.activate()
        self._show_title()
        self.refresh()

    def _show_title(self) -> None:
        self.month_label.setText(month_title(self.month))

    def show_month(self, month: dt.date) -> None:
        self.month = month_start(month)
        self._show_title()
        self.refresh()

    def go_to_today(self) -> None:
        self.show_month(clock.today())

    def show_view(self, view: int) -> None:
        """« Par prestation » or « Par enfant » (the child of the current row)."""
        if view == BY_CHILD and self.child_id is None:
            row = self.grid.cells.currentIndex().row()
            if row < 0 and self.model.rowCount():
                row = 0
            if row >= 0:
                self.child_id = self.model.line(row).child_id
        self.view_group.button(view).setChecked(True)
        self.stack.setCurrentIndex(view)
        self.refresh()

    def _open_child_of_row(self, row: int) -> None:
        self.child_id = self.model.line(row).child_id
        self.show_view(BY_CHILD)

    # --------------------------------------------------------------------------- services
    def _load_services(self) -> None:
        self.status.setText("Chargement des prestations…")
        self.context.ops.run(
            loads.list_services,
            on_done=self._services_loaded,
            on_error=self._load_failed,
            owner=self,
            name="planning_services",
        )

    def _services_loaded(self, services: list[loads.ServiceChoice]) -> None:
        self.services = services
        combo = self.service_combo
        model = combo.model()
        assert isinstance(model, QStandardItemModel)
        combo.blockSignals(True)
        model.clear()
        fill_grouped(
            model,
            (
                ServiceItem(
                    s.id,
                    s.structure_name,
                    s.name + ("" if s.active else " (désactivée)"),
                    s.full_name,
                )
                for s in services
            ),
        )
        combo.blockSignals(False)
        if not services:
            self.status.setText("Aucune prestation : créez-en dans Paramètres › Prestations.")
            return
        known = {s.id for s in services}
        if self.service_id not in known:
            self.service_id = next((s.id for s in services if s.active), services[0].id)
        self._select_service(self.service_id)  # type: ignore[arg-type]
        self.refresh()

    def _select_service(self, service_id: int) -> None:
        combo = self.service_combo
        index = combo.findData(service_id, Qt.ItemDataRole.UserRole)
        if index >= 0 and index != combo.currentIndex():
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _service_chosen(self, index: int) -> None:
        service_id = self.service_combo.itemData(index, Qt.ItemDataRole.UserRole)
        if service_id is not None and service_id != self.service_id:
            self.service_id = service_id
            if self.view == BY_CHILD:
                self.show_view(BY_SERVICE)
            else:
                self.refresh()

    # --------------------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Read the month shown again (in place if it is the one on screen)."""
        if not self._started:
            return
        if not self.isVisible() and self.loads_done:
            self._stale = True  # read again when shown
            return
        self._stale = False
        view = self.view
        wanted: tuple[Any, ...]
        if view == BY_SERVICE:
            if self.service_id is None:
                return
            wanted = (BY_SERVICE, self.service_id, self.month)
        else:
            if self.child_id is None:
                self.child_title.setText("Choisissez un enfant (double-clic sur son nom).")
                return
            wanted = (BY_CHILD, self.child_id, self.month)
        self._wanted[view] = wanted
        if self._loading[view]:
            self._again[view] = True
            return
        self._start_load(wanted)

    def _start_load(self, wanted: tuple[Any, ...]) -> None:
        view, key, month = wanted
        self._loading[view] = True
        self._again[view] = False
        if self.loads_done == 0 or self.model.month != month:
            self.status.setText("Chargement du planning…")
        read: Callable[[Any], Any]
        if view == BY_SERVICE and not self._shows(key, month):
            # Another service or month: its first lines first (a screen in a few
            # milliseconds), then the whole month, merged in place.
            self.context.ops.run(
                lambda db: loads.load_service_month(db, key, month, loads.FIRST_SCREEN),
                on_done=lambda result: self._first_screen_loaded(wanted, result),
                on_error=lambda error: self._month_failed(view, error),
                owner=self,
                name="planning_first_screen",
            )
            return
        if view == BY_SERVICE:
            read = lambda db: loads.load_service_month(db, key, month)  # noqa: E731
        else:
            read = lambda db: loads.load_child_month(db, key, month)  # noqa: E731
        self.context.ops.run(
            read,
            on_done=lambda result: self._month_loaded(wanted, result),
            on_error=lambda error: self._month_failed(view, error),
            owner=self,
            name="planning_month",
        )

    def _shows(self, service_id: int, month: Any) -> bool:
        shown = self.model.data_month
        return (
            isinstance(shown, ServiceMonth)
            and shown.service.id == service_id
            and shown.month == month
        )

    def _first_screen_loaded(self, wanted: tuple[Any, ...], result: ServiceMonth) -> None:
        """Show the first lines, then read the whole month (unless another was asked)."""
        view, key, month = wanted
        if self._wanted.get(view) != wanted:
            self._finish(view)
            return
        self.model.set_month(result)
        self.grid.scroll_to_today()
        self.status.setText(
            f"{result.service.full_name} : chargement des {result.total_lines} enfants…"
        )
        self.context.ops.run(
            lambda db: loads.load_service_month(db, key, month),
            on_done=lambda full: self._month_loaded(wanted, full),
            on_error=lambda error: self._month_failed(view, error),
            owner=self,
            name="planning_month",
        )

    def _finish(self, view: int) -> bool:
        """A load of `view` ended: start the next one if another was asked meanwhile."""
        self._loading[view] = False
        if self._again[view] and view in self._wanted:
            self._start_load(self._wanted[view])
            return True
        return False

    def _month_loaded(self, wanted: tuple[Any, ...], result: ServiceMonth | ChildMonth) -> None:
        view = wanted[0]
        if self._finish(view) or self._wanted.get(view) != wanted:
            return  # superseded: the newer read shows
        self.loads_done += 1
        self.last_error = ""
        if isinstance(result, ServiceMonth):
            shown = self.model.data_month
            first_time = (
                not isinstance(shown, ServiceMonth)
                or shown.month != result.month
                or shown.service.id != result.service.id
                or not shown.complete
            )
            self.model.set_month(result)
            if first_time:
                self.grid.scroll_to_today()
                self._matches = []
                if self.search.text():
                    self._search_edited(self.search.text())
            self._show_status(result)
        else:
            self.child_grid.model.set_month(result)
            self._show_child_title()
            self.status.setText(f"{len(result.lines)} prestation(s) ce mois-ci")
        self.loaded.emit()

    def _show_status(self, month: ServiceMonth) -> None:
        count = len(month.lines)
        places = month.service.capacity
        text = f"{month.service.full_name} : {count} enfant{'s' if count > 1 else ''}"
        if places is not None:
            text += f" ; {places} places par jour"
        self.status.setText(text)

    def _show_child_title(self) -> None:
        name = ""
        for line in self.model.lines:
            if line.child_id == self.child_id and line.child is not None:
                name = line.child.name
                break
        self.child_title.setText(
            f"Planning de {name} — {month_title(self.month)}"
            if name
            else f"Planning de l'enfant — {month_title(self.month)}"
        )

    def _month_failed(self, view: int, error: BaseException) -> None:
        if self._finish(view):
            return
        self._load_failed(error)

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self.status.setText(self.last_error)
        self.loaded.emit()

    # --------------------------------------------------------------------------- live changes
    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        if not self._started or started_by(self, origin):
            return
        if any(c.table_name in SERVICE_TABLES for c in changes):
            self._load_services()
        first, last = self.month, next_month(self.month) - dt.timedelta(days=1)
        if self.view == BY_SERVICE:
            concerned = self.service_id is not None and changes_touch(
                changes,
                first,
                last,
                service_id=self.service_id,
                child_ids=frozenset(line.child_id for line in self.model.lines),
            )
        else:
            concerned = self.child_id is not None and changes_touch(
                changes, first, last, child_id=self.child_id
            )
        if concerned:
            self.refreshes += 1
            self.refresh()

    # --------------------------------------------------------------------------- search
    def _search_edited(self, text: str) -> None:
        self._matches = self.model.find_rows(text)
        self._match = 0
        if not text.strip():
            self.search_status.clear()
            return
        if not self._matches:
            self.search_status.setText("Aucun enfant")
            return
        self._show_match()

    def _next_match(self) -> None:
        if not self._matches:
            self._search_edited(self.search.text())
            return
        self._match = (self._match + 1) % len(self._matches)
        self._show_match()

    def _show_match(self) -> None:
        row = self._matches[self._match]
        total = len(self._matches)
        self.search_status.setText(
            f"{self._match + 1} / {total}" if total > 1 else "1 enfant trouvé"
        )
        if self.view == BY_CHILD:
            self.child_id = self.model.line(row).child_id
            self.refresh()
        self.grid.jump_to_row(row)

    def jump_to(self, text: str) -> int:
        """Jump to the first child matching `text` (the search field's work); its row or -1."""
        self.search.setText(text)
        self._search_edited(text)
        return self._matches[0] if self._matches else -1

    # --------------------------------------------------------------------------- tooltips
    def _want_detail(self, grid: PlanningGrid, row: int, column: int) -> None:
        model = grid.model
        if not (0 <= row < model.rowCount() and 0 <= column < model.columnCount()):
            return
        line = model.line(row)
        day = model.day(column)
        key = (line.child_id, line.service.id, day)
        if key in model.details or key == self._detail_key:
            return
        self._detail_key = key

        def done(text: str) -> None:
            if self._detail_key == key:
                self._detail_key = None
            row_now = model.row_of(line.child_id, line.service.id)
            column_now = model.column_of(day)
            if row_now < 0 or column_now < 0:
                return
            model.set_detail(row_now, column_now, text)
            viewport = grid.cells.viewport()
            hovered = grid.cells.indexAt(viewport.mapFromGlobal(QCursor.pos()))
            if QToolTip.isVisible() and (hovered.row(), hovered.column()) == (
                row_now,
                column_now,
            ):
                QToolTip.showText(
                    QCursor.pos(),
                    model.index(row_now, column_now).data(Qt.ItemDataRole.ToolTipRole),
                    viewport,
                )

        self.context.ops.run(
            lambda db: loads.load_cell_detail(db, line.service.id, line.child_id, day),
            on_done=done,
            on_error=lambda _error: None,  # the tooltip stays what it was
            owner=self,
            name="planning_cell_detail",
        )

    # --------------------------------------------------------------------------- self-test
    def self_test(self) -> Callable[[], None]:
        QTimer.singleShot(0, self.activate)

        def verify() -> None:
            if self.last_error:
                raise RuntimeError(self.last_error)
            if self.services and self.loads_done == 0:
                raise RuntimeError("le planning ne s'est pas chargé")

        return verify
