"""What a family or a staff member typed is shown as typed: a name, a subject, an address or a
service holding `<h1>`, a link or an image is never rendered as markup, in any label, tooltip,
message box or list of the desktop (issue 8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QWidget
from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.models import (
    Child,
    Enrolment,
    Guardian,
    Message,
    PlanningCell,
    Request,
    Service,
    Structure,
)
from portail_admin.core.models.enums import Booking, RequestKind, ServiceUnit
from portail_admin.core.services import messages, requests
from portail_admin.desktop.dashboard import DashboardPage
from portail_admin.desktop.fieldforms import set_error_state
from portail_admin.desktop.messages import MessagesPage
from portail_admin.desktop.plaintext import message_box, plain_tip
from portail_admin.desktop.requests import RequestsPage

from .conftest import open_family, wait_ops

MARKUP = '<h1>X</h1><a href="https://x.example/">lien</a><img src="https://x.example/i.png">'
RAW = re.compile(r"<\s*(h1|a\s|img)", re.IGNORECASE)  # markup Qt would render


def holds(text: str) -> bool:
    """The markup is there, as typed (names may be shown in capitals)."""
    return MARKUP.lower() in text.lower()


def _tooltips(root: QWidget) -> list[tuple[str, str]]:
    tips = [(w.objectName(), w.toolTip()) for w in [root, *root.findChildren(QWidget)]]
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model (its columnCount is private in the bindings)
            columns = 1
        for row in range(model.rowCount(QModelIndex())):
            for column in range(columns):
                tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                if tip:
                    tips.append((f"{view.objectName()}[{row},{column}]", str(tip)))
    return tips


def rendered_markup(root: QWidget) -> list[str]:
    """Every label that is not plain text and holds raw markup, every tooltip holding raw
    markup: what Qt would render instead of showing as typed."""
    found = [
        f"label {label.objectName() or type(label).__name__}: {label.text()!r}"
        for label in [*root.findChildren(QLabel)]
        if label.textFormat() != Qt.TextFormat.PlainText and RAW.search(label.text())
    ]
    found += [f"tooltip {name}: {tip!r}" for name, tip in _tooltips(root) if RAW.search(tip)]
    return found


def _shown_literally(root: QWidget) -> list[QLabel]:
    """The labels showing the markup as text (plain text labels holding it)."""
    return [
        label
        for label in root.findChildren(QLabel)
        if label.textFormat() == Qt.TextFormat.PlainText and RAW.search(label.text())
    ]


@pytest.fixture
def marked_up(session_factory: Any, dupont: dict[str, int]) -> dict[str, int]:
    """DUPONT with markup in every typed field: both guardians' names, the child's name, a
    pending change of address, a message (subject and text), a service Léa is expected at
    today. Written straight to the rows, as data that came from anywhere (an import, an older
    version) would be."""
    today = clock.today()
    family_id = dupont["family"]
    with db.transaction(session_factory, "parent:1001001818331") as s:
        request_id = requests.request_family_change(
            s, family_id, RequestKind.GUARDIAN, {"address": "3 rue des Lilas"}
        ).id
        message_id = messages.send_from_family(s, family_id, "Question", "Bonjour").id
    with db.transaction(session_factory, "staff:test") as s:
        for guardian in s.scalars(select(Guardian).where(Guardian.family_id == family_id)):
            guardian.last_name = MARKUP
            guardian.first_name = MARKUP
        s.get(Child, dupont["child"]).first_name = MARKUP
        request = s.get(Request, request_id)
        request.new_values = {"address": MARKUP}
        message = s.get(Message, message_id)
        message.subject, message.body = MARKUP, f"{MARKUP}\nDeuxième ligne"
        service = Service(structure=Structure(name=MARKUP), name=MARKUP, code="ALSH",
                          unit=ServiceUnit.DAY, weekdays=0b1111111, open_in_term=True,
                          open_in_holidays=True, capacity=24)
        s.add(service)
        s.flush()
        s.add(Enrolment(child_id=dupont["child"], service_id=service.id, start_date=today,
                        end_date=today + dt.timedelta(days=60), weekly_pattern=0))
        s.add(PlanningCell(child_id=dupont["child"], service_id=service.id, day=today,
                           booking=Booking.RESERVED))
        return {**dupont, "request": request_id, "message": message_id, "service": service.id}


def test_the_family_record_shows_names_as_typed(qtbot, marked_up, page, monkeypatch):
    open_family(qtbot, page, marked_up["family"])
    editor = page.editor
    assert rendered_markup(page) == []
    assert editor.ui.titleLabel.textFormat() == Qt.TextFormat.PlainText
    assert holds(editor.ui.titleLabel.text())  # shown, as typed (upper case)
    for index in range(editor.ui.tabs.count()):  # each tab: guardians, children, portal
        editor.ui.tabs.setCurrentIndex(index)
        wait_ops(qtbot, page.context)
        assert rendered_markup(page) == []

    # "Retirer le conjoint" names the conjoint in its question: plain text.
    boxes: list[QMessageBox] = []

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        boxes.append(box)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", answer)
    editor.ui.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.remove_partner_button, Qt.MouseButton.LeftButton)
    [box] = boxes
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert holds(box.text())


def test_requests_show_the_family_and_the_values_as_typed(qtbot, marked_up, window):
    page = window.open_area("demandes")
    assert isinstance(page, RequestsPage)
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=5000)
    page.ui.requestTable.selectRow(0)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    wait_ops(qtbot, window.context)
    assert rendered_markup(page) == []
    assert page.ui.detailTitle.textFormat() == Qt.TextFormat.PlainText
    assert holds(page.ui.detailTitle.text())
    table = page.ui.changeTable
    shown = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert any(MARKUP.upper() in text.upper() for text in shown)


def test_messages_show_subjects_and_texts_as_typed(qtbot, marked_up, window):
    page = window.open_area("messages")
    assert isinstance(page, MessagesPage)
    wait_ops(qtbot, window.context)
    qtbot.waitUntil(lambda: len(page.threads) == 1, timeout=5000)
    page.ui.threadTable.selectRow(0)
    qtbot.waitUntil(lambda: page.family_id == marked_up["family"], timeout=5000)
    wait_ops(qtbot, window.context)
    assert rendered_markup(page) == []
    assert page.ui.familyTitle.textFormat() == Qt.TextFormat.PlainText
    assert holds(page.ui.familyTitle.text())
    assert MARKUP in page.message_model.text(0, 0)
    text = page.ui.messageView.toPlainText()  # the reading pane: rich text, user parts escaped
    assert MARKUP in text and "Deuxième ligne" in text
    assert not RAW.search(page.ui.messageView.toHtml().replace("&lt;", "")), "rendered"

    dialog = page.reply()
    assert dialog is not None
    assert rendered_markup(dialog) == []
    assert dialog.ui.f_subject.text().endswith(MARKUP)
    dialog.reject()


def test_the_accueil_and_its_lists_show_names_as_typed(qtbot, marked_up, window, context):
    """The welcome names the staff member (an administrateur typed it), the tiles and the
    list of children expected name the service, the structure and the child."""
    context.staff = dataclasses.replace(context.staff, full_name=MARKUP)
    page = DashboardPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_ops(qtbot, context)
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    assert rendered_markup(page) == []
    assert page.ui.welcomeLabel.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP in page.ui.welcomeLabel.text()
    assert page.tiles[f"service_{marked_up['service']}"].text().startswith(MARKUP)
    dialog = page.show_expected(marked_up["service"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert rendered_markup(dialog) == []
    assert MARKUP in dialog.ui.titleLabel.text()
    assert dialog.ui.titleLabel.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP.upper() in dialog.model.text(0, 0).upper()
    dialog.close()


def test_the_status_bar_names_the_staff_member_as_typed(qtbot, window):
    window.context.staff = dataclasses.replace(window.context.staff, full_name=MARKUP)
    window.user_label.setText(window._user_text())  # noqa: SLF001 (as after a log-in)
    assert window.user_label.textFormat() == Qt.TextFormat.PlainText
    assert window.database_label.textFormat() == Qt.TextFormat.PlainText
    assert rendered_markup(window.ui.statusbar) == []


def test_error_tooltips_message_boxes_and_tips_are_literal(qtbot):
    """An error that quotes what was typed, as a field's tooltip; a message box; a tip."""
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit()
    qtbot.addWidget(field)
    set_error_state(field, True, f"« {MARKUP} » n'est pas une date.")
    assert not RAW.search(field.toolTip())
    box = message_box(None, "Supprimer", f"Supprimer {MARKUP} ?")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert MARKUP in box.text()
    assert box.text().endswith("\u202f?")  # French spacing: the ? never wraps alone
    assert plain_tip("") == ""
    assert not RAW.search(plain_tip(MARKUP))


def test_a_long_op_s_progress_names_a_service_as_typed(qtbot, window):
    """The progress window of a long op (writing to a service's families) quotes its name."""
    from PySide6.QtWidgets import QProgressDialog

    started = []

    def op(_db: Any, progress: Any) -> None:
        started.append(True)

    window.context.ops.run_long(op, window, f"Envoi aux familles de « {MARKUP} »…")
    for dialog in window.findChildren(QProgressDialog):
        assert rendered_markup(dialog) == []
    wait_ops(qtbot, window.context)
    assert started


def test_every_form_label_is_plain_unless_the_app_formats_it(qtbot, window):
    """The .ui forms: after setup, the only rich-text labels are those the app fills with its
    own formatting (user parts escaped): the planning context of a request."""
    rich = {
        label.objectName()
        for label in window.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.PlainText
    }
    assert rich <= {"contextLabel"}
