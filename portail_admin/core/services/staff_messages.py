"""The mairie's side of the boîte de réception, as the desktop's Messages area shows it:
one thread per family with its unread count, a family's messages, writing to every family
enrolled in a service, and the e-mail notice a family gets when it allows e-mail.

Built on services/messages.py (which writes and marks the messages). What crosses to the desktop
is plain data (dataclasses), never ORM objects.

The e-mail notice: when a message is written to a family whose responsable or conjoint allows
e-mail (autorisation courriel) and has an address, and the commune's SMTP is configured, the
family gets a short notice (the subject, not the text: the message itself is read on the
portal). It is sent after the message is committed (`deliver_notice`), so that a mail server
that fails never loses the message; the failure is told to staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock, formatting, mailer
from ..models import Enrolment, Family, Message, Service, StaffUser
from ..models.child import Child
from ..models.enums import MessageDirection
from . import messages
from .commune import get_settings

FROM_FAMILY = MessageDirection.FROM_FAMILY
TO_FAMILY = MessageDirection.TO_FAMILY


@dataclass(frozen=True)
class ThreadSummary:
    family_id: int
    family_name: str
    family_number: str
    unread: int
    total: int
    last_at: dt.datetime
    last_subject: str


@dataclass(frozen=True)
class MessageView:
    id: int
    family_id: int
    from_family: bool
    subject: str
    body: str
    sent_at: dt.datetime
    read_at: dt.datetime | None
    author: str  # the staff member who wrote it ("" for the family's messages)
    deleted: bool
    reply_to_id: int | None


def _staff_visible(deleted: bool) -> object:
    if deleted:
        return Message.deleted_by_staff_at.is_not(None)
    return Message.deleted_by_staff_at.is_(None)


def thread_summaries(
    session: Session, deleted: bool = False, unread_only: bool = False, limit: int = 2000
) -> list[ThreadSummary]:
    """One row per family that has messages (or deleted messages), the latest first."""
    unread = func.sum(
        case(
            (
                (Message.direction == FROM_FAMILY) & Message.read_at.is_(None),
                1,
            ),
            else_=0,
        )
    )
    rows = session.execute(
        select(
            Message.family_id,
            unread.label("unread"),
            func.count(Message.id).label("total"),
            func.max(Message.sent_at).label("last_at"),
        )
        .where(_staff_visible(deleted))
        .group_by(Message.family_id)
        .order_by(func.max(Message.sent_at).desc())
        .limit(limit)
    ).all()
    if unread_only:
        rows = [row for row in rows if row.unread]
    if not rows:
        return []
    ids = [row.family_id for row in rows]
    families = {
        f.id: f
        for f in session.scalars(
            select(Family).where(Family.id.in_(ids)).options(selectinload(Family.guardians))
        )
    }
    last_subjects = dict(
        session.execute(
            select(Message.family_id, Message.subject)
            .where(Message.family_id.in_(ids), _staff_visible(deleted))
            .order_by(Message.family_id, Message.sent_at.desc(), Message.id.desc())
        )
        .tuples()
        .all()[::-1]  # the newest of each family is written last
    )
    result = []
    for row in rows:
        family = families.get(row.family_id)
        if family is None:
            continue
        result.append(
            ThreadSummary(
                family_id=family.id,
                family_name=family.display_name,
                family_number=family.family_number,
                unread=int(row.unread or 0),
                total=int(row.total),
                last_at=row.last_at,
                last_subject=last_subjects.get(family.id, ""),
            )
        )
    return result


def family_messages(session: Session, family_id: int, deleted: bool = False) -> list[MessageView]:
    """The family's messages both ways, oldest first (those staff deleted, with `deleted`)."""
    messages = session.scalars(
        select(Message)
        .where(Message.family_id == family_id, _staff_visible(deleted))
        .options(selectinload(Message.author_staff))
        .order_by(Message.sent_at, Message.id)
    )
    return [view_of(m) for m in messages]


@dataclass(frozen=True)
class OpenThread:
    """A family's messages as a thread opens: `shown` is the index of the message displayed
    (None when there is none)."""

    family_name: str
    messages: list[MessageView]
    shown: int | None


