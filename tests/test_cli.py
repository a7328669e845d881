"""The portail-admin command's database subcommands (no Qt involved)."""

from __future__ import annotations

from portail_admin import cli
from portail_admin.core import db
from portail_admin.core.migrations import needs_upgrade


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
