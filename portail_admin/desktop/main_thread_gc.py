"""Python's garbage collector runs in the main (Qt) thread only.

Automatic collection runs in whichever thread happens to allocate when a threshold is passed.
A collection in an op's worker thread that frees a Qt object's wrapper needs shiboken's lock,
which the main thread may hold while it waits for the GIL inside a widget's constructor: both
threads then stop for good (seen in CI: the suite stopped in a form's setupUi while an op read
the dashboard, every thread idle). So automatic collection is off and a timer of the main
thread collects, generation by generation, as the collector's own thresholds say.

Reference counting still frees almost everything at once; only cycles wait for the timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class MainThreadGC(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.collections = 0
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (as gc would)."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 1
            if counts[2] > self.threshold[2]:
                generation = 2
        gc.collect(generation)
        self.collections += 1


def install(app: QObject) -> MainThreadGC:
    """Once per application (the collector is the application's child)."""
    found = app.findChild(MainThreadGC)
    return found if found is not None else MainThreadGC(app)
