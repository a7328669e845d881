"""Background operations: database work never runs on the UI thread.

Anki-style: the UI starts an *op* (a plain function), a worker thread runs it with its own
session, and the result or the error comes back to the UI thread, where the callbacks run.
Sessions are never shared between threads: each op opens its own.

    ops.run(lambda db: search_families_op(db, text), on_done=self.show_hits, owner=self)

Tests wait for the ops to finish with `qtbot.waitUntil(lambda: ops.idle)` or
`qtbot.waitSignal(ops.finished_all)`.

An op says what it changed (as Anki's do): every `db.write()` transaction collects the change-log
rows it wrote (`changefeed.written_changes`), and once the op's callback has run on the UI thread
the runner emits `applied(changes, origin)`, `origin` being the widget that started the op. The
page that started it has refreshed itself in its callback; the other pages refresh from
`applied` (through `context.changes`, see desktop/changes.py), and the change watcher skips
these rows when it reads them again from the feed, so no page reloads twice.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget
from sqlalchemy.orm import sessionmaker

from ..core import changefeed
from ..core import db as core_db
from ..core.db import PortailSession
from ..core.errors import PermissionDenied
from ..core.formatting import french_spacing
from ..core.services.staff import Permission, StaffIdentity
from . import main_thread_gc

log = logging.getLogger(__name__)


class OpDb:
    """What an op receives: a way to read, a way to write as the current user, and who that
    user is (`staff`), so that an op checks its permission again in the worker
    (`db.require(Permission.X)`): hiding a button is not enough."""

    def __init__(
        self,
        factory: sessionmaker[PortailSession],
        actor: str,
        staff: StaffIdentity | None = None,
        on_written: Callable[[list[changefeed.Change]], None] | None = None,
    ):
        self.factory = factory
        self.actor = actor
        self.staff = staff
        self.changes: list[changefeed.Change] = []  # what this op's transactions wrote
        self._on_written = on_written

    def for_op(self) -> OpDb:
        """A fresh OpDb for one op run: same user, its own list of changes."""
        return OpDb(self.factory, self.actor, self.staff, self._on_written)

    def require(self, permission: Permission) -> StaffIdentity:
        """The logged-in staff member, if their role has `permission` (else PermissionDenied)."""
        if self.staff is None:
            raise PermissionDenied("Connectez-vous pour effectuer cette opération.")
        self.staff.require(permission)
        return self.staff

    def can(self, permission: Permission) -> bool:
        return self.staff is not None and self.staff.can(permission)

    @contextmanager
    def read(self) -> Iterator[PortailSession]:
        with self.factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[PortailSession]:
        """One transaction as the current user; once committed, what it wrote joins
        `changes` (an op may commit several transactions: each one's changes are kept)."""
        with core_db.transaction(self.factory, self.actor) as session:
            yield session
        written = changefeed.written_changes(session)
        if written:
            self.changes.extend(written)
            if self._on_written is not None:
                self._on_written(written)


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    name: str
    origin: QObject | None = None
    traceback: str = field(default="")


class _Relay(QObject):
    """Lives in the UI thread; the worker emits on it, Qt queues the call to the UI thread."""

    done = Signal(int, object, object, object)  # op id, result, error, changes written
    progress = Signal(int, int, int, str)  # op id, done, total, French text


class Progress:
    """Handed to a long op (`OpRunner.run_long`): it reports how far it is and stops, between
    two units of work, once the user has clicked "Annuler"."""

    def __init__(self, relay: _Relay | None = None, op_id: int = 0):
        self._relay = relay
        self.op_id = op_id
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._relay is not None:
            self._relay.progress.emit(self.op_id, done, total, text)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, op_id: int, fn: Callable[[OpDb], Any], opdb: OpDb, relay: _Relay):
        super().__init__()
        self.op_id = op_id
        self.fn = fn
        self.opdb = opdb
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.opdb)
        except BaseException as exc:  # noqa: BLE001 (delivered to the UI thread)
            exc.__portail_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.done.emit(self.op_id, None, exc, self.opdb.changes)
        else:
            self.relay.done.emit(self.op_id, result, None, self.opdb.changes)


