"""Background ops: results and errors come back on the UI thread; nothing blocks it."""

from __future__ import annotations

import threading

from sqlalchemy.exc import OperationalError

from portail_admin.core.errors import ValidationError
from portail_admin.desktop.ops import OpRunner, user_message


def test_result_and_error_are_delivered_on_the_ui_thread(qtbot, session_factory):
    ops = OpRunner(session_factory, "staff:test")
    ui_thread = threading.get_ident()
    seen = {}

    def work(db):
        seen["worker"] = threading.get_ident()
        with db.read() as session:
            return session.connection().exec_driver_sql("SELECT 41 + 1").scalar()

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.get_ident()

    with qtbot.waitSignal(ops.finished_all, timeout=5000):
        ops.run(work, on_done=done)
    assert seen["result"] == 42
    assert seen["worker"] != ui_thread and seen["callback"] == ui_thread

    def bad(_db):
        raise ValidationError({"iban": "IBAN invalide."})

    errors = []
    with qtbot.waitSignal(ops.finished_all, timeout=5000):
        ops.run(bad, on_error=errors.append)
    assert isinstance(errors[0], ValidationError)

    def crash(_db):
        raise RuntimeError("boom")

    with qtbot.waitSignal(ops.failed, timeout=5000) as failed:
        ops.run(crash)
    assert "erreur inattendue" in failed.args[0]
    assert ops.idle
    ops.shutdown()


def test_user_messages_are_french():
    lost = OperationalError("SELECT 1", {}, Exception("connection refused"))
    assert user_message(lost).startswith("La base de données ne répond pas.")
    assert user_message(ValidationError({"": "Refusé."})) == "Refusé."


def test_an_op_says_what_it_wrote(qtbot, session_factory):
    """Each op run collects the changes of its write() transactions (each commit's own), and
    the runner emits them once the callback ran, with who started the op; an op that fails
    after a commit still reports what it committed. Reads report nothing."""
    from PySide6.QtCore import QObject

    from portail_admin.core.services import families

    ops = OpRunner(session_factory, "staff:test")
    page = QObject()

    def two_families(db):
        for name in ("Bernard", "Petit"):
            with db.write() as session:
                families.create_family(session, {"last_name": name, "first_name": "Luc"})
        return "ok"

    order = []
    ops.applied.connect(lambda changes, origin: order.append(("applied", changes, origin)))
    with qtbot.waitSignal(ops.finished_all, timeout=5000):
        ops.run(two_families, on_done=lambda r: order.append(("done", r)), owner=page)
    assert [step[0] for step in order] == ["done", "applied"]
    _applied, changes, origin = order[1]
    assert origin is page
    assert {c.table_name for c in changes} >= {"family", "guardian"}
    assert len({c.family_id for c in changes if c.table_name == "family"}) == 2
    assert all(c.id for c in changes)
    # What the watcher reads back from the feed is known as this runner's own.
    assert ops.not_written_here(changes) == []

    def one_then_crash(db):
        with db.write() as session:
            families.create_family(session, {"last_name": "Roux", "first_name": "Léo"})
        raise ValidationError({"": "Refusé."})

    order.clear()
    with qtbot.waitSignal(ops.finished_all, timeout=5000):
        ops.run(one_then_crash, on_error=lambda e: order.append(("error", e)), origin=page)
    assert [step[0] for step in order] == ["error", "applied"]
    assert order[1][2] is page

    def read_only(db):
        with db.read() as session:
            return session.connection().exec_driver_sql("SELECT 1").scalar()

    order.clear()
    with qtbot.waitSignal(ops.finished_all, timeout=5000):
        ops.run(read_only)
    assert order == []
    ops.shutdown()
