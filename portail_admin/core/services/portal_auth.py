"""Parents' portal accounts: log in (with lockout), change the password, reset links.

After MAX_FAILURES wrong passwords in a row an account is locked for LOCK_MINUTES; unknown
logins are counted and locked the same way (in the database, so across restarts and processes),
and so is the number of attempts per client address. A reset link carries a random token of
which only a SHA-256 hash is stored; it works once, for one hour. A logged-in browser holds a
random session token, of which only a SHA-256 hash is stored (portal_session): logging out
deletes it, a new password ends every session of the account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .. import passwords
from ..errors import PortailError, ValidationError
from ..models import (
    Family,
    Guardian,
    LoginAttempt,
    PortalAccount,
    PortalLoginSession,
    utcnow,
)
from ..models.enums import GuardianRole

MAX_FAILURES = 5
LOCK_MINUTES = 15
RESET_VALID = dt.timedelta(hours=1)
BAD_CREDENTIALS = "Identifiant ou mot de passe incorrect."
LOCKED = (
    "Trop d'essais infructueux : ce compte est bloqué pendant 15 minutes. "
    "Réessayez plus tard ou contactez la mairie."
)
DISABLED = "Ce compte est désactivé. Veuillez contacter la mairie."
# Checked against when the login is unknown, so an answer takes as long either way.
_DUMMY_HASH = passwords.hash_password("Portail-Famille-0")


class AuthError(PortailError):
    """A refused login; the message never says whether the login exists."""


def _find(session: Session, login: str) -> PortalAccount | None:
    login = (login or "").strip()
    if not login or len(login) > 50 or "\x00" in login:  # PostgreSQL text refuses NUL
        return None
    return session.scalar(select(PortalAccount).where(PortalAccount.login == login))


def _is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and locked_until > now


def _count_failure(
    attempts: int, locked_until: dt.datetime | None, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """The counter after one more wrong password (the same rule for real and unknown logins):
    a lock that ran out starts the count again; the MAX_FAILURES-th failure in a row locks."""
    if locked_until is not None and locked_until <= now:
        attempts, locked_until = 0, None
    attempts += 1
    if attempts >= MAX_FAILURES:
        locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    return attempts, locked_until


def _lock_account(session: Session, account: PortalAccount) -> None:
    """Re-read the account under a write lock held until commit.

    Several attempts on one account at the same moment (a double click, both parents, a
    guesser) then wait for each other, each counting from the other's result, instead of one
    overwriting the other's count or failing on its version. The no-op UPDATE takes the row's
    lock on PostgreSQL and the database's write lock on SQLite."""
    session.execute(
        update(PortalAccount)
        .where(PortalAccount.id == account.id)
        .values(version=PortalAccount.version)
        .execution_options(synchronize_session=False)
    )
    session.refresh(account)


def authenticate(
    session: Session, login: str, password: str, now: dt.datetime | None = None
) -> PortalAccount:
    """The account for these credentials, or AuthError (counts failures, locks, unlocks).

    An unknown login is answered exactly like a real one: its wrong passwords are counted (in
    the database) and lock it the same way, whatever the password, so no answer tells a
    guesser whether a login exists."""
    now = now or utcnow()
    password = password or ""
    too_long = len(password) > passwords.MAX_PASSWORD_LENGTH
    account = _find(session, login)
    if account is None:
        passwords.verify_password(_DUMMY_HASH, password[: passwords.MAX_PASSWORD_LENGTH])
        raise AuthError(LOCKED if _unknown_login_failed(session, login, now) else BAD_CREDENTIALS)
    if _is_locked(account.locked_until, now):
        passwords.verify_password(_DUMMY_HASH, "")  # as long as any other answer
        raise AuthError(LOCKED)
    if too_long:  # never a valid password: as long to refuse as a wrong one, and counted
        passwords.verify_password(_DUMMY_HASH, password[: passwords.MAX_PASSWORD_LENGTH])
        right = False
    else:
        right = passwords.verify_password(account.password_hash, password)
    _lock_account(session, account)  # after the (slow) hash check, so no lock is held during it
    if _is_locked(account.locked_until, now):  # locked meanwhile by concurrent failures
        raise AuthError(LOCKED)
    if not right:
        account.failed_attempts, account.locked_until = _count_failure(
            account.failed_attempts, account.locked_until, now
        )
        session.flush()
        raise AuthError(LOCKED if _is_locked(account.locked_until, now) else BAD_CREDENTIALS)
    if account.disabled:
        raise AuthError(DISABLED)
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    session.flush()
    return account


# --- counters kept in the database: unknown logins, attempts per client address -------------

UNKNOWN_LOGIN = "unknown-login"
ADDRESS = "address"
# An unknown login's count is forgotten this long after its last wrong password.
UNKNOWN_LOGIN_MEMORY = dt.timedelta(days=30)


