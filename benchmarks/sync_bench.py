"""Live sync latency (issue 9), on the large demo commune, on SQLite and on PostgreSQL.

    python -m benchmarks.sync_bench [--samples 50] [--postgres URL | --no-postgres]

Two measures, each `--samples` times:
1. a request posted by a parent through the portal (waitress, a process of its own) until its
   row is in a staff member's open Demandes view (a real MainWindow, offscreen), from the
   moment the POST is sent;
2. a 1,000-cell planning change committed on "another PC" (a connection of its own, one bulk
   statement and its compact change row) until the open app's change watcher has delivered it
   to the views, from the commit.

Budgets: median ≤ 300 ms and worst ≤ 1 s on PostgreSQL (LISTEN/NOTIFY), worst ≤ 2 s on SQLite
(the app polls the file). Exit status 1 when one is missed or cannot be measured.

The SQLite base is a private copy of the cached large commune (benchmarks.generate); the
PostgreSQL one is loaded into a fresh database (`portail_bench_sync` on 127.0.0.1 by default),
dropped at the end. On these copies every service is set to wait for the mairie's decision
(no auto-acceptance), so that each request shows in Demandes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import select, text, update

from portail_admin.core import clock, db
from portail_admin.core.changefeed import Change, record_bulk_change, written_changes
from portail_admin.core.migrations import upgrade
from portail_admin.core.models import PlanningCell, Service, StaffUser
from portail_admin.core.models.enums import Attendance, ChangeAction, RequestKind
from portail_admin.core.planning import family as planning
from portail_admin.core.services import staff

from .generate import LARGE_FAMILIES, build
from .web_bench import give_password, log_in, portal_server

PG_MEDIAN_BUDGET_MS = 300.0
PG_WORST_BUDGET_MS = 1000.0
SQLITE_WORST_BUDGET_MS = 2000.0
CELLS = 1000
WAIT_S = 10.0  # a sample not seen after this long counts as missed
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/portail_bench_sync"


@dataclass
class Series:
    name: str
    samples_ms: list[float]
    missed: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def worst(self) -> float:
        return max(self.samples_ms) if self.samples_ms else float("nan")


@dataclass
class Setup:
    login: str
    child_id: int
    cells: list[tuple[int, dt.date, RequestKind]]  # what the parent will ask, one per sample
    bulk_service_id: int
    bulk_cell_ids: list[int]
    bulk_days: tuple[dt.date, dt.date]
    admin_id: int


def prepare(url: str, samples: int) -> Setup:
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    with db.transaction(factory, "system") as s:
        s.execute(update(Service).values(auto_accept=False))
    login, child_id = give_password(url, enrolled_on=clock.today())
    with factory() as s:
        cells: list[tuple[int, dt.date, RequestKind]] = []
        month = clock.today().replace(day=1)
        for _ in range(12):
            grid = planning.month_grid(s, child_id, month)
            for row in grid.rows:
                for cell in row.cells:
                    if cell.can_reserve:
                        cells.append((row.service_id, cell.day, RequestKind.RESERVATION))
                    elif cell.can_declare_absence:
                        cells.append((row.service_id, cell.day, RequestKind.ABSENCE))
            month = (month + dt.timedelta(days=32)).replace(day=1)
            if len(cells) >= samples:
                break
        if len(cells) < samples:
            raise RuntimeError(f"only {len(cells)} cells open to a request")
        service_id = s.scalar(
            select(PlanningCell.service_id)
            .group_by(PlanningCell.service_id)
            .order_by(text("count(*) DESC"))
            .limit(1)
        )
        rows = s.execute(
            select(PlanningCell.id, PlanningCell.day)
            .where(PlanningCell.service_id == service_id)
            .order_by(PlanningCell.day, PlanningCell.id)
            .limit(CELLS)
        ).all()
        admin_id = s.scalar(select(StaffUser.id).where(StaffUser.username == "chrystelle"))
    engine.dispose()
    return Setup(
        login=login,
        child_id=child_id,
        cells=cells[:samples],
        bulk_service_id=service_id,
        bulk_cell_ids=[r.id for r in rows],
        bulk_days=(rows[0].day, rows[-1].day),
        admin_id=admin_id,
    )


class Desk:
    """A staff member's open app: the main window on Demandes, following the feed."""

    def __init__(self, url: str, admin_id: int):
        from PySide6.QtCore import QEventLoop, QTimer

        from portail_admin.desktop.app import application, build_context, engine_options
        from portail_admin.desktop.main_window import MainWindow

        self._loop_type, self._timer_type = QEventLoop, QTimer
        self.app = application()
        self.engine = db.make_engine(url, **engine_options(url))
        self.context = build_context(url, self.engine)
        factory = db.make_session_factory(self.engine)
        with factory() as s:
            self.context.log_in(staff.identity_of(s.get(StaffUser, admin_id)))
        self.window = MainWindow(self.context)
        self.window.confirm_on_close = False
        self.window.resize(1280, 800)
        self.window.show()
        self.page = self.window.open_area("demandes")
        self.delivered: list[tuple[float, Change]] = []
        self.context.watcher.changed.connect(self._on_changed)
        self.context.watcher.start()
        self.spin_until(lambda: self.context.watcher.last_id is not None, WAIT_S)
        self.spin_until(lambda: self.context.ops.idle, WAIT_S)

    def _on_changed(self, changes: list[Change]) -> None:
        now = time.perf_counter()
        self.delivered.extend((now, change) for change in changes)

    def spin_until(self, condition: Callable[[], bool], timeout_s: float) -> bool:
        """Run the Qt event loop until `condition()` holds (looked at every 2 ms)."""
        if condition():
            return True
        loop = self._loop_type()
        deadline = time.perf_counter() + timeout_s
        outcome = {"ok": False}

        def check() -> None:
            if condition():
                outcome["ok"] = True
                loop.quit()
            elif time.perf_counter() > deadline:
                loop.quit()

        timer = self._timer_type()
        timer.setInterval(2)
        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        return outcome["ok"]

    def shown_requests(self) -> set[int]:
        return {row.id for row in self.page.rows}

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        self.context.watcher.stop()
        self.context.ops.shutdown()
        self.window.close()
        self.window.deleteLater()
        # Destroyed now, while Python is whole, not by the interpreter's final collection.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.engine.dispose()


