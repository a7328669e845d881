"""The Messages area: threads per family with unread counts, reading marks read, replying (with
the e-mail notice when the family allows e-mail and SMTP is configured), writing to every
family enrolled in a service with progress, deleting and restoring."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from portail_admin.core import clock, db, mailer
from portail_admin.core.models import Enrolment, Message, Service, Structure
from portail_admin.core.models.enums import GuardianRole, MessageDirection, ServiceUnit
from portail_admin.core.services import children, commune, families, messages
from portail_admin.desktop.messages import MessagesPage

from .conftest import wait_ops


@pytest.fixture
def sent_mail(monkeypatch):
    """Mail that would have left through SMTP: (to, subject, body)."""
    outbox = []
    monkeypatch.setattr(mailer, "send_mail",
                        lambda settings, to, subject, body: outbox.append((to, subject, body)))
    return outbox


@pytest.fixture
def smtp(session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        commune.update_settings(s, {"name": "Alix", "smtp_host": "smtp.alix-village.fr",
                                    "smtp_sender": "mairie@alix-village.fr",
                                    "portal_url": "https://portail.alix-village.fr"})


def _open(qtbot, window) -> MessagesPage:
    page = window.open_area("messages")
    assert isinstance(page, MessagesPage)
    wait_ops(qtbot, page.context)
    return page


def _open_thread(qtbot, page, family_id) -> None:
    qtbot.waitUntil(lambda: any(t.family_id == family_id for t in page.threads), timeout=5000)
    row = next(i for i, t in enumerate(page.threads) if t.family_id == family_id)
    page.ui.threadTable.selectRow(row)
    qtbot.waitUntil(lambda: page.family_id == family_id, timeout=5000)
    wait_ops(qtbot, page.context)


def _bold(page, row) -> bool:
    font = page.message_model.index(row, 0).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


def _send(qtbot, page, dialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.last_outcome is not None and not page.sending, timeout=20000)
    wait_ops(qtbot, page.context)


def test_reply_to_a_family_with_an_email_notice(qtbot, dupont, window, session_factory, smtp,
                                                sent_mail):
    with db.transaction(session_factory, "staff:test") as s:
        families.update_guardian(s, dupont["family"], GuardianRole.PRIMARY,
                                 {"email_consent": True})
    with db.transaction(session_factory, "parent:1001001818331") as s:
        question = messages.send_from_family(s, dupont["family"], "Cantine de jeudi",
                                             "Léa mangera-t-elle à la cantine jeudi ?").id
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: window.ui.navigation.item(3).text() == "Messages (1)", timeout=5000)
    assert page.threads[0].unread == 1 and page.threads[0].family_name == "DUPONT JEAN"

    _open_thread(qtbot, page, dupont["family"])
    assert page.ui.familyTitle.text() == "Famille DUPONT JEAN"
    assert "Léa mangera-t-elle" in page.ui.messageView.toPlainText()
    qtbot.waitUntil(lambda: window.ui.navigation.item(3).text() == "Messages", timeout=5000)
    with session_factory() as s:
        assert s.get(Message, question).read_at is not None  # read by opening it

    dialog = page.reply()
    assert dialog.ui.f_subject.text() == "Re : Cantine de jeudi"
    dialog.ui.f_body.setPlainText("")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.ui.e_body.isVisible()  # an empty text is refused next to the field
    assert dialog.isVisible()
    dialog.ui.f_body.setPlainText("Oui, elle est inscrite jeudi.")
    _send(qtbot, page, dialog)
    assert page.ui.statusLabel.text() == "1 message envoyé, 1 avis par courriel."
    with session_factory() as s:
        answer = s.scalars(select(Message).where(
            Message.direction == MessageDirection.TO_FAMILY)).one()
        assert answer.reply_to_id == question and answer.author_staff.username == "chrystelle"
        assert answer.body == "Oui, elle est inscrite jeudi."
    [(to, subject, body)] = sent_mail
    assert to == "jean.dupont@wanadoo.fr"
    assert subject == "Nouveau message de la mairie : Re : Cantine de jeudi"
    assert "https://portail.alix-village.fr" in body
    assert "inscrite jeudi" not in body  # the notice does not carry the message itself
    qtbot.waitUntil(lambda: page.message_model.rowCount() == 2, timeout=5000)


def test_no_email_without_the_family_consent(qtbot, dupont, window, session_factory, smtp,
                                              sent_mail):
    with db.transaction(session_factory, "parent:1001001818331") as s:
        messages.send_from_family(s, dupont["family"], "Question", "Bonjour")
    page = _open(qtbot, window)
    _open_thread(qtbot, page, dupont["family"])
    dialog = page.reply()
    dialog.ui.f_body.setPlainText("Réponse")
    _send(qtbot, page, dialog)
    assert page.ui.statusLabel.text() == "1 message envoyé."
    assert sent_mail == []


def test_write_to_all_families_of_a_service(qtbot, dupont, window, session_factory):
    today = clock.today()
    with db.transaction(session_factory, "staff:test") as s:
        structure = Structure(name="Garderie périscolaire")
        service = Service(structure=structure, name="Garderie matin", code="GM",
                          unit=ServiceUnit.DAY, weekdays=0b11111, open_in_term=True,
                          open_in_holidays=False, booking_deadline_days=2)
        other = Service(structure=structure, name="Garderie soir", code="GS",
                        unit=ServiceUnit.DAY, weekdays=0b11111, open_in_term=True,
                        open_in_holidays=False, booking_deadline_days=2)
        s.add_all([service, other])
        s.flush()
        martin_child = children.add_child(s, dupont["other"], {
            "last_name": "Martin", "first_name": "Hugo", "birth_date": "01/02/2017"})
        third = families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        third_child = children.add_child(s, third.id, {
            "last_name": "Bernard", "first_name": "Eva", "birth_date": "01/02/2017"})
        year = dt.timedelta(days=300)
        s.add_all([
            Enrolment(child_id=dupont["child"], service_id=service.id, start_date=today,
                      end_date=today + year, weekly_pattern=0),
            Enrolment(child_id=martin_child.id, service_id=service.id, start_date=today,
                      end_date=today + year, weekly_pattern=0),
            Enrolment(child_id=third_child.id, service_id=other.id, start_date=today,
                      end_date=today + year, weekly_pattern=0),
        ])
        service_id, third_id = service.id, third.id
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: len(page.services) == 2, timeout=5000)
    reports = []
    page.context.ops.progressed.connect(lambda *args: reports.append(args))
    qtbot.mouseClick(page.ui.serviceButton, Qt.MouseButton.LeftButton)
    dialog = page.compose
    assert dialog.to_service and dialog.ui.f_service.isVisible()
    dialog.ui.f_service.setCurrentIndex(dialog.ui.f_service.findData(service_id))
    dialog.ui.f_subject.setText("Fermeture exceptionnelle")
    dialog.ui.f_body.setPlainText("La garderie du matin sera fermée vendredi.")
    _send(qtbot, page, dialog)
    assert page.ui.statusLabel.text() == "2 messages envoyés."
    assert reports and reports[-1][1:3] == (2, 2)
    with session_factory() as s:
        sent = s.scalars(select(Message)).all()
        assert sorted(m.family_id for m in sent) == sorted([dupont["family"], dupont["other"]])
        assert third_id not in {m.family_id for m in sent}
        assert {m.subject for m in sent} == {"Fermeture exceptionnelle"}


def test_write_to_a_family_found_by_name_then_delete_and_restore(qtbot, dupont, window,
                                                                 session_factory):
    page = _open(qtbot, window)
    qtbot.mouseClick(page.ui.newButton, Qt.MouseButton.LeftButton)
    dialog = page.compose
    dialog.ui.familySearch.setText("martin")
    qtbot.waitUntil(lambda: dialog.ui.f_family.count() == 1, timeout=5000)
    dialog.ui.f_subject.setText("Dossier incomplet")
    dialog.ui.f_body.setPlainText("Merci de nous apporter l'attestation CAF.")
    _send(qtbot, page, dialog)
    _open_thread(qtbot, page, dupont["other"])
    assert page.message_model.rowCount() == 1
    qtbot.mouseClick(page.ui.deleteButton, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: page.threads == [], timeout=5000)
    with session_factory() as s:
        assert s.scalars(select(Message)).one().deleted_by_staff_at is not None

    page.ui.showDeleted.setChecked(True)
    _open_thread(qtbot, page, dupont["other"])
    assert page.ui.restoreButton.isVisible() and not page.ui.deleteButton.isVisible()
    qtbot.mouseClick(page.ui.restoreButton, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, page.context)
    with session_factory() as s:
        assert s.scalars(select(Message)).one().deleted_by_staff_at is None
    page.ui.showDeleted.setChecked(False)
    qtbot.waitUntil(lambda: len(page.threads) == 1, timeout=5000)


def test_a_parent_message_appears_without_a_click(qtbot, dupont, window, session_factory):
    page = _open(qtbot, window)
    page.context.watcher.poll()
    wait_ops(qtbot, page.context)
    with db.transaction(session_factory, "parent:1001001818331") as s:
        messages.send_from_family(s, dupont["family"], "Bonjour", "Une question")
    page.context.watcher.poll()
    qtbot.waitUntil(lambda: len(page.threads) == 1, timeout=5000)
    assert window.ui.navigation.item(3).text() == "Messages (1)"


def test_a_thread_opens_at_the_first_unread_message_and_marks_only_what_is_shown(
        qtbot, dupont, window, session_factory):
    """Two unread messages from the family, then the mairie's reply (the latest): the thread
    opens at the first unread one, which alone becomes read; the second is read once shown."""
    with db.transaction(session_factory, "parent:1001001818331") as s:
        first = messages.send_from_family(s, dupont["family"], "Cantine de jeudi",
                                          "Léa mangera-t-elle jeudi ?").id
        second = messages.send_from_family(s, dupont["family"], "Sortie de l'école",
                                           "Sa grand-mère viendra la chercher.").id
    with db.transaction(session_factory, "staff:test") as s:
        messages.send_to_family(s, dupont["family"], "Re : Cantine de jeudi", "Oui.",
                                reply_to_id=first)
    page = _open(qtbot, window)
    _open_thread(qtbot, page, dupont["family"])
    assert page.ui.messageList.currentIndex().row() == 0
    assert "Léa mangera-t-elle jeudi" in page.ui.messageView.toPlainText()
    with session_factory() as s:
        assert s.get(Message, first).read_at is not None
        assert s.get(Message, second).read_at is None  # not shown: still unread
    qtbot.waitUntil(lambda: page.threads[0].unread == 1, timeout=5000)
    assert _bold(page, 1)

    page.ui.messageList.setCurrentIndex(page.message_model.index(1, 0))
    assert "grand-mère" in page.ui.messageView.toPlainText()
    qtbot.waitUntil(lambda: page.threads and page.threads[0].unread == 0, timeout=5000)
    wait_ops(qtbot, page.context)
    with session_factory() as s:
        assert s.get(Message, second).read_at is not None
    assert not _bold(page, 1)
    assert page.ui.messageList.currentIndex().row() == 1  # the refresh keeps the message on screen


def test_a_thread_with_nothing_unread_opens_at_the_latest_message(
        qtbot, dupont, window, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        messages.send_to_family(s, dupont["family"], "Vacances", "Fermé à Noël.")
        messages.send_to_family(s, dupont["family"], "Facture", "Disponible.")
    page = _open(qtbot, window)
    _open_thread(qtbot, page, dupont["family"])
    assert page.ui.messageList.currentIndex().row() == 1
    assert "Disponible." in page.ui.messageView.toPlainText()
