"""Saisie par lot: one action over a date range for one child, the selected children or the
whole service (chosen weekdays, every week / one in two / even or odd weeks, term days and/or
holidays), with a preview count before it is applied in one transaction.

The days come from core.planning.lot (the service's closures skipped and counted), the cells
are planned and written by core.planning.lot_edits (through edits: the rules refuse what they
forbid). "Appliquer" is enabled once the preview matches what is chosen; past the places, a
question asks to confirm. The edit joins the grid editor's undo stack (`applied`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.errors import ValidationError
from ...core.formatting import french_spacing
from ...core.models import mask_has
from ...core.planning import edits, lot_edits
from ...core.planning.lot import WEEKDAY_NAMES, LotSpec, Recurrence
from ...core.planning.rules import Action
from ..ops import OpDb, save_message
from ..plaintext import Button, plain_label
from .editing import EDIT_PERMISSION, capacity_question

LOT_ACTIONS = (
    Action.RESERVE,
    Action.PRESENT,
    Action.ABSENT_BILLED,
    Action.ABSENT_EXCUSED,
    Action.LEAVE,
    Action.CLEAR,
)


class Scope:
    CHILD = "child"
    SELECTED = "selected"
    SERVICE = "service"


@dataclass(frozen=True)
class LotChoice:
    """Everything chosen in the dialog."""

    service_id: int
    scope: str
    child_ids: tuple[int, ...]  # the child or the selected children (empty: the service's)
    spec: LotSpec
    action: Action


def _children(session: Any, choice: LotChoice) -> list[int]:
    if choice.scope == Scope.SERVICE:
        return lot_edits.lot_children(
            session, choice.service_id, choice.spec.first, choice.spec.last
        )
    return list(choice.child_ids)


def preview_op(choice: LotChoice) -> Callable[[OpDb], lot_edits.LotPlan]:
    def op(db: OpDb) -> lot_edits.LotPlan:
        db.require(EDIT_PERMISSION)
        with db.read() as session:
            children = _children(session, choice)
            return lot_edits.plan_lot(
                session, choice.service_id, children, choice.spec, choice.action
            )

    return op


def apply_op(choice: LotChoice, confirm: bool) -> Callable[[OpDb], edits.Applied]:
    def op(db: OpDb) -> edits.Applied:
        db.require(EDIT_PERMISSION)
        with db.write() as session:
            children = _children(session, choice)
            return lot_edits.apply_lot(
                session,
                choice.service_id,
                children,
                choice.spec,
                choice.action,
                confirm_over_capacity=confirm,
            )

    return op


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class LotDialog(QDialog):
    """The saisie par lot of one service."""

    applied = Signal(str, object)  # undo label, the edits.Applied

    def __init__(
        self,
        context: Any,
        service_id: int,
        service_name: str,
        *,
        first: dt.date,
        last: dt.date,
        weekdays: int,
        child: tuple[int, str] | None = None,
        selected: Sequence[int] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.service_id = service_id
        self.child = child
        self.selected_ids = tuple(dict.fromkeys(selected))
        self.plan: lot_edits.LotPlan | None = None
        self.previewed: LotChoice | None = None
        self.result_applied: edits.Applied | None = None
        self.question: QMessageBox | None = None
        self.busy = False
        self.setWindowTitle(f"Saisie par lot — {service_name}")
        self.setObjectName("lotDialog")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)

        # Who.
        self.scope_group = QButtonGroup(self)
        who = QWidget(self)
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        self.child_radio = QRadioButton(f"Cet enfant : {child[1]}" if child else "Cet enfant", who)
        self.child_radio.setEnabled(child is not None)
        count = len(self.selected_ids)
        self.selected_radio = QRadioButton(
            f"Les {count} enfants sélectionnés" if count != 1 else "L'enfant sélectionné", who
        )
        self.selected_radio.setEnabled(count > 0)
        self.service_radio = QRadioButton("Tous les enfants inscrits à la prestation", who)
        for radio in (self.child_radio, self.selected_radio, self.service_radio):
            radio.setText(french_spacing(radio.text()))
            self.scope_group.addButton(radio)
            who_layout.addWidget(radio)
        (
            self.selected_radio if count > 1 else self.child_radio if child else self.service_radio
        ).setChecked(True)

        form = QFormLayout()
        form.addRow(plain_label(QLabel("Enfants")), who)

        # When.
        dates = QWidget(self)
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        self.first_edit = QDateEdit(_qdate(first), dates)
        self.last_edit = QDateEdit(_qdate(last), dates)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        dates_layout.addWidget(plain_label(QLabel("du")))
        dates_layout.addWidget(self.first_edit)
        dates_layout.addWidget(plain_label(QLabel("au")))
        dates_layout.addWidget(self.last_edit)
        self.year_button = QPushButton("Année scolaire", dates)
        self.year_button.setObjectName("lotSchoolYear")
        self.year_button.setToolTip("Du 1er septembre au 31 août de l'année scolaire en cours")
        self.year_button.clicked.connect(self.whole_school_year)
        dates_layout.addWidget(self.year_button)
        dates_layout.addStretch(1)
        form.addRow(plain_label(QLabel("Période")), dates)

        days = QWidget(self)
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        self.weekday_boxes: list[QCheckBox] = []
        monday = dt.date(2024, 1, 1)  # a Monday: the mask's day n is monday + n
        for n, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name[:3] + ".", days)
            box.setToolTip(name)
            box.setChecked(mask_has(weekdays, monday + dt.timedelta(days=n)))
            self.weekday_boxes.append(box)
            days_layout.addWidget(box)
        days_layout.addStretch(1)
        form.addRow(plain_label(QLabel("Jours")), days)

        self.recurrence = QComboBox(self)
        for recurrence in Recurrence:
            self.recurrence.addItem(recurrence.label, recurrence)
        form.addRow(plain_label(QLabel("Semaines")), self.recurrence)

        periods = QWidget(self)
        periods_layout = QHBoxLayout(periods)
        periods_layout.setContentsMargins(0, 0, 0, 0)
        self.term_box = QCheckBox("Jours d'école", periods)
        self.term_box.setChecked(True)
        self.holidays_box = QCheckBox("Vacances scolaires", periods)
        periods_layout.addWidget(self.term_box)
        periods_layout.addWidget(self.holidays_box)
        periods_layout.addStretch(1)
        form.addRow(plain_label(QLabel("Pendant")), periods)

        # What.
        self.action = QComboBox(self)
        for action in LOT_ACTIONS:
            self.action.addItem(f"{action.label} ({action.letter})", action)
        form.addRow(plain_label(QLabel("Saisie")), self.action)
        layout.addLayout(form)

        note = plain_label(
            QLabel(
                french_spacing(
                    "Les jours fériés, les fermetures et les jours sans accueil sont passés ; "
                    "les cases verrouillées, hors inscription ou en attente d'une décision aussi."
                )
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.preview_label = plain_label(QLabel("", self))
        self.preview_label.setObjectName("lotPreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.preview_label)
        self.error_label = plain_label(QLabel("", self))
        self.error_label.setObjectName("lotError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(self)
        self.preview_button = QPushButton("Aperçu", self)
        self.apply_button = QPushButton("Appliquer", self)
        self.close_button = QPushButton("Fermer", self)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.setDefault(True)
        self.apply_button.setEnabled(False)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        for radio in (self.child_radio, self.selected_radio, self.service_radio):
            radio.toggled.connect(self._changed)
        for box in (*self.weekday_boxes, self.term_box, self.holidays_box):
            box.toggled.connect(self._changed)
        self.first_edit.dateChanged.connect(self._changed)
        self.last_edit.dateChanged.connect(self._changed)
        self.recurrence.currentIndexChanged.connect(self._changed)
        self.action.currentIndexChanged.connect(self._changed)

    # --------------------------------------------------------------------------- the choice
    def choice(self) -> LotChoice:
        if self.child_radio.isChecked() and self.child is not None:
            scope, ids = Scope.CHILD, (self.child[0],)
        elif self.selected_radio.isChecked():
            scope, ids = Scope.SELECTED, self.selected_ids
        else:
            scope, ids = Scope.SERVICE, ()
        spec = LotSpec.of(
            _date(self.first_edit.date()),
            _date(self.last_edit.date()),
            [n for n, box in enumerate(self.weekday_boxes) if box.isChecked()],
            self.recurrence.currentData(),
            term_days=self.term_box.isChecked(),
            holidays=self.holidays_box.isChecked(),
        )
        return LotChoice(self.service_id, scope, ids, spec, self.action.currentData())

    def whole_school_year(self) -> None:
        """The school year of the range's first day (September to August)."""
        year = clock.school_year_start(_date(self.first_edit.date()))
        self.first_edit.setDate(_qdate(dt.date(year, 9, 1)))
        self.last_edit.setDate(_qdate(dt.date(year + 1, 8, 31)))

    def set_action(self, action: Action) -> None:
        self.action.setCurrentIndex(LOT_ACTIONS.index(action))

    def set_weekdays(self, weekdays: Sequence[int]) -> None:
        for n, box in enumerate(self.weekday_boxes):
            box.setChecked(n in weekdays)

    def _changed(self, *_args: Any) -> None:
        """What is chosen changed: the preview no longer says what "Appliquer" would do."""
        self.previewed = None
        self.plan = None
        self.apply_button.setEnabled(False)
        self.preview_label.setText("")
        self.error_label.setVisible(False)

    def _error(self, text: str) -> None:
        self.error_label.setText(french_spacing(text))
        self.error_label.setVisible(True)

    def _checked(self) -> LotChoice | None:
        choice = self.choice()
        try:
            choice.spec.check()
        except ValidationError as exc:
            self._error(" ".join(exc.errors.values()))
            return None
        if choice.scope == Scope.SELECTED and not choice.child_ids:
            self._error("Aucun enfant sélectionné.")
            return None
        return choice

    # --------------------------------------------------------------------------- preview, apply
    def preview(self) -> None:
        if self.busy:
            return
        choice = self._checked()
        if choice is None:
            return
        self.busy = True
        self.error_label.setVisible(False)
        self.preview_label.setText("Calcul de l'aperçu…")

        def done(plan: lot_edits.LotPlan) -> None:
            self.busy = False
            if self.choice() != choice:  # changed meanwhile: this preview is stale
                self.preview_label.setText("")
                return
            self.plan = plan
            self.previewed = choice
            self.preview_label.setText(french_spacing(plan.preview() + "."))
            self.apply_button.setEnabled(bool(plan.plan.writes))

        def failed(error: BaseException) -> None:
            self.busy = False
            self.preview_label.setText("")
            self._error(save_message(error))

        self.context.ops.run(
            preview_op(choice), on_done=done, on_error=failed, owner=self, name="lot_preview"
        )

    def apply(self) -> None:
        if self.busy or self.previewed is None or self.previewed != self.choice():
            return
        choice = self.previewed
        label = f"Saisie par lot ({choice.action.letter or choice.action.label})"

        def done(applied: edits.Applied) -> None:
            self.busy = False
            self.result_applied = applied
            self.applied.emit(label, applied)
            self.accept()

        def failed(error: BaseException) -> None:
            self.busy = False
            self._set_enabled(True)
            if isinstance(error, edits.OverCapacityError):
                self._confirm(error, lambda: start(True))
            else:
                self._error(save_message(error))

        def start(confirm: bool) -> None:
            self.busy = True
            self._set_enabled(False)
            self.preview_label.setText("Enregistrement…")
            self.context.ops.run(
                apply_op(choice, confirm),
                on_done=done,
                on_error=failed,
                owner=self,
                name="lot_apply",
            )

        start(False)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.preview_button, self.apply_button):
            button.setEnabled(enabled)

    def _confirm(self, error: edits.OverCapacityError, go_on: Callable[[], None]) -> None:
        box = capacity_question(self, error)

        def answered(_result: int) -> None:
            self.question = None
            if box.clickedButton() is box.button(Button.Yes):
                go_on()
            else:
                if self.plan is not None:
                    self.preview_label.setText(french_spacing(self.plan.preview() + "."))
                self._error("Rien n'a été enregistré (capacité).")

        box.finished.connect(answered)
        self.question = box
        box.open()


def open_lot_dialog(editor: Any, parent: QWidget | None = None) -> LotDialog | None:
    """The dialog for the service the editor's grid shows, its selection and current child;
    what it applies joins the editor's undo stack and the grid is read again."""
    model = editor.model
    data = model.data_month
    if model.service_id is None or data is None:
        return None
    current = editor.view.currentIndex()
    child = None
    if current.isValid():
        line = model.line(current.row())
        child = (line.child_id, line.child.name if line.child is not None else "")
    selected = [model.line(i.row()).child_id for i in editor.grid.selected_indexes()]
    days = data.days
    dialog = LotDialog(
        editor.context,
        model.service_id,
        data.service.full_name,
        first=days[0],
        last=days[-1],
        weekdays=data.service.weekdays,
        child=child,
        selected=selected,
        parent=parent or editor.view.window(),
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    service_id = model.service_id
    dialog.applied.connect(lambda label, applied: editor.run_external(label, {service_id: applied}))
    editor.dialog = dialog
    dialog.open()
    return dialog
