"""Parent portal accounts and staff users. Passwords are Argon2 hashes only."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, UTCDateTime, Versioned, intpk
from .enums import StaffRole, db_enum

if TYPE_CHECKING:
    from .family import Family


class PortalAccount(Versioned, Timestamped, Base):
    __tablename__ = "portal_account"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), unique=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), info={"sensitive": True})
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)  # locked by staff
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Single-use reset link: only a hash of the token is kept.
    reset_token_hash: Mapped[str | None] = mapped_column(String(128), info={"sensitive": True})
    reset_token_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    family: Mapped[Family] = relationship()


class StaffUser(Versioned, Timestamped, Base):
    __tablename__ = "staff_user"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[StaffRole] = mapped_column(db_enum(StaffRole, "staff_role"))
    password_hash: Mapped[str] = mapped_column(String(255), info={"sensitive": True})
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class PortalLoginSession(Base):
    """A logged-in browser of the portal. Its cookie carries a random token; only the token's
    SHA-256 is kept here. Logging out deletes the row; a new password, a reset or a lock by the
    mairie deletes every row of the account."""

    __tablename__ = "portal_session"

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("portal_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info={"sensitive": True})
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class LoginAttempt(Base):
    """A counter kept in the database, so that it holds across restarts and processes: the
    login attempts of a client address (per kind of form), or the wrong passwords given for a
    login that does not exist (locked like a real account's). The key is stored hashed."""

    __tablename__ = "login_attempt"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # When the row may be forgotten (the end of a throttle window, or long after the last try).
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
