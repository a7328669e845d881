"""Save a document the app made (a PDF of core.reports, a CSV) where the user chooses: the file
dialog opens in the user's folder on a suggested name, the name keeps the document's extension,
the bytes are written as they are (the same bytes that are printed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

FILTERS = {
    ".pdf": "Document PDF (*.pdf)",
    ".csv": "Fichier CSV (*.csv)",
}


def save_with_dialog(
    parent: QWidget | None, data: bytes, caption: str, suggested_name: str
) -> Path | None:
    """Ask where to save (the suggested name's extension is kept), then write `data`; the file
    written, or None when the user cancels. Raises OSError when the file cannot be written."""
    suffix = Path(suggested_name).suffix.lower()
    path, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(Path.home() / suggested_name), FILTERS.get(suffix, "")
    )
    if not path:
        return None
    target = Path(path)
    if suffix and target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    target.write_bytes(data)
    return target

