"""The desktop's French: a narrow no-break space before ? ! ; : (so "Continuer ?" never wraps its
"?" alone), in the .ui forms as in the sentences the code builds, and one word, « Courriel »,
for an e-mail address."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from portail_admin.core.formatting import french_spacing
from portail_admin.desktop.families.portal_account import PortalAccountTab
from portail_admin.desktop.fieldforms import desktop_term, field_label

from .conftest import open_family

ROOT = Path(__file__).resolve().parents[2]
TECHNICAL = {"styleSheet", "inputMask", "objectName"}
OTHER_WORDS = re.compile(r"\b(e-?mail|mail|adresse électronique)\b", re.IGNORECASE)


def _ui_texts() -> list[tuple[str, str, str]]:
    """(file, property, text) of every string a user reads in the .ui forms."""
    texts = []
    for path in sorted((ROOT / "ui").glob("*.ui")):
        for prop in ET.parse(path).iter("property"):  # noqa: S314 (the repo's own forms)
            string = prop.find("string")
            if prop.get("name") in TECHNICAL or string is None or not string.text:
                continue
            texts.append((path.name, prop.get("name", ""), string.text))
    return texts


def test_ui_strings_have_french_spacing():
    texts = _ui_texts()
    assert len(texts) > 100
    wrong = [(f, p, t) for f, p, t in texts if french_spacing(t) != t]
    assert wrong == []


def test_ui_strings_say_courriel():
    texts = _ui_texts()
    assert [(f, t) for f, _p, t in texts if OTHER_WORDS.search(t)] == []
    assert ("guardian_form.ui", "text", french_spacing("Courriel :")) in texts


def test_error_summaries_and_requested_changes_say_courriel():
    assert field_label("email") == "Courriel"
    assert field_label("last_name") == "Nom"
    assert desktop_term("Email") == "Courriel"  # the core's label of a requested change
    assert desktop_term("Nom") == "Nom"


def test_every_label_of_the_family_record_has_french_spacing(qtbot, dupont, page):
    open_family(qtbot, page, dupont["family"])
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert french_spacing("N° famille : 1001001818331") in texts
    assert [t for t in texts if french_spacing(t) != t] == []
    assert not any(OTHER_WORDS.search(t) for t in texts)


def test_continuer_keeps_its_question_mark(qtbot, dupont, page, monkeypatch):
    """The new temporary password's question: "… Continuer ?" with a narrow no-break space."""
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: boxes.append(box) or QMessageBox.StandardButton.No)
    open_family(qtbot, page, dupont["family"])
    tab = page.editor.findChild(PortalAccountTab)
    assert tab is not None
    tab._confirm_reset()  # noqa: SLF001 (what the button does)
    [box] = boxes
    assert box.text().endswith("Continuer\u202f?")
    assert box.textFormat() == Qt.TextFormat.PlainText
