"""Who is logged in, and how often a client address may try to log in.

A logged-in browser's cookie carries a random session token (nothing derived from the
password); the database keeps only its hash (core.services.portal_auth), so a session ends
server-side when the family logs out, changes its password or is locked by the mairie, and
after IDLE_TIMEOUT_SECONDS without a request or SESSION_LIFETIME_SECONDS in all (the project's
clock). The login throttle is counted in the database too: it holds across restarts and across
several portal processes on one database.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from flask import current_app, session
from flask_login import UserMixin

from ..core import clock, db
from ..core.services import portal_auth

log = logging.getLogger(__name__)
PRUNE_EVERY_SECONDS = 60.0  # housekeeping of expired counters and sessions, per process


class PortalUser(UserMixin):
    """The logged-in family account, with the token of this browser's session."""

    def __init__(self, account: Any, token: str):  # a PortalAccount, or a SessionInfo
        self.account_id = getattr(account, "account_id", None) or account.id
        self.family_id = account.family_id
        self.login = account.login
        self.must_change_password = account.must_change_password
        self.token = token

    def get_id(self) -> str:
        return self.token


def _config_seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=current_app.config[name])


def load_user(token: str) -> PortalUser | None:
    """The user of the session whose token the cookie carries, if that session still holds."""
    from .helpers import db_session

    found = portal_auth.find_session(db_session().connection(), token)
    if found is None or found.disabled:
        _forget_login()
        return None
    now = clock.now()
    idle = _config_seconds("IDLE_TIMEOUT_SECONDS")
    if found.expired(now, idle, _config_seconds("SESSION_LIFETIME_SECONDS")):
        with current_app.extensions["portail_engine"].begin() as conn:
            portal_auth.end_session(conn, token)
        _forget_login()
        session["expired"] = True
        return None
    # Seen again: written now and then (at most once a minute), not on every request.
    if now - found.last_seen_at >= min(dt.timedelta(minutes=1), idle / 4):
        with current_app.extensions["portail_engine"].begin() as conn:
            portal_auth.touch_session(conn, found.session_id, now)
    return PortalUser(found, token)


def _forget_login() -> None:
    """A refused session's cookie is emptied (its login and its CSRF token)."""
    session.clear()


class Throttle:
    """At most `limit` attempts per key within `window` seconds, counted in the database."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = dt.timedelta(seconds=window)
        self._next_prune = 0.0
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an attempt; False when the key has used up its attempts."""
        factory = current_app.extensions["portail_sessions"]
        self._prune(factory)
        with db.transaction(factory) as s:
            return portal_auth.allow_attempt(s, key, self.limit, self.window)

    def _prune(self, factory: Any) -> None:
        with self._lock:
            if time.monotonic() < self._next_prune:
                return
            self._next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
        try:
            with db.transaction(factory) as s:
                portal_auth.forget_expired_attempts(s)
            with db.transaction(factory) as s:
                portal_auth.forget_expired_sessions(
                    s,
                    clock.now(),
                    _config_seconds("IDLE_TIMEOUT_SECONDS"),
                    _config_seconds("SESSION_LIFETIME_SECONDS"),
                )
        except Exception:  # housekeeping only: never in the way of a login
            log.warning("Nettoyage des sessions et compteurs expirés impossible", exc_info=True)
