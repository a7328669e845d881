"""Paramètres › Calendrier: one school year (September to August) of public holidays, school
holidays and closures, imported then edited, and its year view.

The tab lists the year's periods (a KeyedModel: a refresh changes rows in place) beside twelve
small months where every day takes the colour and symbol of the planning's legend (core
CellState: jour férié, fermeture, petites and grandes vacances). What a day is comes from the
core (services.calendar_year); the widgets only paint it. Each action is an op that checks the
settings permission again; the tab follows the change hub (another PC's edit shows at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core import clock
from ..core.changefeed import Change
from ..core.errors import ConcurrentEditError, ValidationError
from ..core.formatting import french_spacing
from ..core.models.enums import CalendarKind, CalendarSource, SchoolZone
from ..core.planning.states import CellState
from ..core.services import calendar, calendar_year, commune
from ..core.services.calendar import PeriodRow, YearImport
from ..core.services.calendar_year import YEAR_LEGEND, DayMark
from ..core.services.staff import Permission
from .changes import started_by, touching
from .conflicts import ConflictDialog, resolve_conflict
from .context import AppContext
from .fieldforms import FieldBinder, grow_to_fit, keep_heights
from .keyed_model import Column, KeyedModel
from .ops import OpDb, save_message, user_message
from .plaintext import ask, plain_label, plain_labels, plain_tip

TITLE = "Calendrier"
CALENDAR_TABLES = frozenset({"calendar_period", "structure", "commune_settings"})
YEARS_AROUND = 2  # school years offered before and after the current one
LOCALE = "fr_FR"
WHOLE_COMMUNE = "Toute la commune"
ERROR_STYLE = "color: #b00020;"
SELECTED_COLOUR = "#1565c0"  # the frame of the days of the period selected in the list
TODAY_COLOUR = "#d50000"
EMPTY_YEAR = french_spacing(
    "Aucune période pour cette année scolaire : cliquez sur « Importer les jours fériés et "
    "vacances scolaires »."
)


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class CalendarData:
    first_year: int
    periods: list[PeriodRow]
    marks: dict[dt.date, DayMark]
    structures: list[tuple[int, str]]
    zone: SchoolZone


def load_calendar(db: OpDb, first_year: int) -> CalendarData:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        first, last = calendar.school_year_bounds(first_year)
        periods = calendar.list_periods(session, first, last)
        return CalendarData(
            first_year,
            periods,
            calendar_year.mark_days(periods, first, last),
            [(s.id, s.name) for s in commune.list_structures(session)],
            commune.get_settings(session).school_zone,
        )


def import_year_op(first_year: int) -> Callable[[OpDb], YearImport]:
    def op(db: OpDb) -> YearImport:
        staff = db.require(Permission.SETTINGS)
        with db.write() as session:
            return calendar.import_school_year(session, first_year, role=staff.role)

    return op


def day_text(day: dt.date) -> str:
    """ "mer. 11/11/2026" """
    return f"{format_date(day, 'EEE', locale=LOCALE)} {day:%d/%m/%Y}"


def dates_text(row: PeriodRow) -> str:
    if row.start_date == row.end_date:
        return day_text(row.start_date)
    days = (row.end_date - row.start_date).days + 1
    return f"{day_text(row.start_date)} → {day_text(row.end_date)} ({days} jours)"


def _state(row: PeriodRow) -> CellState:
    return calendar_year.STATE_OF_KIND[row.kind]


PERIOD_COLUMNS: list[Column[PeriodRow]] = [
    Column("Dates", dates_text),
    Column("Type", lambda r: r.kind.label),
    Column("Nom ou motif", lambda r: r.label),
    Column("Concerne", lambda r: r.structure_name or WHOLE_COMMUNE),
    Column(
        "Origine",
        lambda r: "importé" if r.source is CalendarSource.IMPORTED else "saisi",
        tooltip=lambda r: (
            "Importé des données officielles ; vous pouvez le modifier ou le supprimer."
            if r.source is CalendarSource.IMPORTED
            else "Saisi par la mairie."
        ),
    ),
]


class PeriodModel(KeyedModel[PeriodRow]):
    """The periods of the year, each type with its legend swatch."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.isValid()
            and index.column() == 1
            and 0 <= index.row() < self.rowCount()
        ):
            return QColor(_state(self.row_at(index.row())).colour)
        return super().data(index, role)


