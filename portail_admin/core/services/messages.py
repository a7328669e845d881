"""The boîte de réception: messages between a family and the mairie.

Family side: write, reply to a message of the mairie, read, delete and restore (for the family
only). Staff side: the same for the mairie. `read_at` is set when the recipient reads a message;
each side deletes for itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import NotFoundError, ValidationError
from ..models import Family, Message, utcnow
from ..models.enums import MessageDirection
from ..validation import FieldError, text

SUBJECT_MAX = 200
BODY_MAX = 5000
_subject = text(SUBJECT_MAX, required=True)
_body = text(BODY_MAX, required=True, multiline=True)

TO_FAMILY = MessageDirection.TO_FAMILY
FROM_FAMILY = MessageDirection.FROM_FAMILY


def _clean(subject: object, body: object) -> tuple[str, str]:
    errors = {}
    clean_subject = clean_body = ""
    try:
        clean_subject = _subject(subject)
    except FieldError as exc:
        errors["subject"] = str(exc)
    try:
        clean_body = _body(body)
    except FieldError as exc:
        errors["body"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean_subject, clean_body


def _as_id(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise NotFoundError("Ce message n'existe pas.") from exc


def reply_subject(subject: str) -> str:
    return subject if subject.lower().startswith("re :") else f"Re : {subject}"[:SUBJECT_MAX]


# --- family side -----------------------------------------------------------------------------


def get_for_family(session: Session, family_id: int, message_id: object) -> Message:
    message = session.scalar(
        select(Message).where(Message.id == _as_id(message_id), Message.family_id == family_id)
    )
    if message is None:
        raise NotFoundError("Ce message n'existe pas.")
    return message


def send_from_family(
    session: Session,
    family_id: int,
    subject: object,
    body: object,
    reply_to_id: object | None = None,
) -> Message:
    """A message from the family to the mairie, possibly answering one of the mairie's."""
    reply_to = None
    if reply_to_id not in (None, ""):
        reply_to = get_for_family(session, family_id, reply_to_id)
        if reply_to.direction is not TO_FAMILY:
            raise NotFoundError("Ce message n'existe pas.")
    clean_subject, clean_body = _clean(subject, body)
    message = Message(
        family_id=family_id,
        direction=FROM_FAMILY,
        reply_to_id=reply_to.id if reply_to else None,
        subject=clean_subject,
        body=clean_body,
        sent_at=utcnow(),
    )
    session.add(message)
    session.flush()
    return message


@dataclass
class Conversation:
    """A message with the answers it received."""

    message: Message
    answers: list[Message] = field(default_factory=list)


def family_received(session: Session, family_id: int) -> list[Message]:
    """Messages from the mairie, newest first (not deleted by the family)."""
    return list(
        session.scalars(
            select(Message)
            .where(
                Message.family_id == family_id,
                Message.direction == TO_FAMILY,
                Message.deleted_by_family_at.is_(None),
            )
            .order_by(Message.sent_at.desc(), Message.id.desc())
        )
    )


def family_sent(session: Session, family_id: int) -> list[Conversation]:
    """Messages the family sent, newest first, each with the mairie's answers."""
    sent = list(
        session.scalars(
            select(Message)
            .where(
                Message.family_id == family_id,
                Message.direction == FROM_FAMILY,
                Message.deleted_by_family_at.is_(None),
            )
            .order_by(Message.sent_at.desc(), Message.id.desc())
        )
    )
    answers: dict[int, list[Message]] = {}
    if sent:
        for answer in session.scalars(
            select(Message)
            .where(
                Message.family_id == family_id,
                Message.direction == TO_FAMILY,
                Message.reply_to_id.in_([m.id for m in sent]),
            )
            .order_by(Message.sent_at, Message.id)
        ):
            answers.setdefault(answer.reply_to_id or 0, []).append(answer)
    return [Conversation(m, answers.get(m.id, [])) for m in sent]


def family_deleted(session: Session, family_id: int) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.family_id == family_id, Message.deleted_by_family_at.is_not(None))
            .order_by(Message.sent_at.desc(), Message.id.desc())
        )
    )


def unread_count_for_family(session: Session, family_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Message.id)).where(
                Message.family_id == family_id,
                Message.direction == TO_FAMILY,
                Message.read_at.is_(None),
                Message.deleted_by_family_at.is_(None),
            )
        )
        or 0
    )


def mark_read_by_family(session: Session, family_id: int, message_id: object) -> Message:
    message = get_for_family(session, family_id, message_id)
    if message.direction is TO_FAMILY and message.read_at is None:
        message.read_at = utcnow()
        session.flush()
    return message


