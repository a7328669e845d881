"""Paramètres › Facturation: what the commune's invoices say and how they are numbered.

The régie's prefix (AL-36) and the payment delay, the issuer's name and title, the régie's
opening hours, how to pay and how to contest (each empty text field shows, greyed, the default
of core.billing.texts that the bill then prints), and the logo at the head of the invoices.
The texts are saved together, version-checked like the other settings (core services.commune);
the logo is saved as soon as it is chosen or removed. Each op checks the settings permission
again; the tab follows the change hub."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core import clock
from ..core.billing import texts
from ..core.changefeed import Change
from ..core.errors import ConcurrentEditError, ValidationError
from ..core.formatting import french_spacing
from ..core.models import CommuneSettings
from ..core.services import commune
from ..core.services.staff import Permission
from .changes import started_by, touching
from .conflicts import ConflictDialog, resolve_conflict
from .context import AppContext
from .fieldforms import FieldBinder, keep_heights
from .ops import OpDb, save_message, user_message
from .plaintext import plain_label, plain_labels

TITLE = "Facturation"
ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #616161;"
FIELDS = [
    "regie_prefix",
    "invoice_due_days",
    "issuer_name",
    "issuer_title",
    "regie_hours",
    "payment_instructions",
    "contest_notice",
]
MULTILINE = frozenset({"payment_instructions", "contest_notice"})
PLACEHOLDERS = {
    "regie_prefix": "par exemple : AL",
    "invoice_due_days": "par exemple : 22",
    "issuer_name": "par exemple : Marie DURAND",
    "issuer_title": texts.DEFAULT_ISSUER_TITLE,
    "regie_hours": "par exemple : lundi et jeudi de 8 h 30 à 12 h",
    "payment_instructions": texts.DEFAULT_PAYMENT_INSTRUCTIONS,
    "contest_notice": texts.DEFAULT_CONTEST_NOTICE,
}
LOGO_BOX = (240, 120)  # the preview's largest size, in pixels
NO_LOGO = "Aucun logo : les factures portent le nom de la commune seul."


class BillingData:
    """The billing settings as loaded: the fields' values, the logo, the row's version (0: the
    settings row does not exist yet)."""

    def __init__(self, values: dict[str, Any], logo: bytes | None, version: int):
        self.values = values
        self.logo = logo
        self.version = version


def load_billing(db: OpDb) -> BillingData:
    db.require(Permission.SETTINGS)
    with db.read() as session:
        existed = session.get(CommuneSettings, 1) is not None
        settings = commune.get_settings(session)  # rolled back with this read on a new base
        return BillingData(
            {name: getattr(settings, name) for name in FIELDS},
            settings.logo,
            settings.version if existed else 0,
        )


def save_billing_op(values: dict[str, Any], version: int | None) -> Any:
    def op(db: OpDb) -> BillingData:
        db.require(Permission.SETTINGS)
        with db.write() as session:
            commune.update_settings(session, values, expected_version=version)
        return load_billing(db)

    return op


def set_logo_op(source: Path | None, version: int | None) -> Any:
    """Read the chosen image (in the worker: a network folder may be slow) and save it; None
    removes the logo."""

    def op(db: OpDb) -> BillingData:
        db.require(Permission.SETTINGS)
        content = None
        if source is not None:
            try:
                content = source.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    {"logo": f"Impossible de lire le fichier « {source.name} »."}
                ) from exc
        with db.write() as session:
            commune.set_logo(session, content, version)
        return load_billing(db)

    return op


def logo_pixmap(content: bytes | None) -> QPixmap | None:
    """The logo scaled into the preview box (None: no logo, or Qt cannot read it)."""
    if not content:
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(QByteArray(content)):
        return None
    width, height = LOGO_BOX
    if pixmap.width() > width or pixmap.height() > height:
        pixmap = pixmap.scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return pixmap


class BillingTab(QScrollArea):
    """Paramètres › Facturation."""

    loaded = Signal()
    saved = Signal(int, int)  # the settings row's version before and after a save of this tab

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("billingTab")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.context = context
        self.data: BillingData | None = None
        self.loads_done = 0
        self.conflict_dialog: ConflictDialog | None = None
        body = QWidget()
        self.setWidget(body)

        self.ui = SimpleNamespace()
        labels = commune.SETTINGS_LABELS
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for name in FIELDS:
            widget: QWidget
            if name in MULTILINE:
                edit = QPlainTextEdit(body)
                edit.setPlaceholderText(PLACEHOLDERS[name])
                edit.setMinimumHeight(90)
                edit.setTabChangesFocus(True)
                widget = edit
            else:
                line = QLineEdit(body)
                line.setPlaceholderText(PLACEHOLDERS[name])
                if name in ("regie_prefix", "invoice_due_days"):
                    line.setMaximumWidth(140)
                widget = line
            widget.setObjectName(f"f_{name}")
            setattr(self.ui, f"f_{name}", widget)
            error = plain_label(QLabel(body))
            error.setObjectName(f"e_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            setattr(self.ui, f"e_{name}", error)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(f"{labels[name]} :", body)
            label.setBuddy(widget)
            form.addRow(label, box)
        keep_heights(*(getattr(self.ui, f"f_{n}") for n in FIELDS if n not in MULTILINE))
        hint = plain_label(
            QLabel(
                french_spacing(
                    "Un texte laissé vide : la facture imprime celui affiché en gris. Le "
                    "préfixe précède le numéro de chaque facture et avoir (AL-36) ; le délai "
                    "de paiement fixe la date d'échéance à partir de la date d'émission."
                ),
                body,
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.save_button = QPushButton("Enregistrer", body)
        self.save_button.setObjectName("billingSaveButton")
        self.save_button.clicked.connect(self.save)
        self.status = plain_label(QLabel(body))
        self.status.setObjectName("billingStatus")
        self.status.setWordWrap(True)
        save_line = QHBoxLayout()
        save_line.addWidget(self.save_button)
        save_line.addWidget(self.status, 1)

        # the logo
        self.logo_preview = QLabel(body)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setMinimumSize(*LOGO_BOX)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setTextFormat(Qt.TextFormat.PlainText)
        self.logo_preview.setWordWrap(True)
        self.choose_logo_button = QPushButton("Choisir une image…", body)
        self.choose_logo_button.setObjectName("chooseLogoButton")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Retirer", body)
        self.remove_logo_button.setObjectName("removeLogoButton")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.logo_status = plain_label(QLabel(body))
        self.logo_status.setObjectName("logoStatus")
        self.logo_status.setWordWrap(True)
        logo_hint = plain_label(
            QLabel(
                french_spacing(
                    "En tête des factures. Une image PNG ou JPEG de 2 Mo au plus, enregistrée "
                    "dès qu'elle est choisie."
                ),
                body,
            )
        )
        logo_hint.setWordWrap(True)
        logo_hint.setStyleSheet(HINT_STYLE)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch(1)
        logo_line = QHBoxLayout()
        logo_line.addWidget(self.logo_preview)
        logo_line.addLayout(logo_buttons)
        logo_line.addStretch(1)
        logo_label = QLabel("Logo de la commune :", body)
        logo_box = QVBoxLayout()
        logo_box.addLayout(logo_line)
        logo_box.addWidget(self.logo_status)
        logo_box.addWidget(logo_hint)
        form.addRow(logo_label, logo_box)

        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(save_line)
        layout.addStretch(1)
        plain_labels(self)
        self.binder = FieldBinder(self.ui, FIELDS, parent=self)
        allowed = context.can(Permission.SETTINGS)
        self.binder.set_enabled(allowed)
        for button in (self.save_button, self.choose_logo_button, self.remove_logo_button):
            button.setEnabled(allowed)
        self._show_logo(None)
        context.changes.changed.connect(self._on_changes)
        self.reload()

    # loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.context.ops.run(load_billing, self._loaded, self._load_failed, self, "billing")

    def _loaded(self, data: BillingData) -> None:
        self.loads_done += 1
        self.data = data
        self.binder.load(data.values)
        self._show_logo(data.logo)
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.loads_done += 1
        self.status.setText(user_message(error))

    def _on_changes(self, changes: list[Change], origin: QObject | None) -> None:
        if started_by(self, origin):
            return
        if touching(changes, {"commune_settings"}):
            if self.binder.dirty:
                self.status.setText(
                    "Ces paramètres ont été modifiés ailleurs : vos saisies sont conservées."
                )
            else:
                self.reload()

    # the texts ----------------------------------------------------------------------------------
    def save(self) -> None:
        self.binder.clear_errors()
        self.status.setText("Enregistrement…")
        version = self.data.version if self.data else None
        values = self.binder.values()

        def done(data: BillingData) -> None:
            self._adopt(version, data)
            self.binder.load(data.values)
            self.status.setText(f"Enregistré à {clock.now():%H:%M}.")

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                unplaced = self.binder.show_errors(error.errors)
                self.status.setText(
                    french_spacing(
                        "Rien n'a été enregistré : corrigez les champs en rouge."
                        + ("\n" + "\n".join(unplaced) if unplaced else "")
                    )
                )
                return
            self.status.setText(save_message(error))
            if isinstance(error, ConcurrentEditError):
                self.conflict_dialog = resolve_conflict(self, error, self.binder, resave)

        def resave(error: ConcurrentEditError) -> None:
            if self.data is not None:
                self.data.version = error.version or 0
            self.save()

        self.context.ops.run(save_billing_op(values, version), done, failed, self, "save_billing")

    def _adopt(self, version: int | None, data: BillingData) -> None:
        self.data = data
        self._show_logo(data.logo)
        if version is not None:
            self.saved.emit(version, data.version)

    # the logo -----------------------------------------------------------------------------------
    def _show_logo(self, content: bytes | None) -> None:
        pixmap = logo_pixmap(content)
        if pixmap is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(
                NO_LOGO if not content else "Image enregistrée, mais illisible ici."
            )
        else:
            self.logo_preview.setText("")
            self.logo_preview.setPixmap(pixmap)
        self.remove_logo_button.setEnabled(bool(content) and self.context.can(Permission.SETTINGS))

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choisir le logo", str(Path.home()), "Images PNG ou JPEG (*.png *.jpg *.jpeg)"
        )
        if path:
            self.set_logo(Path(path))

    def remove_logo(self) -> None:
        self.set_logo(None)

    def set_logo(self, source: Path | None) -> None:
        version = self.data.version if self.data else None
        self.logo_status.setText("Enregistrement du logo…")

        def done(data: BillingData) -> None:
            self._adopt(version, data)
            if not self.binder.dirty:
                self.binder.load(data.values)
            self.logo_status.setText("Logo enregistré." if source else "Logo retiré.")

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.logo_status.setText(french_spacing(" ".join(error.errors.values())))
            else:
                self.logo_status.setText(save_message(error))
            if isinstance(error, ConcurrentEditError) and not self.binder.dirty:
                self.reload()

        self.context.ops.run(set_logo_op(source, version), done, failed, self, "set_logo")


def add_settings_tab(context: AppContext, tabs: Any, index: int | None = None) -> BillingTab:
    """The Facturation tab of Paramètres."""
    tab = BillingTab(context)
    if index is None:
        tabs.addTab(tab, TITLE)
    else:
        tabs.insertTab(index, tab, TITLE)
    return tab
