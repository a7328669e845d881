"""The painting delegate of the planning grid: no widget per cell, and no allocation per cell.

The grid's view (grid_view.CellsView) paints its visible cells in one loop with the tiles of
this delegate (`tile`), because Qt's per-cell path (an option, a `flags()` and a `paint()` call
into Python for every cell) costs about 40 ms for a 1366×768 screen on its own; `paint` serves
any other view given this delegate.

Each cell is one `drawPixmap` of a pre-rendered tile: the state's colour, its symbol centred,
and the marks (a padlock on a locked cell, a corner on a cell with a family's request waiting,
today's column edged, the selection outlined). Tiles are made once per (state, marks, size) and
per device pixel ratio, so painting a full screen is a few hundred pixmap copies.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...core.planning.states import CellState
from .grid_model import PALETTE, TODAY_HEADER, PlanningGridModel

GRID_LINE = QColor("#cfd8dc")
SELECTION = QColor("#0d47a1")
SELECTION_WASH = QColor(13, 71, 161, 70)
PENDING_MARK = QColor("#e65100")
TODAY_EDGE = QColor("#f9a825")

CELL_WIDTH = 27
CELL_HEIGHT = 24


class CellDelegate(QStyledItemDelegate):
    """Paints a PlanningGridModel cell from a tile cache."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._tiles: dict[tuple[Any, ...], QPixmap] = {}
        self.font = QFont()
        self.font.setPixelSize(14)
        self.small_font = QFont()
        self.small_font.setPixelSize(11)
        self.small_font.setBold(True)
        self.tiles_made = 0  # tests and benchmarks look at it

    # --------------------------------------------------------------------------- painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        rect = option.rect
        if not isinstance(model, PlanningGridModel):
            super().paint(painter, option, index)
            return
        row, column = index.row(), index.column()
        state, locked, pending = model.paint_key(row, column)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        tile = self.tile(
            state,
            locked,
            pending,
            column == model.today_column,
            selected,
            rect.width(),
            rect.height(),
            painter.device().devicePixelRatioF(),
        )
        painter.drawPixmap(rect.topLeft(), tile)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            painter.setPen(QPen(SELECTION, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def tile(
        self,
        state: CellState,
        locked: bool,
        pending: bool,
        today: bool,
        selected: bool,
        width: int,
        height: int,
        ratio: float,
    ) -> QPixmap:
        """The pre-rendered tile of a cell (made at the first use of its combination)."""
        key = (state, locked, pending, today, selected, width, height, ratio)
        tile = self._tiles.get(key)
        if tile is None:
            tile = self._tiles[key] = self._make_tile(*key)
        return tile

    def _make_tile(
        self,
        state: CellState,
        locked: bool,
        pending: bool,
        today: bool,
        selected: bool,
        width: int,
        height: int,
        ratio: float,
    ) -> QPixmap:
        self.tiles_made += 1
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        palette = PALETTE[state]
        pixmap.fill(palette.background)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRect(0, 0, width, height)
        if today:
            painter.fillRect(QRect(0, 0, width, 2), TODAY_EDGE)
            painter.fillRect(QRect(0, height - 2, width, 2), TODAY_EDGE)
            if state in (CellState.EMPTY, CellState.NO_SERVICE):
                wash = QColor(TODAY_HEADER)
                wash.setAlpha(70)
                painter.fillRect(rect, wash)
        if state.symbol:
            painter.setPen(palette.text)
            painter.setFont(self.small_font if len(state.symbol) > 1 else self.font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, state.symbol)
        if pending:
            corner = QPolygonF([QPointF(0, 0), QPointF(9, 0), QPointF(0, 9)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PENDING_MARK)
            painter.drawPolygon(corner)
        if locked:
            _padlock(painter, QRectF(width - 10, 2, 8, 10), palette.background)
        if selected:
            painter.fillRect(rect, SELECTION_WASH)
            painter.setPen(QPen(SELECTION, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(0.5, 0.5, width - 1, height - 1))
        # The grid's lines: right and bottom edges.
        painter.setPen(QPen(GRID_LINE, 1))
        painter.drawLine(QPointF(width - 0.5, 0), QPointF(width - 0.5, height))
        painter.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5))
        painter.end()
        return pixmap

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(CELL_WIDTH, CELL_HEIGHT)

    def clear_tiles(self) -> None:
        self._tiles.clear()


def _padlock(painter: QPainter, box: QRectF, background: QColor) -> None:
    """A small padlock in `box` (shackle above, body below), readable on any state colour."""
    halo = QColor("#ffffff") if background.lightness() < 110 else QColor("#263238")
    body = QRectF(box.left(), box.top() + box.height() * 0.45, box.width(), box.height() * 0.55)
    shackle = QPainterPath()
    inset = box.width() * 0.2
    shackle.moveTo(box.left() + inset, body.top())
    shackle.lineTo(box.left() + inset, box.top() + box.height() * 0.25)
    shackle.arcTo(
        QRectF(box.left() + inset, box.top(), box.width() - 2 * inset, box.height() * 0.5),
        180,
        -180,
    )
    shackle.lineTo(box.right() - inset, body.top())
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(halo, 1.6))
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(halo)
    painter.drawRoundedRect(body, 1, 1)
