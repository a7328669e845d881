"""The portal's own PostgreSQL role: it reads what parents see and writes only what the portal
writes (requests, messages, its accounts' sign-in columns, sessions, login counters, the change
log), so a flaw in the portal cannot change a family record, an invoice or a staff account.

`PORTAL_GRANTS` is the one list of what the role may do; every other table of the models is in
`NOT_FOR_PORTAL` with the reason (tests/core/test_web_role.py checks that each table of
`Base.metadata` is in exactly one of them). A migration that adds a table the portal uses must
add it here: there are no default privileges, so a new table is closed to the portal until it
is listed, and `portail-admin db web-role NAME` is run again.

Applying the grants first revokes everything the role had on the schema's tables and sequences,
so a privilege taken off the list does not linger. Names (role, tables, columns) always go
through `psycopg.sql.Identifier`; a password goes to the server only as a SCRAM verifier made by
libpq (as psql's \\password does), so the server never sees, nor logs, the password itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, Engine, inspect

from .errors import PortailError
from .formatting import french_spacing


class RoleError(PortailError):
    """The role cannot be set up as asked (French text, typography applied)."""

    def __init__(self, text: str):
        super().__init__(french_spacing(text))


@dataclass(frozen=True)
class TableGrant:
    """What the portal may do on one table. `select`: the whole table, or only these columns;
    `update`: the columns it may change (an UPDATE also needs SELECT on the columns of its
    WHERE, hence `select` on every updated table)."""

    select: bool | tuple[str, ...] = True
    insert: bool = False
    update: tuple[str, ...] = ()
    delete: bool = False


READ = TableGrant()

PORTAL_GRANTS: dict[str, TableGrant] = {
    # What a family sees of itself (every query is scoped to the logged-in family).
    "family": READ,
    "guardian": READ,
    "child": READ,
    "health_record": READ,
    "authorised_person": READ,
    "enrolment": READ,
    "invoice": READ,  # the relevé de compte
    "invoice_line": READ,  # an invoice's PDF, downloaded from the portal
    "payment": READ,
    # The commune's settings, services and calendar (the planning grid, the documents page).
    "commune_settings": READ,
    "downloadable_form": READ,
    "structure": READ,
    "service": READ,
    "calendar_period": READ,
    "service_day_capacity": READ,  # the places left, checked before a reservation
    # Demandes: a parent asks (INSERT) and withdraws a pending one; a service with automatic
    # acceptance decides it at once (status, date, no decider, empty motive).
    "request": TableGrant(
        insert=True, update=("status", "decided_at", "decided_by_id", "motive", "version")
    ),
    # An automatically accepted reservation or absence (decisions.try_auto_accept, called by
    # requests.request_booking) books the cell or marks it absent: the portal's one write to a
    # staff table, limited to a new cell and to its booking and attendance (and who wrote it,
    # when). Never its lock.
    "planning_cell": TableGrant(
        insert=True, update=("booking", "attendance", "version", "updated_at", "updated_by")
    ),
    # Messages: written by the family, read (read_at), deleted and restored on its side only.
    "message": TableGrant(insert=True, update=("read_at", "deleted_by_family_at")),
    # Sign-in: failed attempts and lockout, last login, a new password, a reset link. Never the
    # login, the family or the mairie's lock (`disabled`); accounts are created by staff.
    "portal_account": TableGrant(
        update=(
            "password_hash",
            "must_change_password",
            "failed_attempts",
            "locked_until",
            "last_login_at",
            "reset_token_hash",
            "reset_token_expires_at",
            "version",
            "updated_at",
        )
    ),
    "portal_session": TableGrant(insert=True, update=("last_seen_at",), delete=True),
    "login_attempt": TableGrant(
        insert=True, update=("attempts", "locked_until", "expires_at"), delete=True
    ),
    # Every flush of the portal writes its change-log rows (core/changefeed.py). The ORM's
    # INSERT ... RETURNING id reads the new ids back; the log itself (what everyone did) is
    # not the portal's to read.
    "change_log": TableGrant(select=("id",), insert=True),
}

NOT_FOR_PORTAL: dict[str, str] = {
    "health_access": "who opened a child's health data: written by staff, read by administrators",
    "staff_user": "staff accounts and their password hashes",
    "number_sequence": "invoice and family numbers are given by staff",
    "billing_run": "the mairie's monthly runs",
    "billed_day": "the days each line bills: written by the run, read by staff",
    "invoice_delivery": "which invoices were e-mailed: staff's sending report",
    "tariff": "prices are the mairie's (the portal shows amounts already invoiced)",
    "tariff_bracket": "prices are the mairie's",
}

# Outside the models: the portal may read the schema version (to tell an old schema).
EXTRA_READS = ("alembic_version",)

PASSWORD_ENV_VAR = "PORTAIL_WEB_ROLE_PASSWORD"  # noqa: S105 (the variable's name)
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
SQLITE_REFUSAL = (
    "Les rôles de base de données n'existent que sur PostgreSQL : sur une base SQLite (un seul "
    "poste), le portail utilise le fichier de la base tel quel. Indiquez une base PostgreSQL "
    "avec --database ou PORTAIL_DATABASE_URL."
)


@dataclass(frozen=True)
class WebRoleResult:
    name: str
    created: bool
    password_set: bool


def require_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise RoleError(SQLITE_REFUSAL)


def check_role_name(name: str) -> str:
    """A role name we accept: lower-case ASCII letters, digits and _, at most 63, not pg_*."""
    if not ROLE_NAME.fullmatch(name or "") or name.startswith("pg_") or name == "public":
        raise RoleError(
            f"Nom de rôle invalide : «\u00a0{name}\u00a0». Utilisez des lettres minuscules "
            "sans accent, des chiffres et _ (63 caractères au plus, sans commencer par un "
            "chiffre ni par pg_), par exemple portail_web."
        )
    return name


def apply_web_role(engine: Engine, name: str, password: str | None = None) -> WebRoleResult:
    """Create or update the portal's role on this PostgreSQL database and (re)apply its grants,
    in one transaction run as the database's owner. `password`: the role's new password; None
    keeps the one it has (a new role then has none)."""
    require_postgresql(engine)
    check_role_name(name)
    with engine.begin() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        _check_tables(conn, schema)
        created = _create_or_update_role(conn, name)
        if password is not None:
            _set_password(conn, name, password)
        _grant(conn, name, schema)
    return WebRoleResult(name, created, password is not None)


def _run(conn: Connection, statement: sql.Composable) -> None:
    """A statement composed with psycopg.sql, on the transaction's own connection."""
    with conn.connection.driver_connection.cursor() as cursor:
        cursor.execute(statement)


