"""The change log: one row per changed record, written in the changing transaction.

It is both the audit trail (who did what, when) and the change feed the desktop app follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow
from .enums import ChangeAction, db_enum


class ChangeLog(Base):
    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))  # "staff:nancy", "parent:1001…", "system"
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[ChangeAction] = mapped_column(db_enum(ChangeAction, "change_action"))
    # For updates: {column: [old, new]}; sensitive columns are named, never valued.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_change_log_record", "table_name", "row_id"),)
