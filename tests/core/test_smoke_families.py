"""Families service: the round trip staff rely on, and the change log it leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import ConcurrentEditError, ValidationError
from portail_admin.core.models import ChangeLog, GuardianRole
from portail_admin.core.search import search_families
from portail_admin.core.services import children, families

DUPONT = {"civility": "M", "last_name": "Dupont", "first_name": "Jean", "quality": "father",
          "situation": "separated", "postal_code": "31400", "city": "Saint - Jean",
          "phone_home": "01.02.03.04.05", "email": "jean.dupont@wanadoo.fr"}


def test_create_search_and_log(session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        family = families.create_family(s, DUPONT, {"last_name": "Dupont", "first_name": "Jeanne"})
        children.add_child(s, family.id, {"last_name": "Dupont", "first_name": "Léa",
                                          "birth_date": "12/03/2018"})
        family_id = family.id
    with session_factory() as s:
        hits = search_families(s, "lea dup")
        assert [h.id for h in hits] == [family_id]
        assert hits[0].name == "DUPONT JEAN" and hits[0].children == "LÉA"
        assert search_families(s, "martin") == []
        log = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "family")).one()
        assert log.actor == "staff:nancy" and log.row_id == family_id


def test_bad_input_reports_every_field_and_writes_nothing(session_factory):
    bad = {**DUPONT, "email": "jean@", "phone_home": "12", "postal_code": "314"}
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        families.create_family(s, bad)
    assert set(err.value.errors) == {"primary.email", "primary.phone_home", "primary.postal_code"}
    with session_factory() as s:
        assert s.scalar(select(ChangeLog.id)) is None


def test_stale_version_is_refused(session_factory):
    with db.transaction(session_factory) as s:
        family_id = families.create_family(s, DUPONT).id
    with db.transaction(session_factory, "staff:chrystelle") as s:
        families.update_guardian(s, family_id, GuardianRole.PRIMARY, {"city": "ALIX"},
                                 expected_version=1)
    with pytest.raises(ConcurrentEditError, match="chrystelle"), \
            db.transaction(session_factory, "staff:nancy") as s:
        families.update_guardian(s, family_id, GuardianRole.PRIMARY, {"city": "LYON"},
                                 expected_version=1)
