"""Writes a change-log row for every inserted, updated or deleted record, in the same flush.

Because it hooks the session rather than each service, no service can forget it. Readers (the
desktop app) follow the log with `changes_since`.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, event, func, insert, inspect, select, text
from sqlalchemy.orm import Session

from .db import SYSTEM_ACTOR, PortailSession
from .models import ChangeLog
from .models.base import utcnow
from .models.enums import ChangeAction

CHANNEL = "portail_changes"
# High-volume or derived tables that would drown the feed without telling staff anything.
UNLOGGED_TABLES = frozenset({"change_log"})
HIDDEN = "***"


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} octets>"
    return value


def _column_changes(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key == "version":
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        column = attr.columns[0]
        if column.info.get("derived"):
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        if column.info.get("sensitive"):
            changes[attr.key] = HIDDEN
        else:
            changes[attr.key] = [_jsonable(old), _jsonable(new)]
    return changes


def _row_id(obj: Any) -> int:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return int(key[0]) if key and isinstance(key[0], int) else 0


def _deleted_in_flush(session: Session, flush_context: Any) -> list[Any]:
    """Every object this flush deletes: session.deleted holds only those given to
    session.delete(), not the orphans a flush removes (a partner taken off a family, an
    authorised person taken off a child) nor rows deleted by cascade."""
    deleted = list(session.deleted)
    seen = {id(obj) for obj in deleted}
    for state, (is_delete, list_only) in flush_context.states.items():
        obj = state.obj()
        if is_delete and not list_only and obj is not None and id(obj) not in seen:
            deleted.append(obj)
            seen.add(id(obj))
    return deleted


@event.listens_for(PortailSession, "after_flush")
def _write_change_log(session: Session, flush_context: Any) -> None:
    actor = session.info.get("actor", SYSTEM_ACTOR)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for action, objects in (
        (ChangeAction.INSERT, list(session.new)),
        (ChangeAction.UPDATE, list(session.dirty)),
        (ChangeAction.DELETE, _deleted_in_flush(session, flush_context)),
    ):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in UNLOGGED_TABLES:
                continue
            if action is ChangeAction.UPDATE:
                if not session.is_modified(obj, include_collections=False):
                    continue
                changes = _column_changes(obj)
                if not changes:
                    continue
            else:
                changes = {}
            rows.append(
                {
                    "at": now,
                    "actor": actor,
                    "table_name": table,
                    "row_id": _row_id(obj),
                    "action": action,
                    "changes": changes,
                }
            )
    if rows:
        session.execute(insert(ChangeLog), rows)
        if session.get_bind().dialect.name == "postgresql":
            # Delivered at commit (never for a rolled-back change): wakes the listeners.
            session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


@dataclass(frozen=True)
class Change:
    id: int
    table_name: str
    row_id: int
    action: ChangeAction
    actor: str
    at: dt.datetime


def latest_change_id(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLog.id))) or 0


def changes_since(session: Session, last_id: int, limit: int = 1000) -> list[Change]:
    rows = session.execute(
        select(
            ChangeLog.id,
            ChangeLog.table_name,
            ChangeLog.row_id,
            ChangeLog.action,
            ChangeLog.actor,
            ChangeLog.at,
        )
        .where(ChangeLog.id > last_id)
        .order_by(ChangeLog.id)
        .limit(limit)
    )
    return [Change(*row) for row in rows]


def history_of(session: Session, table_name: str, row_id: int) -> list[ChangeLog]:
    """The history of one record, newest first, for staff to read."""
    return list(
        session.scalars(
            select(ChangeLog)
            .where(ChangeLog.table_name == table_name, ChangeLog.row_id == row_id)
            .order_by(ChangeLog.id.desc())
        )
    )


class ChangeWaiter:
    """Blocks until the database may have changed, or a timeout passes.

    PostgreSQL: LISTENs on a dedicated connection, so a change by a parent or a colleague wakes
    the desktop at once. SQLite (one PC): nothing to listen to, so it simply waits the timeout
    and the caller polls `latest_change_id`, which is a cheap indexed read.
    Used from one background thread; never from the UI thread.
    """

    def __init__(self, engine: Engine):
        self._connection = None
        if engine.dialect.name == "postgresql":
            self._connection = engine.raw_connection()
            driver = self._connection.driver_connection
            driver.rollback()
            driver.autocommit = True
            driver.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> bool:
        """True when a notification arrived; False on timeout (poll anyway)."""
        if self._connection is None:
            threading.Event().wait(timeout)
            return False
        driver = self._connection.driver_connection
        for _notification in driver.notifies(timeout=timeout, stop_after=1):
            return True
        return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()  # a LISTENing autocommit connection is not pooled back
            self._connection = None
