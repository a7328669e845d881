"""The change log: one row per changed record (or per bulk statement), written in the changing
transaction.

It is both the audit trail (who did what, when) and the change feed the desktop app follows.
Each row says what it concerns (family, child, service, days) so that a view can tell whether
a change touches what it shows without running SQL of its own; a bulk statement writes one row
for its whole set of cells (a service and a date range, with `count`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow
from .enums import ChangeAction, db_enum


class ChangeLog(Base):
    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))  # "staff:nancy", "parent:1001…", "system"
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int] = mapped_column(Integer)  # 0 for a bulk row standing for many records
    action: Mapped[ChangeAction] = mapped_column(db_enum(ChangeAction, "change_action"))
    # For updates: {column: [old, new]}; sensitive columns are named, never valued.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the change concerns, where it applies (None: not scoped by that).
    family_id: Mapped[int | None] = mapped_column(Integer)
    child_id: Mapped[int | None] = mapped_column(Integer)
    service_id: Mapped[int | None] = mapped_column(Integer)
    day_from: Mapped[dt.date | None] = mapped_column(Date)
    day_to: Mapped[dt.date | None] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # PostgreSQL: the writing transaction's id (pg_current_xact_id), so that a reader can tell
    # which rows a still-running transaction may yet add below the ids it has seen
    # (core.changefeed.read_changes). SQLite serialises writers: left NULL.
    txid: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_change_log_record", "table_name", "row_id"),
        Index("ix_change_log_family", "family_id", "id"),
        Index("ix_change_log_child", "child_id", "id"),
        Index("ix_change_log_txid", "txid"),
    )


class HealthAccess(Base):
    """Who opened a child's health data, and when (read by administrators).

    Not a foreign key: the trace outlives the child's record."""

    __tablename__ = "health_access"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    child_id: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_health_access_child", "child_id", "at"),
        Index("ix_health_access_at", "at"),
    )
