"""Corrections never edit an invoice: cancelling or reducing it issues a credit note with its
own number from the same counter, referring to the invoice and to each line it corrects.
Cancelling frees the billed days (the next run bills them again) and unlocks their cells;
reducing leaves them billed. The family's balance follows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.billing import corrections, run
from portail_admin.core.billing.run import BillingRefused
from portail_admin.core.errors import NotFoundError, PermissionDenied, ValidationError
from portail_admin.core.models import BilledDay, Invoice, PlanningCell
from portail_admin.core.models.enums import InvoiceKind, LineKind, StaffRole
from portail_admin.core.services import statement

from .billing_run_world import MARCH, build_billing_world, d


@pytest.fixture
def issued(session_factory, pinned_clock):
    world = build_billing_world(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        result = run.issue_month(s, MARCH, issued_on=dt.date(2015, 4, 2))
    assert result.numbers == ("AL-1", "AL-2")
    return world, result.invoice_ids[0], result.invoice_ids[1]  # DUPONT's, MARTIN's


def _locks(factory, child_id: int) -> set[str | None]:
    """The lock reasons of the child's March cells."""
    with factory() as s:
        return set(
            s.scalars(
                select(PlanningCell.locked_reason).where(
                    PlanningCell.child_id == child_id, PlanningCell.day < dt.date(2015, 4, 1)
                )
            )
        )


def test_cancelling_issues_a_credit_note_and_frees_the_days(issued, session_factory):
    w, dupont_invoice, martin_invoice = issued
    with session_factory() as s:
        assert statement.balance(s, w.dupont) == Decimal("-20.40")
    with db.transaction(session_factory, "staff:nancy") as s:
        note = corrections.cancel_invoice(s, dupont_invoice, "  Erreur de pointage  ")
        note_id = note.id
    with session_factory() as s:
        note = s.get(Invoice, note_id)
        invoice = s.get(Invoice, dupont_invoice)
        assert note.number == "AL-3" and note.kind is InvoiceKind.CREDIT_NOTE
        assert note.corrects_invoice_id == invoice.id and note.family_id == w.dupont
        assert note.reason == "Erreur de pointage"
        assert note.issued_on == note.due_on == dt.date(2015, 5, 4)  # today
        assert (note.period_start, note.period_end) == (invoice.period_start, invoice.period_end)
        assert note.total == Decimal("-20.40")
        assert [line.corrects_line_id for line in note.lines] == [line.id for line in invoice.lines]
        assert all(line.kind is LineKind.CORRECTION for line in note.lines)
        assert [line.amount for line in note.lines] == [-line.amount for line in invoice.lines]
        tom = note.lines[-1]
        assert (tom.quantity, tom.unit_price, tom.reduction_pct) == (
            Decimal("-2"), Decimal("3.00"), Decimal("10.00"))  # fmt: skip
        assert tom.label == "Annulation : Restaurant scolaire — TOM : réservé et présent"
        assert (tom.child_id, tom.service_id, tom.first_day) == (w.tom, w.canteen, d(2))
        # The invoice itself is unchanged.
        assert invoice.total == Decimal("20.40") and len(invoice.lines) == 6
        freed = s.scalars(select(BilledDay.freed_by_id).where(BilledDay.invoice_id == invoice.id))
        assert set(freed) == {note.id}
        assert statement.balance(s, w.dupont) == Decimal("0.00")
    assert _locks(session_factory, w.lea) == {None}
    assert _locks(session_factory, w.tom) == {None}
    assert _locks(session_factory, w.hugo) == {"Facturé (AL-2)"}  # another invoice's days
    # The freed days are billed again by the next run, with a new number.
    with session_factory() as s:
        preview = run.preview_month(s, MARCH)
        dupont = next(f for f in preview.families if f.family_id == w.dupont)
        assert dupont.total == Decimal("20.40") and dupont.issuable
    with db.transaction(session_factory, "staff:nancy") as s:
        again = run.issue_month(s, MARCH)
    assert again.numbers == ("AL-4",) and again.total == Decimal("20.40")
    assert _locks(session_factory, w.lea) == {"Facturé (AL-4)", None}  # the excused day: None
    with session_factory() as s:
        assert statement.balance(s, w.dupont) == Decimal("-20.40")


