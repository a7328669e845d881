"""The family record editor: Responsable, Conjoint, Informations fiscales, CAF, Coordonnées
bancaires, and the children. One "Enregistrer" saves every changed part in one transaction."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from ...core.clock import now as clock_now
from ...core.errors import ConcurrentEditError, NotFoundError, ValidationError
from ...core.formatting import french_spacing
from ...core.models.enums import (
    AttachmentBody,
    Civility,
    FamilySituation,
    QfSource,
    Quality,
)
from ...core.services.fields import (
    BANK_FIELDS,
    CAF_FIELDS,
    GUARDIAN_FIELDS,
    TAX_FIELDS,
)
from ...core.services.staff import Permission
from ..conflicts import ConflictDialog, Side, resolve_conflict
from ..context import AppContext
from ..fieldforms import FieldBinder, field_label
from ..forms.ui_bank_form import Ui_BankForm
from ..forms.ui_caf_form import Ui_CafForm
from ..forms.ui_family_editor import Ui_FamilyEditor
from ..forms.ui_guardian_form import Ui_GuardianForm
from ..forms.ui_tax_form import Ui_TaxForm
from ..ops import OpDb, is_connection_error, save_message
from ..plaintext import ask, plain_label, plain_labels
from ..planning.family_tab import FamilyPlanningTab
from ..planning.family_tab import add_family_tab as add_planning_tab
from . import records
from .child_form import ChildForm
from .enrolments_tab import attach_enrolments
from .history_tab import add_family_tab, attach_child
from .invoices_tab import FamilyInvoicesTab
from .invoices_tab import add_family_tab as add_invoices_tab
from .portal_account import PortalAccountTab
from .records import SECTION_TITLES, FamilySnapshot, SavePlan

ERROR_COLOR = QColor("#b00020")
SECTION_TABS = ["primary", "partner", "tax", "caf", "bank"]
CHILDREN_TAB = len(SECTION_TABS)
NO_PARTNER = french_spacing(
    "Aucun conjoint enregistré : remplissez ce formulaire pour en ajouter un."
)
PARTNER_LEAVING = "Le conjoint sera retiré de la fiche à l'enregistrement."


class _Section(QWidget):
    def __init__(self, ui_class: type, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = ui_class()
        self.ui.setupUi(self)
        plain_labels(self)


def _host(scroll: QScrollArea, form: QWidget, max_width: int = 16777215) -> None:
    """Put a section form at the top of its tab, at its natural height."""
    form.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    form.setMaximumWidth(max_width)
    host = scroll.widget()
    layout = QVBoxLayout(host)
    layout.addWidget(form)
    layout.addStretch(1)


class CompactTabStyle(QProxyStyle):
    """The application's style, with narrower horizontal padding in tab labels."""

    TAB_H_SPACE = 8

    def pixelMetric(  # noqa: N802 (Qt's name)
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return min(value, self.TAB_H_SPACE)
        return value


class FamilyEditor(QWidget):
    saved = Signal(int)  # family id
    reload_requested = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_FamilyEditor()
        self.ui.setupUi(self)
        plain_labels(self)
        self.snapshot: FamilySnapshot = records.empty_snapshot()
        self.saving = False
        self.conflict_dialog: ConflictDialog | None = None
        self._was_dirty = False
        self.partner_removal = False

        guardian_choices = {"civility": Civility, "quality": Quality, "situation": FamilySituation}
        self.binders: dict[str, FieldBinder] = {}
        for role, scroll in (
            ("primary", self.ui.primaryScroll),
            ("partner", self.ui.partnerScroll),
        ):
            form = _Section(Ui_GuardianForm)
            form.setObjectName(f"{role}Form")
            _host(scroll, form)
            if role == "partner":
                self.partner_hint = plain_label(QLabel(NO_PARTNER))
                self.partner_hint.setStyleSheet("color: #555; font-style: italic;")
                self.partner_hint.setWordWrap(True)
                self.remove_partner_button = QPushButton("Retirer le conjoint…")
                self.remove_partner_button.setToolTip(
                    "Retirer le conjoint de la fiche famille (par exemple après une séparation)"
                )
                self.remove_partner_button.clicked.connect(self._toggle_partner_removal)
                bar = QHBoxLayout()
                bar.addWidget(self.partner_hint, 1)
                bar.addStretch()
                self.remove_partner_button.setSizePolicy(
                    QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed
                )
                bar.addWidget(self.remove_partner_button)
                scroll.widget().layout().insertLayout(0, bar)
            self.binders[role] = FieldBinder(
                form.ui, GUARDIAN_FIELDS, guardian_choices, parent=self
            )
        for name, ui_class, fields, choices, required in (
            ("tax", Ui_TaxForm, TAX_FIELDS, {}, ()),
            (
                "caf",
                Ui_CafForm,
                CAF_FIELDS,
                {"attachment_body": AttachmentBody, "qf_source": QfSource},
                ("attachment_body",),
            ),
            ("bank", Ui_BankForm, BANK_FIELDS, {}, ()),
        ):
            form = _Section(ui_class)
            form.setObjectName(f"{name}Form")
            _host(getattr(self.ui, f"{name}Scroll"), form, max_width=720)
            self.binders[name] = FieldBinder(form.ui, fields, choices, required, parent=self)
        for binder in self.binders.values():
            binder.edited.connect(self._on_edit)

        self.child_forms: list[ChildForm] = []
        self._child_scrolls: dict[ChildForm, QScrollArea] = {}
        self.ui.childList.setMaximumWidth(170)
        self.ui.addChildButton.clicked.connect(self.add_child)
        self.ui.childList.currentRowChanged.connect(self._show_child)
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.revert)
        self.ui.reloadButton.clicked.connect(self._reload_clicked)
        self.ui.tabs.setCurrentIndex(0)
        # Seven section tabs must fit beside the family list at 1366 px: a little less
        # padding around their labels (the style keeps its look otherwise).
        self._tab_style = CompactTabStyle()
        self._tab_style.setParent(self)
        self.ui.tabs.tabBar().setStyle(self._tab_style)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        self.ui.saveButton.setToolTip("Enregistrer toute la fiche (Ctrl+S)")
        self._show_partner_state(removing=False)

        # What the role may see and change (checked again in the save op).
        self.can_edit = context.can(Permission.EDIT_FAMILIES)
        self.can_edit_health = context.can(Permission.EDIT_HEALTH)
        self.bank_visible = context.can(Permission.VIEW_BANK)
        self.ui.tabs.setTabVisible(SECTION_TABS.index("bank"), self.bank_visible)
        self.portal_tab: PortalAccountTab | None = None
        if context.can(Permission.PORTAL_ACCOUNTS):
            self.portal_tab = PortalAccountTab(context)
            self.portal_tab.setObjectName("portalTab")
            self.ui.tabs.addTab(self.portal_tab, "Portail")
            self.ui.tabs.setTabToolTip(self.ui.tabs.count() - 1, "Compte portail de la famille")
        self.planning_tab: FamilyPlanningTab | None = None
        if context.can(Permission.PLANNING):
            self.planning_tab = add_planning_tab(context, self.ui.tabs)
        self.invoices_tab: FamilyInvoicesTab | None = None
        if context.can(Permission.BILLING):
            self.invoices_tab = add_invoices_tab(context, self.ui.tabs)
        self.history_tab = add_family_tab(context, self.ui.tabs)
        if not self.can_edit:
            for binder in self.binders.values():
                binder.set_enabled(False)
            self.ui.addChildButton.setVisible(False)
        self._update_buttons()

    def _apply_child_permissions(self, form: ChildForm) -> None:
        if not self.can_edit:
            form.identity.set_enabled(False)
            form.ui.personsTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            form.ui.addPersonButton.setVisible(False)
            form.ui.removePersonButton.setVisible(False)
        if not self.can_edit_health:
            form.health.set_enabled(False)

    # state ------------------------------------------------------------------------------------
    @property
    def family_id(self) -> int | None:
        return self.snapshot.id

    @property
    def dirty(self) -> bool:
        if self.family_id is None:
            return True
        return (
            self.partner_removal
            or any(b.dirty for b in self.binders.values())
            or any(c.dirty for c in self.child_forms)
        )

    def has_unsaved_input(self) -> bool:
        """Something typed would be lost if the record were closed now."""
        if self.family_id is None:
            return not all(
                b.is_empty() for b in self.binders.values() if b is not self.binders["caf"]
            ) or bool(self.child_forms)
        return self.dirty

    def _on_edit(self, *_args: Any) -> None:
        self._refresh_child_titles()
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.dirty
        self.ui.saveButton.setEnabled(not self.saving)
        self.ui.revertButton.setEnabled(dirty and not self.saving and self.family_id is not None)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            if dirty and not self.saving and self.family_id is not None:
                self.ui.statusLabel.setText("Modifications non enregistrées.")
            self.dirty_changed.emit(dirty)

    # loading ----------------------------------------------------------------------------------
    def load(self, snapshot: FamilySnapshot) -> None:
        """Show a record (discarding unsaved edits: callers ask first)."""
        current_child = self.ui.childList.currentRow()
        self.snapshot = snapshot
        for role in ("primary", "partner"):
            self.binders[role].load(snapshot.guardians.get(role) or {})
        for name in ("tax", "caf", "bank"):
            self.binders[name].load(snapshot.sections.get(name, {}))
        for form in self.child_forms:
            scroll = self._child_scrolls.pop(form)
            self.ui.childStack.removeWidget(scroll)
            scroll.deleteLater()
        self.child_forms = []
        self.ui.childList.clear()
        for child in snapshot.children:
            self._add_child_form(ChildForm(child))
        if self.child_forms:
            self.ui.childList.setCurrentRow(max(0, min(current_child, len(self.child_forms) - 1)))
        self._update_titles()
        self._show_partner_state(removing=False)
        self.clear_errors()
        self.hide_conflict()
        self.ui.statusLabel.clear()
        if self.portal_tab is not None and snapshot.id != self.portal_tab.family_id:
            self.portal_tab.load(snapshot.id)
        if self.planning_tab is not None:
            self.planning_tab.set_family(snapshot.id)
        if self.invoices_tab is not None:
            self.invoices_tab.set_family(snapshot.id)
        self.history_tab.set_family(snapshot.id)
        self._update_buttons()

    def _update_titles(self) -> None:
        if self.family_id is None:
            self.ui.titleLabel.setText("Nouvelle famille")
            self.ui.familyNumberLabel.setText("N° famille attribué à l'enregistrement")
        else:
            self.ui.titleLabel.setText(f"Famille {self.snapshot.display_name}")
            self.ui.familyNumberLabel.setText(
                french_spacing(f"N° famille : {self.snapshot.family_number}")
            )
        tabs = self.ui.tabs
        tabs.setTabText(CHILDREN_TAB, f"Enfants ({len(self.child_forms)})")

    def _add_child_form(self, form: ChildForm) -> None:
        self._apply_child_permissions(form)
        attach_child(self.context, form)
        attach_enrolments(self.context, form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form)
        self._child_scrolls[form] = scroll
        self.ui.childStack.addWidget(scroll)
        self.child_forms.append(form)
        item = QListWidgetItem(form.title())
        self.ui.childList.addItem(item)
        form.edited.connect(self._on_edit)

    def _show_child(self, row: int) -> None:
        if 0 <= row < len(self.child_forms):
            self.ui.childStack.setCurrentWidget(self._child_scrolls[self.child_forms[row]])
        else:
            self.ui.childStack.setCurrentIndex(0)

    def _refresh_child_titles(self) -> None:
        for row, form in enumerate(self.child_forms):
            item = self.ui.childList.item(row)
            if item is not None and item.text() != form.title():
                item.setText(form.title())

    def add_child(self) -> ChildForm:
        """A new, unsaved child; the family's name is proposed."""
        form = ChildForm()
        primary = self.binders["primary"].values()
        if primary.get("last_name"):
            form.identity.widgets["last_name"].setText(primary["last_name"].strip().upper())
        self._add_child_form(form)
        self.ui.tabs.setCurrentIndex(CHILDREN_TAB)
        self.ui.childList.setCurrentRow(len(self.child_forms) - 1)
        self._update_titles()
        form.identity.widgets["first_name"].setFocus()
        self._on_edit()
        return form

    def child_form(self, first_name: str) -> ChildForm | None:
        for form in self.child_forms:
            if form.identity.values()["first_name"].strip().upper() == first_name.upper():
                return form
        return None

    def show_child(self, form: ChildForm) -> None:
        self.ui.tabs.setCurrentIndex(CHILDREN_TAB)
        self.ui.childList.setCurrentRow(self.child_forms.index(form))

    def revert(self) -> None:
        self.load(self.snapshot)

    def _show_partner_state(self, removing: bool) -> None:
        self.partner_removal = removing
        has_partner = self.snapshot.guardians.get("partner") is not None
        self.partner_hint.setText(PARTNER_LEAVING if removing else NO_PARTNER)
        self.partner_hint.setVisible(removing or not has_partner)
        self.remove_partner_button.setVisible(has_partner and getattr(self, "can_edit", True))
        self.remove_partner_button.setText(
            "Garder le conjoint" if removing else "Retirer le conjoint…"
        )
        self.binders["partner"].set_enabled(not removing and getattr(self, "can_edit", True))

    def _toggle_partner_removal(self) -> None:
        partner = self.binders["partner"]
        if self.partner_removal:
            partner.load(self.snapshot.guardians.get("partner") or {})
            self._show_partner_state(removing=False)
        else:
            name = f"{partner.values()['first_name']} {partner.values()['last_name']}".strip()
            answer = ask(
                self,
                "Retirer le conjoint",
                f"Retirer {name or 'le conjoint'} de la fiche famille ? "
                "Le retrait sera fait à l'enregistrement de la fiche.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._show_partner_state(removing=True)
        self._update_buttons()

    # saving -----------------------------------------------------------------------------------
    def build_plan(self) -> SavePlan:
        creating = self.family_id is None
        plan = SavePlan(family_id=self.family_id, family_version=self.snapshot.version or None)
        plan.remove_partner = self.partner_removal
        for role in ("primary", "partner"):
            if role == "partner" and self.partner_removal:
                plan.guardian_versions[role] = self.snapshot.guardian_versions.get(role)
                continue
            binder = self.binders[role]
            existed = self.snapshot.guardians.get(role) is not None
            if creating and role == "primary":
                plan.guardians[role] = binder.values()
            elif binder.dirty and (existed or not binder.is_empty()):
                plan.guardians[role] = binder.values()
                plan.guardian_versions[role] = self.snapshot.guardian_versions.get(role)
        for name in ("tax", "caf", "bank"):
            if self.binders[name].dirty:
                plan.sections[name] = self.binders[name].values()
        for form in self.child_forms:
            child_plan = form.plan()
            if child_plan is not None:
                plan.children.append(child_plan)
        return plan

    def save(self) -> None:
        if self.saving:
            return
        plan = self.build_plan()
        if plan.is_empty():
            self.ui.statusLabel.setText("Aucune modification à enregistrer.")
            return
        self.saving = True
        self.clear_errors()
        self.ui.statusLabel.setText("Enregistrement…")
        self._update_buttons()

        def op(db: OpDb) -> FamilySnapshot:
            return records.save(db, plan)

        self.context.ops.run(
            op, on_done=self._saved, on_error=self._save_failed, owner=self, name="save_family"
        )

    def _saved(self, snapshot: FamilySnapshot) -> None:
        self.saving = False
        self.load(snapshot)
        self.ui.statusLabel.setText(f"Fiche enregistrée à {clock_now():%H:%M}.")
        self.saved.emit(snapshot.id)

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False
        self._update_buttons()
        if is_connection_error(error):  # nothing to correct: save again once connected
            self.ui.statusLabel.setText(save_message(error))
            return
        self.ui.statusLabel.setText(
            french_spacing("Rien n'a été enregistré : corrigez puis enregistrez à nouveau.")
        )
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif isinstance(error, ConcurrentEditError):
            self.show_conflict(str(error))
            side = self.conflict_side(error.scope)
            if side is not None:
                self.conflict_dialog = resolve_conflict(self, error, side, self._resave)
        elif isinstance(error, NotFoundError):
            self._show_summary([str(error)])
        else:
            self._show_summary([save_message(error)])

    # errors -----------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for binder in self.binders.values():
            binder.clear_errors()
        for form in self.child_forms:
            form.clear_errors()
        bar = self.ui.tabs.tabBar()
        for index in range(self.ui.tabs.count()):
            bar.setTabTextColor(index, self.palette().color(self.foregroundRole()))
        for row in range(self.ui.childList.count()):
            self.ui.childList.item(row).setForeground(self.palette().color(self.foregroundRole()))
        self.ui.errorSummary.setVisible(False)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Place each service error next to its field; summarise them all at the top."""
        self.clear_errors()
        by_section: dict[str, dict[str, str]] = {}
        by_child: dict[str, dict[str, dict[str, str]]] = {}
        general: list[str] = []
        for key, message in errors.items():
            head, dot, name = key.partition(".")
            if not dot:
                label = "N° famille" if key == "family_number" else field_label(key, "")
                general.append(f"{label} : {message}" if label else message)
            elif head in self.binders:
                by_section.setdefault(head, {})[name] = message
            else:
                kind, _, rest = head.partition(":")
                child_key, _, row_key = rest.partition(":")
                parts = by_child.setdefault(
                    child_key, {"identity": {}, "health": {}, "persons": {}}
                )
                if kind == "child":
                    parts["identity"][name] = message
                elif kind == "health":
                    parts["health"][name] = message
                elif kind == "person":
                    parts["persons"].setdefault(row_key, {})[name] = message
                else:
                    general.append(message)
        lines = list(general)
        bar = self.ui.tabs.tabBar()
        first_tab: int | None = None
        for section in SECTION_TABS:
            section_errors = by_section.get(section)
            if not section_errors:
                continue
            lines += self.binders[section].show_errors(section_errors)
            lines += [
                f"{SECTION_TITLES[section]} — {field_label(k)} : {m}"
                for k, m in section_errors.items()
            ]
            index = SECTION_TABS.index(section)
            bar.setTabTextColor(index, ERROR_COLOR)
            first_tab = index if first_tab is None else first_tab
        first_child: ChildForm | None = None
        for row, form in enumerate(self.child_forms):
            parts = by_child.get(form.key)
            if not parts:
                continue
            child_lines = form.show_errors(parts["identity"], parts["health"], parts["persons"])
            lines += [f"Enfant {form.title()} — {line}" for line in child_lines]
            self.ui.childList.item(row).setForeground(ERROR_COLOR)
            first_child = first_child or form
        if first_child is not None:
            bar.setTabTextColor(CHILDREN_TAB, ERROR_COLOR)
            if first_tab is None:
                first_tab = CHILDREN_TAB
                self.show_child(first_child)
        if first_tab is not None:
            self.ui.tabs.setCurrentIndex(first_tab)
        count = len(errors)
        title = (
            "Enregistrement impossible : 1 champ à corriger."
            if count == 1
            else f"Enregistrement impossible : {count} champs à corriger."
        )
        self._show_summary([title, *(f"• {line}" for line in lines)])

    def _show_summary(self, lines: list[str]) -> None:
        self.ui.errorSummaryLabel.setText(french_spacing("\n".join(lines)))
        self.ui.errorSummary.setVisible(True)

    # someone else changed the record ------------------------------------------------------------
    def show_conflict(self, message: str) -> None:
        self.ui.conflictLabel.setText(message)
        self.ui.conflictBanner.setVisible(True)

    def hide_conflict(self) -> None:
        self.ui.conflictBanner.setVisible(False)

    def conflict_side(self, scope: str) -> Side | None:
        """The part of the editor holding the record a conflict is about (see records.scoped)."""
        if scope in self.binders:
            return self.binders[scope]
        kind, _, key = scope.partition(":")
        form = next((f for f in self.child_forms if f.key == key), None)
        return form.conflict_side(kind) if form is not None and kind else None

    def _resave(self, error: ConcurrentEditError) -> None:
        """The user chose per field: save again, checked against the record as it is now."""
        scope = error.scope
        if scope in ("primary", "partner"):
            self.snapshot.guardian_versions[scope] = error.version
        elif scope in self.binders:
            self.snapshot.version = error.version or 0
        else:
            kind, _, key = scope.partition(":")
            for form in self.child_forms:
                if form.key == key:
                    form.set_version(kind, error.version)
        self.hide_conflict()
        if self.build_plan().is_empty() and self.family_id is not None:
            self.reload_requested.emit(self.family_id)  # all theirs: show the record as saved
            return
        self.save()

    def external_change(self, snapshot: FamilySnapshot, who: str) -> None:
        """The open record was saved elsewhere: refresh it, unless the user is editing it."""
        if snapshot.signature() == self.snapshot.signature() or self.saving:
            return
        if not self.dirty:
            self.load(snapshot)
            self.ui.statusLabel.setText(french_spacing(f"Fiche mise à jour : modifiée par {who}."))
            return
        self.show_conflict(
            f"Cette fiche a été modifiée par {who} pendant que vous la modifiez. Vos saisies sont "
            "conservées ; cliquez sur « Recharger » pour voir la version enregistrée "
            "(vos saisies seront alors abandonnées)."
        )

    def _reload_clicked(self) -> None:
        if self.family_id is not None:
            self.reload_requested.emit(self.family_id)

    def focus_first_field(self) -> None:
        self.ui.tabs.setCurrentIndex(0)
        self.binders["primary"].widgets["last_name"].setFocus(Qt.FocusReason.OtherFocusReason)