def _key_hash(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}\x00{key}".encode("utf-8", "surrogatepass")).hexdigest()


def _counter(session: Session, kind: str, key: str, expires_at: dt.datetime) -> Any:
    """The counter's row (made if missing), under a write lock held until commit, so that
    concurrent attempts count one after the other. The INSERT takes the database's write lock
    on SQLite; FOR UPDATE the row's on PostgreSQL."""
    digest = _key_hash(kind, key)
    table = LoginAttempt.__table__
    dialect = session.get_bind().dialect.name
    insert_ = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert_(table)
        .values(kind=kind, key_hash=digest, attempts=0, locked_until=None, expires_at=expires_at)
        .on_conflict_do_nothing()
    )
    return session.execute(
        select(table.c.attempts, table.c.locked_until, table.c.expires_at)
        .where(table.c.kind == kind, table.c.key_hash == digest)
        .with_for_update()
    ).one()


def _set_counter(
    session: Session,
    kind: str,
    key: str,
    attempts: int,
    locked_until: dt.datetime | None,
    expires_at: dt.datetime,
) -> None:
    table = LoginAttempt.__table__
    session.execute(
        update(table)
        .where(table.c.kind == kind, table.c.key_hash == _key_hash(kind, key))
        .values(attempts=attempts, locked_until=locked_until, expires_at=expires_at)
    )


def _unknown_login_failed(session: Session, login: str, now: dt.datetime) -> bool:
    """Count a wrong password for a login that does not exist; True while it is 'locked'."""
    key = (login or "").strip()[:50]
    row = _counter(session, UNKNOWN_LOGIN, key, now + UNKNOWN_LOGIN_MEMORY)
    if _is_locked(row.locked_until, now):
        return True
    attempts, locked_until = _count_failure(row.attempts, row.locked_until, now)
    _set_counter(session, UNKNOWN_LOGIN, key, attempts, locked_until, now + UNKNOWN_LOGIN_MEMORY)
    return _is_locked(locked_until, now)


