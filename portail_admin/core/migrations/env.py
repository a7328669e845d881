"""Alembic environment: uses the engine handed over in config.attributes."""

from __future__ import annotations

from alembic import context

from portail_admin.core.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        raise RuntimeError("migrations run through portail_admin.core.migrations.upgrade()")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs table copies for ALTER
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
