"""Migrations build exactly the schema the models describe, on SQLite and on PostgreSQL, and the
database really enforces the constraints the models declare."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from portail_admin.core import db
from portail_admin.core.errors import ConcurrentEditError
from portail_admin.core.migrations import current_revision, head_revision, needs_upgrade, upgrade
from portail_admin.core.models import (
    Base,
    Child,
    Family,
    Guardian,
    PlanningCell,
    Request,
    Service,
    Structure,
)
from portail_admin.core.models.enums import (
    GuardianRole,
    RequestKind,
    RequestStatus,
    ServiceUnit,
)

PG_URL = os.environ.get("PORTAIL_TEST_DATABASE_URL", "")
needs_postgresql = pytest.mark.skipif(
    not PG_URL, reason="PORTAIL_TEST_DATABASE_URL is not set (CI runs this on PostgreSQL)"
)


def _differences(engine: Engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, Base.metadata)


def _check_fresh_database(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert needs_upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision() == "0007"
    assert not needs_upgrade(engine)
    assert _differences(engine) == []
    tables = set(inspect(engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    upgrade(engine)  # upgrading an up-to-date database changes nothing
    assert current_revision(engine) == head_revision()


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'vide' / 'portail.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgresql() -> Iterator[Engine]:
    """An empty schema of the test database, so the shared test schema is left alone."""
    schema = f"migration_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = db.make_engine(PG_URL, connect_args={"options": f"-c search_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_upgrade_on_an_empty_sqlite_file_matches_the_models(empty_sqlite):
    _check_fresh_database(empty_sqlite)


@needs_postgresql
def test_upgrade_on_an_empty_postgresql_database_matches_the_models(empty_postgresql):
    _check_fresh_database(empty_postgresql)
    with empty_postgresql.connect() as conn:
        # Money really is NUMERIC(10, 2), not a float.
        column = next(c for c in inspect(conn).get_columns("invoice") if c["name"] == "total")
        assert (column["type"].precision, column["type"].scale) == (10, 2)


def test_downgrade_to_base_and_back(empty_sqlite):
    from alembic import command

    from portail_admin.core.migrations import alembic_config

    upgrade(empty_sqlite)
    command.downgrade(alembic_config(empty_sqlite), "base")
    assert set(inspect(empty_sqlite).get_table_names()) == {"alembic_version"}
    assert needs_upgrade(empty_sqlite)
    upgrade(empty_sqlite)
    assert _differences(empty_sqlite) == []


def test_0002_versions_existing_rows(empty_sqlite):
    """A database made by 0001, with rows, gains the version columns; its rows start at 1."""
    from alembic import command

    from portail_admin.core.migrations import alembic_config

    command.upgrade(alembic_config(empty_sqlite), "0001")
    with empty_sqlite.begin() as conn:
        conn.exec_driver_sql("INSERT INTO structure (name) VALUES ('Garderie')")
        conn.exec_driver_sql(
            "INSERT INTO calendar_period (kind, start_date, end_date, label, source) "
            "VALUES ('closure', '2026-12-24', '2026-12-24', 'Fermeture', 'manual')"
        )
    upgrade(empty_sqlite)
    with empty_sqlite.connect() as conn:
        assert conn.exec_driver_sql("SELECT version FROM structure").scalar() == 1
        assert conn.exec_driver_sql("SELECT version FROM calendar_period").scalar() == 1
    assert _differences(empty_sqlite) == []


def test_the_test_database_is_at_head(engine):
    assert not needs_upgrade(engine)
    assert _differences(engine) == []


def test_sqlite_pragmas_on_every_connection(empty_sqlite):
    for _ in range(2):
        with empty_sqlite.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        empty_sqlite.dispose()  # a new connection gets them too


# --- constraints the database enforces (whatever the code above it does) ----------------------


@pytest.fixture
def family_id(session_factory) -> int:
    with db.transaction(session_factory) as s:
        family = Family(family_number="1001001818331")
        family.guardians.append(
            Guardian(role=GuardianRole.PRIMARY, last_name="DUPONT", first_name="JEAN")
        )
        s.add(family)
        s.flush()
        return family.id


def _refused(session_factory, *rows) -> None:
    # A unique violation reaches the user as a ConcurrentEditError (see db.transaction); the
    # database's own refusal is its cause.
    with pytest.raises((IntegrityError, ConcurrentEditError)) as err:
        with db.transaction(session_factory) as s:
            s.add_all(rows)
            s.flush()
    assert isinstance(err.value, IntegrityError) or isinstance(err.value.__cause__, IntegrityError)


def test_a_family_has_one_primary_guardian(session_factory, family_id):
    _refused(
        session_factory,
        Guardian(
            family_id=family_id, role=GuardianRole.PRIMARY, last_name="DUPONT", first_name="X"
        ),
    )
    # A partner is fine; a second partner is not.
    with db.transaction(session_factory) as s:
        s.add(
            Guardian(
                family_id=family_id,
                role=GuardianRole.PARTNER,
                last_name="DUPONT",
                first_name="JEANNE",
            )
        )
    _refused(
        session_factory,
        Guardian(
            family_id=family_id, role=GuardianRole.PARTNER, last_name="DUPONT", first_name="Y"
        ),
    )


def test_family_numbers_are_unique_and_not_empty(session_factory, family_id):
    _refused(session_factory, Family(family_number="1001001818331"))
    _refused(session_factory, Family(family_number=""))


def test_a_refused_request_needs_a_motive(session_factory, family_id):
    now = dt.datetime(2015, 5, 4, 10, 0, tzinfo=dt.UTC)
    _refused(
        session_factory,
        Request(
            family_id=family_id,
            kind=RequestKind.GUARDIAN,
            status=RequestStatus.REFUSED,
            decided_at=now,
            motive="",
        ),
    )
    with db.transaction(session_factory) as s:
        s.add(
            Request(
                family_id=family_id,
                kind=RequestKind.GUARDIAN,
                status=RequestStatus.REFUSED,
                decided_at=now,
                motive="Justificatif manquant.",
            )
        )


def test_a_decision_is_dated_and_a_pending_request_is_not(session_factory, family_id):
    now = dt.datetime(2015, 5, 4, 10, 0, tzinfo=dt.UTC)
    _refused(
        session_factory,
        Request(family_id=family_id, kind=RequestKind.TAX, status=RequestStatus.ACCEPTED),
    )
    _refused(
        session_factory,
        Request(family_id=family_id, kind=RequestKind.TAX, decided_at=now),
    )


def test_a_booking_request_names_child_service_and_day(session_factory, family_id):
    _refused(session_factory, Request(family_id=family_id, kind=RequestKind.RESERVATION))


def test_negative_quotient_familial_refused(session_factory, family_id):
    _refused(session_factory, Family(family_number="42", quotient_familial=-1))


def test_foreign_keys_are_enforced(session_factory):
    _refused(
        session_factory,
        Guardian(family_id=999_999, role=GuardianRole.PRIMARY, last_name="X", first_name="Y"),
    )


def test_enum_values_are_checked_by_the_database(engine, family_id):
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO guardian (family_id, role, last_name, first_name, address, "
                "postal_code, city, phone_home, phone_work, phone_mobile, email, profession, "
                "csp, employer, employer_address, email_consent, sms_consent, version) "
                "VALUES (:f, 'boss', 'X', 'Y', '', '', '', '', '', '', '', '', '', '', '', "
                "false, false, 1)"
            ),
            {"f": family_id},
        )


def test_one_planning_cell_per_child_service_and_day(session_factory, family_id):
    with db.transaction(session_factory) as s:
        structure = Structure(name="Accueil de Loisirs")
        service = Service(
            structure=structure, name="ALSH Mercredi", code="ALSH-ME", unit=ServiceUnit.DAY
        )
        child = Child(
            family_id=family_id,
            last_name="DUPONT",
            first_name="LÉA",
            birth_date=dt.date(2008, 3, 12),
        )
        s.add_all([structure, service, child])
        s.flush()
        child_id, service_id, structure_id = child.id, service.id, structure.id
        s.add(PlanningCell(child_id=child_id, service_id=service_id, day=dt.date(2015, 4, 8)))
    _refused(
        session_factory,
        PlanningCell(child_id=child_id, service_id=service_id, day=dt.date(2015, 4, 8)),
    )
    _refused(
        session_factory,
        Service(
            structure_id=structure_id,
            name="Jamais",
            code="X",
            unit=ServiceUnit.DAY,
            open_in_term=False,
            open_in_holidays=False,
        ),
    )


def test_a_table_rebuilding_migration_keeps_the_rows_that_refer_to_it(tmp_path):
    """SQLite alters a table by copying it; with foreign keys on, dropping the old "family"
    table used to cascade and delete every guardian and child. A later migration of that kind
    must keep them."""
    import shutil

    from alembic import command

    from portail_admin.core.migrations import HERE, alembic_config
    from portail_admin.core.services import children, families

    scripts = tmp_path / "scripts"
    shutil.copytree(HERE, scripts, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    (scripts / "versions" / "9999_rebuild_family.py").write_text(
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        'revision = "9999"\n'
        f'down_revision = "{head_revision()}"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade():\n"
        '    with op.batch_alter_table("family", recreate="always") as batch:\n'
        '        batch.add_column(sa.Column("probe", sa.String(10), nullable=True))\n\n\n'
        "def downgrade():\n"
        "    pass\n",
        encoding="utf-8",
    )
    engine = db.make_engine(f"sqlite:///{tmp_path / 'portail.sqlite'}")
    try:
        upgrade(engine)
        factory = db.make_session_factory(engine)
        with db.transaction(factory) as s:
            family = families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"})
            children.add_child(
                s,
                family.id,
                {"last_name": "Dupont", "first_name": "Léa", "birth_date": "12/03/2018"},
            )
        config = alembic_config(engine)
        config.set_main_option("script_location", str(scripts))
        command.upgrade(config, "head")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM guardian").scalar() == 1
            assert conn.exec_driver_sql("SELECT count(*) FROM child").scalar() == 1
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                "9999"
            )
            # The connection the migration used went back to the pool with its foreign keys on.
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_foreign_keys_stay_on_after_an_upgrade(empty_sqlite):
    upgrade(empty_sqlite)
    with empty_sqlite.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
