"""Connection loss: when the database goes away, say so, keep every edit, retry, carry on.

`ConnectionMonitor` owns the state. It learns of a loss from the op runner (an op, handled or
not, failed with a connection error: ops.is_connection_error), goes offline (`lost()`), then
probes the database (`SELECT 1`, an op: never on the UI thread) after 1, 2, 4, 8, 15, then
every 30 s, or at once on "Réessayer maintenant". The first probe that answers brings it back
online (`restored()`). Nothing is reloaded while offline: the forms keep what was typed, and a
save tells the user it will be possible once connected (ops.save_message).

`ConnectionBanner` is the strip at the top of the main window that shows the countdown.

Tests give the monitor a schedule of a few milliseconds instead of seconds, and wait on its
signals.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from sqlalchemy import text

from .ops import OpDb, OpRunner, is_connection_error
from .plaintext import plain_label

log = logging.getLogger(__name__)

RETRY_SCHEDULE_MS = (1000, 2000, 4000, 8000, 15000, 30000)  # the last one repeats
TICK_MS = 1000  # how often the banner's countdown moves


def probe_op(db: OpDb) -> None:
    """The cheapest question the database can answer."""
    with db.read() as session:
        session.execute(text("SELECT 1"))


class ConnectionMonitor(QObject):
    lost = Signal()  # the database went out of reach
    restored = Signal()  # it answers again
    countdown = Signal(int)  # seconds before the next attempt (0: trying now)

    def __init__(
        self,
        ops: OpRunner,
        parent: QObject | None = None,
        schedule_ms: Sequence[int] = RETRY_SCHEDULE_MS,
        tick_ms: int = TICK_MS,
    ):
        super().__init__(parent)
        self.ops = ops
        self.schedule_ms = tuple(schedule_ms)
        self.online = True
        self.failed_probes = 0  # since the connection was lost
        self.probing = False
        self._first_op_since_restored = 0  # failures of older ops are about the outage
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setTimerType(Qt.TimerType.PreciseTimer)
        self._retry.timeout.connect(self._probe)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._emit_countdown)
        ops.connection_failed.connect(self._op_lost_connection)

    def delay_ms(self, failed_probes: int) -> int:
        """How long to wait before the next probe, after `failed_probes` failed ones."""
        return self.schedule_ms[min(failed_probes, len(self.schedule_ms) - 1)]

    @property
    def seconds_left(self) -> int:
        """Seconds before the next probe (0 while a probe runs, or online)."""
        if self.online or self.probing or not self._retry.isActive():
            return 0
        remaining = min(self._retry.remainingTime(), self._retry.interval())  # Qt may add slack
        return max(1, math.ceil(remaining / 1000))

    def report_failure(self) -> None:
        """The database is out of reach: go offline (once) and start retrying."""
        if not self.online:
            return
        log.warning("database connection lost; retrying with back-off")
        self.online = False
        self.failed_probes = 0
        self.lost.emit()
        self._schedule()

    def retry_now(self) -> None:
        """ "Réessayer maintenant": probe at once (the countdown starts again if it fails)."""
        if self.online or self.probing:
            return
        self._retry.stop()
        self._probe()

    def stop(self) -> None:
        """The window is closing: no more probes."""
        self._retry.stop()
        self._tick.stop()

    def _op_lost_connection(self, op_id: int) -> None:
        if op_id >= self._first_op_since_restored:
            self.report_failure()

    def _schedule(self) -> None:
        self._retry.start(self.delay_ms(self.failed_probes))
        self._tick.start()
        self._emit_countdown()

    def _emit_countdown(self) -> None:
        self.countdown.emit(self.seconds_left)

    def _probe(self) -> None:
        self._tick.stop()
        self.probing = True
        self.countdown.emit(0)
        self.ops.run(
            probe_op,
            on_done=self._probe_answered,
            on_error=self._probe_failed,
            owner=self,
            name="connection_probe",
        )

    def _probe_answered(self, _result: object) -> None:
        self.probing = False
        if self.online:
            return
        log.info("database connection restored after %d failed probes", self.failed_probes)
        self.online = True
        self._retry.stop()
        self._tick.stop()
        self._first_op_since_restored = self.ops.last_op_id + 1
        self.restored.emit()

    def _probe_failed(self, error: BaseException) -> None:
        self.probing = False
        if not is_connection_error(error):
            log.warning("connection probe failed: %r", error)
        self.failed_probes += 1
        if not self.online:
            self._schedule()


def banner_text(seconds: int) -> str:
    if seconds <= 0:
        return "Connexion à la base de données perdue — nouvelle tentative en cours…"
    return f"Connexion à la base de données perdue — nouvelle tentative dans {seconds} s"


class ConnectionBanner(QFrame):
    """The strip at the top of the main window while the database is out of reach: plain text
    (what happened, when the next attempt is, that edits are kept) and "Réessayer maintenant".
    The words say it all; the colour only adds to them."""

    def __init__(self, monitor: ConnectionMonitor, parent: QWidget | None = None):
        super().__init__(parent)
        self.monitor = monitor
        self.setObjectName("connectionBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#connectionBanner { background: #fff4e5; border-bottom: 2px solid #b35c00; }"
        )
        self.label = plain_label(QLabel(self))
        self.label.setObjectName("connectionBannerText")
        self.label.setWordWrap(True)
        self.hint = plain_label(QLabel("Vos saisies sont conservées.", self))
        self.retry_button = QPushButton("Réessayer maintenant", self)
        self.retry_button.setObjectName("connectionRetryButton")
        self.retry_button.clicked.connect(monitor.retry_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.retry_button)
        self.setVisible(False)
        monitor.lost.connect(self._on_lost)
        monitor.restored.connect(self._on_restored)
        monitor.countdown.connect(self._show_countdown)

    def _on_lost(self) -> None:
        self._show_countdown(self.monitor.seconds_left)
        self.setVisible(True)

    def _on_restored(self) -> None:
        self.setVisible(False)

    def _show_countdown(self, seconds: int) -> None:
        self.label.setText(banner_text(seconds))
        self.label.setAccessibleName(self.label.text())
        self.retry_button.setEnabled(not self.monitor.probing)
