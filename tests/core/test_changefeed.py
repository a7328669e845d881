"""The change log is both the feed the desktop app follows and the history staff read."""

from __future__ import annotations

import datetime as dt

import pytest

from portail_admin.core import db
from portail_admin.core.changefeed import HIDDEN, changes_since, history_of, latest_change_id
from portail_admin.core.models import ChangeLog, Family, Guardian
from portail_admin.core.models.enums import ChangeAction, GuardianRole
from portail_admin.core.services import children, families


class Boom(Exception):
    pass


def _new_family(factory, actor="staff:nancy", last_name="Dupont") -> int:
    with db.transaction(factory, actor) as s:
        return families.create_family(s, {"last_name": last_name, "first_name": "Jean"}).id


def test_empty_log(session):
    assert latest_change_id(session) == 0
    assert changes_since(session, 0) == []


def test_changes_since_follows_the_log_in_order(session_factory):
    before = dt.datetime.now(dt.UTC)
    family_id = _new_family(session_factory)
    with session_factory() as s:
        first = changes_since(s, 0)
        mark = latest_change_id(s)
    # One transaction: the family and its primary guardian.
    assert {(c.table_name, c.action) for c in first} == {
        ("family", ChangeAction.INSERT),
        ("guardian", ChangeAction.INSERT),
    }
    assert all(c.actor == "staff:nancy" for c in first)
    assert all(before <= c.at <= dt.datetime.now(dt.UTC) for c in first)
    assert all(c.at.tzinfo is not None for c in first)
    assert [c.id for c in first] == sorted(c.id for c in first)
    assert mark == first[-1].id
    assert next(c for c in first if c.table_name == "family").row_id == family_id

    with db.transaction(session_factory, "staff:chrystelle") as s:
        families.update_guardian(s, family_id, GuardianRole.PRIMARY, {"city": "Alix"})
    with session_factory() as s:
        new = changes_since(s, mark)
        assert [(c.table_name, c.action, c.actor) for c in new] == [
            ("guardian", ChangeAction.UPDATE, "staff:chrystelle")
        ]
        assert changes_since(s, latest_change_id(s)) == []
        assert len(changes_since(s, 0, limit=2)) == 2


def test_a_rolled_back_change_never_reaches_the_feed(session_factory):
    _new_family(session_factory)
    with session_factory() as s:
        mark = latest_change_id(s)
    with pytest.raises(Boom), db.transaction(session_factory) as s:
        families.create_family(s, {"last_name": "Martin", "first_name": "Paul"})
        raise Boom
    with session_factory() as s:
        assert changes_since(s, mark) == []
        assert latest_change_id(s) == mark


def test_history_of_a_record_newest_first(session_factory):
    family_id = _new_family(session_factory, "staff:nancy")
    with session_factory() as s:
        guardian_id = s.get(Family, family_id).primary.id
    with db.transaction(session_factory, "staff:chrystelle") as s:
        families.update_guardian(
            s, family_id, GuardianRole.PRIMARY, {"city": "Saint - Jean", "postal_code": "31400"}
        )
    with db.transaction(session_factory, "parent:1001001818331") as s:
        families.update_guardian(s, family_id, GuardianRole.PRIMARY, {"city": "Alix"})
    with session_factory() as s:
        history = history_of(s, "guardian", guardian_id)
        assert [(h.action, h.actor) for h in history] == [
            (ChangeAction.UPDATE, "parent:1001001818331"),
            (ChangeAction.UPDATE, "staff:chrystelle"),
            (ChangeAction.INSERT, "staff:nancy"),
        ]
        assert history[0].changes == {"city": ["SAINT - JEAN", "ALIX"]}
        assert history[1].changes == {"city": ["", "SAINT - JEAN"], "postal_code": ["", "31400"]}
        assert history_of(s, "guardian", guardian_id + 1000) == []
        assert all(isinstance(h, ChangeLog) for h in history)


def test_an_update_that_changes_nothing_writes_nothing(session_factory):
    family_id = _new_family(session_factory)
    with session_factory() as s:
        mark = latest_change_id(s)
    with db.transaction(session_factory) as s:
        families.update_guardian(s, family_id, GuardianRole.PRIMARY, {"last_name": "DUPONT"})
    with session_factory() as s:
        assert changes_since(s, mark) == []


def test_a_deletion_is_in_the_feed(session_factory):
    family_id = _new_family(session_factory)
    with db.transaction(session_factory) as s:
        families.update_guardian(
            s, family_id, GuardianRole.PARTNER, {"last_name": "Dupont", "first_name": "Jeanne"}
        )
    with session_factory() as s:
        mark = latest_change_id(s)
        partner_id = s.get(Family, family_id).partner.id
    with db.transaction(session_factory, "staff:nancy") as s:
        families.remove_partner(s, family_id)
    with session_factory() as s:
        assert [(c.table_name, c.row_id, c.action) for c in changes_since(s, mark)] == [
            ("guardian", partner_id, ChangeAction.DELETE)
        ]
        assert s.get(Guardian, partner_id) is None


def test_sensitive_values_are_named_never_stored(session_factory):
    family_id = _new_family(session_factory)
    with db.transaction(session_factory) as s:
        child = children.add_child(
            s, family_id, {"last_name": "Dupont", "first_name": "Léa", "birth_date": "12/03/2018"}
        )
        children.set_health(s, child.id, {"allergies": "Arachides"})
        families.update_family_section(
            s, family_id, "bank", {"iban": "FR7630006000011234567890189"}
        )
        health_id = child.health.id
    with db.transaction(session_factory) as s:
        children.set_health(s, child.id, {"allergies": "Arachides, kiwi", "has_pai": True})
    with session_factory() as s:
        update = history_of(s, "health_record", health_id)[0]
        assert update.changes == {"allergies": HIDDEN, "has_pai": HIDDEN}
        bank = history_of(s, "family", family_id)[0]
        assert bank.changes == {"iban": HIDDEN}
        everything = repr([(r.changes, r.table_name) for r in s.query(ChangeLog)])
        assert "rachides" not in everything and "kiwi" not in everything
        assert "30006" not in everything
