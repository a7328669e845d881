"""Locks that make "check, then write" atomic between concurrent writers.

A service that checks a rule before it writes (no identical request pending, a place left on
that day) is only right if nobody writes the same thing between its check and its write. The
writers of one subject therefore take its lock first, in the caller's transaction, and keep it
until that transaction ends:

- PostgreSQL: a transaction-level advisory lock on the subject (`pg_advisory_xact_lock`), so
  writers of other subjects (another day, another family) do not wait and no row is locked;
- SQLite: one writer at a time for the whole database anyway, but the driver only starts the
  transaction at the first write, so the reads of the check would see the database before a
  concurrent writer commits. A write that changes nothing takes the database's write lock
  first (what BEGIN IMMEDIATE does), waiting as long as the busy timeout allows; the reads that
  follow see every transaction committed before it.

Subjects in use: PLANNING_DAY (service id, day) for reservations and absences (duplicates and
capacity), FAMILY_REQUESTS (family id) for the record-change requests of a family,
SERVICE_TARIFFS (service id) for a service's dated tariffs (their editor, and the invoice run
that prices with them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

PLANNING_DAY = "planning-day"
FAMILY_REQUESTS = "family-requests"
SERVICE_TARIFFS = "service-tariffs"


def advisory_key(subject: str, *key: object) -> int:
    """A stable signed 64-bit number for (subject, key), as pg_advisory_xact_lock takes."""
    digest = hashlib.blake2b(repr((subject, *key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold(session: Session, subject: str, *key: object) -> None:
    """Wait for, then hold until the end of the transaction, the lock of (subject, key)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(CAST(:key AS BIGINT))"),
            {"key": advisory_key(subject, *key)},
        )
    else:
        write_lock(session)


def planning_days(session: Session, service_id: int, days: Iterable[object]) -> None:
    """The locks of many days of a service (a bulk edit), in the order given. SQLite has one
    write lock for everything: taken once, not once a day."""
    if session.get_bind().dialect.name == "postgresql":
        for day in days:
            planning_day(session, service_id, day)
    else:
        write_lock(session)


def write_lock(session: Session) -> None:
    """SQLite: take the database's write lock now, before the reads that a write depends on."""
    session.execute(text("UPDATE request SET id = id WHERE 1 = 0"))


def planning_day(session: Session, service_id: int, day: object) -> None:
    """The lock of one service's day: its reservations, absences and places left."""
    hold(session, PLANNING_DAY, service_id, str(day))
