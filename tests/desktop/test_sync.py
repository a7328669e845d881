"""Live sync: on PostgreSQL a NOTIFY wakes the app at once (no polling needed); on SQLite the
watcher polls. Either way a change made elsewhere reaches the views without a click.

No fixed sleeps: the tests wait on the watcher's public signals (`looked` once the first look
has noted where the feed stands, `listening` once the listener thread LISTENs, `changed`)."""

from __future__ import annotations

import pytest

from portail_admin.core import db
from portail_admin.core.services import families
from portail_admin.desktop.sync import ChangeWatcher

from .conftest import wait_ops


def _has_family(changes) -> bool:
    return any(c.table_name == "family" for c in changes)


def test_a_change_elsewhere_reaches_the_watcher(qtbot, context, engine, session_factory):
    watcher = ChangeWatcher(context.ops, interval_ms=200, engine=engine)
    try:
        with qtbot.waitSignal(watcher.looked, timeout=5000):
            watcher.start()
        assert watcher.last_id is not None
        with qtbot.waitSignal(watcher.changed, timeout=5000, check_params_cb=_has_family) as got:
            with db.transaction(session_factory, "parent:test") as s:
                families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        assert {c.actor for c in got.args[0]} == {"parent:test"}
    finally:
        watcher.stop()
        wait_ops(qtbot, context)


def test_postgresql_notify_wakes_the_watcher_without_polling(qtbot, context, engine,
                                                             session_factory):
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite polls (test above)")
    # No safety timer: only the notification can wake it.
    watcher = ChangeWatcher(context.ops, engine=engine, safety_poll=False)
    assert watcher.listens
    try:
        with qtbot.waitSignals([watcher.looked, watcher.listening], timeout=5000):
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=5000, check_params_cb=_has_family):
            with db.transaction(session_factory, "parent:test") as s:
                families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        assert watcher.wakeups >= 1
    finally:
        watcher.stop()
        wait_ops(qtbot, context)


def test_sqlite_a_commit_elsewhere_wakes_the_watcher_through_the_file(
    qtbot, context, engine, session_factory
):
    if engine.dialect.name != "sqlite":
        pytest.skip("the file watcher is SQLite's; PostgreSQL listens (test above)")
    # A poll an hour apart: only the WAL file's change can wake it within the test.
    watcher = ChangeWatcher(context.ops, interval_ms=3_600_000, engine=engine)
    try:
        with qtbot.waitSignal(watcher.looked, timeout=5000):
            watcher.start()
        with qtbot.waitSignal(watcher.changed, timeout=5000, check_params_cb=_has_family):
            with db.transaction(session_factory, "parent:test") as s:
                families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
        assert watcher.wakeups >= 1
    finally:
        watcher.stop()
        wait_ops(qtbot, context)
