"""The change feed: a change-log row for every inserted, updated or deleted record, written in
the same flush, and a lossless way to read it.

Writing. Because it hooks the session rather than each service, no service can forget it. Each
row says what it concerns (family, child, service, days: `scope_of`), so that a view can tell
whether a change touches what it shows, deletions included, without SQL of its own. A bulk
statement (the demo's loader, a bulk planning edit, an invoice run) bypasses the session's unit
of work: it calls `record_bulk_change` once for its whole set of rows (one row for a service
and a date range, with the number of cells), so a 30,000-cell edit is one row to read.

Reading (`read_changes`, from a `FeedPosition`). On SQLite writers are serialised (one write
transaction at a time, ids taken inside it), so ids are committed in order and `id > last_id`
never skips a row. On PostgreSQL ids are taken at insert but transactions commit in any order:
a long transaction's rows become visible after those of a later, shorter one, below ids a
reader has already passed. Each row therefore records its transaction (`txid`), and a reader
re-reads every row of the transactions that were still running at its last read (txid at or
above the oldest running transaction, `pg_snapshot_xmin`), dropping the ids it has already
delivered. A row not yet visible belongs to a transaction that is running or not yet started,
so its txid is at or above that floor: it is read once it commits. Exactly once, nothing
skipped. A reader that is behind reads page after page until it is caught up.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, event, func, insert, inspect, literal_column, select, text
from sqlalchemy.orm import Session

from .db import SYSTEM_ACTOR, PortailSession
from .models import ChangeLog, Child, Invoice, PortalAccount, Tariff
from .models.base import utcnow
from .models.enums import ChangeAction

CHANNEL = "portail_changes"
# Tables that would drown the feed without telling staff anything: the log itself, the health
# data access trace, and the portal's session and login-throttle bookkeeping.
UNLOGGED_TABLES = frozenset({"change_log", "health_access", "portal_session", "login_attempt"})
HIDDEN = "***"
PAGE_SIZE = 1000
WRITTEN = "written_changes"  # session.info key: the changes of the current transaction
# The writing transaction's 64-bit id (epoch included, so it never wraps).
_PG_TXID = literal_column("pg_current_xact_id()::text::bigint")


# --- What a change concerns ---------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    family_id: int | None = None
    child_id: int | None = None
    service_id: int | None = None
    day_from: dt.date | None = None
    day_to: dt.date | None = None


# A table's own id is a scope ("family" row 12 concerns family 12).
_SELF_SCOPE = {"family": "family_id", "child": "child_id", "service": "service_id"}
# The days a row concerns: one day, or a period (an open end stays open: None).
_DAY_ATTRS = (
    ("day", "day"),
    ("start_date", "end_date"),
    ("period_start", "period_end"),
    ("valid_from", "valid_to"),
)
# Where a row without its own family/service finds them: through its parent row.
_PARENTS = {
    "child_id": Child,
    "invoice_id": Invoice,
    "tariff_id": Tariff,
    "account_id": PortalAccount,
}


def _own_scope(obj: Any) -> dict[str, Any]:
    table = obj.__tablename__
    scope: dict[str, Any] = {}
    for name in ("family_id", "child_id", "service_id"):
        value = getattr(obj, name, None)
        if isinstance(value, int):
            scope[name] = value
    if table in _SELF_SCOPE and isinstance(getattr(obj, "id", None), int):
        scope[_SELF_SCOPE[table]] = obj.id
    for first, last in _DAY_ATTRS:
        start = getattr(obj, first, None)
        if isinstance(start, dt.date):
            scope["day_from"] = start
            end = getattr(obj, last, None)
            scope["day_to"] = end if isinstance(end, dt.date) else None
            break
    return scope


def scope_of(session: Session, obj: Any, in_flush: dict[tuple[type, int], Any]) -> Scope:
    """What `obj` concerns. A row without its own family or service takes them from its parent
    (an authorised person from its child, an invoice line from its invoice): the parent is
    looked for among the rows of this flush first (a deleted child is no longer in the
    database), then in the session."""
    scope = _own_scope(obj)
    hops = 0
    current = obj
    while ("family_id" not in scope or "service_id" not in scope) and hops < 3:
        hops += 1
        parent = None
        for attr, model in _PARENTS.items():
            parent_id = getattr(current, attr, None)
            if isinstance(parent_id, int) and model is not type(current):
                parent = in_flush.get((model, parent_id)) or session.get(model, parent_id)
                break
        if parent is None:
            break
        for key, value in _own_scope(parent).items():
            if key in ("family_id", "service_id", "child_id"):
                scope.setdefault(key, value)
        current = parent
    return Scope(**scope)


# --- Writing ------------------------------------------------------------------------------


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


def _insert_rows(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert change rows, remember them as this transaction's changes, wake the listeners."""
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = insert(ChangeLog)
    if postgres:
        statement = statement.values(txid=_PG_TXID)
    ids = session.scalars(
        statement.returning(ChangeLog.id, sort_by_parameter_order=True), rows
    ).all()
    written = session.info.setdefault(WRITTEN, [])
    written.extend(Change.from_row(row_id, row) for row_id, row in zip(ids, rows, strict=True))
    if postgres:
        # Delivered at commit (never for a rolled-back change): wakes the listeners.
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


