"""The parents' portal under load, on the large demo commune (issue 3).

    python -m benchmarks.web_bench [--clients 20] [--requests 600] [--max-seconds 60]

The app is served by waitress, in a process of its own, on 127.0.0.1 (a free port) from a
private copy of the cached large commune (benchmarks.generate), where one family's portal
account gets a known password. Each of `--clients` threads keeps its own HTTP connection
(http.client, loopback only) and sends its share of `--requests` requests; a phase also stops
after `--max-seconds`. Three pages are timed in the same run: the minimal page of the app
(/etat: same server, WSGI stack, session and login handling, no page query), the home page and
the current month's planning of a child. For each: median, p95 and requests per second, with
the ratio to the minimal page.

Budgets: home page p95 under 100 ms and within 3x the minimal page's p95; the month planning's
p95 within 3x the minimal page's (issue 10). Exit status 1 if one is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import logging
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from portail_admin.core import clock, db, passwords
from portail_admin.core.models import Child, Enrolment, PortalAccount

from .generate import LARGE_FAMILIES, build

HOME_P95_BUDGET_MS = 100.0
HOME_RATIO_BUDGET = 3.0
PLANNING_RATIO_BUDGET = 3.0
PASSWORD = "Benchmark2015"  # noqa: S105 (set on a throw-away copy of the demo database)


@dataclass
class Result:
    name: str
    samples_ms: list[float]
    wall_s: float
    errors: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        if not self.samples_ms:
            return float("nan")
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]

    @property
    def rate(self) -> float:
        return len(self.samples_ms) / self.wall_s if self.wall_s else 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_copy(source: Path, workdir: Path) -> tuple[str, str, int]:
    """Copy the commune; give the family with the most enrolments a known password."""
    target = workdir / "portal-bench.sqlite"
    shutil.copyfile(source, target)
    url = f"sqlite:///{target}"
    return (url, *give_password(url))


def give_password(url: str, enrolled_on: dt.date | None = None) -> tuple[str, int]:
    """Give the family with the most enrolments (on `enrolled_on` if given) a known password:
    its login and child."""
    engine = db.make_engine(url)
    factory = db.make_session_factory(engine)
    current = (
        [Enrolment.start_date <= enrolled_on, Enrolment.end_date >= enrolled_on]
        if enrolled_on
        else []
    )
    with db.transaction(factory, "system") as s:
        child_id, family_id = s.execute(
            select(Child.id, Child.family_id)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .join(PortalAccount, PortalAccount.family_id == Child.family_id)
            .where(*current)
            .group_by(Child.id, Child.family_id)
            .order_by(func.count(Enrolment.id).desc(), Child.id)
            .limit(1)
        ).one()
        account = s.scalars(select(PortalAccount).where(PortalAccount.family_id == family_id)).one()
        account.password_hash = passwords.hash_password(PASSWORD)
        account.must_change_password = False
        account.failed_attempts = 0
        account.locked_until = None
        login = account.login
    engine.dispose()
    return login, child_id


def log_in(port: int, login: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/connexion")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urlencode({"login": login, "password": PASSWORD, "csrf_token": token})
    conn.request(
        "POST",
        "/connexion",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 302:
        raise RuntimeError(f"login refused ({response.status})")
    return response.getheader("Set-Cookie", "").split(";", 1)[0]


def run_phase(
    name: str, port: int, path: str, cookie: str, clients: int, total: int, max_seconds: float
) -> Result:
    per_client = max(1, total // clients)
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    start_gate = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local: list[float] = []
        local_errors = 0
        # one warm-up request per connection (opens it), not timed
        conn.request("GET", path, headers={"Cookie": cookie})
        conn.getresponse().read()
        start_gate.wait()
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - began) * 1000
            if ok:
                local.append(elapsed)
            else:
                local_errors += 1
        conn.close()
        with lock:
            samples.extend(local)
            errors[0] += local_errors

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max_seconds + 30)
    wall = time.perf_counter() - began
    return Result(name, samples, wall, errors[0])


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the portal server stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the portal server did not start")


def serve(url: str, port: int, threads: int) -> None:
    """The server process: the app on waitress, loopback only, until terminated."""
    from waitress import serve as waitress_serve

    from portail_admin.web import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is expected
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "benchmark-only-key", "SERVER_THREADS": threads}
    )
    waitress_serve(app, host="127.0.0.1", port=port, threads=threads, connection_limit=200)


@contextlib.contextmanager
def portal_server(url: str, threads: int = 8) -> Iterator[int]:
    """The portal on waitress in a process of its own (the clients must not share its
    interpreter lock), on a free loopback port, until the block ends."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.web_bench", "--serve", url, str(port), str(threads)],
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve"]:
        serve(argv[1], int(argv[2]), int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=600, help="per page, all clients")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="per page")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args(argv)
    clients = max(1, min(args.clients, 50))
    total = max(clients, min(args.requests, 20000))

    source = build(LARGE_FAMILIES)
    with tempfile.TemporaryDirectory(prefix="portail-web-bench-") as tmp:
        url, login, child_id = prepare_copy(source, Path(tmp))
        with portal_server(url, args.threads) as port:
            cookie = log_in(port, login)
            month = clock.today().strftime("%Y-%m")
            pages = [
                ("page minimale (/etat)", "/etat"),
                ("accueil (/)", "/"),
                ("planning du mois", f"/mes-enfants/{child_id}/planning?mois={month}"),
            ]
            results = [
                run_phase(name, port, path, cookie, clients, total, args.max_seconds)
                for name, path in pages
            ]

    base = results[0]
    print(
        f"Portail des familles — grande commune ({LARGE_FAMILIES} familles), waitress "
        f"{args.threads} threads, {clients} clients simultanés, {total} requêtes par page"
    )
    print(
        f"{'page':<24}{'médiane ms':>11}{'p95 ms':>9}{'req/s':>9}"
        f"{'× méd.':>8}{'× p95':>8}{'× req/s':>9}{'erreurs':>9}"
    )
    for r in results:
        print(
            f"{r.name:<24}{r.median:>11.1f}{r.p95:>9.1f}{r.rate:>9.0f}"
            f"{r.median / base.median:>8.2f}{r.p95 / base.p95:>8.2f}"
            f"{r.rate / base.rate:>9.2f}{r.errors:>9}"
        )
    home = results[1]
    ok = (
        home.p95 < HOME_P95_BUDGET_MS
        and home.p95 <= HOME_RATIO_BUDGET * base.p95
        and all(r.errors == 0 for r in results)
    )
    print(
        f"Budget accueil : p95 < {HOME_P95_BUDGET_MS:.0f} ms et ≤ {HOME_RATIO_BUDGET:.0f}× la "
        f"page minimale — {'respecté' if ok else 'DÉPASSÉ'} "
        f"(p95 {home.p95:.1f} ms, {home.p95 / base.p95:.2f}×)"
    )
    planning = results[2]
    planning_ok = planning.p95 <= PLANNING_RATIO_BUDGET * base.p95
    print(
        f"Budget planning du mois : p95 ≤ {PLANNING_RATIO_BUDGET:.0f}× la page minimale — "
        f"{'respecté' if planning_ok else 'DÉPASSÉ'} "
        f"(p95 {planning.p95:.1f} ms, {planning.p95 / base.p95:.2f}×)"
    )
    return 0 if ok and planning_ok else 1


if __name__ == "__main__":
    sys.exit(main())
