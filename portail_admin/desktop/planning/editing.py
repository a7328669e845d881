"""Editing the planning grid like a spreadsheet.

`GridEditor` extends a `PlanningGrid` (grid_view) with:

- the keyboard: a letter (R, P, I, J, C: `rules.Action.for_letter`) applies its action to the
  selected cells, Suppr (or Retour arrière) clears them; the arrows move (the view's own);
  Ctrl+C / Ctrl+V copy and paste (clipboard.py); Ctrl+Z undoes, Ctrl+Y or Ctrl+Maj+Z redoes
  (undo.py); Ctrl+L opens the saisie par lot (lot_dialog.py);
- the right-click menu: the same actions with their letters, lock (a reason asked) and unlock,
  copy, paste, undo, redo, the saisie par lot, and on a cell with a family's pending request
  "Accepter la demande" / "Refuser la demande…" (the Demandes area's decide op and motive
  dialog);
- selections: the view's rectangles and Ctrl+clic, a whole row (a click on the name), a whole
  column (a click on the day); one action goes to every selected cell.

Every edit is one op and one transaction (`edits.apply_action` / `apply_values` / `revert`),
checked against the versions the grid showed. The cells the rules refuse are skipped and
counted in the non-blocking message ("3 cases ignorées : jour férié", `message`, the window's
status bar). Past the places, a question asks to confirm, then the same edit runs again
confirmed. A conflict (a colleague changed a cell since it was shown) writes nothing, says who
and when, and the grid is read again. The op reads the month again after its commit and the
grid updates in place (`update_lines`: never a reset), so the selection stays; other PCs'
changes come through the page's own refresh, in place too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import ConcurrentEditError
from ...core.formatting import french_spacing
from ...core.planning import edits
from ...core.planning import month as planning_month
from ...core.planning.month import ChildMonth, ServiceMonth
from ...core.planning.rules import Action
from ...core.services.staff import Permission
from ..conflicts import TITLE as CONFLICT_TITLE
from ..ops import OpDb, save_message
from ..plaintext import Button, message_box, plain_label
from . import clipboard
from .grid_model import PlanningGridModel
from .grid_view import PlanningGrid
from .undo import Step, UndoStack

EDIT_PERMISSION = Permission.PLANNING
LETTER_ACTIONS = (
    Action.RESERVE,
    Action.PRESENT,
    Action.ABSENT_BILLED,
    Action.ABSENT_EXCUSED,
    Action.LEAVE,
)
CAPACITY_TITLE = "Capacité dépassée"


def capacity_question(parent: QWidget, error: edits.OverCapacityError) -> QMessageBox:
    """The window-modal question before booking past a day's places (Yes: go on)."""
    box = message_box(
        parent,
        CAPACITY_TITLE,
        f"{error}\n\nEnregistrer quand même ?",
        Button.Yes | Button.No,
        Button.No,
        QMessageBox.Icon.Warning,
    )
    box.button(Button.Yes).setText("Enregistrer quand même")
    box.button(Button.No).setText("Ne rien enregistrer")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box
DEFAULT_LOCK_REASON = "Verrouillé"
LOCK_REASON_MAX = 200
NOT_ALLOWED = "Votre rôle ne permet pas de modifier le planning."
BUSY = "Enregistrement en cours : patientez un instant."
NOTHING_TO_PASTE = (
    "Le presse-papiers ne contient pas de cases du planning (copiez-les avec Ctrl+C)."
)

Month = ServiceMonth | ChildMonth
ByService = dict[int, list[edits.Target]]
ValuesByService = dict[int, list[tuple[edits.Target, edits.Values | None]]]


def _cases(n: int) -> str:
    return f"{n} case{'s' if n > 1 else ''}"


# --------------------------------------------------------------------------- ops


