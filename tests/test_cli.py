"""The portail-admin command's database subcommands (no Qt involved)."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import make_url

from portail_admin import cli
from portail_admin.core import db, db_roles
from portail_admin.core.migrations import needs_upgrade

from .conftest import PG_URL, drop_test_role, role_name_for_tests


def test_db_upgrade_creates_the_schema(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert cli.main(["--database", url, "db", "upgrade"]) == 0
    assert "Base à jour" in capsys.readouterr().out
    assert not needs_upgrade(db.make_engine(url))


def test_db_where_uses_the_environment_then_the_default(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(db.ENV_VAR, f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert cli.main(["db", "where"]) == 0
    assert "env.sqlite" in capsys.readouterr().out
    monkeypatch.delenv(db.ENV_VAR)
    assert cli.main(["db", "where"]) == 0
    assert "portail-famille.sqlite" in capsys.readouterr().out


def test_a_database_from_a_newer_version_is_refused_in_french(tmp_path, capsys):
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'newer.sqlite'}"
    assert cli.main(["--database", url, "db", "upgrade"]) == 0
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    assert cli.main(["--database", url, "db", "upgrade"]) == 2
    assert "version plus récente" in capsys.readouterr().err


def _no_prompt(*_args, **_kwargs):
    raise AssertionError("the password must not be asked for")


def test_db_web_role_on_sqlite_is_refused_in_french_before_any_prompt(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(getpass, "getpass", _no_prompt)
    url = f"sqlite:///{tmp_path / 'one-pc.sqlite'}"
    assert cli.main(["--database", url, "db", "web-role", "portail_web", "--password"]) == 2
    assert "Les rôles de base de données n'existent que sur PostgreSQL" in capsys.readouterr().err


def test_db_web_role_refuses_a_bad_name_before_any_prompt(owner_db_url, monkeypatch, capsys):
    monkeypatch.setattr(getpass, "getpass", _no_prompt)
    assert (
        cli.main(["--database", owner_db_url, "db", "web-role", "Portail-Web", "--password"]) == 2
    )
    err = capsys.readouterr().err
    assert "Nom de rôle invalide" in err or "n'existent que sur PostgreSQL" in err


@pytest.mark.skipif(not PG_URL, reason="database roles exist only on PostgreSQL")
def test_db_web_role_asks_the_password_twice_and_never_prints_it(
    owner_db_url, engine, monkeypatch, capsys
):
    name = role_name_for_tests("portail_wc")
    typed = iter(["Secret du portail 1", "Secret du portail 2"])
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(typed))
    monkeypatch.delenv(db_roles.PASSWORD_ENV_VAR, raising=False)
    try:
        argv = ["--database", owner_db_url, "db", "web-role", name, "--password"]
        assert cli.main(argv) == 2  # the two differ: nothing is done
        assert "diffèrent" in capsys.readouterr().err
        monkeypatch.setenv(db_roles.PASSWORD_ENV_VAR, "Secret du portail")
        assert cli.main(argv) == 0
        out = capsys.readouterr()
        assert "Secret" not in out.out + out.err
        assert f"«\u00a0{name}\u00a0» créé" in out.out
        assert f"--database postgresql+psycopg://{name}@" in out.out
        # kept for `portail-admin web`, where make_engine looks for it
        web_url = db.without_password(make_url(owner_db_url)).set(username=name)
        assert db.with_keyring_password(web_url).password == "Secret du portail"
        assert cli.main(["--database", owner_db_url, "db", "web-role", name]) == 0
        assert "Mot de passe inchangé" in capsys.readouterr().out
    finally:
        drop_test_role(engine, name)
