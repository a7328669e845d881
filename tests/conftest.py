"""Shared fixtures: an isolated database per test (SQLite by default, PostgreSQL when
PORTAIL_TEST_DATABASE_URL names one), an in-memory keyring, private settings folders and the
clock pinned to the manual's day (`pinned_clock`, with tests/world.py's commune).

Nothing here imports Flask or Qt: core tests use these fixtures too (tests/core/test_isolation.py
checks it)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import sessionmaker

from portail_admin.core import clock, db
from portail_admin.core.migrations import upgrade
from portail_admin.core.models import Base

from .memory_keyring import MemoryKeyring
from .world import TODAY

PG_URL = os.environ.get("PORTAIL_TEST_DATABASE_URL", "")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite'}"


@pytest.fixture(autouse=True)
def garbage_collector(request: pytest.FixtureRequest) -> None:
    """The desktop's tests run as the app does, with Python's collector in the main thread only
    (desktop/main_thread_gc.py: a collection in an op's thread can deadlock with Qt); every
    other test, with Python's own automatic collection."""
    if "desktop" in request.node.path.parts:
        gc.disable()
    else:
        gc.enable()


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    """No test reads or writes the user's real settings, data folder or keyring."""
    monkeypatch.setenv("PORTAIL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PORTAIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def _template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The migrated schema, built once: a SQLite file to copy, or the PostgreSQL test database."""
    if PG_URL:
        engine = db.make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(engine)
        engine.dispose()
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = db.make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return str(path)


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def role_name_for_tests(prefix: str) -> str:
    """A PostgreSQL role for this test database: roles belong to the whole server, so each
    database (each CI run, each developer) gets its own, `<prefix>_<database>`."""
    database = make_url(PG_URL).database or "postgres"
    return re.sub(r"[^a-z0-9_]", "_", f"{prefix}_{database}".lower())[:63]


def drop_test_role(owner: Engine, name: str) -> None:
    """Remove a role made by the tests (its grants on this database first)."""
    role = '"' + name.replace('"', '""') + '"'
    with owner.begin() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


@pytest.fixture
def owner_db_url(_template_database: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty, migrated database that this test alone uses, as its owner."""
    if PG_URL:
        yield PG_URL
        engine = db.make_engine(PG_URL)
        _truncate_all(engine)
        engine.dispose()
        return
    path = tmp_path / "test.sqlite"
    shutil.copyfile(_template_database, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def db_url(owner_db_url: str) -> str:
    """The URL the code under test connects with: the owner's here; tests/web/conftest.py
    gives the portal its own PostgreSQL role instead."""
    return owner_db_url


@pytest.fixture
def engine(owner_db_url: str) -> Iterator[Engine]:
    """The owner's engine: what the fixtures build the test data with."""
    engine = db.make_engine(owner_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[db.PortailSession]:
    return db.make_session_factory(engine)


@pytest.fixture
def session(session_factory: sessionmaker[db.PortailSession]) -> Iterator[db.PortailSession]:
    """A session whose work the test commits itself (or not)."""
    with session_factory() as session:
        session.info["actor"] = "staff:test"
        yield session


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The project's clock on the manual's day (Monday 4 May 2015, 9:00 at the commune)."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ)
    )
    return TODAY
