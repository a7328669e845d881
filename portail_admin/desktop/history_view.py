"""A history table (Date, Par, Action, Détail), newest first, with « Afficher plus » for older
entries; used for a family (its record's Historique tab) and for a child (a dialog).

The view is given a `loader(opdb, before_id) -> HistoryPage` (run as an op, never on the UI
thread) and a `concerns(change) -> bool` that says which changes of the feed it shows. It loads
when first shown, and again when a change it concerns arrives (at once if it is on screen,
otherwise the next time it is shown). Everything is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.changefeed import Change
from ..core.services.history import HistoryEntry, HistoryPage
from .context import AppContext
from .keyed_model import Column, KeyedModel
from .ops import OpDb, user_message
from .plaintext import plain_label

COLUMNS = ("Date", "Par", "Action", "Détail")
Loader = Callable[[OpDb, int | None], HistoryPage]


class HistoryModel(KeyedModel[HistoryEntry]):
    """The entries shown, newest first, refreshed in place (KeyedModel: inserts above, never a
    reset, so the selection and the scroll position stay)."""

    def __init__(self, parent: Any = None):
        super().__init__(
            [
                Column(title, text, tooltip, align_top=True)
                for title, text, tooltip in (
                    ("Date", lambda e: e.when, None),
                    ("Par", lambda e: e.who, None),
                    ("Action", lambda e: e.what, lambda e: e.what),
                    ("Détail", lambda e: e.detail, lambda e: e.detail),
                )
            ],
            sort_key=lambda e: -e.id,
            parent=parent,
        )

    @property
    def entries(self) -> list[HistoryEntry]:
        return self.rows

    def replace(self, entries: list[HistoryEntry]) -> None:
        self.update_rows(entries)

    def refresh(self, newest: list[HistoryEntry]) -> None:
        """The newest page again; the older pages already shown below it are kept."""
        oldest = min((e.first_id for e in newest), default=None)
        older = [e for e in self.rows if oldest is not None and e.id < oldest]
        self.update_rows([*newest, *older])

    def extend(self, entries: list[HistoryEntry]) -> None:
        """An older page, below those shown."""
        known = {entry.id for entry in self.rows}
        self.update_rows([*self.rows, *(e for e in entries if e.id not in known)])


class HistoryView(QWidget):
    loaded = Signal()  # a page arrived (tests wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.loader: Loader | None = None
        self.concerns: Callable[[Change], bool] = lambda _change: False
        self.before_id: int | None = None
        self.loading = False
        self._stale = True
        self._generation = 0  # a reload supersedes the pages still on their way

        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("historyStatus")
        self.more_button = QPushButton("Afficher plus", self)
        self.more_button.setObjectName("historyMoreButton")
        self.more_button.setToolTip("Afficher les modifications plus anciennes")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        # Every change, this window's own saves included (the history shows them too).
        context.changes.changed.connect(self._on_changes)

    def show_history(self, loader: Loader | None, concerns: Callable[[Change], bool]) -> None:
        """Show another record's history (None: nothing), loaded now if on screen."""
        self.loader = loader
        self.concerns = concerns
        self.model.replace([])
        self.before_id = None
        self.more_button.setVisible(False)
        self.status.clear()
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """The newest page again (older pages are loaded again on « Afficher plus »)."""
        self._stale = False
        if self.loader is None:
            return
        self._generation += 1
        self._fetch(None, self._generation, replace=True)

    def load_more(self) -> None:
        if self.loader is None or self.before_id is None or self.loading:
            return
        self._fetch(self.before_id, self._generation, replace=False)

    def _fetch(self, before_id: int | None, generation: int, replace: bool) -> None:
        loader = self.loader
        assert loader is not None
        self.loading = True
        self.more_button.setEnabled(False)
        self.status.setText("Chargement de l'historique…")

        def op(db: OpDb) -> HistoryPage:
            return loader(db, before_id)

        def done(page: HistoryPage) -> None:
            if generation != self._generation:
                return
            self._show_page(page, replace)

        self.context.ops.run(op, on_done=done, on_error=self._failed, owner=self, name="history")

    def _show_page(self, page: HistoryPage, replace: bool) -> None:
        self.loading = False
        if replace:
            self.model.refresh(page.entries)
            if self.model.rowCount() <= len(page.entries):  # no older page kept below
                self.before_id = page.before_id
        else:
            self.model.extend(page.entries)
            self.before_id = page.before_id
        self.more_button.setVisible(self.before_id is not None)
        self.more_button.setEnabled(True)
        count = self.model.rowCount()
        if count == 0:
            self.status.setText("Aucune modification enregistrée.")
        else:
            more = " (et d'autres plus anciennes)" if page.before_id is not None else ""
            self.status.setText(f"{count} modification{'s' if count > 1 else ''}{more}.")
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.more_button.setEnabled(True)
        self.status.setText(user_message(error))

    def _on_changes(self, changes: list[Change], _origin: object = None) -> None:
        if self.loader is None or not any(self.concerns(change) for change in changes):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.reload()
