"""The family record's « Factures » tab: the family's invoices and credit notes, its balance,
the PDF; absent for a role without billing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.formatting import money
from portail_admin.core.models import Family, Invoice, Payment
from portail_admin.core.models.enums import PaymentMethod
from portail_admin.core.services import statement
from portail_admin.desktop.families.invoices_tab import FamilyInvoicesTab, balance_text

from .conftest import open_family, wait_ops
from .demo_fixtures import TODAY, context, demo_loaded  # noqa: F401 (fixtures)

DUPONT_NUMBER = "1001001818331"


def family_id(session_factory, number: str = DUPONT_NUMBER) -> int:
    with session_factory() as s:
        return s.scalars(select(Family.id).where(Family.family_number == number)).one()


def show_tab(qtbot, page) -> FamilyInvoicesTab:
    tab = page.editor.invoices_tab
    assert isinstance(tab, FamilyInvoicesTab)
    before = tab.loads_done
    page.editor.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loads_done > before, timeout=10000)
    return tab


def test_the_tab_lists_the_family_s_invoices_and_balance(qtbot, page, session_factory):
    dupont = family_id(session_factory)
    open_family_by_search(qtbot, page, dupont)
    tab = show_tab(qtbot, page)
    with session_factory() as s:
        documents = s.scalars(
            select(Invoice).where(Invoice.family_id == dupont).order_by(Invoice.id)
        ).all()
        expected = {d.number for d in documents}
        summary = statement.account_summary(s, dupont)
        unpaid = {u.number: u.remaining for u in summary.unpaid}
    assert expected and "AL-36" in expected
    assert {row.number for row in tab.model.rows} == expected  # the family's, and only them
    assert all(row.family_id == dupont for row in tab.model.rows)
    assert tab.balance_label.text() == balance_text(summary.balance, summary.unpaid_total)
    for row in tab.model.rows:
        if row.number in unpaid:
            assert row.remaining == unpaid[row.number]
        else:
            assert row.remaining == 0
    # Columns: number, dates, amount, paid or not.
    titles = [
        tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())
    ]
    assert titles[:4] == ["N°", "Émise le", "Échéance", "Période"]
    assert "Famille" not in titles
    row = tab.model.row_of(next(d.id for d in documents if d.number == "AL-36"))
    texts = [tab.model.text(row, c) for c in range(tab.model.columnCount())]
    assert money(next(d.total for d in documents if d.number == "AL-36")) in texts


def look(qtbot, ctx) -> None:
    """The window looks at the change feed now (what a NOTIFY or the timer would do)."""
    with qtbot.waitSignal(ctx.watcher.looked, timeout=5000):
        ctx.watcher.poll()


def test_a_payment_elsewhere_refreshes_the_tab_in_place(qtbot, page, session_factory):
    dupont = family_id(session_factory)
    open_family_by_search(qtbot, page, dupont)
    tab = show_tab(qtbot, page)
    unpaid = [r for r in tab.model.rows if r.unpaid]
    assert unpaid, "the demo's DUPONT has an unpaid invoice"
    target = unpaid[0]
    look(qtbot, page.context)  # the feed's end is noted: what follows is news
    with db.transaction(session_factory, "staff:autre-poste") as s:
        s.add(
            Payment(
                family_id=dupont,
                invoice_id=target.id,
                received_on=TODAY,
                amount=target.remaining,
                method=PaymentMethod.CASH,
            )
        )
    before = tab.loads_done
    look(qtbot, page.context)
    qtbot.waitUntil(lambda: tab.loads_done > before, timeout=10000)
    assert tab.model.get(target.id).remaining == 0
    assert tab.model.resets == 0


@pytest.mark.parametrize("role", ["animateur"])
def test_no_invoices_tab_without_billing(qtbot, page, session_factory, role):
    open_family_by_search(qtbot, page, family_id(session_factory))
    editor = page.editor
    assert editor.invoices_tab is None
    titles = [editor.ui.tabs.tabText(i) for i in range(editor.ui.tabs.count())]
    assert "Factures" not in titles


def open_family_by_search(qtbot, page, family: int) -> None:
    """The demo has more families than the list shows at first: search the number."""
    with page.context.factory() as s:
        number = s.get(Family, family).family_number
    page.ui.searchEdit.setText(number)
    page.run_search()
    wait_ops(qtbot, page.context)
    open_family(qtbot, page, family)


def test_the_tab_opens_an_invoice_s_pdf(qtbot, page, session_factory):
    open_family_by_search(qtbot, page, family_id(session_factory))
    tab = show_tab(qtbot, page)
    assert not tab.open_button.isEnabled()  # nothing selected yet
    tab.table.selectRow(0)
    assert tab.open_button.isEnabled()
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.pdf.opened == 1, timeout=20000)
    preview = tab.pdf.preview
    assert preview.readable and preview.page_count >= 1
    assert preview.windowTitle() == f"Facture {tab.model.rows[0].number}"
    preview.reject()
