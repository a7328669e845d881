"""What every area needs: the database, the background ops, who is working, what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import sessionmaker

from ..core.db import PortailSession
from ..core.services.staff import Permission, StaffIdentity
from .changes import ChangeHub
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
    # What changed, from this window's ops and from elsewhere: the one signal pages follow.
    changes: ChangeHub = field(init=False)

    def __post_init__(self) -> None:
        self.changes = ChangeHub(self.ops, self.watcher, parent=self.ops)

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
