"""Balance, unpaid invoices at a date and the running statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portail_admin.core import db
from portail_admin.core.models import Invoice, Payment
from portail_admin.core.models.enums import InvoiceKind, PaymentMethod
from portail_admin.core.services import statement
from tests.world import build_world


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _invoice(s, family_id, number, issued, total, kind=InvoiceKind.INVOICE, corrects=None):
    inv = Invoice(
        number=number,
        family_id=family_id,
        issued_on=issued,
        due_on=issued + dt.timedelta(days=22),
        period_start=issued.replace(day=1),
        period_end=issued.replace(day=1),
        total=Decimal(total),
        kind=kind,
        corrects_invoice_id=corrects,
    )
    s.add(inv)
    s.flush()
    return inv


def test_dupont_on_the_manuals_day(session_factory, w):
    with session_factory() as s:
        assert statement.balance(s, w.dupont_id) == Decimal("-120.60")
        unpaid = statement.unpaid_invoices(s, w.dupont_id, dt.date(2015, 5, 4))
        assert [(u.number, u.remaining) for u in unpaid] == [("AL-36", Decimal("120.60"))]
        assert statement.unpaid_invoices(s, w.dupont_id, dt.date(2015, 4, 7)) == []
        assert statement.unpaid_invoices(s, w.martin_id, dt.date(2015, 5, 4)) == []
        assert statement.balance(s, w.martin_id) == Decimal("0.00")


def test_credit_notes_partial_and_unassigned_payments(session_factory, w):
    with db.transaction(session_factory) as s:
        may = _invoice(s, w.dupont_id, "AL-40", dt.date(2015, 5, 6), "80.00")
        _invoice(
            s,
            w.dupont_id,
            "AL-41",
            dt.date(2015, 5, 10),
            "-20.00",
            kind=InvoiceKind.CREDIT_NOTE,
            corrects=may.id,
        )
        s.add(
            Payment(
                family_id=w.dupont_id,
                received_on=dt.date(2015, 5, 12),
                amount=Decimal("100.00"),
                method=PaymentMethod.CASH,
            )
        )
    with session_factory() as s:
        assert statement.balance(s, w.dupont_id) == Decimal("-80.60")  # 100 - 120.60 - 80 + 20
        at_11 = statement.unpaid_invoices(s, w.dupont_id, dt.date(2015, 5, 11))
        assert [(u.number, u.remaining) for u in at_11] == [
            ("AL-36", Decimal("120.60")),
            ("AL-40", Decimal("60.00")),
        ]
        # the unassigned 100 € settle the oldest invoice first
        at_12 = statement.unpaid_invoices(s, w.dupont_id, dt.date(2015, 5, 12))
        assert [(u.number, u.remaining) for u in at_12] == [
            ("AL-36", Decimal("20.60")),
            ("AL-40", Decimal("60.00")),
        ]
        assert statement.balance(s, w.dupont_id, at=dt.date(2015, 5, 11)) == Decimal("-180.60")
        lines = statement.statement_lines(s, w.dupont_id)
    assert [(line.label, line.balance) for line in lines] == [
        ("Facture AL-36", Decimal("-120.60")),
        ("Facture AL-40", Decimal("-200.60")),
        ("Avoir AL-41 (facture AL-40)", Decimal("-180.60")),
        ("Règlement (Espèces)", Decimal("-80.60")),
    ]
    assert lines[2].credit == Decimal("20.00") and lines[0].debit == Decimal("120.60")


def test_payment_naming_an_invoice(session_factory, w):
    with db.transaction(session_factory) as s:
        al36 = s.query(Invoice).filter_by(number="AL-36").one()
        s.add(
            Payment(
                family_id=w.dupont_id,
                invoice_id=al36.id,
                received_on=dt.date(2015, 5, 5),
                amount=Decimal("120.60"),
                method=PaymentMethod.CHEQUE,
                reference="1234567",
            )
        )
    with session_factory() as s:
        assert statement.unpaid_invoices(s, w.dupont_id, dt.date(2015, 5, 5)) == []
        assert statement.balance(s, w.dupont_id) == Decimal("0.00")
        last = statement.statement_lines(s, w.dupont_id)[-1]
        assert last.label == "Règlement (Chèque) — facture AL-36" and last.reference == "1234567"


def test_remaining_by_invoice_follows_the_unpaid_rules_for_every_family(session_factory, w):
    """The desktop's list of all invoices: what is left of each, for all families at once,
    exactly what unpaid_invoices says family by family (settled ones at 0.00, credit notes
    and invoices issued later left out)."""
    with db.transaction(session_factory) as s:
        may = _invoice(s, w.dupont_id, "AL-40", dt.date(2015, 5, 6), "80.00")
        note = _invoice(
            s,
            w.dupont_id,
            "AL-41",
            dt.date(2015, 5, 10),
            "-20.00",
            kind=InvoiceKind.CREDIT_NOTE,
            corrects=may.id,
        )
        martin = _invoice(s, w.martin_id, "AL-42", dt.date(2015, 5, 7), "30.00")
        later = _invoice(s, w.martin_id, "AL-43", dt.date(2015, 6, 2), "10.00")
        s.add(
            Payment(
                family_id=w.dupont_id,
                received_on=dt.date(2015, 5, 12),
                amount=Decimal("100.00"),
                method=PaymentMethod.CASH,
            )
        )
        s.add(
            Payment(
                family_id=w.martin_id,
                invoice_id=martin.id,
                received_on=dt.date(2015, 5, 8),
                amount=Decimal("30.00"),
                method=PaymentMethod.CHEQUE,
            )
        )
        ids = {"may": may.id, "note": note.id, "martin": martin.id, "later": later.id}
    day = dt.date(2015, 5, 12)
    with session_factory() as s:
        al36 = s.query(Invoice).filter_by(number="AL-36").one().id
        left = statement.remaining_by_invoice(s, at=day)
        issued = {
            inv.id
            for inv in s.query(Invoice).filter(
                Invoice.kind == InvoiceKind.INVOICE, Invoice.issued_on <= day
            )
        }
        assert set(left) == issued
        assert left[al36] == Decimal("20.60")  # the unassigned 100 € settle the oldest first
        assert left[ids["may"]] == Decimal("60.00")  # 80 less its 20 € credit note
        assert left[ids["martin"]] == Decimal("0.00")  # paid by the cheque naming it
        assert ids["note"] not in left and ids["later"] not in left
        for family in (w.dupont_id, w.martin_id):
            unpaid = {u.invoice.id: u.remaining for u in statement.unpaid_invoices(s, family, day)}
            mine = statement.remaining_by_invoice(s, [family], day)
            assert {k: v for k, v in mine.items() if v > 0} == unpaid
        assert ids["martin"] in statement.remaining_by_invoice(s, [w.martin_id], day)
        assert al36 not in statement.remaining_by_invoice(s, [w.martin_id], day)
