"""The Messages area: one thread per family with its unread count; read, reply, write to a family
or to every family enrolled in a service (with progress, cancellable); delete and restore.
A family that allows e-mail gets a notice through the commune's SMTP (core staff_messages).
Refreshes itself in place from what changed (context.changes): a parent's new message appears
without a click, and the thread chosen and the message read stay where they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QWidget

from ..core import clock, search
from ..core.changefeed import Change
from ..core.errors import PortailError, ValidationError
from ..core.formatting import french_spacing
from ..core.services import messages, staff_messages
from ..core.services.staff import Permission
from ..core.services.staff_messages import MessageView, OpenThread, ThreadSummary
from .changes import started_by, touching
from .context import AppContext
from .fieldforms import grow_to_fit, keep_heights, set_error_state
from .forms.ui_compose_dialog import Ui_ComposeDialog
from .forms.ui_messages_page import Ui_MessagesPage
from .keyed_model import Column, KeyedModel
from .ops import OpDb, Progress, save_message, user_message
from .plaintext import plain_labels

SEARCH_DELAY_MS = 250


def local(instant: dt.datetime) -> str:
    return f"{instant.astimezone(clock.COMMUNE_TZ):%d/%m/%Y %H:%M}"


@dataclass
class SendOutcome:
    sent: int = 0
    families: int = 0
    mailed: int = 0
    mail_errors: list[str] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    cancelled: int = 0
    message_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        n = self.sent
        text = f"{n} message{'s' if n > 1 else ''} envoyé{'s' if n > 1 else ''}"
        if self.mailed:
            text += f", {self.mailed} avis par courriel"
        if self.failed:
            text += f", {len(self.failed)} non envoyé{'s' if len(self.failed) > 1 else ''}"
        if self.cancelled:
            plural = "s" if self.cancelled > 1 else ""
            text += f" ; arrêt demandé : {self.cancelled} famille{plural} sans message"
        text += "."
        if self.mail_errors:
            text += " Avis par courriel non envoyé : " + self.mail_errors[0]
        return french_spacing(text)


# --------------------------------------------------------------------------- ops


def send_one(
    db: OpDb, family_id: int, subject: str, body: str, reply_to_id: int | None
) -> tuple[int, list[str], str]:
    """Write to one family (own transaction), then send the e-mail notice if the family allows
    it: (message id, addresses notified, French mail error or "")."""
    staff = db.require(Permission.MESSAGES)
    with db.write() as session:
        message = messages.send_to_family(
            session, family_id, subject, body, staff_id=staff.id or None, reply_to_id=reply_to_id
        )
        notice = staff_messages.email_notice(session, message)
        message_id = message.id
    if notice is None:
        return message_id, [], ""
    try:
        with db.read() as session:
            staff_messages.deliver_notice(session, notice)
    except PortailError as exc:
        return message_id, [], str(exc)
    return message_id, list(notice.recipients), ""


def send_op(
    family_id: int | None, service_id: int | None, subject: str, body: str, reply_to_id: int | None
) -> Callable[[OpDb, Progress], SendOutcome]:
    def op(db: OpDb, progress: Progress) -> SendOutcome:
        db.require(Permission.MESSAGES)
        staff_messages.check_message(subject, body)
        if family_id is not None:
            targets = [family_id]
        else:
            assert service_id is not None
            with db.read() as session:
                targets = staff_messages.families_enrolled_in(session, service_id)
        outcome = SendOutcome(families=len(targets))
        total = len(targets)
        for index, target in enumerate(targets):
            if progress.cancelled:
                outcome.cancelled = total - index
                break
            progress.report(index, total, f"Envoi des messages : {index + 1} sur {total}…")
            try:
                message_id, mailed, mail_error = send_one(
                    db, target, subject, body, reply_to_id if family_id is not None else None
                )
            except PortailError as exc:
                outcome.failed[target] = str(exc)
                continue
            outcome.sent += 1
            outcome.message_ids.append(message_id)
            outcome.mailed += len(mailed)
            if mail_error:
                outcome.mail_errors.append(mail_error)
        progress.report(total, total, "")
        return outcome

    return op


# --------------------------------------------------------------------------- compose


class ComposeDialog(QDialog):
    """Write to one family (chosen, or fixed for a reply) or to every family of a service.
    Subject and text are checked before the dialog closes; nothing typed is lost on an error
    (the page shows the dialog again)."""

    def __init__(
        self,
        context: AppContext,
        services: list[tuple[int, str]],
        family: tuple[int, str] | None = None,
        reply_to: MessageView | None = None,
        to_service: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_ComposeDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.reply_to = reply_to
        self.fixed_family = family
        self.searches_done = 0
        for service_id, name in services:
            self.ui.f_service.addItem(name, service_id)
        keep_heights(self.ui.f_subject, self.ui.familySearch, self.ui.f_family, self.ui.f_service)
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Envoyer")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.toFamilyRadio.toggled.connect(self._recipient_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.ui.familySearch.textChanged.connect(lambda _t: self._search_timer.start())
        if family is not None:
            self.ui.f_family.addItem(family[1], family[0])
            self.ui.familySearch.setVisible(False)
            self.ui.f_family.setEnabled(False)
            self.ui.toServiceRadio.setVisible(False)
            self.ui.toFamilyRadio.setVisible(False)
        if reply_to is not None:
            self.setWindowTitle("Répondre")
            self.ui.f_subject.setText(messages.reply_subject(reply_to.subject))
            quoted = "\n".join(f"> {line}" for line in reply_to.body.splitlines())
            self.ui.f_body.setPlainText(f"\n\n{quoted}")
            self.ui.f_body.setFocus()
        if to_service:
            self.ui.toServiceRadio.setChecked(True)
            self.setWindowTitle("Écrire aux familles d'une prestation")
        self._recipient_changed()
        if family is None and not to_service:
            self.run_search()

    @property
    def to_service(self) -> bool:
        return self.ui.toServiceRadio.isChecked()

    def _recipient_changed(self, *_args: Any) -> None:
        service = self.to_service
        self.ui.f_service.setVisible(service)
        self.ui.familySearch.setVisible(not service and self.fixed_family is None)
        self.ui.f_family.setVisible(not service)
        self.ui.recipientLabel.setText(
            "Chaque famille ayant un enfant inscrit à cette prestation (inscription en cours ou "
            "à venir) reçoit le message dans sa boîte de réception du portail."
            if service
            else ""
        )
        self.ui.recipientLabel.setVisible(service)

    def run_search(self) -> None:
        text = self.ui.familySearch.text()

        def op(db: OpDb) -> list[search.FamilyHit]:
            db.require(Permission.MESSAGES)
            with db.read() as session:
                return search.search_families(session, text)

        self.context.ops.run(op, on_done=self._show_hits, owner=self, name="compose_search")

    def _show_hits(self, hits: list[search.FamilyHit]) -> None:
        combo = self.ui.f_family
        current = combo.currentData()
        combo.clear()
        for hit in hits:
            combo.addItem(f"{hit.name} — n° {hit.family_number}", hit.id)
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
        self.searches_done += 1

    def values(self) -> dict[str, Any]:
        return {
            "family_id": None if self.to_service else self.ui.f_family.currentData(),
            "service_id": self.ui.f_service.currentData() if self.to_service else None,
            "service_name": self.ui.f_service.currentText(),
            "family_name": self.ui.f_family.currentText(),
            "subject": self.ui.f_subject.text(),
            "body": self.ui.f_body.toPlainText(),
            "reply_to_id": self.reply_to.id if self.reply_to is not None else None,
        }

    def clear_errors(self) -> None:
        for name, widget in (
            ("subject", self.ui.f_subject),
            ("body", self.ui.f_body),
            ("family", self.ui.f_family),
        ):
            getattr(self.ui, f"e_{name}").setVisible(False)
            set_error_state(widget, False)
        self.ui.errorLabel.setVisible(False)

    def show_errors(self, errors: dict[str, str]) -> None:
        widgets = {"subject": self.ui.f_subject, "body": self.ui.f_body, "family": self.ui.f_family}
        for name, message in errors.items():
            widget = widgets.get(name)
            if widget is None:
                self.show_error(message)
                continue
            label = getattr(self.ui, f"e_{name}")
            label.setText(french_spacing(message))
            label.setVisible(True)
            set_error_state(widget, True, message)
        grow_to_fit(self)

    def show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.setVisible(True)
        grow_to_fit(self)

    def submit(self) -> None:
        self.clear_errors()
        values = self.values()
        errors: dict[str, str] = {}
        if not self.to_service and values["family_id"] is None:
            errors["family"] = "Choisissez la famille destinataire."
        if self.to_service and values["service_id"] is None:
            errors["family"] = "Choisissez une prestation."
        try:
            staff_messages.check_message(values["subject"], values["body"])
        except ValidationError as exc:
            errors.update(exc.errors)
        if errors:
            self.show_errors(errors)
            return
        self.accept()


# --------------------------------------------------------------------------- page

THREAD_COLUMNS = (
    Column(
        "Famille",
        lambda t: t.family_name,
        tooltip=lambda t: f"N° famille {t.family_number} — {t.total} message(s)",
    ),
    Column("Non lus", lambda t: str(t.unread) if t.unread else ""),
    Column("Dernier message", lambda t: local(t.last_at)),
    Column("Objet", lambda t: t.last_subject),
)
# A thread shows the family's name: a change to it refreshes the list too.
NAME_TABLES = frozenset({"family", "guardian"})


def message_line(view: MessageView) -> str:
    """A message in the family's list."""
    author = f" ({view.author})" if view.author else ""
    who = "Famille" if view.from_family else f"Mairie{author}"
    arrow = "⟵" if view.from_family else "⟶"
    return f"{local(view.sent_at)}  {arrow} {who} — {view.subject}"


