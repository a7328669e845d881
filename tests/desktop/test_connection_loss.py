"""Connection loss: the database goes away during a session and comes back.

The banner says so and counts down, the typed text stays, a save says it will be possible once
connected (and writes nothing), the app retries with back-off and carries on when the database
answers again: banner gone, "Connexion rétablie", the change feed caught up, the save goes
through. No dialog at any point.

Two ways to lose the database:
- PostgreSQL: the app connects through a TCP relay on 127.0.0.1 (tests/tcp_relay.py) that the
  test cuts (every connection closed, new ones closed at once) and restores;
- SQLite: the app's engine is disposed and opening the file fails ("unable to open database
  file", as when the share the file lives on goes away) until the test restores it.
The test's own engine (a colleague on another PC) keeps working throughout.

The retry schedule is a few milliseconds here (the app's is 1, 2, 4, 8, 15, then 30 s); the
tests wait on signals and conditions, never a fixed time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import psycopg.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import Engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker

from portail_admin.core import db
from portail_admin.core.errors import ValidationError
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Guardian
from portail_admin.core.models.enums import GuardianRole
from portail_admin.core.services import families
from portail_admin.desktop.app import build_context, engine_options
from portail_admin.desktop.connection import (
    RETRY_SCHEDULE_MS,
    ConnectionMonitor,
    banner_text,
)
from portail_admin.desktop.families.page import FamiliesPage
from portail_admin.desktop.main_window import MainWindow
from portail_admin.desktop.ops import (
    SAVE_WHILE_OFFLINE,
    OpRunner,
    is_connection_error,
    save_message,
    user_message,
)

from ..tcp_relay import TcpRelay
from .conftest import make_staff, open_family, type_text, wait_ops

FAST = (20, 40, 80)  # ms: the same back-off, a thousand times faster


# --- the error classification and the schedule (any database, no cut) -------------------------
def _wrapped(driver_error: BaseException, kind: type[DBAPIError] = OperationalError) -> DBAPIError:
    return kind("SELECT 1", {}, driver_error)


CONNECTION_ERRORS = [
    _wrapped(sqlite3.OperationalError("unable to open database file")),
    _wrapped(sqlite3.OperationalError("disk I/O error")),
    _wrapped(psycopg.OperationalError("connection failed: Connection refused")),
    _wrapped(psycopg.OperationalError("server closed the connection unexpectedly")),
    _wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator command")),
    _wrapped(psycopg.errors.ConnectionFailure("connection failure")),
    _wrapped(psycopg.InterfaceError("the connection is lost"), InterfaceError),
    DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True),
    psycopg.OperationalError("consuming input failed: server closed the connection"),
]
OTHER_ERRORS = [
    _wrapped(sqlite3.OperationalError("database is locked")),
    _wrapped(sqlite3.OperationalError("no such table: family")),
    _wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
    _wrapped(psycopg.errors.LockNotAvailable("could not obtain lock")),
    _wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")),
    _wrapped(psycopg.errors.UniqueViolation("duplicate key"), IntegrityError),
    psycopg.errors.DeadlockDetected("deadlock detected"),
    ValidationError({"city": "Indiquez la commune."}),
    ValueError("not a database error"),
]


@pytest.mark.parametrize("error", CONNECTION_ERRORS, ids=repr)
def test_a_lost_link_is_a_connection_error(error):
    assert is_connection_error(error)
    assert save_message(error) == french_spacing(SAVE_WHILE_OFFLINE)
    assert "conservées" in user_message(error)


@pytest.mark.parametrize("error", OTHER_ERRORS, ids=repr)
def test_a_refused_statement_is_not_a_connection_error(error):
    assert not is_connection_error(error)
    assert save_message(error) == user_message(error)


def test_the_save_message_is_french_and_says_edits_are_kept():
    text = french_spacing(SAVE_WHILE_OFFLINE)
    assert text.startswith("Enregistrement impossible pour l'instant\u202f: la connexion")
    assert "Vos saisies sont conservées\u202f; vous pourrez enregistrer dès le retour" in text


def test_the_back_off_doubles_then_stays_at_30_seconds(qapp):
    monitor = ConnectionMonitor(OpRunner(sessionmaker(), "staff:test"))
    assert monitor.schedule_ms == RETRY_SCHEDULE_MS
    delays = [monitor.delay_ms(n) for n in range(9)]
    assert delays == [1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000, 30000]
    assert banner_text(12) == "Connexion à la base de données perdue — nouvelle tentative dans 12 s"


# --- the banner and its button (any database, no cut) --------------------------------------------
@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box that would have opened (none should)."""
    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def test_the_banner_counts_down_and_retry_now_reconnects(qtbot, window, no_dialogs):
    monitor = window.connection
    banner = window.connection_banner
    monitor.schedule_ms = (60000,)
    assert not banner.isVisible()
    monitor.report_failure()
    assert banner.isVisible()
    assert banner.label.text() == banner_text(60)
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    assert banner.retry_button.text() == "Réessayer maintenant"
    with qtbot.waitSignal(monitor.restored, timeout=5000):
        qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert monitor.online
    assert not banner.isVisible()
    assert window.statusBar().currentMessage() == "Connexion rétablie"
    assert no_dialogs == []


