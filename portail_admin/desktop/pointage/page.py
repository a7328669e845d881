"""The Pointage area: for a service (or every service of a structure) and a day, the children
expected, one key or one click each — P présent, I absent facturé, J absent excusé — and the
cursor goes to the next child, so the list is pointed from top to bottom; the enrolled children
not expected follow (greyed), a walk-in is added by name (« Ajouter un enfant présent »); the
counts at the top (présents, absents, restant à pointer; the meals by diet for a canteen).

Everything is decided by core.planning.pointage (Permission.ATTENDANCE, the planning's rules,
version-checked writes); the page runs it as ops, one write at a time (a key pressed during a
write waits its turn, on the row as it is then shown), and follows the change hub: a parent's
absence or a colleague's pointage appears in place (KeyedModel: never a reset), the cursor and
the selection stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import clock, formatting
from ...core.changefeed import Change
from ...core.errors import ConcurrentEditError
from ...core.formatting import french_spacing
from ...core.planning import edits, pointage
from ...core.planning.pointage import DaySheet, Group, Recorded, StructureChoice
from ...core.planning.rules import Action
from ...core.services.staff import Permission
from ..changes import started_by, touching
from ..conflicts import TITLE as CONFLICT_TITLE
from ..context import AppContext
from ..ops import OpDb, user_message
from ..plaintext import Button, ask, plain_label
from .model import BUTTONS, ButtonDelegate, PointageModel
from .walk_in import WalkInDialog

# What may change a day sheet: its cells, the families' requests, the enrolments, the children.
WATCHED_TABLES = ("planning_cell", "request", "enrolment", "child", "health_record", "service")
REFRESH_DELAY_MS = 150
LETTERS = {action.letter: action for action, _label in BUTTONS}


class PointageTable(QTableView):
    """The list; a letter P, I or J (no modifier) is the action for the selected rows."""

    letter = Signal(object)  # Action

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        action = LETTERS.get(event.text().upper()) if event.text() else None
        plain = not (
            event.modifiers()
            & (
                Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.AltModifier
                | Qt.KeyboardModifier.MetaModifier
            )
        )
        if action is not None and plain:
            self.letter.emit(action)
            event.accept()
            return
        super().keyPressEvent(event)


def _sheet_op(target: tuple[str, int], day: dt.date) -> Callable[[OpDb], DaySheet]:
    kind, ident = target

    def op(db: OpDb) -> DaySheet:
        staff = db.require(Permission.ATTENDANCE)
        with db.read() as session:
            return _read_sheet(session, staff.role, kind, ident, day)

    return op


def _read_sheet(session: Any, role: Any, kind: str, ident: int, day: dt.date) -> DaySheet:
    if kind == "structure":
        return pointage.day_sheet(session, role, day, structure_id=ident)
    return pointage.day_sheet(session, role, day, service_id=ident)


class PointagePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.day: dt.date = clock.today()
        self.target: tuple[str, int] | None = None  # ("service" | "structure", id)
        self.choices: list[StructureChoice] = []
        self.sheet: DaySheet | None = None
        self.loads_done = 0
        self.last_error = ""
        self.last_message = ""
        self.undo_stack: list[Recorded] = []
        self.walk_in_dialog: WalkInDialog | None = None
        self._pending_open: dict[str, Any] | None = None
        self._queue: list[Callable[[], None]] = []
        self._writing = False
        self._reload_wanted = False
        self._stale = False
        self._seq = 0  # ops started that return a sheet
        self._shown_seq = 0  # the newest of them shown
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.reload)
        context.changes.changed.connect(self._on_changes)
        self._load_choices()

    # building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.target_box = QComboBox(self)
        self.target_box.setObjectName("pointageTarget")
        self.target_box.setMinimumWidth(320)
        self.target_box.setToolTip("Une prestation, ou tous les services d'une structure")
        self.target_box.currentIndexChanged.connect(self._target_chosen)
        self.previous_button = QPushButton("◀", self)
        self.previous_button.setObjectName("previousDay")
        self.previous_button.setToolTip("Jour précédent")
        self.previous_button.clicked.connect(lambda: self.set_day(self.day - dt.timedelta(1)))
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("pointageDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.dateChanged.connect(lambda d: self.set_day(d.toPython()))
        self.next_button = QPushButton("▶", self)
        self.next_button.setObjectName("nextDay")
        self.next_button.setToolTip("Jour suivant")
        self.next_button.clicked.connect(lambda: self.set_day(self.day + dt.timedelta(1)))
        self.today_button = QPushButton("Aujourd'hui", self)
        self.today_button.clicked.connect(lambda: self.set_day(clock.today()))
        for widget in (
            plain_label(QLabel("Pointage de :")),
            self.target_box,
            self.previous_button,
            self.date_edit,
            self.next_button,
            self.today_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.title_label = plain_label(QLabel(self))
        self.title_label.setObjectName("pointageTitle")
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        self.counts_label = plain_label(QLabel(self))
        self.counts_label.setObjectName("pointageCounts")
        self.counts_label.setStyleSheet(
            "font-size: 12pt; background: #f4f8fc; border: 1px solid #c8d3df; "
            "border-radius: 4px; padding: 6px;"
        )
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        self.meals_label = plain_label(QLabel(self))
        self.meals_label.setObjectName("pointageMeals")
        self.meals_label.setWordWrap(True)
        layout.addWidget(self.meals_label)

        self.model = PointageModel(
            with_service=True, with_health=self.context.can(Permission.VIEW_HEALTH), parent=self
        )
        self.table = PointageTable(self)
        self.table.setObjectName("pointageTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.model.attach(self.table)
        self.delegate = ButtonDelegate(self.model, self.table)
        for offset in range(len(BUTTONS)):
            self.table.setItemDelegateForColumn(self.model.first_button + offset, self.delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(self.service_column, True)
        self.table.letter.connect(self.apply_to_selection)
        self.table.clicked.connect(self._clicked)
        self.table.setToolTip(
            "P : présent — I : absent facturé — J : absent excusé (puis l'enfant suivant)"
        )
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        for action, label in BUTTONS:
            button = QPushButton(label, self)
            button.setObjectName(f"pointage_{action.key}")
            button.setToolTip(
                f"{action.label} pour les enfants sélectionnés (touche {action.letter})"
            )
            button.clicked.connect(lambda _checked=False, a=action: self.apply_to_selection(a))
            actions.addWidget(button)
            self.action_buttons[action] = button
        self.walk_in_button = QPushButton("Ajouter un enfant présent…", self)
        self.walk_in_button.setObjectName("walkInButton")
        self.walk_in_button.setToolTip(
            "Un enfant présent sans réservation : le chercher par son nom"
        )
        self.walk_in_button.clicked.connect(self.open_walk_in)
        actions.addWidget(self.walk_in_button)
        self.undo_button = QPushButton("Annuler le dernier pointage", self)
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setToolTip("Remet les cases comme avant votre dernier pointage (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        actions.addWidget(self.undo_button)
        actions.addStretch(1)
        self.others_box = QCheckBox("Afficher les inscrits non attendus", self)
        self.others_box.setObjectName("showEnrolled")
        self.others_box.setToolTip(
            "Les enfants inscrits ce jour sans réservation, à la fin de la liste : "
            "P les pointe présents sans réservation"
        )
        self.others_box.setChecked(True)
        self.others_box.toggled.connect(lambda _on: self._show_rows())
        actions.addWidget(self.others_box)
        layout.addLayout(actions)
        self.message_label = plain_label(QLabel(self))
        self.message_label.setObjectName("pointageMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)

    @property
    def service_column(self) -> int:
        return next(i for i, c in enumerate(self.model.columns) if c.title == "Prestation")

    # what is shown -----------------------------------------------------------------------------
    def _load_choices(self) -> None:
        def op(db: OpDb) -> list[StructureChoice]:
            staff = db.require(Permission.ATTENDANCE)
            with db.read() as session:
                return pointage.choices(session, staff.role)

        self.context.ops.run(
            op,
            on_done=self._choices_loaded,
            on_error=self._failed,
            owner=self,
            name="pointage_choices",
        )

    def _choices_loaded(self, choices: list[StructureChoice]) -> None:
        self.choices = choices
        box = self.target_box
        box.blockSignals(True)
        box.clear()
        for structure in choices:
            box.addItem(f"{structure.name} — tous les services", ("structure", structure.id))
            for service in structure.services:
                box.addItem(f"    {service.name}", ("service", service.id))
        box.blockSignals(False)
        if self._pending_open is not None:
            filters, self._pending_open = self._pending_open, None
            self.open_with(**filters)
            return
        if self.target is not None:  # the services changed: stay on the one shown
            index = self._index_of(self.target)
            if index >= 0:
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)
                self.reload()
                return
        # The first service that runs today (else the first service).
        running = {sid for structure in choices for sid in structure.open_on_day}
        services = [i for i in range(box.count()) if box.itemData(i)[0] == "service"]
        first = next(
            (i for i in services if box.itemData(i)[1] in running), services[0] if services else -1
        )
        if first >= 0:
            box.setCurrentIndex(first)
            self._target_chosen(first)
        else:
            self.title_label.setText("Aucune prestation active.")
            self.loads_done += 1

    def _target_chosen(self, index: int) -> None:
        data = self.target_box.itemData(index)
        if data is None:
            return
        self.target = (data[0], int(data[1]))
        self.undo_stack.clear()
        self.undo_button.setEnabled(False)
        self.table.setColumnHidden(self.service_column, self.target[0] != "structure")
        self.reload()

    def set_day(self, day: dt.date) -> None:
        if day == self.day:
            return
        self.day = day
        qdate = QDate(day.year, day.month, day.day)
        if self.date_edit.date() != qdate:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(qdate)
            self.date_edit.blockSignals(False)
        self.undo_stack.clear()
        self.undo_button.setEnabled(False)
        self.reload()

    def open_with(
        self,
        service_id: int | None = None,
        structure_id: int | None = None,
        day: dt.date | None = None,
        **_others: Any,
    ) -> None:
        """Show the sheet of a service (or a structure) on a day (the Accueil's list opens
        it so)."""
        if not self.choices:
            self._pending_open = {
                "service_id": service_id,
                "structure_id": structure_id,
                "day": day,
            }
            self._load_choices()  # none yet, or none when the page was built
            return
        if day is not None and day != self.day:
            self.day = day
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)
        wanted = (
            ("service", service_id)
            if service_id is not None
            else (("structure", structure_id) if structure_id is not None else None)
        )
        index = self._index_of(wanted) if wanted is not None else -1
        if index >= 0 and index != self.target_box.currentIndex():
            self.target_box.setCurrentIndex(index)  # reloads
        else:
            self.reload()
        self.table.setFocus()

    def _index_of(self, target: tuple[str, Any]) -> int:
        box = self.target_box
        return next((i for i in range(box.count()) if tuple(box.itemData(i)) == target), -1)

    def activate(self) -> None:
        if not self.choices:
            self._load_choices()
        elif self._stale:
            self.reload()

    def reload(self) -> None:
        self._refresh_timer.stop()
        if self.target is None:
            return
        if self._writing:
            self._reload_wanted = True  # once the write is done
            return
        self._stale = False
        self._reload_wanted = False
        self._seq += 1
        seq, target, day = self._seq, self.target, self.day
        self.context.ops.run(
            _sheet_op(target, day),
            on_done=lambda sheet: self._loaded(sheet, seq, target),
            on_error=self._failed,
            owner=self,
            name="pointage_sheet",
        )

    def _loaded(self, sheet: DaySheet, seq: int, target: tuple[str, int]) -> None:
        self.loads_done += 1
        self.last_error = ""
        self._show(sheet, seq, target)

    def _failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self._say(self.last_error)

    def _show(self, sheet: DaySheet, seq: int, target: tuple[str, int]) -> None:
        """Show `sheet` unless a newer one is shown or the page moved to another day or
        service meanwhile."""
        if seq < self._shown_seq or target != self.target or sheet.day != self.day:
            return
        self._shown_seq = seq
        self.sheet = sheet
        self.model.service_names = {s.service.id: s.service.name for s in sheet.services}
        self._show_rows()
        self.title_label.setText(f"{sheet.title} — {formatting.long_date(sheet.day)}")
        self._show_counts(sheet)

    def _show_rows(self) -> None:
        if self.sheet is None:
            return
        others = self.others_box.isChecked()
        rows = [r for r in self.sheet.rows if others or r.group is not Group.ENROLLED]
        first = self.model.rowCount() == 0
        self.model.update_rows(rows)
        if first and rows:
            start = next((i for i, r in enumerate(rows) if r.to_point), 0)
            self._go_to(start)

    def _show_counts(self, sheet: DaySheet) -> None:
        counts = sheet.counts
        parts = [
            f"Présents : {counts.present}",
            f"Absents : {counts.absent} (facturés {counts.absent_billed}, "
            f"excusés {counts.absent_excused})",
            f"Restant à pointer : {counts.to_point}",
        ]
        if counts.walk_ins:
            parts.append(f"dont sans réservation : {counts.walk_ins}")
        if len(sheet.services) == 1:
            places = sheet.services[0].occupancy
            if places.capacity is not None and sheet.services[0].closure is None:
                parts.append(f"Places occupées : {places.used} sur {places.capacity}")
        closed = [f"{s.service.name} : {s.closure.detail}" for s in sheet.services if s.closure]
        text = " — ".join(parts)
        if closed:
            text = (
                "Fermé ce jour — "
                + " ; ".join(closed)
                + ("" if len(closed) == len(sheet.services) else "\n" + text)
            )
        self.counts_label.setText(french_spacing(text))
        if counts.meals is not None:
            detail = " · ".join(f"{diet} : {n}" for diet, n in counts.meals.items())
            self.meals_label.setText(
                french_spacing(f"Repas : {counts.meals_total}" + (f" — {detail}" if detail else ""))
            )
            self.meals_label.show()
        else:
            self.meals_label.clear()
            self.meals_label.hide()

    def _say(self, text: str) -> None:
        self.last_message = french_spacing(text)
        self.message_label.setText(self.last_message)

    # live --------------------------------------------------------------------------------------
    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """A parent's absence, a colleague's pointage, an enrolment: read the sheet again (in
        place); this page's own writes were shown when they finished."""
        if touching(changes, ("service", "structure")):
            self._load_choices()  # a service added, renamed, closed
        if started_by(self, origin) or self.sheet is None:
            return
        if not any(
            touching(changes, WATCHED_TABLES, service_id=s.service.id, day=self.sheet.day)
            for s in self.sheet.services
        ):
            return
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    # pointing ----------------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return rows

    def apply_to_selection(self, action: Action) -> None:
        """The action for the selected children, then the cursor on the next one."""
        rows = self.selected_rows()
        if not rows:
            return
        keys = [self.model.key_at(r) for r in rows]
        self._go_to(rows[-1] + 1 if rows[-1] + 1 < self.model.rowCount() else rows[-1])
        self.apply(action, keys)

    def _clicked(self, index: QModelIndex) -> None:
        action = self.model.action_at(index.column())
        if action is not None and index.isValid():
            self.apply(action, [self.model.key_at(index.row())])

    def _go_to(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def apply(self, action: Action, keys: list[Any], confirm: bool = False) -> None:
        """Record `action` for the rows of `keys` — once the write before it is done, on the
        rows as they are shown then."""
        shown = (self.target, self.day)
        self._enqueue(lambda: self._start_apply(action, keys, confirm, shown))

    def _enqueue(self, start: Callable[[], None]) -> None:
        self._queue.append(start)
        self._pump()

    def _pump(self) -> None:
        if self._writing or not self._queue:
            if not self._writing and self._reload_wanted:
                self.reload()
            return
        self._queue.pop(0)()

    def _write_done(self) -> None:
        self._writing = False
        self._pump()

    def _start_apply(
        self, action: Action, keys: list[Any], confirm: bool, shown: tuple[Any, dt.date]
    ) -> None:
        if shown != (self.target, self.day):
            # Another day or service is shown now: the rows pointed at are not these.
            self._say("Pointage non enregistré : le jour ou la prestation a changé entre-temps.")
            self._pump()
            return
        rows = [row for row in (self.model.get(key) for key in keys) if row is not None]
        if not rows or self.target is None:
            self._pump()
            return
        cells = [(row.service_id, row.target) for row in rows]
        names = [row.name for row in rows]
        self._write(
            lambda db, session, role: pointage.record(
                session, role, cells, action, confirm_over_capacity=confirm
            ),
            done=lambda recorded: self._recorded(recorded, names),
            retry=lambda: self._enqueue(lambda: self._start_apply(action, keys, True, shown)),
            name="pointage_record",
        )

    def _write(
        self,
        write: Callable[[OpDb, Any, Any], Recorded],
        done: Callable[[Recorded], None],
        retry: Callable[[], None] | None,
        name: str,
        refused: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """One write op (then the sheet read again in the same op): at most one at a time."""
        self._writing = True
        self._seq += 1
        seq, target, day = self._seq, self.target, self.day
        assert target is not None
        read = _sheet_op(target, day)

        def op(db: OpDb) -> tuple[Recorded, DaySheet]:
            staff = db.require(Permission.ATTENDANCE)
            with db.write() as session:
                recorded = write(db, session, staff.role)
            return recorded, read(db)

        def on_done(result: tuple[Recorded, DaySheet]) -> None:
            recorded, sheet = result
            self._show(sheet, seq, target)
            done(recorded)
            self._write_done()

        def on_error(error: BaseException) -> None:
            self._writing = False
            if refused is not None and refused(error):
                pass
            elif isinstance(error, edits.OverCapacityError) and retry is not None:
                if self._confirm("Capacité dépassée", f"{error}\n\nPointer présent quand même ?"):
                    retry()
            elif isinstance(error, ConcurrentEditError):
                self._say(f"{CONFLICT_TITLE} : {error}")
                self._reload_wanted = True
            else:
                self._say(user_message(error))
            self._pump()

        self.context.ops.run(op, on_done=on_done, on_error=on_error, owner=self, name=name)

    def _confirm(self, title: str, text: str) -> bool:
        return ask(self, title, text, Button.Yes | Button.No, Button.No) == Button.Yes

    def _recorded(self, recorded: Recorded, names: list[str]) -> None:
        if recorded.written:
            self.undo_stack.append(recorded)
            self.undo_button.setEnabled(True)
        who = names[0] if len(names) == 1 else f"{len(names)} enfants"
        self._say(f"{who} : {recorded.action.label} — {recorded.summary()}")

    def undo(self) -> None:
        if not self.undo_stack:
            return
        recorded = self.undo_stack.pop()
        self.undo_button.setEnabled(bool(self.undo_stack))

        def done(undone: Recorded) -> None:
            self._say(f"Pointage annulé — {undone.summary()}")

        self._enqueue(
            lambda: self._write(
                lambda db, session, role: pointage.undo(session, role, recorded),
                done=done,
                retry=None,
                name="pointage_undo",
            )
        )

    # walk-ins ----------------------------------------------------------------------------------
    def open_walk_in(self) -> WalkInDialog | None:
        if self.sheet is None:
            return None
        services = [s.service for s in self.sheet.services if s.closure is None]
        if not services:
            self._say("Aucune prestation n'a lieu ce jour.")
            return None
        dialog = WalkInDialog(self.context, services, self.sheet.day, self)
        dialog.chosen.connect(lambda service_id, child_id: self.add_walk_in(service_id, child_id))
        self.walk_in_dialog = dialog
        dialog.open()
        dialog.search_edit.setFocus()
        return dialog

    def add_walk_in(self, service_id: int, child_id: int, confirmed: bool = False) -> None:
        """Point a child present without a reservation; the warnings (not enrolled that day,
        no place left) are asked first."""
        day = self.day

        def refused(error: BaseException) -> bool:
            if isinstance(error, pointage.WalkInNeedsConfirmation):
                text = "\n".join(error.check.warnings)
                if self._confirm(
                    "Enfant présent sans réservation",
                    f"{text}\n\nPointer cet enfant présent quand même ?",
                ):
                    self._enqueue(lambda: self._start_walk_in(service_id, child_id, day, True))
                return True
            if isinstance(error, pointage.WalkInRefused):
                self._say(str(error))
                return True
            return False

        self._enqueue(lambda: self._start_walk_in(service_id, child_id, day, confirmed, refused))

    def _start_walk_in(
        self,
        service_id: int,
        child_id: int,
        day: dt.date,
        confirmed: bool,
        refused: Callable[[BaseException], bool] | None = None,
    ) -> None:
        if day != self.day:
            self._pump()
            return
        if refused is None:
            refused = lambda error: (  # noqa: E731
                isinstance(error, pointage.WalkInRefused) and (self._say(str(error)) or True)
            )
        self._write(
            lambda db, session, role: pointage.add_walk_in(
                session, role, service_id, child_id, day, confirmed=confirmed
            ),
            done=lambda recorded: self._walked_in(recorded, service_id, child_id),
            retry=None,
            name="pointage_walk_in",
            refused=refused,
        )

    def _walked_in(self, recorded: Recorded, service_id: int, child_id: int) -> None:
        row = self.model.get((service_id, child_id))
        self._recorded(recorded, [row.name if row is not None else "L'enfant"])
        if row is not None:
            self._go_to(self.model.row_of(row.key))

    # self-test ---------------------------------------------------------------------------------
    def self_test(self) -> Callable[[], None]:
        def verify() -> None:
            if self.last_error:
                raise RuntimeError(self.last_error)
            if self.loads_done == 0:
                raise RuntimeError("le pointage ne s'est pas chargé")

        return verify
