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
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys
            # on, that DROP fires ON DELETE CASCADE and empties the child tables (altering
            # "family" would delete every guardian and child). Off during the migration (it
            # only takes effect outside a transaction), checked, then on again.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=True,  # SQLite needs table copies for ALTER
                    compare_type=True,
                )
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


run_migrations_online()