def test_an_unhandled_connection_error_goes_to_the_banner_not_a_message(qtbot, window, no_dialogs):
    ops = window.context.ops
    window.connection.schedule_ms = FAST
    messages: list[str] = []
    ops.failed.connect(messages.append)

    def op(_db: Any) -> None:
        raise _wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))

    with qtbot.waitSignal(window.connection.lost, timeout=5000):
        ops.run(op, name="lost_connection")
    qtbot.waitUntil(lambda: window.connection.online, timeout=5000)  # the probe answered
    assert messages == [] and no_dialogs == []
    assert not window.connection_banner.isVisible()

    # An op that started before the connection came back says nothing about it now.
    window.connection._op_lost_connection(ops.last_op_id - 5)
    assert window.connection.online


def test_a_connection_error_in_a_click_handler_goes_to_the_banner(window, monkeypatch, no_dialogs):
    import sys

    from portail_admin.desktop.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    window.connection.schedule_ms = (60000,)
    install_error_hook(window)
    error = _wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))
    sys.excepthook(type(error), error, None)
    assert not window.connection.online and window.connection_banner.isVisible()
    assert no_dialogs == []
    sys.excepthook(ValueError, ValueError("bug"), None)  # anything else is still told
    assert len(no_dialogs) == 1


# --- the database cut during a session ----------------------------------------------------------
@dataclass
class Link:
    """The app's way to the database, which the test can cut and restore."""

    engine: Engine
    cut: Callable[[], None]
    restore: Callable[[], None]


@pytest.fixture
def sqlite_link(db_url: str) -> Iterator[Link]:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite variant (PostgreSQL runs the TCP relay variant)")
    engine = db.make_engine(db_url)
    down = {"cut": False}

    @event.listens_for(engine, "do_connect")
    def _open(*_args: Any) -> None:
        if down["cut"]:
            raise sqlite3.OperationalError("unable to open database file")

    def cut() -> None:
        down["cut"] = True
        engine.dispose()  # the open connections go with the share

    yield Link(engine, cut, lambda: down.update(cut=False))
    engine.dispose()


@pytest.fixture
def relay_link(db_url: str) -> Iterator[Link]:
    if not db_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (PORTAIL_TEST_DATABASE_URL): the app goes through a relay")
    url = make_url(db_url)
    relay = TcpRelay(url.host or "127.0.0.1", url.port or 5432)
    relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    engine = db.make_engine(relayed, **engine_options(relayed))
    yield Link(engine, relay.cut, relay.restore)
    engine.dispose()
    relay.close()


def _window(qtbot: Any, link: Link, session_factory: Any, start: bool = True) -> MainWindow:
    context = build_context(str(link.engine.url), link.engine)
    context.log_in(make_staff(session_factory, "chrystelle", "admin"))
    window = MainWindow(context)
    window.confirm_on_close = False
    window.connection.schedule_ms = FAST
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    if start:
        context.watcher.start()
    return window


def _close(qtbot: Any, window: MainWindow) -> None:
    context = window.context
    window.connection.stop()
    context.watcher.stop()
    wait_ops(qtbot, context)
    context.ops.shutdown()


def _profession(session_factory: Any, family_id: int) -> str | None:
    with session_factory() as s:
        return s.scalar(
            select(Guardian.profession).where(
                Guardian.family_id == family_id, Guardian.role == GuardianRole.PRIMARY
            )
        )


