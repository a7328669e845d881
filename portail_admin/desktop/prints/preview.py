"""The preview of a printed list: its pages as they will print (QtPdf, the very bytes printed
and saved), fitted to the width, one under the other; "Imprimer…" (the Qt print dialog, then
desktop.printing's pages painted on the printer as a long op: the canteen's 150 pages take a
minute or more, with their progress and "Annuler"), "Enregistrer…" (a PDF where the user
chooses), "Fermer"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.formatting import french_spacing
from ...core.reports.progress import Cancelled
from .. import printing
from ..ops import OpRunner, user_message
from ..plaintext import plain_label
from ..saving import save_with_dialog
from .documents import Document


def pages_text(count: int) -> str:
    return f"{count} page{'s' if count > 1 else ''}"


class DocumentPreview(QDialog):
    printed = Signal(int)  # the pages sent to the printer (0: stopped or failed)

    def __init__(self, document: Document, ops: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.document = document
        self.ops = ops
        self.readable = False
        self.printed_pages = 0
        self.saved_to: Path | None = None
        self.setWindowTitle(document.title)

        # The bytes stay referenced while QtPdf reads them (it reads lazily, page by page).
        self._data = QByteArray(document.data)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.load(self._buffer)
        readable = self.pdf.status() == QPdfDocument.Status.Ready and self.pdf.pageCount() > 0
        self.readable = readable

        self.view = QPdfView(self)
        self.view.setObjectName("previewPages")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("background: #8a949c;")

        self.title_label = plain_label(QLabel(document.title, self))
        self.title_label.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.pages_label = plain_label(QLabel(self))
        self.pages_label.setObjectName("previewPageCount")
        self.pages_label.setText(
            pages_text(self.pdf.pageCount()) if readable else "Document illisible"
        )
        self.status_label = plain_label(QLabel(self))
        self.status_label.setObjectName("previewStatus")
        self.status_label.setWordWrap(True)

        self.print_button = QPushButton("Imprimer…", self)
        self.print_button.setObjectName("previewPrint")
        self.print_button.setDefault(True)
        self.print_button.setEnabled(readable)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Enregistrer…", self)
        self.save_button.setObjectName("previewSave")
        self.save_button.setToolTip("Enregistrer le document en PDF")
        self.save_button.clicked.connect(self.save_document)
        self.close_button = QPushButton("Fermer", self)
        self.close_button.setObjectName("previewClose")
        self.close_button.clicked.connect(self.accept)

        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.pages_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._size_to_screen()

    def _size_to_screen(self) -> None:
        """An A4 page wide, most of the screen high."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 860, 1000
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(width, height)

    @property
    def page_count(self) -> int:
        return self.pdf.pageCount()

    def print_document(self) -> None:
        """The print dialog, then every page painted on the printer, off the UI thread; the
        outcome is shown next to the buttons (and `printed` emitted)."""
        printer = printing.ask_printer(self, self.document.title)
        if printer is None:
            return
        data = self.document.data
        self.print_button.setEnabled(False)
        self.status_label.setText("Impression en cours…")
        self.ops.run_long(
            lambda _db, progress: printing.print_pdf(data, printer, progress),
            self,
            f"Impression : {self.document.title}",
            on_done=self._printed,
            on_error=self._print_failed,
            owner=self,
            name="print_document",
        )

    def _printed(self, pages: int) -> None:
        self.print_button.setEnabled(self.readable)
        self.printed_pages += pages
        sent = "envoyées" if pages > 1 else "envoyée"
        self.status_label.setText(f"{pages_text(pages)} {sent} à l'imprimante.")
        self.printed.emit(pages)

    def _print_failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(self.readable)
        if isinstance(error, Cancelled):
            text = "Impression arrêtée."
        elif isinstance(error, printing.PrintError):
            text = str(error)
        else:
            text = user_message(error)
        self.status_label.setText(french_spacing(text))
        self.printed.emit(0)

    def save_document(self) -> Path | None:
        try:
            target = save_with_dialog(
                self, self.document.data, "Enregistrer le document", self.document.file_name
            )
        except OSError as exc:
            self.status_label.setText(
                french_spacing(f"Le document n'a pas pu être enregistré : {exc.strerror}.")
            )
            return None
        if target is not None:
            self.saved_to = target
            self.status_label.setText(french_spacing(f"Document enregistré : {target}."))
        return target

    def done(self, result: int) -> None:
        super().done(result)
        self.deleteLater()

