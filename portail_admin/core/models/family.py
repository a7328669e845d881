"""Families, their guardians (responsable, conjoint), tax/CAF information and bank details."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, intpk
from .enums import (
    AttachmentBody,
    Civility,
    FamilySituation,
    GuardianRole,
    QfSource,
    Quality,
    db_enum,
)

if TYPE_CHECKING:
    from .child import Child


class Family(Versioned, Timestamped, Base):
    __tablename__ = "family"

    id: Mapped[intpk]
    family_number: Mapped[str] = mapped_column(String(20), unique=True)
    # Informations CAF / fiscales
    attachment_body: Mapped[AttachmentBody] = mapped_column(
        db_enum(AttachmentBody, "attachment_body"), default=AttachmentBody.NONE
    )
    allocataire_number: Mapped[str] = mapped_column(String(20), default="")
    quotient_familial: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    qf_date: Mapped[dt.date | None]
    qf_source: Mapped[QfSource | None] = mapped_column(db_enum(QfSource, "qf_source"))
    tax_reference_income: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    tax_shares: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    # Coordonnées bancaires
    account_holder: Mapped[str] = mapped_column(String(100), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    iban: Mapped[str] = mapped_column(String(34), default="", info={"sensitive": True})
    bic: Mapped[str] = mapped_column(String(11), default="")
    mandate_reference: Mapped[str] = mapped_column(String(35), default="")
    mandate_signed_on: Mapped[dt.date | None]
    direct_debit: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Lower-case, accent-free names and numbers of the family, kept by core.search.
    search_text: Mapped[str] = mapped_column(Text, default="", info={"derived": True})

    guardians: Mapped[list[Guardian]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Guardian.role.desc()"
    )
    children: Mapped[list[Child]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Child.birth_date"
    )

    __table_args__ = (
        CheckConstraint("quotient_familial IS NULL OR quotient_familial >= 0", name="qf_positive"),
        CheckConstraint("length(family_number) > 0", name="number_not_empty"),
    )

    def guardian(self, role: GuardianRole) -> Guardian | None:
        return next((g for g in self.guardians if g.role == role), None)

    @property
    def primary(self) -> Guardian | None:
        return self.guardian(GuardianRole.PRIMARY)

    @property
    def partner(self) -> Guardian | None:
        return self.guardian(GuardianRole.PARTNER)

    @property
    def display_name(self) -> str:
        g = self.primary
        return f"{g.last_name} {g.first_name}" if g else self.family_number


class Guardian(Versioned, Base):
    """A responsable or conjoint: every field of the manual's "Mon compte" screen."""

    __tablename__ = "guardian"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"), index=True)
    role: Mapped[GuardianRole] = mapped_column(db_enum(GuardianRole, "guardian_role"))
    civility: Mapped[Civility | None] = mapped_column(db_enum(Civility, "civility"))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    quality: Mapped[Quality | None] = mapped_column(db_enum(Quality, "quality"))
    situation: Mapped[FamilySituation | None] = mapped_column(
        db_enum(FamilySituation, "family_situation")
    )
    address: Mapped[str] = mapped_column(String(255), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    phone_home: Mapped[str] = mapped_column(String(20), default="")
    phone_work: Mapped[str] = mapped_column(String(20), default="")
    phone_mobile: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    profession: Mapped[str] = mapped_column(String(100), default="")
    csp: Mapped[str] = mapped_column(String(100), default="")
    employer: Mapped[str] = mapped_column(String(100), default="")
    employer_address: Mapped[str] = mapped_column(String(255), default="")
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[Family] = relationship(back_populates="guardians")

    __table_args__ = (
        UniqueConstraint("family_id", "role"),
        CheckConstraint("length(last_name) > 0", name="last_name_not_empty"),
    )

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()
