"""Gapless counters: numbers follow one another, a rollback gives its number back, and two
concurrent transactions never get the same number."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import NumberSequence
from portail_admin.core.services.sequences import take_block, take_next


class Boom(Exception):
    pass


def test_numbers_follow_without_gap(session_factory):
    with db.transaction(session_factory) as s:
        assert [take_next(s, "AL") for _ in range(3)] == [1, 2, 3]
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL") == 4
    with session_factory() as s:
        assert s.get(NumberSequence, "AL").next_value == 5


def test_a_new_counter_starts_at_start(session_factory):
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL", start=36) == 36
        assert take_next(s, "AL", start=36) == 37
        assert take_next(s, "AL", start=1000) == 38  # start only matters for a new counter


def test_a_block_is_consecutive_and_the_next_number_follows_it(session_factory):
    with db.transaction(session_factory) as s:
        assert list(take_block(s, "AL", 3, start=36)) == [36, 37, 38]
        assert take_next(s, "AL") == 39
    with pytest.raises(Boom), db.transaction(session_factory) as s:
        assert list(take_block(s, "AL", 1000)) == list(range(40, 1040))
        raise Boom
    with db.transaction(session_factory) as s:
        assert list(take_block(s, "AL", 2)) == [40, 41]  # the rolled-back block came back
    with pytest.raises(ValueError), db.transaction(session_factory) as s:
        take_block(s, "AL", 0)


def test_prefixes_are_independent(session_factory):
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL") == 1
        assert take_next(s, "AV") == 1
        assert take_next(s, "AL") == 2


def test_a_rolled_back_transaction_gives_its_number_back(session_factory):
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL") == 1
    with pytest.raises(Boom), db.transaction(session_factory) as s:
        assert take_next(s, "AL") == 2
        raise Boom
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL") == 2


def test_a_rolled_back_first_number_gives_the_counter_back(session_factory):
    with pytest.raises(Boom), db.transaction(session_factory) as s:
        assert take_next(s, "AL", start=36) == 36
        raise Boom
    with session_factory() as s:
        assert s.scalar(select(NumberSequence)) is None
    with db.transaction(session_factory) as s:
        assert take_next(s, "AL", start=36) == 36


def _take_concurrently(session_factory, prefix, workers, rounds, fail_every=0):
    """Each worker takes numbers in its own transactions, holding each a little while."""
    barrier = threading.Barrier(workers)
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        try:
            barrier.wait(timeout=30)
            for round_ in range(rounds):
                try:
                    with db.transaction(session_factory, f"staff:w{worker}") as s:
                        number = take_next(s, prefix)
                        # Let the other workers run while this one holds its number (a yield,
                        # not a delay: the assertions never depend on timing).
                        time.sleep(0)
                        if fail_every and (worker + round_) % fail_every == 0:
                            raise Boom
                except Boom:
                    continue
                with lock:
                    taken.append(number)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return taken


def test_concurrent_transactions_never_share_a_number(session_factory):
    # The counter does not exist yet: the workers also race to create it.
    taken = _take_concurrently(session_factory, "AL", workers=8, rounds=5)
    assert sorted(taken) == list(range(1, 41))


def test_concurrent_transactions_with_rollbacks_leave_no_gap(session_factory):
    taken = _take_concurrently(session_factory, "AL", workers=6, rounds=6, fail_every=3)
    assert len(taken) == len(set(taken))
    assert sorted(taken) == list(range(1, len(taken) + 1))
    with session_factory() as s:
        assert s.get(NumberSequence, "AL").next_value == len(taken) + 1