def test_refusals(issued, session_factory):
    w, dupont_invoice, _ = issued
    with session_factory() as s, s.begin():
        with pytest.raises(ValidationError, match="motif"):
            corrections.cancel_invoice(s, dupont_invoice, "   ")
        with pytest.raises(NotFoundError, match="introuvable"):
            corrections.cancel_invoice(s, 9999, "Erreur")
        with pytest.raises(PermissionDenied, match="facturation"):
            corrections.cancel_invoice(s, dupont_invoice, "Erreur", role=StaffRole.ANIMATEUR)
        with pytest.raises(PermissionDenied):
            corrections.reduce_invoice(
                s, dupont_invoice, {1: Decimal("1")}, "Geste", role=StaffRole.ANIMATEUR
            )
    with db.transaction(session_factory, "staff:nancy") as s:
        note = corrections.cancel_invoice(s, dupont_invoice, "Erreur", role=StaffRole.AGENT)
        note_id, note_number = note.id, note.number
    with session_factory() as s, s.begin():
        with pytest.raises(BillingRefused, match="AL-1 est déjà entièrement annulée"):
            corrections.cancel_invoice(s, dupont_invoice, "Encore")
        with pytest.raises(BillingRefused, match=f"{note_number} est un avoir"):
            corrections.cancel_invoice(s, note_id, "Erreur")
        with pytest.raises(BillingRefused, match="entièrement annulée"):
            corrections.reduce_invoice(s, dupont_invoice, {1: Decimal("1")}, "Geste")
    with session_factory() as s:  # nothing else was issued by the refusals
        assert s.scalar(select(Invoice.number).order_by(Invoice.id.desc())) == "AL-3"


def test_reducing_credits_part_of_lines_and_keeps_the_days_billed(issued, session_factory):
    w, dupont_invoice, _ = issued
    with session_factory() as s:
        lines = s.get(Invoice, dupont_invoice).lines
        canteen, surcharge = lines[0].id, lines[3].id  # 9,00 € and 1,00 €
    with db.transaction(session_factory, "staff:nancy") as s:
        note = corrections.reduce_invoice(
            s, dupont_invoice, {canteen: Decimal("4.00"), surcharge: "1,00"}, "Geste commercial"
        )
        assert note.number == "AL-3" and note.total == Decimal("-5.00")
        assert [(x.corrects_line_id, x.quantity, x.unit_price, x.amount) for x in note.lines] == [
            (canteen, Decimal("-1"), Decimal("4.00"), Decimal("-4.00")),
            (surcharge, Decimal("-1"), Decimal("1.00"), Decimal("-1.00")),
        ]
        assert note.lines[0].label.startswith("Réduction : Restaurant scolaire")
    with session_factory() as s:
        assert statement.balance(s, w.dupont) == Decimal("-15.40")
        assert (
            s.scalars(
                select(BilledDay.freed_by_id).where(BilledDay.invoice_id == dupont_invoice)
            ).all()
            == [None] * 7
        )
    assert _locks(session_factory, w.tom) == {"Facturé (AL-1)", None}
    with session_factory() as s:  # nothing of DUPONT's to bill again
        assert w.dupont not in [f.family_id for f in run.preview_month(s, MARCH).families]
    bad = {
        canteen: (Decimal("5.01"), "Au plus 5,00\u00a0€"),  # 9,00 − 4,00 left
        surcharge: (Decimal("0.01"), "Au plus 0,00\u00a0€"),
        lines[1].id: (Decimal("0"), "positif"),
        lines[2].id: (Decimal("0.005"), "deux décimales"),
        lines[4].id: ("deux euros", "Montant invalide"),
        lines[5].id: (Decimal("-1"), "positif"),
        99999: (Decimal("1"), "n'est pas sur la facture AL-1"),
    }
    with session_factory() as s, s.begin():
        with pytest.raises(ValidationError) as refused:
            corrections.reduce_invoice(
                s, dupont_invoice, {k: v for k, (v, _) in bad.items()}, "Trop"
            )
        for line_id, (_, message) in bad.items():
            assert message in refused.value.errors[f"line.{line_id}"]
        with pytest.raises(ValidationError, match="au moins une ligne"):
            corrections.reduce_invoice(s, dupont_invoice, {}, "Rien")
    # Cancelling afterwards credits only what is left, and frees the days.
    with db.transaction(session_factory, "staff:nancy") as s:
        note = corrections.cancel_invoice(s, dupont_invoice, "Annulée")
        assert note.number == "AL-4" and note.total == Decimal("-15.40")
        by_line = {x.corrects_line_id: x for x in note.lines}
        assert surcharge not in by_line  # nothing left of it
        assert (by_line[canteen].quantity, by_line[canteen].amount) == (
            Decimal("-1"), Decimal("-5.00"))  # fmt: skip
    with session_factory() as s:
        assert statement.balance(s, w.dupont) == Decimal("0.00")
    assert _locks(session_factory, w.tom) == {None}


def test_an_invoice_is_found_by_its_number(issued, session_factory):
    _, dupont_invoice, _ = issued
    with session_factory() as s:
        assert corrections.invoice_by_number(s, " al-1 ").id == dupont_invoice
        with pytest.raises(NotFoundError, match="« AL-99 »"):
            corrections.invoice_by_number(s, "AL-99")
