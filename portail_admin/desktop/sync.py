"""Live sync: follow the change feed so every open view shows what others just saved.

Every ~2 s an op reads the change-log rows written since the last look (off the UI thread) and
the watcher emits `changed(changes)`. Views decide what to refresh. The first look only notes
where the feed stands: what happened before the app started is already on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core import changefeed
from .ops import OpDb, OpRunner

POLL_INTERVAL_MS = 2000


class ChangeWatcher(QObject):
    changed = Signal(list)  # list[changefeed.Change], oldest first

    def __init__(
        self, ops: OpRunner, interval_ms: int = POLL_INTERVAL_MS, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.last_id: int | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        """Look at the feed now (the timer calls this; tests may too)."""
        if self._busy:
            return
        self._busy = True
        last_id = self.last_id

        def look(db: OpDb) -> tuple[int, list[changefeed.Change]]:
            with db.read() as session:
                if last_id is None:
                    return changefeed.latest_change_id(session), []
                changes = changefeed.changes_since(session, last_id)
                return (changes[-1].id if changes else last_id), changes

        self.ops.run(
            look, on_done=self._on_result, on_error=self._on_error, owner=self, name="poll"
        )

    def _on_result(self, result: tuple[int, list[Any]]) -> None:
        self._busy = False
        self.last_id, changes = result
        if changes:
            self.changed.emit(changes)

    def _on_error(self, _error: BaseException) -> None:
        # The database may be briefly unreachable: try again at the next tick.
        self._busy = False
