"""One open reservation or absence request per child, service and day, enforced by the
database (uq_request_open_planning, migration 0003): the index itself, the migration that
resolves the duplicates an older database may hold, and the service's answer when the index,
not the check before it, finds the duplicate."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import IntegrityError

from portail_admin.core import db, locks
from portail_admin.core.errors import ValidationError
from portail_admin.core.migrations import alembic_config, current_revision, head_revision, upgrade
from portail_admin.core.models import Child, Family, Guardian, Request, Service, Structure
from portail_admin.core.models.base import UTCDateTime
from portail_admin.core.models.enums import (
    GuardianRole,
    RequestKind,
    RequestStatus,
    ServiceUnit,
)
from portail_admin.core.services import requests as rq
from tests.core.test_migrations import (  # noqa: F401  (fixtures)
    PG_URL,
    _differences,
    _refused,
    empty_postgresql,
    empty_sqlite,
    family_id,
)
from tests.core.test_request_race import (  # noqa: F401  (fixtures)
    DAY,
    book,
    cell_requests,
    race,
    refusals,
    w,
)

T0 = dt.datetime(2015, 5, 4, 7, 0, tzinfo=dt.UTC)
RESERVED = {"booking": "reserved"}
NONE = {"booking": "none"}


def _cell(session, family_id_: int) -> tuple[int, int]:
    structure = Structure(name="Accueil de Loisirs")
    service = Service(
        structure=structure, name="ALSH Mercredi", code="ALSH-ME", unit=ServiceUnit.DAY
    )
    child = Child(
        family_id=family_id_, last_name="DUPONT", first_name="LÉA", birth_date=dt.date(2008, 3, 12)
    )
    session.add_all([structure, service, child])
    session.flush()
    return child.id, service.id


def _planning_request(family_id_, child_id, service_id, day=DAY, **values) -> Request:
    values.setdefault("status", RequestStatus.PENDING)
    values.setdefault("created_at", T0)
    return Request(
        family_id=family_id_,
        child_id=child_id,
        service_id=service_id,
        day=day,
        kind=values.pop("kind", RequestKind.RESERVATION),
        old_values=NONE,
        new_values=RESERVED,
        **values,
    )


def test_the_database_refuses_a_second_open_request_for_a_cell(session_factory, family_id):  # noqa: F811
    with db.transaction(session_factory) as s:
        child_id, service_id = _cell(s, family_id)
        s.add(_planning_request(family_id, child_id, service_id))
    # Whatever its kind: an absence asked while a reservation is pending is refused too.
    for kind in (RequestKind.RESERVATION, RequestKind.ABSENCE):
        _refused(session_factory, _planning_request(family_id, child_id, service_id, kind=kind))
    with db.transaction(session_factory) as s:
        # Decided or withdrawn requests, other days and record changes are not open ones.
        s.add_all(
            [
                _planning_request(
                    family_id,
                    child_id,
                    service_id,
                    status=RequestStatus.WITHDRAWN,
                    decided_at=T0,
                ),
                _planning_request(
                    family_id,
                    child_id,
                    service_id,
                    status=RequestStatus.ACCEPTED,
                    decided_at=T0,
                ),
                _planning_request(family_id, child_id, service_id, day=DAY + dt.timedelta(7)),
                Request(family_id=family_id, child_id=child_id, kind=RequestKind.HEALTH),
                Request(family_id=family_id, child_id=child_id, kind=RequestKind.HEALTH),
            ]
        )


def test_a_duplicate_only_the_index_finds_gets_the_same_french_answer(
    session_factory, w, monkeypatch  # noqa: F811
):
    """Writers that do not take the day's lock (an older portal during an upgrade, a future
    code path) still store one request: the index refuses the others, answered in French."""
    monkeypatch.setattr(locks, "hold", lambda *args, **kwargs: None)
    wednesday = w.services["wednesday"]
    outcomes = race(book(session_factory, w.dupont_id, w.child_id, wednesday))
    messages = refusals(outcomes)
    assert outcomes.count(RequestStatus.PENDING) == 1
    assert len(messages) == len(outcomes) - 1
    assert all("déjà en attente" in m for m in messages), set(messages)
    assert [r.status for r in cell_requests(session_factory, w.child_id, wednesday)] == [
        RequestStatus.PENDING
    ]


def test_the_index_answer_is_the_check_answer(session_factory, w, monkeypatch):  # noqa: F811
    """The same cell asked again while the check is blind: the index's refusal is translated
    into the check's own French message, not a 409 or a database error."""
    wednesday = w.services["wednesday"]
    book(session_factory, w.dupont_id, w.child_id, wednesday)()
    with pytest.raises(ValidationError) as checked, db.transaction(session_factory) as s:
        rq.request_booking(s, w.dupont_id, w.child_id, wednesday, DAY, RequestKind.RESERVATION)
    monkeypatch.setattr(rq, "_pending_on_day", lambda *args: None)
    with db.transaction(session_factory) as s:  # a different request for the cell slips by
        pending = s.scalars(select(Request).where(Request.day == DAY)).one()
        pending.new_values = {"booking": "reserved", "note": "autre"}
    with pytest.raises(ValidationError) as indexed, db.transaction(session_factory) as s:
        rq.request_booking(s, w.dupont_id, w.child_id, wednesday, DAY, RequestKind.RESERVATION)
    assert indexed.value.errors == checked.value.errors == {"day": rq.ALREADY_PENDING_ON_DAY}
    assert isinstance(indexed.value.__cause__, IntegrityError)


