"""Issue 8: X-Forwarded-For is believed only from the configured proxy (the loopback by
default), never from any client: a client setting the header itself does not get a fresh
login allowance."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from waitress import wasyncore
from waitress.server import create_server

from portail_admin import cli
from portail_admin.core.errors import PortailError
from portail_admin.web import create_app, server
from portail_admin.web.server import waitress_options


def test_only_one_proxy_address_is_trusted_never_everyone():
    assert waitress_options("127.0.0.1")["trusted_proxy"] == "127.0.0.1"
    assert waitress_options("localhost")["trusted_proxy"] == "127.0.0.1"
    assert waitress_options("::1")["trusted_proxy"] == "::1"
    assert waitress_options("0.0.0.0") == {}  # noqa: S104
    # a proxy on another machine, named explicitly
    options = waitress_options("0.0.0.0", trusted_proxy="192.168.1.5")  # noqa: S104
    assert options["trusted_proxy"] == "192.168.1.5"
    assert waitress_options("127.0.0.1", trusted_proxy="") == {}  # no proxy at all
    for wrong in ("*", "proxy.local", "10.0.0.0/8", "1.2.3.4, 5.6.7.8"):
        with pytest.raises(PortailError, match="proxy de confiance invalide"):
            waitress_options("127.0.0.1", trusted_proxy=wrong)


def _seen_by_the_app(options: dict, headers: dict[str, str]) -> tuple[str, str]:
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']}".encode()]

    with _serving(app, options) as base:
        request = urllib.request.Request(base + "/", headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            address, scheme = response.read().decode().split()
    return address, scheme


def test_a_client_that_is_not_the_proxy_cannot_choose_its_address():
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    # The portal listens on the loopback; the proxy is 127.0.0.2: this client (127.0.0.1) is not.
    options = waitress_options("127.0.0.1", trusted_proxy="127.0.0.2")
    assert _seen_by_the_app(options, forged) == ("127.0.0.1", "http")
    # From the trusted proxy the same header is the parent's address.
    assert _seen_by_the_app(waitress_options("127.0.0.1"), forged) == ("203.0.113.9", "https")


def test_the_command_line_names_the_trusted_proxy(monkeypatch):
    calls = []
    monkeypatch.setattr(server, "serve", lambda *a, **k: calls.append((a, k)) or 0)
    assert cli.main(["web", "--trusted-proxy", "192.168.1.5"]) == 0
    assert cli.main(["web"]) == 0
    assert [k["trusted_proxy"] for _a, k in calls] == ["192.168.1.5", None]


def test_a_wrong_trusted_proxy_is_refused_in_french_before_serving(monkeypatch, capsys):
    monkeypatch.setattr(server, "waitress_serve", lambda *a, **k: pytest.fail("served"))
    assert cli.main(["web", "--trusted-proxy", "*"]) == 2
    assert "proxy de confiance invalide" in capsys.readouterr().err


class _Browser:
    """urllib with cookies, against a real waitress server."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def login(self, forwarded_for: str) -> int:
        with self.opener.open(self.base + "/connexion", timeout=10) as page:  # noqa: S310
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
        data = urllib.parse.urlencode({"login": "x", "password": "y", "csrf_token": token})
        request = urllib.request.Request(  # noqa: S310
            self.base + "/connexion",
            data=data.encode(),
            headers={"X-Forwarded-For": forwarded_for},
        )
        try:
            with self.opener.open(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


def _statuses(db_url: str, trusted_proxy: str) -> list[int]:
    """Three login attempts, each claiming another address, with an allowance of two."""
    app = create_app({"DATABASE_URL": db_url, "LOGIN_THROTTLE_LIMIT": 2})
    options = waitress_options("127.0.0.1", trusted_proxy=trusted_proxy)
    try:
        with _serving(app, options) as base:
            browser = _Browser(base)
            return [browser.login(f"198.51.100.{n}") for n in (1, 2, 3)]
    finally:
        app.extensions["portail_engine"].dispose()


@contextmanager
def _serving(app, options: dict) -> Iterator[str]:
    """A real waitress server on a free loopback port, stopped (and closed) by its own thread."""
    httpd = create_server(app, host="127.0.0.1", port=0, threads=2, **options)
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=httpd._map, count=1)
        httpd.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)


def test_a_forged_header_gets_no_fresh_login_allowance(db_url, world):
    # From a client that is not the proxy, the header is dropped: one address, throttled.
    assert _statuses(db_url, trusted_proxy="127.0.0.2") == [401, 401, 429]


def test_behind_the_trusted_proxy_each_parent_has_its_own_allowance(db_url, world):
    # This client is the (default, loopback) proxy: the addresses it forwards count apart.
    assert _statuses(db_url, trusted_proxy="127.0.0.1") == [401, 401, 401]
