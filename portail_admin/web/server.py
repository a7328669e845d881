"""`portail-admin web`: the portal served by waitress."""

from __future__ import annotations

import logging

from waitress import serve as waitress_serve

from . import create_app

log = logging.getLogger(__name__)


def serve(database_url: str, host: str, port: int, threads: int = 8) -> int:
    app = create_app({"DATABASE_URL": database_url})
    log.info("Portail Famille : http://%s:%s/", host, port)
    proxy: dict[str, object] = {}
    if host in ("127.0.0.1", "localhost", "::1"):
        # Behind a local reverse proxy (https): its X-Forwarded-Proto is trusted, no one else's.
        proxy = {
            "trusted_proxy": "127.0.0.1",
            "trusted_proxy_headers": {"x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    waitress_serve(app, host=host, port=port, threads=threads, ident="Portail Famille", **proxy)
    return 0