def allow_attempt(
    session: Session, key: str, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> bool:
    """Record an attempt of `key` (a form and a client address); False when the key has used
    up its `limit` attempts in the current window (refused attempts are not counted)."""
    now = now or utcnow()
    row = _counter(session, ADDRESS, key, now + window)
    attempts, expires_at = (
        (row.attempts, row.expires_at) if row.expires_at > now else (0, now + window)
    )
    if attempts >= limit:
        return False
    _set_counter(session, ADDRESS, key, attempts + 1, None, expires_at)
    return True


def forget_expired_attempts(session: Session, now: dt.datetime | None = None) -> None:
    """Housekeeping: delete the counters that can no longer matter."""
    table = LoginAttempt.__table__
    session.execute(delete(table).where(table.c.expires_at <= (now or utcnow())))


def forget_expired_sessions(
    session: Session, now: dt.datetime, idle: dt.timedelta, lifetime: dt.timedelta
) -> None:
    """Housekeeping: delete the sessions that ran out (idle too long, or too old)."""
    table = PortalLoginSession.__table__
    session.execute(
        delete(table).where(
            (table.c.last_seen_at < now - idle) | (table.c.created_at < now - lifetime)
        )
    )


# --- portal sessions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInfo:
    """A portal session found from its cookie's token, with its account."""

    session_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    account_id: int
    family_id: int
    login: str
    must_change_password: bool
    disabled: bool

    def expired(self, now: dt.datetime, idle: dt.timedelta, lifetime: dt.timedelta) -> bool:
        return now - self.last_seen_at > idle or now - self.created_at > lifetime


# Built once: the statement runs on every request of a logged-in family.
_SESSION = (
    select(
        PortalLoginSession.id,
        PortalLoginSession.created_at,
        PortalLoginSession.last_seen_at,
        PortalAccount.id,
        PortalAccount.family_id,
        PortalAccount.login,
        PortalAccount.must_change_password,
        PortalAccount.disabled,
    )
    .join(PortalAccount, PortalAccount.id == PortalLoginSession.account_id)
    .where(PortalLoginSession.token_hash == bindparam("token_hash"))
)


def open_session(session: Session | Connection, account_id: int, now: dt.datetime) -> str:
    """A new session of the account: the token for its cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.execute(
        insert(PortalLoginSession.__table__).values(
            account_id=account_id, token_hash=_token_hash(token), created_at=now, last_seen_at=now
        )
    )
    return token


def find_session(session: Session | Connection, token: str) -> SessionInfo | None:
    """The session a cookie's token belongs to (expired or not), or None."""
    if not token or len(token) > 100:
        return None
    row = session.execute(_SESSION, {"token_hash": _token_hash(token)}).first()
    return SessionInfo(*row) if row is not None else None


def touch_session(session: Session | Connection, session_id: int, now: dt.datetime) -> None:
    table = PortalLoginSession.__table__
    session.execute(update(table).where(table.c.id == session_id).values(last_seen_at=now))


def end_session(session: Session | Connection, token: str) -> None:
    """Log out: the token stops working at once, wherever its cookie was copied."""
    table = PortalLoginSession.__table__
    session.execute(delete(table).where(table.c.token_hash == _token_hash(token or "")))


def end_all_sessions(session: Session | Connection, account_id: int) -> None:
    """Every session of the account ends (a new password, a reset, a lock by the mairie)."""
    table = PortalLoginSession.__table__
    session.execute(delete(table).where(table.c.account_id == account_id))


def create_account(
    session: Session, family_id: int, login: str, password: str, must_change: bool = True
) -> PortalAccount:
    """A portal account for a family (the password is hashed here and never kept)."""
    account = PortalAccount(
        family_id=family_id,
        login=login,
        password_hash=passwords.hash_password(password),
        must_change_password=must_change,
        failed_attempts=0,
        disabled=False,
    )
    session.add(account)
    session.flush()
    return account


def change_password(
    session: Session,
    account: PortalAccount,
    new_password: str,
    confirm: str,
    current_password: str | None = None,
) -> PortalAccount:
    """Set a new password following the rule, different from the old one.

    `current_password` is checked when given (a voluntary change); a reset link or a forced
    first change has already proved who is asking.
    """
    errors: dict[str, str] = {}
    new_password = new_password or ""
    if current_password is not None and not passwords.verify_password(
        account.password_hash, current_password[: passwords.MAX_PASSWORD_LENGTH]
    ):
        errors["current_password"] = "Mot de passe actuel incorrect."  # noqa: S105
    problems = passwords.password_problems(new_password)
    if problems:
        errors["new_password"] = "Le mot de passe doit comporter : " + ", ".join(problems) + "."
    elif passwords.verify_password(account.password_hash, new_password):
        errors["new_password"] = "Le nouveau mot de passe doit être différent de l'ancien."  # noqa: S105
    if not errors.get("new_password") and new_password != (confirm or ""):
        errors["confirm"] = "Les deux saisies du nouveau mot de passe diffèrent."
    if errors:
        raise ValidationError(errors)
    account.password_hash = passwords.hash_password(new_password)
    account.must_change_password = False
    account.failed_attempts = 0
    account.locked_until = None
    account.reset_token_hash = None
    account.reset_token_expires_at = None
    session.flush()
    end_all_sessions(session, account.id)
    return account


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class ResetTicket:
    account: PortalAccount
    token: str
    email: str


def reset_email(session: Session, account: PortalAccount) -> str:
    """Where a reset link goes: the responsable's e-mail, else the conjoint's."""
    guardians = session.scalars(
        select(Guardian).where(Guardian.family_id == account.family_id)
    ).all()
    by_role = {g.role: g.email for g in guardians}
    return by_role.get(GuardianRole.PRIMARY) or by_role.get(GuardianRole.PARTNER) or ""


def start_reset(
    session: Session, identifier: str, now: dt.datetime | None = None
) -> ResetTicket | None:
    """A reset token for the account with this login (or family e-mail), or None.

    The caller tells the user the same thing either way.
    """
    now = now or utcnow()
    identifier = (identifier or "").strip()
    if not identifier or len(identifier) > 255 or "\x00" in identifier:
        return None
    account = _find(session, identifier)
    if account is None and "@" in identifier:
        account = session.scalar(
            select(PortalAccount)
            .join(Family, Family.id == PortalAccount.family_id)
            .join(Guardian, Guardian.family_id == Family.id)
            .where(func.lower(Guardian.email) == identifier.lower())
            .limit(1)
        )
    if account is None or account.disabled:
        return None
    email = reset_email(session, account)
    if not email:
        return None
    token = secrets.token_urlsafe(32)
    account.reset_token_hash = _token_hash(token)
    account.reset_token_expires_at = now + RESET_VALID
    session.flush()
    return ResetTicket(account, token, email)


def account_for_token(
    session: Session, token: str, now: dt.datetime | None = None
) -> PortalAccount | None:
    """The account a reset link belongs to, if the link is still valid."""
    now = now or utcnow()
    if not token or len(token) > 100:
        return None
    digest = _token_hash(token)
    account = session.scalar(select(PortalAccount).where(PortalAccount.reset_token_hash == digest))
    if account is None or account.reset_token_expires_at is None:
        return None
    if not hmac.compare_digest(account.reset_token_hash or "", digest):
        return None
    if account.reset_token_expires_at <= now or account.disabled:
        return None
    return account


def finish_reset(
    session: Session, token: str, new_password: str, confirm: str, now: dt.datetime | None = None
) -> PortalAccount:
    """Set the password through a reset link; the link then stops working."""
    account = account_for_token(session, token, now)
    if account is None:
        raise ValidationError({"": "Ce lien n'est plus valable. Demandez-en un nouveau."})
    return change_password(session, account, new_password, confirm)
