"""Messages service: both sides of the boîte de réception."""

from __future__ import annotations

import pytest

from portail_admin.core import db
from portail_admin.core.errors import NotFoundError, ValidationError
from portail_admin.core.services import messages as msg
from tests.world import build_world


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def test_family_and_staff_conversation(session_factory, w):
    with session_factory() as s:
        assert msg.unread_count_for_family(s, w.dupont_id) == 1
        assert msg.unread_count_for_staff(s) == 0
    with db.transaction(session_factory, "parent:1") as s:
        question = msg.send_from_family(s, w.dupont_id, " Horaires ", "Quels horaires ?")
        assert question.subject == "Horaires"
        reply = msg.send_from_family(s, w.dupont_id, "Re", "Merci", reply_to_id=w.message_id)
        assert reply.reply_to_id == w.message_id
        msg.mark_read_by_family(s, w.dupont_id, w.message_id)
    with db.transaction(session_factory, "staff:nancy") as s:
        assert msg.unread_count_for_staff(s) == 2
        inbox = msg.staff_inbox(s)
        assert {m.subject for m in inbox} == {"Horaires", "Re"}
        msg.mark_read_by_staff(s, question.id)
        answer = msg.send_to_family(
            s, w.dupont_id, msg.reply_subject("Horaires"), "7h30", reply_to_id=question.id
        )
        assert answer.subject == "Re : Horaires"
        assert msg.unread_count_for_staff(s) == 1
        assert [m.id for m in msg.thread(s, answer.id)] == [question.id, answer.id]
    with session_factory() as s:
        assert msg.unread_count_for_family(s, w.dupont_id) == 1  # the answer
        sent = msg.family_sent(s, w.dupont_id)
        by_subject = {c.message.subject: c for c in sent}
        assert [a.id for a in by_subject["Horaires"].answers] == [answer.id]
        assert by_subject["Re"].answers == []
        assert {m.id for m in msg.family_received(s, w.dupont_id)} == {w.message_id, answer.id}


def test_delete_and_restore_each_side(session_factory, w):
    with db.transaction(session_factory) as s:
        msg.delete_for_family(s, w.dupont_id, w.message_id)
        assert msg.unread_count_for_family(s, w.dupont_id) == 0
        assert [m.id for m in msg.family_deleted(s, w.dupont_id)] == [w.message_id]
        assert msg.family_received(s, w.dupont_id) == []
        msg.restore_for_family(s, w.dupont_id, w.message_id)
        assert msg.family_deleted(s, w.dupont_id) == []
        question = msg.send_from_family(s, w.dupont_id, "Q", "?")
        msg.delete_for_staff(s, question.id)
        assert msg.staff_inbox(s) == [] and [m.id for m in msg.staff_inbox(s, deleted=True)] == [
            question.id
        ]
        # the family still sees what the mairie deleted
        assert [c.message.id for c in msg.family_sent(s, w.dupont_id)] == [question.id]
        msg.restore_for_staff(s, question.id)
        assert [m.id for m in msg.staff_inbox(s)] == [question.id]


def test_scoping_and_validation(session_factory, w):
    with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
        msg.get_for_family(s, w.dupont_id, w.other_message_id)
    for action in (msg.mark_read_by_family, msg.delete_for_family, msg.restore_for_family):
        with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
            action(s, w.dupont_id, w.other_message_id)
    with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
        msg.send_from_family(s, w.dupont_id, "a", "b", reply_to_id=w.other_message_id)
    with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
        msg.get_for_family(s, w.dupont_id, "abc")
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        msg.send_from_family(s, w.dupont_id, "", "x" * 5001)
    assert set(err.value.errors) == {"subject", "body"}
    with pytest.raises(ValidationError), db.transaction(session_factory) as s:
        msg.send_from_family(s, w.dupont_id, ["liste"], "b")
    with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
        # the mairie cannot answer a message of another family into this one
        question = msg.send_from_family(s, w.martin_id, "Q", "?")
        msg.send_to_family(s, w.dupont_id, "R", "!", reply_to_id=question.id)