def unread_from_family(view: MessageView) -> bool:
    return view.from_family and view.read_at is None


class MessagesPage(QWidget):
    badge_changed = Signal(int)
    open_requested = Signal(str, dict)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_MessagesPage()
        self.ui.setupUi(self)
        plain_labels(self)
        self.threads: list[ThreadSummary] = []
        self.messages: list[MessageView] = []
        self.family_id: int | None = None
        self.family_name = ""
        self.services: list[tuple[int, str]] = []
        self.compose: ComposeDialog | None = None
        self.last_outcome: SendOutcome | None = None
        self.last_progress: Progress | None = None
        self.loads_done = 0
        self.last_error = ""
        self.sending = False
        self._thread_seq = 0
        self._filling_messages = False

        self.model: KeyedModel[ThreadSummary] = KeyedModel(
            THREAD_COLUMNS,
            key=lambda t: t.family_id,
            bold=lambda t: t.unread > 0,
            parent=self,
        )
        table = self.ui.threadTable
        self.model.attach(table)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._thread_chosen)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([600, 600])
        layout = self.ui.conversationLayout
        layout.setStretchFactor(self.ui.messageList, 1)
        layout.setStretchFactor(self.ui.messageView, 2)
        self.message_model: KeyedModel[MessageView] = KeyedModel(
            [Column("Message", message_line)], bold=unread_from_family, parent=self
        )
        self.message_model.attach(self.ui.messageList)
        self.ui.messageList.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._message_chosen(current.row())
        )
        self.ui.unreadOnly.toggled.connect(lambda _c: self.reload())
        self.ui.showDeleted.toggled.connect(self._deleted_toggled)
        self.ui.newButton.clicked.connect(lambda: self.write(family=None))
        self.ui.serviceButton.clicked.connect(lambda: self.write(to_service=True))
        self.ui.writeButton.clicked.connect(self._write_to_open_family)
        self.ui.replyButton.clicked.connect(self.reply)
        self.ui.deleteButton.clicked.connect(self.delete_selected)
        self.ui.restoreButton.clicked.connect(self.restore_selected)
        context.changes.changed.connect(self._on_changes)
        self._show_family(None, [])
        self.activate()

    # threads ------------------------------------------------------------------------------------
    def activate(self) -> None:
        self._load_services()
        self.reload()

    def open_with(self, unread_only: bool = False, family_id: int | None = None, **_: Any) -> None:
        self.ui.unreadOnly.setChecked(unread_only)
        self.ui.showDeleted.setChecked(False)
        if family_id is not None:
            self.open_family(family_id)
        self.reload()

    def _load_services(self) -> None:
        def op(db: OpDb) -> list[tuple[int, str]]:
            with db.read() as session:
                return staff_messages.service_choices(session)

        self.context.ops.run(
            op, on_done=lambda s: setattr(self, "services", s), owner=self, name="services"
        )

    def reload(self) -> None:
        deleted = self.ui.showDeleted.isChecked()
        unread_only = self.ui.unreadOnly.isChecked()

        def op(db: OpDb) -> tuple[list[ThreadSummary], int]:
            db.require(Permission.MESSAGES)
            with db.read() as session:
                threads = staff_messages.thread_summaries(session, deleted, unread_only)
                return threads, messages.unread_count_for_staff(session)

        self.context.ops.run(
            op, on_done=self._loaded, on_error=self._load_failed, owner=self, name="threads"
        )

    def _loaded(self, result: tuple[list[ThreadSummary], int]) -> None:
        threads, unread = result
        self.loads_done += 1
        self.last_error = ""
        self.threads = threads
        table = self.ui.threadTable
        # In place (no reset): the chosen thread stays selected and the list where it was
        # scrolled. Selection signals are held: a thread leaving the list opens no other one.
        table.selectionModel().blockSignals(True)
        self.model.update_rows(threads)
        row = self.model.row_of(self.family_id)
        if row >= 0 and [i.row() for i in table.selectionModel().selectedRows()] != [row]:
            table.selectRow(row)
        table.selectionModel().blockSignals(False)
        n = len(threads)
        self.ui.threadCountLabel.setText(
            f"{n} famille{'s' if n > 1 else ''} — {unread} message{'s' if unread > 1 else ''} "
            f"non lu{'s' if unread > 1 else ''}"
        )
        self.badge_changed.emit(unread)

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self.ui.statusLabel.setText(self.last_error)

    def _deleted_toggled(self, deleted: bool) -> None:
        self.reload()
        if self.family_id is not None:
            self.open_family(self.family_id)
        self._update_buttons()

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """Messages (or names) changed elsewhere: the threads are read again and diffed; the
        open thread is refreshed only when the change concerns its family. This page's own
        ops refreshed it already."""
        if started_by(self, origin):
            return
        if touching(changes, {"service", "structure"}):
            self._load_services()
        if touching(changes, {"message"}) or touching(changes, NAME_TABLES):
            self.reload()
        if self.family_id is not None and touching(changes, {"message"}, family_id=self.family_id):
            self.open_family(self.family_id, refresh=True)

    # one family's messages ------------------------------------------------------------------------
    def _thread_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_family(self.model.key_at(current.row()))  # type: ignore[arg-type]

    def open_family(self, family_id: int, refresh: bool = False) -> None:
        """Show the family's messages at its first unread one (else the latest), which becomes
        read: only the message shown is marked read. A refresh keeps the message on screen."""
        deleted = self.ui.showDeleted.isChecked()
        self._thread_seq += 1
        seq = self._thread_seq
        current = self.current_message()
        keep_id = current.id if refresh and current and current.family_id == family_id else None

        def op(db: OpDb) -> OpenThread:
            db.require(Permission.MESSAGES)
            with db.write() as session:
                return staff_messages.open_thread(session, family_id, deleted, keep_id)

        def done(thread: OpenThread) -> None:
            if seq != self._thread_seq:
                return
            before = {m.id: m.read_at for m in self.messages} if refresh else {}
            self.family_id = family_id
            self.family_name = thread.family_name
            self._show_family(thread.family_name, thread.messages, thread.shown)
            if not refresh or any(
                before.get(m.id, m.read_at) != m.read_at for m in thread.messages
            ):
                self.reload()

        self.context.ops.run(
            op, on_done=done, on_error=self._load_failed, owner=self, name="family_messages"
        )

    def _show_family(
        self, name: str | None, views: list[MessageView], shown: int | None = None
    ) -> None:
        self.messages = views
        deleted = self.ui.showDeleted.isChecked()
        if name is None:
            self.ui.familyTitle.setText("Choisissez une famille dans la liste.")
        else:
            suffix = " — messages supprimés" if deleted else ""
            self.ui.familyTitle.setText(f"Famille {name}{suffix}")
        lst = self.ui.messageList
        self._filling_messages = True
        try:
            self.message_model.update_rows(views)
            if shown is not None:
                lst.setCurrentIndex(self.message_model.index(shown, 0))
        finally:
            self._filling_messages = False
        if shown is not None:
            self._display(views[shown])
        else:
            self.ui.messageView.clear()
        self._update_buttons()

    def _message_chosen(self, row: int) -> None:
        """A message chosen in the list is shown, and so becomes read if it was unread."""
        if self._filling_messages:
            return
        if not 0 <= row < len(self.messages):
            self.ui.messageView.clear()
            self._update_buttons()
            return
        view = self.messages[row]
        self._display(view)
        self._update_buttons()
        if view.from_family and view.read_at is None and not view.deleted:
            self._mark_shown(view)

    def _mark_shown(self, view: MessageView) -> None:
        def op(db: OpDb) -> MessageView:
            db.require(Permission.MESSAGES)
            with db.write() as session:
                return staff_messages.mark_shown(session, view)

        def done(read: MessageView) -> None:
            ids = [m.id for m in self.messages]
            if read.id in ids:
                self.messages[ids.index(read.id)] = read
                self.message_model.refresh_keys({read.id}, [read])
            self.reload()

        self.context.ops.run(op, on_done=done, on_error=self._load_failed, owner=self)

    def _display(self, view: MessageView) -> None:
        who = (
            "la famille"
            if view.from_family
            else (f"la mairie{f' ({escape(view.author)})' if view.author else ''}")
        )
        read = ""
        if not view.from_family:
            read = (
                f" — lu par la famille le {local(view.read_at)}"
                if view.read_at
                else " — pas encore lu par la famille"
            )
        body = escape(view.body).replace("\n", "<br>")
        self.ui.messageView.setHtml(
            f"<h3>{escape(view.subject)}</h3>"
            f"<p style='color:#555'>Envoyé par {who} le {local(view.sent_at)}{read}</p>"
            f"<p>{body}</p>"
        )

    def current_message(self) -> MessageView | None:
        row = self.ui.messageList.currentIndex().row()
        return self.messages[row] if 0 <= row < len(self.messages) else None

    def _update_buttons(self) -> None:
        deleted = self.ui.showDeleted.isChecked()
        message = self.current_message()
        has_family = self.family_id is not None and self.family_name != ""
        self.ui.replyButton.setEnabled(
            not deleted and has_family and any(m.from_family for m in self.messages)
        )
        self.ui.writeButton.setEnabled(not deleted and has_family)
        self.ui.deleteButton.setVisible(not deleted)
        self.ui.restoreButton.setVisible(deleted)
        self.ui.deleteButton.setEnabled(message is not None)
        self.ui.restoreButton.setEnabled(message is not None)

    # writing --------------------------------------------------------------------------------------
    def reply(self) -> ComposeDialog | None:
        message = self.current_message()
        if message is None or not message.from_family:
            message = next((m for m in reversed(self.messages) if m.from_family), None)
        if message is None or self.family_id is None:
            return None
        return self.write(family=(self.family_id, self.family_name), reply_to=message)

    def _write_to_open_family(self) -> None:
        if self.family_id is not None:
            self.write(family=(self.family_id, self.family_name))

    def write(
        self,
        family: tuple[int, str] | None = None,
        reply_to: MessageView | None = None,
        to_service: bool = False,
    ) -> ComposeDialog:
        """Open the compose dialog (non-blocking); sending starts when it is accepted."""
        dialog = ComposeDialog(self.context, self.services, family, reply_to, to_service, self)
        self.compose = dialog
        dialog.accepted.connect(lambda: self._send(dialog))
        dialog.open()
        return dialog

    def _send(self, dialog: ComposeDialog) -> None:
        values = dialog.values()
        self.sending = True
        if values["service_id"] is not None:
            title = f"Envoi aux familles de « {values['service_name']} »…"
        else:
            title = "Envoi du message…"
        self.ui.statusLabel.setText(title)
        self.last_progress = self.context.ops.run_long(
            send_op(
                values["family_id"],
                values["service_id"],
                values["subject"],
                values["body"],
                values["reply_to_id"],
            ),
            self,
            title,
            on_done=self._sent,
            on_error=lambda error: self._send_failed(dialog, error),
            owner=self,
            name="send_message",
        )

    def _sent(self, outcome: SendOutcome) -> None:
        self.sending = False
        self.last_outcome = outcome
        self.ui.statusLabel.setText(outcome.summary())
        self.reload()
        if self.family_id is not None:
            self.open_family(self.family_id, refresh=True)

    def _send_failed(self, dialog: ComposeDialog, error: BaseException) -> None:
        """Nothing was sent: show the dialog again with everything typed and the reason."""
        self.sending = False
        self.ui.statusLabel.setText("Le message n'a pas été envoyé.")
        if isinstance(error, ValidationError):
            dialog.show_errors(error.errors)
        else:
            dialog.show_error(save_message(error))
        dialog.open()

    # delete / restore ---------------------------------------------------------------------------
    def delete_selected(self) -> None:
        self._set_deleted(True)

    def restore_selected(self) -> None:
        self._set_deleted(False)

    def _set_deleted(self, delete: bool) -> None:
        message = self.current_message()
        if message is None:
            return
        message_id = message.id

        def op(db: OpDb) -> None:
            db.require(Permission.MESSAGES)
            with db.write() as session:
                if delete:
                    messages.delete_for_staff(session, message_id)
                else:
                    messages.restore_for_staff(session, message_id)

        def done(_result: None) -> None:
            self.ui.statusLabel.setText(
                "Message supprimé (cochez « Messages supprimés » pour le restaurer)."
                if delete
                else "Message restauré."
            )
            self.reload()
            if self.family_id is not None:
                self.open_family(self.family_id, refresh=True)

        self.context.ops.run(op, on_done=done, on_error=self._load_failed, owner=self)

    def self_test(self) -> Callable[[], None]:
        def verify() -> None:
            if self.last_error:
                raise RuntimeError(self.last_error)
            if self.loads_done == 0:
                raise RuntimeError("les messages ne se sont pas chargés")

        return verify
