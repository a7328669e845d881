"""A child's « Inscriptions »: the services the child is enrolled in (prestation, du, au, jours
réguliers), and the dialogs that enrol, change and end an enrolment.

Each dialog saves at once (its own op, one transaction; the family record's « Enregistrer » is
for the record's fields). Ending or shortening an enrolment whose lost days hold bookings or
pending requests asks first what to do with them (core.planning.enrolments). The list follows
the change feed: an enrolment changed on another PC shows without a click.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import clock, formatting
from ...core.changefeed import Change
from ...core.errors import ConcurrentEditError, ValidationError
from ...core.formatting import french_spacing
from ...core.planning import enrolments as en
from ...core.planning.enrolments import (
    ChangeResult,
    ChoiceNeeded,
    EndChoice,
    EndPreview,
    EnrolmentRow,
    ServiceChoice,
)
from ...core.services.staff import Permission
from ..changes import started_by
from ..conflicts import ConflictDialog, resolve_conflict
from ..context import AppContext
from ..fieldforms import grow_to_fit, keep_heights
from ..keyed_model import Column, KeyedModel
from ..ops import OpDb, is_connection_error, save_message, user_message
from ..plaintext import message_box, plain_label

TITLE = "Inscriptions"
TABLES = ("enrolment",)
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.France)
DATE_FORMAT = "dd/MM/yyyy"
ERROR_STYLE = "color: #b00020;"
ENDED = QColor("#757575")  # an enrolment already over
VISIBLE_ROWS = 6  # the table grows with its rows up to this many, then scrolls
FIELDS = ("service_id", "start_date", "end_date", "weekly_pattern", "pattern_from")


# --------------------------------------------------------------------------- ops (worker thread)


def load_enrolments(db: OpDb, child_id: int) -> list[EnrolmentRow]:
    db.require(Permission.VIEW_FAMILIES)
    with db.read() as session:
        return en.child_enrolments(session, child_id)


def load_services(db: OpDb) -> list[ServiceChoice]:
    db.require(Permission.EDIT_FAMILIES)
    with db.read() as session:
        return en.service_choices(session)


def enrol(db: OpDb, child_id: int, values: Mapping[str, Any]) -> ChangeResult:
    staff = db.require(Permission.EDIT_FAMILIES)
    with db.write() as session:
        enrolment = en.enrol(session, staff, child_id, values)
        return ChangeResult(
            enrolment.id, start_date=enrolment.start_date, end_date=enrolment.end_date
        )


def change(
    db: OpDb,
    enrolment_id: int,
    values: Mapping[str, Any],
    version: int | None,
    choice: EndChoice | None,
    preview: EndPreview | None,
    pattern_from: dt.date | None,
) -> ChangeResult:
    staff = db.require(Permission.EDIT_FAMILIES)
    with db.write() as session:
        return en.change_enrolment(
            session,
            staff,
            enrolment_id,
            values,
            version,
            choice=choice,
            expected_preview=preview,
            pattern_from=pattern_from,
        )


# --------------------------------------------------------------------------- helpers


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    """A French date field (JJ/MM/AAAA) with its calendar."""
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setLocale(FRENCH)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.calendarWidget().setLocale(FRENCH)
    edit.setMinimumDate(QDate(1900, 1, 1))
    return edit


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def cancel_label(preview: EndPreview) -> str:
    """ "Annuler les 12 réservations à venir", "… et refuser la demande en attente"."""
    parts = []
    if preview.bookings:
        parts.append(
            "Annuler la réservation à venir"
            if preview.bookings == 1
            else f"Annuler les {preview.bookings} réservations à venir"
        )
    if preview.requests:
        verb = "refuser" if parts else "Refuser"
        parts.append(
            f"{verb} la demande en attente"
            if preview.requests == 1
            else f"{verb} les {preview.requests} demandes en attente"
        )
    return " et ".join(parts)


def keep_label(preview: EndPreview) -> str:
    start, end = preview.keep_period
    if start < preview.start_date:
        return f"Les conserver (début le {formatting.short_date(start)})"
    return f"Les conserver (fin le {formatting.short_date(end)})"


# --------------------------------------------------------------------------- the dialog


class EnrolmentSide:
    """The dialog's period and pattern as the conflict dialog sees them (dates and a mask)."""

    def __init__(self, dialog: EnrolmentDialog):
        self.dialog = dialog

    def typed(self, name: str) -> Any:
        return self.dialog.values().get(name)

    def loaded(self, name: str) -> Any:
        return self.dialog.baseline.get(name)

    def shown(self, name: str, stored: Any) -> Any:
        return stored

    def text(self, name: str, value: Any) -> str:
        if isinstance(value, dt.date):
            return formatting.short_date(value)
        if name == "weekly_pattern" and isinstance(value, int):
            return en.pattern_label(value)
        return "(vide)" if value is None else str(value)

    def take(self, name: str, stored: Any) -> None:
        self.dialog.set_value(name, stored)

    def rebase(self, stored: Mapping[str, Any]) -> None:
        self.dialog.baseline.update(stored)


