"""The way from a parameter dialog to the document: the dialog (opened, never blocking), the
document built by a long op (progress window, « Annuler »), then its preview — or, for a CSV,
the file dialog to save it.

One `Printouts` per widget that prints (the main window's « Impressions » menu, the Planning
page's button): `Printouts.of(context, widget)`. Errors take the ops' path (the status bar's
French message; the connection banner for a lost database); a document the user stopped
shows nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from ...core.errors import PortailError
from ...core.formatting import french_spacing
from ...core.reports.progress import Cancelled
from ..context import AppContext
from ..ops import Progress, is_connection_error, user_message
from ..saving import save_with_dialog
from .attendance_dialog import AttendanceDialog
from .daily_dialog import DailyListDialog
from .documents import Document, Request, document_op
from .fields import ParameterDialog
from .meals_dialog import MealCountsDialog
from .preview import DocumentPreview

log = logging.getLogger(__name__)

BUILDING = {
    "AttendanceRequest": "Préparation de la feuille de présence…",
    "DailyRequest": "Préparation de la liste du jour…",
    "MealsRequest": "Comptage des repas…",
}


class Printouts(QObject):
    preview_opened = Signal(object)  # DocumentPreview
    saved = Signal(object)  # Path of a CSV saved
    finished = Signal()  # a build ended, whatever its outcome (tests wait on it)

    def __init__(self, context: AppContext, widget: QWidget):
        super().__init__(widget)
        self.setObjectName("printouts")
        self.context = context
        self.widget = widget
        self.dialog: ParameterDialog | None = None
        self.preview: DocumentPreview | None = None
        self.progress: Progress | None = None

    @classmethod
    def of(cls, context: AppContext, widget: QWidget) -> Printouts:
        found = widget.findChild(Printouts, "printouts", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else cls(context, widget)

    # ---------------------------------------------------------------- the dialogs
    def attendance(
        self, service_id: int | None = None, month: dt.date | None = None
    ) -> AttendanceDialog:
        return self._open(AttendanceDialog(self.context, self.widget, service_id, month))

    def daily(
        self, structure_id: int | None = None, day: dt.date | None = None
    ) -> DailyListDialog:
        return self._open(DailyListDialog(self.context, self.widget, structure_id, day))

    def meals(self, day: dt.date | None = None) -> MealCountsDialog:
        return self._open(MealCountsDialog(self.context, self.widget, day))

    def _open(self, dialog: ParameterDialog) -> ParameterDialog:
        dialog.requested.connect(self.build)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.start()
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- the document
    def build(self, request: Request) -> Progress:
        self.progress = self.context.ops.run_long(
            document_op(request),
            self.widget,
            BUILDING[type(request).__name__],
            on_done=self._built,
            on_error=self._failed,
            owner=self,
        )
        return self.progress

    def _built(self, document: Document) -> None:
        try:
            if document.is_pdf:
                self.show_preview(document)
            else:
                self.save_directly(document)
        finally:
            self.finished.emit()

    def show_preview(self, document: Document) -> DocumentPreview:
        preview = DocumentPreview(document, self.context.ops, self.widget)
        self.preview = preview
        preview.show()
        self.preview_opened.emit(preview)
        return preview

    def save_directly(self, document: Document) -> Path | None:
        """A CSV: straight to the file dialog."""
        try:
            target = save_with_dialog(
                self.widget, document.data, "Enregistrer le comptage des repas", document.file_name
            )
        except OSError as exc:
            self.context.ops.failed.emit(
                french_spacing(f"Le fichier n'a pas pu être enregistré : {exc.strerror}.")
            )
            return None
        if target is not None:
            self.say(french_spacing(f"Fichier enregistré : {target}."))
            self.saved.emit(target)
        return target

    def _failed(self, error: BaseException) -> None:
        try:
            if isinstance(error, Cancelled) or is_connection_error(error):
                return  # stopped by the user; a lost database: the banner tells it
            if not isinstance(error, PortailError):
                log.error(
                    "printout failed:\n%s", getattr(error, "__portail_traceback__", repr(error))
                )
            self.context.ops.failed.emit(user_message(error))
        finally:
            self.finished.emit()

    def say(self, text: str) -> None:
        window = self.widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10000)
