"""Python's collector runs in the main thread only once the app has ops (worker threads): a
collection in a worker that frees a Qt wrapper can deadlock with the main thread."""

from __future__ import annotations

import gc
import weakref

from portail_admin.desktop import main_thread_gc
from portail_admin.desktop.app import application


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_main_thread_collects_cycles(qtbot):
    app = application()
    collector = main_thread_gc.install(app)
    assert main_thread_gc.install(app) is collector  # once per application
    assert not gc.isenabled()
    assert collector.timer.isActive()
    first = Cycle()
    gone = weakref.ref(first)
    del first
    for _ in range(collector.threshold[0] + 10):
        Cycle()
    assert gone() is not None  # a cycle: only a collection frees it
    before = collector.collections
    collector.check()  # what the main thread's timer calls
    assert collector.collections == before + 1
    assert gone() is None