# --------------------------------------------------------------------------- year view


def _french_month(first_of_month: dt.date) -> str:
    return format_date(first_of_month, "LLLL y", locale=LOCALE).capitalize()


WEEKDAY_INITIALS = ("L", "M", "M", "J", "V", "S", "D")


class MonthView(QWidget):
    """One month painted as a 7-column grid (no widget per day). A marked day takes its
    state's background, text colour and symbol; a structure's closure is outlined only (the
    other structures stay open); today is framed. Hovering a day tells what it is."""

    day_activated = QtSignal(object)  # dt.date, on double-click

    HEADER = 20
    WEEKDAYS = 15
    MIN_WIDTH = 7 * 21 + 4

    def __init__(self, first_of_month: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.first = first_of_month
        self.marks: dict[dt.date, DayMark] = {}
        self.highlight: tuple[dt.date, dt.date] | None = None  # the period selected in the list
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName(f"month_{first_of_month:%Y_%m}")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(7 * 26 + 4, self.HEADER + self.WEEKDAYS + 6 * 19 + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.MIN_WIDTH, self.HEADER + self.WEEKDAYS + 6 * 19 + 4)

    def set_highlight(self, days: tuple[dt.date, dt.date] | None) -> None:
        if days != self.highlight:
            self.highlight = days
            self.update()

    def set_marks(self, marks: dict[dt.date, DayMark]) -> None:
        self.marks = marks
        self.update()

    def days(self) -> list[dt.date]:
        day, out = self.first, []
        while day.month == self.first.month:
            out.append(day)
            day += dt.timedelta(days=1)
        return out

    def _cell(self) -> tuple[int, int]:
        return (
            max(1, (self.width() - 4) // 7),
            max(1, (self.height() - self.HEADER - self.WEEKDAYS - 4) // 6),
        )

    def day_rect(self, day: dt.date) -> QRect:
        width, height = self._cell()
        offset = self.first.weekday() + day.day - 1
        row, column = divmod(offset, 7)
        left = 2 + (self.width() - 4 - 7 * width) // 2
        return QRect(
            left + column * width,
            self.HEADER + self.WEEKDAYS + 2 + row * height,
            width - 1,
            height - 1,
        )

    def day_at(self, x: int, y: int) -> dt.date | None:
        for day in self.days():
            if self.day_rect(day).contains(x, y):
                return day
        return None

    def state_of(self, day: dt.date) -> CellState | None:
        mark = self.marks.get(day)
        return mark.state if mark is not None else None

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.windowText().color())
        painter.drawText(
            QRect(0, 0, self.width(), self.HEADER),
            Qt.AlignmentFlag.AlignCenter,
            _french_month(self.first),
        )
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.8))
        painter.setFont(small)
        width, _height = self._cell()
        left = 2 + (self.width() - 4 - 7 * width) // 2
        grey = QColor("#757575")
        for column, initial in enumerate(WEEKDAY_INITIALS):
            painter.setPen(grey)
            painter.drawText(
                QRect(left + column * width, self.HEADER, width, self.WEEKDAYS),
                Qt.AlignmentFlag.AlignCenter,
                initial,
            )
        number_font = QFont(self.font())
        number_font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        symbol_font = QFont(self.font())
        symbol_font.setPointSizeF(max(5.5, self.font().pointSizeF() * 0.6))
        symbol_font.setBold(True)
        today = clock.today()
        for day in self.days():
            rect = self.day_rect(day)
            mark = self.marks.get(day)
            text_colour = palette.windowText().color()
            if mark is not None and not mark.structure_only:
                painter.fillRect(rect, QColor(mark.state.colour))
                text_colour = QColor(mark.state.text_colour)
            elif day.weekday() >= 5:
                painter.fillRect(rect, QColor("#f2f2f2"))
                text_colour = grey
            if mark is not None and mark.structure_only:
                pen = QPen(QColor(mark.state.colour))
                pen.setWidth(2)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            if self.highlight is not None and self.highlight[0] <= day <= self.highlight[1]:
                pen = QPen(QColor(SELECTED_COLOUR))
                pen.setWidth(3)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            elif day == today:
                pen = QPen(QColor(TODAY_COLOUR))
                pen.setWidth(2)
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
            symbol = mark is not None and bool(mark.state.symbol) and rect.width() >= 18
            painter.setPen(text_colour)
            painter.setFont(number_font)
            # A symbol takes the cell's top-right corner: the number moves aside for it.
            painter.drawText(
                rect.adjusted(0, 0, -4, 0) if symbol else rect,
                Qt.AlignmentFlag.AlignCenter,
                str(day.day),
            )
            if mark is not None and symbol:
                painter.setFont(symbol_font)
                painter.setPen(
                    QColor(mark.state.text_colour)
                    if not mark.structure_only
                    else QColor(mark.state.colour)
                )
                painter.drawText(
                    rect.adjusted(0, 0, -2, 0),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    mark.state.symbol,
                )
        painter.end()

    def tooltip_for(self, day: dt.date) -> str:
        mark = self.marks.get(day)
        lines = [format_date(day, "EEEE d MMMM y", locale=LOCALE).capitalize()]
        if mark is None:
            lines.append("Jour de classe" if day.weekday() < 5 else "Week-end")
        else:
            lines += list(mark.lines)
        return french_spacing("\n".join(lines))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos().x(), event.pos().y())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), plain_tip(self.tooltip_for(day)), self)
            return True
        return super().event(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        day = self.day_at(int(event.position().x()), int(event.position().y()))
        if day is not None:
            self.day_activated.emit(day)


class Swatch(QWidget):
    """A small day as the year view paints it: filled (or only framed) and its symbol."""

    def __init__(
        self,
        colour: str,
        text_colour: str,
        symbol: str = "",
        outlined: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.colour, self.text_colour, self.symbol, self.outlined = (
            QColor(colour),
            QColor(text_colour),
            symbol,
            outlined,
        )
        self.setFixedSize(26, 20)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        if self.outlined:
            pen = QPen(self.colour)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.setPen(self.colour)
        else:
            painter.fillRect(rect, self.colour)
            painter.setPen(self.text_colour)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.symbol)
        painter.end()


class LegendChip(QWidget):
    """A legend entry: its swatch and its label."""

    def __init__(self, swatch: Swatch, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.swatch = swatch
        swatch.setParent(self)
        self.label = plain_label(QLabel(text, self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(6)
        layout.addWidget(swatch)
        layout.addWidget(self.label)

    @classmethod
    def of(cls, state: CellState, text: str = "", outlined: bool = False) -> LegendChip:
        swatch = Swatch(state.colour, state.text_colour, state.symbol, outlined)
        return cls(swatch, text or state.label)


class YearView(QWidget):
    """Twelve months, September to August, six or four to a row as the width allows."""

    day_activated = QtSignal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("yearView")
        self.first_year = 0
        self.columns = 6
        self.months: list[MonthView] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_year(self, first_year: int, marks: dict[dt.date, DayMark]) -> None:
        if first_year != self.first_year:
            self.first_year = first_year
            for month in self.months:
                self.grid.removeWidget(month)
                month.deleteLater()
            self.months = []
            for n in range(12):
                year, month0 = divmod(calendar.SCHOOL_YEAR_START_MONTH - 1 + n, 12)
                view = MonthView(dt.date(first_year + year, month0 + 1, 1), self)
                view.day_activated.connect(self.day_activated)
                self.months.append(view)
            self._place()
        for view in self.months:
            month = (view.first.year, view.first.month)
            view.set_marks({d: m for d, m in marks.items() if (d.year, d.month) == month})

    def _columns_for(self, width: int) -> int:
        month = MonthView.MIN_WIDTH + self.grid.horizontalSpacing()
        return 6 if width >= 6 * month else 4 if width >= 4 * month else 3

    def _place(self) -> None:
        for month in self.months:
            self.grid.removeWidget(month)
        for n, month in enumerate(self.months):
            self.grid.addWidget(month, n // self.columns, n % self.columns)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        columns = self._columns_for(event.size().width())
        if columns != self.columns:
            self.columns = columns
            self._place()

    def set_highlight(self, days: tuple[dt.date, dt.date] | None) -> None:
        """Frame these days (the period selected in the list)."""
        for month in self.months:
            month.set_highlight(days)

    def month_of(self, day: dt.date) -> MonthView | None:
        return next(
            (m for m in self.months if (m.first.year, m.first.month) == (day.year, day.month)),
            None,
        )

    def state_of(self, day: dt.date) -> CellState | None:
        month = self.month_of(day)
        return month.state_of(day) if month is not None else None


def legend_widget(parent: QWidget | None = None) -> QWidget:
    """The year view's legend: the calendar states of the planning's legend, and a
    structure's closure (outlined: the other structures stay open)."""
    legend = QWidget(parent)
    legend.setObjectName("calendarLegend")
    layout = QHBoxLayout(legend)
    layout.setContentsMargins(0, 0, 0, 0)
    chips = [LegendChip.of(state) for state in YEAR_LEGEND]
    chips.append(
        LegendChip.of(CellState.CLOSURE, calendar_year.STRUCTURE_CLOSURE_LABEL, outlined=True)
    )
    chips.append(LegendChip(Swatch(TODAY_COLOUR, TODAY_COLOUR, outlined=True), "Aujourd'hui"))
    chips.append(
        LegendChip(Swatch(SELECTED_COLOUR, SELECTED_COLOUR, outlined=True), "Période choisie")
    )
    for chip in chips:
        chip.setParent(legend)
        layout.addWidget(chip)
    return legend


# --------------------------------------------------------------------------- period dialog

FIELDS = list(calendar.PERIOD_FIELDS)


class PeriodDialog(QDialog):
    """Add or change a period; the core's French errors show next to their field and what was
    typed stays."""

    def __init__(
        self,
        context: AppContext,
        structures: list[tuple[int, str]],
        row: PeriodRow | None = None,
        initial: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("periodDialog")
        self.context = context
        self.row = row
        self.busy = False
        self.conflict_dialog: ConflictDialog | None = None
        self.setWindowTitle("Modifier la période" if row else "Ajouter au calendrier")
        self.ui = SimpleNamespace()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widgets: dict[str, QWidget] = {
            "kind": QComboBox(),
            "start_date": QLineEdit(),
            "end_date": QLineEdit(),
            "label": QLineEdit(),
            "structure_id": QComboBox(),
        }
        widgets["start_date"].setPlaceholderText("JJ/MM/AAAA")  # type: ignore[attr-defined]
        widgets["end_date"].setPlaceholderText(  # type: ignore[attr-defined]
            "vide : un seul jour"
        )
        widgets["label"].setPlaceholderText(  # type: ignore[attr-defined]
            "par exemple : Pont de l'Ascension"
        )
        structure = widgets["structure_id"]
        assert isinstance(structure, QComboBox)
        structure.addItem(WHOLE_COMMUNE, "")
        for structure_id, name in structures:
            structure.addItem(name, structure_id)
        for name, widget in widgets.items():
            widget.setObjectName(f"f_{name}")
            setattr(self.ui, f"f_{name}", widget)
            error = plain_label(QLabel())
            error.setObjectName(f"e_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            setattr(self.ui, f"e_{name}", error)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(f"{calendar.PERIOD_LABELS[name]} :")
            label.setBuddy(widget)
            form.addRow(label, box)
        keep_heights(*widgets.values())
        self.ui.errorLabel = plain_label(QLabel())
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
        self.binder = FieldBinder(self.ui, FIELDS, {"kind": CalendarKind}, ("kind",), self)
        values: dict[str, Any] = {"kind": CalendarKind.CLOSURE, "structure_id": None}
        if row is not None:
            values = row.values()
        values.update(initial or {})
        self.binder.load(values)
        self.ui.f_kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.setMinimumWidth(460)

    def _kind_changed(self, *_args: Any) -> None:
        closure = self.ui.f_kind.currentData() == CalendarKind.CLOSURE.value
        self.ui.f_structure_id.setEnabled(closure)
        if not closure:
            self.ui.f_structure_id.setCurrentIndex(0)

    def submit(self) -> None:
        if self.busy:
            return
        self.binder.clear_errors()
        self.ui.errorLabel.setVisible(False)
        values = self.binder.values()
        row = self.row

        def op(db: OpDb) -> None:
            staff = db.require(Permission.SETTINGS)
            with db.write() as session:
                if row is None:
                    calendar.add_period(session, values, role=staff.role)
                else:
                    calendar.update_period(
                        session, row.id, values, expected_version=row.version, role=staff.role
                    )

        self.busy = True
        self.context.ops.run(
            op,
            on_done=lambda _r: self._done(),
            on_error=self._failed,
            owner=self,
            name="save_period",
        )

    def _done(self) -> None:
        self.busy = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ValidationError):
            unplaced = self.binder.show_errors(error.errors)
            if unplaced:
                self.ui.errorLabel.setText(french_spacing("\n".join(unplaced)))
                self.ui.errorLabel.setVisible(True)
            grow_to_fit(self)
            return
        self.ui.errorLabel.setText(save_message(error))
        self.ui.errorLabel.setVisible(True)
        if isinstance(error, ConcurrentEditError) and self.row is not None:
            self.conflict_dialog = resolve_conflict(self, error, self.binder, self._resave)

    def _resave(self, error: ConcurrentEditError) -> None:
        assert self.row is not None
        self.row = replace(self.row, version=error.version or self.row.version)
        self.ui.errorLabel.setVisible(False)
        self.submit()


# --------------------------------------------------------------------------- the tab


class CalendarTab(QWidget):
    """Paramètres › Calendrier."""

    loaded = QtSignal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendarTab")
        self.context = context
        self.data: CalendarData | None = None
        self.dialog: PeriodDialog | None = None
        self.loads_done = 0
        current = clock.school_year_start(clock.today())

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("schoolYearCombo")
        for year in range(current - YEARS_AROUND, current + YEARS_AROUND + 1):
            self.year_combo.addItem(calendar.school_year_label(year), year)
        self.year_combo.setCurrentIndex(YEARS_AROUND)
        self.year_combo.currentIndexChanged.connect(lambda *_a: self._year_changed())
        self.import_button = QPushButton("Importer les jours fériés et vacances scolaires", self)
        self.import_button.setObjectName("importCalendarButton")
        self.import_button.clicked.connect(self.import_year)
        self.zone_label = plain_label(QLabel(self))
        self.zone_label.setObjectName("zoneLabel")
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("calendarStatus")
        self.status.setWordWrap(True)
        year_label = QLabel("Année scolaire :", self)
        year_label.setBuddy(self.year_combo)
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year_combo)
        bar.addSpacing(12)
        bar.addWidget(self.import_button)
        bar.addSpacing(12)
        bar.addWidget(self.zone_label)
        bar.addStretch(1)

        self.model = PeriodModel(PERIOD_COLUMNS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("periodTable")
        self.model.attach(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(PERIOD_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda *_a: self.edit_period())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.add_button = QPushButton("Ajouter…", self)
        self.add_button.setObjectName("addPeriodButton")
        self.add_button.setToolTip("Un jour férié, une fermeture ou des vacances")
        self.add_button.clicked.connect(lambda: self.add_period())
        self.edit_button = QPushButton("Modifier…", self)
        self.edit_button.setObjectName("editPeriodButton")
        self.edit_button.clicked.connect(lambda: self.edit_period())
        self.delete_button = QPushButton("Supprimer", self)
        self.delete_button.setObjectName("deletePeriodButton")
        self.delete_button.clicked.connect(self.delete_period)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        hint = plain_label(
            QLabel(
                french_spacing(
                    "Dans les mois ci-dessus : survolez un jour pour voir ce qu'il est, "
                    "double-cliquez pour y ajouter une fermeture."
                ),
                self,
            )
        )
        hint.setStyleSheet("color: #616161;")
        buttons.addWidget(hint)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.year_view = YearView(self)
        self.year_view.day_activated.connect(self._day_activated)
        legend = QHBoxLayout()
        legend.addWidget(legend_widget(self))
        legend.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.year_view)
        layout.addLayout(legend)
        layout.addSpacing(6)
        layout.addWidget(left, 1)
        allowed = context.can(Permission.SETTINGS)
        for button in (self.import_button, self.add_button):
            button.setEnabled(allowed)
        plain_labels(self)  # every label shows its text as it is (no markup)
        context.changes.changed.connect(self._on_changes)
        self._update_buttons()
        self.reload()

    # loading ------------------------------------------------------------------------------------
    @property
    def first_year(self) -> int:
        return int(self.year_combo.currentData())

    def set_school_year(self, first_year: int) -> None:
        index = self.year_combo.findData(first_year)
        if index < 0:
            self.year_combo.addItem(calendar.school_year_label(first_year), first_year)
            index = self.year_combo.count() - 1
        self.year_combo.setCurrentIndex(index)

    def _year_changed(self) -> None:
        self.set_status("")
        self.reload()

    def reload(self) -> None:
        first_year = self.first_year
        self.context.ops.run(
            lambda db: load_calendar(db, first_year),
            self._loaded,
            self._load_failed,
            self,
            "calendar",
        )

    def _loaded(self, data: CalendarData) -> None:
        if data.first_year != self.first_year:
            return  # the user chose another year meanwhile: its own load follows
        self.loads_done += 1
        self.data = data
        self.model.update_rows(data.periods)
        self.year_view.show_year(data.first_year, data.marks)
        self.zone_label.setText(
            french_spacing(
                f"Vacances scolaires : {data.zone.label} (la zone de la commune, réglée dans "
                "« Commune et portail »)"
            )
        )
        if not data.periods and not self.status.text():
            self.set_status(EMPTY_YEAR)
        elif data.periods and self.status.text() == EMPTY_YEAR:
            self.set_status("")
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.set_status(user_message(error))

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        if started_by(self, origin) or self.data is None:
            return
        first, last = calendar.school_year_bounds(self.first_year)
        if touching(changes, {"calendar_period"}, days=(first, last)) or touching(
            changes, CALENDAR_TABLES - {"calendar_period"}
        ):
            self.reload()

    # actions ------------------------------------------------------------------------------------
    def import_year(self) -> None:
        first_year = self.first_year
        self.import_button.setEnabled(False)
        self.set_status("Import en cours…")

        def done(result: YearImport) -> None:
            self.import_button.setEnabled(True)
            self.set_status(f"{calendar.school_year_label(first_year)} : {result.sentence()}")
            self.reload()

        def failed(error: BaseException) -> None:
            self.import_button.setEnabled(True)
            self.set_status(save_message(error))

        self.context.ops.run(import_year_op(first_year), done, failed, self, "import_calendar")

    def selected(self) -> PeriodRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_period(self, period_id: int) -> None:
        row = self.model.row_of(period_id)
        if row >= 0:
            self.table.selectRow(row)

    def _open(self, dialog: PeriodDialog, message: str) -> PeriodDialog:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._changed(message))
        dialog.open()
        return dialog

    def add_period(self, initial: dict[str, Any] | None = None) -> PeriodDialog | None:
        if not self.context.can(Permission.SETTINGS):
            return None
        structures = self.data.structures if self.data else []
        return self._open(
            PeriodDialog(self.context, structures, None, initial, self), "Période ajoutée."
        )

    def edit_period(self) -> PeriodDialog | None:
        row = self.selected()
        if row is None or not self.context.can(Permission.SETTINGS):
            return None
        structures = self.data.structures if self.data else []
        return self._open(
            PeriodDialog(self.context, structures, row, None, self), "Période modifiée."
        )

    def _day_activated(self, day: dt.date) -> None:
        self.add_period({"kind": CalendarKind.CLOSURE, "start_date": day, "end_date": day})

    def delete_period(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = ask(
            self,
            "Supprimer",
            french_spacing(f"Supprimer « {row.label} » ({dates_text(row)}) du calendrier ?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete(row)

    def delete(self, row: PeriodRow) -> None:
        def op(db: OpDb) -> None:
            staff = db.require(Permission.SETTINGS)
            with db.write() as session:
                calendar.delete_period(session, row.id, row.version, role=staff.role)

        def failed(error: BaseException) -> None:
            self.set_status(save_message(error))
            self.reload()

        self.context.ops.run(
            op, lambda _r: self._changed("Période supprimée."), failed, self, "delete_period"
        )

    def _changed(self, message: str) -> None:
        self.set_status(message)
        self.reload()

    def set_status(self, text: str) -> None:
        self.status.setText(french_spacing(text))
        self.status.setVisible(bool(text))

    def _update_buttons(self) -> None:
        allowed = self.context.can(Permission.SETTINGS)
        row = self.selected()
        self.year_view.set_highlight((row.start_date, row.end_date) if row is not None else None)
        selected = row is not None
        self.edit_button.setEnabled(allowed and selected)
        self.delete_button.setEnabled(allowed and selected)


def add_settings_tab(context: AppContext, tabs: Any, index: int | None = None) -> CalendarTab:
    """The Calendrier tab of Paramètres."""
    tab = CalendarTab(context)
    if index is None:
        tabs.addTab(tab, TITLE)
    else:
        tabs.insertTab(index, tab, TITLE)
    return tab
