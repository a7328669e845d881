"""Structures, their bookable services (prestations), enrolments and dated tariffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Versioned, intpk
from .enums import ServiceUnit, db_enum

if TYPE_CHECKING:
    from .child import Child

ALL_WEEKDAYS = 0b0011111  # Monday..Friday; bit 0 = Monday (date.weekday() == 0)


def weekday_mask(*weekdays: int) -> int:
    """Bitmask of date.weekday() values (0 = Monday)."""
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"weekday out of range: {day}")
        mask |= 1 << day
    return mask


def mask_has(mask: int, day: dt.date) -> bool:
    return bool(mask & (1 << day.weekday()))


class Structure(Versioned, Base):
    __tablename__ = "structure"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    services: Mapped[list[Service]] = relationship(
        back_populates="structure", order_by="Service.sort_order"
    )


class Service(Versioned, Base):
    """A prestation: a bookable unit of a structure, e.g. "ALSH Mercredi après-midi"."""

    __tablename__ = "service"

    id: Mapped[intpk]
    structure_id: Mapped[int] = mapped_column(ForeignKey("structure.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    unit: Mapped[ServiceUnit] = mapped_column(db_enum(ServiceUnit, "service_unit"))
    weekdays: Mapped[int] = mapped_column(Integer, default=ALL_WEEKDAYS)
    open_in_term: Mapped[bool] = mapped_column(Boolean, default=True)
    open_in_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Bookings and absences are due this many days before the day, at midnight.
    booking_deadline_days: Mapped[int] = mapped_column(Integer, default=2)
    auto_accept: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    structure: Mapped[Structure] = relationship(back_populates="services")
    tariffs: Mapped[list[Tariff]] = relationship(
        back_populates="service", order_by="Tariff.valid_from", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("structure_id", "name"),
        CheckConstraint("weekdays BETWEEN 0 AND 127", name="weekdays_mask"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("booking_deadline_days >= 0", name="deadline_positive"),
        CheckConstraint("open_in_term OR open_in_holidays", name="opens_sometime"),
    )

    @property
    def full_name(self) -> str:
        return f"{self.structure.name} — {self.name}"

    def deadline_for(self, day: dt.date) -> dt.date:
        """Last day on which a booking or absence for `day` is on time."""
        return day - dt.timedelta(days=self.booking_deadline_days)


class Enrolment(Versioned, Base):
    """Inscription of a child in a service for a period, with an optional weekly pattern."""

    __tablename__ = "enrolment"

    id: Mapped[intpk]
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    weekly_pattern: Mapped[int] = mapped_column(Integer, default=0)

    child: Mapped[Child] = relationship(back_populates="enrolments")
    service: Mapped[Service] = relationship()

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="period_order"),
        CheckConstraint("weekly_pattern BETWEEN 0 AND 127", name="pattern_mask"),
    )


class Tariff(Versioned, Base):
    """Prices of a service from a date; brackets by quotient familial."""

    __tablename__ = "tariff"

    id: Mapped[intpk]
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    valid_from: Mapped[dt.date]
    valid_to: Mapped[dt.date | None]
    # Dégressif fratrie: the reduction, in %, of the family's 2nd child billed for the service
    # in the month, and of the 3rd and further (children ranked by birth date, eldest first).
    second_child_reduction: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    third_child_reduction: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    # Added per day of a presence without reservation / of an absence billed (declared late).
    unbooked_surcharge: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    late_absence_surcharge: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))

    service: Mapped[Service] = relationship(back_populates="tariffs")
    brackets: Mapped[list[TariffBracket]] = relationship(
        back_populates="tariff",
        cascade="all, delete-orphan",
        order_by="TariffBracket.qf_max.is_(None), TariffBracket.qf_max",
    )

    __table_args__ = (
        UniqueConstraint("service_id", "valid_from"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period_order"),
        CheckConstraint(
            "second_child_reduction BETWEEN 0 AND 100 AND third_child_reduction BETWEEN 0 AND 100",
            name="reductions_range",
        ),
        CheckConstraint(
            "unbooked_surcharge >= 0 AND late_absence_surcharge >= 0", name="surcharges_positive"
        ),
    )


class TariffBracket(Base):
    __tablename__ = "tariff_bracket"

    id: Mapped[intpk]
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id", ondelete="CASCADE"), index=True)
    qf_max: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # None: no upper bound
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))

    tariff: Mapped[Tariff] = relationship(back_populates="brackets")

    __table_args__ = (
        UniqueConstraint("tariff_id", "qf_max"),
        CheckConstraint("price >= 0", name="price_positive"),
    )
