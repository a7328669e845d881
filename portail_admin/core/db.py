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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from . import local_settings, secrets
from .errors import ConcurrentEditError, PortailError
from .paths import default_database_path

ENV_VAR = "PORTAIL_DATABASE_URL"
SYSTEM_ACTOR = "system"
DATABASE_SECRET_KIND = "database"  # noqa: S105 (a keyring entry kind, not a password)


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


def without_password(url: URL) -> URL:
    """The same URL with no password, neither in its user part nor as a `?password=` query
    parameter (which libpq accepts). URL.set() ignores None, so it cannot remove one."""
    query = {k: v for k, v in url.query.items() if k.lower() != "password"}
    return URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=query,
    )


def url_password(url: URL) -> str | None:
    """The password a URL carries, in its user part or as a `?password=` parameter."""
    if url.password:
        return str(url.password)
    for key, value in url.query.items():
        if key.lower() == "password" and value:
            return value if isinstance(value, str) else value[-1]
    return None


def save_database_url(raw_url: str, password: str | None = None) -> str:
    """Remember the database of this PC: the URL in the settings file, its password (given
    apart, or found in the URL) in the keyring. Returns the URL as saved, which never holds a
    password. A URL without password keeps the one already in the keyring."""
    url = normalise_url(raw_url)
    password = password or url_password(url)
    url = without_password(url)
    if password:
        remember_password(url, password)
    saved = url.render_as_string(hide_password=False)
    local_settings.update(database_url=saved)
    return saved


def remember_password(url: URL, password: str) -> None:
    """Keep a PostgreSQL password in the keyring, where make_engine finds it for this URL's
    user, host, port and database."""
    try:
        secrets.set_secret(DATABASE_SECRET_KIND, keyring_identity(url), password)
    except KeyringError as exc:  # never fall back to writing it in a file
        raise PortailError(
            "Le mot de passe de la base ne peut pas être enregistré : le trousseau de "
            "Windows (ou du système) n'est pas disponible sur ce poste."
        ) from exc


def forget_database_url() -> None:
    """Back to this PC's own SQLite file (the keyring entry, if any, is kept)."""
    current = local_settings.load()
    if current.pop("database_url", None) is not None:
        local_settings.save(current)


def keyring_identity(url: URL) -> str:
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def with_keyring_password(url: URL) -> URL:
    """Fill in a PostgreSQL password from the keyring when the URL has none."""
    if url.get_backend_name() != "postgresql" or url.password:
        return url
    password = secrets.get_secret(DATABASE_SECRET_KIND, keyring_identity(url))
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
        except IntegrityError as exc:
            # The services check uniqueness before writing: a unique violation left for the
            # database to find means someone else created the same row in the meantime (e.g.
            # the first health record of a child, saved from two PCs at once).
            if not is_unique_violation(exc):
                raise
            raise ConcurrentEditError(
                "Cette fiche vient d'être créée ou modifiée par quelqu'un d'autre. Vos saisies "
                "sont conservées : rechargez la fiche, puis enregistrez à nouveau."
            ) from exc


def is_unique_violation(exc: IntegrityError) -> bool:
    """True for a unique (or primary key) violation, on SQLite and on PostgreSQL."""
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate is not None:
        return str(sqlstate) == "23505"
    text = str(orig)
    return "UNIQUE constraint failed" in text or "PRIMARY KEY constraint failed" in text
