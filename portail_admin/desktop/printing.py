"""Print a PDF made by core.reports: the Qt print dialog, then each page rendered by QtPdf
(the same bytes that "Enregistrer" writes) and painted onto the chosen QPrinter.

`print_pdf(pdf, printer)` does the painting and needs no dialog, so it is tested offscreen with
a QPrinter that writes a PDF file instead of a real printer. Painting on a QPrinter is allowed
off the UI thread: a long document is printed as a long op (`progress`: a page at a time,
stopped between two pages once the user clicked "Annuler"; about half a second a page).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ..core.reports.progress import Cancelled, ProgressSink, step

try:  # QtPdf comes with the PySide6-Addons wheel (a dependency); tell the user if missing
    from PySide6.QtPdf import QPdfDocument
except ImportError:  # pragma: no cover (an incomplete installation)
    QPdfDocument = None  # type: ignore[assignment,misc]

# Pages are rendered at most at this resolution: enough for text and logos on paper, and an A4
# page stays a few tens of megabytes in memory even when the printer announces 1200 dpi.
MAX_RENDER_DPI = 300


class PrintError(Exception):
    """A French message for the user: the document could not be printed."""


def print_pdf(pdf: bytes, printer: QPrinter, progress: ProgressSink | None = None) -> int:
    """Paint every page of `pdf` onto `printer` (scaled to fit its printable area, centred);
    return the number of pages printed. Raises Cancelled (the print job aborted) when
    `progress` is cancelled."""
    if QPdfDocument is None:
        raise PrintError(
            "L'impression n'est pas disponible sur ce poste (module QtPdf absent) : "
            "enregistrez le document, puis imprimez-le depuis votre lecteur de PDF."
        )
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        document.close()
        raise PrintError("Le document à imprimer est illisible.")
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise PrintError(
            "L'imprimante n'a pas pu être ouverte. Vérifiez qu'elle est allumée et "
            "connectée, puis réessayez."
        )
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        count = document.pageCount()
        for index in range(count):
            try:
                step(progress, index, count, f"Impression : page {index + 1} sur {count}")
            except Cancelled:
                printer.abort()
                raise
            if index:
                printer.newPage()
            points = document.pagePointSize(index)  # 1 point = 1/72 inch
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = on_white(document.render(index, size))
            if image.isNull():
                raise PrintError(f"La page {index + 1} n'a pas pu être préparée pour l'impression.")
            area = painter.viewport()
            scale = min(area.width() / size.width(), area.height() / size.height())
            width, height = size.width() * scale, size.height() * scale
            target = QRectF(
                area.x() + (area.width() - width) / 2,
                area.y() + (area.height() - height) / 2,
                width,
                height,
            )
            painter.drawImage(target, image)
        return document.pageCount()
    finally:
        painter.end()
        document.close()
        buffer.close()


def on_white(page: QImage) -> QImage:
    """QtPdf renders a page on a transparent background: lay it on white paper (an opaque
    image is also lighter for printer drivers)."""
    if page.isNull():
        return page
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper


def ask_printer(parent: QWidget | None, title: str) -> QPrinter | None:
    """The Qt print dialog (printer, copies…); None when the user cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_with_dialog(parent: QWidget | None, pdf: bytes, title: str) -> int | None:
    """Ask for the printer, then print; the pages printed, or None when cancelled.
    Raises PrintError (French) when printing failed."""
    printer = ask_printer(parent, title)
    if printer is None:
        return None
    return print_pdf(pdf, printer)
