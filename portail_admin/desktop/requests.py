"""The Demandes area: every pending request, newest first, filterable by type, family and
child; the old and new values side by side, or the planning context of a booking or absence;
Accepter, Refuser (motive required), one request or several at once (with progress).

Refreshes itself in place from what changed (context.changes): a parent's new request appears
without a click, a request decided on another PC leaves the list, the selection stays.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidgetItem,
    QWidget,
)

from ..core import clock, formatting
from ..core.changefeed import Change
from ..core.errors import PortailError, ValidationError
from ..core.formatting import french_spacing
from ..core.models import Request
from ..core.models.enums import RequestKind, RequestStatus
from ..core.services import decisions, health_access
from ..core.services.staff import Permission
from .changes import started_by, touching
from .context import AppContext
from .fieldforms import desktop_term, set_error_state
from .forms.ui_motive_dialog import Ui_MotiveDialog
from .forms.ui_requests_page import Ui_RequestsPage
from .keyed_model import Column, KeyedModel
from .ops import OpDb, Progress, is_connection_error, save_message, user_message
from .plaintext import plain_labels

log = logging.getLogger(__name__)

ALL = 0  # the "every …" entry of a filter


@dataclass(frozen=True)
class RequestRow:
    id: int
    version: int
    kind: RequestKind
    family_id: int
    family_name: str
    child_id: int | None
    child_name: str
    created_at: dt.datetime
    summary: str

    @property
    def received(self) -> str:
        return f"{self.created_at.astimezone(clock.COMMUNE_TZ):%d/%m/%Y %H:%M}"


@dataclass
class RequestDetail:
    id: int
    version: int
    title: str
    rows: list[decisions.ChangeRow]
    context: decisions.PlanningContext | None = None
    info: str = ""


@dataclass
class DecisionOutcome:
    verb: str  # "acceptée" / "refusée"
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    cancelled: int = 0
    stopped: int = 0  # left pending after an unexpected error (the database went away…)

    def summary(self) -> str:
        n = len(self.done)
        text = f"{n} demande{'s' if n > 1 else ''} {self.verb}{'s' if n > 1 else ''}"
        if self.failed:
            f = len(self.failed)
            text += f", {f} non traitée{'s' if f > 1 else ''}"
        stops = (("arrêt demandé", self.cancelled), ("arrêt sur une erreur", self.stopped))
        for why, left in stops:
            if left:
                text += f" ; {why} : {left} laissée{'s' if left > 1 else ''} en attente"
        return french_spacing(text + ".")


# --------------------------------------------------------------------------- ops


def load_pending(db: OpDb, ids: Collection[int] | None = None) -> list[RequestRow]:
    """The pending requests this staff member may decide (with `ids`: only those of them)."""
    staff = db.require(Permission.DECIDE_REQUESTS)
    with db.read() as session:
        rows = []
        for request in decisions.pending_requests(session, role=staff.role, ids=ids):
            if request.kind in decisions.PLANNING_KINDS:
                service = request.service.full_name if request.service else ""
                day = formatting.long_date(request.day) if request.day else ""
                summary = f"{service} — {day}"
                if decisions.is_late(request):
                    summary += (
                        " — hors délai : Absent facturé"
                        if request.kind is RequestKind.ABSENCE
                        else " — hors délai"
                    )
            else:
                labels = [row.label for row in decisions.record_change_pairs(request)]
                summary = ", ".join(labels)
            child = request.child
            rows.append(
                RequestRow(
                    id=request.id,
                    version=request.version,
                    kind=request.kind,
                    family_id=request.family_id,
                    family_name=request.family.display_name,
                    child_id=request.child_id,
                    child_name=f"{child.last_name} {child.first_name}" if child else "",
                    created_at=request.created_at,
                    summary=summary,
                )
            )
        return rows


def load_detail(db: OpDb, request_id: int) -> RequestDetail:
    staff = db.require(Permission.DECIDE_REQUESTS)
    kinds = decisions.visible_kinds(staff.role)
    with db.read() as session:
        found = session.get(Request, request_id)
        if (
            found is None
            or found.status is not RequestStatus.PENDING
            or (kinds is not None and found.kind not in kinds)
        ):
            raise PortailError("Cette demande n'est plus en attente.")
        who = found.family.display_name
        child = f" — {found.child.last_name} {found.child.first_name}" if found.child else ""
        title = f"{found.kind.label} — {who}{child}"
        received = f"{found.created_at.astimezone(clock.COMMUNE_TZ):%d/%m/%Y à %H:%M}"
        detail = RequestDetail(
            id=found.id,
            version=found.version,
            title=title,
            rows=decisions.record_change_pairs(found),
            info=f"Reçue le {received} — famille n° {found.family.family_number}",
        )
        if found.kind in decisions.PLANNING_KINDS:
            detail.context = decisions.planning_context(session, found)
        health_of = found.child_id if found.kind is RequestKind.HEALTH else None
    if health_of is not None:  # the values shown are health data: their reading is logged
        with db.write() as session:
            health_access.record_health_access(session, staff.actor, health_of)
    return detail


def decide_op(
    ids: list[int],
    motive: str | None,
    versions: dict[int, int] | None = None,
) -> Callable[[OpDb, Progress], DecisionOutcome]:
    """Accept (motive None) or refuse the requests, each in its own transaction: one that
    cannot be decided is reported and stays pending; "Annuler" leaves the rest pending."""

    def op(db: OpDb, progress: Progress) -> DecisionOutcome:
        staff = db.require(Permission.DECIDE_REQUESTS)
        cleaned = decisions.clean_motive(motive) if motive is not None else None
        outcome = DecisionOutcome("acceptée" if cleaned is None else "refusée")
        total = len(ids)
        verb = "Acceptation" if cleaned is None else "Refus"
        for index, request_id in enumerate(ids):
            if progress.cancelled:
                outcome.cancelled = total - index
                break
            progress.report(index, total, f"{verb} des demandes : {index + 1} sur {total}…")
            expected = (versions or {}).get(request_id)
            try:
                with db.write() as session:
                    if cleaned is None:
                        decisions.accept(session, request_id, staff, expected)
                    else:
                        decisions.refuse(session, request_id, cleaned, staff, expected)
            except ValidationError as exc:
                outcome.failed[request_id] = " ".join(exc.errors.values())
            except PortailError as exc:
                outcome.failed[request_id] = str(exc)
            except Exception as exc:  # noqa: BLE001
                if is_connection_error(exc) and not outcome.done:
                    raise  # nothing decided: the page and the connection banner say it
                # The ones before are committed: report them, stop, leave the rest pending.
                log.exception("deciding request %s failed", request_id)
                outcome.failed[request_id] = user_message(exc)
                outcome.stopped = total - index - 1
                break
            else:
                outcome.done.append(request_id)
        progress.report(total, total, "")
        return outcome

    return op


# --------------------------------------------------------------------------- motive


class MotiveDialog(QDialog):
    """The refusal motive: required, checked before anything is sent."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_MotiveDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        if count > 1:
            self.setWindowTitle(f"Refuser {count} demandes")
            self.ui.introLabel.setText(
                french_spacing(
                    f"Motif du refus des {count} demandes (chaque famille le lira dans sa liste "
                    "des demandes) :"
                )
            )
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Refuser")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.motive = ""

    def submit(self) -> None:
        try:
            self.motive = decisions.clean_motive(self.ui.f_motive.toPlainText())
        except ValidationError as exc:
            message = exc.errors.get("motive", str(exc))
            self.ui.e_motive.setText(message)
            self.ui.e_motive.setVisible(True)
            set_error_state(self.ui.f_motive, True, message)
            self.ui.f_motive.setFocus()
            return
        self.accept()


