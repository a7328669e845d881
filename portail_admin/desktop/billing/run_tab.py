"""« Facturation du mois »: compute the month's invoices (core.billing.run.preview_month, a long
op), look at them family by family — lines, alerts, the invoice as it will print — leave some
families out, then issue the others in one transaction (issue_month, a long op with progress),
and print, save or e-mail the run's invoices.

Nothing here computes money: the totals shown are the preview's (Decimal), summed over the
families still ticked. A refusal of the core (PortailError) is told in French and nothing is
lost: the preview and the ticks stay as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import clock
from ...core.billing.run import FamilyDraft, IssuedRun, RunPreview
from ...core.billing.sending import SendReport
from ...core.changefeed import Change
from ...core.errors import PortailError
from ...core.formatting import de, french_spacing, money, month_title, short_date
from ...core.planning.month import month_start, next_month, previous_month
from ...core.reports.progress import Cancelled
from .. import printing
from ..changes import started_by
from ..context import AppContext
from ..keyed_model import AnyIndex, Column, KeyedModel, Role
from ..ops import is_connection_error, user_message
from ..plaintext import Button, ask, plain_label
from ..prints.documents import Document
from ..prints.preview import DocumentPreview
from ..saving import save_with_dialog
from . import loads

MONTHS_BACK = 24
# What a preview is computed from.
STALE_TABLES = ("planning_cell", "invoice", "billed_day", "tariff", "enrolment", "family")
BLOCKING_COLOR = QColor("#b71c1c")
WARNING_COLOR = QColor("#8a5a00")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


@dataclass(frozen=True)
class DraftRow:
    """A family of the preview, as its row shows it."""

    id: int  # the family's
    name: str
    family_number: str
    line_count: int
    total: Decimal
    alerts: str
    blocking: bool
    issuable: bool

    @classmethod
    def of(cls, draft: FamilyDraft) -> DraftRow:
        alerts = french_spacing(
            " ; ".join(("Bloquant : " if a.kind.blocking else "") + a.text for a in draft.alerts)
        )
        return cls(
            draft.family_id,
            draft.name,
            draft.family_number,
            len(draft.lines),
            draft.total,
            alerts,
            draft.blocked,
            draft.issuable,
        )


class DraftModel(KeyedModel[DraftRow]):
    """The preview's families; column 0 is the tick « Émettre » (only an issuable family can
    be ticked, all of them are at first)."""

    ALERTS = 5
    ticks_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            [
                Column("Émettre", lambda r: ""),
                Column("Famille", lambda r: r.name, lambda r: r.alerts),
                Column("N° famille", lambda r: r.family_number),
                Column("Lignes", lambda r: str(r.line_count), align_right=True),
                Column("Total", lambda r: money(r.total), align_right=True),
                Column("Alertes", lambda r: r.alerts, lambda r: r.alerts),
            ],
            foreground=lambda r: BLOCKING_COLOR if r.blocking else None,
            parent=parent,
        )
        self.left_out: set[int] = set()  # issuable families the user unticked
        self._icons: dict[bool, Any] = {}

    def ticked(self, row: DraftRow) -> bool:
        return row.issuable and row.id not in self.left_out

    def ticked_rows(self) -> list[DraftRow]:
        return [r for r in self.rows if self.ticked(r)]

    def unticked_ids(self) -> set[int]:
        return {r.id for r in self.rows if not self.ticked(r)}

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            row = self.row_at(index.row())
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            if not row.issuable:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            row = self.row_at(index.row())
            if index.column() == 0 and role == Role.CheckStateRole:
                return Qt.CheckState.Checked if self.ticked(row) else Qt.CheckState.Unchecked
            if index.column() == 0 and role == Role.ToolTipRole:
                return (
                    "Décochez pour ne pas émettre la facture de cette famille"
                    if row.issuable
                    else "Rien à émettre pour cette famille (voir les alertes)"
                )
            if index.column() == self.ALERTS and role == Role.DecorationRole and row.alerts:
                return self._icon(row.blocking)
            if index.column() == self.ALERTS and role == Role.ForegroundRole and row.alerts:
                return BLOCKING_COLOR if row.blocking else WARNING_COLOR
        return super().data(index, role)

    def _icon(self, blocking: bool) -> Any:
        if blocking not in self._icons:
            from PySide6.QtWidgets import QApplication

            pixmap = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if blocking
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            self._icons[blocking] = QApplication.style().standardIcon(pixmap)
        return self._icons[blocking]

    def setData(  # noqa: N802 (Qt API)
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Role.EditRole
    ) -> bool:
        if not index.isValid() or index.column() != 0 or role != Role.CheckStateRole:
            return False
        row = self.row_at(index.row())
        if not row.issuable:
            return False
        self.set_ticked(row.id, Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def set_ticked(self, family_id: int, ticked: bool) -> None:
        if ticked:
            self.left_out.discard(family_id)
        else:
            self.left_out.add(family_id)
        row = self.row_of(family_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0), [Role.CheckStateRole])
        self.ticks_changed.emit()


@dataclass(frozen=True)
class LineRow:
    id: int  # its position in the family's lines
    child: str
    service: str
    kind: str
    quantity: str
    days: str
    unit_price: Decimal
    detail: str
    amount: Decimal


def line_rows(draft: FamilyDraft) -> list[LineRow]:
    rows = []
    for position, line in enumerate(draft.lines):
        count = len(line.days)
        rows.append(
            LineRow(
                position,
                line.child_name,
                line.service_name,
                line.kind.label,
                plural(count, "jour") if count else str(line.quantity),
                ", ".join(short_date(day)[:5] for day in line.days),
                line.unit_price,
                line.detail,
                line.amount,
            )
        )
    return rows


def lines_model(parent: QWidget | None = None) -> KeyedModel[LineRow]:
    return KeyedModel(
        [
            Column("Enfant", lambda r: r.child),
            Column("Prestation", lambda r: r.service),
            Column("Base", lambda r: r.kind),
            Column("Jours", lambda r: r.quantity, lambda r: r.days, align_right=True),
            Column("Prix unitaire", lambda r: money(r.unit_price), align_right=True),
            Column("Détail", lambda r: r.detail, lambda r: r.detail),
            Column("Montant", lambda r: money(r.amount), align_right=True),
        ],
        parent=parent,
    )


def month_choices(today: dt.date) -> list[dt.date]:
    """The months that may be billed, newest first: this month back two years."""
    months = [month_start(today)]
    for _ in range(MONTHS_BACK):
        months.append(previous_month(months[-1]))
    return months


class RunTab(QWidget):
    computed = Signal()  # a preview was shown (or refused): tests wait on it
    issued = Signal(object)  # IssuedRun
    finished = Signal()  # a long op of the tab ended, whatever its outcome

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("runTab")
        self.context = context
        self.preview: RunPreview | None = None
        self.drafts: dict[int, FamilyDraft] = {}
        self.last_run: IssuedRun | None = None
        self.last_run_month: dt.date | None = None
        self.run_pdf: Document | None = None
        self.send_report: SendReport | None = None
        self.report_dialog: QDialog | None = None
        self.draft_preview: DocumentPreview | None = None
        self.last_error = ""
        self.last_message = ""
        self.busy = False
        self.confirm = True  # tests answer the confirmation themselves (`confirm_issue`)
        self.stale = False  # something the preview depends on changed since it was computed
        self._build()
        context.changes.changed.connect(self._on_changes)

    # building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        bar = QHBoxLayout()
        self.month_box = QComboBox(self)
        self.month_box.setObjectName("runMonth")
        for month in month_choices(clock.today()):
            self.month_box.addItem(month_title(month), month)
        self.month_box.setCurrentIndex(1)  # the previous month
        self.month_box.currentIndexChanged.connect(lambda _i: self._month_changed())
        self.compute_button = QPushButton("Calculer", self)
        self.compute_button.setObjectName("computeRun")
        self.compute_button.setToolTip("Calculer les factures du mois à partir du planning")
        self.compute_button.clicked.connect(self.compute)
        self.issue_button = QPushButton("Émettre les factures…", self)
        self.issue_button.setObjectName("issueRun")
        self.issue_button.clicked.connect(self.issue)
        bar.addWidget(plain_label(QLabel(french_spacing("Mois facturé :"), self)))
        bar.addWidget(self.month_box)
        bar.addWidget(self.compute_button)
        bar.addStretch(1)
        bar.addWidget(self.issue_button)

        self.totals_label = plain_label(QLabel(self))
        self.totals_label.setObjectName("runTotals")
        self.totals_label.setStyleSheet(
            "font-size: 12pt; background: #f4f8fc; border: 1px solid #c8d3df; "
            "border-radius: 4px; padding: 6px;"
        )
        self.totals_label.setWordWrap(True)

        self.model = DraftModel(self)
        self.model.ticks_changed.connect(self._show_totals)
        self.table = QTableView(self)
        self.table.setObjectName("draftTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.model.attach(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(200)  # 3,500 families: the first rows size a column
        header.setSectionResizeMode(DraftModel.ALERTS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_lines())

        lines_box = QWidget(self)
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_bar = QHBoxLayout()
        self.family_label = plain_label(QLabel(lines_box))
        self.family_label.setObjectName("draftFamily")
        self.family_label.setStyleSheet("font-weight: bold;")
        self.view_button = QPushButton("Voir la facture", lines_box)
        self.view_button.setObjectName("viewDraft")
        self.view_button.setToolTip("La facture de la famille choisie, telle qu'elle sera imprimée")
        self.view_button.clicked.connect(self.view_draft)
        lines_bar.addWidget(self.family_label, 1)
        lines_bar.addWidget(self.view_button)
        self.lines = lines_model(self)
        self.lines_table = QTableView(lines_box)
        self.lines_table.setObjectName("draftLines")
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.setWordWrap(False)
        self.lines.attach(self.lines_table)
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        lines_header.setStretchLastSection(True)  # the amounts at the right edge
        lines_layout.addLayout(lines_bar)
        lines_layout.addWidget(self.lines_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lines_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.run_box = QFrame(self)
        self.run_box.setObjectName("runBox")
        self.run_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.run_box.setStyleSheet("#runBox { background: #eef7ee; }")
        run_layout = QHBoxLayout(self.run_box)
        self.run_label = plain_label(QLabel(self.run_box))
        self.run_label.setObjectName("runResult")
        self.run_label.setWordWrap(True)
        self.print_button = QPushButton("Imprimer…", self.run_box)
        self.print_button.setObjectName("printRun")
        self.print_button.clicked.connect(self.print_run)
        self.save_button = QPushButton("Enregistrer le PDF…", self.run_box)
        self.save_button.setObjectName("saveRun")
        self.save_button.clicked.connect(self.save_run)
        self.send_button = QPushButton("Envoyer par courriel…", self.run_box)
        self.send_button.setObjectName("sendRun")
        self.send_button.setToolTip(
            "Envoyer chaque facture aux familles qui acceptent le courriel (jamais deux fois)"
        )
        self.send_button.clicked.connect(self.send_run)
        run_layout.addWidget(self.run_label, 1)
        run_layout.addWidget(self.print_button)
        run_layout.addWidget(self.save_button)
        run_layout.addWidget(self.send_button)
        self.run_box.setVisible(False)

        self.status_label = plain_label(QLabel(self))
        self.status_label.setObjectName("runStatus")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.totals_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.run_box)
        layout.addWidget(self.status_label)
        self._show_totals()
        self._show_lines()

    # the month ---------------------------------------------------------------------------------
    @property
    def month(self) -> dt.date:
        return self.month_box.currentData()

    def set_month(self, month: dt.date) -> None:
        index = self.month_box.findData(month_start(month))
        if index < 0:
            self.month_box.addItem(month_title(month_start(month)), month_start(month))
            index = self.month_box.count() - 1
        self.month_box.setCurrentIndex(index)

    def _month_changed(self) -> None:
        """Another month: the preview shown was of the last one."""
        if self.preview is not None and self.preview.month != self.month:
            self._show_preview(None)
            self._say("Cliquez sur « Calculer » pour voir les factures de ce mois.")

    # computing ---------------------------------------------------------------------------------
    def compute(self) -> None:
        if self.busy:
            return
        month = self.month
        self._busy(True)
        self.context.ops.run_long(
            lambda db, progress: loads.preview(db, month, progress),
            self,
            f"Calcul des factures {de(month_title(month).lower())}…",
            on_done=self._computed,
            on_error=self._compute_failed,
            owner=self,
            name="preview_month",
        )

    def _computed(self, preview: RunPreview) -> None:
        self._busy(False)
        self._show_preview(preview)
        if not preview.families:
            self._say(f"Rien à facturer en {month_title(preview.month).lower()}.")
        else:
            self._say("")
        self.computed.emit()
        self.finished.emit()

    def _compute_failed(self, error: BaseException) -> None:
        self._busy(False)
        if not isinstance(error, Cancelled):
            self._error(error)
        self.computed.emit()
        self.finished.emit()

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """The planning, the invoices or the tariffs changed (here or on another PC): the
        preview shown may be out of date. It is not recomputed behind the user's back (the
        ticks would move): the user is told, and the issue recomputes anyway."""
        if self.preview is None or self.busy or started_by(self, origin):
            return
        first = self.preview.month
        last = next_month(first) - dt.timedelta(days=1)
        if any(c.touches(tables=STALE_TABLES, days=(first, last)) for c in changes):
            self.stale = True
            self._say(
                "Le planning ou la facturation a changé depuis le calcul : cliquez sur "
                "« Calculer » pour voir les montants à jour."
            )

    def _show_preview(self, preview: RunPreview | None) -> None:
        self.preview = preview
        self.stale = False
        families = preview.families if preview is not None else []
        self.drafts = {d.family_id: d for d in families}
        kept = {fid for fid in self.model.left_out if fid in self.drafts}
        self.model.left_out = kept
        self.model.update_rows([DraftRow.of(d) for d in families])
        self.table.resizeColumnsToContents()
        self._show_totals()
        self._show_lines()

    def _show_totals(self) -> None:
        preview = self.preview
        if preview is None:
            self.totals_label.setText(
                french_spacing(
                    f"{month_title(self.month)} : cliquez sur « Calculer » pour voir les "
                    "factures du mois."
                )
            )
            self.issue_button.setEnabled(False)
            return
        ticked = self.model.ticked_rows()
        total = sum((r.total for r in ticked), Decimal("0.00"))
        issuable = sum(1 for r in self.model.rows if r.issuable)
        left_out = issuable - len(ticked)
        blocked = sum(1 for r in self.model.rows if r.blocking)
        text = (
            f"{month_title(preview.month)} : {plural(len(ticked), 'facture')} à émettre, "
            f"total {money(total)}"
        )
        extras = []
        if left_out:
            extras.append(
                f"{plural(left_out, 'famille')} laissée{'s' if left_out > 1 else ''} de côté"
            )
        if blocked:
            extras.append(f"{plural(blocked, 'famille')} bloquée{'s' if blocked > 1 else ''}")
        if extras:
            text += " (" + ", ".join(extras) + ")"
        self.totals_label.setText(french_spacing(text))
        self.issue_button.setEnabled(bool(ticked) and not self.busy)

    def ticked_total(self) -> tuple[int, Decimal]:
        ticked = self.model.ticked_rows()
        return len(ticked), sum((r.total for r in ticked), Decimal("0.00"))

    def selected_draft(self) -> FamilyDraft | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.drafts.get(self.model.key_at(index.row()))  # type: ignore[arg-type]

    def select_family(self, family_id: int) -> bool:
        row = self.model.row_of(family_id)
        if row < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, 1))
        return True

    def _show_lines(self) -> None:
        draft = self.selected_draft()
        if draft is None:
            self.lines.clear()
            self.family_label.setText("Choisissez une famille pour voir ses lignes.")
            self.view_button.setEnabled(False)
            return
        self.lines.update_rows(line_rows(draft))
        self.lines_table.resizeColumnsToContents()
        self.family_label.setText(
            french_spacing(
                f"{draft.name} — N° famille {draft.family_number} — "
                f"{plural(len(draft.lines), 'ligne')}, total {money(draft.total)}"
            )
        )
        self.view_button.setEnabled(bool(draft.lines))

    def view_draft(self) -> None:
        draft = self.selected_draft()
        if draft is None or self.preview is None:
            return
        month = self.preview.month
        self.context.ops.run(
            lambda db: loads.draft_document(db, draft, month),
            on_done=self._show_draft,
            on_error=self._error,
            owner=self,
            name="draft_pdf",
        )

    def _show_draft(self, document: Document) -> None:
        self.draft_preview = DocumentPreview(document, self.context.ops, self)
        self.draft_preview.show()
        self.finished.emit()

    # issuing -----------------------------------------------------------------------------------
    def confirmation_text(self) -> str:
        count, total = self.ticked_total()
        month = self.preview.month if self.preview is not None else self.month
        return (
            f"Émettre {plural(count, 'facture')} {de(month_title(month).lower())}, pour un "
            f"total de {money(total)} ?\n\nUne facture émise n'est plus jamais modifiée : "
            "une erreur se corrige par un avoir."
        )

    def issue(self) -> None:
        if self.preview is None or self.busy:
            return
        count, _total = self.ticked_total()
        if not count:
            return
        if self.confirm and (
            ask(
                self,
                "Émettre les factures",
                self.confirmation_text(),
                Button.Yes | Button.Cancel,
                Button.Cancel,
            )
            != Button.Yes
        ):
            return
        self.confirm_issue()

    def confirm_issue(self) -> None:
        """Issue what is ticked (the user said yes)."""
        assert self.preview is not None
        month = self.preview.month
        exclude = self.model.unticked_ids()
        expected = self.ticked_total()
        self._busy(True)
        self.context.ops.run_long(
            lambda db, progress: loads.issue(db, month, exclude, progress),
            self,
            f"Émission des factures {de(month_title(month).lower())}…",
            on_done=lambda issued: self._issued(month, issued, expected),
            on_error=self._issue_failed,
            owner=self,
            name="issue_month",
        )

    def _issued(self, month: dt.date, issued: IssuedRun, expected: tuple[int, Decimal]) -> None:
        self._busy(False)
        self.last_run = issued
        self.last_run_month = month
        self.run_pdf = None
        self.send_report = None
        text = issued.message
        if issued.count and (issued.count, issued.total) != expected:
            text += (
                " Le planning a changé depuis le calcul : ce sont les montants émis qui comptent."
            )
        self.run_label.setText(french_spacing(text))
        self.run_box.setVisible(bool(issued.count))
        for button in (self.print_button, self.save_button, self.send_button):
            button.setEnabled(bool(issued.count))
        self._say(text)
        self.issued.emit(issued)
        self.finished.emit()
        self.compute()  # what is left to bill: nothing, or what was left out

    def _issue_failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, Cancelled):  # its transaction rolled back
            self._say("Émission arrêtée : aucune facture n'a été émise.", error=True)
        else:
            self._error(error)
        self.finished.emit()

    # after the run -----------------------------------------------------------------------------
    def _with_run_pdf(self, then: Any) -> None:
        """Build the run's combined PDF once (a long op with progress), then `then(document)`."""
        if self.last_run is None or self.last_run_month is None:
            return
        if self.run_pdf is not None:
            then(self.run_pdf)
            return
        issued, month = self.last_run, self.last_run_month

        def built(document: Document) -> None:
            self.run_pdf = document
            then(document)

        self.context.ops.run_long(
            lambda db, progress: loads.run_document(db, issued, month, progress),
            self,
            f"Préparation des {plural(issued.count, 'facture')}…",
            on_done=built,
            on_error=self._after_run_failed,
            owner=self,
            name="invoices_pdf",
        )

    def print_run(self) -> None:
        self._with_run_pdf(self._print_document)

    def _print_document(self, document: Document) -> None:
        printer = printing.ask_printer(self, document.title)
        if printer is None:
            self.finished.emit()
            return
        data = document.data
        self.context.ops.run_long(
            lambda _db, progress: printing.print_pdf(data, printer, progress),
            self,
            french_spacing(f"Impression : {document.title}"),
            on_done=lambda pages: self._done_after_run(
                f"{plural(pages, 'page')} envoyée{'s' if pages > 1 else ''} à l'imprimante."
            ),
            on_error=self._after_run_failed,
            owner=self,
            name="print_run",
        )

    def save_run(self) -> None:
        self._with_run_pdf(self._save_document)

    def _save_document(self, document: Document) -> None:
        try:
            target = save_with_dialog(
                self, document.data, "Enregistrer les factures", document.file_name
            )
        except OSError as exc:
            self._done_after_run(f"Le document n'a pas pu être enregistré : {exc.strerror}.")
            return
        self._done_after_run(f"Document enregistré : {target}." if target is not None else "")

    def send_run(self) -> None:
        if self.last_run is None:
            return
        issued = self.last_run
        if self.confirm and (
            ask(
                self,
                "Envoyer par courriel",
                f"Envoyer les {plural(issued.count, 'facture')} par courriel aux familles qui "
                "l'acceptent ? Une facture déjà envoyée ne l'est pas une seconde fois.",
                Button.Yes | Button.Cancel,
                Button.Yes,
            )
            != Button.Yes
        ):
            return
        self.context.ops.run_long(
            lambda db, progress: loads.send(db, issued.invoice_ids, progress),
            self,
            "Envoi des factures par courriel…",
            on_done=self._sent,
            on_error=self._after_run_failed,
            owner=self,
            name="send_invoices",
        )

    def _sent(self, report: SendReport) -> None:
        self.send_report = report
        self.report_dialog = SendReportDialog(report, self)
        self.report_dialog.open()
        self._done_after_run(report_summary(report))

    def _done_after_run(self, text: str) -> None:
        if text:
            self._say(text)
        self.finished.emit()

    def _after_run_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._say("Opération arrêtée.")
        elif isinstance(error, printing.PrintError):
            self._say(str(error), error=True)
        else:
            self._error(error)
        self.finished.emit()

    # state -------------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.busy = busy
        self.compute_button.setEnabled(not busy)
        self.month_box.setEnabled(not busy)
        self._show_totals()

    def _error(self, error: BaseException) -> None:
        if is_connection_error(error):
            self.context.ops.connection_failed.emit(self.context.ops.last_op_id)
        message = str(error) if isinstance(error, PortailError) else user_message(error)
        self._say(message, error=True)

    def _say(self, text: str, error: bool = False) -> None:
        text = french_spacing(text)
        if error:
            self.last_error = text
        else:
            self.last_message = text
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b71c1c;" if error else "")


