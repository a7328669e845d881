"""The change waiter wakes a listener when another connection commits a change (PostgreSQL),
and never for a rolled-back one; on SQLite it just waits out its timeout (callers poll)."""

from __future__ import annotations

import threading
import time

import pytest

from portail_admin.core import db
from portail_admin.core.changefeed import ChangeWaiter
from portail_admin.core.services import families


def _create_family_later(factory, delay: float, fail: bool = False) -> threading.Thread:
    def work() -> None:
        time.sleep(delay)
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
        rolled_back = _create_family_later(session_factory, 0.1, fail=True)
        assert waiter.wait(1.0) is False, "a rolled-back change must not wake listeners"
        rolled_back.join()
        committed = _create_family_later(session_factory, 0.1)
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