class OpRunner(QObject):
    """Runs ops on a private thread pool and calls back on the UI thread."""

    finished_all = Signal()
    failed = Signal(str)  # French message of an error nobody handled
    # An op lost the database connection (handled or not): desktop.connection's monitor
    # listens. The argument is the op's id: a failure of an op started before the connection
    # came back says nothing about the connection now.
    connection_failed = Signal(int)
    progressed = Signal(int, int, int, str)  # op id, done, total, text (tests watch it)
    # What an op wrote (list[changefeed.Change]) and the widget that started it (None when it
    # is gone): emitted on the UI thread after the op's own callback.
    applied = Signal(list, object)

    def __init__(
        self,
        factory: sessionmaker[PortailSession],
        actor: str,
        parent: QObject | None = None,
        max_threads: int = 4,
    ):
        super().__init__(parent)
        # Worker threads: Python's collector must then run in the main thread only.
        app = QCoreApplication.instance()
        if app is not None:
            main_thread_gc.install(app)
        self._written_lock = threading.Lock()
        self._written_ids: set[int] = set()
        self.opdb = OpDb(factory, actor, on_written=self._note_written)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._relay.progress.connect(self._on_progress)
        self._dialogs: dict[int, QProgressDialog] = {}
        self._pending: dict[int, _Pending] = {}
        self._ids = count(1)
        self.last_op_id = 0  # the id of the latest op started
        self._closed = False

    def set_staff(self, staff: StaffIdentity) -> None:
        """Every op started from now on acts as `staff`."""
        self.opdb = OpDb(self.opdb.factory, staff.actor, staff, self._note_written)

    def clear_staff(self, actor: str) -> None:
        """Nobody is logged in any more: ops act as `actor` and every permission is refused."""
        self.opdb = OpDb(self.opdb.factory, actor, None, self._note_written)

    def _note_written(self, changes: list[changefeed.Change]) -> None:
        """Worker thread, right after a commit: these rows are this process's own."""
        with self._written_lock:
            self._written_ids.update(c.id for c in changes)

    def not_written_here(self, changes: list[changefeed.Change]) -> list[changefeed.Change]:
        """The changes of `changes` that no op of this runner wrote (the change watcher
        passes what it read from the feed: the rest was, or is about to be, `applied`)."""
        with self._written_lock:
            if not self._written_ids:
                return changes
            others = [c for c in changes if c.id not in self._written_ids]
            self._written_ids.difference_update(c.id for c in changes)
            return others

    @property
    def idle(self) -> bool:
        return not self._pending

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def run(
        self,
        fn: Callable[[OpDb], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        name: str = "",
        origin: QObject | None = None,
    ) -> int:
        """Start `fn(db)` in the background; return the op's id. `origin` (default: `owner`)
        is the widget `applied` names as having started the op."""
        if self._closed:
            return 0
        return self._start(next(self._ids), fn, on_done, on_error, owner, name, origin)

    def _start(
        self,
        op_id: int,
        fn: Callable[[OpDb], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
        name: str,
        origin: QObject | None = None,
    ) -> int:
        self._pending[op_id] = _Pending(
            on_done, on_error, owner, name or fn.__name__, owner if origin is None else origin
        )
        self.last_op_id = max(self.last_op_id, op_id)
        self._pool.start(_Runnable(op_id, fn, self.opdb.for_op(), self._relay))
        return op_id

    def run_long(
        self,
        fn: Callable[[OpDb, Progress], Any],
        parent: QWidget | None,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        name: str = "",
        origin: QObject | None = None,
    ) -> Progress:
        """Start a long op with a progress window and an "Annuler" button.

        `fn(db, progress)` calls `progress.report(done, total, text)` and looks at
        `progress.cancelled` between units of work (each unit its own transaction, so that
        what was done stays done and what was not is untouched)."""
        progress = Progress(self._relay, next(self._ids))
        dialog = QProgressDialog(title, "Annuler", 0, 0, parent)
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the title may name a service, a family
        dialog.setLabel(label)
        dialog.setLabelText(title)
        dialog.setWindowTitle("Portail Famille")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def cancel() -> None:
            progress.cancel()
            dialog.setLabelText(french_spacing("Arrêt demandé : fin de l'opération en cours…"))

        dialog.canceled.connect(cancel)

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._dialogs.pop(progress.op_id, None)
            dialog.close()
            dialog.deleteLater()
            if callback is not None:
                callback(value)

        def on_failure(error: BaseException) -> None:
            if on_error is None:
                finish(self._unhandled, error)
            else:
                finish(on_error, error)

        self._dialogs[progress.op_id] = dialog
        if self._closed:
            return progress
        self._start(
            progress.op_id,
            lambda db: fn(db, progress),
            lambda result: finish(on_done, result),
            on_failure,
            owner,
            name or getattr(fn, "__name__", "long_op"),
            origin,
        )
        return progress

    @Slot(int, int, int, str)
    def _on_progress(self, op_id: int, done: int, total: int, text: str) -> None:
        dialog = self._dialogs.get(op_id)
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if text and not dialog.wasCanceled():
                dialog.setLabelText(french_spacing(text))
        self.progressed.emit(op_id, done, total, text)

    @Slot(int, object, object, object)
    def _deliver(
        self,
        op_id: int,
        result: Any,
        error: BaseException | None,
        changes: list[changefeed.Change],
    ) -> None:
        pending = self._pending.pop(op_id, None)
        try:
            if pending is None or self._closed:
                return
            if error is not None and is_connection_error(error):
                self.connection_failed.emit(op_id)
            self._call_back(pending, result, error)
            if changes:
                # Even when the op failed (a long op stopped half way keeps what it committed)
                # or its owner is gone: the other pages must still see what was written.
                origin = pending.origin
                if origin is not None and not shiboken6.isValid(origin):
                    origin = None
                self.applied.emit(list(changes), origin)
        finally:
            if not self._pending:
                self.finished_all.emit()

    def _call_back(self, pending: _Pending, result: Any, error: BaseException | None) -> None:
        if pending.owner is not None and not shiboken6.isValid(pending.owner):
            return
        if error is None:
            if pending.on_done is not None:
                pending.on_done(result)
        elif pending.on_error is not None:
            pending.on_error(error)
        elif is_connection_error(error):
            log.warning("op %s: the database is out of reach (%s)", pending.name, error)
        else:
            log.error(
                "op %s failed:\n%s",
                pending.name,
                getattr(error, "__portail_traceback__", repr(error)),
            )
            self._unhandled(error)

    def _unhandled(self, error: BaseException) -> None:
        """An error no callback handled: told in French, except a lost connection, which the
        connection banner tells (and retries)."""
        if not is_connection_error(error):
            self.failed.emit(user_message(error))

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Let running ops finish, and drop their results (the window is closing)."""
        self._closed = True
        for dialog in self._dialogs.values():
            dialog.close()
        self._dialogs.clear()
        self._pool.waitForDone(timeout_ms)
        self._pending.clear()


# The database is out of reach (server stopped, network cut, file share gone).
SAVE_WHILE_OFFLINE = (
    "Enregistrement impossible pour l'instant : la connexion à la base est perdue. "
    "Vos saisies sont conservées ; vous pourrez enregistrer dès le retour de la connexion."
)

# PostgreSQL SQLSTATEs that mean the connection, not the statement, failed: class 08
# (connection exception) and the server shutting down or starting up (57P01-57P03).
_PG_CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")
# SQLite: the file (or the share it lives on) cannot be opened or read any more.
_SQLITE_CONNECTION_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_IOERR")
_SQLITE_CONNECTION_TEXTS = ("unable to open database file", "disk i/o error")


def is_connection_error(error: BaseException) -> bool:
    """Whether `error` means the database is out of reach (rather than a refused statement:
    a deadlock, a lock timeout, a constraint, "database is locked"). Takes SQLAlchemy's errors
    and a driver's own (the change listener uses the driver directly)."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        return isinstance(error, (OperationalError, InterfaceError)) and _lost_link(error.orig)
    names = {kind.__name__ for kind in type(error).__mro__}  # PEP 249's exception names
    return bool(names & {"OperationalError", "InterfaceError"}) and _lost_link(error)


def _lost_link(driver_error: BaseException) -> bool:
    if hasattr(driver_error, "sqlstate"):  # psycopg: no SQLSTATE is a client-side failure
        state = driver_error.sqlstate
        return state is None or state.startswith(_PG_CONNECTION_STATES)
    if isinstance(driver_error, sqlite3.Error):
        name = getattr(driver_error, "sqlite_errorname", "")
        text = str(driver_error).lower()
        return name.startswith(_SQLITE_CONNECTION_ERRORS) or any(
            t in text for t in _SQLITE_CONNECTION_TEXTS
        )
    return True  # another driver: its OperationalError / InterfaceError is about the link


def user_message(error: BaseException) -> str:
    """What to tell the user about an error, in French."""
    from ..core.errors import PortailError

    if isinstance(error, PortailError):
        return str(error)
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError) or is_connection_error(error):
        return (
            "La base de données ne répond pas. Vérifiez la connexion au serveur, "
            "puis réessayez. Vos saisies sont conservées."
        )
    return (
        f"Une erreur inattendue s'est produite ({type(error).__name__}). "
        "Vos saisies sont conservées."
    )


def save_message(error: BaseException) -> str:
    """What to tell the user about a save that failed (every form's save uses this): a lost
    connection says the save will be possible once it is back."""
    if is_connection_error(error):
        return french_spacing(SAVE_WHILE_OFFLINE)
    return user_message(error)