def _csrf(port: int, cookie: str, child_id: int) -> tuple[str, str]:
    """A form token and the session cookie that goes with it (the page may set a new one)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/mes-enfants/{child_id}/planning", headers={"Cookie": cookie})
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    cookie = response.getheader("Set-Cookie", cookie).split(";", 1)[0]
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), cookie


def _post_request(
    conn: http.client.HTTPConnection,
    cookie: str,
    token: str,
    child_id: int,
    cell: tuple[int, dt.date, RequestKind],
) -> None:
    service_id, day, kind = cell
    body = urlencode(
        {
            "kind": "reservation" if kind is RequestKind.RESERVATION else "absence",
            "service_id": service_id,
            "day": day.isoformat(),
            "csrf_token": token,
        }
    )
    conn.request(
        "POST",
        f"/mes-enfants/{child_id}/planning/demande",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = conn.getresponse()
    page = response.read().decode()
    if response.status != 302:
        said = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', page)
        raise RuntimeError(
            f"the portal refused {kind.value} {day} ({response.status}): "
            f"{said.group(1).strip() if said else page[:300]}"
        )


def measure_portal(desk: Desk, port: int, setup: Setup) -> Series:
    cookie = log_in(port, setup.login)
    token, cookie = _csrf(port, cookie, setup.child_id)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    series = Series("demande du portail → vue Demandes", [])
    for cell in setup.cells:
        before = desk.shown_requests()
        started = time.perf_counter()
        _post_request(conn, cookie, token, setup.child_id, cell)
        if desk.spin_until(lambda b=before: bool(desk.shown_requests() - b), WAIT_S):
            series.samples_ms.append((time.perf_counter() - started) * 1000)
        else:
            series.missed += 1
        desk.spin_until(lambda: desk.context.ops.idle, WAIT_S)
    conn.close()
    return series


def measure_bulk(desk: Desk, url: str, setup: Setup, samples: int) -> Series:
    """The other PC: its own engine, one UPDATE of 1,000 cells and its compact change row."""
    other = db.make_engine(url)
    factory = db.make_session_factory(other)
    series = Series(f"{CELLS} cases sur un autre poste → vue ouverte", [])
    for n in range(samples):
        attendance = Attendance.PRESENT if n % 2 == 0 else Attendance.UNKNOWN
        with db.transaction(factory, "staff:nancy") as s:
            result = s.execute(
                update(PlanningCell)
                .where(PlanningCell.id.in_(setup.bulk_cell_ids))
                .values(attendance=attendance, version=PlanningCell.version + 1)
                .execution_options(synchronize_session=False)
            )
            record_bulk_change(
                s,
                "planning_cell",
                ChangeAction.UPDATE,
                count=result.rowcount,
                service_id=setup.bulk_service_id,
                day_from=setup.bulk_days[0],
                day_to=setup.bulk_days[1],
            )
            mine = {c.id for c in written_changes(s)}
        committed = time.perf_counter()

        def seen(ids: set[int] = mine) -> float | None:
            return next((at for at, c in desk.delivered if c.id in ids), None)

        if desk.spin_until(lambda: seen() is not None, WAIT_S):
            series.samples_ms.append(max(0.0, seen() - committed) * 1000)
        else:
            series.missed += 1
        desk.spin_until(lambda: desk.context.ops.idle, WAIT_S)
    other.dispose()
    return series


@contextmanager
def postgres_copy(url: str) -> Iterator[str]:
    """A fresh PostgreSQL database holding the large commune, dropped afterwards."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = db.make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    name = target.database
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        engine = db.make_engine(url)
        upgrade(engine)
        from portail_admin.core.demo import load_demo

        started = time.perf_counter()
        load_demo(db.make_session_factory(engine), families=LARGE_FAMILIES)
        engine.dispose()
        elapsed = time.perf_counter() - started
        print(f"  (grande commune chargée dans PostgreSQL en {elapsed:.0f} s)")
        yield url
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_backend(label: str, url: str, samples: int) -> list[Series]:
    setup = prepare(url, samples)
    desk = Desk(url, setup.admin_id)
    try:
        with portal_server(url) as port:
            portal = measure_portal(desk, port, setup)
        bulk = measure_bulk(desk, url, setup, samples)
    finally:
        desk.close()
    print(f"\n{label}")
    print(f"{'mesure':<44}{'médiane ms':>11}{'pire ms':>9}{'manqués':>9}")
    for s in (portal, bulk):
        print(f"{s.name:<44}{s.median:>11.0f}{s.worst:>9.0f}{s.missed:>9}")
    return [portal, bulk]


