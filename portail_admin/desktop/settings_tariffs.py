"""Paramètres › Tarifs, and « Tarifs… » of the service dialog: a service's dated tariffs.

The tab lists the chosen service's tariffs (a KeyedModel: a refresh changes rows in place);
« Nouveau tarif », « Modifier » and « Supprimer » act on them through the core
(core.billing.tariffs), which checks every rule and says in French what is wrong, field by field:
the editor shows each message next to its field (a bracket's in its cell and under the table)
and keeps what was typed. Each action is an op checking the settings permission again; the list
follows the change hub (another PC's edit shows at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import clock
from ..core.billing import tariffs
from ..core.billing.tariffs import (
    BRACKET_LABELS,
    SavedTariff,
    TariffMethod,
    TariffRow,
)
from ..core.changefeed import Change
from ..core.errors import ConcurrentEditError, ValidationError
from ..core.formatting import french_spacing, short_date
from ..core.services import commune
from ..core.services.staff import Permission
from ..core.validation import FieldError, parse_date
from .changes import started_by, touching
from .conflicts import ConflictDialog, resolve_conflict
from .context import AppContext
from .fieldforms import FieldBinder, ValueField, display_text, grow_to_fit, keep_heights
from .keyed_model import Column, KeyedModel
from .ops import OpDb, save_message, user_message
from .plaintext import ask, plain_label, plain_labels, plain_tip
from .service_items import ServiceItem, fill_grouped

TITLE = "Tarifs"
TARIFF_TABLES = frozenset({"tariff", "tariff_bracket"})
SERVICE_TABLES = frozenset({"service", "structure"})
ERROR_STYLE = "color: #b00020;"
ERROR_CELL = QColor("#fde7ea")
HINT_STYLE = "color: #616161;"
FIELDS = list(tariffs.TARIFF_FIELDS)


# --------------------------------------------------------------------------- ops


def load_services(db: OpDb) -> list[ServiceItem]:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        return [
            ServiceItem(
                s.id, s.structure.name, s.name + ("" if s.active else " (désactivée)"), s.code
            )
            for s in commune.list_services(session)
        ]


def load_tariffs(db: OpDb, service_id: int) -> list[TariffRow]:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        return tariffs.list_tariffs(session, service_id)


def save_tariff_op(
    service_id: int,
    values: dict[str, Any],
    row: TariffRow | None,
    close_previous: bool,
) -> Callable[[OpDb], SavedTariff]:
    def op(db: OpDb) -> SavedTariff:
        staff = db.require(Permission.SETTINGS)
        with db.write() as session:
            return tariffs.save_tariff(
                session,
                service_id,
                values,
                row.id if row is not None else None,
                row.version if row is not None else None,
                close_previous=close_previous,
                role=staff.role,
            )

    return op


def delete_tariff_op(row: TariffRow) -> Callable[[OpDb], None]:
    def op(db: OpDb) -> None:
        staff = db.require(Permission.SETTINGS)
        with db.write() as session:
            tariffs.delete_tariff(session, row.id, row.version, role=staff.role)

    return op


# --------------------------------------------------------------------------- the list


def _to_text(row: TariffRow) -> str:
    return short_date(row.valid_to) if row.valid_to else "sans date de fin"


def _lines(parts: list[str]) -> str:
    return "\n".join(parts) or "aucune"


# One line per bracket, reduction and surcharge: the rows grow to show them all.
TARIFF_COLUMNS: list[Column[TariffRow]] = [
    Column("Du", lambda r: short_date(r.valid_from), align_top=True),
    Column("Au", _to_text, align_top=True),
    Column("Méthode", lambda r: r.method.label, align_top=True),
    Column("Prix / tranches", lambda r: "\n".join(tariffs.price_parts(r)), align_top=True),
    Column("Réductions", lambda r: _lines(tariffs.reduction_parts(r)), align_top=True),
    Column("Majorations", lambda r: _lines(tariffs.surcharge_parts(r)), align_top=True),
]


# --------------------------------------------------------------------------- editor fields


class MethodField(ValueField):
    """« Prix unique » or « Par tranches de QF » (two radio buttons, one stored value)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for method in TariffMethod:
            button = QRadioButton(method.label, self)
            button.setObjectName(f"method_{method.value}")
            self.group.addButton(button)
            self.buttons[method.value] = button
            layout.addWidget(button)
            button.toggled.connect(lambda checked: checked and self.edited.emit())
        layout.addStretch(1)

    def value(self) -> str:
        return next((m for m, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: Any) -> None:
        key = str(getattr(value, "value", value) or "")
        button = self.buttons.get(key)
        if button is not None:
            button.setChecked(True)
        else:
            self.group.setExclusive(False)
            for b in self.buttons.values():
                b.setChecked(False)
            self.group.setExclusive(True)

    def display(self, value: Any) -> str:
        key = str(getattr(value, "value", value) or "")
        return TariffMethod(key).label if key in self.buttons else "(aucune)"


def bracket_texts(stored: Any) -> list[dict[str, str]]:
    """Stored brackets ((qf_max, price), …) as the table shows them; rows already typed pass."""
    rows = []
    for item in stored or ():
        if isinstance(item, Mapping):
            rows.append(
                {"qf_max": str(item.get("qf_max") or ""), "price": str(item.get("price") or "")}
            )
        else:
            qf_max, price = item
            rows.append(
                {"qf_max": display_text("qf_max", qf_max), "price": display_text("price", price)}
            )
    return rows


class BracketsField(ValueField):
    """The QF brackets: an editable table « QF jusqu'à » / « Prix », rows added and removed.
    Its value is the rows as typed ({"qf_max": text, "price": text}, in table order): the core
    reads them, and names a bad cell by its row ("brackets.<row>.<cell>")."""

    CELLS = ("qf_max", "price")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("bracketTable")
        self.table.setHorizontalHeaderLabels([BRACKET_LABELS["qf_max"], BRACKET_LABELS["price"]])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(150)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self.add_button = QPushButton("Ajouter une tranche", self)
        self.add_button.setObjectName("addBracketButton")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Retirer la tranche", self)
        self.remove_button.setObjectName("removeBracketButton")
        self.remove_button.clicked.connect(self.remove_row)
        hint = plain_label(
            QLabel(
                french_spacing(
                    "Une ligne par tranche, du plus petit QF au plus grand ; la dernière, "
                    "« QF jusqu'à » vide, vaut pour tout QF au-delà et pour les familles sans QF."
                ),
                self,
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(hint)

    # rows ---------------------------------------------------------------------------------------
    def add_row(self, qf_max: str = "", price: str = "") -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        try:
            self.table.insertRow(row)
            for column, text in enumerate((qf_max, price)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        finally:
            self.table.blockSignals(False)
        self.edited.emit()
        return row

    def remove_row(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
        self.clear_cell_errors()
        self.edited.emit()

    def set_cell(self, row: int, cell: str, text: str) -> None:
        """Put `text` in a cell as if typed (tests and the editor use it)."""
        self.table.item(row, self.CELLS.index(cell)).setText(text)

    # ValueField ---------------------------------------------------------------------------------
    def value(self) -> list[dict[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            cells = {}
            for column, name in enumerate(self.CELLS):
                item = self.table.item(row, column)
                cells[name] = item.text() if item is not None else ""
            out.append(cells)
        return out

    def set_value(self, value: Any) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
        finally:
            self.table.blockSignals(False)
        for row in bracket_texts(value):
            self.add_row(row["qf_max"], row["price"])
        self.clear_cell_errors()

    def display(self, value: Any) -> str:
        parts = []
        for row in bracket_texts(value):
            if not (row["qf_max"].strip() or row["price"].strip()):
                continue
            bound = f"≤ {row['qf_max']}" if row["qf_max"].strip() else "au-delà"
            parts.append(f"{bound} : {row['price'] or '?'}")
        return " · ".join(parts) or "(aucune tranche)"

    # errors -------------------------------------------------------------------------------------
    def show_cell_errors(self, errors: Mapping[tuple[int, str], str]) -> list[str]:
        """Mark each bad cell (its message in its tooltip); the sentences to show below."""
        self.clear_cell_errors()
        lines = []
        for (row, cell), message in sorted(
            errors.items(), key=lambda e: (e[0][0], self.CELLS.index(e[0][1]))
        ):
            item = (
                self.table.item(row, self.CELLS.index(cell))
                if row < self.table.rowCount()
                else None
            )
            if item is not None:
                item.setBackground(QBrush(ERROR_CELL))
                item.setToolTip(plain_tip(message))
            lines.append(f"Tranche {row + 1}, {BRACKET_LABELS[cell]} : {message}")
        return lines

    def clear_cell_errors(self) -> None:
        for row in range(self.table.rowCount()):
            for column in range(len(self.CELLS)):
                item = self.table.item(row, column)
                if item is not None and item.toolTip():
                    item.setBackground(QBrush())
                    item.setToolTip("")

    def cell_in_error(self, row: int, cell: str) -> bool:
        item = self.table.item(row, self.CELLS.index(cell))
        return item is not None and bool(item.toolTip())


# --------------------------------------------------------------------------- the editor


def _display_brackets(stored: Any) -> list[dict[str, str]]:
    return bracket_texts(stored)


def _method_value(stored: Any) -> str:
    return str(getattr(stored, "value", stored) or "")


class TariffDialog(QDialog):
    """Create or change one tariff of a service. The core's French errors show next to their
    field (a bracket's in its cell and under the table) and what was typed stays."""

    saved = Signal(object)  # SavedTariff

    def __init__(
        self,
        context: AppContext,
        service_id: int,
        service_name: str,
        rows: list[TariffRow],
        row: TariffRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("tariffDialog")
        self.context = context
        self.service_id = service_id
        self.rows = rows
        self.row = row
        self.busy = False
        self.result_saved: SavedTariff | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.setWindowTitle(
            f"Modifier le tarif — {service_name}" if row else f"Nouveau tarif — {service_name}"
        )
        self.ui = SimpleNamespace()
        widgets: dict[str, QWidget] = {
            "valid_from": QLineEdit(),
            "valid_to": QLineEdit(),
            "method": MethodField(),
            "price": QLineEdit(),
            "brackets": BracketsField(),
            "second_child_reduction": QLineEdit(),
            "third_child_reduction": QLineEdit(),
            "unbooked_surcharge": QLineEdit(),
            "late_absence_surcharge": QLineEdit(),
        }
        placeholders = {
            "valid_from": "JJ/MM/AAAA",
            "valid_to": "vide : sans date de fin",
            "price": "par exemple : 4,15",
            "second_child_reduction": "0",
            "third_child_reduction": "0",
            "unbooked_surcharge": "0,00",
            "late_absence_surcharge": "0,00",
        }
        labels = {
            "valid_from": "Du",
            "valid_to": "Au",
            "method": "Méthode",
            "price": "Prix (€)",
            "brackets": "Tranches de QF",
            "second_child_reduction": "2e enfant (%)",
            "third_child_reduction": "3e enfant et suivants (%)",
            "unbooked_surcharge": "Présence sans réservation (€ par jour)",
            "late_absence_surcharge": "Absence tardive (€ par jour)",
        }
        self.form_rows: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        sections = {
            "second_child_reduction": "Réductions (dégressif fratrie)",
            "unbooked_surcharge": "Majorations",
        }
        for name, widget in widgets.items():
            widget.setObjectName(f"f_{name}")
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText(placeholders.get(name, ""))
                if name != "valid_to":
                    widget.setMaximumWidth(160)
            setattr(self.ui, f"f_{name}", widget)
            error = plain_label(QLabel())
            error.setObjectName(f"e_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            setattr(self.ui, f"e_{name}", error)
            if name in sections:
                heading = plain_label(QLabel(sections[name]))
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                form.addRow(heading)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            holder = QWidget()
            holder.setLayout(box)
            box.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{labels[name]} :")
            label.setBuddy(widget)
            form.addRow(label, holder)
            self.form_rows[name] = holder
        keep_heights(*(w for w in widgets.values() if isinstance(w, QLineEdit)))
        self.ui.errorLabel = plain_label(QLabel())
        self.ui.errorLabel.setObjectName("tariffErrorLabel")
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.setWordWrap(True)
        self.ui.errorLabel.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Enregistrer")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.ui.errorLabel)
        layout.addWidget(self.buttons)
        plain_labels(self)
        self.form = form
        self.binder = FieldBinder(
            self.ui,
            FIELDS,
            parent=self,
            formats={"brackets": _display_brackets, "method": _method_value},
        )
        self.brackets: BracketsField = self.ui.f_brackets
        self.method: MethodField = self.ui.f_method
        if row is not None:
            values = row.values()
        else:
            values = {
                "valid_from": tariffs.proposed_start(rows, clock.today()),
                "method": TariffMethod.FLAT,
            }
        self.binder.load(values)
        self.binder.edited.connect(self._method_changed)
        self._method_changed()
        self.setMinimumWidth(520)

    # the method shows its price or its table ---------------------------------------------------
    def _method_changed(self) -> None:
        flat = self.method.value() == TariffMethod.FLAT.value
        bracketed = self.method.value() == TariffMethod.BRACKETS.value
        self.form.setRowVisible(self.form_rows["price"], flat)
        self.form.setRowVisible(self.form_rows["brackets"], bracketed)
        if bracketed and self.brackets.table.rowCount() == 0:
            for _ in range(2):
                self.brackets.add_row()
        grow_to_fit(self)

    # saving -------------------------------------------------------------------------------------
    def previous_to_close(self, values: Mapping[str, Any]) -> TariffRow | None:
        """The open-ended tariff a new one from the typed start would close (None: none, or
        the start is not a date yet — the save says so next to the field)."""
        if self.row is not None:
            return None
        try:
            start = parse_date(values.get("valid_from"))
        except FieldError:
            return None
        if start is None:
            return None
        return tariffs.open_ended_before(self.rows, start)

    def submit(self) -> None:
        if self.busy:
            return
        values = self.binder.values()
        close_previous = False
        previous = self.previous_to_close(values)
        if previous is not None:
            start = parse_date(values["valid_from"])
            assert start is not None
            end = start - dt.timedelta(days=1)
            answer = ask(
                self,
                "Tarif précédent",
                f"Le tarif {tariffs.period_text(previous.valid_from, None)} n'a pas de date de "
                f"fin. Le fermer le {short_date(end)}, la veille du nouveau tarif ?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            close_previous = answer == QMessageBox.StandardButton.Yes
        self.save(values, close_previous)

    def save(self, values: dict[str, Any], close_previous: bool = False) -> None:
        self.binder.clear_errors()
        self.brackets.clear_cell_errors()
        self.ui.errorLabel.setVisible(False)
        self.busy = True
        self.ok_button.setEnabled(False)
        self.context.ops.run(
            save_tariff_op(self.service_id, values, self.row, close_previous),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
            name="save_tariff",
        )

    def _done(self, result: SavedTariff) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.result_saved = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            return
        self.ui.errorLabel.setText(save_message(error))
        self.ui.errorLabel.setVisible(True)
        if isinstance(error, ConcurrentEditError) and self.row is not None:
            self.conflict_dialog = resolve_conflict(self, error, self.binder, self._resave)

    def _resave(self, error: ConcurrentEditError) -> None:
        assert self.row is not None
        self.row = replace(self.row, version=error.version or self.row.version)
        self.ui.errorLabel.setVisible(False)
        self.save(self.binder.values())

    def show_errors(self, errors: Mapping[str, str]) -> None:
        cells: dict[tuple[int, str], str] = {}
        fields: dict[str, str] = {}
        for key, message in errors.items():
            cell = tariffs.parse_bracket_key(key)
            if cell is not None:
                cells[cell] = message
            else:
                fields[key] = message
        unplaced = self.binder.show_errors(fields)
        lines = self.brackets.show_cell_errors(cells)
        if lines:
            label = self.ui.e_brackets
            previous = label.text() if "brackets" in fields else ""
            label.setText(french_spacing("\n".join([*([previous] if previous else []), *lines])))
            label.setVisible(True)
        if unplaced:
            self.ui.errorLabel.setText(french_spacing("\n".join(unplaced)))
            self.ui.errorLabel.setVisible(True)
        grow_to_fit(self)


# --------------------------------------------------------------------------- the panel


def saved_sentence(result: SavedTariff) -> str:
    text = (
        f"Tarif {tariffs.period_text(result.tariff.valid_from, result.tariff.valid_to)} enregistré."
    )
    if result.closed is not None and result.closed.valid_to is not None:
        text += (
            f" Le tarif précédent (depuis le {short_date(result.closed.valid_from)}) se termine "
            f"désormais le {short_date(result.closed.valid_to)}, la veille."
        )
    return text


class TariffsPanel(QWidget):
    """A service's tariffs: the Tarifs tab (with a service picker), or, given `service_id`,
    the same list and actions for that service alone (the service dialog's « Tarifs… »)."""

    loaded = Signal()

    def __init__(
        self,
        context: AppContext,
        service_id: int | None = None,
        service_name: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("tariffsTab" if service_id is None else "tariffsPanel")
        self.context = context
        self.fixed_service = service_id
        self.service_names: dict[int, str] = {service_id: service_name} if service_id else {}
        self.dialog: TariffDialog | None = None
        self.loads_done = 0
        self.loaded_service: int | None = None

        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("tariffServiceCombo")
        self.service_model = QStandardItemModel(self)
        self.service_combo.setModel(self.service_model)
        self.service_combo.currentIndexChanged.connect(lambda *_a: self._service_changed())
        service_label = QLabel("Prestation :", self)
        service_label.setBuddy(self.service_combo)
        bar = QHBoxLayout()
        bar.addWidget(service_label)
        bar.addWidget(self.service_combo, 1)
        bar.addStretch(1)
        if service_id is not None:
            service_label.setVisible(False)
            self.service_combo.setVisible(False)

        self.status = plain_label(QLabel(self))
        self.status.setObjectName("tariffsStatus")
        self.status.setWordWrap(True)
        self.model: KeyedModel[TariffRow] = KeyedModel(TARIFF_COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("tariffTable")
        self.model.attach(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in range(len(TARIFF_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(TARIFF_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda *_a: self.edit_tariff())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.new_button = QPushButton("Nouveau tarif…", self)
        self.new_button.setObjectName("newTariffButton")
        self.new_button.clicked.connect(lambda: self.new_tariff())
        self.edit_button = QPushButton("Modifier…", self)
        self.edit_button.setObjectName("editTariffButton")
        self.edit_button.clicked.connect(lambda: self.edit_tariff())
        self.delete_button = QPushButton("Supprimer", self)
        self.delete_button.setObjectName("deleteTariffButton")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        hint = plain_label(
            QLabel(
                french_spacing(
                    "Les tarifs d'une prestation se suivent sans se recouvrir. Un tarif qui a "
                    "servi à des factures ne se supprime pas : fermez-le à une date (« Au ») et "
                    "créez le suivant."
                ),
                self,
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(hint)
        plain_labels(self)
        context.changes.changed.connect(self._on_changes)
        self._update_buttons()
        if service_id is None:
            self.reload_services()
        else:
            self.reload()

    # loading ------------------------------------------------------------------------------------
    @property
    def service_id(self) -> int | None:
        if self.fixed_service is not None:
            return self.fixed_service
        data = self.service_combo.currentData(Qt.ItemDataRole.UserRole)
        return int(data) if isinstance(data, int) else None

    def reload_services(self) -> None:
        self.context.ops.run(
            load_services, self._services_loaded, self._load_failed, self, "tariff_services"
        )

    def _services_loaded(self, services: list[ServiceItem]) -> None:
        current = self.service_id
        self.service_combo.blockSignals(True)
        try:
            self.service_model.clear()
            fill_grouped(self.service_model, services)
            self.service_names = {s.id: s.text for s in services}
            index = self._combo_index(current) if current is not None else -1
            if index < 0:
                index = next(
                    (
                        i
                        for i in range(self.service_model.rowCount())
                        if isinstance(
                            self.service_model.item(i).data(Qt.ItemDataRole.UserRole), int
                        )
                    ),
                    -1,
                )
            self.service_combo.setCurrentIndex(index)
        finally:
            self.service_combo.blockSignals(False)
        if not services:
            self.set_status("Aucune prestation : créez-en une dans « Structures et prestations ».")
        self._service_changed()

    def _combo_index(self, service_id: int) -> int:
        for i in range(self.service_model.rowCount()):
            if self.service_model.item(i).data(Qt.ItemDataRole.UserRole) == service_id:
                return i
        return -1

    def select_service(self, service_id: int) -> None:
        index = self._combo_index(service_id)
        if index >= 0:
            self.service_combo.setCurrentIndex(index)

    def _service_changed(self) -> None:
        if self.loaded_service != self.service_id:
            self.set_status("")
        self.reload()

    def reload(self) -> None:
        service_id = self.service_id
        if service_id is None:
            self.model.update_rows([])
            self._update_buttons()
            return
        self.context.ops.run(
            lambda db: load_tariffs(db, service_id),
            lambda rows: self._loaded(service_id, rows),
            self._load_failed,
            self,
            "tariffs",
        )

    def _loaded(self, service_id: int, rows: list[TariffRow]) -> None:
        if service_id != self.service_id:
            return  # another service was chosen meanwhile: its own load follows
        self.loads_done += 1
        self.loaded_service = service_id
        self.model.update_rows(rows)
        self.table.resizeColumnsToContents()  # now, not at the next layout pass
        self.table.resizeRowsToContents()
        if not rows and not self.status.text():
            self.set_status(
                "Aucun tarif pour cette prestation : ses jours ne peuvent pas être facturés. "
                "Cliquez sur « Nouveau tarif »."
            )
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.set_status(user_message(error))

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        if started_by(self, origin):
            return
        if self.fixed_service is None and touching(changes, SERVICE_TABLES):
            self.reload_services()
            return
        service_id = self.service_id
        if service_id is not None and touching(changes, TARIFF_TABLES, service_id=service_id):
            self.reload()

    # actions ------------------------------------------------------------------------------------
    def selected(self) -> TariffRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_tariff(self, tariff_id: int) -> None:
        row = self.model.row_of(tariff_id)
        if row >= 0:
            self.table.selectRow(row)

    def _open(self, row: TariffRow | None) -> TariffDialog | None:
        service_id = self.service_id
        if service_id is None or not self.context.can(Permission.SETTINGS):
            return None
        dialog = TariffDialog(
            self.context,
            service_id,
            self.service_names.get(service_id, "").strip(),
            self.model.rows,
            row,
            self,
        )
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def new_tariff(self) -> TariffDialog | None:
        return self._open(None)

    def edit_tariff(self) -> TariffDialog | None:
        row = self.selected()
        return self._open(row) if row is not None else None

    def _saved(self, result: SavedTariff) -> None:
        self.set_status(saved_sentence(result))
        self.reload()

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None or not self.context.can(Permission.SETTINGS):
            return
        answer = ask(
            self,
            "Supprimer",
            f"Supprimer le tarif {tariffs.period_text(row.valid_from, row.valid_to)} ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(row)

    def delete(self, row: TariffRow) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.set_status(" ".join(error.errors.values()))
            else:
                self.set_status(save_message(error))
            self.reload()

        def done(_result: Any) -> None:
            self.set_status(f"Tarif {tariffs.period_text(row.valid_from, row.valid_to)} supprimé.")
            self.reload()

        self.context.ops.run(delete_tariff_op(row), done, failed, self, "delete_tariff")

    def set_status(self, text: str) -> None:
        self.status.setText(french_spacing(text))
        self.status.setVisible(bool(text))

    def _update_buttons(self) -> None:
        allowed = self.context.can(Permission.SETTINGS)
        selected = self.selected() is not None
        self.new_button.setEnabled(allowed and self.service_id is not None)
        self.edit_button.setEnabled(allowed and selected)
        self.delete_button.setEnabled(allowed and selected)


class ServiceTariffsDialog(QDialog):
    """« Tarifs… » of the service dialog: the same list and editor, for that service."""

    def __init__(
        self, context: AppContext, service_id: int, service_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("serviceTariffsDialog")
        self.setWindowTitle(f"Tarifs — {service_name}")
        self.panel = TariffsPanel(context, service_id, service_name, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(820, 420)


def add_settings_tab(context: AppContext, tabs: Any, index: int | None = None) -> TariffsPanel:
    """The Tarifs tab of Paramètres."""
    tab = TariffsPanel(context)
    if index is None:
        tabs.addTab(tab, TITLE)
    else:
        tabs.insertTab(index, tab, TITLE)
    return tab
