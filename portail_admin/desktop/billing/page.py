"""The Facturation area (Permission.BILLING): « Facturation du mois » (preview, then issue the
month's invoices) and « Factures » (every invoice and credit note, their PDFs, corrections)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..context import AppContext
from .invoices_tab import InvoicesTab

RUN_TAB, INVOICES_TAB = 0, 1


class BillingPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("billingTabs")
        from .run_tab import RunTab

        self.run_tab = RunTab(context)
        self.invoices_tab = InvoicesTab(context)
        self.tabs.addTab(self.run_tab, "Facturation du mois")
        self.tabs.addTab(self.invoices_tab, "Factures")
        self.run_tab.issued.connect(self._issued)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _issued(self, _issued: Any) -> None:
        # The op's changes reach the list through the change hub too; an explicit read makes
        # sure a run recorded as one bulk change is shown at once.
        self.invoices_tab.reload()

    def open_with(self, tab: str = "", **filters: Any) -> None:
        """A link opens the list (tab="factures", unpaid=True, month=date, search="AL-36")."""
        if tab == "factures" or filters:
            self.tabs.setCurrentIndex(INVOICES_TAB)
        invoices = self.invoices_tab
        if "search" in filters:
            invoices.search_edit.setText(str(filters["search"]))
        if "unpaid" in filters:
            invoices.unpaid_box.setChecked(bool(filters["unpaid"]))
        if "month" in filters:
            invoices.set_month(filters["month"])
        invoices.apply_filters()

    def reload(self) -> None:
        self.invoices_tab.reload()

    def self_test(self) -> None:
        self.tabs.setCurrentIndex(INVOICES_TAB)
        self.tabs.setCurrentIndex(RUN_TAB)
