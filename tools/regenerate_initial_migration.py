"""Regenerate migration 0001 from the models.

Only while no database exists outside development (before the first release): once a
database is in use, every model change gets a new Alembic revision instead
(`alembic revision --autogenerate` through portail_admin.core.migrations.alembic_config).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from portail_admin.core import db
from portail_admin.core.migrations import HERE, alembic_config


def main() -> None:
    target = HERE / "versions" / "0001_initial_schema.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite'}")
        command.revision(
            alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001"
        )
        engine.dispose()
    print(f"regenerated {target}; run `ruff format {target}`")


if __name__ == "__main__":
    main()
