"""Gapless counters (invoice numbers, family numbers).

The counter row is updated first, which takes its lock (PostgreSQL row lock, SQLite write
lock) until the transaction ends: two issuers never get the same value, and a rolled-back
transaction gives its value back, so the series has no gap.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import NumberSequence


def _increment(session: Session, prefix: str, count: int = 1) -> int | None:
    """Add `count` to the counter (taking its lock); the value before, or None without a row."""
    taken = session.execute(
        update(NumberSequence)
        .where(NumberSequence.prefix == prefix)
        .values(next_value=NumberSequence.next_value + count)
        .returning(NumberSequence.next_value)
    ).scalar()
    return None if taken is None else taken - count


def _insert_if_missing(session: Session, prefix: str, start: int) -> None:
    """Create the counter; when another transaction creates it at the same time, wait for it
    and keep its row (a plain INSERT would fail on the duplicate key)."""
    dialect = session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert_(NumberSequence)
        .values(prefix=prefix, next_value=start)
        .on_conflict_do_nothing(index_elements=[NumberSequence.prefix])
    )


def take_next(session: Session, prefix: str, start: int = 1) -> int:
    """The next number of `prefix` (`start` for a new counter), kept only if the transaction
    commits."""
    return take_block(session, prefix, 1, start)[0]


def take_block(session: Session, prefix: str, count: int, start: int = 1) -> range:
    """The next `count` numbers of `prefix` in one statement (a run's invoices), consecutive
    and kept only if the transaction commits, so the series still has no gap."""
    if count < 1:
        raise ValueError("count must be positive")
    taken = _increment(session, prefix, count)
    if taken is None:
        _insert_if_missing(session, prefix, start)
        taken = _increment(session, prefix, count)
        assert taken is not None
    return range(taken, taken + count)