def message_to_show(views: list[MessageView]) -> int | None:
    """Where a thread opens: the family's first unread message (so that nothing is marked read
    unseen), else the latest message."""
    for index, view in enumerate(views):
        if view.from_family and view.read_at is None:
            return index
    return len(views) - 1 if views else None


def mark_shown(session: Session, view: MessageView) -> MessageView:
    """The message a staff member was shown: read, if it is an unread one from the family
    (only this one: the others stay unread until they are shown)."""
    if not view.from_family or view.read_at is not None or view.deleted:
        return view
    return view_of(messages.mark_read_by_staff(session, view.id))


def open_thread(
    session: Session, family_id: int, deleted: bool = False, keep_id: int | None = None
) -> OpenThread:
    """The family's messages with the one to display (`keep_id` when it is still there, as on a
    refresh, else `message_to_show`), which becomes read (`mark_shown`)."""
    views = family_messages(session, family_id, deleted)
    ids = [view.id for view in views]
    shown = ids.index(keep_id) if keep_id in ids else message_to_show(views)
    if shown is not None:
        views[shown] = mark_shown(session, views[shown])
    family = session.get(Family, family_id)
    return OpenThread(family.display_name if family is not None else "", views, shown)


def view_of(message: Message) -> MessageView:
    author: StaffUser | None = message.author_staff
    return MessageView(
        id=message.id,
        family_id=message.family_id,
        from_family=message.direction is FROM_FAMILY,
        subject=message.subject,
        body=message.body,
        sent_at=message.sent_at,
        read_at=message.read_at,
        author=(author.full_name or author.username) if author is not None else "",
        deleted=message.deleted_by_staff_at is not None,
        reply_to_id=message.reply_to_id,
    )


def families_enrolled_in(
    session: Session, service_id: int, day: dt.date | None = None
) -> list[int]:
    """The families with a child enrolled in the service on `day` or later (ordered by id)."""
    day = day or clock.today()
    return list(
        session.scalars(
            select(Child.family_id)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .where(Enrolment.service_id == service_id, Enrolment.end_date >= day)
            .distinct()
            .order_by(Child.family_id)
        )
    )


def service_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "Structure — Prestation") of the active services, for a recipient list."""
    services = session.scalars(
        select(Service)
        .where(Service.active.is_(True))
        .options(selectinload(Service.structure))
        .order_by(Service.sort_order, Service.name)
    )
    return sorted(((s.id, s.full_name) for s in services), key=lambda pair: pair[1])


# --------------------------------------------------------------------------- e-mail notices


@dataclass(frozen=True)
class Notice:
    """An e-mail to send once the message is committed."""

    family_id: int
    recipients: tuple[str, ...]
    subject: str
    body: str


def email_notice(session: Session, message: Message) -> Notice | None:
    """The notice for a message written to a family, or None (no consent, no address, SMTP not
    configured, or a message from the family)."""
    if message.direction is not TO_FAMILY:
        return None
    settings = get_settings(session)
    if not mailer.smtp_configured(settings):
        return None
    family = session.get(Family, message.family_id)
    if family is None:
        return None
    recipients = tuple(
        dict.fromkeys(g.email for g in family.guardians if g.email_consent and g.email)
    )
    if not recipients:
        return None
    commune = formatting.de(settings.name) if settings.name else "de votre commune"
    portal = settings.portal_url or "le Portail Famille"
    body = (
        "Bonjour,\n\n"
        f"La mairie {commune} vous a écrit sur le Portail Famille :\n"
        f"« {message.subject} »\n\n"
        f"Pour lire ce message et y répondre, connectez-vous à {portal}.\n\n"
        "Ce courriel est un simple avis : merci de ne pas y répondre.\n"
    )
    return Notice(
        family_id=family.id,
        recipients=recipients,
        subject=f"Nouveau message de la mairie : {message.subject}"[:200],
        body=body,
    )


def deliver_notice(session: Session, notice: Notice) -> None:
    """Send the notice through the commune's SMTP (core.mailer); MailError when it fails."""
    settings = get_settings(session)
    for address in notice.recipients:
        mailer.send_mail(settings, address, notice.subject, notice.body)


def check_message(subject: object, body: object) -> tuple[str, str]:
    """The cleaned subject and text, or ValidationError {"subject"/"body": French} (the same
    rules as services.messages, checked before a message to many families starts)."""
    return messages._clean(subject, body)  # noqa: SLF001 (same package, same rules)
