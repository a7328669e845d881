"""« Places par jour » in the service dialog: the days a service has its own number of places
(a trip with fewer seats, a day with more staff), added, changed and removed at once.

The places are stored by the core (services.capacity); how many are used and left on a day is
the planning's rule, not this widget's. Each action is an op checking the permission again and
the version seen; the list follows the change hub (another PC's change shows in place)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.changefeed import Change
from ..core.errors import ConcurrentEditError, ValidationError
from ..core.formatting import french_spacing
from ..core.services import capacity
from ..core.services.capacity import DayCapacityRow
from ..core.services.staff import Permission
from ..core.validation import FieldError
from .changes import started_by, touching
from .context import AppContext
from .fieldforms import FieldBinder, grow_to_fit, keep_heights
from .keyed_model import Column, KeyedModel
from .ops import OpDb, save_message, user_message
from .plaintext import plain_label, plain_labels
from .settings_calendar import day_text

TITLE = "Places par jour"
ERROR_STYLE = "color: #b00020;"


def _permission(db: OpDb) -> Any:
    """Whoever manages the settings or the planning (the core checks the role again)."""
    if db.can(Permission.PLANNING):
        return db.require(Permission.PLANNING)
    return db.require(Permission.SETTINGS)


def load_day_capacities(db: OpDb, service_id: int) -> list[DayCapacityRow]:
    _permission(db)
    with db.read() as session:
        return capacity.list_day_capacities(session, service_id)


class DayCapacityBox(QGroupBox):
    """The service's days with their own places, and a line to add or change one."""

    loaded = Signal()

    def __init__(self, context: AppContext, service_id: int, parent: QWidget | None = None):
        super().__init__(TITLE, parent)
        self.setObjectName("dayCapacityBox")
        self.context = context
        self.service_id = service_id
        self.busy = False
        self.loads_done = 0
        hint = plain_label(
            QLabel(
                french_spacing(
                    "Pour les jours où le nombre de places diffère (sortie, renfort…). "
                    "Enregistré dès que vous cliquez sur « Ajouter » ou « Retirer »."
                ),
                self,
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        self.model: KeyedModel[DayCapacityRow] = KeyedModel(
            [
                Column("Jour", lambda r: day_text(r.day)),
                Column("Places", lambda r: str(r.capacity), align_right=True),
            ],
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("dayCapacityTable")
        self.model.attach(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())

        self.ui = SimpleNamespace()
        self.ui.f_day = QLineEdit(self)
        self.ui.f_day.setObjectName("f_day")
        self.ui.f_day.setPlaceholderText("JJ/MM/AAAA")
        self.ui.f_capacity = QLineEdit(self)
        self.ui.f_capacity.setObjectName("f_day_capacity")
        self.ui.f_capacity.setPlaceholderText("places")
        self.ui.f_capacity.setMaximumWidth(90)
        for name in ("day", "capacity"):
            error = plain_label(QLabel(self))
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            setattr(self.ui, f"e_{name}", error)
        keep_heights(self.ui.f_day, self.ui.f_capacity)
        self.binder = FieldBinder(self.ui, ["day", "capacity"], parent=self)
        self.add_button = QPushButton("Ajouter", self)
        self.add_button.setObjectName("addDayCapacityButton")
        self.add_button.clicked.connect(self.add)
        self.ui.f_day.returnPressed.connect(self.add)
        self.ui.f_capacity.returnPressed.connect(self.add)
        self.remove_button = QPushButton("Retirer", self)
        self.remove_button.setObjectName("removeDayCapacityButton")
        self.remove_button.clicked.connect(self.remove)
        self.status = plain_label(QLabel(self))
        self.status.setWordWrap(True)
        day_label = QLabel("Jour :", self)
        day_label.setBuddy(self.ui.f_day)
        places_label = QLabel("Places :", self)
        places_label.setBuddy(self.ui.f_capacity)
        line = QGridLayout()
        line.addWidget(day_label, 0, 0)
        line.addWidget(self.ui.f_day, 0, 1)
        line.addWidget(places_label, 0, 2)
        line.addWidget(self.ui.f_capacity, 0, 3)
        line.addWidget(self.add_button, 0, 4)
        line.addWidget(self.remove_button, 0, 5)
        line.addWidget(self.ui.e_day, 1, 1)
        line.addWidget(self.ui.e_capacity, 1, 3, 1, 3)
        line.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(line)
        layout.addWidget(self.status)
        plain_labels(self)  # every label shows its text as it is (no markup)
        context.changes.changed.connect(self._on_changes)
        self._update_buttons()
        self.reload()

    # loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        service_id = self.service_id
        self.context.ops.run(
            lambda db: load_day_capacities(db, service_id),
            self._loaded,
            self._load_failed,
            self,
            "day_capacities",
        )

    def _loaded(self, rows: list[DayCapacityRow]) -> None:
        self.loads_done += 1
        self.model.update_rows(rows)
        if not rows and not self.status.text():
            self.status.setText("Aucun jour particulier : la capacité de la prestation s'applique.")
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.status.setText(user_message(error))

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        if started_by(self, origin):
            return
        if touching(changes, {"service_day_capacity"}, service_id=self.service_id):
            self.reload()

    # actions ------------------------------------------------------------------------------------
    def selected(self) -> DayCapacityRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.binder.load({"day": row.day, "capacity": row.capacity})
        self._update_buttons()

    def _row_for(self, typed_day: str) -> DayCapacityRow | None:
        """The listed row of the typed day (read by the core's own cleaner), if any."""
        try:
            day = capacity.FIELDS["day"](typed_day)
        except FieldError:
            return None  # the save reports it next to the field
        return next((r for r in self.model.rows if r.day == day), None)

    def add(self) -> None:
        """Set the typed day's places (a day already listed gets its places changed)."""
        if self.busy:
            return
        values = self.binder.values()
        day, places = values["day"].strip(), values["capacity"]
        known = self._row_for(day)
        version = known.version if known is not None else 0
        service_id = self.service_id

        def op(db: OpDb) -> None:
            staff = _permission(db)
            with db.write() as session:
                capacity.set_day_capacity(
                    session, service_id, day, places, version, role=staff.role
                )

        self._run(op, "Places enregistrées.", clear=True)

    def remove(self) -> None:
        row = self.selected()
        if row is None or self.busy:
            return
        service_id = self.service_id

        def op(db: OpDb) -> None:
            staff = _permission(db)
            with db.write() as session:
                capacity.clear_day_capacity(
                    session, service_id, row.day, row.version, role=staff.role
                )

        self._run(op, f"Le {day_text(row.day)} reprend la capacité de la prestation.", clear=True)

    def _run(self, op: Callable[[OpDb], None], message: str, clear: bool) -> None:
        self.busy = True
        self.binder.clear_errors()
        self.status.clear()

        def done(_result: Any) -> None:
            self.busy = False
            if clear:
                self.binder.load({})
            self.status.setText(french_spacing(message))
            self.reload()

        def failed(error: BaseException) -> None:
            self.busy = False
            if isinstance(error, ValidationError):
                unplaced = self.binder.show_errors(error.errors)
                self.status.setText(french_spacing("\n".join(unplaced)))
                grow_to_fit(self.window())
                return
            self.status.setText(save_message(error))
            if isinstance(error, ConcurrentEditError):
                self.reload()  # the list shows what was saved meanwhile; the typed line stays

        self.context.ops.run(op, done, failed, self, "day_capacity")

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)