def _check_tables(conn: Connection, schema: str) -> None:
    missing = set(PORTAL_GRANTS) - set(inspect(conn).get_table_names(schema=schema))
    if missing:
        raise RoleError(
            "La base n'est pas à jour (tables absentes : "
            f"{', '.join(sorted(missing))}). Lancez d'abord «\u00a0portail-admin db upgrade\u00a0»."
        )


def _create_or_update_role(conn: Connection, name: str) -> bool:
    row = conn.exec_driver_sql(
        "SELECT rolsuper OR rolbypassrls OR rolreplication, rolname = current_user "
        "FROM pg_roles WHERE rolname = %(name)s",
        {"name": name},
    ).first()
    owns = conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = %(name)s)", {"name": name}
    ).scalar_one()
    if row is not None and (row[0] or row[1] or owns):
        raise RoleError(
            f"Le rôle «\u00a0{name}\u00a0» est un rôle d'administration (propriétaire des tables, "
            "superutilisateur ou rôle de cette connexion) : le portail doit avoir son propre "
            "rôle. Choisissez un autre nom, par exemple portail_web."
        )
    role = sql.Identifier(name)
    if row is None:
        _run(conn, sql.SQL("CREATE ROLE {} LOGIN NOINHERIT").format(role))
        return True
    _run(conn, sql.SQL("ALTER ROLE {} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE").format(role))
    return False


def _set_password(conn: Connection, name: str, password: str) -> None:
    if not password:
        raise RoleError("Le mot de passe du rôle ne peut pas être vide.")
    driver = conn.connection.driver_connection
    # The server's own algorithm (scram-sha-256), salted here: only the verifier travels.
    verifier = driver.pgconn.encrypt_password(password.encode(), name.encode(), None).decode()
    _run(
        conn,
        sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier)),
    )


def _sequences_of(conn: Connection, schema: str, table: str) -> list[str]:
    """The sequences owned by a table's columns (its serial id), which an INSERT uses."""
    rows = conn.exec_driver_sql(
        "SELECT s.relname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE s.relkind = 'S' AND t.relname = %(table)s AND n.nspname = %(schema)s",
        {"table": table, "schema": schema},
    )
    return [r[0] for r in rows]


def _columns(names: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


def _grant(conn: Connection, name: str, schema_name: str) -> None:
    role, schema = sql.Identifier(name), sql.Identifier(schema_name)
    database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    # Start from nothing: whatever an earlier list (or a hand) granted goes, columns included.
    for statement in (
        "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        "REVOKE ALL ON SCHEMA {schema} FROM {role}",
        "GRANT USAGE ON SCHEMA {schema} TO {role}",
    ):
        _run(conn, sql.SQL(statement).format(schema=schema, role=role))
    _run(
        conn,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), role),
    )
    for table_name, grant in PORTAL_GRANTS.items():
        table = sql.Identifier(schema_name, table_name)
        privileges: list[sql.Composable] = []
        if grant.select is True:
            privileges.append(sql.SQL("SELECT"))
        elif grant.select:
            privileges.append(sql.SQL("SELECT ({})").format(_columns(grant.select)))
        if grant.insert:
            privileges.append(sql.SQL("INSERT"))
        if grant.delete:
            privileges.append(sql.SQL("DELETE"))
        if grant.update:
            privileges.append(sql.SQL("UPDATE ({})").format(_columns(grant.update)))
        _run(
            conn,
            sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                sql.SQL(", ").join(privileges), table, role
            ),
        )
        if grant.insert:
            for sequence in _sequences_of(conn, schema_name, table_name):
                _run(
                    conn,
                    sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                        sql.Identifier(schema_name, sequence), role
                    ),
                )
    present = set(inspect(conn).get_table_names(schema=schema_name))
    for table_name in EXTRA_READS:
        if table_name in present:
            _run(
                conn,
                sql.SQL("GRANT SELECT ON TABLE {} TO {}").format(
                    sql.Identifier(schema_name, table_name), role
                ),
            )
