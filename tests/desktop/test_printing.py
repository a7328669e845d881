"""Printing a core PDF: every page rendered by QtPdf and painted onto the QPrinter. Offscreen,
the printer writes a PDF file, which is read back and compared with the original."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from portail_admin.desktop import printing
from portail_admin.desktop.app import application


def file_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def ink(pdf_path_or_bytes, page: int = 0) -> float:
    """The share of dark pixels of a page, rendered small."""
    document = QPdfDocument()
    if isinstance(pdf_path_or_bytes, bytes):
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        data = QByteArray(pdf_path_or_bytes)  # kept alive while the document reads it
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
    else:
        document.load(str(pdf_path_or_bytes))
    assert document.status() == QPdfDocument.Status.Ready
    image = printing.on_white(document.render(page, QSize(210, 297)))
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(
        1 for y in range(image.height()) for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 128
    )
    document.close()
    return dark / (image.width() * image.height())


def two_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for text in ("Première page", "Deuxième page"):
        pdf.setFont("Helvetica-Bold", 60)
        pdf.drawString(60, 600, text)
        pdf.rect(50, 50, 400, 200, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_print_pdf_paints_every_page(qapp, tmp_path):
    application()
    source = two_pages()
    target = tmp_path / "imprimante.pdf"
    assert printing.print_pdf(source, file_printer(target)) == 2
    printed = QPdfDocument()
    printed.load(str(target))
    assert printed.pageCount() == 2
    printed.close()
    for page in (0, 1):
        original, on_paper = ink(source, page), ink(target, page)
        assert original > 0.05
        assert abs(on_paper - original) < 0.3 * original  # the same page, scaled to the margins


def test_unreadable_document_is_told_in_french(qapp, tmp_path):
    application()
    with pytest.raises(printing.PrintError, match="illisible"):
        printing.print_pdf(b"pas un PDF", file_printer(tmp_path / "x.pdf"))


def test_cancelled_print_dialog_prints_nothing(qapp, monkeypatch):
    application()
    monkeypatch.setattr(printing, "ask_printer", lambda parent, title: None)
    assert printing.print_with_dialog(None, two_pages(), "Essai") is None
