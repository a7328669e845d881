"""Alembic migrations, driven from code: `portail-admin db upgrade` or `upgrade(engine)`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from ..errors import PortailError

HERE = Path(__file__).parent


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["engine"] = engine
    return config


class DatabaseTooNew(PortailError):
    """The database was upgraded by a newer Portail Famille than this one."""


def _check_known(engine: Engine) -> None:
    current = current_revision(engine)
    if current is None:
        return
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except CommandError as exc:
        raise DatabaseTooNew(
            "Cette base de données a été mise à jour par une version plus récente de "
            "Portail Famille. Installez cette version sur ce poste avant de l'ouvrir."
        ) from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    _check_known(engine)
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def needs_upgrade(engine: Engine) -> bool:
    _check_known(engine)
    return current_revision(engine) != head_revision()
