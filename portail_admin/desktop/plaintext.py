"""What a family or a staff member typed is shown as typed, never as markup.

Qt guesses: a QLabel, a tooltip or a QMessageBox whose text looks like HTML (a name holding
`<h1>`, a link, an image) renders it. Every screen goes through here:

- `plain_labels(root)`: every label of a form shows plain text (Qt.PlainText), except the few
  the app itself formats (textFormat RichText in the .ui), which escape what they embed;
- `plain_tip(text)`: a tooltip that shows its text literally;
- `message_box` / `ask` / `tell`: message boxes in plain text, with French spacing.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ..core.formatting import french_spacing

PLAIN = Qt.TextFormat.PlainText
Button = QMessageBox.StandardButton


def plain_label(label: QLabel) -> QLabel:
    label.setTextFormat(PLAIN)
    return label


def plain_labels(root: QWidget) -> None:
    """Every QLabel under `root` (a page or dialog after setupUi) shows plain text, unless the
    .ui declared it rich text on purpose (the app's own formatting, user parts escaped)."""
    for label in root.findChildren(QLabel):
        if label.textFormat() != Qt.TextFormat.RichText:
            label.setTextFormat(PLAIN)


def plain_tip(text: str) -> str:
    """A tooltip shown literally (Qt renders one that looks like HTML): escaped rich text, line
    breaks kept. Empty stays empty (no tooltip)."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + escape(text) + "</p>"


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.NoButton,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A message box in plain text (French spacing before ? ! ; :), not shown yet."""
    box = QMessageBox(icon, title, french_spacing(text), buttons, parent)
    box.setTextFormat(PLAIN)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return box


def ask(
    parent: QWidget | None, title: str, text: str, buttons: Button, default: Button
) -> Button:
    """Ask a question (modal); the button chosen."""
    box = message_box(parent, title, text, buttons, default)
    return Button(box.exec())


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """Tell something that needs an acknowledgement (modal)."""
    message_box(parent, title, text, Button.Ok, Button.Ok, icon).exec()
