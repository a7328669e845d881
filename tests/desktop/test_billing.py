"""The Facturation area: who may open it, the list of every invoice and credit note (search,
filters, the PDF), the correction dialog's checks, and the month's run (preview, tick, issue)."""

from __future__ import annotations

import datetime as dt
import io
import smtplib
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from sqlalchemy import func, select

from portail_admin.core import clock, db
from portail_admin.core.billing import corrections, sending
from portail_admin.core.billing.run import Alert, AlertKind, DraftLine, FamilyDraft
from portail_admin.core.billing.sending import SendReport
from portail_admin.core.errors import ValidationError
from portail_admin.core.formatting import french_spacing, money
from portail_admin.core.models import (
    CommuneSettings,
    Family,
    Guardian,
    Invoice,
    Payment,
    PlanningCell,
)
from portail_admin.core.models.enums import Attendance, InvoiceKind, LineKind, PaymentMethod
from portail_admin.core.planning.month import month_start, previous_month
from portail_admin.core.services import statement
from portail_admin.desktop import printing
from portail_admin.desktop.billing import invoices_tab
from portail_admin.desktop.billing.correction_dialog import CorrectionDialog, check_amount
from portail_admin.desktop.billing.page import BillingPage
from portail_admin.desktop.billing.run_tab import DraftModel, DraftRow, report_summary
from portail_admin.desktop.main_window import MainWindow
from tests.core.test_invoice_sending import FakeSMTP

from .conftest import type_text, wait_ops
from .demo_fixtures import TODAY, context, demo_loaded  # noqa: F401 (fixtures)


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


# --------------------------------------------------------------------------- the month's run
def answer_boxes(monkeypatch, answer=QMessageBox.StandardButton.Yes) -> list[str]:
    """Every message box is answered `answer`; their texts are returned (in order)."""
    texts: list[str] = []

    def exec_(box: QMessageBox) -> int:
        texts.append(box.text())
        return int(answer)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return texts


def compute(qtbot, tab) -> None:
    with qtbot.waitSignal(tab.computed, timeout=20000):
        qtbot.mouseClick(tab.compute_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot, tab.context)


def untick(tab, family_id: int) -> None:
    """What a click on the row's box does."""
    index = tab.model.index(tab.model.row_of(family_id), 0)
    assert tab.model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert tab.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)