class EnrolmentDialog(QDialog):
    """Enrol (`row` None), change (`mode` "change") or end (`mode` "end") an enrolment.

    It keeps what was typed while its op runs and on any error: the tab decides (`submitted`)."""

    submitted = Signal()

    def __init__(
        self,
        child_name: str,
        row: EnrolmentRow | None = None,
        mode: str = "add",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("enrolmentDialog")
        self.mode = "add" if row is None else mode
        self.row = row
        self.version = row.version if row is not None else None
        self.services: list[ServiceChoice] = []
        self.preview: EndPreview | None = None  # the one the user answered
        self.choice: EndChoice | None = None
        self.question: QMessageBox | None = None
        self.conflict_dialog: ConflictDialog | None = None
        title = {"add": "Nouvelle inscription", "change": "Modifier l'inscription"}.get(
            self.mode, "Terminer l'inscription"
        )
        self.setWindowTitle(f"{title} — {child_name}" if child_name else title)
        today = clock.today()

        self.service = QComboBox(self)
        self.service.setObjectName("serviceCombo")
        self.start = date_edit(self, "startDate")
        self.end = date_edit(self, "endDate")
        self.days = [QCheckBox(name, self) for name in en.WEEKDAY_SHORT]
        for index, box in enumerate(self.days):
            box.setObjectName(f"day{index}")
            box.toggled.connect(self._pattern_edited)
        self.pattern_from = date_edit(self, "patternFrom")
        self.errors = {name: self._error_label(name) for name in FIELDS}
        self.general = self._error_label("")

        form = QFormLayout()
        form.addRow(self._label("Prestation :"), self._with_error(self.service, "service_id"))
        form.addRow(self._label("Du :"), self._with_error(self.start, "start_date"))
        form.addRow(self._label("Au :"), self._with_error(self.end, "end_date"))
        days = QWidget(self)
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.days:
            days_layout.addWidget(box)
        days_layout.addStretch(1)
        form.addRow(self._label("Jours réguliers :"), self._with_error(days, "weekly_pattern"))
        self.pattern_from_label = self._label("Nouveaux jours à partir du :")
        form.addRow(self.pattern_from_label, self._with_error(self.pattern_from, "pattern_from"))
        self.hint = self._label("")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            "Terminer l'inscription" if self.mode == "end" else "Enregistrer",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setObjectName("saveEnrolmentButton")
        self.cancel_button = buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

        self.baseline: dict[str, Any] = {}
        if row is None:
            self.service.addItem("Chargement des prestations…", None)
            self.service.setEnabled(False)
            self.start.setDate(to_qdate(today))
            self.end.setDate(to_qdate(_school_year_end(today)))
            self.pattern_from_label.setVisible(False)
            self.pattern_from.setVisible(False)
            self.hint.setText(
                french_spacing(
                    "Cochez les jours où l'enfant vient chaque semaine (Régulier) ; "
                    "les autres jours se réservent dans le planning."
                )
            )
        else:
            self.service.addItem(row.full_service_name, row.service_id)
            self.service.setEnabled(False)
            self.baseline = {
                "start_date": row.start_date,
                "end_date": row.end_date,
                "weekly_pattern": row.weekly_pattern,
            }
            self.set_value("start_date", row.start_date)
            self.set_value("end_date", row.end_date)
            self.set_value("weekly_pattern", row.weekly_pattern)
            self._enable_days(row.service_weekdays)
            self.pattern_from.setDate(to_qdate(max(row.start_date, today)))
            if self.mode == "end":
                self.start.setEnabled(False)
                for box in self.days:
                    box.setEnabled(False)
                self.pattern_from_label.setVisible(False)
                self.pattern_from.setVisible(False)
                self.end.setDate(to_qdate(min(max(today, row.start_date), row.end_date)))
                self.hint.setText(
                    french_spacing(
                        "Dernier jour où l'enfant est inscrit. Les jours déjà pointés sont "
                        "conservés ; s'il reste des réservations après cette date, vous "
                        "choisirez ce qu'elles deviennent."
                    )
                )
            self._pattern_edited()
        self.service.currentIndexChanged.connect(self._service_chosen)
        keep_heights(self.service, self.start, self.end, self.pattern_from)
        self.resize(560, self.sizeHint().height())

    # building -----------------------------------------------------------------------------------
    def _label(self, text: str) -> QLabel:
        return plain_label(QLabel(french_spacing(text), self))

    def _error_label(self, name: str) -> QLabel:
        label = plain_label(QLabel(self))
        label.setObjectName(f"e_{name}" if name else "generalError")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        host = QWidget(self)
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.errors[name])
        return host

    def set_services(self, services: list[ServiceChoice]) -> None:
        """The services one may enrol in (add mode)."""
        self.services = services
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem("Choisissez une prestation", None)
        for choice in services:
            self.service.addItem(choice.full_name, choice.id)
        self.service.blockSignals(False)
        self.service.setEnabled(True)
        self._service_chosen()

    def select_service(self, service_id: int) -> None:
        self.service.setCurrentIndex(self.service.findData(service_id))

    def _service_chosen(self, *_args: Any) -> None:
        service_id = self.service.currentData()
        choice = next((s for s in self.services if s.id == service_id), None)
        self._enable_days(choice.weekdays if choice is not None else 0)
        if choice is not None:  # propose the service's days as the pattern
            self.set_value("weekly_pattern", choice.weekdays)

    def _enable_days(self, weekdays: int) -> None:
        """Only the service's opening days can be ticked."""
        for index, box in enumerate(self.days):
            is_open = bool(weekdays & (1 << index))
            box.setEnabled(is_open and self.mode != "end")
            if not is_open:
                box.setChecked(False)
            box.setToolTip("" if is_open else "La prestation n'a pas lieu ce jour-là")

    def _pattern_edited(self, *_args: Any) -> None:
        changed = self.mode == "change" and self.pattern() != self.baseline.get("weekly_pattern")
        self.pattern_from.setEnabled(changed)
        self.pattern_from_label.setEnabled(changed)

    # values -------------------------------------------------------------------------------------
    def pattern(self) -> int:
        return sum(1 << i for i, box in enumerate(self.days) if box.isChecked())

    def set_value(self, name: str, value: Any) -> None:
        if name == "start_date":
            self.start.setDate(to_qdate(value))
        elif name == "end_date":
            self.end.setDate(to_qdate(value))
        elif name == "weekly_pattern":
            for index, box in enumerate(self.days):
                box.setChecked(bool(value & (1 << index)))

    def values(self) -> dict[str, Any]:
        """What to save: every field in add mode, else only what changed."""
        values: dict[str, Any] = {
            "start_date": from_qdate(self.start.date()),
            "end_date": from_qdate(self.end.date()),
            "weekly_pattern": self.pattern(),
        }
        if self.mode == "add":
            return {"service_id": self.service.currentData(), **values}
        if self.mode == "end":
            values = {"end_date": values["end_date"]}
        return {k: v for k, v in values.items() if v != self.baseline.get(k)}

    def pattern_from_day(self) -> dt.date | None:
        if self.mode != "change" or not self.pattern_from.isEnabled():
            return None
        return from_qdate(self.pattern_from.date())

    # errors and state -----------------------------------------------------------------------------
    def _submit(self) -> None:
        self.choice = None
        self.preview = None
        self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general):
            label.clear()
            label.setVisible(False)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field (the form keeps what was typed)."""
        self.clear_errors()
        for name, message in errors.items():
            label = self.errors.get(name, self.general)
            text = french_spacing(message)
            label.setText(f"{label.text()}\n{text}".strip() if label.text() else text)
            label.setVisible(True)
        grow_to_fit(self)

    def show_message(self, message: str) -> None:
        self.clear_errors()
        self.general.setText(french_spacing(message))
        self.general.setVisible(True)
        grow_to_fit(self)


def _school_year_end(today: dt.date) -> dt.date:
    """The proposed end of a new enrolment: the next 31 August (end of the school year)."""
    year = today.year if today.month < 9 else today.year + 1
    return dt.date(year, 8, 31)


# --------------------------------------------------------------------------- the tab


class EnrolmentsTab(QGroupBox):
    """The « Inscriptions » of one child (loaded when first shown, refreshed from the feed)."""

    loaded = Signal()  # the list arrived (tests wait on it)
    saved = Signal(object)  # a ChangeResult

    def __init__(
        self,
        context: AppContext,
        child_id: int | None,
        child_name: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ):
        super().__init__(TITLE, parent)
        self.setObjectName("enrolmentsTab")
        self.context = context
        self.child_id = child_id
        self.child_name = child_name
        self.can_edit = context.can(Permission.EDIT_FAMILIES)
        self.dialog: EnrolmentDialog | None = None
        self._select_after_load: int | None = None
        self.loading = False
        self._stale = True
        self.today = clock.today()

        self.model: KeyedModel[EnrolmentRow] = KeyedModel(
            [
                Column("Prestation", lambda r: r.service_name, lambda r: r.full_service_name),
                Column("Du", lambda r: formatting.short_date(r.start_date)),
                Column("Au", lambda r: formatting.short_date(r.end_date)),
                Column("Jours réguliers", lambda r: r.pattern_label),
            ],
            foreground=lambda r: ENDED if r.end_date < self.today else None,
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("enrolmentTable")
        self.model.attach(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.open_change())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("Inscrire…", self)
        self.add_button.setObjectName("addEnrolmentButton")
        self.add_button.setToolTip("Inscrire l'enfant à une prestation pour une période")
        self.change_button = QPushButton("Modifier…", self)
        self.change_button.setObjectName("changeEnrolmentButton")
        self.end_button = QPushButton("Terminer…", self)
        self.end_button.setObjectName("endEnrolmentButton")
        self.end_button.setToolTip("Mettre fin à l'inscription à une date")
        self.add_button.clicked.connect(self.open_add)
        self.change_button.clicked.connect(self.open_change)
        self.end_button.clicked.connect(self.open_end)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("enrolmentStatus")
        self.status.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (self.add_button, self.change_button, self.end_button):
            button.setVisible(self.can_edit)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(bar)
        if child_id is None:
            self.table.setVisible(False)
            self.add_button.setEnabled(False)
            self.status.setText(
                french_spacing("Enregistrez la fiche de l'enfant pour pouvoir l'inscrire.")
            )
        self._update_buttons()
        context.changes.changed.connect(self._on_changes)

    # loading ------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        if self.child_id is None:
            return
        child_id = self.child_id
        self.loading = True
        self.context.ops.run(
            lambda db: load_enrolments(db, child_id),
            on_done=self._show,
            on_error=self._load_failed,
            owner=self,
            name="load_enrolments",
        )

    def _show(self, rows: list[EnrolmentRow]) -> None:
        self.loading = False
        self.today = clock.today()
        self.model.update_rows(rows)
        self._fit_height()
        if not rows:
            self.status.setText("Aucune inscription.")
        elif not self.status.property("kept"):
            self.status.clear()
        self.status.setProperty("kept", False)
        self._update_buttons()
        self.loaded.emit()

    def _fit_height(self) -> None:
        """As tall as its rows (at least one, at most VISIBLE_ROWS): the record scrolls, not
        a table squeezed inside it."""
        table = self.table
        shown = max(1, min(self.model.rowCount(), VISIBLE_ROWS))
        rows = table.verticalHeader().defaultSectionSize() * shown
        table.setFixedHeight(rows + table.horizontalHeader().height() + 2 * table.frameWidth())

    def _load_failed(self, error: BaseException) -> None:
        self.loading = False
        self.status.setText(french_spacing(user_message(error)))

    def _on_changes(self, changes: list[Change], origin: object = None) -> None:
        if self.child_id is None or started_by(self, origin):  # type: ignore[arg-type]
            return
        if not any(c.table_name in TABLES and c.touches(child_id=self.child_id) for c in changes):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def selected(self) -> EnrolmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select(self, enrolment_id: int) -> None:
        row = self.model.row_of(enrolment_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self, *_args: Any) -> None:
        row = self.selected()
        self.change_button.setEnabled(row is not None)
        self.end_button.setEnabled(row is not None)

    # dialogs ------------------------------------------------------------------------------------
    def _open(self, dialog: EnrolmentDialog) -> EnrolmentDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(lambda: self._save(dialog))
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        dialog.open()
        return dialog

    def _forget(self, dialog: EnrolmentDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def open_add(self) -> EnrolmentDialog | None:
        if self.child_id is None or not self.can_edit:
            return None
        dialog = self._open(EnrolmentDialog(self.child_name(), None, "add", self))
        self.context.ops.run(
            load_services,
            on_done=dialog.set_services,
            on_error=lambda e: dialog.show_message(user_message(e)),
            owner=dialog,
            name="load_services",
        )
        return dialog

    def open_change(self) -> EnrolmentDialog | None:
        row = self.selected()
        if row is None or not self.can_edit:
            return None
        return self._open(EnrolmentDialog(self.child_name(), row, "change", self))

    def open_end(self) -> EnrolmentDialog | None:
        row = self.selected()
        if row is None or not self.can_edit:
            return None
        return self._open(EnrolmentDialog(self.child_name(), row, "end", self))

    # saving -------------------------------------------------------------------------------------
    def _save(self, dialog: EnrolmentDialog) -> None:
        child_id = self.child_id
        assert child_id is not None
        values = dialog.values()
        dialog.clear_errors()
        if dialog.mode != "add" and not values:
            dialog.show_message("Aucune modification à enregistrer.")
            return
        dialog.set_busy(True)
        if dialog.mode == "add":

            def op(db: OpDb) -> ChangeResult:
                return enrol(db, child_id, values)

        else:
            assert dialog.row is not None
            enrolment_id, version = dialog.row.id, dialog.version
            choice, preview, split = dialog.choice, dialog.preview, dialog.pattern_from_day()

            def op(db: OpDb) -> ChangeResult:
                return change(db, enrolment_id, values, version, choice, preview, split)

        self.context.ops.run(
            op,
            on_done=lambda result: self._saved(dialog, result),
            on_error=lambda error: self._failed(dialog, error),
            owner=dialog,
            name="save_enrolment",
        )

    def _saved(self, dialog: EnrolmentDialog, result: ChangeResult) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.status.setText(french_spacing(result.summary()))
        self.status.setProperty("kept", True)
        self.saved.emit(result)
        self._select_after_load = result.split_id or result.enrolment_id
        self.loaded.connect(self._select_saved, Qt.ConnectionType.SingleShotConnection)
        self.reload()

    def _select_saved(self) -> None:
        if self._select_after_load is not None:
            self.select(self._select_after_load)

    def _failed(self, dialog: EnrolmentDialog, error: BaseException) -> None:
        dialog.set_busy(False)
        if isinstance(error, ChoiceNeeded):
            self._ask(dialog, error)
        elif isinstance(error, ValidationError):
            dialog.show_errors(error.errors)
        elif isinstance(error, ConcurrentEditError):
            dialog.show_message(str(error))
            self.reload()

            def resave(conflict: ConcurrentEditError) -> None:
                dialog.version = conflict.version
                dialog.clear_errors()
                self._save(dialog)

            dialog.conflict_dialog = resolve_conflict(dialog, error, EnrolmentSide(dialog), resave)
        elif is_connection_error(error):
            dialog.show_message(save_message(error))
        else:
            dialog.show_message(user_message(error))

    def _ask(self, dialog: EnrolmentDialog, needed: ChoiceNeeded) -> None:
        """Bookings or requests fall outside the new period: cancel them, keep them, or stop."""
        preview = needed.preview
        row = dialog.row
        name = row.full_service_name if row is not None else ""
        lines = []
        if isinstance(needed, en.PlanningChanged):
            lines.append(str(needed))
        lines.append(
            f"Inscription à {name} du {formatting.short_date(preview.start_date)} au "
            f"{formatting.short_date(preview.end_date)} :"
        )
        lines += [f"• {line}" for line in preview.lines()]
        start, end = preview.keep_period
        lines.append(
            "\nQue faire des réservations et des demandes hors de la nouvelle période ? "
            "Pour les conserver, l'inscription doit les couvrir : elle irait alors du "
            f"{formatting.short_date(start)} au {formatting.short_date(end)}."
        )
        box = message_box(
            dialog,
            "Réservations hors de la période",
            "\n".join(lines),
            QMessageBox.StandardButton.NoButton,
            icon=QMessageBox.Icon.Question,
        )
        box.setObjectName("enrolmentQuestion")
        cancel = box.addButton(cancel_label(preview), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(keep_label(preview), QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("Annuler l'opération", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.setEscapeButton(stop)
        cancel.setObjectName("cancelBookingsButton")
        keep.setObjectName("keepBookingsButton")
        stop.setObjectName("stopButton")

        def answered(button: QAbstractButton) -> None:
            dialog.question = None
            if button is stop:
                dialog.show_message("Rien n'a été modifié.")
                return
            dialog.preview = preview
            dialog.choice = EndChoice.CANCEL if button is cancel else EndChoice.KEEP
            self._save(dialog)

        box.buttonClicked.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.question = box
        box.open()


def attach_enrolments(context: AppContext, form: Any) -> EnrolmentsTab:
    """Give a child's form its « Inscriptions » section, under the identity."""

    def name() -> str:
        values = form.identity.values()
        return f"{values['first_name']} {values['last_name']}".strip().upper()

    tab = EnrolmentsTab(context, form.child_id, name, form)
    outer = form.ui.outer
    outer.insertWidget(outer.indexOf(form.ui.identityBox) + 1, tab)
    form.enrolments_tab = tab
    return tab
