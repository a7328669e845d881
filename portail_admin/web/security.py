"""Who is logged in, and how often a client address may try to log in."""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from typing import Any

from flask_login import UserMixin
from sqlalchemy import bindparam, select

from ..core.models import PortalAccount


class PortalUser(UserMixin):
    """The logged-in family account. Its id embeds a fingerprint of the password hash, so
    changing the password ends every other session of the account."""

    def __init__(self, account: Any):  # a PortalAccount, or a row of its columns
        self.account_id = account.id
        self.family_id = account.family_id
        self.login = account.login
        self.must_change_password = account.must_change_password
        self.fingerprint = fingerprint(account)

    def get_id(self) -> str:
        return f"{self.account_id}:{self.fingerprint}"


def fingerprint(account: Any) -> str:
    return account.password_hash[-16:]


# Built once: the statement runs on every request.
_ACCOUNT = select(
    PortalAccount.id,
    PortalAccount.family_id,
    PortalAccount.login,
    PortalAccount.must_change_password,
    PortalAccount.password_hash,
    PortalAccount.disabled,
).where(PortalAccount.id == bindparam("account_id"))


def load_user(user_id: str) -> PortalUser | None:
    from .helpers import db_session

    account_part, _, print_part = (user_id or "").partition(":")
    if not account_part.isdigit():
        return None
    account = db_session().connection().execute(_ACCOUNT, {"account_id": int(account_part)}).first()
    if account is None or account.disabled:
        return None
    if not hmac.compare_digest(fingerprint(account), print_part):
        return None
    return PortalUser(account)


class Throttle:
    """At most `limit` attempts per key within `window` seconds (in memory, per process)."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an attempt; False when the key has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10000:  # forget idle addresses
                for other in [k for k, v in self._hits.items() if not v]:
                    del self._hits[other]
            return True