def test_preview_untick_issue_then_the_list_shows_the_new_invoices(
    qtbot, billing, session_factory, monkeypatch
):
    tab = billing.run_tab
    assert tab.month == dt.date(2026, 11, 1)  # the previous month
    assert not tab.issue_button.isEnabled()  # nothing computed yet
    compute(qtbot, tab)
    preview = tab.preview
    assert preview is not None and preview.month == dt.date(2026, 11, 1)
    assert tab.model.rowCount() == len(preview.families) >= 3
    assert tab.model.resets == 0
    count, total = preview.count, preview.total
    assert tab.totals_label.text() == french_spacing(
        f"Novembre 2026 : {count} factures à émettre, total {money(total)}"
    )
    # A family's row: name, number, lines, total right-aligned.
    first = preview.families[0]
    texts = [tab.model.text(0, c) for c in range(tab.model.columnCount())]
    assert texts[1:5] == [
        first.name,
        first.family_number,
        str(len(first.lines)),
        money(first.total),
    ]
    assert tab.model.data(tab.model.index(0, 4), Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    # Its lines, once selected.
    assert tab.select_family(first.family_id)
    assert tab.lines.rowCount() == len(first.lines)
    line = first.lines[0]
    assert tab.lines.text(0, 0) == line.child_name
    assert tab.lines.text(0, 2) == line.kind.label
    assert tab.lines.text(0, 6) == money(line.amount)

    left_out = preview.families[1]
    untick(tab, left_out.family_id)
    assert (
        tab.model.data(
            tab.model.index(tab.model.row_of(left_out.family_id), 0), Qt.ItemDataRole.CheckStateRole
        )
        == Qt.CheckState.Unchecked
    )
    assert tab.totals_label.text() == french_spacing(
        f"Novembre 2026 : {count - 1} factures à émettre, total {money(total - left_out.total)}"
        " (1 famille laissée de côté)"
    )

    texts = answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.issued, timeout=30000) as issued_signal:
        qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert texts == [
        french_spacing(
            f"Émettre {count - 1} factures de novembre 2026, pour un total de "
            f"{money(total - left_out.total)} ?\n\nUne facture émise n'est plus jamais modifiée "
            ": une erreur se corrige par un avoir."
        )
    ]
    issued = issued_signal.args[0]
    assert issued.count == count - 1
    assert issued.total == total - left_out.total
    assert tab.run_box.isVisible()
    assert tab.run_label.text() == french_spacing(issued.message)
    qtbot.waitUntil(lambda: not tab.busy, timeout=20000)
    wait_ops(qtbot, billing.context)
    # Recomputed: only the family left out is still to bill.
    assert [d.family_id for d in tab.preview.families] == [left_out.family_id]

    with session_factory() as s:
        new = s.execute(
            select(Invoice.number, Invoice.family_id).where(Invoice.run_id == issued.run_id)
        ).all()
    assert sorted(n for n, _ in new) == sorted(issued.numbers)
    assert left_out.family_id not in {f for _, f in new}

    # The list shows them (read again, never reset), the family left out has none of them.
    invoices = open_invoices(qtbot, billing)
    qtbot.waitUntil(lambda: set(issued.numbers) <= set(numbers(invoices)), timeout=10000)
    assert invoices.model.resets == 0
    assert not [
        r
        for r in invoices.model.rows
        if r.family_id == left_out.family_id
        and r.month == dt.date(2026, 11, 1)
        and r.number in issued.numbers
    ]
    for number in issued.numbers:
        row = invoices.model.get(next(r.id for r in invoices.model.rows if r.number == number))
        assert row.remaining == row.total  # nothing paid yet


def test_the_draft_invoice_opens_in_the_preview(qtbot, billing):
    tab = billing.run_tab
    compute(qtbot, tab)
    draft = tab.preview.families[0]
    assert tab.select_family(draft.family_id)
    assert tab.view_button.isEnabled()
    with qtbot.waitSignal(tab.finished, timeout=20000):
        qtbot.mouseClick(tab.view_button, Qt.MouseButton.LeftButton)
    preview = tab.draft_preview
    assert preview is not None and preview.isVisible()
    assert preview.readable and preview.page_count >= 1
    assert draft.name in preview.windowTitle()
    assert preview.document.data.startswith(b"%PDF")
    preview.reject()


def test_a_refused_issue_is_told_in_french_and_keeps_the_ticks(qtbot, billing, monkeypatch):
    tab = billing.run_tab
    compute(qtbot, tab)
    assert tab.preview.families
    # The PC's date goes back to September before the issue: the core refuses October.
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 10, 31))
    left_out = tab.preview.families[0].family_id
    untick(tab, left_out)
    before = tab.totals_label.text()
    answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.finished, timeout=20000):
        qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert tab.last_error == french_spacing(
        "Novembre 2026 n'a pas commencé : ce mois ne peut pas encore être facturé."
    )
    assert tab.status_label.text() == tab.last_error
    assert not tab.run_box.isVisible()
    assert tab.model.left_out == {left_out}  # nothing lost
    assert tab.totals_label.text() == before
    assert tab.issue_button.isEnabled()


