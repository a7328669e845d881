"""Demandes: what parents ask through the portal, decided by staff."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, Versioned, intpk, utcnow
from .enums import RequestKind, RequestStatus, db_enum

OPEN = text("status = 'pending'")

if TYPE_CHECKING:
    from .accounts import StaffUser
    from .child import Child
    from .family import Family
    from .service import Service


class Request(Versioned, Base):
    __tablename__ = "request"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    kind: Mapped[RequestKind] = mapped_column(db_enum(RequestKind, "request_kind"))
    status: Mapped[RequestStatus] = mapped_column(
        db_enum(RequestStatus, "request_status"), default=RequestStatus.PENDING
    )
    # Reservation / absence requests name a service and a day.
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    day: Mapped[dt.date | None]
    old_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    new_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    motive: Mapped[str] = mapped_column(Text, default="")

    family: Mapped[Family] = relationship()
    child: Mapped[Child | None] = relationship()
    service: Mapped[Service | None] = relationship()
    decided_by: Mapped[StaffUser | None] = relationship()

    __table_args__ = (
        Index("ix_request_status_created", "status", "created_at"),
        Index("ix_request_family", "family_id", "created_at"),
        # One open reservation or absence per child, service and day, whatever its kind (the
        # portal's rule: cancel the pending one first). Record-change requests have no service
        # and no day, and NULLs never collide. Migration 0003.
        Index(
            "uq_request_open_planning",
            "child_id",
            "service_id",
            "day",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        CheckConstraint(
            "kind NOT IN ('reservation', 'absence') "
            "OR (child_id IS NOT NULL AND service_id IS NOT NULL AND day IS NOT NULL)",
            name="planning_request_target",
        ),
        CheckConstraint("status != 'refused' OR length(motive) > 0", name="refusal_has_motive"),
        CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name="decision_dated"),
    )
