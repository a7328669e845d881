"""The Paramètres area (administrateur only): the commune and its portal, downloadable forms,
structures and services, e-mail (SMTP), this PC's database connection and the staff accounts.

Secrets never leave the password fields except towards the OS keyring (core commune and db):
the SMTP password and the PostgreSQL password are neither in the database nor in
settings.json. Every op checks the permission again (SETTINGS, STAFF_ACCOUNTS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from ..core import clock
from ..core.changefeed import Change
from ..core.errors import ConcurrentEditError, ValidationError
from ..core.formatting import french_spacing
from ..core.models import CommuneSettings
from ..core.models.enums import SchoolZone, ServiceUnit, StaffRole
from ..core.services import commune, staff
from ..core.services.records import actor_label
from ..core.services.staff import Permission
from ..core.validation import FieldError
from .changes import started_by, touching
from .conflicts import ConflictDialog, Side, ValueSide, resolve_conflict
from .context import AppContext
from .fieldforms import FieldBinder
from .forms.ui_service_dialog import Ui_ServiceDialog
from .forms.ui_settings_page import Ui_SettingsPage
from .health_access import add_settings_tab
from .keyed_model import Column, KeyedModel
from .login import StaffUserDialog
from .ops import OpDb, save_message, user_message
from .plaintext import ask, plain_labels
from .settings_billing import add_settings_tab as add_billing_tab
from .settings_calendar import add_settings_tab as add_calendar_tab
from .settings_capacity import DayCapacityBox
from .settings_tariffs import ServiceTariffsDialog
from .settings_tariffs import add_settings_tab as add_tariffs_tab
from .weekdays import weekdays_text

COMMUNE_FIELDS = [
    "name",
    "address",
    "contact_names",
    "contact_phone",
    "contact_email",
    "welcome_message",
    "info_message",
    "portal_url",
    "logout_url",
    "school_zone",
]
SMTP_FIELDS = ["smtp_host", "smtp_port", "smtp_starttls", "smtp_user", "smtp_sender"]
DATABASE_FIELDS = ["db_path", "db_host", "db_port", "db_name", "db_user", "db_password"]
STRUCTURE_TABLES = frozenset({"structure", "service"})
INACTIVE = QColor("gray")


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class SettingsData:
    values: dict[str, Any]
    version: int
    smtp_password_saved: bool


@dataclass(frozen=True)
class ServiceRow:
    id: int
    structure_id: int
    values: dict[str, Any]
    version: int


@dataclass(frozen=True)
class StructureRow:
    id: int
    name: str
    services: list[ServiceRow]
    version: int


@dataclass(frozen=True)
class FormRow:
    id: int
    title: str
    filename: str
    uploaded_at: dt.datetime


@dataclass(frozen=True)
class StaffRow:
    id: int
    username: str
    full_name: str
    role: StaffRole
    active: bool
    last_login_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class TreeLine:
    """A line of the structures and services list: a structure, then its services."""

    kind: str  # "structure" or "service"
    id: int
    cells: tuple[str, ...]

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def tree_lines(structures: list[StructureRow]) -> list[TreeLine]:
    lines = []
    for structure in structures:
        lines.append(TreeLine("structure", structure.id, (structure.name, "", "", "", "")))
        for service in structure.services:
            v = service.values
            name = v["name"] + ("" if v["active"] else " (désactivée)")
            lines.append(
                TreeLine(
                    "service",
                    service.id,
                    (
                        name,
                        v["code"],
                        weekdays_text(v["weekdays"]),
                        str(v["capacity"]) if v["capacity"] else "sans limite",
                        "automatiques" if v["auto_accept"] else "par la mairie",
                    ),
                )
            )
    return lines


def _cells(*titles: str) -> list[Column[Any]]:
    return [
        Column(title, lambda line, c=column: line.cells[c]) for column, title in enumerate(titles)
    ]


def _last_login(row: StaffRow) -> str:
    if row.last_login_at is None:
        return "jamais"
    return f"{row.last_login_at.astimezone(clock.COMMUNE_TZ):%d/%m/%Y %H:%M}"


def _form_line(row: FormRow) -> str:
    when = row.uploaded_at.astimezone(clock.COMMUNE_TZ)
    return f"{row.title} — {row.filename} (ajouté le {when:%d/%m/%Y})"


STAFF_COLUMNS = (
    Column("Identifiant", lambda r: r.username),
    Column("Nom", lambda r: r.full_name),
    Column("Profil", lambda r: StaffRole(r.role).label),
    Column("Compte", lambda r: "actif" if r.active else "désactivé"),
    Column("Dernière connexion", _last_login),
)


_PORT = commune.integer(1, 65535, required=False)  # the rule of the SMTP port too


def port_number(text: str) -> int | None:
    """A TCP port typed by the user (ASCII digits, 1 to 65535), else None."""
    try:
        return _PORT(text)
    except FieldError:
        return None


# --------------------------------------------------------------------------- ops


def load_settings(db: OpDb) -> SettingsData:
    db.require(Permission.SETTINGS)
    # On a new database the row does not exist yet: get_settings makes it with its defaults in
    # this read-only session, which is rolled back (the first save creates it for good).
    with db.read() as session:
        existed = session.get(CommuneSettings, 1) is not None
        settings = commune.get_settings(session)
        values = {name: getattr(settings, name) for name in commune.SETTINGS_FIELDS}
        # Version 0: not saved yet (a save then checks nobody created it meanwhile).
        version = settings.version if existed else 0
        return SettingsData(values, version, bool(commune.smtp_password(settings)))


def save_settings_op(
    data: dict[str, Any], version: int | None, smtp_password: str | None
) -> Callable[[OpDb], SettingsData]:
    def op(db: OpDb) -> SettingsData:
        db.require(Permission.SETTINGS)
        with db.write() as session:
            commune.update_settings(session, data, smtp_password, expected_version=version)
        return load_settings(db)

    return op


def load_structures(db: OpDb) -> list[StructureRow]:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        services = commune.list_services(session)
        rows = []
        for structure in commune.list_structures(session):
            rows.append(
                StructureRow(
                    structure.id,
                    structure.name,
                    [
                        ServiceRow(
                            s.id,
                            s.structure_id,
                            {name: getattr(s, name) for name in commune.SERVICE_FIELDS},
                            s.version,
                        )
                        for s in services
                        if s.structure_id == structure.id
                    ],
                    structure.version,
                )
            )
        return rows


def load_forms(db: OpDb) -> list[FormRow]:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        return [
            FormRow(f.id, f.title, f.filename, f.uploaded_at) for f in commune.list_forms(session)
        ]


def load_staff(db: OpDb) -> list[StaffRow]:
    db.require(Permission.STAFF_ACCOUNTS)
    with db.read() as session:
        return [
            StaffRow(u.id, u.username, u.full_name, u.role, u.active, u.last_login_at, u.version)
            for u in staff.list_staff(session)
        ]


def write_op(fn: Callable[[Any], Any], permission: Permission) -> Callable[[OpDb], Any]:
    """An op that runs `fn(session)` in one transaction after checking `permission`."""

    def op(db: OpDb) -> None:
        db.require(permission)
        with db.write() as session:
            fn(session)

    return op


# --------------------------------------------------------------------------- service dialog


class ServiceDialog(QDialog):
    """Create or edit a service; errors from the core are shown next to each field."""

    FIELDS = list(commune.SERVICE_FIELDS)

    def __init__(
        self,
        context: AppContext,
        structure_id: int,
        row: ServiceRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.structure_id = structure_id
        self.row = row
        self.busy = False
        self.ui = Ui_ServiceDialog()
        self.ui.setupUi(self)
        plain_labels(self)
        self.binder = FieldBinder(
            self.ui,
            self.FIELDS,
            {"unit": ServiceUnit},
            ("unit",),
            self,
        )
        self.conflict_dialog: ConflictDialog | None = None
        defaults: dict[str, Any] = {
            "unit": ServiceUnit.DAY,
            "weekdays": 0b0011111,
            "open_in_term": True,
            "booking_deadline_days": 2,
            "active": True,
            "sort_order": 0,
        }
        self.binder.load(row.values if row is not None else defaults)
        self.setWindowTitle("Modifier la prestation" if row else "Nouvelle prestation")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Enregistrer")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.capacity_box: DayCapacityBox | None = None
        self.tariffs_dialog: ServiceTariffsDialog | None = None
        if row is not None:
            self.capacity_box = DayCapacityBox(context, row.id, self)
            self.ui.outer.insertWidget(self.ui.outer.indexOf(self.ui.buttonBox), self.capacity_box)
            self.tariffs_button = self.ui.buttonBox.addButton(
                "Tarifs…", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.tariffs_button.setObjectName("serviceTariffsButton")
            self.tariffs_button.setToolTip("Les tarifs datés de cette prestation")
            self.tariffs_button.setEnabled(context.can(Permission.SETTINGS))
            self.tariffs_button.clicked.connect(self.open_tariffs)
        # Wide enough for the seven day boxes (a word-wrapped hint below would let Qt squeeze
        # the form narrower than its fields).
        margins = self.ui.outer.contentsMargins()
        needed = self.ui.form.minimumSize().width() + margins.left() + margins.right()
        self.setMinimumWidth(max(self.minimumWidth(), needed))

    def open_tariffs(self) -> ServiceTariffsDialog | None:
        """The tariffs of this service (saved as they are edited, apart from this form)."""
        if self.row is None:
            return None
        dialog = ServiceTariffsDialog(self.context, self.row.id, self.row.values["name"], self)
        self.tariffs_dialog = dialog
        dialog.open()
        return dialog

    def values(self) -> dict[str, Any]:
        values = self.binder.values()
        values["capacity"] = values["capacity"].strip() or None
        return values

    def submit(self) -> None:
        if self.busy:
            return
        self.binder.clear_errors()
        self.ui.errorLabel.setVisible(False)
        values = self.values()
        row, structure_id = self.row, self.structure_id

        def save(session: Any) -> None:
            if row is None:
                commune.create_service(session, structure_id, values)
            else:
                commune.update_service(session, row.id, values, expected_version=row.version)

        self.busy = True
        self.context.ops.run(
            write_op(save, Permission.SETTINGS),
            on_done=lambda _r: self._done(),
            on_error=self._failed,
            owner=self,
            name="save_service",
        )

    def _done(self) -> None:
        self.busy = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            return
        self.ui.errorLabel.setText(save_message(error))
        self.ui.errorLabel.setVisible(True)
        if isinstance(error, ConcurrentEditError) and self.row is not None:
            self.conflict_dialog = resolve_conflict(self, error, self.binder, self._resave)

    def _resave(self, error: ConcurrentEditError) -> None:
        assert self.row is not None
        self.row = replace(self.row, version=error.version or self.row.version)
        self.ui.errorLabel.setVisible(False)
        self.submit()

    def show_errors(self, errors: dict[str, str]) -> None:
        unplaced = self.binder.show_errors(errors)
        if unplaced:
            self.ui.errorLabel.setText(french_spacing("\n".join(unplaced)))
            self.ui.errorLabel.setVisible(True)


# --------------------------------------------------------------------------- page


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
        plain_labels(self)
        self.settings: SettingsData | None = None
        self.structures: list[StructureRow] = []
        self.forms: list[FormRow] = []
        self.staff_rows: list[StaffRow] = []
        self.dialog: QDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.loads_done = 0
        self.last_error = ""
        self.tested: tuple[str, str] | None = None  # (url, password) last tested successfully
        self.test_result: tuple[bool, str] | None = None

        self.commune = FieldBinder(
            self.ui, COMMUNE_FIELDS, {"school_zone": SchoolZone}, ("school_zone",), self
        )
        self.smtp = FieldBinder(self.ui, [*SMTP_FIELDS, "smtp_password"], parent=self)
        self.database = FieldBinder(self.ui, DATABASE_FIELDS, parent=self)
        self.ui.communeSaveButton.clicked.connect(self.save_commune)
        self.ui.smtpSaveButton.clicked.connect(self.save_smtp)
        self.ui.addFormButton.clicked.connect(self.add_form)
        self.ui.removeFormButton.clicked.connect(self.remove_form)
        self.ui.renameFormButton.clicked.connect(self.rename_form)
        self.ui.addStructureButton.clicked.connect(self.add_structure)
        self.ui.renameStructureButton.clicked.connect(self.rename_structure)
        self.ui.addServiceButton.clicked.connect(lambda: self.edit_service(new=True))
        self.ui.editServiceButton.clicked.connect(lambda: self.edit_service(new=False))
        self.ui.deleteServiceButton.clicked.connect(self.delete_selected)
        # Every list is a KeyedModel: a refresh changes its rows in place, the selection stays.
        self.tree_model: KeyedModel[TreeLine] = KeyedModel(
            _cells("Structure / prestation", "Code", "Jours", "Places", "Demandes"),
            key=lambda line: line.key,
            bold=lambda line: line.kind == "structure",
            parent=self,
        )
        self.form_model: KeyedModel[FormRow] = KeyedModel(
            [Column("Formulaire", _form_line)], parent=self
        )
        self.staff_model: KeyedModel[StaffRow] = KeyedModel(
            STAFF_COLUMNS,
            foreground=lambda r: None if r.active else INACTIVE,
            parent=self,
        )
        for view, model in (
            (self.ui.serviceTree, self.tree_model),
            (self.ui.formList, self.form_model),
            (self.ui.staffTable, self.staff_model),
        ):
            model.attach(view)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
            view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.ui.serviceTree.doubleClicked.connect(lambda *_a: self.edit_service(new=False))
        self.ui.addStaffButton.clicked.connect(self.add_staff)
        self.ui.editStaffButton.clicked.connect(self.edit_staff)
        self.ui.resetStaffButton.clicked.connect(self.reset_staff_password)
        self.ui.toggleStaffButton.clicked.connect(self.toggle_staff)
        self.ui.testConnectionButton.clicked.connect(self.test_database)
        self.ui.databaseSaveButton.clicked.connect(self.save_database)
        self.ui.localRadio.toggled.connect(self._database_kind_changed)

        self.calendar_tab = add_calendar_tab(
            context, self.ui.tabs, self.ui.tabs.indexOf(self.ui.servicesTab) + 1
        )
        self.tariffs_tab = add_tariffs_tab(
            context, self.ui.tabs, self.ui.tabs.indexOf(self.calendar_tab) + 1
        )
        self.billing_tab = add_billing_tab(
            context, self.ui.tabs, self.ui.tabs.indexOf(self.tariffs_tab) + 1
        )
        self.billing_tab.saved.connect(self._billing_saved)
        # The régie's prefix and the payment delay are set in « Facturation », with the bill's
        # other mentions: not twice.
        for name in ("regie_prefix", "invoice_due_days"):
            self.ui.communeFormLayout.setRowVisible(getattr(self.ui, f"v_{name}"), False)
        self.health_access_tab = add_settings_tab(context, self.ui.tabs)
        tree = self.ui.serviceTree
        tree.verticalHeader().setVisible(False)
        tree.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            tree.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        table = self.ui.staffTable
        table.verticalHeader().setVisible(False)
        for column in range(len(STAFF_COLUMNS)):
            table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if not context.can(Permission.STAFF_ACCOUNTS):
            self.ui.tabs.setTabVisible(self.ui.tabs.indexOf(self.ui.staffTab), False)
        context.changes.changed.connect(self._on_changes)
        self._update_buttons()
        self.reload()

    # loading ------------------------------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        ops = self.context.ops
        if not self.commune.dirty and not self.smtp.dirty:
            ops.run(load_settings, self._settings_loaded, self._failed, self, "settings")
        ops.run(load_structures, self._structures_loaded, self._failed, self, "structures")
        ops.run(load_forms, self._forms_loaded, self._failed, self, "forms")
        if self.context.can(Permission.STAFF_ACCOUNTS):
            ops.run(load_staff, self._staff_loaded, self._failed, self, "staff")
        ops.run(
            lambda _db: commune.current_database_setting(),
            self._database_loaded,
            self._failed,
            self,
            "database_setting",
        )

    def _failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.last_error = user_message(error)
        self.ui.communeStatus.setText(self.last_error)

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        """Only the lists a change concerns are read again (and diffed: rows change in place);
        the commune's fields are left alone while they hold unsaved input. This page's own
        saves refreshed it already."""
        if started_by(self, origin):
            return
        ops = self.context.ops
        settings = touching(changes, {"commune_settings"})
        if settings:
            if self.commune.dirty or self.smtp.dirty:
                who = actor_label(settings[-1].actor)
                self.ui.communeStatus.setText(
                    french_spacing(
                        f"Ces paramètres ont été modifiés par {who} : vos saisies sont conservées."
                    )
                )
            else:
                ops.run(load_settings, self._settings_loaded, self._failed, self, "settings")
        if touching(changes, STRUCTURE_TABLES):
            ops.run(load_structures, self._structures_loaded, self._failed, self, "structures")
        if touching(changes, {"downloadable_form"}):
            ops.run(load_forms, self._forms_loaded, self._failed, self, "forms")
        if touching(changes, {"staff_user"}) and self.context.can(Permission.STAFF_ACCOUNTS):
            ops.run(load_staff, self._staff_loaded, self._failed, self, "staff")

    def _settings_loaded(self, data: SettingsData) -> None:
        self.loads_done += 1
        self.settings = data
        self.commune.load(data.values)
        self.smtp.load({**data.values, "smtp_password": ""})
        self.ui.f_smtp_password.setPlaceholderText(
            "enregistré dans le trousseau de ce poste"
            if data.smtp_password_saved
            else "aucun mot de passe enregistré"
        )
        self.ui.forgetSmtpPassword.setChecked(False)
        self.ui.forgetSmtpPassword.setVisible(data.smtp_password_saved)

    def _billing_saved(self, before: int, after: int) -> None:
        """« Facturation » saved the same settings row: if this page had loaded the version it
        was saved over, it now holds the new one (nobody else changed the row in between)."""
        if self.settings is not None and self.settings.version == before:
            self.settings = replace(self.settings, version=after)

    # commune and smtp -------------------------------------------------------------------------
    def save_commune(self) -> None:
        self._save(
            self.commune, self.commune.values(), None, self.ui.communeStatus, self.save_commune
        )

    def save_smtp(self) -> None:
        values = self.smtp.values()
        password: str | None = values.pop("smtp_password") or None
        if password is None and self.ui.forgetSmtpPassword.isChecked():
            password = ""
        self._save(self.smtp, values, password, self.ui.smtpStatus, self.save_smtp)

    def _save(
        self,
        binder: FieldBinder,
        values: dict[str, Any],
        smtp_password: str | None,
        status: QLabel,
        again: Callable[[], None],
    ) -> None:
        binder.clear_errors()
        status.setText("Enregistrement…")
        version = self.settings.version if self.settings else None

        def done(data: SettingsData) -> None:
            self.settings = data
            binder.load({**data.values, "smtp_password": ""})
            self._settings_loaded(data)
            status.setText(f"Enregistré à {clock.now():%H:%M}.")

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                unplaced = binder.show_errors(error.errors)
                status.setText(
                    french_spacing(
                        "Rien n'a été enregistré : corrigez les champs en rouge."
                        + ("\n" + "\n".join(unplaced) if unplaced else "")
                    )
                )
            else:
                status.setText(save_message(error))
            if isinstance(error, ConcurrentEditError):
                self._resolve(error, binder, resave)

        def resave(error: ConcurrentEditError) -> None:
            if self.settings is not None:
                self.settings = replace(self.settings, version=error.version or 0)
            again()

        self.context.ops.run(
            save_settings_op(values, version, smtp_password),
            on_done=done,
            on_error=failed,
            owner=self,
            name="save_settings",
        )

    # forms --------------------------------------------------------------------------------------
    def _forms_loaded(self, rows: list[FormRow]) -> None:
        self.loads_done += 1
        self.forms = rows
        self.form_model.update_rows(rows)
        if not rows:
            self.ui.formsStatus.setText("Aucun formulaire pour l'instant.")
        self._update_buttons()

    def add_form(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choisir un formulaire PDF", str(Path.home()), "Documents PDF (*.pdf)"
        )
        if not path:
            return
        title, ok = QInputDialog.getText(
            self,
            "Titre du formulaire",
            french_spacing("Titre affiché aux familles :"),
            text=Path(path).stem,
        )
        if not ok:
            return
        source = Path(path)

        def add(session: Any) -> None:
            try:
                content = source.read_bytes()
            except OSError as exc:  # removed meanwhile, a folder, no read permission…
                raise ValidationError(
                    {"content": f"Impossible de lire le fichier « {source.name} »."}
                ) from exc
            commune.add_form(session, title, source.name, content)

        self.ui.formsStatus.setText("Envoi du formulaire…")
        self.context.ops.run(
            write_op(add, Permission.SETTINGS),
            on_done=lambda _r: self._form_changed(f"Formulaire « {title} » ajouté."),
            on_error=self._form_failed,
            owner=self,
            name="add_form",
        )

    def selected_form(self) -> int | None:
        return self._selected_key(self.ui.formList, self.form_model)  # type: ignore[return-value]

    def selected_form_row(self) -> FormRow | None:
        form_id = self.selected_form()
        return next((f for f in self.forms if f.id == form_id), None)

    def rename_form(self) -> None:
        row = self.selected_form_row()
        if row is None:
            return
        title, ok = QInputDialog.getText(
            self,
            "Renommer le formulaire",
            french_spacing("Titre affiché aux familles :"),
            text=row.title,
        )
        if ok:
            self._rename_form(row.id, title, {"title": row.title, "filename": row.filename})

    def _rename_form(self, form_id: int, title: str, loaded: dict[str, Any]) -> None:
        def failed(error: BaseException) -> None:
            self._form_failed(error)
            if isinstance(error, ConcurrentEditError):
                side = ValueSide({"title": title}, {"title": loaded["title"]})
                self._resolve(
                    error,
                    side,
                    lambda e: self._rename_form(form_id, side.values["title"], e.current or {}),
                )

        self.context.ops.run(
            write_op(lambda s: commune.rename_form(s, form_id, title, loaded), Permission.SETTINGS),
            on_done=lambda _r: self._form_changed("Formulaire renommé."),
            on_error=failed,
            owner=self,
            name="rename_form",
        )

    def _resolve(
        self,
        error: ConcurrentEditError,
        side: Side,
        resave: Callable[[ConcurrentEditError], None],
    ) -> None:
        self.conflict_dialog = resolve_conflict(self, error, side, resave)

    def remove_form(self) -> None:
        form_id = self.selected_form()
        if form_id is None:
            return
        self.context.ops.run(
            write_op(lambda s: commune.remove_form(s, form_id), Permission.SETTINGS),
            on_done=lambda _r: self._form_changed("Formulaire retiré du portail."),
            on_error=self._form_failed,
            owner=self,
        )

    def _form_changed(self, message: str) -> None:
        self.ui.formsStatus.setText(message)
        self.context.ops.run(load_forms, self._forms_loaded, self._failed, self, "forms")

    def _form_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.ui.formsStatus.setText(" ".join(error.errors.values()))
        else:
            self.ui.formsStatus.setText(save_message(error))

    # structures and services ------------------------------------------------------------------
    def _structures_loaded(self, rows: list[StructureRow]) -> None:
        self.loads_done += 1
        self.structures = rows
        self.tree_model.update_rows(tree_lines(rows))
        self._update_buttons()

    @staticmethod
    def _selected_key(view: QAbstractItemView, model: KeyedModel[Any]) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.key_at(rows[0].row()) if rows else None

    def _selected_tree(self) -> tuple[str, int] | None:
        return self._selected_key(self.ui.serviceTree, self.tree_model)  # type: ignore[no-any-return]

    def _service_row(self, service_id: int) -> ServiceRow | None:
        for structure in self.structures:
            for service in structure.services:
                if service.id == service_id:
                    return service
        return None

    def add_structure(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Nouvelle structure", french_spacing("Nom de la structure :")
        )
        if ok:
            self._tree_op(
                lambda s: commune.create_structure(s, name), f"Structure « {name} » créée."
            )

    def rename_structure(self) -> None:
        selected = self._selected_tree()
        if selected is None:
            return
        kind, row_id = selected
        if kind != "structure":
            structure_id = self._service_row(row_id).structure_id  # type: ignore[union-attr]
        else:
            structure_id = row_id
        current = next((s for s in self.structures if s.id == structure_id), None)
        name, ok = QInputDialog.getText(
            self,
            "Renommer la structure",
            french_spacing("Nom de la structure :"),
            text=current.name if current else "",
        )
        if ok:
            self._rename_structure(
                structure_id,
                name,
                current.name if current else "",
                current.version if current else None,
            )

    def _rename_structure(
        self, structure_id: int, name: str, loaded: str, version: int | None
    ) -> None:
        def conflict(error: ConcurrentEditError) -> None:
            side = ValueSide({"name": name}, {"name": loaded})
            self._resolve(
                error,
                side,
                lambda e: self._rename_structure(
                    structure_id, side.values["name"], loaded, e.version
                ),
            )

        self._tree_op(
            lambda s: commune.rename_structure(s, structure_id, name, version),
            "Structure renommée.",
            conflict,
        )

    def edit_service(self, new: bool) -> ServiceDialog | None:
        selected = self._selected_tree()
        if selected is None:
            return None
        kind, row_id = selected
        row = self._service_row(row_id) if kind == "service" else None
        if new:
            structure_id = row.structure_id if row is not None else row_id
            row = None
        elif row is None:
            self.rename_structure()
            return None
        else:
            structure_id = row.structure_id
        dialog = ServiceDialog(self.context, structure_id, row, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._tree_changed("Prestation enregistrée."))
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        selected = self._selected_tree()
        if selected is None:
            return
        kind, row_id = selected
        what = "cette prestation" if kind == "service" else "cette structure"
        answer = ask(
            self,
            "Supprimer",
            f"Supprimer {what} ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if kind == "service":
            self._tree_op(lambda s: commune.delete_service(s, row_id), "Prestation supprimée.")
        else:
            self._tree_op(lambda s: commune.delete_structure(s, row_id), "Structure supprimée.")

    def _tree_op(
        self,
        fn: Callable[[Any], Any],
        message: str,
        on_conflict: Callable[[ConcurrentEditError], None] | None = None,
    ) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.ui.servicesStatus.setText(" ".join(error.errors.values()))
            else:
                self.ui.servicesStatus.setText(save_message(error))
            if isinstance(error, ConcurrentEditError) and on_conflict is not None:
                on_conflict(error)

        self.context.ops.run(
            write_op(fn, Permission.SETTINGS),
            on_done=lambda _r: self._tree_changed(message),
            on_error=failed,
            owner=self,
        )

    def _tree_changed(self, message: str) -> None:
        self.ui.servicesStatus.setText(message)
        self.context.ops.run(load_structures, self._structures_loaded, self._failed, self)

    # database (this PC) -----------------------------------------------------------------------
    def _database_loaded(self, setting: commune.DatabaseSetting) -> None:
        self.loads_done += 1
        self.ui.databaseCurrent.setText(
            french_spacing(f"Base utilisée actuellement : {self.context.database_label}")
        )
        if setting.from_environment:
            text = (
                f"Réglage de ce poste : {setting.description}, imposé par la variable "
                "PORTAIL_DATABASE_URL."
            )
        else:
            text = f"Réglage enregistré sur ce poste : {setting.description}."
        if setting.is_shared:
            text += (
                " Mot de passe enregistré dans le trousseau."
                if setting.has_saved_password
                else " Aucun mot de passe enregistré."
            )
        if setting.description != self.context.database_label:
            text += " Il servira au prochain démarrage de l'application."
        self.ui.databaseSaved.setText(french_spacing(text))
        if self.database.dirty:
            return
        url = make_url(setting.url)
        if url.get_backend_name() == "postgresql":
            self.ui.sharedRadio.setChecked(True)
            values = {
                "db_host": url.host or "",
                "db_port": str(url.port or ""),
                "db_name": url.database or "",
                "db_user": url.username or "",
            }
        else:
            self.ui.localRadio.setChecked(True)
            values = {"db_path": url.database or ""}
        self.database.load(values)
        self._database_kind_changed()

    def _database_kind_changed(self, *_args: Any) -> None:
        local = self.ui.localRadio.isChecked()
        for name in DATABASE_FIELDS:
            visible = (name == "db_path") == local
            self.database.widgets[name].setVisible(visible)
            getattr(self.ui, f"l_{name}").setVisible(visible)

    def database_url(self) -> tuple[str, str]:
        """(URL without password, password) from the fields."""
        values = self.database.values()
        if self.ui.localRadio.isChecked():
            path = values["db_path"].strip()
            return (f"sqlite:///{path}" if path else "", "")
        port = values["db_port"].strip()
        url = URL.create(
            "postgresql+psycopg",
            username=values["db_user"].strip() or None,
            host=values["db_host"].strip() or None,
            port=port_number(port),
            database=values["db_name"].strip() or None,
        )
        return url.render_as_string(hide_password=False), values["db_password"]

    def _database_errors(self) -> dict[str, str]:
        values = self.database.values()
        errors = {}
        if self.ui.localRadio.isChecked():
            if not values["db_path"].strip():
                errors["db_path"] = "Indiquez le fichier de la base."
        else:
            for name, message in (
                ("db_host", "Indiquez le serveur."),
                ("db_name", "Indiquez le nom de la base."),
                ("db_user", "Indiquez l'utilisateur."),
            ):
                if not values[name].strip():
                    errors[name] = message
            port = values["db_port"].strip()
            if port and port_number(port) is None:
                errors["db_port"] = "Port invalide (par exemple 5432)."
        return errors

    def test_database(self) -> None:
        self.database.clear_errors()
        errors = self._database_errors()
        if errors:
            self.database.show_errors(errors)
            return
        url, password = self.database_url()
        self.ui.databaseStatus.setText("Test de la connexion…")
        self.ui.testConnectionButton.setEnabled(False)

        def done(result: tuple[bool, str]) -> None:
            self.ui.testConnectionButton.setEnabled(True)
            ok, message = result
            self.test_result = result
            self.tested = (url, password) if ok else None
            self.ui.databaseStatus.setText(("✔ " if ok else "✘ ") + message)

        def failed(error: BaseException) -> None:
            self.ui.testConnectionButton.setEnabled(True)
            self.tested = None
            self.ui.databaseStatus.setText(user_message(error))

        def op(db: OpDb) -> tuple[bool, str]:
            db.require(Permission.SETTINGS)
            return commune.test_connection(url, password or None)

        self.context.ops.run(op, on_done=done, on_error=failed, owner=self, name="test_db")

    def save_database(self) -> None:
        self.database.clear_errors()
        errors = self._database_errors()
        if errors:
            self.database.show_errors(errors)
            return
        url, password = self.database_url()
        if self.tested != (url, password):
            self.ui.databaseStatus.setText(
                french_spacing(
                    "Cliquez d'abord sur « Tester la connexion » : le réglage n'est enregistré "
                    "qu'après un test réussi."
                )
            )
            return

        def op(db: OpDb) -> commune.DatabaseSetting:
            db.require(Permission.SETTINGS)
            return commune.save_database_setting(url, password or None)

        def done(setting: commune.DatabaseSetting) -> None:
            self.database.widgets["db_password"].clear()
            self.database.mark_saved()
            self._database_loaded(setting)
            self.ui.databaseStatus.setText(
                french_spacing(
                    "Enregistré pour ce poste : l'application utilisera cette base à son prochain "
                    "démarrage."
                )
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.ui.databaseStatus.setText(" ".join(error.errors.values()))
            else:
                self.ui.databaseStatus.setText(save_message(error))

        self.context.ops.run(op, on_done=done, on_error=failed, owner=self, name="save_db")

    # staff accounts ---------------------------------------------------------------------------
    def _staff_loaded(self, rows: list[StaffRow]) -> None:
        self.loads_done += 1
        self.staff_rows = rows
        self.staff_model.update_rows(rows)
        self._update_buttons()

    def selected_staff(self) -> StaffRow | None:
        user_id = self._selected_key(self.ui.staffTable, self.staff_model)
        return self.staff_model.get(user_id) if user_id is not None else None

    def _staff_dialog(
        self, mode: str, submit: Callable[[dict[str, Any]], Callable[[OpDb], Any]], **values: Any
    ) -> StaffUserDialog:
        dialog = StaffUserDialog(self.context.ops, mode, submit, values or None, self)
        self.dialog = dialog
        dialog.accepted.connect(self._staff_changed)
        dialog.open()
        return dialog

    def _staff_changed(self) -> None:
        self.ui.staffStatus.setText("Compte enregistré.")
        self.context.ops.run(load_staff, self._staff_loaded, self._failed, self, "staff")

    def add_staff(self) -> StaffUserDialog:
        def submit(values: dict[str, Any]) -> Callable[[OpDb], Any]:
            return write_op(
                lambda s: staff.create_staff_user(
                    s, values["username"], values["full_name"], values["role"], values["password"]
                ),
                Permission.STAFF_ACCOUNTS,
            )

        return self._staff_dialog("create", submit)

    def edit_staff(self) -> StaffUserDialog | None:
        row = self.selected_staff()
        if row is None:
            return None

        def submit(values: dict[str, Any]) -> Callable[[OpDb], Any]:
            data = {k: values[k] for k in ("full_name", "username", "role", "active")}
            return write_op(
                lambda s: staff.update_staff_user(s, row.id, data, values["version"]),
                Permission.STAFF_ACCOUNTS,
            )

        return self._staff_dialog(
            "edit",
            submit,
            full_name=row.full_name,
            username=row.username,
            role=row.role,
            active=row.active,
            version=row.version,
        )

    def reset_staff_password(self) -> StaffUserDialog | None:
        row = self.selected_staff()
        if row is None:
            return None

        def submit(values: dict[str, Any]) -> Callable[[OpDb], Any]:
            return write_op(
                lambda s: staff.update_staff_user(
                    s, row.id, {"password": values["password"]}, values["version"]
                ),
                Permission.STAFF_ACCOUNTS,
            )

        return self._staff_dialog("password", submit, full_name=row.full_name, version=row.version)

    def toggle_staff(self) -> None:
        row = self.selected_staff()
        if row is not None:
            self._set_staff_active(row.id, not row.active, row.active, row.version)

    def _set_staff_active(self, user_id: int, active: bool, loaded: bool, version: int) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.ui.staffStatus.setText(" ".join(error.errors.values()))
            else:
                self.ui.staffStatus.setText(save_message(error))
            if isinstance(error, ConcurrentEditError):
                side = ValueSide({"active": active}, {"active": loaded})
                self._resolve(
                    error,
                    side,
                    lambda e: self._set_staff_active(
                        user_id, bool(side.values["active"]), loaded, e.version or version
                    ),
                )

        self.context.ops.run(
            write_op(
                lambda s: staff.update_staff_user(s, user_id, {"active": active}, version),
                Permission.STAFF_ACCOUNTS,
            ),
            on_done=lambda _r: self._staff_changed(),
            on_error=failed,
            owner=self,
        )

    # buttons ----------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        selected = self._selected_tree()
        self.ui.renameStructureButton.setEnabled(selected is not None)
        self.ui.addServiceButton.setEnabled(selected is not None)
        self.ui.editServiceButton.setEnabled(selected is not None and selected[0] == "service")
        self.ui.deleteServiceButton.setEnabled(selected is not None)
        self.ui.removeFormButton.setEnabled(self.selected_form() is not None)
        self.ui.renameFormButton.setEnabled(self.selected_form() is not None)
        row = self.selected_staff()
        for button in (
            self.ui.editStaffButton,
            self.ui.resetStaffButton,
            self.ui.toggleStaffButton,
        ):
            button.setEnabled(row is not None)
        self.ui.toggleStaffButton.setText(
            "Réactiver" if row is not None and not row.active else "Désactiver"
        )

    def self_test(self) -> Callable[[], None]:
        def verify() -> None:
            if self.last_error:
                raise RuntimeError(self.last_error)
            if self.settings is None:
                raise RuntimeError("les paramètres ne se sont pas chargés")

        return verify
