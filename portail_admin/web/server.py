"""`portail-admin web`: the portal served by waitress.

Everything that must hold across requests lives in the database: sessions (portal_session),
the lockout of accounts and of unknown logins, and the login throttle per client address
(login_attempt). Several portal processes (or a restart) on one database therefore share the
same limits; only the commune-settings cache (a few seconds) is per process.

The client address (throttle) comes from X-Forwarded-For only when the connection comes from
the trusted proxy: the loopback by default (a reverse proxy on the same server), or the one
address given with `--trusted-proxy`; from anyone else the header is dropped.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from sqlalchemy import Engine
from waitress import serve as waitress_serve

from ..core.errors import PortailError
from ..core.formatting import french_spacing
from ..core.migrations import needs_upgrade
from . import create_app

log = logging.getLogger(__name__)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_trusted_proxy(host: str) -> str:
    """The proxy trusted when none is configured: the loopback the portal listens on (a
    reverse proxy on the same server), or none when it listens on the network."""
    if host == "::1":
        return "::1"
    return "127.0.0.1" if host in LOCAL_HOSTS else ""


def checked_proxy_address(value: str) -> str:
    """One IP address ("" for none); waitress trusts exactly one address, or everyone ("*"),
    which is refused: any client could then choose its own address."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise PortailError(
            french_spacing(
                f"Adresse du proxy de confiance invalide : «\u00a0{value}\u00a0». Indiquez "
                "une seule adresse IP (par exemple 127.0.0.1), celle depuis laquelle le proxy "
                "https se connecte."
            )
        ) from None


def waitress_options(host: str, trusted_proxy: str | None = None) -> dict[str, Any]:
    """Proxy settings: X-Forwarded-For / -Proto are honoured from the trusted proxy's address
    only (default: the loopback when the portal listens on it), and dropped from any other
    client. The client address then is the parent's, not the proxy's, so login throttling
    stays per client address, and no client can pick its own."""
    proxy = default_trusted_proxy(host) if trusted_proxy is None else trusted_proxy
    proxy = checked_proxy_address(proxy)
    if not proxy:
        return {}
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
    }


def check_schema(engine: Engine) -> None:
    """The portal never migrates the database (its own role may not): a schema older than this
    version is said once, in French, before serving, rather than as errors on every page."""
    if needs_upgrade(engine):  # a newer schema: DatabaseTooNew, in French too
        raise PortailError(
            french_spacing(
                "La base de données n'est pas à jour pour cette version du portail : lancez "
                "«\u00a0portail-admin db upgrade\u00a0» avec le compte propriétaire de la base "
                "(pas celui du portail), puis relancez le portail."
            )
        )


def serve(
    database_url: str,
    host: str,
    port: int,
    threads: int = 8,
    trusted_proxy: str | None = None,
) -> int:
    options = waitress_options(host, trusted_proxy)  # a wrong address is refused before starting
    app = create_app({"DATABASE_URL": database_url, "SERVER_THREADS": threads})
    check_schema(app.extensions["portail_engine"])
    log.info("Portail Famille : http://%s:%s/", host, port)
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="Portail Famille",
        **options,
    )
    return 0
