"""The commune's settings (one row) and the forms parents can download."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, Versioned, intpk, utcnow
from .enums import SchoolZone, db_enum


class CommuneSettings(Versioned, Base):
    __tablename__ = "commune_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(100), default="")
    contact_names: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    contact_email: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    welcome_message: Mapped[str] = mapped_column(Text, default="Bienvenue sur le Portail Famille")
    info_message: Mapped[str] = mapped_column(Text, default="")
    logout_url: Mapped[str] = mapped_column(String(255), default="")
    portal_url: Mapped[str] = mapped_column(String(255), default="")
    school_zone: Mapped[SchoolZone] = mapped_column(
        db_enum(SchoolZone, "school_zone"), default=SchoolZone.A
    )
    regie_prefix: Mapped[str] = mapped_column(String(10), default="AL")
    invoice_due_days: Mapped[int] = mapped_column(Integer, default=22)
    # What a municipal bill must say (core.billing.texts has the defaults shown when empty).
    issuer_name: Mapped[str] = mapped_column(String(100), default="")
    issuer_title: Mapped[str] = mapped_column(String(100), default="")
    regie_hours: Mapped[str] = mapped_column(String(255), default="")
    payment_instructions: Mapped[str] = mapped_column(Text, default="")
    contest_notice: Mapped[str] = mapped_column(Text, default="")
    # The commune's logo (PNG or JPEG) at the head of invoices; None: no logo.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    # SMTP: the password lives in the OS keyring, never here.
    smtp_host: Mapped[str] = mapped_column(String(255), default="")
    smtp_port: Mapped[int] = mapped_column(Integer, default=587)
    smtp_user: Mapped[str] = mapped_column(String(255), default="")
    smtp_sender: Mapped[str] = mapped_column(String(255), default="")
    smtp_starttls: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("id = 1", name="singleton"),)

    @property
    def contact_line(self) -> str:
        return (
            f"Si vous ne les possédez pas, veuillez contacter {self.contact_names} par téléphone "
            f"au {self.contact_phone} ou par e-mail à {self.contact_email}"
        )


class DownloadableForm(Base):
    """A PDF form offered to parents under Infos / Documents."""

    __tablename__ = "downloadable_form"

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