def report_summary(report: SendReport) -> str:
    parts = [f"{plural(len(report.sent), 'facture')} envoyée{'s' if len(report.sent) > 1 else ''}"]
    if report.failed:
        parts.append(f"{len(report.failed)} en échec")
    if report.skipped:
        parts.append(f"{len(report.skipped)} non envoyée{'s' if len(report.skipped) > 1 else ''}")
    return ", ".join(parts) + "."


def report_text(report: SendReport) -> str:
    lines = [report_summary(report), ""]
    if report.failed:
        lines.append("En échec :")
        lines += [f"  {number} : {reason}" for number, reason in report.failed]
        lines.append("")
    if report.skipped:
        lines.append("Non envoyées :")
        lines += [f"  {number} : {reason}" for number, reason in report.skipped]
        lines.append("")
    if report.sent:
        lines.append("Envoyées : " + ", ".join(report.sent))
    return french_spacing("\n".join(lines).strip())


class SendReportDialog(QDialog):
    """What was sent, what failed (with the reason) and what was not sent."""

    def __init__(self, report: SendReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sendReport")
        self.setWindowTitle("Envoi des factures par courriel")
        self.summary = plain_label(QLabel(french_spacing(report_summary(report)), self))
        self.summary.setStyleSheet("font-weight: bold;")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(report_text(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)
