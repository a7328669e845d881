"""Background operations: database work never runs on the UI thread.

Anki-style: the UI starts an *op* (a plain function), a worker thread runs it with its own
session, and the result or the error comes back to the UI thread, where the callbacks run.
Sessions are never shared between threads: each op opens its own.

    ops.run(lambda db: search_families_op(db, text), on_done=self.show_hits, owner=self)

Tests wait for the ops to finish with `qtbot.waitUntil(lambda: ops.idle)` or
`qtbot.waitSignal(ops.finished_all)`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from sqlalchemy.orm import sessionmaker

from ..core import db as core_db
from ..core.db import PortailSession

log = logging.getLogger(__name__)


class OpDb:
    """What an op receives: a way to read, and a way to write as the current user."""

    def __init__(self, factory: sessionmaker[PortailSession], actor: str):
        self.factory = factory
        self.actor = actor

    @contextmanager
    def read(self) -> Iterator[PortailSession]:
        with self.factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[PortailSession]:
        with core_db.transaction(self.factory, self.actor) as session:
            yield session


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    name: str
    traceback: str = field(default="")


class _Relay(QObject):
    """Lives in the UI thread; the worker emits on it, Qt queues the call to the UI thread."""

    done = Signal(int, object, object)  # op id, result, error


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
            self.relay.done.emit(self.op_id, None, exc)
        else:
            self.relay.done.emit(self.op_id, result, None)


class OpRunner(QObject):
    """Runs ops on a private thread pool and calls back on the UI thread."""

    finished_all = Signal()
    failed = Signal(str)  # French message of an error nobody handled

    def __init__(
        self,
        factory: sessionmaker[PortailSession],
        actor: str,
        parent: QObject | None = None,
        max_threads: int = 4,
    ):
        super().__init__(parent)
        self.opdb = OpDb(factory, actor)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._pending: dict[int, _Pending] = {}
        self._ids = count(1)
        self._closed = False

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
    ) -> int:
        """Start `fn(db)` in the background; return the op's id."""
        if self._closed:
            return 0
        op_id = next(self._ids)
        self._pending[op_id] = _Pending(on_done, on_error, owner, name or fn.__name__)
        self._pool.start(_Runnable(op_id, fn, self.opdb, self._relay))
        return op_id

    @Slot(int, object, object)
    def _deliver(self, op_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(op_id, None)
        try:
            if pending is None or self._closed:
                return
            if pending.owner is not None and not shiboken6.isValid(pending.owner):
                return
            if error is None:
                if pending.on_done is not None:
                    pending.on_done(result)
            elif pending.on_error is not None:
                pending.on_error(error)
            else:
                log.error(
                    "op %s failed:\n%s",
                    pending.name,
                    getattr(error, "__portail_traceback__", repr(error)),
                )
                self.failed.emit(user_message(error))
        finally:
            if not self._pending:
                self.finished_all.emit()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Let running ops finish, and drop their results (the window is closing)."""
        self._closed = True
        self._pool.waitForDone(timeout_ms)
        self._pending.clear()


def user_message(error: BaseException) -> str:
    """What to tell the user about an error, in French."""
    from ..core.errors import PortailError

    if isinstance(error, PortailError):
        return str(error)
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):
        return (
            "La base de données ne répond pas. Vérifiez la connexion au serveur, "
            "puis réessayez. Vos saisies sont conservées."
        )
    return (
        f"Une erreur inattendue s'est produite ({type(error).__name__}). "
        "Vos saisies sont conservées."
    )