@dataclass
class EditResult:
    """What an edit op wrote, by service, and the month read again after its commit."""

    applied: dict[int, edits.Applied] = field(default_factory=dict)
    fresh: Month | None = None

    @property
    def changes(self) -> dict[int, list[edits.CellChange]]:
        return {sid: a.changes for sid, a in self.applied.items() if a.changes}

    @property
    def written(self) -> int:
        return sum(len(a.changes) for a in self.applied.values())

    def summary(self) -> str:
        """One French sentence for every service's plan together."""
        total = edits.Plan()
        for applied in self.applied.values():
            plan = applied.plan
            total.writes.extend(plan.writes)
            total.unchanged += plan.unchanged
            total.skipped.update(plan.skipped)
        return total.summary()


@dataclass(frozen=True)
class Shown:
    """The month the grid shows, to read it again after an edit."""

    service_id: int | None
    child_id: int | None
    month: dt.date | None

    def read(self, db: OpDb) -> Month | None:
        if self.month is None:
            return None
        with db.read() as session:
            if self.service_id is not None:
                return planning_month.service_month(
                    session, self.service_id, self.month, with_health=db.can(Permission.VIEW_HEALTH)
                )
            if self.child_id is not None:
                return planning_month.child_month(session, self.child_id, self.month)
        return None


def action_op(
    groups: ByService,
    action: Action,
    shown: Shown,
    *,
    lock_reason: str | None = None,
    confirm: bool = False,
) -> Callable[[OpDb], EditResult]:
    """One action on the cells of one or several services, in one transaction."""

    def op(db: OpDb) -> EditResult:
        db.require(EDIT_PERMISSION)
        result = EditResult()
        with db.write() as session:
            for service_id, targets in groups.items():
                result.applied[service_id] = edits.apply_action(
                    session,
                    service_id,
                    targets,
                    action,
                    lock_reason=lock_reason,
                    confirm_over_capacity=confirm,
                )
        result.fresh = shown.read(db)
        return result

    return op


def values_op(
    groups: ValuesByService, shown: Shown, *, confirm: bool = False
) -> Callable[[OpDb], EditResult]:
    """A paste: exact values, in one transaction."""

    def op(db: OpDb) -> EditResult:
        db.require(EDIT_PERMISSION)
        result = EditResult()
        with db.write() as session:
            for service_id, values in groups.items():
                result.applied[service_id] = edits.apply_values(
                    session, service_id, values, confirm_over_capacity=confirm
                )
        result.fresh = shown.read(db)
        return result

    return op


def revert_op(step: Step, shown: Shown) -> Callable[[OpDb], EditResult]:
    """Undo (or redo) a step, in one transaction; refused whole if a cell changed since."""

    def op(db: OpDb) -> EditResult:
        db.require(EDIT_PERMISSION)
        result = EditResult()
        with db.write() as session:
            for service_id, changes in step.changes.items():
                result.applied[service_id] = edits.revert(session, service_id, changes)
        result.fresh = shown.read(db)
        return result

    return op


def reload_op(shown: Shown) -> Callable[[OpDb], Month | None]:
    def op(db: OpDb) -> Month | None:
        db.require(Permission.PLANNING)
        return shown.read(db)

    return op


# --------------------------------------------------------------------------- the lock's reason


