"""Gapless counters (invoice numbers, family numbers).

The counter row is updated first, which takes its lock (PostgreSQL row lock, SQLite write
lock) until the transaction ends: two issuers never get the same value, and a rolled-back
transaction gives its value back, so the series has no gap.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import NumberSequence


def take_next(session: Session, prefix: str, start: int = 1) -> int:
    taken = session.execute(
        update(NumberSequence)
        .where(NumberSequence.prefix == prefix)
        .values(next_value=NumberSequence.next_value + 1)
        .returning(NumberSequence.next_value)
    ).scalar()
    if taken is None:
        session.add(NumberSequence(prefix=prefix, next_value=start + 1))
        session.flush()
        return start
    return taken - 1
