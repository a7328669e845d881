"""Live sync: on PostgreSQL a NOTIFY wakes the app at once (no polling needed); on SQLite the
watcher polls. Either way a change made elsewhere reaches the views without a click."""

from __future__ import annotations

import pytest

from portail_admin.core import db
from portail_admin.core.services import families
from portail_admin.desktop.sync import ChangeWatcher

from .conftest import wait_ops


def test_a_change_elsewhere_reaches_the_watcher(qtbot, context, engine, session_factory):
    watcher = ChangeWatcher(context.ops, interval_ms=200, engine=engine)
    seen = []
    watcher.changed.connect(seen.extend)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: watcher.last_id is not None, timeout=5000)
        with db.transaction(session_factory, "parent:test") as s:
            families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        qtbot.waitUntil(lambda: any(c.table_name == "family" for c in seen), timeout=5000)
        assert {c.actor for c in seen} == {"parent:test"}
    finally:
        watcher.stop()
        wait_ops(qtbot, context)


def test_postgresql_notify_wakes_the_watcher_without_polling(qtbot, context, engine,
                                                             session_factory):
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite polls (test above)")
    watcher = ChangeWatcher(context.ops, engine=engine)
    assert watcher.listens
    seen = []
    watcher.changed.connect(seen.extend)
    watcher.start()
    watcher._timer.stop()  # only the notification can wake it now  # noqa: SLF001
    try:
        qtbot.waitUntil(lambda: watcher.last_id is not None, timeout=5000)
        qtbot.wait(1500)  # the listener thread is LISTENing
        with db.transaction(session_factory, "parent:test") as s:
            families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        qtbot.waitUntil(lambda: any(c.table_name == "family" for c in seen), timeout=5000)
        assert watcher.wakeups >= 1
    finally:
        watcher.stop()
        wait_ops(qtbot, context)
