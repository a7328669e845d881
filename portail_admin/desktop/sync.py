"""Live sync: follow the change feed so every open view shows what others just saved.

An op reads the change-log rows written since the last look (off the UI thread) and the watcher
emits `changed(changes)`; views decide what to refresh. The first look only notes where the
feed stands: what happened before the app started is already on screen.

When to look:
- PostgreSQL (shared server): a listener thread waits on core.changefeed.ChangeWaiter
  (LISTEN/NOTIFY), so a parent's request or a colleague's save wakes the app at once; a slow
  timer stays as a safety net (a dropped connection is re-opened at the next round).
- SQLite (one PC): no server to listen to, but every commit writes the database's WAL file:
  a file watcher (QFileSystemWatcher) wakes the app when the portal or another process
  commits, and a cheap poll every second backs it up (a file system that does not report
  changes, a WAL file re-created).

Public signals, all delivered on the UI thread (tests wait on them instead of sleeping):
- `changed(changes)`: what others saved since the last look (the rows this window's own ops
  wrote are left out: `ops.applied` delivered them already);
- `looked()`: a look at the feed finished (the first one notes where the feed stands);
- `listening()`: PostgreSQL only, the listener thread's LISTEN is in place (again, after a
  lost connection), so a change committed from now on wakes the app;
- `connection_lost()`: PostgreSQL only, the listener thread lost its connection to the server
  (the connection monitor, desktop/connection.py, shows its banner at once).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from sqlalchemy import Engine

from ..core import changefeed
from .ops import OpDb, OpRunner, is_connection_error

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 1000  # SQLite: an indexed read of the newest rows, cheap
SAFETY_POLL_INTERVAL_MS = 15000  # PostgreSQL: NOTIFY does the work, the timer only backs it up
LISTEN_TIMEOUT_S = 1.0  # how often the listener thread looks whether it must stop


class ChangeWatcher(QObject):
    changed = Signal(list)  # list[changefeed.Change], oldest first
    looked = Signal()  # a look at the feed read it (with or without changes)
    listening = Signal()  # PostgreSQL: the listener thread LISTENs (re-emitted on reconnection)
    _wake = Signal()  # emitted by the listener thread, delivered on the UI thread
    _listening = Signal()  # same: the listener thread's LISTEN is in place
    connection_lost = Signal()  # PostgreSQL: the listener thread lost the server
    _lost = Signal()  # same, emitted by the listener thread

    def __init__(
        self,
        ops: OpRunner,
        interval_ms: int = POLL_INTERVAL_MS,
        parent: QObject | None = None,
        engine: Engine | None = None,
        *,
        safety_poll: bool = True,
    ):
        """`safety_poll=False` (PostgreSQL) leaves the notifications alone to wake the watcher:
        no backing timer (a test proves NOTIFY suffices). SQLite always polls."""
        super().__init__(parent)
        self.ops = ops
        self.engine = engine
        self.listens = engine is not None and engine.dialect.name == "postgresql"
        self.position: changefeed.FeedPosition | None = None  # None: the first look
        self.wakeups = 0  # notifications received (tests look at it)
        self._busy = False
        self._again = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(SAFETY_POLL_INTERVAL_MS if self.listens else interval_ms)
        self._timer.timeout.connect(self.poll)
        self._polls = safety_poll or not self.listens
        self._wake.connect(self._on_wake)
        self._listening.connect(self._on_listening)
        self._lost.connect(self._on_lost)
        self._files: QFileSystemWatcher | None = None
        self._watched = _sqlite_files(engine) if engine is not None and not self.listens else []

    def start(self) -> None:
        self.poll()
        if self._polls:
            self._timer.start()
        if self._watched and self._files is None:
            self._files = QFileSystemWatcher(self)
            self._files.fileChanged.connect(self._on_file_changed)
            self._watch_files()
        if self.listens and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._listen, name="portail-change-listener", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._files is not None:
            self._files.deleteLater()
            self._files = None
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=LISTEN_TIMEOUT_S * 3)

    def _listen(self) -> None:
        """Listener thread: wake the UI thread at each NOTIFY."""
        assert self.engine is not None
        waiter: changefeed.ChangeWaiter | None = None
        while not self._stop.is_set():
            try:
                if waiter is None:
                    waiter = changefeed.ChangeWaiter(self.engine)
                    self._listening.emit()
                if waiter.wait(LISTEN_TIMEOUT_S) and not self._stop.is_set():
                    self._wake.emit()
            except Exception as exc:  # noqa: BLE001 (server away: retry; the timer still polls)
                if is_connection_error(exc):  # the connection banner tells the user
                    log.warning("change listener lost its connection; retrying")
                    self._lost.emit()
                else:
                    log.warning("change listener failed; retrying", exc_info=True)
                if waiter is not None:
                    waiter.close()
                    waiter = None
                self._stop.wait(5)
        if waiter is not None:
            waiter.close()

    def _watch_files(self) -> None:
        """(Re-)watch the database file and its WAL: a file that was deleted and re-created
        (the WAL after a checkpoint by the last connection) drops out of the watcher."""
        if self._files is None:
            return
        missing = [p for p in self._watched if p not in self._files.files() and Path(p).exists()]
        if missing:
            self._files.addPaths(missing)

    def _on_file_changed(self, _path: str) -> None:
        self.wakeups += 1
        self.poll()

    def _on_listening(self) -> None:
        self.listening.emit()

    def _on_lost(self) -> None:
        self.connection_lost.emit()

    def _on_wake(self) -> None:
        self.wakeups += 1
        self.poll()

    def poll(self) -> None:
        """Look at the feed now (the timer and the listener call this; tests may too)."""
        if self._busy:
            self._again = True  # a change arrived during the look: look once more after it
            return
        self._busy = True
        self._again = False
        position = self.position

        def look(db: OpDb) -> tuple[changefeed.FeedPosition, list[changefeed.Change]]:
            with db.read() as session:
                if position is None:
                    return changefeed.feed_end(session), []
                # Everything since the last look, however many pages: never a partial read.
                return changefeed.read_changes(session, position)

        self.ops.run(
            look, on_done=self._on_result, on_error=self._on_error, owner=self, name="poll"
        )

    @property
    def last_id(self) -> int | None:
        """The newest change id read (None before the first look)."""
        return None if self.position is None else self.position.last_id

    def _on_result(self, result: tuple[changefeed.FeedPosition, list[Any]]) -> None:
        self._busy = False
        self.position, changes = result
        self._watch_files()
        changes = self.ops.not_written_here(changes)  # those came through ops.applied
        if changes:
            self.changed.emit(changes)
        self.looked.emit()
        if self._again and not self._stop.is_set():
            self.poll()

    def _on_error(self, _error: BaseException) -> None:
        # The database may be briefly unreachable: try again at the next tick.
        self._busy = False


def _sqlite_files(engine: Engine) -> list[str]:
    """The SQLite database file and its WAL, for the file watcher (none for a memory base)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return []
    path = str(Path(engine.url.database).resolve())
    return [path, f"{path}-wal"]
