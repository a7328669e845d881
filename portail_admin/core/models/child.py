"""Children, their health data (sensitive), authorised persons and consents."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, intpk
from .enums import Sex, db_enum

if TYPE_CHECKING:
    from .family import Family
    from .service import Enrolment


class Child(Versioned, Timestamped, Base):
    __tablename__ = "child"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date]
    sex: Mapped[Sex | None] = mapped_column(db_enum(Sex, "sex"))
    school: Mapped[str] = mapped_column(String(100), default="")
    school_class: Mapped[str] = mapped_column(String(50), default="")
    wears_glasses: Mapped[bool] = mapped_column(Boolean, default=False)
    # Autorisations
    consent_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_outings: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_medical_care: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_leave_alone: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[Family] = relationship(back_populates="children")
    health: Mapped[HealthRecord | None] = relationship(
        back_populates="child", cascade="all, delete-orphan", uselist=False
    )
    authorised_persons: Mapped[list[AuthorisedPerson]] = relationship(
        back_populates="child", cascade="all, delete-orphan", order_by="AuthorisedPerson.id"
    )
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="child", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("length(first_name) > 0", name="first_name_not_empty"),)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class HealthRecord(Versioned, Base):
    """Données sanitaires (RGPD art. 9): only roles that need them may read them."""

    __tablename__ = "health_record"

    id: Mapped[intpk]
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), unique=True)
    allergies: Mapped[str] = mapped_column(Text, default="", info={"sensitive": True})
    has_pai: Mapped[bool] = mapped_column(Boolean, default=False, info={"sensitive": True})
    pai_details: Mapped[str] = mapped_column(Text, default="", info={"sensitive": True})
    diet: Mapped[str] = mapped_column(String(255), default="", info={"sensitive": True})
    doctor_name: Mapped[str] = mapped_column(String(100), default="", info={"sensitive": True})
    doctor_phone: Mapped[str] = mapped_column(String(20), default="", info={"sensitive": True})
    vaccinations: Mapped[str] = mapped_column(Text, default="", info={"sensitive": True})
    medical_notes: Mapped[str] = mapped_column(Text, default="", info={"sensitive": True})

    child: Mapped[Child] = relationship(back_populates="health")


class AuthorisedPerson(Base):
    """Someone the family allows to collect the child."""

    __tablename__ = "authorised_person"

    id: Mapped[intpk]
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    relationship_: Mapped[str] = mapped_column("relationship", String(50), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")

    child: Mapped[Child] = relationship(back_populates="authorised_persons")
