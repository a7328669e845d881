"""`portail-admin web` behind a local reverse proxy: the client address the portal sees (and
throttles logins by) is the parent's, forwarded by the proxy, not the proxy's own."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from waitress.server import create_server

from portail_admin.core.errors import PortailError
from portail_admin.web.server import waitress_options


def _seen_by_the_app(options: dict, headers: dict[str, str]) -> tuple[str, str]:
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']}".encode()]

    server = create_server(app, host="127.0.0.1", port=0, threads=1, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.effective_port}/", headers=headers
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            address, scheme = response.read().decode().split()
        return address, scheme
    finally:
        server.close()
        thread.join(timeout=5)


def test_behind_a_local_proxy_the_client_address_is_forwarded():
    options = waitress_options("127.0.0.1")
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    assert _seen_by_the_app(options, forwarded) == ("203.0.113.9", "https")
    # two parents behind the same proxy are two addresses for the login throttle
    other = {"X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https"}
    assert _seen_by_the_app(options, other)[0] == "198.51.100.4"
    # a header chain: only the address the proxy itself saw counts, not one the client made up
    chained = {"X-Forwarded-For": "10.6.6.6, 203.0.113.9"}
    assert _seen_by_the_app(options, chained)[0] == "203.0.113.9"


def test_listening_on_the_network_no_header_is_trusted():
    assert waitress_options("0.0.0.0") == {}  # noqa: S104
    assert waitress_options("192.168.1.20") == {}


def test_the_served_portal_has_a_connection_pair_for_each_thread(monkeypatch, db_url):
    """Each request may hold a read session and a write transaction at once: with the default
    pool (5 + 10) a portal of 8 threads could wait 30 s for a 16th connection."""
    from portail_admin.web import server

    served = {}
    monkeypatch.setattr(server, "waitress_serve", lambda app, **kw: served.update(app=app, **kw))
    assert server.serve(db_url, "127.0.0.1", 0, threads=8) == 0
    assert served["threads"] == 8
    pool = served["app"].extensions["portail_engine"].pool
    assert pool.size() == 17
    assert pool._max_overflow == 0  # no public reader: a fixed pool, not a growing one
    served["app"].extensions["portail_engine"].dispose()


def test_the_portal_does_not_serve_a_database_that_needs_an_upgrade(monkeypatch, tmp_path):
    """It never migrates (its role may not): it says so in French, and serves nothing."""
    from portail_admin.web import server

    monkeypatch.setattr(server, "waitress_serve", lambda app, **kw: pytest.fail("served"))
    with pytest.raises(PortailError, match="portail-admin db upgrade"):
        server.serve(f"sqlite:///{tmp_path / 'empty.sqlite'}", "127.0.0.1", 0)
