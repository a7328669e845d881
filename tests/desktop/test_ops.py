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