# --------------------------------------------------------------------------- page

COLUMNS = (
    Column("Reçue le", lambda r: r.received),
    Column("Type", lambda r: r.kind.label),
    Column("Famille", lambda r: r.family_name),
    Column("Enfant", lambda r: r.child_name),
    Column("Objet de la demande", lambda r: r.summary, tooltip=lambda r: r.summary),
)


def newest_first(row: RequestRow) -> tuple[float, int]:
    """The list's order."""
    return (-row.created_at.timestamp(), -row.id)


# What a row shows of other records: a change to them refreshes the rows of that family.
NAME_TABLES = frozenset({"family", "guardian", "child"})


class RequestsPage(QWidget):
    badge_changed = Signal(int)
    open_requested = Signal(str, dict)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_RequestsPage()
        self.ui.setupUi(self)
        plain_labels(self)
        self.rows: list[RequestRow] = []
        self.detail: RequestDetail | None = None
        self.last_outcome: DecisionOutcome | None = None
        self.last_progress: Progress | None = None
        self.loads_done = 0
        self.row_refreshes = 0  # rows read again after a change elsewhere (tests count them)
        self.last_error = ""
        self.deciding = False
        self._detail_seq = 0
        self._pending_filters: dict[str, Any] = {}

        self.model: KeyedModel[RequestRow] = KeyedModel(COLUMNS, sort_key=newest_first, parent=self)
        table = self.ui.requestTable
        self.model.attach(table)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)

        changes = self.ui.changeTable
        changes.setColumnCount(3)
        changes.setHorizontalHeaderLabels(["", "Valeur actuelle", "Valeur demandée"])
        changes.verticalHeader().setVisible(False)
        changes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        changes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        changes.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        changes.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.ui.kindFilter.addItem("Tous les types", ALL)
        kinds = decisions.visible_kinds(context.staff.role if context.staff else None)
        for kind in kinds if kinds is not None else list(RequestKind):
            self.ui.kindFilter.addItem(kind.label, kind.value)
        self.ui.familyFilter.addItem("Toutes les familles", ALL)
        self.ui.childFilter.addItem("Tous les enfants", ALL)
        self.ui.kindFilter.currentIndexChanged.connect(self._filters_changed)
        self.ui.familyFilter.currentIndexChanged.connect(self._family_changed)
        self.ui.childFilter.currentIndexChanged.connect(self._filters_changed)
        self.ui.acceptButton.clicked.connect(self.accept_selected)
        self.ui.refuseButton.clicked.connect(self.refuse_selected)
        self.ui.acceptButton.setToolTip("Accepter les demandes sélectionnées")
        self.ui.refuseButton.setToolTip("Refuser les demandes sélectionnées (un motif est demandé)")
        context.changes.changed.connect(self._on_changes)
        self._show_detail(None)
        self.reload()

    # loading ------------------------------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.context.ops.run(
            load_pending,
            on_done=self._loaded,
            on_error=self._load_failed,
            owner=self,
            name="load_requests",
        )

    def _loaded(self, rows: list[RequestRow]) -> None:
        self.loads_done += 1
        self._show_rows(rows)

    def _show_rows(self, rows: list[RequestRow]) -> None:
        self.rows = sorted(rows, key=newest_first)
        self.last_error = ""
        self._fill_family_filter()
        self._apply_filters()
        self.badge_changed.emit(len(self.rows))

    def refresh_requests(self, ids: set[int]) -> None:
        """Read these requests again (those still pending come back) and update their rows."""
        self.row_refreshes += 1

        def done(fresh: list[RequestRow]) -> None:
            kept = [r for r in self.rows if r.id not in ids]
            self._show_rows(kept + fresh)

        self.context.ops.run(
            lambda db: load_pending(db, ids),
            on_done=done,
            on_error=self._load_failed,
            owner=self,
            name="refresh_requests",
        )

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self.ui.statusLabel.setText(self.last_error)

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """A request posted, decided or withdrawn elsewhere, or a name shown here changed: only
        those rows are read again (this page's own decisions reloaded it already)."""
        if started_by(self, origin):
            return
        ids = {c.row_id for c in touching(changes, {"request"}) if c.row_id}
        families = {c.family_id for c in touching(changes, NAME_TABLES)}
        if None in families:
            families = {r.family_id for r in self.rows}  # unscoped: every row may show it
        ids |= {r.id for r in self.rows if r.family_id in families}
        if any(c.table_name == "request" and not c.row_id for c in changes):
            self.reload()  # a compact bulk row: no ids to read again
        elif ids:
            self.refresh_requests(ids)

    # filters ------------------------------------------------------------------------------------
    def open_with(self, kind: str | None = None, family_id: int | None = None, **_: Any) -> None:
        """Open on a filtered list (from a dashboard tile or another page)."""
        self._pending_filters = {"kind": kind, "family_id": family_id}
        self._set_combo(self.ui.kindFilter, kind or ALL)
        self._set_combo(self.ui.familyFilter, family_id or ALL)
        self.reload()

    @staticmethod
    def _set_combo(combo: Any, value: Any) -> bool:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        return index >= 0

    def _fill_family_filter(self) -> None:
        combo = self.ui.familyFilter
        current = self._pending_filters.pop("family_id", None) or combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Toutes les familles", ALL)
        families = sorted({(r.family_name, r.family_id) for r in self.rows})
        for name, family_id in families:
            combo.addItem(name, family_id)
        if not self._set_combo(combo, current or ALL):
            combo.setCurrentIndex(0)
        combo.blockSignals(False)
        self._fill_child_filter()

    def _fill_child_filter(self) -> None:
        combo = self.ui.childFilter
        current = combo.currentData()
        family_id = self.ui.familyFilter.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Tous les enfants", ALL)
        children = sorted(
            {
                (r.child_name, r.child_id)
                for r in self.rows
                if r.child_id and (family_id in (ALL, None) or r.family_id == family_id)
            }
        )
        for name, child_id in children:
            combo.addItem(name, child_id)
        if not self._set_combo(combo, current or ALL):
            combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def _family_changed(self) -> None:
        self._fill_child_filter()
        self._apply_filters()

    def _filters_changed(self) -> None:
        self._apply_filters()

    def visible_rows(self) -> list[RequestRow]:
        kind = self.ui.kindFilter.currentData()
        family_id = self.ui.familyFilter.currentData()
        child_id = self.ui.childFilter.currentData()
        return [
            r
            for r in self.rows
            if (kind in (ALL, None) or r.kind.value == kind)
            and (family_id in (ALL, None) or r.family_id == family_id)
            and (child_id in (ALL, None) or r.child_id == child_id)
        ]

    def _apply_filters(self) -> None:
        before = self.selected_ids()
        rows = self.visible_rows()
        selection = self.ui.requestTable.selectionModel()
        selection.blockSignals(True)
        self.model.update_rows(rows)  # in place: the selection and the scroll position stay
        selection.blockSignals(False)
        total = len(self.rows)
        shown = len(rows)
        if total == 0:
            text = "Aucune demande en attente."
        elif shown == total:
            text = f"{total} demande{'s' if total > 1 else ''} en attente"
        else:
            text = f"{shown} sur {total} demandes en attente"
        self.ui.countLabel.setText(text)
        if self.selected_ids() != before or self._detail_outdated(rows):
            self._selection_changed()

    def _detail_outdated(self, rows: list[RequestRow]) -> bool:
        """The request shown in the detail panel changed (read again: new values, version)."""
        if self.detail is None:
            return False
        shown = next((r for r in rows if r.id == self.detail.id), None)
        return shown is None or shown.version != self.detail.version

    # selection and detail ----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.ui.requestTable.selectionModel().selectedRows()})
        return [self.model.key_at(r) for r in rows]  # type: ignore[misc]

    def select_ids(self, ids: list[int]) -> None:
        """Select these requests in the list (tests and links use it)."""
        selection = self.ui.requestTable.selectionModel()
        selection.clearSelection()
        for row in range(self.model.rowCount()):
            if self.model.key_at(row) in ids:
                selection.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _selection_changed(self, *_args: Any) -> None:
        ids = self.selected_ids()
        busy = self.deciding
        self.ui.acceptButton.setEnabled(bool(ids) and not busy)
        self.ui.refuseButton.setEnabled(bool(ids) and not busy)
        self.ui.acceptButton.setText(f"Accepter ({len(ids)})" if len(ids) > 1 else "Accepter")
        self.ui.refuseButton.setText(f"Refuser ({len(ids)})…" if len(ids) > 1 else "Refuser…")
        if len(ids) != 1:
            self._detail_seq += 1
            self._show_detail(None, count=len(ids))
            return
        self._detail_seq += 1
        seq = self._detail_seq
        request_id = ids[0]
        self.context.ops.run(
            lambda db: load_detail(db, request_id),
            on_done=lambda detail: self._detail_loaded(seq, detail),
            on_error=lambda error: self._detail_failed(seq, error),
            owner=self,
            name="request_detail",
        )

    def _detail_loaded(self, seq: int, detail: RequestDetail) -> None:
        if seq == self._detail_seq:
            self._show_detail(detail)

    def _detail_failed(self, seq: int, error: BaseException) -> None:
        if seq == self._detail_seq:
            self._show_detail(None)
            self.ui.detailError.setText(user_message(error))
            self.ui.detailError.setVisible(True)

    def _show_detail(self, detail: RequestDetail | None, count: int = 0) -> None:
        self.detail = detail
        self.ui.detailError.setVisible(False)
        table = self.ui.changeTable
        if detail is None:
            self.ui.detailTitle.setText(
                f"{count} demandes sélectionnées" if count > 1 else "Choisissez une demande."
            )
            self.ui.detailInfo.setText(
                french_spacing(
                    "Accepter ou Refuser s'applique à toutes les demandes sélectionnées."
                    if count > 1
                    else "Cliquez sur une demande pour la voir ; Ctrl+clic ou Maj+clic pour en "
                    "choisir plusieurs."
                )
            )
            table.setVisible(False)
            self.ui.contextLabel.setVisible(False)
            return
        self.ui.detailTitle.setText(detail.title)
        self.ui.detailInfo.setText(detail.info)
        if detail.context is None:
            table.setVisible(True)
            table.setRowCount(len(detail.rows))
            for row, change in enumerate(detail.rows):
                label = QTableWidgetItem(desktop_term(change.label))
                font = label.font()
                font.setBold(True)
                label.setFont(font)
                old = QTableWidgetItem(change.old or "—")
                new = QTableWidgetItem(change.new or "—")
                if change.old != change.new:
                    new.setBackground(Qt.GlobalColor.yellow)
                    new.setToolTip("Valeur modifiée")
                table.setItem(row, 0, label)
                table.setItem(row, 1, old)
                table.setItem(row, 2, new)
            table.resizeRowsToContents()
            self.ui.contextLabel.setVisible(False)
        else:
            table.setVisible(False)
            self.ui.contextLabel.setText(context_html(detail.context))
            self.ui.contextLabel.setVisible(True)

    # deciding -----------------------------------------------------------------------------------
    def accept_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._decide(ids, None)

    def refuse_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = MotiveDialog(len(ids), self)
        self.motive_dialog = dialog  # tests fill it in
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._decide(ids, dialog.motive)

    def _decide(self, ids: list[int], motive: str | None) -> None:
        if self.deciding:
            return
        self.deciding = True
        self._selection_changed()
        versions = {r.id: r.version for r in self.rows if r.id in ids}
        verb = "Acceptation" if motive is None else "Refus"
        self.ui.statusLabel.setText(f"{verb} en cours…")
        self.last_progress = self.context.ops.run_long(
            decide_op(ids, motive, versions),
            self,
            f"{verb} de {len(ids)} demande{'s' if len(ids) > 1 else ''}…",
            on_done=self._decided,
            on_error=self._decide_failed,
            owner=self,
            name="decide_requests",
        )

    def _decided(self, outcome: DecisionOutcome) -> None:
        self.deciding = False
        self.last_outcome = outcome
        self.ui.statusLabel.setText(outcome.summary())
        if outcome.failed:
            lines = [f"• {self._label_of(rid)} : {why}" for rid, why in outcome.failed.items()]
            self.ui.detailError.setText(french_spacing("\n".join(["Non traitées :", *lines])))
            self.ui.detailError.setVisible(True)
        self.reload()

    def _decide_failed(self, error: BaseException) -> None:
        self.deciding = False
        self._selection_changed()
        self.ui.statusLabel.setText("Rien n'a été décidé.")
        self.ui.detailError.setText(save_message(error))
        self.ui.detailError.setVisible(True)

    def _label_of(self, request_id: int) -> str:
        row = next((r for r in self.rows if r.id == request_id), None)
        if row is None:
            return f"Demande n° {request_id}"
        return f"{row.kind.label} — {row.family_name}" + (
            f" — {row.child_name}" if row.child_name else ""
        )

    def self_test(self) -> Callable[[], None]:
        if self.last_error:
            raise RuntimeError(self.last_error)

        def verify() -> None:
            if self.loads_done == 0:
                raise RuntimeError("la liste des demandes ne s'est pas chargée")
            if self.last_error:
                raise RuntimeError(self.last_error)

        return verify


