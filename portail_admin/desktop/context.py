"""What every area needs: the database, the background ops, who is working, the change feed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import sessionmaker

from ..core.db import PortailSession
from ..core.services.staff import Permission, StaffIdentity
from .ops import OpRunner
from .sync import ChangeWatcher

# Before anyone has logged in (the database is being prepared), changes are signed by the PC.
DEFAULT_ACTOR = "staff:poste"


@dataclass
class AppContext:
    factory: sessionmaker[PortailSession]
    ops: OpRunner
    watcher: ChangeWatcher
    database_label: str = ""
    staff: StaffIdentity | None = None

    @property
    def actor(self) -> str:
        """The change-log actor of every change made from this window."""
        return self.staff.actor if self.staff is not None else DEFAULT_ACTOR

    def log_in(self, identity: StaffIdentity) -> None:
        """From now on every op acts as `identity` (its actor and its role's permissions)."""
        self.staff = identity
        self.ops.set_staff(identity)

    def log_out(self) -> None:
        """Nobody works from this window any more (until the next log_in)."""
        self.staff = None
        self.ops.clear_staff(DEFAULT_ACTOR)

    def can(self, permission: Permission) -> bool:
        return self.staff is not None and self.staff.can(permission)
