"""The family record's « Historique » tab, a child's « Historique » dialog, and what a child's
form gets from here: its buttons (« Historique… », « Accès aux données de santé… » for
administrators) and the reading of its health data (an op that logs the access)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QVBoxLayout

from ...core.changefeed import Change
from ...core.formatting import french_spacing
from ...core.services import history
from ...core.services.health_access import HealthData
from ...core.services.history import HistoryPage
from ...core.services.staff import Permission
from ..context import AppContext
from ..health_access import TITLE as HEALTH_ACCESS_TITLE
from ..health_access import HealthAccessDialog
from ..history_view import HistoryView, Loader
from ..ops import OpDb, user_message
from . import records
from .child_form import ChildForm

TAB_TITLE = "Historique"


def family_loader(family_id: int) -> Loader:
    def load(db: OpDb, before_id: int | None) -> HistoryPage:
        staff = db.require(Permission.VIEW_FAMILIES)
        with db.read() as session:
            return history.family_history(session, family_id, staff.role, before_id=before_id)

    return load


def child_loader(child_id: int) -> Loader:
    def load(db: OpDb, before_id: int | None) -> HistoryPage:
        staff = db.require(Permission.VIEW_FAMILIES)
        with db.read() as session:
            return history.child_history(session, child_id, staff.role, before_id=before_id)

    return load


class FamilyHistoryTab(HistoryView):
    """The history of the family open in the editor (loaded when the tab is shown)."""

    def __init__(self, context: AppContext):
        super().__init__(context)
        self.setObjectName("historyTab")
        self.family_id: int | None = None

    def set_family(self, family_id: int | None) -> None:
        if family_id == self.family_id:
            return
        self.family_id = family_id

        def concerns(change: Change) -> bool:
            return family_id is not None and change.family_id == family_id

        self.show_history(family_loader(family_id) if family_id else None, concerns)


def add_family_tab(context: AppContext, tabs: object) -> FamilyHistoryTab:
    tab = FamilyHistoryTab(context)
    tabs.addTab(tab, TAB_TITLE)  # type: ignore[attr-defined]
    return tab


class ChildHistoryDialog(QDialog):
    def __init__(self, context: AppContext, child_id: int, child_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("childHistoryDialog")
        self.setWindowTitle(f"Historique — {child_name}" if child_name else TAB_TITLE)
        self.view = HistoryView(context, self)

        def concerns(change: Change) -> bool:
            return change.child_id == child_id

        self.view.show_history(child_loader(child_id), concerns)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)


def _child_name(form: ChildForm) -> str:
    values = form.identity.values()
    return f"{values['first_name']} {values['last_name']}".strip().upper()


def attach_child(context: AppContext, form: ChildForm) -> None:
    """Give a child's form its history buttons and its health data reader."""
    if not context.can(Permission.VIEW_HEALTH):
        form.ui.healthBox.setVisible(False)
    form.health_requested.connect(lambda child_id: _read_health(context, form, child_id))
    if form.child_id is None:
        return  # a child not saved yet has no history
    child_id = form.child_id
    bar = QHBoxLayout()
    bar.addStretch(1)
    history_button = QPushButton("Historique…", form)
    history_button.setObjectName("childHistoryButton")
    history_button.setToolTip("Qui a modifié la fiche de l'enfant, et quand")
    history_button.clicked.connect(
        lambda: _open(form, ChildHistoryDialog(context, child_id, _child_name(form), form))
    )
    bar.addWidget(history_button)
    if context.can(Permission.READ_AUDIT):
        access_button = QPushButton(f"{HEALTH_ACCESS_TITLE}…", form)
        access_button.setObjectName("healthAccessButton")
        access_button.setToolTip("Qui a consulté les données de santé de l'enfant, et quand")
        access_button.clicked.connect(
            lambda: _open(form, HealthAccessDialog(context, child_id, _child_name(form), form))
        )
        bar.addWidget(access_button)
    form.ui.outer.insertLayout(0, bar)


def _open(form: ChildForm, dialog: QDialog) -> None:
    form.open_dialog = dialog  # type: ignore[attr-defined]  (tests reach it)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


def _read_health(context: AppContext, form: ChildForm, child_id: int) -> None:
    def done(data: HealthData) -> None:
        if form.child_id == data.child_id:
            form.health_arrived(data.values, data.version)

    def failed(error: BaseException) -> None:
        form.health_unavailable(french_spacing(user_message(error)))

    context.ops.run(
        lambda db: records.health_of(db, child_id),
        on_done=done,
        on_error=failed,
        owner=form,
        name="read_health",
    )
