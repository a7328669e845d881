"""The change feed never skips a change, reads until caught up, and says what each change
concerns (family, child, service, days), bulk statements and deletions included."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from sqlalchemy import delete

from portail_admin.core import db
from portail_admin.core.changefeed import (
    FeedPosition,
    changes_since,
    feed_end,
    read_changes,
    record_bulk_change,
    written_changes,
)
from portail_admin.core.models import AuthorisedPerson, Child, PlanningCell
from portail_admin.core.models.enums import Booking, ChangeAction, GuardianRole
from portail_admin.core.services import children, families
from tests.conftest import PG_URL
from tests.world import build_world

postgres_only = pytest.mark.skipif(
    not PG_URL, reason="commit order differs from id order only on PostgreSQL"
)


def _family(session, last_name: str) -> int:
    return families.create_family(session, {"last_name": last_name, "first_name": "Jean"}).id


def _families(factory, count: int) -> list[int]:
    """Families made beforehand: the concurrent writers below only update them, because
    creating a family takes the family-number counter's lock (writers would queue)."""
    with db.transaction(factory) as s:
        return [_family(s, f"Famille {n}") for n in range(count)]


def _touch(session, family_id: int, n: int) -> None:
    families.update_guardian(session, family_id, GuardianRole.PRIMARY, {"city": f"Ville {n}"})


def _start(factory) -> FeedPosition:
    with factory() as s:
        return feed_end(s)


def _read(factory, position: FeedPosition, **kwargs):
    with factory() as s:
        return read_changes(s, position, **kwargs)


@postgres_only
def test_a_long_transaction_committing_after_a_shorter_one_is_not_skipped(session_factory):
    long_family, short_family = _families(session_factory, 2)
    position = _start(session_factory)
    long = session_factory()
    long.begin()
    long.info["actor"] = "staff:nancy"
    _touch(long, long_family, 1)
    long.flush()  # its change rows have taken their ids: lower than the short one's
    with db.transaction(session_factory, "staff:chrystelle") as short:
        _touch(short, short_family, 1)

    position, first = _read(session_factory, position)
    assert {c.family_id for c in first} == {short_family}
    # What a reader keeping `id > last_id` would do from here: the long one is below it.
    passed = max(c.id for c in first)

    long.commit()
    long.close()
    position, second = _read(session_factory, position)
    assert {c.family_id for c in second} == {long_family}
    assert all(c.id < passed for c in second)
    with session_factory() as s:
        assert not [c for c in changes_since(s, passed) if c.family_id == long_family]
    # Exactly once: nothing more to read, nothing read twice.
    assert _read(session_factory, position)[1] == []


@postgres_only
def test_a_rolled_back_long_transaction_never_appears_and_does_not_hold_the_feed(
    session_factory,
):
    cancelled, kept = _families(session_factory, 2)
    position = _start(session_factory)
    long = session_factory()
    long.begin()
    _touch(long, cancelled, 1)
    long.flush()
    with db.transaction(session_factory) as s:
        _touch(s, kept, 1)
    position, first = _read(session_factory, position)
    long.rollback()
    long.close()
    position, second = _read(session_factory, position)
    assert {c.family_id for c in first} == {kept}
    assert second == []
    assert _read(session_factory, position)[1] == []


