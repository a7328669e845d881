"""Which database: --database, then PORTAIL_DATABASE_URL, then this PC's saved settings, then
a SQLite file in the data folder. A PostgreSQL password lives in the keyring only."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy.engine import make_url

from portail_admin.core import db, local_settings, paths, secrets
from portail_admin.core.errors import PortailError

SECRET = "s3cr3t-P@ss"
SHARED = "postgresql://portail@db.mairie-alix.local:5433/portail"
SHARED_WITH_PASSWORD = "postgresql://portail:s3cr3t-P%40ss@db.mairie-alix.local:5433/portail"


def _settings_text() -> str:
    path = paths.config_dir() / local_settings.FILE_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_default_is_a_sqlite_file_in_the_data_folder(tmp_path):
    expected = tmp_path / "data" / "portail-famille.sqlite"
    assert os.environ["PORTAIL_DATA_DIR"] == str(tmp_path / "data")  # set by conftest
    assert db.resolve_url() == f"sqlite:///{expected}"
    assert paths.default_database_path() == expected


def test_resolution_order(monkeypatch, tmp_path):
    local_settings.update(database_url="sqlite:///saved.sqlite")
    assert db.resolve_url() == "sqlite:///saved.sqlite"
    monkeypatch.setenv(db.ENV_VAR, "sqlite:///from-env.sqlite")
    assert db.resolve_url() == "sqlite:///from-env.sqlite"
    assert db.resolve_url("sqlite:///from-cli.sqlite") == "sqlite:///from-cli.sqlite"
    monkeypatch.setenv(db.ENV_VAR, "")  # an empty variable does not count
    assert db.resolve_url() == "sqlite:///saved.sqlite"
    assert db.resolve_url("") == "sqlite:///saved.sqlite"
    local_settings.save({})
    assert db.resolve_url() == f"sqlite:///{tmp_path / 'data' / 'portail-famille.sqlite'}"


def test_a_damaged_settings_file_is_ignored(tmp_path):
    path = paths.config_dir() / local_settings.FILE_NAME
    for content in ("{not json", "[1, 2]", '"text"', "null"):
        path.write_text(content, encoding="utf-8")
        assert local_settings.load() == {}
        assert db.resolve_url().startswith("sqlite:///")
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert local_settings.load() == {}


def test_settings_keep_other_values():
    local_settings.update(last_username="nancy")
    local_settings.update(database_url="sqlite:///x.sqlite")
    assert local_settings.load() == {"last_username": "nancy", "database_url": "sqlite:///x.sqlite"}
    assert json.loads(_settings_text()) == local_settings.load()


@pytest.mark.parametrize(
    "values",
    [
        {"database_password": "x"},
        {"Password": "x"},
        {"smtp_password": ""},
        {"database_url": SHARED_WITH_PASSWORD},
        {"database_url": "postgresql+psycopg://portail:x@localhost/portail"},
    ],
)
def test_settings_refuse_passwords(values):
    local_settings.update(last_username="nancy")
    with pytest.raises(ValueError, match="keyring"):
        local_settings.save(values)
    with pytest.raises(ValueError):
        local_settings.update(**values)
    assert local_settings.load() == {"last_username": "nancy"}  # nothing was written


def test_saving_a_shared_database_puts_the_password_in_the_keyring(isolated_environment):
    saved = db.save_database_url(SHARED_WITH_PASSWORD)
    assert saved == "postgresql+psycopg://portail@db.mairie-alix.local:5433/portail"
    assert SECRET not in _settings_text() and "s3cr3t" not in _settings_text()
    assert local_settings.load()["database_url"] == saved
    # The in-memory keyring of conftest holds it, under the database's identity.
    assert isolated_environment.store == {
        ("portail-admin", "database:portail@db.mairie-alix.local:5433/portail"): SECRET
    }
    # Next start: the saved URL is resolved, the engine gets the password from the keyring.
    url = db.resolve_url()
    assert url == saved
    engine = db.make_engine(url)
    try:
        assert engine.url.password == SECRET
        assert engine.url.drivername == "postgresql+psycopg"
        assert SECRET not in str(engine.url)
        assert SECRET not in repr(engine)
        assert SECRET not in db.describe(engine.url)
    finally:
        engine.dispose()


def test_saving_a_url_without_password_keeps_the_keyring_password(isolated_environment):
    db.save_database_url(SHARED_WITH_PASSWORD)
    db.save_database_url(SHARED)  # chosen again without typing the password
    assert db.make_engine(db.resolve_url()).url.password == SECRET


def test_a_password_query_parameter_goes_to_the_keyring(isolated_environment):
    saved = db.save_database_url(SHARED + "?password=s3cr3t-P%40ss&sslmode=require")
    assert saved == "postgresql+psycopg://portail@db.mairie-alix.local:5433/portail?sslmode=require"
    assert "s3cr3t" not in _settings_text() and "password" not in _settings_text()
    assert isolated_environment.store == {
        ("portail-admin", "database:portail@db.mairie-alix.local:5433/portail"): SECRET
    }
    assert db.make_engine(db.resolve_url()).url.password == SECRET


def test_a_password_given_apart_goes_to_the_keyring(isolated_environment):
    saved = db.save_database_url(SHARED, password="Autre-1")
    assert saved == "postgresql+psycopg://portail@db.mairie-alix.local:5433/portail"
    assert list(isolated_environment.store.values()) == ["Autre-1"]
    assert "Autre-1" not in _settings_text()
    db.forget_database_url()
    assert "database_url" not in local_settings.load()
    db.forget_database_url()  # twice is harmless


def test_settings_refuse_a_password_query_parameter():
    with pytest.raises(ValueError, match="keyring"):
        local_settings.update(database_url=SHARED + "?sslmode=require&PASSWORD=x")
    assert local_settings.load() == {}


def test_a_sqlite_database_is_saved_as_is(tmp_path):
    url = f"sqlite:///{tmp_path / 'autre.sqlite'}"
    assert db.save_database_url(url) == url
    assert db.resolve_url() == url


def test_keyring_password_only_for_its_own_server():
    secrets.set_secret("database", "portail@db.mairie-alix.local:5433/portail", SECRET)
    assert db.with_keyring_password(db.normalise_url(SHARED)).password == SECRET
    for other in (
        "postgresql://portail@db.mairie-alix.local/portail",  # port 5432
        "postgresql://portail@db.mairie-alix.local:5433/autre",
        "postgresql://admin@db.mairie-alix.local:5433/portail",
        "postgresql://portail@autre-serveur:5433/portail",
    ):
        assert db.with_keyring_password(db.normalise_url(other)).password is None
    # A password given in the URL wins over the keyring.
    given = "postgresql://portail:autre@db.mairie-alix.local:5433/portail"
    assert db.with_keyring_password(db.normalise_url(given)).password == "autre"
    # SQLite never asks the keyring.
    assert db.with_keyring_password(make_url("sqlite:///x.sqlite")).password is None


def test_no_usable_keyring_means_no_password_not_a_crash():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert secrets.get_secret("database", "x") is None
        engine = db.make_engine(SHARED)
        assert engine.url.password is None
        engine.dispose()
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_a_password_is_refused_not_written(tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(PortailError, match="trousseau"):
            db.save_database_url(SHARED_WITH_PASSWORD)
    finally:
        keyring.set_keyring(previous)
    assert local_settings.load() == {}
    assert "s3cr3t" not in _settings_text()
    # Without a password to keep, the keyring is not needed.
    keyring.set_keyring(fail.Keyring())
    try:
        assert db.save_database_url(SHARED).startswith("postgresql+psycopg://portail@")
    finally:
        keyring.set_keyring(previous)


def test_secrets_round_trip(isolated_environment):
    secrets.set_secret("smtp", "mairie@alix-village.fr", "pw")
    assert secrets.get_secret("smtp", "mairie@alix-village.fr") == "pw"
    secrets.delete_secret("smtp", "mairie@alix-village.fr")
    assert secrets.get_secret("smtp", "mairie@alix-village.fr") is None
    secrets.delete_secret("smtp", "mairie@alix-village.fr")  # deleting twice is harmless
    assert isolated_environment.store == {}


def test_normalise_url_picks_psycopg():
    assert db.normalise_url("postgresql://u@h/b").drivername == "postgresql+psycopg"
    assert db.normalise_url("postgresql+psycopg://u@h/b").drivername == "postgresql+psycopg"
    assert db.normalise_url("sqlite:///x.sqlite").drivername == "sqlite"


@pytest.mark.parametrize(
    "url",
    [
        SHARED_WITH_PASSWORD,
        make_url(SHARED_WITH_PASSWORD),
        "postgresql+psycopg://portail:s3cr3t-P%40ss@db.mairie-alix.local:5433/portail",
        "postgresql://portail@db.mairie-alix.local:5433/portail?password=s3cr3t-P%40ss",
    ],
)
def test_describe_never_shows_a_password(url):
    text = db.describe(url)
    assert text == "Serveur partagé (PostgreSQL) — db.mairie-alix.local:5433/portail"
    assert "s3cr3t" not in text and "portail:" not in text


def test_describe_sqlite(tmp_path):
    path = tmp_path / "portail-famille.sqlite"
    assert db.describe(f"sqlite:///{path}") == f"Ce poste (SQLite) — {path}"
    assert db.describe("sqlite://") == "Ce poste (SQLite) — en mémoire"
    assert db.describe("postgresql://u@h/b") == "Serveur partagé (PostgreSQL) — h:5432/b"


def test_make_engine_creates_the_data_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "portail.sqlite"
    engine = db.make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("select 1")
    engine.dispose()
    assert path.exists()
