"""The Facturation area: who may open it, the list of every invoice and credit note (search,
filters, the PDF), the correction dialog's checks, and the month's run (preview, tick, issue)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from portail_admin.core import clock
from portail_admin.core.formatting import french_spacing, money
from portail_admin.core.models import Family, Invoice
from portail_admin.core.models.enums import InvoiceKind
from portail_admin.core.planning.month import month_start, previous_month
from portail_admin.core.services import statement
from portail_admin.desktop.billing.correction_dialog import CorrectionDialog, check_amount
from portail_admin.desktop.billing.page import BillingPage
from portail_admin.desktop.main_window import MainWindow

from .conftest import type_text, wait_ops
from .demo_fixtures import context, demo_loaded  # noqa: F401 (fixtures)


@pytest.fixture
def billing(qtbot, window: MainWindow) -> BillingPage:
    page = window.open_area("facturation")
    assert isinstance(page, BillingPage)
    return page


def open_invoices(qtbot, page: BillingPage):
    page.tabs.setCurrentWidget(page.invoices_tab)
    tab = page.invoices_tab
    qtbot.waitUntil(lambda: tab.loads_done > 0, timeout=10000)
    wait_ops(qtbot, page.context)
    return tab


def numbers(tab) -> list[str]:
    return [row.number for row in tab.model.rows]


def test_the_area_opens_for_an_admin_with_ctrl_7(qtbot, window):
    nav = window.ui.navigation
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert "Facturation" in titles
    window.open_area("accueil")
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "facturation"
    page = window.pages["facturation"]
    assert isinstance(page, BillingPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Facturation du mois",
        "Factures",
    ]
    # The month picker starts on the previous month.
    assert page.run_tab.month == previous_month(month_start(clock.today()))


@pytest.mark.parametrize("role", ["animateur"])
def test_the_area_is_absent_for_an_animateur(qtbot, window, role):
    nav = window.ui.navigation
    assert "Facturation" not in [nav.item(i).text() for i in range(nav.count())]
    assert "facturation" not in window.pages
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area != "facturation"
    assert window.last_refusal == french_spacing(
        "« Facturation » : Votre profil (Animateur) ne permet pas d'accéder à la facturation."
    )


def test_the_list_shows_the_demo_s_invoices_and_filters_them(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    with session_factory() as s:
        count = s.scalar(select(func.count()).select_from(Invoice))
        dupont = s.scalars(select(Family).where(Family.family_number == "1001001818331")).one()
        dupont_numbers = set(
            s.scalars(select(Invoice.number).where(Invoice.family_id == dupont.id))
        )
        unpaid = {
            u.number for f in s.scalars(select(Family.id)) for u in statement.unpaid_invoices(s, f)
        }
    assert count > 20
    assert tab.model.rowCount() == count
    assert tab.model.resets == 0
    first = tab.model.rows[0]
    assert first.issued_on == max(r.issued_on for r in tab.model.rows)  # newest first
    assert tab.count_label.text().startswith(f"{count} documents")

    # The search: a family's name, accents and case ignored.
    type_text(qtbot, tab.search_edit, "dupont")
    qtbot.waitUntil(lambda: set(numbers(tab)) == dupont_numbers, timeout=3000)
    type_text(qtbot, tab.search_edit, "AL-36")
    qtbot.waitUntil(lambda: "AL-36" in numbers(tab), timeout=3000)
    assert all("al-36" in n.lower() for n in numbers(tab))
    type_text(qtbot, tab.search_edit, "personne-de-ce-nom")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=3000)
    assert tab.count_label.text() == "Aucune facture ne correspond."
    tab.search_edit.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == count, timeout=3000)

    # Unpaid only: exactly those the statement says are not settled.
    tab.unpaid_box.setChecked(True)
    assert set(numbers(tab)) == unpaid
    assert all(row.remaining and row.remaining > 0 for row in tab.model.rows)
    tab.unpaid_box.setChecked(False)

    # A month: only the documents of that month's period.
    month = tab.month_box.itemData(2)
    tab.month_box.setCurrentIndex(2)
    assert tab.model.rowCount() > 0
    assert all(row.period_start.replace(day=1) == month for row in tab.model.rows)
    tab.month_box.setCurrentIndex(0)
    assert tab.model.rowCount() == count

    # Credit notes only: none in the demo (or only credit notes).
    tab.credit_box.setChecked(True)
    assert all(row.kind is InvoiceKind.CREDIT_NOTE for row in tab.model.rows)
    assert tab.model.resets == 0


def test_a_row_shows_its_amounts_in_french(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    with session_factory() as s:
        al36 = s.scalars(select(Invoice).where(Invoice.number == "AL-36")).one()
        total = al36.total
    row = tab.model.row_of(al36.id)
    assert row >= 0
    texts = [tab.model.text(row, c) for c in range(tab.model.columnCount())]
    assert texts[0] == "AL-36"
    assert texts[1].startswith("DUPONT")
    assert money(total) in texts
    assert tab.model.data(tab.model.index(row, 6), Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("1,234", "2 décimales au maximum."),
        ("-5", "Le montant doit être supérieur à zéro."),
        ("0", "Le montant doit être supérieur à zéro."),
        ("abc", "Nombre invalide."),
        ("10,00", ""),
        ("", ""),
    ],
)
def test_check_amount(typed, error):
    amount, message = check_amount(typed, Decimal("12.50"))
    assert message == error
    assert (amount is None) == bool(error or not typed)


def test_check_amount_refuses_more_than_is_left():
    amount, message = check_amount("12,51", Decimal("12.50"))
    assert amount is None
    assert message == french_spacing(
        f"Au plus {money(Decimal('12.50'))} (ce qui reste de la ligne)."
    )


def test_the_reduction_dialog_refuses_bad_amounts_beside_the_field(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    with session_factory() as s:
        invoice = s.scalars(
            select(Invoice).where(Invoice.kind == InvoiceKind.INVOICE).order_by(Invoice.id)
        ).first()
        line_ids = [line.id for line in invoice.lines]
    assert tab.select(invoice.id)
    with qtbot.waitSignal(tab.reduce_button.clicked, timeout=1000):
        qtbot.mouseClick(tab.reduce_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectionDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    assert list(dialog.amount_edits) == line_ids
    first, second = line_ids[0], line_ids[-1]
    type_text(qtbot, dialog.reason_edit, "Erreur de pointage")
    type_text(qtbot, dialog.amount_edits[first], "1,234")
    assert dialog.amount_errors[first].text() == "2 décimales au maximum."
    if second != first:
        type_text(qtbot, dialog.amount_edits[second], "-5")
        assert dialog.amount_errors[second].text() == "Le montant doit être supérieur à zéro."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Nothing was sent to the core: no credit note, the dialog is still open with the input.
    assert not dialog.saving
    assert dialog.isVisible()
    assert dialog.amount_edits[first].text() == "1,234"
    assert dialog.reason_edit.text() == "Erreur de pointage"
    if second != first:
        assert dialog.amount_edits[second].text() == "-5"
    with session_factory() as s:
        assert not s.scalar(
            select(func.count()).select_from(Invoice).where(Invoice.kind == InvoiceKind.CREDIT_NOTE)
        )
    # No reason: refused beside the reason.
    dialog.amount_edits[first].setText("")
    if second != first:
        dialog.amount_edits[second].setText("")
    dialog.reason_edit.setText("")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.reason_error.text() == "Indiquez le motif de l'avoir."
    dialog.reason_edit.setText("Erreur")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Indiquez le montant à créditer d'au moins une ligne."
    assert not dialog.saving
    dialog.reject()
