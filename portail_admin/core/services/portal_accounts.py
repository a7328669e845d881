"""Portal accounts, staff side: give a family its access to the portal, reset its password,
lock and unlock it, and see when it was last used.

A temporary password is generated (passwords.temporary_password), returned ONCE to the caller
in `IssuedCredentials` to be shown and printed (reports.credential_letter), and stored only as
an Argon2 hash; the family must change it at its first login. The parents' login itself is
services/portal_auth.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import passwords
from ..errors import NotFoundError, ValidationError
from ..models import Family, PortalAccount
from .portal_auth import end_all_sessions
from .records import ensure_version, get_or_404

_LOGIN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{2,49}")


@dataclass(frozen=True)
class IssuedCredentials:
    """What the family receives, once: show it, print the letter, then forget it."""

    account_id: int
    family_id: int
    login: str
    password: str = ""  # the clear temporary password; never stored

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"IssuedCredentials(account_id={self.account_id}, login={self.login!r})"


@dataclass(frozen=True)
class AccountStatus:
    """The portal access of a family, as the family screen shows it."""

    exists: bool
    account_id: int | None = None
    login: str = ""
    disabled: bool = False  # locked by staff
    locked_until: dt.datetime | None = None  # after too many wrong passwords
    must_change_password: bool = False
    last_login_at: dt.datetime | None = None
    version: int | None = None

    @property
    def state_label(self) -> str:
        if not self.exists:
            return "Pas d'accès au portail"
        if self.disabled:
            return "Accès bloqué par la mairie"
        if self.must_change_password:
            return "Mot de passe provisoire (pas encore changé)"
        return "Actif"


def account_of(session: Session, family_id: int) -> PortalAccount | None:
    return session.scalar(select(PortalAccount).where(PortalAccount.family_id == family_id))


def account_status(session: Session, family_id: int) -> AccountStatus:
    account = account_of(session, family_id)
    if account is None:
        return AccountStatus(exists=False)
    return AccountStatus(
        exists=True,
        account_id=account.id,
        login=account.login,
        disabled=account.disabled,
        locked_until=account.locked_until,
        must_change_password=account.must_change_password,
        last_login_at=account.last_login_at,
        version=account.version,
    )


def _clean_login(session: Session, login: str, exclude_id: int | None = None) -> str:
    value = (login or "").strip()
    if not _LOGIN_RE.fullmatch(value):
        raise ValidationError(
            {
                "login": "L'identifiant comporte de 3 à 50 caractères : lettres sans accent, "
                "chiffres, point, tiret, souligné ou @."
            }
        )
    query = select(PortalAccount.id).where(PortalAccount.login == value)
    if exclude_id is not None:
        query = query.where(PortalAccount.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError({"login": "Cet identifiant est déjà attribué à une autre famille."})
    return value


def _reset_state(account: PortalAccount, password: str) -> None:
    account.password_hash = passwords.hash_password(password)
    account.must_change_password = True
    account.failed_attempts = 0
    account.locked_until = None
    account.reset_token_hash = None
    account.reset_token_expires_at = None


def create_account(session: Session, family_id: int, login: str | None = None) -> IssuedCredentials:
    """Open the portal for a family. The login is the family number unless one is given."""
    family = get_or_404(session, Family, family_id, "famille")
    if account_of(session, family.id) is not None:
        raise ValidationError(
            {"": "Cette famille a déjà un accès au portail : réinitialisez son mot de passe."}
        )
    clean_login = _clean_login(session, login if login is not None else family.family_number)
    password = passwords.temporary_password()
    account = PortalAccount(family_id=family.id, login=clean_login, disabled=False)
    _reset_state(account, password)
    session.add(account)
    session.flush()
    return IssuedCredentials(account.id, family.id, account.login, password)


def _account(session: Session, family_id: int) -> PortalAccount:
    account = account_of(session, family_id)
    if account is None:
        raise NotFoundError("Cette famille n'a pas encore d'accès au portail.")
    return account


def reset_password(
    session: Session, family_id: int, expected_version: int | None = None
) -> IssuedCredentials:
    """A new temporary password (the old one stops working); also lifts a lockout."""
    account = _account(session, family_id)
    ensure_version(session, account, expected_version)
    password = passwords.temporary_password()
    _reset_state(account, password)
    session.flush()
    end_all_sessions(session, account.id)  # the old password's sessions end with it
    return IssuedCredentials(account.id, family_id, account.login, password)


def change_login(
    session: Session, family_id: int, login: str, expected_version: int | None = None
) -> PortalAccount:
    account = _account(session, family_id)
    ensure_version(session, account, expected_version)
    account.login = _clean_login(session, login, exclude_id=account.id)
    session.flush()
    return account


def lock(session: Session, family_id: int, expected_version: int | None = None) -> PortalAccount:
    """Block the family's access (it cannot log in until unlocked)."""
    account = _account(session, family_id)
    ensure_version(session, account, expected_version)
    account.disabled = True
    account.reset_token_hash = None
    account.reset_token_expires_at = None
    session.flush()
    end_all_sessions(session, account.id)  # logged-in browsers are logged out too
    return account


def unlock(session: Session, family_id: int, expected_version: int | None = None) -> PortalAccount:
    """Give the access back; also lifts a lockout after wrong passwords."""
    account = _account(session, family_id)
    ensure_version(session, account, expected_version)
    account.disabled = False
    account.failed_attempts = 0
    account.locked_until = None
    session.flush()
    return account


def last_login(session: Session, family_id: int) -> dt.datetime | None:
    account = account_of(session, family_id)
    return account.last_login_at if account is not None else None
