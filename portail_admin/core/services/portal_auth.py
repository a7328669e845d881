"""Parents' portal accounts: log in (with lockout), change the password, reset links.

After MAX_FAILURES wrong passwords in a row an account is locked for LOCK_MINUTES. A reset
link carries a random token of which only a SHA-256 hash is stored; it works once, for one hour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import passwords
from ..errors import PortailError, ValidationError
from ..models import Family, Guardian, PortalAccount, utcnow
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


class _UnknownLogins:
    """Failures on logins that do not exist, counted like real accounts' (in this process).

    Without it, "compte bloqué" after five tries would tell a guesser that the login exists.
    Bounded: the oldest entries go first.
    """

    LIMIT = 10_000

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, dt.datetime | None]] = {}

    def fail(self, login: str, now: dt.datetime) -> bool:
        """Count one failure; True while this login is 'locked'."""
        count, locked_until = self._failures.pop(login, (0, None))
        if locked_until is not None and locked_until > now:
            self._failures[login] = (count, locked_until)
            return True
        if locked_until is not None:  # ran out: count again
            count = 0
        count += 1
        until = now + dt.timedelta(minutes=LOCK_MINUTES) if count >= MAX_FAILURES else None
        self._failures[login] = (count, until)
        while len(self._failures) > self.LIMIT:
            self._failures.pop(next(iter(self._failures)))
        return until is not None


_unknown_logins = _UnknownLogins()


def _find(session: Session, login: str) -> PortalAccount | None:
    login = (login or "").strip()
    if not login or len(login) > 50 or "\x00" in login:  # PostgreSQL text refuses NUL
        return None
    return session.scalar(select(PortalAccount).where(PortalAccount.login == login))


def authenticate(
    session: Session, login: str, password: str, now: dt.datetime | None = None
) -> PortalAccount:
    """The account for these credentials, or AuthError (counts failures, locks, unlocks)."""
    now = now or utcnow()
    account = _find(session, login)
    password = password or ""
    if account is None or len(password) > passwords.MAX_PASSWORD_LENGTH:
        passwords.verify_password(_DUMMY_HASH, password[: passwords.MAX_PASSWORD_LENGTH])
        if account is None:
            key = (login or "").strip()[:50]
            raise AuthError(LOCKED if _unknown_logins.fail(key, now) else BAD_CREDENTIALS)
        raise AuthError(BAD_CREDENTIALS)
    if account.locked_until is not None and account.locked_until > now:
        passwords.verify_password(_DUMMY_HASH, "")  # as long as any other answer
        raise AuthError(LOCKED)
    if not passwords.verify_password(account.password_hash, password):
        if account.locked_until is not None:  # a lock that ran out: start counting again
            account.locked_until = None
            account.failed_attempts = 0
        account.failed_attempts += 1
        if account.failed_attempts >= MAX_FAILURES:
            account.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            session.flush()
            raise AuthError(LOCKED)
        session.flush()
        raise AuthError(BAD_CREDENTIALS)
    if account.disabled:
        raise AuthError(DISABLED)
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    session.flush()
    return account


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
