"""« Ajouter un enfant présent » : find any child by name (the ones enrolled that day first) and
point them present without a reservation. The warnings (not enrolled that day, no place left)
are asked by the page, which records the walk-in (PointagePage.add_walk_in)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import formatting
from ...core.formatting import french_spacing
from ...core.planning import pointage
from ...core.planning.month import ServiceInfo
from ...core.services.staff import Permission
from ..keyed_model import Column, KeyedModel
from ..ops import OpDb, user_message
from ..plaintext import plain_label

if TYPE_CHECKING:
    from ..context import AppContext

SEARCH_DELAY_MS = 250


class WalkInDialog(QDialog):
    """Search a child; `chosen(service_id, child_id)` when "Pointer présent" is clicked."""

    chosen = Signal(int, int)

    def __init__(
        self,
        context: AppContext,
        services: list[ServiceInfo],
        day: dt.date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.day = day
        self.setWindowTitle("Ajouter un enfant présent")
        self.setObjectName("walkInDialog")
        self.setMinimumSize(620, 440)
        layout = QVBoxLayout(self)
        intro = plain_label(
            QLabel(
                french_spacing(
                    f"Enfant présent sans réservation le {formatting.long_date(day)} : "
                    "tapez son nom, choisissez-le, puis « Pointer présent »."
                )
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.service_box = QComboBox(self)
        self.service_box.setObjectName("walkInService")
        for service in services:
            self.service_box.addItem(service.name, service.id)
        self.service_box.setVisible(len(services) > 1)
        self.service_box.currentIndexChanged.connect(lambda _i: self.search())
        layout.addWidget(self.service_box)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("walkInSearch")
        self.search_edit.setPlaceholderText("Nom ou prénom de l'enfant")
        self.search_edit.setClearButtonEnabled(True)
        layout.addWidget(self.search_edit)
        self.model: KeyedModel[pointage.Candidate] = KeyedModel(
            [
                Column("Enfant", lambda c: c.name),
                Column("Classe", lambda c: c.school_class),
                Column("Famille", lambda c: c.family_name),
                Column(
                    "Inscrit ce jour",
                    lambda c: "Oui" if c.enrolled else "Non (avertissement)",
                ),
            ],
            key=lambda c: c.child_id,
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("walkInTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.model.attach(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.accept())
        layout.addWidget(self.table, 1)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("walkInStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            "Pointer présent", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button.setEnabled(False)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.ok_button.setEnabled(current.isValid())
        )
        self.searches_done = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self._seq = 0

    @property
    def service_id(self) -> int:
        return int(self.service_box.currentData())

    def search(self) -> None:
        self._timer.stop()
        text = self.search_edit.text()
        service_id, day = self.service_id, self.day
        self._seq += 1
        seq = self._seq

        def op(db: OpDb) -> list[pointage.Candidate]:
            staff = db.require(Permission.ATTENDANCE)
            with db.read() as session:
                return pointage.find_children(session, staff.role, text, service_id, day)

        def done(found: list[pointage.Candidate]) -> None:
            if seq != self._seq:
                return  # a later search is on its way
            self.searches_done += 1
            self.model.update_rows(found)
            if found and not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            n = len(found)
            self.status.setText(
                ""
                if not text.strip()
                else "Aucun enfant trouvé."
                if n == 0
                else f"{n} enfant{'s' if n > 1 else ''} trouvé{'s' if n > 1 else ''}"
            )

        self.context.ops.run(
            op,
            on_done=done,
            on_error=lambda e: self.status.setText(user_message(e)),
            owner=self,
            name="pointage_find_children",
        )

    def candidate(self) -> pointage.Candidate | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def accept(self) -> None:
        candidate = self.candidate()
        if candidate is None:
            return
        self.chosen.emit(self.service_id, candidate.child_id)
        super().accept()
