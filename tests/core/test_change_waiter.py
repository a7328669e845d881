"""The change waiter wakes a listener when another connection commits a change (PostgreSQL),
and never for a rolled-back one; on SQLite it just waits out its timeout (callers poll)."""

from __future__ import annotations

import threading
import time

import pytest

from portail_admin.core import db
from portail_admin.core.changefeed import ChangeWaiter
from portail_admin.core.services import families


def _create_family_when(go: threading.Event, factory, fail: bool = False) -> threading.Thread:
    """Another connection commits (or rolls back) a change once `go` is set: no fixed delay,
    and the waiter must see it whether it lands before or during its wait (LISTEN is in place
    from the waiter's creation)."""

    def work() -> None:
        go.wait()
        try:
            with db.transaction(factory, "staff:colleague") as s:
                families.create_family(s, {"last_name": "Martin", "first_name": "Paul"})
                if fail:
                    raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_waiter(engine, session_factory):
    waiter = ChangeWaiter(engine)
    try:
        if engine.dialect.name != "postgresql":
            started = time.monotonic()
            assert waiter.wait(0.2) is False
            assert time.monotonic() - started >= 0.2
            return
        go = threading.Event()
        rolled_back = _create_family_when(go, session_factory, fail=True)
        go.set()
        rolled_back.join()
        assert waiter.wait(1.0) is False, "a rolled-back change must not wake listeners"
        go = threading.Event()
        committed = _create_family_when(go, session_factory)
        go.set()
        assert waiter.wait(10.0) is True
        committed.join()
    finally:
        waiter.close()


@pytest.mark.parametrize("timeout", [0.05])
def test_close_is_idempotent(engine, timeout):
    waiter = ChangeWaiter(engine)
    waiter.wait(timeout)
    waiter.close()
    waiter.close()
