"""The portal's own PostgreSQL role (core/db_roles.py): every table is classified, the role
reads what parents see and writes only what the portal writes, and applying it again replaces
its grants (nothing lingers). The database checks need PostgreSQL; the rest runs everywhere."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import psycopg
import pytest
from sqlalchemy import make_url, select, text
from sqlalchemy.exc import ProgrammingError

from portail_admin.core import db, db_roles
from portail_admin.core.models import Base, Message, Request
from portail_admin.core.models.enums import RequestKind, RequestStatus
from portail_admin.core.services import messages
from portail_admin.core.services import requests as rq
from tests.conftest import PG_URL, drop_test_role, role_name_for_tests
from tests.world import build_world

pg_only = pytest.mark.skipif(
    not PG_URL,
    reason="database roles exist only on PostgreSQL: set PORTAIL_TEST_DATABASE_URL (CI does)",
)


# --- the list itself (no database) ----------------------------------------------------------


def test_every_table_of_the_models_is_classified_once():
    """A new table must be put in the portal's grants or in the "not for the portal" list."""
    tables = set(Base.metadata.tables)
    granted, refused = set(db_roles.PORTAL_GRANTS), set(db_roles.NOT_FOR_PORTAL)
    assert not tables - granted - refused, "tables in neither list of core/db_roles.py"
    assert not granted & refused, "tables in both lists of core/db_roles.py"
    assert (granted | refused) <= tables, "tables listed in core/db_roles.py but not modelled"


def test_every_granted_column_exists():
    for name, grant in db_roles.PORTAL_GRANTS.items():
        columns = set(Base.metadata.tables[name].columns.keys())
        named = set(grant.update) | (
            set(grant.select) if isinstance(grant.select, tuple) else set()
        )
        assert named <= columns, (name, named - columns)
        if grant.update:
            assert grant.select, f"{name}: an UPDATE reads its WHERE columns"


def test_the_portal_never_writes_a_record_staff_keep():
    for name in ("family", "guardian", "child", "health_record", "invoice", "service"):
        grant = db_roles.PORTAL_GRANTS[name]
        assert not (grant.insert or grant.update or grant.delete), name
    account = db_roles.PORTAL_GRANTS["portal_account"]
    assert not {"login", "family_id", "disabled"} & set(account.update)
    assert not account.insert and not account.delete


@pytest.mark.parametrize(
    "name", ["", "Portail", "portail-web", "1web", "pg_web", "public", "rôle", "a" * 64, 'x"y']
)
def test_bad_role_names_are_refused_in_french(name):
    with pytest.raises(db_roles.RoleError, match="Nom de rôle invalide"):
        db_roles.check_role_name(name)


def test_sqlite_has_no_roles(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'one-pc.sqlite'}")
    with pytest.raises(db_roles.RoleError, match="n'existent que sur PostgreSQL"):
        db_roles.apply_web_role(engine, "portail_web")
    engine.dispose()


# --- on PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def role(engine):
    """A role of these tests alone (the web suite's is portail_web_<database>)."""
    name = role_name_for_tests("portail_wt")
    drop_test_role(engine, name)
    yield name
    drop_test_role(engine, name)


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def portal(engine, role, world):
    """An engine connected as the portal's role, made on a database holding the world."""
    password = secrets.token_urlsafe(16)
    db_roles.apply_web_role(engine, role, password)
    portal = db.make_engine(
        make_url(PG_URL).set(username=role, password=password).render_as_string(hide_password=False)
    )
    yield portal
    portal.dispose()


def _refused(engine, statement: str, **params) -> None:
    with pytest.raises(ProgrammingError) as info, engine.begin() as conn:
        conn.execute(text(statement), params)
    assert isinstance(info.value.orig, psycopg.errors.InsufficientPrivilege), info.value
    assert "permission denied" in str(info.value.orig)


@pg_only
def test_the_portal_cannot_update_a_family(portal, world):
    _refused(
        portal, "UPDATE family SET allocataire_number = 'x' WHERE id = :id", id=world.dupont_id
    )


@pg_only
def test_the_portal_cannot_delete_a_child(portal, world):
    _refused(portal, "DELETE FROM child WHERE id = :id", id=world.child_id)


