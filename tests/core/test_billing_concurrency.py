"""Runs started at once on two PCs (PostgreSQL only: SQLite has one writer at a time anyway):
each family is billed once, the numbers are unique and gapless, and a day is never billed
twice. Real concurrent sessions in threads released together by a barrier."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from portail_admin.core import db
from portail_admin.core.billing import corrections, run
from portail_admin.core.models import BilledDay, BillingRun, Invoice
from portail_admin.core.models.enums import InvoiceKind
from tests.conftest import PG_URL

from .billing_run_world import MARCH, build_billing_world

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="concurrent writers are tested on PostgreSQL (PORTAIL_TEST_DATABASE_URL)"
)


def race(attempts: list[Any]) -> list[Any]:
    """Run each attempt in its own thread, released at once; each one's result or exception."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Any] = [None] * len(attempts)

    def work(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            outcomes[index] = attempts[index]()
        except Exception as exc:  # noqa: BLE001 - the test looks at every outcome
            outcomes[index] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a run never finished"
    return outcomes


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_billing_world(session_factory)


def _issuer(factory, who: str):
    def issue() -> run.IssuedRun:
        with db.transaction(factory, f"staff:{who}") as s:
            return run.issue_month(s, MARCH)

    return issue


def _numbers(factory) -> list[int]:
    with factory() as s:
        return sorted(int(n.split("-")[1]) for n in s.scalars(select(Invoice.number)))


def test_runs_started_at_once_bill_each_family_once(w, session_factory):
    outcomes = race([_issuer(session_factory, f"pc{i}") for i in range(4)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    issued = [o for o in outcomes if o.run_id is not None]
    assert len(issued) == 1  # the others waited for it, then found nothing left to bill
    assert issued[0].numbers == ("AL-1", "AL-2")
    assert [o.message for o in outcomes if o.run_id is None] == [
        "Rien à facturer pour Mars 2015."
    ] * 3
    with session_factory() as s:
        families = Counter(s.scalars(select(Invoice.family_id)))
        assert families == {w.dupont: 1, w.martin: 1}
        assert s.scalar(select(func.count()).select_from(BillingRun)) == 1
        days = s.execute(
            select(BilledDay.child_id, BilledDay.service_id, BilledDay.day, func.count())
            .group_by(BilledDay.child_id, BilledDay.service_id, BilledDay.day)
            .having(func.count() > 1)
        ).all()
        assert days == []
    assert _numbers(session_factory) == [1, 2]


def test_runs_and_cancellations_at_once_leave_no_gap_and_no_duplicate(w, session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        first = run.issue_month(s, MARCH)
    dupont_invoice, martin_invoice = first.invoice_ids

    def cancel(invoice_id: int):
        def attempt() -> Invoice:
            with db.transaction(session_factory, "staff:agent") as s:
                return corrections.cancel_invoice(s, invoice_id, "Erreur de pointage")

        return attempt

    # Two PCs cancel the same invoice, two others cancel MARTIN's and run the month again.
    outcomes = race(
        [
            cancel(dupont_invoice),
            cancel(dupont_invoice),
            cancel(martin_invoice),
            _issuer(session_factory, "pc1"),
            _issuer(session_factory, "pc2"),
        ]
    )
    refused = [o for o in outcomes[:2] if isinstance(o, Exception)]
    assert len(refused) == 1 and "déjà entièrement annulée" in str(refused[0])
    assert not [o for o in outcomes[2:] if isinstance(o, Exception)], outcomes
    numbers = _numbers(session_factory)
    assert numbers == list(range(1, len(numbers) + 1))  # gapless, each once
    with session_factory() as s:
        notes = s.scalars(select(Invoice).where(Invoice.kind == InvoiceKind.CREDIT_NOTE)).all()
        assert Counter(n.corrects_invoice_id for n in notes) == {
            dupont_invoice: 1,
            martin_invoice: 1,
        }
        # Whatever the order, never a day billed twice while live.
        live = s.execute(
            select(BilledDay.child_id, BilledDay.service_id, BilledDay.day, func.count())
            .where(BilledDay.freed_by_id.is_(None))
            .group_by(BilledDay.child_id, BilledDay.service_id, BilledDay.day)
            .having(func.count() > 1)
        ).all()
        assert live == []
    # A last run bills whatever the cancellations freed after the racing runs had passed.
    with db.transaction(session_factory, "staff:nancy") as s:
        run.issue_month(s, MARCH)
    with session_factory() as s:
        invoiced = Counter(
            s.scalars(select(Invoice.family_id).where(Invoice.kind == InvoiceKind.INVOICE))
        )
        assert invoiced == {w.dupont: 2, w.martin: 2}
        assert run.preview_month(s, MARCH).count == 0
    numbers = _numbers(session_factory)
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_run_holds_every_service_s_tariffs_until_it_commits(w, session_factory):
    """A tariff edited or deleted on another PC waits for the run that prices with it."""
    from sqlalchemy import text

    from portail_admin.core import locks
    from portail_admin.core.models import Service

    with db.transaction(session_factory, "staff:chrystelle") as s:
        run.issue_month(s, MARCH)
        service_ids = list(s.scalars(select(Service.id)))
        held = set(
            s.scalars(
                text(
                    "SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks "
                    "WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                )
            )
        )
        wanted = {
            locks.advisory_key(locks.SERVICE_TARIFFS, sid) & 0xFFFFFFFFFFFFFFFF
            for sid in service_ids
        }
        assert service_ids and wanted <= {key & 0xFFFFFFFFFFFFFFFF for key in held}
