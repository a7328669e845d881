"""Messages between a family and the mairie (the portal's boîte de réception)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, intpk, utcnow
from .enums import MessageDirection, db_enum

if TYPE_CHECKING:
    from .accounts import StaffUser
    from .family import Family


class Message(Base):
    __tablename__ = "message"

    id: Mapped[intpk]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id", ondelete="CASCADE"))
    direction: Mapped[MessageDirection] = mapped_column(
        db_enum(MessageDirection, "message_direction")
    )
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # by the recipient
    deleted_by_family_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    deleted_by_staff_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    family: Mapped[Family] = relationship()
    reply_to: Mapped[Message | None] = relationship(remote_side="Message.id")
    author_staff: Mapped[StaffUser | None] = relationship()

    __table_args__ = (Index("ix_message_family_sent", "family_id", "sent_at"),)