def test_the_run_s_pdf_is_saved_where_the_user_chooses(qtbot, billing, monkeypatch, tmp_path):
    tab = billing.run_tab
    compute(qtbot, tab)
    answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.issued, timeout=30000) as issued_signal:
        qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    issued = issued_signal.args[0]
    qtbot.waitUntil(lambda: not tab.busy, timeout=20000)
    wait_ops(qtbot, billing.context)
    chosen = tmp_path / "novembre"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(chosen), ""))
    with qtbot.waitSignal(tab.finished, timeout=60000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "novembre.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert tab.last_message == french_spacing(f"Document enregistré : {saved}.")
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert all(number in text for number in issued.numbers)


def file_printer(path) -> QPrinter:
    """A printer that writes a PDF file (offscreen, no dialog)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def issue_all(qtbot, billing, monkeypatch):
    tab = billing.run_tab
    compute(qtbot, tab)
    answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.issued, timeout=30000) as issued_signal:
        qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=20000)
    wait_ops(qtbot, billing.context)
    return issued_signal.args[0]


def test_the_run_prints_with_its_progress(qtbot, billing, monkeypatch, tmp_path):
    issued = issue_all(qtbot, billing, monkeypatch)
    tab = billing.run_tab
    printed = tmp_path / "printer.pdf"
    monkeypatch.setattr(printing, "ask_printer", lambda parent, title: file_printer(printed))
    progress = QSignalSpy(billing.context.ops.progressed)
    with qtbot.waitSignal(tab.finished, timeout=60000):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.last_message.endswith("à l'imprimante."), timeout=60000)
    assert printed.read_bytes().startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(tab.run_pdf.data)).pages)
    assert pages >= issued.count
    assert tab.last_message == french_spacing(f"{pages} pages envoyées à l'imprimante.")
    texts = [progress.at(i)[3] for i in range(progress.count())]
    assert any(t.startswith("Impression : page") for t in texts)


def test_the_send_report_says_what_was_sent_failed_and_skipped(qtbot, billing, monkeypatch):
    issued = issue_all(qtbot, billing, monkeypatch)
    tab = billing.run_tab
    sent_ids: list[list[int]] = []

    def send(session, invoice_ids, progress=None):
        sent_ids.append(list(invoice_ids))
        numbers = list(issued.numbers)
        return SendReport(
            sent=numbers[:-2],
            failed=[(numbers[-2], "Le serveur de courriel a refusé l'adresse.")],
            skipped=[(numbers[-1], "La famille n'accepte pas le courriel.")],
        )

    monkeypatch.setattr(sending, "send_invoices", send)
    texts = answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.finished, timeout=20000):
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert texts[-1].startswith(french_spacing(f"Envoyer les {issued.count} factures"))
    assert sent_ids == [list(issued.invoice_ids)]
    dialog = tab.report_dialog
    assert dialog is not None and dialog.isVisible()
    shown = dialog.text.toPlainText()
    assert dialog.summary.text() == french_spacing(
        f"{issued.count - 2} factures envoyées, 1 en échec, 1 non envoyée."
    )
    assert french_spacing(f"{issued.numbers[-2]} : Le serveur de courriel a refusé") in shown
    assert french_spacing(f"{issued.numbers[-1]} : La famille n'accepte pas") in shown
    assert issued.numbers[0] in shown
    dialog.reject()


def test_a_payment_elsewhere_updates_the_list_in_place(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    tab.unpaid_box.setChecked(True)
    target = tab.model.rows[3]
    assert tab.select(target.id)
    other = tab.model.rows[0]
    watcher = billing.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()  # the feed's end is noted: what follows is news
    with db.transaction(session_factory, "staff:autre-poste") as s:
        s.add(
            Payment(
                family_id=other.family_id,
                invoice_id=other.id,
                received_on=TODAY,
                amount=other.remaining,
                method=PaymentMethod.CHEQUE,
            )
        )
    before = tab.loads_done
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()
    qtbot.waitUntil(lambda: tab.loads_done > before, timeout=10000)
    assert tab.model.row_of(other.id) == -1  # paid: no longer in the unpaid list
    assert tab.all_rows[other.id].remaining == 0
    assert tab.selected() == target  # the selection stayed on its row
    assert tab.model.resets == 0


def test_the_area_s_labels_read_in_french(qtbot, billing):
    texts = [label.text() for label in billing.findChildren(QLabel) if label.text()]
    assert french_spacing("Mois facturé :") in texts
    assert [t for t in texts if french_spacing(t) != t] == []
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText for label in billing.findChildren(QLabel)
    )


def test_sending_without_smtp_is_refused_in_french(qtbot, billing, monkeypatch):
    issue_all(qtbot, billing, monkeypatch)
    tab = billing.run_tab
    with qtbot.waitSignal(tab.finished, timeout=20000):
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert tab.last_error == french_spacing(sending.NOT_CONFIGURED)
    assert tab.report_dialog is None
    assert tab.send_button.isEnabled()  # one may set SMTP up and send again


def test_the_run_is_e_mailed_once_with_its_report(qtbot, billing, monkeypatch, session_factory):
    """A real send (smtplib faked): sent, failed with its reason, skipped; a retry sends
    nothing twice."""
    issued = issue_all(qtbot, billing, monkeypatch)
    tab = billing.run_tab
    with db.transaction(session_factory, "staff:test") as s:
        settings = s.get(CommuneSettings, 1)
        settings.smtp_host = "smtp.alix-village.fr"
        settings.smtp_port = 587
        settings.smtp_sender = "regie@alix-village.fr"
        addresses = s.execute(
            select(Guardian.family_id, Guardian.email)
            .join(Invoice, Invoice.family_id == Guardian.family_id)
            .where(
                Invoice.run_id == issued.run_id,
                Guardian.email_consent.is_(True),
                Guardian.email != "",
            )
            .order_by(Guardian.family_id)
        ).all()
    assert len({f for f, _ in addresses}) >= 2, "the demo has families accepting e-mail"
    with db.transaction(session_factory, "staff:test") as s:  # one family says no more
        for guardian in s.scalars(select(Guardian).where(Guardian.family_id == addresses[-1][0])):
            guardian.email_consent = False
    FakeSMTP.sent = []
    FakeSMTP.refuse = {addresses[0][1]}
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    answer_boxes(monkeypatch)
    with qtbot.waitSignal(tab.finished, timeout=60000):
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    report = tab.send_report
    assert report is not None
    assert report.sent and report.failed and report.skipped
    assert len(FakeSMTP.sent) == len(report.sent)
    everything = report.sent + [n for n, _ in report.failed] + [n for n, _ in report.skipped]
    assert sorted(everything) == sorted(issued.numbers)
    dialog = tab.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == french_spacing(report_summary(report))
    shown = dialog.text.toPlainText()
    for number, reason in report.failed + report.skipped:
        assert french_spacing(f"{number} : {reason}") in shown
    assert all(number in shown for number in report.sent)
    dialog.reject()

    # Again: nothing is sent twice (only the failed one is tried again, and fails again).
    with qtbot.waitSignal(tab.finished, timeout=60000):
        qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    again = tab.send_report
    assert again.sent == []
    assert len(FakeSMTP.sent) == len(report.sent)
    assert {n for n, _ in again.failed} == {n for n, _ in report.failed}


# --------------------------------------------------------------------------- corrections
def open_correction(qtbot, tab, invoice_id: int, button) -> CorrectionDialog:
    assert tab.select(invoice_id)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectionDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5000)
    return dialog


def first_invoice(session_factory) -> Invoice:
    with session_factory() as s:
        invoice = s.scalars(
            select(Invoice).where(Invoice.kind == InvoiceKind.INVOICE).order_by(Invoice.id)
        ).first()
        invoice.lines  # noqa: B018 (loaded before the session closes)
        return invoice


def test_a_refusal_of_the_core_goes_beside_its_field(qtbot, billing, session_factory, monkeypatch):
    """The core checks again (another PC credited the line meanwhile): its message for a line
    is shown beside that line's field, the dialog stays open with what was typed."""
    tab = open_invoices(qtbot, billing)
    invoice = first_invoice(session_factory)
    line = invoice.lines[0]

    def refuse(session, invoice_id, amounts, reason, **kwargs):
        raise ValidationError({f"line.{line.id}": "Il ne reste que 1,00 € à déduire."})

    monkeypatch.setattr(corrections, "reduce_invoice", refuse)
    dialog = open_correction(qtbot, tab, invoice.id, tab.reduce_button)
    type_text(qtbot, dialog.reason_edit, "Erreur de pointage")
    type_text(qtbot, dialog.amount_edits[line.id], "0,01")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
    assert dialog.amount_errors[line.id].text() == french_spacing(
        "Il ne reste que 1,00 € à déduire."
    )
    assert dialog.isVisible()
    assert dialog.amount_edits[line.id].text() == "0,01"
    assert dialog.ok_button.isEnabled()
    dialog.reject()


def test_cancelling_an_invoice_lists_its_credit_note(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    invoice = first_invoice(session_factory)
    dialog = open_correction(qtbot, tab, invoice.id, tab.cancel_button)
    type_text(qtbot, dialog.reason_edit, "Facture en double")
    with qtbot.waitSignal(dialog.issued, timeout=10000) as issued:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    number = issued.args[0]
    qtbot.waitUntil(lambda: number in numbers(tab), timeout=10000)
    credit = next(r for r in tab.model.rows if r.number == number)
    assert credit.is_credit_note and credit.corrects_number == invoice.number
    assert credit.total == -invoice.total
    qtbot.waitUntil(lambda: tab.all_rows[invoice.id].remaining == 0, timeout=10000)
    assert tab.last_message == french_spacing(
        f"Avoir {number} émis pour la facture {invoice.number}."
    )
    assert tab.model.resets == 0
    tab.credit_box.setChecked(True)
    assert numbers(tab) == [number]
    tab.credit_box.setChecked(False)
    # Cancelled already: the dialog says so and issues nothing more.
    again = open_correction(qtbot, tab, invoice.id, tab.cancel_button)
    assert again.error_label.text() == "Cette facture est déjà entièrement créditée."
    assert not again.ok_button.isEnabled()
    again.reject()


def test_reducing_an_invoice_credits_the_amounts_typed(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    invoice = first_invoice(session_factory)
    line = invoice.lines[0]
    dialog = open_correction(qtbot, tab, invoice.id, tab.reduce_button)
    type_text(qtbot, dialog.reason_edit, "Un jour d'absence excusée")
    type_text(qtbot, dialog.amount_edits[line.id], "0,50")
    assert dialog.amount_errors[line.id].text() == ""
    with qtbot.waitSignal(dialog.issued, timeout=10000) as issued:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    number = issued.args[0]
    qtbot.waitUntil(lambda: number in numbers(tab), timeout=10000)
    credit = next(r for r in tab.model.rows if r.number == number)
    assert credit.total == Decimal("-0.50")
    # What is left of the line is now 0,50 € less.
    again = open_correction(qtbot, tab, invoice.id, tab.reduce_button)
    left = next(x.left for x in again.detail.lines if x.id == line.id)
    assert left == line.amount - Decimal("0.50")
    again.reject()


def test_a_filter_changing_many_rows_keeps_the_selection(qtbot, billing, monkeypatch):
    """Past BIG_CHANGE rows the list is shown anew (rows removed, then inserted: never a
    reset); the selected document stays selected when it is still listed."""
    monkeypatch.setattr(invoices_tab, "BIG_CHANGE", 0)
    tab = open_invoices(qtbot, billing)
    unpaid = [r for r in tab.model.rows if r.unpaid]
    target = unpaid[len(unpaid) // 2]
    assert tab.select(target.id)
    removed = QSignalSpy(tab.model.rowsRemoved)
    tab.unpaid_box.setChecked(True)
    assert removed.count() == 1  # all at once
    assert all(r.unpaid for r in tab.model.rows)
    assert tab.selected() == target
    tab.unpaid_box.setChecked(False)
    assert tab.selected() == target
    assert tab.model.resets == 0


def test_a_double_click_opens_the_invoice_s_pdf(qtbot, billing, session_factory):
    tab = open_invoices(qtbot, billing)
    with session_factory() as s:
        al36 = s.scalars(select(Invoice).where(Invoice.number == "AL-36")).one()
    row = tab.model.row_of(al36.id)
    tab.table.scrollTo(tab.model.index(row, 0))
    rect = tab.table.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: tab.pdf.opened == 1 or bool(tab.pdf.last_error), timeout=20000)
    assert tab.pdf.last_error == ""
    preview = tab.pdf.preview
    assert preview.readable and preview.page_count >= 1
    assert preview.windowTitle() == "Facture AL-36"
    assert preview.document.file_name == "facture-al-36.pdf"
    text = PdfReader(io.BytesIO(preview.document.data)).pages[0].extract_text()
    assert "AL-36" in text and "DUPONT" in text
    preview.reject()
    # « Ouvrir le PDF » on the selected row does the same.
    assert tab.open_button.isEnabled()
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.pdf.opened == 2, timeout=20000)
    tab.pdf.preview.reject()


def test_a_planning_change_elsewhere_says_the_preview_is_out_of_date(
    qtbot, billing, session_factory
):
    tab = billing.run_tab
    compute(qtbot, tab)
    watcher = billing.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()  # the feed's end is noted: what follows is news
    with db.transaction(session_factory, "staff:autre-poste") as s:
        cell = s.scalars(
            select(PlanningCell)
            .where(PlanningCell.day == dt.date(2026, 11, 3), PlanningCell.locked_reason.is_(None))
            .order_by(PlanningCell.id)
        ).first()
        cell.attendance = Attendance.ABSENT_EXCUSED
    shown = [row.id for row in tab.model.rows]
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()
    qtbot.waitUntil(lambda: tab.stale, timeout=5000)
    assert "cliquez sur « Calculer »" in tab.status_label.text()
    assert [row.id for row in tab.model.rows] == shown  # not recomputed behind the user's back
    compute(qtbot, tab)
    assert not tab.stale


def _draft(family_id: int, total: str, *alerts: AlertKind) -> FamilyDraft:
    line = DraftLine(
        child_id=1,
        child_name="LÉA",
        service_id=1,
        service_name="Restauration scolaire",
        kind=LineKind.PRESENT,
        days=(dt.date(2026, 11, 1), dt.date(2026, 11, 2)),
        unit_price=Decimal(total) / 2,
        reduction_pct=Decimal("0"),
        amount=Decimal(total),
        detail="",
        label="Restauration scolaire — LÉA",
    )
    return FamilyDraft(
        family_id, f"10{family_id}", f"FAMILLE {family_id}", [line], [Alert(a) for a in alerts]
    )


def test_a_blocked_family_cannot_be_ticked_and_its_alert_is_marked(qapp):
    model = DraftModel()
    blocked = _draft(1, "10.00", AlertKind.MISSING_TARIFF)
    warned = _draft(2, "12.00", AlertKind.NO_QF)
    model.update_rows([DraftRow.of(blocked), DraftRow.of(warned)])
    check = Qt.ItemDataRole.CheckStateRole
    # The blocked one: unticked, its box disabled, a tick refused, its row red.
    index = model.index(0, 0)
    assert model.data(index, check) == Qt.CheckState.Unchecked
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    assert not model.setData(index, Qt.CheckState.Checked.value, check)
    assert model.text(0, DraftModel.ALERTS) == french_spacing(
        "Bloquant : " + AlertKind.MISSING_TARIFF.text
    )
    assert model.data(model.index(0, DraftModel.ALERTS), Qt.ItemDataRole.DecorationRole)
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole).color().name() == (
        "#b71c1c"
    )
    # The warned one: ticked, its alert shown (not blocking).
    assert model.data(model.index(1, 0), check) == Qt.CheckState.Checked
    assert model.text(1, DraftModel.ALERTS) == french_spacing(AlertKind.NO_QF.text)
    assert model.ticked_rows() == [DraftRow.of(warned)]
    assert model.unticked_ids() == {1}