def within(series: list[Series], median_ms: float | None, worst_ms: float) -> bool:
    return all(
        s.samples_ms
        and not s.missed
        and s.worst <= worst_ms
        and (median_ms is None or s.median <= median_ms)
        for s in series
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_PG)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite seulement")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(
        f"Synchronisation en direct — grande commune ({LARGE_FAMILIES} familles), "
        f"{args.samples} mesures par ligne"
    )
    ok = True
    source = build(LARGE_FAMILIES)
    with tempfile.TemporaryDirectory(prefix="portail-sync-bench-") as tmp:
        target = Path(tmp) / "sync-bench.sqlite"
        shutil.copyfile(source, target)
        sqlite = run_backend("SQLite (un seul poste)", f"sqlite:///{target}", args.samples)
    sqlite_ok = within(sqlite, None, SQLITE_WORST_BUDGET_MS)
    print(
        f"Budget SQLite : pire ≤ {SQLITE_WORST_BUDGET_MS / 1000:.0f} s — "
        f"{'respecté' if sqlite_ok else 'DÉPASSÉ'}"
    )
    ok &= sqlite_ok
    if not args.no_postgres:
        with postgres_copy(args.postgres) as url:
            pg = run_backend("PostgreSQL (serveur partagé)", url, args.samples)
        pg_ok = within(pg, PG_MEDIAN_BUDGET_MS, PG_WORST_BUDGET_MS)
        print(
            f"Budget PostgreSQL : médiane ≤ {PG_MEDIAN_BUDGET_MS:.0f} ms et pire ≤ "
            f"{PG_WORST_BUDGET_MS / 1000:.0f} s — {'respecté' if pg_ok else 'DÉPASSÉ'}"
        )
        ok &= pg_ok
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.shutdown()  # Qt's objects go now, not during the interpreter's last collection
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