# --- migration 0003 on a database that already holds duplicates ------------------------------


def _migrate_with_duplicates(engine) -> None:
    upgrade(engine)
    factory = db.make_session_factory(engine)
    with db.transaction(factory) as s:
        family = Family(family_number="1001001818331")
        family.guardians.append(
            Guardian(role=GuardianRole.PRIMARY, last_name="DUPONT", first_name="JEAN")
        )
        s.add(family)
        s.flush()
        child_id, service_id = _cell(s, family.id)
        kept = _planning_request(family.id, child_id, service_id)
        s.add(kept)
        s.flush()
        other_day = _planning_request(family.id, child_id, service_id, day=DAY + dt.timedelta(7))
        withdrawn = _planning_request(
            family.id, child_id, service_id, status=RequestStatus.WITHDRAWN, decided_at=T0
        )
        records = [
            Request(family_id=family.id, kind=RequestKind.TAX, new_values={"tax_shares": "2"})
            for _ in range(2)
        ]
        s.add_all([other_day, withdrawn, *records])
        s.flush()
        ids = {"kept": kept.id, "other_day": other_day.id, "withdrawn": withdrawn.id}
        ids.update({f"record{i}": r.id for i, r in enumerate(records)})
    command.downgrade(alembic_config(engine), "0002")
    copy = text(
        "INSERT INTO request (family_id, child_id, kind, status, service_id, day, old_values, "
        "new_values, created_at, motive, version) SELECT family_id, child_id, kind, status, "
        "service_id, day, old_values, new_values, :created_at, motive, version "
        "FROM request WHERE id = :id"
    ).bindparams(bindparam("created_at", type_=UTCDateTime()))
    with engine.begin() as conn:
        # A later duplicate and one made at the very same instant (the lower id is kept).
        for created_at in (T0 + dt.timedelta(minutes=1), T0):
            conn.execute(copy, {"id": ids["kept"], "created_at": created_at})
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    with factory() as s:
        by_id = {r.id: r for r in s.scalars(select(Request))}
    kept_ = by_id.pop(ids["kept"])
    assert kept_.status is RequestStatus.PENDING and kept_.version == 1
    for name in ("other_day", "record0", "record1"):
        assert by_id.pop(ids[name]).status is RequestStatus.PENDING, name
    assert by_id.pop(ids["withdrawn"]).motive == ""  # decided before: untouched
    assert len(by_id) == 2
    for duplicate in by_id.values():
        assert duplicate.status is RequestStatus.WITHDRAWN
        assert duplicate.decided_at is not None and duplicate.decided_by_id is None
        assert "en double" in duplicate.motive and duplicate.version == 2


def test_0003_resolves_existing_duplicates_on_sqlite(empty_sqlite):  # noqa: F811
    _migrate_with_duplicates(empty_sqlite)


@pytest.mark.skipif(not PG_URL, reason="PORTAIL_TEST_DATABASE_URL is not set")
def test_0003_resolves_existing_duplicates_on_postgresql(empty_postgresql):  # noqa: F811
    _migrate_with_duplicates(empty_postgresql)
