"""Which database, and how to talk to it.

The URL comes from --database, then PORTAIL_DATABASE_URL, then this PC's saved settings, then
a SQLite file in the user data directory. A PostgreSQL password is never part of a saved URL:
it is read from the OS keyring when the engine is made.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from keyring.errors import KeyringError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from . import local_settings, secrets
from .errors import ConcurrentEditError, PortailError
from .paths import default_database_path

ENV_VAR = "PORTAIL_DATABASE_URL"
SYSTEM_ACTOR = "system"


class PortailSession(Session):
    """Our session class: the change-log listener is attached to it (see changefeed)."""


def resolve_url(cli_url: str | None = None) -> str:
    if cli_url:
        return cli_url
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    saved = local_settings.load().get("database_url")
    if saved:
        return saved
    return f"sqlite:///{default_database_path()}"


def save_database_url(raw_url: str) -> str:
    """Remember the database of this PC: the URL in the settings file, its password (if the URL
    has one) in the keyring. Returns the URL as saved, which never holds a password."""
    url = normalise_url(raw_url)
    if url.password:
        try:
            secrets.set_secret("database", keyring_identity(url), str(url.password))
        except KeyringError as exc:  # never fall back to writing it in a file
            raise PortailError(
                "Le mot de passe de la base ne peut pas être enregistré : le trousseau de "
                "Windows (ou du système) n'est pas disponible sur ce poste."
            ) from exc
        url = url._replace(password=None)  # URL.set() ignores None
    saved = url.render_as_string(hide_password=False)
    local_settings.update(database_url=saved)
    return saved


def keyring_identity(url: URL) -> str:
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def with_keyring_password(url: URL) -> URL:
    """Fill in a PostgreSQL password from the keyring when the URL has none."""
    if url.get_backend_name() != "postgresql" or url.password:
        return url
    password = secrets.get_secret("database", keyring_identity(url))
    return url.set(password=password) if password else url


def normalise_url(raw: str) -> URL:
    url = make_url(raw)
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: str | URL) -> str:
    """A user-facing description of the database, without any password."""
    u = make_url(str(url)) if isinstance(url, str) else url
    if u.get_backend_name() == "sqlite":
        return f"Ce poste (SQLite) — {u.database or 'en mémoire'}"
    return f"Serveur partagé (PostgreSQL) — {u.host}:{u.port or 5432}/{u.database}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(raw_url: str, **kwargs: Any) -> Engine:
    url = with_keyring_password(normalise_url(raw_url))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(url.database)), exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[PortailSession]:
    # Importing these registers their session listeners (change log, family search text):
    # without them, a process that never imported core.search would save empty search texts.
    from . import changefeed, search  # noqa: F401

    return sessionmaker(engine, class_=PortailSession, expire_on_commit=False)


@contextmanager
def transaction(
    factory: sessionmaker[PortailSession], actor: str = SYSTEM_ACTOR
) -> Iterator[PortailSession]:
    """One unit of work: committed as a whole, or rolled back as a whole."""
    with factory() as session:
        try:
            with session.begin():
                session.info["actor"] = actor
                yield session
        except StaleDataError as exc:
            raise ConcurrentEditError(
                "Cette fiche vient d'être modifiée par quelqu'un d'autre. Vos saisies sont "
                "conservées : rechargez la fiche, puis enregistrez à nouveau."
            ) from exc
