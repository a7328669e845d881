"""The calendar (public holidays, closures, school holidays) and the planning cells."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from .base import Base, UTCDateTime, Versioned, intpk, utcnow
from .enums import Attendance, Booking, CalendarKind, CalendarSource, SchoolZone, db_enum

if TYPE_CHECKING:
    from .child import Child
    from .service import Service, Structure


class CalendarPeriod(Versioned, Base):
    """A public holiday, a closure (of one structure or all) or a school-holiday period.

    Imported rows can be edited or removed by staff; the import never overwrites a manual row.
    """

    __tablename__ = "calendar_period"

    id: Mapped[intpk]
    kind: Mapped[CalendarKind] = mapped_column(db_enum(CalendarKind, "calendar_kind"))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    label: Mapped[str] = mapped_column(String(100), default="")
    zone: Mapped[SchoolZone | None] = mapped_column(db_enum(SchoolZone, "school_zone"))
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structure.id"))
    source: Mapped[CalendarSource] = mapped_column(
        db_enum(CalendarSource, "calendar_source"), default=CalendarSource.MANUAL
    )

    structure: Mapped[Structure | None] = relationship()

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="period_order"),
        Index("ix_calendar_period_dates", "start_date", "end_date"),
    )


class PlanningCell(Versioned, Base):
    """One child x one service x one day: what was booked and what happened.

    A cell exists only when something is booked or recorded; an empty day has no row.
    """

    __tablename__ = "planning_cell"

    id: Mapped[intpk]
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    day: Mapped[dt.date]
    booking: Mapped[Booking] = mapped_column(db_enum(Booking, "booking"), default=Booking.NONE)
    attendance: Mapped[Attendance] = mapped_column(
        db_enum(Attendance, "attendance"), default=Attendance.UNKNOWN
    )

    # Who last wrote the cell and when (the grid's tooltip; an undo that would overwrite a
    # colleague's later change names them). Set on every ORM write (below) and by the bulk
    # statements of core.planning.edits.
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_by: Mapped[str | None] = mapped_column(String(80))
    # Not None: the day may no longer change (billed, or locked by staff), and why, in French.
    locked_reason: Mapped[str | None] = mapped_column(String(100))

    child: Mapped[Child] = relationship()
    service: Mapped[Service] = relationship()

    __table_args__ = (
        UniqueConstraint("child_id", "service_id", "day"),
        # Covers what a service's month reads, so the month is read from the index alone.
        Index(
            "ix_planning_cell_service_day",
            "service_id",
            "day",
            "child_id",
            "booking",
            "attendance",
            "version",
            "locked_reason",
        ),
    )


class ServiceDayCapacity(Versioned, Base):
    """The places of a service on one day, where they differ from the service's capacity
    (a trip with fewer seats, a day with more staff)."""

    __tablename__ = "service_day_capacity"

    id: Mapped[intpk]
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    day: Mapped[dt.date]
    capacity: Mapped[int]

    __table_args__ = (
        UniqueConstraint("service_id", "day"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )


@event.listens_for(PlanningCell, "before_insert")
@event.listens_for(PlanningCell, "before_update")
def _stamp_cell(_mapper: object, _connection: object, cell: PlanningCell) -> None:
    session = object_session(cell)
    cell.updated_at = utcnow()
    cell.updated_by = session.info.get("actor", "system") if session is not None else "system"
