"""`portail-admin web`: the portal served by waitress.

One waitress process (several threads) serves the portal. The login throttle (attempts per
client address) and the commune-settings cache live in that process's memory: run one process
per database, not several behind a load balancer, or the limits multiply.
"""

from __future__ import annotations

import logging
from typing import Any

from waitress import serve as waitress_serve

from . import create_app

log = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def waitress_options(host: str) -> dict[str, Any]:
    """Proxy settings: bound to the loopback, the portal sits behind a local reverse proxy
    (https) whose X-Forwarded-For / -Proto are trusted, and no one else's. The client address
    then is the parent's, not the proxy's, so login throttling stays per client address."""
    if host not in LOCAL_HOSTS:
        return {}
    return {
        "trusted_proxy": "*",  # bound to the loopback: only a local process can connect
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
    }


def serve(database_url: str, host: str, port: int, threads: int = 8) -> int:
    app = create_app({"DATABASE_URL": database_url})
    log.info("Portail Famille : http://%s:%s/", host, port)
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="Portail Famille",
        **waitress_options(host),
    )
    return 0