@postgres_only
def test_many_writers_in_random_commit_order_one_reader_loses_and_repeats_nothing(
    session_factory,
):
    """Four writers whose transactions overlap and commit in random order while a reader
    follows the feed: the reader gets every committed row exactly once."""
    writer_families = _families(session_factory, 4)
    position = start = _start(session_factory)
    stop = threading.Event()
    delivered: list[int] = []
    errors: list[BaseException] = []

    def write(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for n in range(15):
                with db.transaction(session_factory, f"staff:w{seed}") as s:
                    _touch(s, writer_families[seed], n)
                    s.flush()
                    threading.Event().wait(rng.random() / 50)  # stay open a moment
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def follow() -> None:
        nonlocal position
        while not stop.is_set():
            position, new = _read(session_factory, position)
            delivered.extend(c.id for c in new)

    reader = threading.Thread(target=follow)
    reader.start()
    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join()
    position, rest = _read(session_factory, position)
    delivered.extend(c.id for c in rest)
    assert not errors
    with session_factory() as s:
        everything = [c.id for c in changes_since(s, start.last_id, limit=10_000)]
    assert len(delivered) == len(set(delivered)), "a change was delivered twice"
    assert len(delivered) == 4 * 15  # one guardian update each time
    assert sorted(delivered) == sorted(everything)


def test_a_reader_that_is_behind_reads_every_page_at_once(session_factory):
    position = _start(session_factory)
    with db.transaction(session_factory) as s:
        for n in range(130):  # 260 rows: several pages of 50
            _family(s, f"Famille {n}")
    position, new = _read(session_factory, position, page_size=50)
    assert len(new) == 260
    assert [c.id for c in new] == sorted(c.id for c in new)
    assert _read(session_factory, position, page_size=50)[1] == []


def test_each_change_says_what_it_concerns_deletions_included(session_factory, pinned_clock):
    world = build_world(session_factory)
    position = _start(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        children.add_authorised_person(
            s, world.child_id, {"last_name": "Durand", "first_name": "Léa", "phone": "0478439168"}
        )
        children.set_health(s, world.child_id, {"doctor_name": "Dr Martin"})
    position, new = _read(session_factory, position)
    person = next(c for c in new if c.table_name == "authorised_person")
    health = next(c for c in new if c.table_name == "health_record")
    for change in (person, health):
        assert (change.family_id, change.child_id) == (world.dupont_id, world.child_id)

    # Deleting the child deletes its persons with it: each deletion still says whose it was.
    with db.transaction(session_factory, "staff:nancy") as s:
        s.delete(s.get(Child, world.child_id))
    position, gone = _read(session_factory, position)
    assert {c.table_name for c in gone} >= {"child", "authorised_person", "health_record"}
    for change in gone:
        assert change.action is ChangeAction.DELETE
        assert (change.family_id, change.child_id) == (world.dupont_id, world.child_id)
        assert change.touches(family_id=world.dupont_id)
        assert not change.touches(family_id=world.martin_id)


def test_a_planning_cell_is_scoped_by_child_family_service_and_day(session_factory, pinned_clock):
    world = build_world(session_factory)
    service_id = world.services["morning"]
    day = dt.date(2015, 5, 5)
    position = _start(session_factory)
    with db.transaction(session_factory) as s:
        s.add(
            PlanningCell(
                child_id=world.child_id, service_id=service_id, day=day, booking=Booking.RESERVED
            )
        )
    _, (cell,) = _read(session_factory, position)
    assert (cell.family_id, cell.child_id, cell.service_id) == (
        world.dupont_id,
        world.child_id,
        service_id,
    )
    assert cell.day_from == cell.day_to == day
    assert cell.touches(service_id=service_id, day=day)
    assert not cell.touches(service_id=service_id, day=day + dt.timedelta(days=1))
    assert not cell.touches(tables={"request"})


def test_a_bulk_statement_is_one_compact_row(session_factory, pinned_clock):
    world = build_world(session_factory)
    service_id = world.services["morning"]
    position = _start(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        deleted = s.execute(delete(PlanningCell).where(PlanningCell.service_id == service_id))
        record_bulk_change(
            s,
            "planning_cell",
            ChangeAction.DELETE,
            count=deleted.rowcount,
            service_id=service_id,
            day_from=dt.date(2015, 5, 1),
            day_to=dt.date(2015, 5, 31),
        )
    _, (bulk,) = _read(session_factory, position)
    assert bulk.bulk and bulk.row_id == 0
    assert (bulk.actor, bulk.service_id, bulk.count) == (
        "staff:nancy",
        service_id,
        deleted.rowcount,
    )
    assert bulk.touches(service_id=service_id, day=dt.date(2015, 5, 20))
    assert not bulk.touches(service_id=service_id, day=dt.date(2015, 6, 1))
    assert not bulk.touches(service_id=world.services["wednesday"])
    # No family on a service-wide row: a family's view cannot rule it out.
    assert bulk.touches(family_id=world.dupont_id)


def test_written_changes_are_the_transactions_own_rows(session_factory, pinned_clock):
    build_world(session_factory)
    position = _start(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        family_id = _family(s, "Neuve")
        mine = written_changes(s)
    _, feed = _read(session_factory, position)
    assert [c.id for c in mine] == [c.id for c in feed]
    assert {c.family_id for c in mine} == {family_id}
    # A rolled-back transaction has written nothing, and a new one starts empty.
    with session_factory() as s, s.begin():
        _family(s, "Annulée")
        s.flush()
        assert written_changes(s)
        s.rollback()
        assert written_changes(s) == []


def test_the_demo_loader_bulk_rows_are_in_the_feed(session_factory):
    from portail_admin.core import demo

    position = _start(session_factory)
    demo.load_demo(session_factory, families=demo.BULK_THRESHOLD + 1)
    _, new = _read(session_factory, position)
    cells = [c for c in new if c.table_name == "planning_cell"]
    bulk = [c for c in cells if c.bulk]  # the DUPONT family of the manual goes through the ORM
    assert bulk, "the bulk-loaded planning cells are not in the feed"
    assert all(c.service_id and c.day_from and c.day_to for c in bulk)
    with session_factory() as s:
        total = s.query(PlanningCell).count()
        persons = s.query(AuthorisedPerson).count()
    assert sum(c.count for c in cells) == total
    assert sum(c.count for c in new if c.table_name == "authorised_person") == persons
    assert len(new) < 1000  # compact: not one row per record