class LockReasonDialog(QDialog):
    """Why the cells are locked (shown on them, e.g. "Dossier en cours")."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Verrouiller des cases")
        layout = QVBoxLayout(self)
        intro = plain_label(
            QLabel(
                french_spacing(
                    f"Motif du verrouillage de {_cases(count)} (affiché sur la case ; "
                    "une case verrouillée refuse toute modification) :"
                )
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("lockReason")
        self.reason.setMaxLength(LOCK_REASON_MAX)
        self.reason.setPlaceholderText(DEFAULT_LOCK_REASON)
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Verrouiller")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return " ".join(self.reason.text().split()) or DEFAULT_LOCK_REASON


# --------------------------------------------------------------------------- the editor


class GridEditor(QObject):
    """The editing side of one PlanningGrid (see the module's docstring)."""

    message = Signal(str)  # the non-blocking result of an edit, in French
    edited = Signal()  # an edit was written and the grid shows it

    def __init__(
        self,
        context: Any,
        grid: PlanningGrid,
        *,
        on_reloaded: Callable[[Month], None] | None = None,
    ):
        super().__init__(grid)
        self.context = context
        self.grid = grid
        self.view = grid.cells
        self.undo_stack = UndoStack()
        self.busy = False
        self.last_message = ""
        self.last_result: EditResult | None = None
        self.last_error: BaseException | None = None
        self.dialog: QWidget | None = None  # the question or message open now (tests answer it)
        self.menu: QMenu | None = None
        self._on_reloaded = on_reloaded
        self.view.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.show_menu)
        # Ctrl+clic on the names adds (or removes) a whole row, as on the cells.
        self._names = grid.names.viewport()
        self._names.installEventFilter(self)

    @property
    def model(self) -> PlanningGridModel:
        return self.grid.model

    # --------------------------------------------------------------------------- selection
    def selected(self) -> list[QModelIndex]:
        """The selected cells, else the current one."""
        indexes = self.grid.selected_indexes()
        if not indexes:
            current = self.view.currentIndex()
            indexes = [current] if current.isValid() else []
        return indexes

    def targets(self, indexes: list[QModelIndex] | None = None) -> ByService:
        groups: ByService = {}
        for index in self.selected() if indexes is None else indexes:
            groups.setdefault(self.model.service_of(index), []).append(self.model.target(index))
        return groups

    def _shown(self) -> Shown:
        return Shown(self.model.service_id, self.model.child_id, self.model.month)

    def _ready(self) -> bool:
        if self.model.data_month is None:
            return False
        if not self.context.can(EDIT_PERMISSION):
            self._say(NOT_ALLOWED)
            return False
        if self.busy:
            self._say(BUSY)
            return False
        return True

    # --------------------------------------------------------------------------- actions
    def apply(self, action: Action, lock_reason: str | None = None) -> bool:
        """Apply `action` to the selected cells (False: nothing started)."""
        if not self._ready():
            return False
        groups = self.targets()
        if not groups:
            return False
        if action is Action.LOCK and lock_reason is None:
            self.ask_lock_reason()
            return False
        count = sum(len(t) for t in groups.values())
        label = f"{action.letter or action.label} sur {_cases(count)}"
        if action in (Action.LOCK, Action.UNLOCK):
            label = f"{action.label} {_cases(count)}"
        self._run(
            lambda confirm: action_op(
                groups, action, self._shown(), lock_reason=lock_reason, confirm=confirm
            ),
            label,
        )
        return True

    def ask_lock_reason(self) -> LockReasonDialog | None:
        if not self._ready():
            return None
        count = sum(len(t) for t in self.targets().values())
        if not count:
            return None
        dialog = LockReasonDialog(count, self.view.window())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.apply(Action.LOCK, dialog.text()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def copy(self) -> clipboard.Block | None:
        block = clipboard.copy_block(self.model, self.grid.selected_indexes() or self.selected())
        if block is None:
            return None
        QGuiApplication.clipboard().setMimeData(clipboard.to_mime(block))
        self._say(f"{_cases(block.cells)} copiée{'s' if block.cells > 1 else ''}.")
        return block

    def paste(self) -> bool:
        if not self._ready():
            return False
        block = clipboard.from_mime(QGuiApplication.clipboard().mimeData())
        if block is None:
            self._say(NOTHING_TO_PASTE)
            return False
        where = clipboard.corner(self.grid.selected_indexes(), self.view.currentIndex())
        if where is None:
            return False
        groups = clipboard.paste_targets(self.model, where[0], where[1], block)
        if not groups:
            return False
        count = sum(len(v) for v in groups.values())
        self._run(
            lambda confirm: values_op(groups, self._shown(), confirm=confirm),
            f"Collage de {_cases(count)}",
        )
        return True

    def undo(self) -> bool:
        return self._revert(redo=False)

    def redo(self) -> bool:
        return self._revert(redo=True)

    def _revert(self, redo: bool) -> bool:
        if not self._ready():
            return False
        step = self.undo_stack.next_redo() if redo else self.undo_stack.next_undo()
        if step is None:
            self._say("Rien à rétablir." if redo else "Rien à annuler.")
            return False
        verb = "Rétabli" if redo else "Annulé"
        self.busy = True

        def done(result: EditResult) -> None:
            self.busy = False
            if redo:
                self.undo_stack.redone(step, result.changes)
            else:
                self.undo_stack.undone(step, result.changes)
            self._show_fresh(result)
            self._say(f"{verb} : {step.label}.")
            self.edited.emit()

        def failed(error: BaseException) -> None:
            self.busy = False
            self.last_error = error
            if isinstance(error, ConcurrentEditError):
                self.undo_stack.drop(step)
                what = "Rétablissement" if redo else "Annulation"
                self._tell(
                    CONFLICT_TITLE,
                    f"{what} impossible de « {step.label} » : {error} "
                    "Cette étape est retirée de l'historique.",
                )
                self.reload()
            else:
                self._say(save_message(error))

        self.context.ops.run(
            revert_op(self.undo_stack.for_revert(step), self._shown()),
            on_done=done,
            on_error=failed,
            owner=self,
            name="planning_redo" if redo else "planning_undo",
        )
        return True

    # --------------------------------------------------------------------------- running
    def _run(self, make: Callable[[bool], Callable[[OpDb], EditResult]], label: str) -> None:
        """Run an edit; past the places, ask, then run it again confirmed."""
        self.busy = True

        def done(result: EditResult) -> None:
            self.busy = False
            self.last_result = result
            self.undo_stack.push(Step.of(label, result.changes.items()))
            self._show_fresh(result)
            self._say(result.summary())
            self.edited.emit()

        def failed(error: BaseException) -> None:
            self.busy = False
            self.last_error = error
            if isinstance(error, edits.OverCapacityError):
                self._confirm_capacity(error, lambda: start(True))
            elif isinstance(error, ConcurrentEditError):
                self._tell(CONFLICT_TITLE, str(error))
                self.reload()
            else:
                self._say(save_message(error))

        def start(confirm: bool) -> None:
            self.busy = True
            self.context.ops.run(
                make(confirm), on_done=done, on_error=failed, owner=self, name="planning_edit"
            )

        start(False)

    def run_external(self, label: str, applied: dict[int, edits.Applied]) -> None:
        """An edit made elsewhere in this window (the saisie par lot's dialog): undoable, said,
        and the grid read again."""
        result = EditResult(applied)
        self.last_result = result
        self.undo_stack.push(Step.of(label, result.changes.items()))
        self._say(result.summary())
        self.reload()
        self.edited.emit()

    def _confirm_capacity(self, error: edits.OverCapacityError, go_on: Callable[[], None]) -> None:
        box = capacity_question(self.view.window(), error)

        def answered(result: int) -> None:
            self.dialog = None
            if box.clickedButton() is box.button(Button.Yes):
                go_on()
            else:
                self._say("Rien n'a été enregistré (capacité).")

        box.finished.connect(answered)
        self.dialog = box
        box.open()

    def _tell(self, title: str, text: str) -> None:
        """A message that does not block the grid (it stays readable while the grid reloads)."""
        self._say(text)
        box = message_box(
            self.view.window(), title, text, Button.Ok, Button.Ok, QMessageBox.Icon.Warning
        )
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = box
        box.open()

    def _say(self, text: str) -> None:
        text = french_spacing(text)
        self.last_message = text
        window = self.view.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)
        self.message.emit(text)

    # --------------------------------------------------------------------------- the grid
    def _show_fresh(self, result: EditResult) -> None:
        if result.fresh is not None:
            self._show(result.fresh)

    def _show(self, fresh: Month) -> None:
        """The month read again, in place, if the grid still shows that month."""
        shown = self._shown()
        same = shown.month == fresh.month and (
            (isinstance(fresh, ServiceMonth) and fresh.service.id == shown.service_id)
            or (isinstance(fresh, ChildMonth) and fresh.child_id == shown.child_id)
        )
        if not same:
            return
        if isinstance(fresh, ChildMonth):
            # By lines: a child's month has no footer (FooterModel.set_month fails on an
            # in-place update of one, reported to the grid's author).
            self.model.update_lines(list(fresh.lines))
        else:
            self.model.update_lines(fresh)
        if self._on_reloaded is not None:
            self._on_reloaded(fresh)

    def reload(self) -> None:
        shown = self._shown()
        if shown.month is None:
            return
        self.context.ops.run(
            reload_op(shown),
            on_done=lambda fresh: fresh is not None and self._show(fresh),
            on_error=lambda error: self._say(save_message(error)),
            owner=self,
            name="planning_reload",
        )

    def open_lot(self) -> QDialog | None:
        """The saisie par lot of the service shown (lot_dialog.py)."""
        from .lot_dialog import open_lot_dialog

        if not self._ready():
            return None
        return open_lot_dialog(self)

    # --------------------------------------------------------------------------- requests
    def pending_at(self, index: QModelIndex) -> list[Any]:
        if not index.isValid():
            return []
        return list(self.model.pending(index.row(), index.column()))

    def decide(self, index: QModelIndex, accept: bool) -> QDialog | None:
        """Accept or refuse the family's pending requests on this cell (Demandes' rules)."""
        from ..requests import MotiveDialog, decide_op

        ids = [request.id for request in self.pending_at(index)]
        if not ids or not self.context.can(Permission.DECIDE_REQUESTS):
            return None

        def run(motive: str | None) -> None:
            self.busy = True

            def done(outcome: Any) -> None:
                self.busy = False
                if outcome.failed:
                    self._say(outcome.summary() + " " + " ".join(outcome.failed.values()))
                else:
                    self._say(outcome.summary())
                self.reload()
                self.edited.emit()

            def failed(error: BaseException) -> None:
                self.busy = False
                self._say(save_message(error))
                self.reload()

            self.context.ops.run_long(
                decide_op(ids, motive),
                self.view.window(),
                "Acceptation de la demande…" if motive is None else "Refus de la demande…",
                on_done=done,
                on_error=failed,
                owner=self,
                name="planning_decide",
            )

        if accept:
            run(None)
            return None
        dialog = MotiveDialog(len(ids), self.view.window())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: run(dialog.motive))
        self.dialog = dialog
        dialog.open()
        return dialog

    # --------------------------------------------------------------------------- the menu
    def build_menu(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self.view)
        menu.setObjectName("planningMenu")
        editable = self.context.can(EDIT_PERMISSION) and self.model.data_month is not None
        for action in LETTER_ACTIONS:
            item = menu.addAction(f"{action.label}\t{action.letter}")
            item.setObjectName(f"action_{action.key}")
            item.setEnabled(editable)
            item.triggered.connect(lambda _=False, a=action: self.apply(a))
        clear = menu.addAction(f"{Action.CLEAR.label}\tSuppr")
        clear.setObjectName("action_clear")
        clear.setEnabled(editable)
        clear.triggered.connect(lambda: self.apply(Action.CLEAR))
        menu.addSeparator()
        lock = menu.addAction("Verrouiller…")
        lock.setObjectName("action_lock")
        lock.setEnabled(editable)
        lock.triggered.connect(self.ask_lock_reason)
        unlock = menu.addAction(Action.UNLOCK.label)
        unlock.setObjectName("action_unlock")
        unlock.setEnabled(editable)
        unlock.triggered.connect(lambda: self.apply(Action.UNLOCK))
        menu.addSeparator()
        copy = menu.addAction("Copier\tCtrl+C")
        copy.setObjectName("action_copy")
        copy.triggered.connect(self.copy)
        paste = menu.addAction("Coller\tCtrl+V")
        paste.setObjectName("action_paste")
        paste.setEnabled(editable)
        paste.triggered.connect(self.paste)
        undo_text = self.undo_stack.undo_label()
        undo = menu.addAction(f"Annuler : {undo_text}\tCtrl+Z" if undo_text else "Annuler\tCtrl+Z")
        undo.setObjectName("action_undo")
        undo.setEnabled(editable and self.undo_stack.can_undo)
        undo.triggered.connect(self.undo)
        redo_text = self.undo_stack.redo_label()
        redo = menu.addAction(
            f"Rétablir : {redo_text}\tCtrl+Y" if redo_text else "Rétablir\tCtrl+Y"
        )
        redo.setObjectName("action_redo")
        redo.setEnabled(editable and self.undo_stack.can_redo)
        redo.triggered.connect(self.redo)
        if self.model.service_id is not None:
            menu.addSeparator()
            lot = menu.addAction("Saisie par lot…\tCtrl+L")
            lot.setObjectName("action_lot")
            lot.setEnabled(editable)
            lot.triggered.connect(self.open_lot)
        if self.pending_at(index) and self.context.can(Permission.DECIDE_REQUESTS):
            menu.addSeparator()
            accept = menu.addAction("Accepter la demande")
            accept.setObjectName("action_accept_request")
            accept.triggered.connect(lambda: self.decide(index, accept=True))
            refuse = menu.addAction("Refuser la demande…")
            refuse.setObjectName("action_refuse_request")
            refuse.triggered.connect(lambda: self.decide(index, accept=False))
        for item in menu.actions():
            item.setText(french_spacing(item.text()))
        return menu

    def show_menu(self, pos: QPoint) -> QMenu | None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return None
        selection = self.view.selectionModel()
        if not selection.isSelected(index):  # a right-click outside the selection moves it
            self.view.setCurrentIndex(index)
        menu = self.build_menu(index)
        self.menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    # --------------------------------------------------------------------------- keys
    def _command(self, event: QKeyEvent) -> Callable[[], Any] | None:
        """What a key does in the grid (None: the view's own, e.g. the arrows)."""
        if event.matches(QKeySequence.StandardKey.Copy):
            return self.copy
        if event.matches(QKeySequence.StandardKey.Paste):
            return self.paste
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if mods == ctrl and key == Qt.Key.Key_Z:
            return self.undo
        if mods == ctrl and key == Qt.Key.Key_L and self.model.service_id is not None:
            return self.open_lot
        if (mods == ctrl and key == Qt.Key.Key_Y) or (mods == ctrl | shift and key == Qt.Key.Key_Z):
            return self.redo
        if mods & ~shift:
            return None
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return lambda: self.apply(Action.CLEAR)
        text = event.text()
        if not text and Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
            text = chr(key)
        if len(text) == 1 and text.isalpha():
            action = Action.for_letter(text)
            if action is not None:
                return lambda: self.apply(action)
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if watched is self.view and kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            command = self._command(event)  # type: ignore[arg-type]
            if command is not None:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # ours, not a window shortcut's
                else:
                    command()
                return True
        elif (
            watched is self._names
            and kind == QEvent.Type.MouseButtonPress
            and event.button() == Qt.MouseButton.LeftButton  # type: ignore[attr-defined]
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier  # type: ignore[attr-defined]
        ):
            row = self.grid.names.indexAt(event.position().toPoint()).row()  # type: ignore[attr-defined]
            if row >= 0:
                self.toggle_row(row)
                return True
        return super().eventFilter(watched, event)

    def toggle_row(self, row: int) -> None:
        """Ctrl+clic on a name: that child's whole row joins the selection (or leaves it)."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        model = self.model
        if model.columnCount() == 0:
            return
        selection = QItemSelection(model.index(row, 0), model.index(row, model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag
        chosen = self.view.selectionModel()
        whole = all(chosen.isSelected(model.index(row, c)) for c in range(model.columnCount()))
        chosen.select(selection, flags.Deselect if whole else flags.Select)
        self.view.setFocus()