@event.listens_for(PortailSession, "after_flush")
def _write_change_log(session: Session, flush_context: Any) -> None:
    actor = session.info.get("actor", SYSTEM_ACTOR)
    now = utcnow()
    deleted = _deleted_in_flush(session, flush_context)
    in_flush = {
        (type(obj), obj.id): obj
        for obj in (*session.new, *session.dirty, *deleted)
        if isinstance(getattr(obj, "id", None), int)
    }
    rows: list[dict[str, Any]] = []
    for action, objects in (
        (ChangeAction.INSERT, list(session.new)),
        (ChangeAction.UPDATE, list(session.dirty)),
        (ChangeAction.DELETE, deleted),
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
            scope = scope_of(session, obj, in_flush)
            rows.append(
                {
                    "at": now,
                    "actor": actor,
                    "table_name": table,
                    "row_id": _row_id(obj),
                    "action": action,
                    "changes": changes,
                    "count": 1,
                    **scope.__dict__,
                }
            )
    if rows:
        _insert_rows(session, rows)


def record_bulk_change(
    session: Session,
    table_name: str,
    action: ChangeAction,
    *,
    count: int,
    family_id: int | None = None,
    child_id: int | None = None,
    service_id: int | None = None,
    day_from: dt.date | None = None,
    day_to: dt.date | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """One change row for a bulk statement that bypassed the session's unit of work (many
    rows inserted, updated or deleted at once): `count` rows of `table_name`, within the scope
    given (a service and a date range, say). Call it in the same transaction as the statement.
    """
    _insert_rows(
        session,
        [
            {
                "at": utcnow(),
                "actor": session.info.get("actor", SYSTEM_ACTOR),
                "table_name": table_name,
                "row_id": 0,
                "action": action,
                "changes": changes or {},
                "count": count,
                "family_id": family_id,
                "child_id": child_id,
                "service_id": service_id,
                "day_from": day_from,
                "day_to": day_to,
            }
        ],
    )


@event.listens_for(PortailSession, "after_begin")
def _forget_written(session: Session, _transaction: Any, _connection: Any) -> None:
    session.info.pop(WRITTEN, None)


@event.listens_for(PortailSession, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(WRITTEN, None)  # they never happened


def written_changes(session: Session) -> list[Change]:
    """The changes this session's current transaction has written so far (ids included): what
    an operation changed, for the page that started it to refresh from."""
    return list(session.info.get(WRITTEN, ()))


# --- Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    id: int
    table_name: str
    row_id: int
    action: ChangeAction
    actor: str
    at: dt.datetime
    family_id: int | None = None
    child_id: int | None = None
    service_id: int | None = None
    day_from: dt.date | None = None
    day_to: dt.date | None = None
    count: int = 1
    changes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_row(cls, change_id: int, row: dict[str, Any]) -> Change:
        return cls(id=change_id, **{k: row[k] for k in _FIELDS if k in row})

    @property
    def bulk(self) -> bool:
        """One row standing for many records (row_id 0)."""
        return self.row_id == 0

    def touches(
        self,
        *,
        tables: Iterable[str] | None = None,
        family_id: int | None = None,
        child_id: int | None = None,
        service_id: int | None = None,
        day: dt.date | None = None,
        days: tuple[dt.date, dt.date] | None = None,
    ) -> bool:
        """Whether this change may concern what a view shows. A change not scoped by one of
        these (no family on a service's row, say) is taken as touching it only when it is
        scoped by nothing the view asks about: unknown scope errs on the side of refreshing,
        except where the change's own scope rules it out."""
        if tables is not None and self.table_name not in set(tables):
            return False
        for wanted, have in (
            (family_id, self.family_id),
            (child_id, self.child_id),
            (service_id, self.service_id),
        ):
            if wanted is not None and have is not None and wanted != have:
                return False
        if day is not None:
            days = (day, day)
        if days is not None and self.day_from is not None:
            last = self.day_to if self.day_to is not None else dt.date.max
            if last < days[0] or self.day_from > days[1]:
                return False
        return True


_FIELDS = tuple(f for f in Change.__dataclass_fields__ if f != "id")
_COLUMNS = (ChangeLog.id, *(getattr(ChangeLog, name) for name in _FIELDS))


def _change(row: Any) -> Change:
    return Change(*row)


@dataclass(frozen=True)
class FeedPosition:
    """Where a reader stands in the feed.

    SQLite: every row up to `last_id` is read. PostgreSQL: every transaction below `txid_floor`
    had ended at the last read and its rows are read; of the rows of later transactions, those
    in `seen` are read."""

    last_id: int = 0
    txid_floor: int | None = None
    seen: frozenset[int] = frozenset()


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _oldest_running_txid(session: Session) -> int:
    # Taken before reading: a floor from an earlier snapshot is lower, hence safe.
    return int(session.scalar(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")))


def latest_change_id(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLog.id))) or 0


def feed_end(session: Session) -> FeedPosition:
    """The position of a reader that has read everything committed so far (a view that
    just loaded what it shows)."""
    if not _is_postgres(session):
        return FeedPosition(last_id=latest_change_id(session))
    floor = _oldest_running_txid(session)
    ids = session.scalars(select(ChangeLog.id).where(ChangeLog.txid >= floor)).all()
    return FeedPosition(last_id=latest_change_id(session), txid_floor=floor, seen=frozenset(ids))


def read_changes(
    session: Session, position: FeedPosition, page_size: int = PAGE_SIZE
) -> tuple[FeedPosition, list[Change]]:
    """Every change committed since `position`, oldest first, and the new position. Reads
    page after page until caught up."""
    if _is_postgres(session) and position.txid_floor is not None:
        return _read_postgres(session, position, page_size)
    changes: list[Change] = []
    last_id = position.last_id
    while True:
        page = changes_since(session, last_id, page_size)
        changes.extend(page)
        if len(page) < page_size:
            break
        last_id = page[-1].id
    if changes:
        last_id = changes[-1].id
    return FeedPosition(last_id=last_id), changes


def _read_postgres(
    session: Session, position: FeedPosition, page_size: int
) -> tuple[FeedPosition, list[Change]]:
    floor = _oldest_running_txid(session)
    window: list[tuple[Change, int]] = []
    after_id = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS, ChangeLog.txid)
            .where(ChangeLog.txid >= position.txid_floor, ChangeLog.id > after_id)
            .order_by(ChangeLog.id)
            .limit(page_size)
        ).all()
        window.extend((_change(row[:-1]), row[-1]) for row in rows)
        if len(rows) < page_size:
            break
        after_id = rows[-1][0]
    new = [change for change, _txid in window if change.id not in position.seen]
    seen = frozenset(change.id for change, txid in window if txid >= floor)
    last_id = max([position.last_id, *(change.id for change in new)])
    return FeedPosition(last_id=last_id, txid_floor=floor, seen=seen), new


def changes_since(session: Session, last_id: int, limit: int = PAGE_SIZE) -> list[Change]:
    """The rows after `last_id`, in id order (one page). On PostgreSQL, this alone may skip a
    long transaction's rows: followers use `read_changes`."""
    rows = session.execute(
        select(*_COLUMNS).where(ChangeLog.id > last_id).order_by(ChangeLog.id).limit(limit)
    )
    return [_change(row) for row in rows]


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