def _billing_note(ctx: decisions.PlanningContext) -> str:
    if ctx.kind is not RequestKind.ABSENCE:
        return ""
    return " (facturé à la famille)" if ctx.billed_absence else " (non facturé)"


def context_html(ctx: decisions.PlanningContext) -> str:
    """The planning context of a booking or absence, as the detail panel shows it."""
    if ctx.places_left is None:
        places = "sans limite de places"
    else:
        places = (
            f"{ctx.places_left} place{'s' if ctx.places_left > 1 else ''} restante"
            f"{'s' if ctx.places_left > 1 else ''} sur {ctx.capacity} "
            f"({ctx.booked_count} autre{'s' if ctx.booked_count > 1 else ''} enfant"
            f"{'s' if ctx.booked_count > 1 else ''} réservé{'s' if ctx.booked_count > 1 else ''})"
        )
    timing = "dans le délai" if ctx.on_time else "hors délai"
    lines = [
        f"<b>Prestation :</b> {escape(ctx.service_name)}",
        f"<b>Jour :</b> {escape(ctx.day_label)}",
        f"<b>Case du planning aujourd'hui :</b> {escape(ctx.state_label)}",
        f"<b>Places ce jour-là :</b> {escape(places)}",
        f"<b>Date limite :</b> {formatting.short_date(ctx.deadline)} — demande faite le "
        f"{formatting.short_date(ctx.requested_on)} ({timing})",
        f"<b>Si vous acceptez :</b> {escape(ctx.outcome)}{escape(_billing_note(ctx))}",
    ]
    if ctx.closed:
        lines.append(f"<b>Accueil :</b> {escape(ctx.closed)}")
    html = "<br>".join(lines)
    if ctx.billed_absence:
        html = (
            "<p style='color:#b00020'><b>Absence signalée après la date limite du "
            f"{formatting.short_date(ctx.deadline)} : si vous l'acceptez, le jour sera marqué "
            "« Absent facturé » et facturé à la famille.</b></p>" + html
        )
    if ctx.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in ctx.warnings)
        html += f"<p style='color:#8a5a00'><b>À vérifier :</b></p><ul>{items}</ul>"
    return html