def _lose_and_recover(
    qtbot: Any, link: Link, dupont: dict[str, int], session_factory: Any, no_dialogs: list[str]
) -> None:
    window = _window(qtbot, link, session_factory)
    try:
        context = window.context
        qtbot.waitUntil(lambda: context.watcher.last_id is not None, timeout=10000)
        page = window.open_area("familles")
        assert isinstance(page, FamiliesPage)
        open_family(qtbot, page, dupont["family"])
        editor = page.editor
        profession = editor.binders["primary"].widgets["profession"]
        type_text(qtbot, profession, "Boulanger")
        banner = window.connection_banner

        # The database goes away: the banner comes (from the next look at it), the text stays.
        link.cut()
        qtbot.waitUntil(banner.isVisible, timeout=10000)
        assert banner.label.text().startswith(
            "Connexion à la base de données perdue — nouvelle tentative"
        )
        assert profession.text() == "Boulanger"

        # A colleague (whose link works) saves meanwhile: the feed brings it after the outage.
        with db.transaction(session_factory, "staff:nancy") as s:
            families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})

        # Saving now says when it will be possible, next to the form, and writes nothing.
        qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not editor.saving, timeout=15000)
        assert editor.ui.statusLabel.text() == french_spacing(SAVE_WHILE_OFFLINE)
        assert profession.text() == "Boulanger"
        assert editor.has_unsaved_input()
        assert (_profession(session_factory, dupont["family"]) or "").lower() != "boulanger"
        assert not window.connection.online
        qtbot.waitUntil(lambda: window.connection.failed_probes >= 3, timeout=10000)  # retries
        assert banner.isVisible()

        # It comes back: banner gone, said in the status bar, the feed catches up.
        with qtbot.waitSignal(context.watcher.changed, timeout=15000):
            link.restore()
            qtbot.waitUntil(lambda: not banner.isVisible(), timeout=10000)
            assert window.statusBar().currentMessage() == "Connexion rétablie"
        qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)  # Bernard listed
        assert profession.text() == "Boulanger"

        # And the save goes through.
        qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not editor.saving, timeout=15000)
        assert editor.ui.statusLabel.text().startswith("Fiche enregistrée")
        assert (_profession(session_factory, dupont["family"]) or "").lower() == "boulanger"
        assert no_dialogs == []
    finally:
        _close(qtbot, window)


def test_sqlite_file_lost_then_back(qtbot, sqlite_link, dupont, session_factory, no_dialogs):
    _lose_and_recover(qtbot, sqlite_link, dupont, session_factory, no_dialogs)


def test_postgresql_server_cut_then_back(qtbot, relay_link, dupont, session_factory, no_dialogs):
    _lose_and_recover(qtbot, relay_link, dupont, session_factory, no_dialogs)


def test_postgresql_listener_reconnects_after_a_cut(qtbot, relay_link, dupont, session_factory):
    """The LISTEN thread tells the loss at once (no poll needed) and LISTENs again after it."""
    window = _window(qtbot, relay_link, session_factory, start=False)
    try:
        watcher = window.context.watcher
        with qtbot.waitSignals([watcher.looked, watcher.listening], timeout=10000):
            watcher.start()
        with qtbot.waitSignal(watcher.connection_lost, timeout=10000):
            relay_link.cut()
        qtbot.waitUntil(window.connection_banner.isVisible, timeout=5000)
        with qtbot.waitSignal(watcher.listening, timeout=15000):
            relay_link.restore()
        qtbot.waitUntil(lambda: window.connection.online, timeout=10000)
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            with db.transaction(session_factory, "staff:nancy") as s:
                families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
    finally:
        _close(qtbot, window)


# --- other save paths say the same, and tell the banner -------------------------------------------
def _server_gone(*_args: Any, **_kwargs: Any) -> None:
    raise _wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))


def test_a_settings_save_while_offline_keeps_the_typed_text(
    qtbot, settings_page, window, monkeypatch, no_dialogs
):
    from portail_admin.core.services import commune

    ui = settings_page.ui
    window.connection.schedule_ms = (60000,)
    type_text(qtbot, ui.f_name, "Alix")
    monkeypatch.setattr(commune, "update_settings", _server_gone)
    with qtbot.waitSignal(window.connection.lost, timeout=5000):
        qtbot.mouseClick(ui.communeSaveButton, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, window.context)
    assert ui.communeStatus.text() == french_spacing(SAVE_WHILE_OFFLINE)
    assert ui.f_name.text() == "Alix"
    assert window.connection_banner.isVisible() and no_dialogs == []


def test_a_decision_while_offline_decides_nothing_and_says_so(
    qtbot, dupont, window, session_factory, monkeypatch, no_dialogs
):
    from portail_admin.core.models.enums import RequestKind
    from portail_admin.core.services import decisions, requests
    from portail_admin.desktop.requests import RequestsPage

    with db.transaction(session_factory, "parent:1001001818331") as s:
        request_id = requests.request_family_change(
            s, dupont["family"], RequestKind.GUARDIAN, {"city": "Alix"}
        ).id
    window.connection.schedule_ms = (60000,)
    page = window.open_area("demandes")
    assert isinstance(page, RequestsPage)
    qtbot.waitUntil(lambda: any(r.id == request_id for r in page.rows), timeout=5000)
    page.select_ids([request_id])
    wait_ops(qtbot, window.context)
    monkeypatch.setattr(decisions, "accept", _server_gone)
    with qtbot.waitSignal(window.connection.lost, timeout=5000):
        qtbot.mouseClick(page.ui.acceptButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.deciding, timeout=10000)
    assert page.ui.statusLabel.text() == "Rien n'a été décidé."
    assert page.ui.detailError.text() == french_spacing(SAVE_WHILE_OFFLINE)
    assert window.connection_banner.isVisible() and no_dialogs == []
