"""Start the desktop application: `portail_admin.desktop.app.run(url)`."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox
from sqlalchemy import Engine

from ..core import db
from ..core.formatting import french_spacing
from ..core.migrations import upgrade
from ..core.models.enums import StaffRole
from ..core.services.staff import StaffIdentity
from . import main_thread_gc
from .context import DEFAULT_ACTOR, AppContext
from .login import LoginDialog, StaffUserDialog, first_admin_op, needs_first_admin_op
from .main_window import MainWindow
from .ops import OpDb, OpRunner, is_connection_error, user_message
from .plaintext import plain_label, tell
from .platform_check import display_problem
from .sync import ChangeWatcher

log = logging.getLogger(__name__)

STYLE_SHEET = """
QLineEdit[error="true"], QPlainTextEdit[error="true"], QComboBox[error="true"] {
    border: 2px solid #b00020; background: #fff5f5;
}
QCheckBox[error="true"] { color: #b00020; }
QListWidget#navigation { font-size: 12pt; border: none; background: #eef2f7; padding-top: 8px; }
QListWidget#navigation::item { padding: 8px 10px; }
QListWidget#navigation::item:selected { background: #2c5f8a; color: white; }
"""


# Qt's own French: standard buttons ("Annuler", "Fermer"), file dialogs ("Voir dans :",
# "Fichiers de type :"), input dialogs. They ship with PySide6 (Qt/translations); the frozen app
# bundles the same files (build_installer.spec, checked by tests/test_installer_spec.py).
QT_CATALOGS = ("qtbase",)


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


class QtFrenchComplement(QTranslator):
    """Qt's words that qtbase_fr.qm leaves in English (Qt 6 added a shortcut letter to these
    file-dialog labels, and the French catalog still has the old texts)."""

    TEXTS = {
        ("QFileDialog", "&Look in:"): french_spacing("&Voir dans :"),
        ("QFileDialog", "Files of &type:"): french_spacing("Fichiers de &type :"),
    }

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.TEXTS.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def install_qt_french(app: QApplication) -> list[str]:
    """Load Qt's French catalogs into the application, and the complement of what they leave in
    English; returns the catalogs loaded (a missing one is logged: the app still works, with
    some of Qt's own words in English)."""
    app.installTranslator(QtFrenchComplement(app))
    loaded = []
    folder = qt_translations_dir()
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        if translator.load(f"{catalog}_fr", str(folder)):
            app.installTranslator(translator)
            loaded.append(catalog)
        else:
            log.warning("Qt's French translation %s_fr.qm not found in %s", catalog, folder)
    return loaded


def application() -> QApplication:
    """The QApplication, in French (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setStyle("Fusion")
    assert isinstance(app, QApplication)
    app.setApplicationName("Portail Famille")
    app.setOrganizationName("Portail Famille")
    if not app.property("portail_configured"):
        QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
        install_qt_french(app)
        app.setStyleSheet(STYLE_SHEET)
        main_thread_gc.install(app)  # never a collection in an op's thread (a deadlock)
        app.setProperty("portail_configured", True)
    return app


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    """Let Qt work until `condition()` holds (or the time is up)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        assert app is not None
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def engine_options(database_url: str) -> dict[str, Any]:
    """A server that does not answer is reported after 10 s instead of hanging the start, and a
    network cut under an open connection (no reset, just silence) is noticed within ~15 s
    instead of the system's minutes: TCP keepalives for the idle ones (the change listener),
    tcp_user_timeout for a query sent into the void. The connection banner then takes over."""
    if database_url.startswith("postgresql"):
        return {
            "connect_args": {
                "connect_timeout": 10,
                "keepalives": 1,
                "keepalives_idle": 5,
                "keepalives_interval": 2,
                "keepalives_count": 3,
                "tcp_user_timeout": 15000,  # ms
            }
        }
    return {}


def prepare_database(ops: OpRunner, engine: Engine) -> BaseException | None:
    """Create or upgrade the schema off the UI thread; return the error, if any."""
    outcome: dict[str, BaseException | None] = {}

    def op(_db: OpDb) -> None:
        upgrade(engine)

    ops.run(
        op,
        on_done=lambda _r: outcome.setdefault("error", None),
        on_error=lambda exc: outcome.setdefault("error", exc),
        name="upgrade",
    )
    wait_for(lambda: "error" in outcome, timeout_s=600)
    return outcome.get("error")


def database_error_text(url: str, error: BaseException) -> str:
    first_line = (str(error).splitlines() or [""])[0]
    return (
        "Impossible d'ouvrir la base de données :\n"
        f"{db.describe(url)}\n\n"
        "Vérifiez que le serveur est allumé et joignable depuis ce poste (réseau, adresse, "
        "mot de passe), puis relancez l'application.\n\n"
        f"Détail technique : {type(error).__name__} : {first_line}"
    )


# --self-test runs as this administrator. It exists in no database, so nobody can log in
# with it: it is set only on the self-test code path of run(), never in a normal start, and
# the self-test only reads (every area is shown and its lists loaded; nothing is decided).
SELF_TEST_IDENTITY = StaffIdentity(
    id=0, username="autotest", full_name="Autotest", role=StaffRole.ADMIN
)


def build_context(database_url: str, engine: Engine) -> AppContext:
    factory = db.make_session_factory(engine)
    ops = OpRunner(factory, DEFAULT_ACTOR)
    watcher = ChangeWatcher(ops, engine=engine)
    return AppContext(
        factory=factory, ops=ops, watcher=watcher, database_label=db.describe(database_url)
    )


def run(database_url: str, self_test: bool = False) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = display_problem()
    if problem is not None:  # Qt would abort with an English message
        print(problem, file=sys.stderr)
        return 1
    application()
    try:
        engine = db.make_engine(database_url, **engine_options(database_url))
    except Exception as exc:  # noqa: BLE001 (a bad URL: tell the user, in French)
        return _fail(database_error_text(database_url, exc), self_test)
    context = build_context(database_url, engine)
    splash = None
    if not self_test:
        splash = plain_label(
            QLabel(
                f"Portail Famille\n\nOuverture de la base de données…\n"
                f"{db.describe(database_url)}"
            )
        )
        splash.setWindowTitle("Portail Famille")
        splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        splash.setMargin(30)
        splash.show()
    try:
        error = prepare_database(context.ops, engine)
        if splash is not None:
            splash.close()
        if error is not None:
            log.error("database unavailable: %r", error)
            return _fail(database_error_text(database_url, error), self_test)
        if self_test:
            context.log_in(SELF_TEST_IDENTITY)
            window = MainWindow(context)
            context.watcher.start()
            return run_self_test(window)
        return run_sessions(context, lambda: log_in_interactively(context), show_window)
    finally:
        context.watcher.stop()
        context.ops.shutdown()
        engine.dispose()


def show_window(window: MainWindow) -> int:
    """Show the main window and run the application until it is closed."""
    install_error_hook(window)
    window.showMaximized()
    return application().exec()


def run_sessions(
    context: AppContext,
    log_in: Callable[[], StaffIdentity | None],
    show: Callable[[MainWindow], int],
) -> int:
    """Log in, work in a main window built for that person's role, and, when they choose
    "Se déconnecter / changer d'utilisateur", log out and start again with the login; returns
    when someone quits (from the login or the window)."""
    while True:
        identity = log_in()
        if identity is None:
            return 0
        context.log_in(identity)
        window = MainWindow(context)
        context.watcher.start()
        code = show(window)
        context.watcher.stop()
        if not window.switch_user_requested:
            return code
        # The pages' last ops finish before the next person logs in; nothing of this
        # window (its pages, its lists) stays behind.
        wait_for(lambda: context.ops.idle, timeout_s=60)
        window.deleteLater()
        context.log_out()
        log.info("%s logged out", identity.username)


def log_in_interactively(context: AppContext) -> StaffIdentity | None:
    """The login dialog, or on a database without any staff account the creation of the first
    administrateur. None when the user quits."""
    outcome: dict[str, object] = {}
    context.ops.run(
        needs_first_admin_op,
        on_done=lambda first: outcome.setdefault("first", first),
        on_error=lambda exc: outcome.setdefault("error", exc),
        name="needs_first_admin",
    )
    wait_for(lambda: bool(outcome), timeout_s=60)
    if "error" in outcome or "first" not in outcome:
        error = outcome.get("error")
        tell(
            None,
            "Portail Famille",
            user_message(error) if isinstance(error, BaseException) else "Délai dépassé.",
            QMessageBox.Icon.Critical,
        )
        return None
    if outcome["first"]:
        first = StaffUserDialog(context.ops, "first", first_admin_op)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        identity = first.result_value
        return identity if isinstance(identity, StaffIdentity) else None
    login = LoginDialog(context.ops)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.identity


def install_error_hook(window: MainWindow) -> None:
    """An unexpected error in a click handler is logged and told in French; the app goes on."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        if is_connection_error(error):  # the connection banner tells it, and retries
            log.warning("database out of reach in a click handler: %s", error)
            window.connection.report_failure()
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        tell(window, "Portail Famille — erreur inattendue", user_message(error))

    sys.excepthook = hook


def _fail(text: str, self_test: bool) -> int:
    if self_test:
        print(text, file=sys.stderr)
    else:
        tell(
            None,
            "Portail Famille — base de données inaccessible",
            text,
            QMessageBox.Icon.Critical,
        )
    return 1


def run_self_test(window: MainWindow) -> int:
    """Show the window offscreen, visit every area, report."""
    failures: list[str] = []
    window.resize(1280, 800)
    window.show()
    for area in window.areas:
        page = window.show_area(area.key)
        if not wait_for(lambda: window.context.ops.idle, timeout_s=30):
            failures.append(f"{area.title} : délai dépassé")
            continue
        if not page.isVisible():
            failures.append(f"{area.title} : l'espace ne s'affiche pas")
        check = getattr(page, "self_test", None)
        try:
            verify = check() if callable(check) else None
            if callable(verify):
                if not wait_for(lambda: window.context.ops.idle, timeout_s=30):
                    raise RuntimeError("délai dépassé")
                verify()
        except Exception as exc:  # noqa: BLE001 (reported, then exit code 1)
            failures.append(f"{area.title} : {exc}")
        print(f"{'ÉCHEC' if failures else 'OK'} — {area.title}")
    window.context.watcher.stop()
    wait_for(lambda: window.context.ops.idle, timeout_s=30)
    window.close()
    window.deleteLater()
    QTimer.singleShot(0, lambda: None)
    for failure in failures:
        print(f"Échec de l'autotest : {failure}", file=sys.stderr)
    return 1 if failures else 0
