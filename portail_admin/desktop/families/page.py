"""The Familles area: a list searchable as you type, and the record editor beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QHeaderView, QMessageBox, QWidget

from ...core import search
from ...core.changefeed import Change
from ...core.errors import NotFoundError
from ...core.services.records import actor_label
from ...core.services.staff import Permission
from ..changes import started_by, touching
from ..context import AppContext
from ..forms.ui_families_page import Ui_FamiliesPage
from ..keyed_model import Column, KeyedModel
from ..ops import OpDb, is_connection_error, user_message
from ..plaintext import ask, plain_labels, tell
from . import records
from .editor import FamilyEditor
from .records import FamilySnapshot

SEARCH_DELAY_MS = 200
LIST_MIN_WIDTH = 280
RECORD_TABLES = frozenset({"family", "guardian", "child", "health_record", "authorised_person"})
PORTAL_TABLES = frozenset({"portal_account"})


def _hit_tip(hit: search.FamilyHit) -> str:
    where = f" — {hit.city}" if hit.city else ""
    return f"{hit.name}{where} — N° famille {hit.family_number}" + (
        f" — enfants : {hit.children}" if hit.children else ""
    )


class FamilyListModel(KeyedModel[search.FamilyHit]):
    """The search results: one row per family, in the search's order, refreshed in place."""

    FamilyIdRole = KeyedModel.KeyRole

    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            [
                Column("Responsable", lambda h: h.name or "(sans nom)", _hit_tip),
                Column("Enfants", lambda h: h.children, _hit_tip),
                Column("N° famille", lambda h: h.family_number, _hit_tip),
            ],
            parent=parent,
        )

    @property
    def hits(self) -> list[search.FamilyHit]:
        return self.rows


class FamiliesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_FamiliesPage()
        self.ui.setupUi(self)
        plain_labels(self)
        self.model = FamilyListModel(self)
        table = self.ui.familyTable
        self.model.attach(table)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 110)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setWordWrap(False)
        table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 3)
        self.ui.splitter.setSizes([450, 660])
        # Until the user drags the handle, the record gets the width its section tabs need.
        self._splitter_moved_by_user = False
        self.ui.splitter.splitterMoved.connect(self._on_splitter_moved)

        self.editor = FamilyEditor(context)
        self.ui.editorLayout.addWidget(self.editor)
        self.editor.saved.connect(self._after_save)
        self.editor.reload_requested.connect(lambda fid: self.open_family(fid, force=True))

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self.run_search)
        self.ui.newFamilyButton.clicked.connect(self.new_family)
        self.ui.newFamilyButton.setVisible(context.can(Permission.EDIT_FAMILIES))
        if not context.can(Permission.EDIT_FAMILIES):
            self.ui.emptyLabel.setText("Choisissez une famille dans la liste.")
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.activate)
        self.ui.searchEdit.setToolTip("Rechercher une famille (Ctrl+F)")
        context.changes.changed.connect(self._on_changes)

        self._search_seq = 0
        self._select_after_search: int | None = None
        self.searches_done = 0  # search results shown (tests count the reloads)
        self.record_refreshes = 0  # the open record read again after a change elsewhere
        self.last_error = ""
        self._opening: int | None = None
        self.run_search()

    # layout -------------------------------------------------------------------------------------
    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._splitter_moved_by_user = True

    def editor_width_needed(self) -> int:
        """The record's width with every section tab shown in full (no scroll arrows)."""
        tabs = self.editor.ui.tabs
        margins = self.editor.layout().contentsMargins()
        style = tabs.style()
        frame = 2 * style.pixelMetric(style.PixelMetric.PM_DefaultFrameWidth, None, tabs)
        return tabs.tabBar().sizeHint().width() + margins.left() + margins.right() + frame + 8

    def fit_editor(self) -> None:
        """Share the width: the editor first gets what its tabs need, the list keeps at least
        LIST_MIN_WIDTH; on a screen too narrow for both, the tab bar scrolls."""
        splitter = self.ui.splitter
        total = sum(splitter.sizes())
        if self._splitter_moved_by_user or total <= 0:
            return
        editor = max(self.editor_width_needed(), int(total * 0.58))
        editor = min(editor, max(total - LIST_MIN_WIDTH, total // 2))
        splitter.setSizes([total - editor, editor])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_editor()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit_editor()

    # searching ----------------------------------------------------------------------------------
    def activate(self) -> None:
        self.ui.searchEdit.setFocus()
        self.ui.searchEdit.selectAll()

    def reload(self) -> None:
        """Refresh the list (once the connection is back); the open record keeps its edits."""
        self.run_search()

    def run_search(self) -> None:
        self._search_timer.stop()
        self._search_seq += 1
        seq = self._search_seq
        text = self.ui.searchEdit.text()

        def op(db: OpDb) -> list[search.FamilyHit]:
            with db.read() as session:
                return search.search_families(session, text)

        self.context.ops.run(
            op,
            on_done=lambda hits: self._show_hits(seq, hits),
            on_error=self._search_failed,
            owner=self,
            name="search_families",
        )

    def _show_hits(self, seq: int, hits: list[search.FamilyHit]) -> None:
        if seq != self._search_seq:
            return  # an older search, overtaken by what the user typed since
        selected = (
            self.editor.family_id
            if self._select_after_search is None
            else self._select_after_search
        )
        self._select_after_search = None
        table = self.ui.familyTable
        # Rows change in place (no reset): the selection and the scroll position stay. The
        # selection's signals are held so that a row leaving the list opens no other family.
        table.selectionModel().blockSignals(True)
        self.model.update_rows(hits)
        self._select_family(selected)
        table.selectionModel().blockSignals(False)
        if not hits:
            text = "Aucune famille trouvée."
        elif len(hits) >= search.MAX_RESULTS:
            text = f"{len(hits)} premières familles : précisez la recherche."
        elif len(hits) == 1:
            text = "1 famille"
        else:
            text = f"{len(hits)} familles"
        self.ui.resultCountLabel.setText(text)
        self.searches_done += 1

    def _search_failed(self, error: BaseException) -> None:
        self.last_error = user_message(error)
        self.ui.resultCountLabel.setText(self.last_error)
        self.searches_done += 1

    # opening ------------------------------------------------------------------------------------
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            family_id = current.data(FamilyListModel.FamilyIdRole)
            if family_id != self.editor.family_id:
                self.open_family(family_id)

    def _may_discard_edits(self) -> bool:
        if self.ui.editorStack.currentWidget() is not self.ui.editorPage:
            return True
        if not self.editor.has_unsaved_input():
            return True
        answer = ask(
            self,
            "Modifications non enregistrées",
            "La fiche ouverte contient des modifications non enregistrées. Les abandonner ?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def open_with(self, family_id: int | None = None, **_: Any) -> None:
        """Open on a family's record (from an Accueil list or another page)."""
        if family_id is not None and family_id != self.editor.family_id:
            self.open_family(family_id)

    def open_family(self, family_id: int, force: bool = False) -> None:
        if not force and not self._may_discard_edits():
            self._reselect_open_family()
            return
        self._opening = family_id

        def op(db: OpDb) -> FamilySnapshot:
            with db.read() as session:
                return records.snapshot_for(db, session, family_id)

        self.context.ops.run(
            op,
            on_done=self._show_family,
            on_error=self._open_failed,
            owner=self,
            name="open_family",
        )

    def _show_family(self, snapshot: FamilySnapshot) -> None:
        if snapshot.id != self._opening:
            return
        self._opening = None
        self.editor.load(snapshot)
        self.ui.editorStack.setCurrentWidget(self.ui.editorPage)
        self.fit_editor()  # tab labels (children count, portal account) may have changed

    def _open_failed(self, error: BaseException) -> None:
        self._opening = None
        if isinstance(error, NotFoundError):
            self.run_search()
        if is_connection_error(error):  # the connection banner says it, no dialog
            self._reselect_open_family()
            return
        tell(self, "Ouverture impossible", user_message(error))

    def _reselect_open_family(self) -> None:
        table = self.ui.familyTable
        table.selectionModel().blockSignals(True)
        self._select_family(self.editor.family_id)
        table.selectionModel().blockSignals(False)

    def _select_family(self, family_id: int | None) -> None:
        """Make `family_id`'s row the selected, current one (nothing when it is not listed);
        left alone when it already is, so that the view does not scroll."""
        table = self.ui.familyTable
        row = self.model.row_of(family_id) if family_id is not None else -1
        if row < 0:
            table.clearSelection()
            table.setCurrentIndex(QModelIndex())
            return
        selection = table.selectionModel()
        current = table.currentIndex()
        if current.row() != row or [i.row() for i in selection.selectedRows()] != [row]:
            table.selectRow(row)
            table.setCurrentIndex(self.model.index(row, 0))

    def new_family(self) -> None:
        if not self._may_discard_edits():
            return
        self.ui.familyTable.selectionModel().blockSignals(True)
        self.ui.familyTable.clearSelection()
        self.ui.familyTable.selectionModel().blockSignals(False)
        self.editor.load(records.empty_snapshot())
        self.ui.editorStack.setCurrentWidget(self.ui.editorPage)
        self.fit_editor()
        self.editor.focus_first_field()

    def _after_save(self, family_id: int) -> None:
        self._select_after_search = family_id
        self.run_search()

    # live sync ----------------------------------------------------------------------------------
    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """What others saved (another PC, the portal, another page of this window). This
        page's own saves refreshed it already (`_after_save`, the editor's and portal tab's
        callbacks)."""
        if started_by(self, origin):
            return
        portal = self.editor.portal_tab
        if portal is not None and portal.family_id is not None:
            if touching(changes, PORTAL_TABLES, family_id=portal.family_id):
                portal.load(portal.family_id)
        if not any(c.table_name in RECORD_TABLES for c in changes):
            return
        # The search decides which families are listed (a change may make one match or stop
        # matching): the list is searched again and diffed, so rows change in place.
        self.run_search()
        family_id = self.editor.family_id
        if family_id is None or self.ui.editorStack.currentWidget() is not self.ui.editorPage:
            return
        relevant = touching(changes, RECORD_TABLES, family_id=family_id)
        if relevant:
            self._refresh_open_family(family_id, actor_label(relevant[-1].actor))

    def _refresh_open_family(self, family_id: int, who: str) -> None:
        self.record_refreshes += 1

        def op(db: OpDb) -> FamilySnapshot | None:
            with db.read() as session:
                try:
                    return records.snapshot_for(db, session, family_id)
                except NotFoundError:
                    return None

        def done(snapshot: FamilySnapshot | None) -> None:
            if self.editor.family_id != family_id:
                return
            if snapshot is None:
                self.editor.show_conflict(
                    f"Cette fiche a été supprimée par {who}. Vos saisies ne peuvent plus être "
                    "enregistrées."
                )
            else:
                self.editor.external_change(snapshot, who)

        self.context.ops.run(op, on_done=done, owner=self, name="refresh_open_family")

    def self_test(self) -> Callable[[], None]:
        """--self-test: the list loaded; open the first family, then check its record shows."""
        if self.last_error:
            raise RuntimeError(self.last_error)
        if self.searches_done == 0:
            raise RuntimeError("la liste des familles ne s'est pas chargée")
        first = self.model.hits[0].id if self.model.hits else None
        if first is not None:
            self.open_family(first, force=True)

        def verify() -> None:
            if first is not None and self.editor.family_id != first:
                raise RuntimeError("la fiche de la première famille ne s'est pas ouverte")
            for index in range(self.editor.ui.tabs.count()):
                self.editor.ui.tabs.setCurrentIndex(index)
            self.editor.ui.tabs.setCurrentIndex(0)

        return verify
