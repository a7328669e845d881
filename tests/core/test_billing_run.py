"""The monthly run: the preview (lines through the planning rules and the one pricing function,
alerts, French filing order), the issue in one transaction (numbers, dates, lines, billed days,
locked cells, the run's record, the change feed), re-running a month, a failure half-way, the
unique index on live billed days, the permission, and a billed cell refused by the grid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portail_admin.core import db
from portail_admin.core.billing import run
from portail_admin.core.billing.run import AlertKind, BillingRefused
from portail_admin.core.errors import ConcurrentEditError, PermissionDenied
from portail_admin.core.models import (
    BilledDay,
    BillingRun,
    ChangeLog,
    Invoice,
    InvoiceLine,
    NumberSequence,
    PlanningCell,
)
from portail_admin.core.models.enums import Attendance, Booking, InvoiceKind, LineKind, StaffRole
from portail_admin.core.planning import rules
from portail_admin.core.planning.edits import Target, apply_action

from .billing_run_world import MARCH, build_billing_world, d


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_billing_world(session_factory)


def _issue(factory, month=MARCH, **kwargs) -> run.IssuedRun:
    with db.transaction(factory, "staff:nancy") as s:
        return run.issue_month(s, month, **kwargs)


def _count(factory, model) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def _counter(factory) -> int | None:
    with factory() as s:
        row = s.get(NumberSequence, "AL")
        return None if row is None else row.next_value


# --------------------------------------------------------------------------- the preview


def test_the_preview_bills_each_family_through_the_rules_and_the_pricing(w, session):
    preview = run.preview_month(session, dt.date(2015, 3, 17))  # any day of the month
    assert preview.month == MARCH
    # Filed as a French reader expects: ÉCUYER between DUPONT and MARTIN, not after it.
    assert [f.name for f in preview.families] == [
        "BERNARD ZOÉ",
        "DUPONT JEAN",
        "ÉCUYER PAUL",
        "MARTIN CLAIRE",
    ]
    dupont = next(f for f in preview.families if f.family_id == w.dupont)
    got = [
        (line.child_id, line.service_id, line.kind, line.days, line.unit_price,
         line.reduction_pct, line.amount)
        for line in dupont.lines
    ]  # fmt: skip
    assert got == [
        # Léa, the eldest: the excused absence of the 6th is not billed.
        (w.lea, w.canteen, LineKind.PRESENT, (d(2), d(3), d(5)), Decimal("3.00"),
         Decimal("0"), Decimal("9.00")),
        (w.lea, w.garderie, LineKind.PRESENT_UNBOOKED, (d(2),), Decimal("1.50"),
         Decimal("0"), Decimal("1.50")),
        (w.lea, w.garderie, LineKind.ABSENT_BILLED, (d(3),), Decimal("1.50"),
         Decimal("0"), Decimal("1.50")),
        (w.lea, w.garderie, LineKind.UNBOOKED_SURCHARGE, (d(2),), Decimal("1.00"),
         Decimal("0"), Decimal("1.00")),
        (w.lea, w.garderie, LineKind.LATE_ABSENCE_SURCHARGE, (d(3),), Decimal("2.00"),
         Decimal("0"), Decimal("2.00")),
        # Tom, the second child (entered first): −10 %; his unrecorded day is not billed.
        (w.tom, w.canteen, LineKind.PRESENT, (d(2), d(3)), Decimal("3.00"),
         Decimal("10"), Decimal("5.40")),
    ]  # fmt: skip
    assert dupont.total == Decimal("20.40")
    assert dupont.alerts == [] and dupont.issuable and dupont.by_email
    assert dupont.email == "jean.dupont@wanadoo.fr"
    first = dupont.lines[0]
    assert first.child_name == "LÉA" and first.service_name == "Restaurant scolaire"
    assert first.label == "Restaurant scolaire — LÉA : réservé et présent"
    assert first.detail == "Tranche 1 (QF ≤ 800,00\u00a0€)"
    assert dupont.lines[-1].detail.endswith("(2e enfant)")
    assert (first.first_day, first.last_day, first.quantity) == (d(2), d(5), Decimal(3))
    # 17 × 4,15 € is 70,55 € exactly (floats say 70,549999…), at the top bracket without QF.
    martin = next(f for f in preview.families if f.family_id == w.martin)
    assert [(line.quantity, line.amount) for line in martin.lines] == [
        (Decimal(17), Decimal("70.55"))
    ]
    assert [a.kind for a in martin.alerts] == [AlertKind.NO_QF]
    assert martin.issuable and not martin.by_email
    assert preview.count == 2 and preview.total == Decimal("90.95")


def test_the_preview_alerts(w, session):
    preview = run.preview_month(session, MARCH)
    bernard = next(f for f in preview.families if f.family_id == w.bernard)
    assert [a.kind for a in bernard.alerts] == [
        AlertKind.NO_QF,
        AlertKind.NO_ADDRESS,
        AlertKind.NO_EMAIL,
        AlertKind.MISSING_TARIFF,
    ]
    missing = bernard.alerts[-1]
    assert missing.text == "Pas de tarif pour certains jours (Études : 04/03)"
    # The day without a tariff is left out; the priced day stays, but the family is blocked.
    assert [line.service_id for line in bernard.lines] == [w.canteen]
    assert bernard.blocked and not bernard.issuable
    ecuyer = next(f for f in preview.families if f.family_id == w.ecuyer)
    assert [a.kind for a in ecuyer.alerts] == [AlertKind.ZERO_AMOUNT]
    assert ecuyer.total == 0 and not ecuyer.issuable
    # A flat tariff never says "no QF": ÉCUYER has none either.
    assert AlertKind.NO_QF not in [a.kind for a in ecuyer.alerts]


def test_the_preview_of_some_families_and_of_an_empty_month(w, session):
    preview = run.preview_month(session, MARCH, family_ids=[w.martin, w.ecuyer])
    assert [f.family_id for f in preview.families] == [w.ecuyer, w.martin]
    assert run.preview_month(session, dt.date(2015, 2, 1)).families == []
    april = run.preview_month(session, dt.date(2015, 4, 1))
    assert [(f.family_id, f.total) for f in april.families] == [(w.martin, Decimal("4.15"))]


# --------------------------------------------------------------------------- the issue


def test_the_issue_writes_numbers_invoices_lines_billed_days_and_locks(w, session_factory):
    issued = _issue(session_factory, issued_on=dt.date(2015, 4, 2))
    assert issued.numbers == ("AL-1", "AL-2")  # DUPONT then MARTIN, in the preview's order
    assert issued.total == Decimal("90.95") and issued.count == 2
    assert issued.message == "2 factures émises pour Mars 2015 : 90,95\u00a0€ (AL-1 à AL-2)."
    with session_factory() as s:
        billing_run = s.get(BillingRun, issued.run_id)
        assert (billing_run.month, billing_run.issued_by) == (MARCH, "staff:nancy")
        assert (billing_run.invoice_count, billing_run.total) == (2, Decimal("90.95"))
        dupont = s.scalar(select(Invoice).where(Invoice.number == "AL-1"))
        assert dupont.family_id == w.dupont and dupont.kind is InvoiceKind.INVOICE
        assert dupont.id in issued.invoice_ids and dupont.run_id == issued.run_id
        assert (dupont.issued_on, dupont.due_on) == (dt.date(2015, 4, 2), dt.date(2015, 4, 24))
        assert (dupont.period_start, dupont.period_end) == (MARCH, dt.date(2015, 3, 31))
        assert dupont.total == Decimal("20.40")
        lines = dupont.lines
        assert [line.kind for line in lines] == [
            LineKind.PRESENT,
            LineKind.PRESENT_UNBOOKED,
            LineKind.ABSENT_BILLED,
            LineKind.UNBOOKED_SURCHARGE,
            LineKind.LATE_ABSENCE_SURCHARGE,
            LineKind.PRESENT,
        ]
        tom = lines[-1]
        assert (tom.child_id, tom.service_id, tom.first_day, tom.last_day) == (
            w.tom, w.canteen, d(2), d(3))  # fmt: skip
        assert (tom.quantity, tom.unit_price, tom.reduction_pct, tom.amount) == (
            Decimal(2), Decimal("3.00"), Decimal("10.00"), Decimal("5.40"))  # fmt: skip
        assert tom.label == "Restaurant scolaire — TOM : réservé et présent"
        assert "2e enfant" in tom.detail
        assert sum(line.amount for line in lines) == dupont.total
        # Days billed: the day lines' days only (the surcharges bill no day of their own).
        billed = s.execute(
            select(BilledDay.child_id, BilledDay.service_id, BilledDay.day, BilledDay.line_id)
            .where(BilledDay.invoice_id == dupont.id)
            .order_by(BilledDay.child_id, BilledDay.service_id, BilledDay.day)
        ).all()
        assert len(billed) == 3 + 1 + 1 + 2
        assert {row.line_id for row in billed} == {lines[i].id for i in (0, 1, 2, 5)}
        assert _count(session_factory, BilledDay) == 7 + 17
        # The billed cells carry the invoice's number; the others are untouched.
        cells = {(c.child_id, c.service_id, c.day): c for c in s.scalars(select(PlanningCell))}
        lea_day = cells[(w.lea, w.canteen, d(2))]
        assert lea_day.locked_reason == rules.billed_lock("AL-1") == "Facturé (AL-1)"
        assert lea_day.version == 2 and lea_day.updated_by == "staff:nancy"
        assert cells[(w.hugo, w.canteen, d(17))].locked_reason == "Facturé (AL-2)"
        for unbilled in (
            (w.lea, w.canteen, d(6)),  # excused
            (w.tom, w.canteen, d(5)),  # not recorded
            (w.zoe_child, w.canteen, d(5)),  # blocked family
            (w.paul_child, w.morning, d(9)),  # zero amount
            (w.hugo, w.canteen, dt.date(2015, 4, 1)),  # April
        ):
            assert cells[unbilled].locked_reason is None and cells[unbilled].version == 1
        # The change feed tells the grids and the invoice lists.
        logged = s.execute(
            select(ChangeLog.table_name, ChangeLog.service_id, ChangeLog.count).where(
                ChangeLog.table_name.in_(["invoice", "planning_cell", "billing_run"])
            )
        ).all()
        assert ("invoice", None, 2) in logged
        assert ("planning_cell", w.canteen, 3 + 2 + 17) in logged
        assert ("planning_cell", w.garderie, 2) in logged
        assert any(row.table_name == "billing_run" for row in logged)
    assert _counter(session_factory) == 3


def test_the_due_date_and_prefix_come_from_the_settings(w, session_factory, pinned_clock):
    from portail_admin.core.models import CommuneSettings

    with db.transaction(session_factory) as s:
        settings = s.get(CommuneSettings, 1)
        settings.regie_prefix, settings.invoice_due_days = "REG", 30
    issued = _issue(session_factory)
    assert issued.numbers == ("REG-1", "REG-2")
    with session_factory() as s:
        invoice = s.get(Invoice, issued.invoice_ids[0])
        assert invoice.issued_on == pinned_clock
        assert invoice.due_on == pinned_clock + dt.timedelta(days=30)


def test_excluded_families_are_left_for_later(w, session_factory):
    issued = _issue(session_factory, exclude=[w.dupont])
    assert issued.numbers == ("AL-1",) and issued.total == Decimal("70.55")
    assert issued.message == "1 facture émise pour Mars 2015 : 70,55\u00a0€ (AL-1)."
    with session_factory() as s:
        preview = run.preview_month(s, MARCH)
        assert [f.family_id for f in preview.families if f.issuable] == [w.dupont]
    assert _issue(session_factory).numbers == ("AL-2",)


def test_running_a_month_again_bills_only_a_late_pointage(w, session_factory):
    first = _issue(session_factory)
    again = _issue(session_factory)
    assert again.run_id is None and again.count == 0 and again.total == 0
    assert again.message == "Rien à facturer pour Mars 2015."
    assert _count(session_factory, BillingRun) == 1
    with session_factory() as s:
        preview = run.preview_month(s, MARCH)
        assert [f.family_id for f in preview.families] == [w.bernard, w.ecuyer]
    # Hugo's presence of 18 March is recorded late, Tom's 5 March too.
    with db.transaction(session_factory, "staff:nancy") as s:
        s.add(
            PlanningCell(
                child_id=w.hugo,
                service_id=w.canteen,
                day=d(18),
                booking=Booking.RESERVED,
                attendance=Attendance.PRESENT,
            )
        )
        s.execute(
            update(PlanningCell)
            .where(PlanningCell.child_id == w.tom, PlanningCell.day == d(5))
            .values(attendance=Attendance.PRESENT)
        )  # fmt: skip
    late = _issue(session_factory)
    assert late.numbers == ("AL-3", "AL-4")
    with session_factory() as s:
        dupont, martin = (s.get(Invoice, i) for i in late.invoice_ids)
        assert [(line.child_id, line.first_day, line.quantity, line.amount)
                for line in dupont.lines] == [(w.tom, d(5), 1, Decimal("2.70"))]  # fmt: skip
        assert [(line.first_day, line.amount) for line in martin.lines] == [
            (d(18), Decimal("4.15"))
        ]
    assert first.run_id != late.run_id
    assert _count(session_factory, BilledDay) == 24 + 2


def test_a_month_not_begun_is_refused_and_a_month_under_way_is_billed(w, session_factory):
    with pytest.raises(BillingRefused, match="Juin 2015 n'a pas commencé"):
        _issue(session_factory, dt.date(2015, 6, 1))
    with pytest.raises(BillingRefused, match="ne peuvent être datées d'avant ce mois"):
        _issue(session_factory, issued_on=dt.date(2015, 2, 28))
    assert _counter(session_factory) is None
    with db.transaction(session_factory) as s:  # May, the current month: what is recorded
        s.add(PlanningCell(child_id=w.hugo, service_id=w.canteen, day=dt.date(2015, 5, 4),
                           booking=Booking.RESERVED, attendance=Attendance.PRESENT))  # fmt: skip
    assert _issue(session_factory, dt.date(2015, 5, 1)).total == Decimal("4.15")


def test_the_permission_to_bill(w, session_factory):
    with pytest.raises(PermissionDenied, match="facturation"):
        _issue(session_factory, role=StaffRole.ANIMATEUR)
    assert _count(session_factory, Invoice) == 0
    assert _issue(session_factory, role=StaffRole.AGENT).count == 2


class Boom(Exception):
    pass


def test_a_failure_half_way_issues_nothing(w, session_factory, monkeypatch):
    taken = []
    real_take, real_log = run.take_next, run._log

    def take_then_fail(session, prefix, *args):
        if taken:
            raise Boom  # the second family's number
        taken.append(real_take(session, prefix, *args))
        return taken[-1]

    monkeypatch.setattr(run, "take_next", take_then_fail)
    with pytest.raises(Boom):
        _issue(session_factory)
    assert taken == [1]
    # And a failure at the very end, once everything is written and locked.
    monkeypatch.setattr(run, "take_next", real_take)

    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(run, "_log", fail)
    with pytest.raises(Boom):
        _issue(session_factory)
    for model in (Invoice, InvoiceLine, BilledDay, BillingRun):
        assert _count(session_factory, model) == 0, model
    assert _counter(session_factory) is None  # not even created
    with session_factory() as s:
        assert s.scalars(select(PlanningCell.locked_reason).distinct()).all() == [None]
        assert set(s.scalars(select(PlanningCell.version))) == {1}
    monkeypatch.setattr(run, "_log", real_log)
    assert _issue(session_factory).numbers == ("AL-1", "AL-2")  # no number was lost


def test_a_cell_changed_while_the_run_reads_stops_the_run(w, session_factory, monkeypatch):
    real_preview = run.preview_month

    def preview_then_edit(session, month, family_ids=None):
        preview = real_preview(session, month, family_ids)
        # A colleague's edit of Hugo's 3 March, committed between the read and the lock.
        session.execute(
            update(PlanningCell.__table__)
            .where(PlanningCell.child_id == w.hugo, PlanningCell.day == d(3))
            .values(version=PlanningCell.version + 1, attendance=Attendance.ABSENT_EXCUSED)
        )
        return preview

    monkeypatch.setattr(run, "preview_month", preview_then_edit)
    with pytest.raises(ConcurrentEditError, match="rien n'a été émis"):
        _issue(session_factory)
    assert _count(session_factory, Invoice) == 0


def test_progress_is_reported_and_a_cancel_issues_nothing(w, session_factory):
    class Sink:
        def __init__(self, cancel_after: int | None = None):
            self.reports: list[tuple[int, int, str]] = []
            self.cancel_after = cancel_after

        def report(self, done, total, text=""):
            self.reports.append((done, total, text))

        @property
        def cancelled(self):
            return self.cancel_after is not None and len(self.reports) >= self.cancel_after

    from portail_admin.core.reports.progress import Cancelled

    with pytest.raises(Cancelled):
        _issue(session_factory, progress=Sink(cancel_after=1))
    assert _count(session_factory, Invoice) == 0
    sink = Sink()
    _issue(session_factory, progress=sink)
    assert sink.reports[0] == (0, 2, "Facture AL-1")
    assert sink.reports[-1] == (2, 2, "Factures émises")


# --------------------------------------------------------------------------- double bills


def test_a_second_live_billed_day_is_refused_by_the_database(w, session_factory):
    issued = _issue(session_factory)
    with session_factory() as s:
        row = s.scalars(select(BilledDay).where(BilledDay.child_id == w.hugo)).first()
        values = {
            "invoice_id": row.invoice_id,
            "line_id": row.line_id,
            "child_id": row.child_id,
            "service_id": row.service_id,
            "day": row.day,
        }
    with pytest.raises(IntegrityError), session_factory() as s, s.begin():
        s.add(BilledDay(**values))
    # Freed (by a credit note), the same day may be billed again.
    with session_factory() as s, s.begin():
        s.execute(
            update(BilledDay)
            .where(BilledDay.id == row.id)
            .values(freed_by_id=issued.invoice_ids[0])
        )
        s.add(BilledDay(**values))
    with session_factory() as s:
        assert (
            s.scalar(
                select(func.count()).where(
                    BilledDay.child_id == values["child_id"], BilledDay.day == values["day"]
                )
            )
            == 2
        )


def test_a_billed_cell_refuses_an_edit_from_the_grid(w, session_factory, pinned_clock):
    _issue(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        applied = apply_action(s, w.canteen, [Target(w.hugo, d(3))], rules.Action.ABSENT_EXCUSED)
        assert applied.changes == []
        assert applied.plan.skipped == {"jour facturé": 1}
        assert applied.summary() == "Aucune case modifiée ; 1 case ignorée : jour facturé"
        unlock = apply_action(s, w.canteen, [Target(w.hugo, d(3))], rules.Action.UNLOCK)
        assert unlock.plan.skipped == {"jour facturé": 1}
        # A cell not billed still takes the edit.
        other = apply_action(s, w.canteen, [Target(w.tom, d(5))], rules.Action.ABSENT_EXCUSED)
        assert len(other.changes) == 1
    with session_factory() as s:
        cell = s.scalar(
            select(PlanningCell).where(PlanningCell.child_id == w.hugo, PlanningCell.day == d(3))
        )
        assert cell.attendance is Attendance.PRESENT and cell.locked_reason == "Facturé (AL-2)"
