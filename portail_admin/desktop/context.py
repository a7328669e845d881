"""What every area needs: the database, the background ops, who is working, the change feed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import sessionmaker

from ..core.db import PortailSession
from .ops import OpRunner
from .sync import ChangeWatcher

# Until staff log in (a later issue), every change is signed by the office PC.
DEFAULT_ACTOR = "staff:poste"


@dataclass
class AppContext:
    factory: sessionmaker[PortailSession]
    ops: OpRunner
    watcher: ChangeWatcher
    actor: str = DEFAULT_ACTOR
    database_label: str = ""