def delete_for_family(session: Session, family_id: int, message_id: object) -> Message:
    message = get_for_family(session, family_id, message_id)
    if message.deleted_by_family_at is None:
        message.deleted_by_family_at = utcnow()
        session.flush()
    return message


def restore_for_family(session: Session, family_id: int, message_id: object) -> Message:
    message = get_for_family(session, family_id, message_id)
    if message.deleted_by_family_at is not None:
        message.deleted_by_family_at = None
        session.flush()
    return message


# --- staff side ------------------------------------------------------------------------------


def get(session: Session, message_id: object) -> Message:
    message = session.get(Message, _as_id(message_id))
    if message is None:
        raise NotFoundError("Ce message n'existe pas.")
    return message


def send_to_family(
    session: Session,
    family_id: int,
    subject: object,
    body: object,
    staff_id: int | None = None,
    reply_to_id: object | None = None,
) -> Message:
    """A message from the mairie to a family, possibly answering one of the family's."""
    if session.get(Family, family_id) is None:
        raise NotFoundError("Cette famille n'existe pas.")
    reply_to = None
    if reply_to_id not in (None, ""):
        reply_to = get(session, reply_to_id)
        if reply_to.family_id != family_id or reply_to.direction is not FROM_FAMILY:
            raise NotFoundError("Ce message n'existe pas.")
    clean_subject, clean_body = _clean(subject, body)
    message = Message(
        family_id=family_id,
        direction=TO_FAMILY,
        reply_to_id=reply_to.id if reply_to else None,
        subject=clean_subject,
        body=clean_body,
        author_staff_id=staff_id,
        sent_at=utcnow(),
    )
    session.add(message)
    session.flush()
    return message


def staff_inbox(
    session: Session, deleted: bool = False, family_id: int | None = None, limit: int = 500
) -> list[Message]:
    """Messages received from families, newest first (or those staff deleted)."""
    query = select(Message).where(Message.direction == FROM_FAMILY)
    if deleted:
        query = query.where(Message.deleted_by_staff_at.is_not(None))
    else:
        query = query.where(Message.deleted_by_staff_at.is_(None))
    if family_id is not None:
        query = query.where(Message.family_id == family_id)
    query = query.options(selectinload(Message.family).selectinload(Family.guardians))
    return list(session.scalars(query.order_by(Message.sent_at.desc()).limit(limit)))


def staff_sent(session: Session, family_id: int | None = None, limit: int = 500) -> list[Message]:
    query = select(Message).where(
        Message.direction == TO_FAMILY, Message.deleted_by_staff_at.is_(None)
    )
    if family_id is not None:
        query = query.where(Message.family_id == family_id)
    return list(session.scalars(query.order_by(Message.sent_at.desc()).limit(limit)))


def unread_count_for_staff(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(Message.id)).where(
                Message.direction == FROM_FAMILY,
                Message.read_at.is_(None),
                Message.deleted_by_staff_at.is_(None),
            )
        )
        or 0
    )


def mark_read_by_staff(session: Session, message_id: object) -> Message:
    message = get(session, message_id)
    if message.direction is FROM_FAMILY and message.read_at is None:
        message.read_at = utcnow()
        session.flush()
    return message


def delete_for_staff(session: Session, message_id: object) -> Message:
    message = get(session, message_id)
    if message.deleted_by_staff_at is None:
        message.deleted_by_staff_at = utcnow()
        session.flush()
    return message


def restore_for_staff(session: Session, message_id: object) -> Message:
    message = get(session, message_id)
    if message.deleted_by_staff_at is not None:
        message.deleted_by_staff_at = None
        session.flush()
    return message


def thread(session: Session, message_id: object) -> list[Message]:
    """The conversation a message belongs to: its root and every reply, oldest first."""
    message = get(session, message_id)
    root = message
    seen = {root.id}
    while root.reply_to is not None and root.reply_to.id not in seen:
        root = root.reply_to
        seen.add(root.id)
    seen = {root.id}
    result = [root]
    frontier = [root.id]
    while frontier:
        children = list(
            session.scalars(
                select(Message).where(Message.reply_to_id.in_(frontier)).order_by(Message.sent_at)
            )
        )
        children = [c for c in children if c.id not in seen]
        seen.update(c.id for c in children)
        result += children
        frontier = [c.id for c in children]
    return sorted(result, key=lambda m: (m.sent_at, m.id))