@pg_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE guardian SET last_name = 'X'",
        "DELETE FROM health_record",
        "UPDATE invoice SET total = 0",
        "DELETE FROM payment",
        "UPDATE service SET capacity = 1",
        "UPDATE enrolment SET weekly_pattern = 0",
        "UPDATE commune_settings SET name = 'x'",
        "SELECT username FROM staff_user",
        "UPDATE number_sequence SET next_value = 1",
        "UPDATE portal_account SET disabled = false",
        "UPDATE portal_account SET login = 'x'",
        "DELETE FROM portal_account",
        "UPDATE planning_cell SET child_id = child_id",
        "DELETE FROM planning_cell",
        "UPDATE request SET new_values = '{}'",
        "DELETE FROM request",
        "UPDATE message SET body = 'x'",
        "SELECT actor FROM change_log",
        "DELETE FROM change_log",
        "CREATE TABLE intruder (id integer)",
    ],
)
def test_what_the_portal_may_not_do(portal, statement):
    _refused(portal, statement)


@pg_only
def test_the_portal_inserts_a_request_and_a_message_with_their_change_log(portal, world, engine):
    factory = db.make_session_factory(portal)
    with db.transaction(factory, "parent:1001001818331") as s:
        request = rq.request_family_change(
            s, world.dupont_id, RequestKind.GUARDIAN, {"city": "Alix", "phone_mobile": "0612345678"}
        )
        messages.send_from_family(s, world.dupont_id, "Cantine", "Léa mange sans porc.")
    with db.transaction(factory, "parent:1001001818331") as s:  # and withdraws it
        rq.withdraw_request(s, world.dupont_id, request.id)
    with engine.connect() as conn:
        assert conn.scalar(select(Request.status).where(Request.id == request.id)) is (
            RequestStatus.WITHDRAWN
        )
        assert conn.scalar(select(Message.id).where(Message.subject == "Cantine"))
        assert (
            conn.scalar(
                text("SELECT count(*) FROM change_log WHERE actor = 'parent:1001001818331'")
            )
            == 3
        )


def _privileges(engine, role: str) -> set[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT table_name, '', privilege_type FROM information_schema.table_privileges "
                "WHERE grantee = :r UNION SELECT table_name, column_name, privilege_type "
                "FROM information_schema.column_privileges WHERE grantee = :r"
            ),
            {"r": role},
        )
        return {tuple(r) for r in rows}


def _scram_matches(verifier: str, password: str) -> bool:
    """What the server checks at login, from the role's stored SCRAM-SHA-256 verifier."""
    scheme, rest = verifier.split("$", 1)
    params, keys = rest.split("$")
    iterations, salt = params.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), base64.b64decode(salt), int(iterations)
    )
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return scheme == "SCRAM-SHA-256" and (
        base64.b64encode(hashlib.sha256(client_key).digest()).decode() == stored_key
    )


def _verifier(engine, role: str) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": role}
        )


@pg_only
def test_applying_again_replaces_the_grants_and_keeps_the_password(engine, role):
    first = db_roles.apply_web_role(engine, role, "Un mot de passe")
    assert first.created and first.password_set
    granted = _privileges(engine, role)
    assert ("family", "", "SELECT") in granted and ("family", "", "UPDATE") not in granted
    verifier = _verifier(engine, role)
    assert verifier and "Un mot de passe" not in verifier
    assert _scram_matches(verifier, "Un mot de passe")
    with engine.begin() as conn:  # privileges given by hand, or by an older list
        conn.execute(text(f'GRANT UPDATE ON family TO "{role}"'))
        conn.execute(text(f'GRANT UPDATE (disabled) ON portal_account TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON staff_user TO "{role}"'))
    again = db_roles.apply_web_role(engine, role)  # no password given: the old one stays
    assert not again.created and not again.password_set
    assert _privileges(engine, role) == granted
    assert _verifier(engine, role) == verifier


@pg_only
def test_an_administrative_role_is_refused(engine):
    with engine.connect() as conn:
        owner = conn.scalar(text("SELECT current_user"))
    with pytest.raises(db_roles.RoleError, match="propre rôle"):
        db_roles.apply_web_role(engine, owner)
