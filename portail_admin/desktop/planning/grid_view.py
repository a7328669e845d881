"""The planning grid widget: the names frozen on the left, the days on the right, the footer
counts under the days, kept aligned while scrolling.

Four QTableViews share one model family (grid_model): `names` (LineInfoModel) and `cells`
(PlanningGridModel) row for row, `footer` (FooterModel) column for column with `cells`, and
the footer's labels beside it. The views' own scroll bars are hidden; one vertical bar (right)
and one horizontal bar (below the footer) drive them, so nothing drifts.

For the editing code: `cells` is the QTableView to extend (keyboard, selection, menus);
`model` its PlanningGridModel; `current_target()`, `selected_indexes()`, `jump_to_row()`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .delegate import CELL_HEIGHT, CELL_WIDTH, SELECTION, CellDelegate
from .grid_model import FOOTER_ROWS, FOOTER_TIPS, FooterModel, LineInfoModel, PlanningGridModel

HEADER_HEIGHT = 38
NAME_WIDTHS = (172, 44, 50, 62)  # Enfant, Classe, Âge, Santé
SERVICE_WIDTHS = (130, 180)  # Structure, Prestation


class CellsView(QTableView):
    """The days' view: paints the visible cells in one loop of tile copies (CellDelegate's
    tiles), the selection and the current cell included. Rows and columns are uniform (fixed
    sizes), so a cell's place is arithmetic."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        model = self.model()
        delegate = self.itemDelegate()
        if not isinstance(model, PlanningGridModel) or not isinstance(delegate, CellDelegate):
            super().paintEvent(event)
            return
        viewport = self.viewport()
        painter = QPainter(viewport)
        area = event.rect()
        painter.fillRect(area, viewport.palette().base())
        rows, columns = model.rowCount(), model.columnCount()
        if not rows or not columns:
            painter.end()
            return
        vertical, horizontal = self.verticalHeader(), self.horizontalHeader()
        first_row = max(vertical.visualIndexAt(area.top()), 0)
        last_row = vertical.visualIndexAt(area.bottom())
        last_row = rows - 1 if last_row < 0 else last_row
        first_column = max(horizontal.visualIndexAt(area.left()), 0)
        last_column = horizontal.visualIndexAt(area.right())
        last_column = columns - 1 if last_column < 0 else last_column
        height = vertical.defaultSectionSize()
        width = horizontal.defaultSectionSize()
        top = vertical.sectionViewportPosition(first_row)
        left = horizontal.sectionViewportPosition(first_column)
        ratio = viewport.devicePixelRatioF()
        today = model.today_column
        selected: set[tuple[int, int]] = set()
        for block in self.selectionModel().selection():
            for row in range(max(block.top(), first_row), min(block.bottom(), last_row) + 1):
                for column in range(
                    max(block.left(), first_column), min(block.right(), last_column) + 1
                ):
                    selected.add((row, column))
        tile = delegate.tile
        lines = model.lines
        day_range = range(first_column, last_column + 1)
        y = top
        for row in range(first_row, last_row + 1):
            line = lines[row]
            states, cells, pending = line.states, line.cells, line.pending
            x = left
            for column in day_range:
                cell = cells.get(column)
                painter.drawPixmap(
                    x,
                    y,
                    tile(
                        states[column],
                        cell is not None and cell.locked_reason is not None,
                        column in pending,
                        column == today,
                        (row, column) in selected,
                        width,
                        height,
                        ratio,
                    ),
                )
                x += width
            y += height
        current = self.currentIndex()
        if current.isValid() and self.hasFocus():
            rect = self.visualRect(current)
            if rect.intersects(area):
                painter.setPen(QPen(SELECTION, 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()


def _flat_table(parent: QWidget, name: str, kind: type[QTableView] = QTableView) -> QTableView:
    view = kind(parent)
    view.setObjectName(name)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setCornerButtonEnabled(False)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setMinimumSectionSize(CELL_HEIGHT)
    vertical.setDefaultSectionSize(CELL_HEIGHT)
    header = view.horizontalHeader()
    header.setFixedHeight(HEADER_HEIGHT)
    header.setHighlightSections(False)
    return view


class PlanningGrid(QFrame):
    """The grid of a month (a service's, or a child's when `by_child`)."""

    detail_wanted = Signal(int, int)  # row, column: the cell's tooltip asks who changed it
    row_activated = Signal(int)  # a name was double-clicked

    def __init__(
        self,
        parent: QWidget | None = None,
        model: PlanningGridModel | None = None,
        *,
        footer: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("planningGrid")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = model if model is not None else PlanningGridModel(self)
        self.info_model = LineInfoModel(self.model, self)
        self.footer_model: FooterModel = self.model.footer
        self.delegate = CellDelegate(self)

        self.names = _flat_table(self, "planningNames")
        self.names.setModel(self.info_model)
        self.names.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.names.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.names.setStyleSheet("QTableView { gridline-color: #cfd8dc; }")
        self.names.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.cells = _flat_table(self, "planningCells", CellsView)
        self.cells.setModel(self.model)
        self.cells.setItemDelegate(self.delegate)
        self.cells.setShowGrid(False)  # the tiles draw their own lines
        self.cells.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.cells.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.cells.setMouseTracking(True)
        cell_header = self.cells.horizontalHeader()
        cell_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        cell_header.setMinimumSectionSize(CELL_WIDTH)
        cell_header.setDefaultSectionSize(CELL_WIDTH)
        self.cells.viewport().installEventFilter(self)

        self.footer = _flat_table(self, "planningFooter")
        self.footer.setModel(self.footer_model)
        self.footer.horizontalHeader().setVisible(False)
        self.footer.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.footer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.footer.setStyleSheet("QTableView { gridline-color: #cfd8dc; }")
        footer_header = self.footer.horizontalHeader()
        footer_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        footer_header.setMinimumSectionSize(CELL_WIDTH)
        footer_header.setDefaultSectionSize(CELL_WIDTH)
        self.footer.setFixedHeight(CELL_HEIGHT * len(FOOTER_ROWS))
        self.footer_labels = QWidget(self)
        self.footer_labels.setObjectName("planningFooterLabels")
        labels = QVBoxLayout(self.footer_labels)
        labels.setContentsMargins(0, 0, 6, 0)
        labels.setSpacing(0)
        self.footer_label_widgets: list[QLabel] = []
        for text, tip in zip(FOOTER_ROWS, FOOTER_TIPS, strict=True):
            label = QLabel(text, self.footer_labels)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(tip)
            label.setFixedHeight(CELL_HEIGHT)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setStyleSheet("font-weight: bold;")
            labels.addWidget(label)
            self.footer_label_widgets.append(label)
        self.footer_labels.setFixedHeight(CELL_HEIGHT * len(FOOTER_ROWS))

        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.vbar.setObjectName("planningVerticalBar")
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.hbar.setObjectName("planningHorizontalBar")
        self._mirror(self.cells.verticalScrollBar(), self.vbar, self.names.verticalScrollBar())
        self._mirror(self.cells.horizontalScrollBar(), self.hbar, self.footer.horizontalScrollBar())

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.names, 0, 0)
        layout.addWidget(self.cells, 0, 1)
        layout.addWidget(self.vbar, 0, 2)
        layout.addWidget(self.footer_labels, 1, 0)
        layout.addWidget(self.footer, 1, 1)
        layout.addWidget(self.hbar, 2, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(0, 1)
        self.show_footer(footer)

        # Rows: a click on a name selects the child's row of days; the name follows the grid.
        self.names.clicked.connect(self._name_clicked)
        self.names.doubleClicked.connect(lambda index: self.row_activated.emit(index.row()))
        self.cells.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._fit_names)
        self._fit_names()

    # --------------------------------------------------------------------------- layout
    @staticmethod
    def _mirror(source: QScrollBar, shown: QScrollBar, follower: QScrollBar) -> None:
        """`shown` (the visible bar) and `follower` (another view's hidden bar) move with
        `source` (the cells' own bar, hidden), and the other way round."""

        def on_range(low: int, high: int) -> None:
            shown.setRange(low, high)
            shown.setPageStep(source.pageStep())
            shown.setSingleStep(source.singleStep())
            shown.setVisible(high > low)

        source.rangeChanged.connect(on_range)
        source.valueChanged.connect(shown.setValue)
        source.valueChanged.connect(follower.setValue)
        shown.valueChanged.connect(source.setValue)
        follower.valueChanged.connect(source.setValue)
        on_range(source.minimum(), source.maximum())

    def show_footer(self, visible: bool) -> None:
        self.footer.setVisible(visible)
        self.footer_labels.setVisible(visible)

    def _fit_names(self) -> None:
        if getattr(self, "_compact", False):
            return
        widths = SERVICE_WIDTHS if self.model.by_child else NAME_WIDTHS
        header = self.names.horizontalHeader()
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        self.names.setFixedWidth(sum(widths[: self.info_model.columnCount()]))
        self.footer_labels.setFixedWidth(self.names.width())

    def compact(self) -> None:
        """A narrow place (the family record): a child's month without the Structure column
        (the service's tooltip names it)."""
        if self.model.by_child:
            self.names.setColumnHidden(0, True)
            self.names.setFixedWidth(SERVICE_WIDTHS[1])
            self.footer_labels.setFixedWidth(self.names.width())
            self._compact = True

    def hide_health(self, hidden: bool) -> None:
        """Roles that may not see health data: no « Santé » column (its marks are empty)."""
        if not self.model.by_child:
            self.names.setColumnHidden(3, hidden)
            widths = NAME_WIDTHS[:3] if hidden else NAME_WIDTHS
            self.names.setFixedWidth(sum(widths))
            self.footer_labels.setFixedWidth(self.names.width())

    # --------------------------------------------------------------------------- selection
    def _name_clicked(self, index: QModelIndex) -> None:
        row = index.row()
        column = self.cells.currentIndex().column()
        if column < 0:
            column = max(self.model.today_column, 0)
        self.cells.setCurrentIndex(self.model.index(row, column))
        self.cells.selectRow(row)
        self.cells.setFocus()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            names = self.names.selectionModel()
            flags = QItemSelectionModel.SelectionFlag
            names.setCurrentIndex(
                self.info_model.index(current.row(), 0), flags.ClearAndSelect | flags.Rows
            )

    def jump_to_row(self, row: int) -> None:
        """Make `row` current (on today's column, else the current one), selected and shown in
        the middle of the grid."""
        if not 0 <= row < self.model.rowCount():
            return
        column = self.cells.currentIndex().column()
        if column < 0:
            column = max(self.model.today_column, 0)
        index = self.model.index(row, column)
        self.cells.setCurrentIndex(index)
        self.cells.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.cells.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def current_target(self) -> Any:
        index = self.cells.currentIndex()
        return self.model.target(index) if index.isValid() else None

    def selected_indexes(self) -> list[QModelIndex]:
        return sorted(
            self.cells.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())
        )

    def scroll_to_today(self) -> None:
        column = self.model.today_column
        if column >= 0 and self.model.rowCount():
            row = max(self.cells.rowAt(0), 0)
            self.cells.scrollTo(
                self.model.index(row, column), QAbstractItemView.ScrollHint.EnsureVisible
            )

    # --------------------------------------------------------------------------- tooltips
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.cells.viewport() and event.type() == QEvent.Type.ToolTip:
            index = self.cells.indexAt(event.pos())  # type: ignore[attr-defined]
            if index.isValid():
                self.detail_wanted.emit(index.row(), index.column())
        return super().eventFilter(watched, event)
