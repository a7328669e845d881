"""The commune's settings (administrateur): identity, contact, portal messages and addresses,
school zone, régie, SMTP; structures and services; downloadable forms; and this PC's database
connection.

Secrets never go to the database or to settings.json: the SMTP password and the PostgreSQL
password are kept in the OS keyring (core.secrets). Writing to the keyring is not part of the
database transaction: it happens once the values have been validated.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import exists, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, defer

from .. import db, secrets
from .. import validation as v
from ..errors import ValidationError
from ..migrations import current_revision
from ..models import (
    CommuneSettings,
    DownloadableForm,
    Enrolment,
    PlanningCell,
    Request,
    Service,
    Structure,
    Tariff,
)
from ..models.base import utcnow
from ..models.enums import SchoolZone, ServiceUnit
from .records import apply_values, ensure_unchanged, ensure_version, get_or_404

SMTP_SECRET_KIND = "smtp"  # noqa: S105 (a keyring entry kind, not a password)
MAX_FORM_BYTES = 5 * 1024 * 1024
CONNECT_TIMEOUT_SECONDS = 5

# --------------------------------------------------------------------------- cleaners


def url(value: Any) -> str:
    """An http(s) address, as typed (empty allowed)."""
    s = " ".join(v.text(255)(value).split())
    if not s:
        return ""
    parts = urlsplit(s)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in s:
        raise v.FieldError("Adresse web invalide (elle commence par http:// ou https://).")
    return s


def contact_phone(value: Any) -> str:
    """A phone number kept as the commune writes it (it is printed as typed), but valid."""
    s = v.text(20)(value)
    if s:
        v.phone(s)  # raises FieldError when invalid
    return s


integer = v.integer  # ASCII digits only, the rule of every whole-number field


def regie_prefix(value: Any) -> str:
    s = v.text(10, required=True)(value).upper()
    if not re.fullmatch(r"[A-Z0-9]{1,10}", s):
        raise v.FieldError("De 1 à 10 lettres sans accent ou chiffres (par exemple AL).")
    return s


def host(value: Any) -> str:
    s = v.text(255)(value)
    if s and not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", s):
        raise v.FieldError("Nom de serveur invalide (par exemple smtp.exemple.fr).")
    return s


def weekdays(value: Any) -> int:
    """A weekday mask (0 = Monday bit), given as an int or a list of date.weekday() values."""
    if isinstance(value, list | tuple | set | frozenset):
        mask = 0
        for day in value:
            if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
                raise v.FieldError("Jour de la semaine invalide.")
            mask |= 1 << day
    else:
        mask = integer(0, 127)(value) or 0
    if mask == 0:
        raise v.FieldError("Choisissez au moins un jour de la semaine.")
    return mask


SETTINGS_FIELDS: dict[str, v.Cleaner] = {
    "name": v.text(100, required=True),
    "contact_names": v.text(100),
    "contact_phone": contact_phone,
    "contact_email": v.email,
    "address": v.text(255, multiline=True),
    "welcome_message": v.text(2000, multiline=True),
    "info_message": v.text(5000, multiline=True),
    "logout_url": url,
    "portal_url": url,
    "school_zone": v.choice(SchoolZone, required=True),
    "regie_prefix": regie_prefix,
    "invoice_due_days": integer(0, 120),
    # What a municipal bill says (core.billing.texts has the defaults used while empty).
    "issuer_name": v.text(100),
    "issuer_title": v.text(100),
    "regie_hours": v.text(255),
    "payment_instructions": v.text(2000, multiline=True),
    "contest_notice": v.text(2000, multiline=True),
    "smtp_host": host,
    "smtp_port": integer(1, 65535),
    "smtp_user": v.text(255),
    "smtp_sender": v.email,
    "smtp_starttls": v.boolean,
}

SETTINGS_LABELS: dict[str, str] = {
    "name": "Nom de la commune",
    "contact_names": "Personnes à contacter",
    "contact_phone": "Téléphone",
    "contact_email": "E-mail de contact",
    "address": "Adresse de la mairie",
    "welcome_message": "Message d'accueil",
    "info_message": "Message d'information",
    "logout_url": "Adresse de retour après déconnexion",
    "portal_url": "Adresse du portail",
    "school_zone": "Zone scolaire",
    "regie_prefix": "Préfixe de la régie",
    "invoice_due_days": "Délai de paiement (jours)",
    "issuer_name": "Nom de l'ordonnateur",
    "issuer_title": "Qualité de l'ordonnateur",
    "regie_hours": "Horaires de la régie",
    "payment_instructions": "Modalités de paiement",
    "contest_notice": "Voies de recours",
    "smtp_host": "Serveur SMTP",
    "smtp_port": "Port SMTP",
    "smtp_user": "Utilisateur SMTP",
    "smtp_sender": "Adresse d'expédition",
    "smtp_starttls": "Chiffrement STARTTLS",
    "smtp_password": "Mot de passe SMTP",
}

# --------------------------------------------------------------------------- settings


def get_settings(session: Session) -> CommuneSettings:
    """The commune's settings row (created with the defaults on first use)."""
    settings = session.get(CommuneSettings, 1)
    if settings is None:
        settings = CommuneSettings(id=1)
        session.add(settings)
        session.flush()
    return settings


def smtp_identity(settings: CommuneSettings) -> str:
    """The keyring entry of the SMTP password: "user@host", as core.mailer reads it."""
    return f"{settings.smtp_user or ''}@{settings.smtp_host or ''}"


def smtp_password(settings: CommuneSettings) -> str | None:
    """The SMTP password from this PC's keyring (None when not saved here)."""
    return secrets.get_secret(SMTP_SECRET_KIND, smtp_identity(settings))


def smtp_configured(settings: CommuneSettings) -> bool:
    return bool(settings.smtp_host and settings.smtp_sender)


def update_settings(
    session: Session,
    data: Mapping[str, Any],
    smtp_password: str | None = None,
    expected_version: int | None = None,
) -> CommuneSettings:
    """Validate and save any subset of SETTINGS_FIELDS.

    `smtp_password`: None keeps the saved one (moved along if the SMTP server or user
    changes), "" forgets it, any other text replaces it. It goes to the keyring only.
    `expected_version` 0 means the row did not exist yet when the user loaded the screen:
    whoever created it meanwhile is a concurrent change too."""
    if any("password" in key for key in data):
        raise ValidationError(
            {"smtp_password": "Le mot de passe ne s'enregistre pas avec les paramètres."}
        )
    existed = session.get(CommuneSettings, 1) is not None
    settings = get_settings(session)
    if existed or expected_version != 0:
        ensure_version(session, settings, expected_version, data, SETTINGS_FIELDS, SETTINGS_LABELS)
    cleaned = v.clean_fields(data, SETTINGS_FIELDS, partial=True)
    if smtp_password is not None and len(smtp_password) > 255:
        raise ValidationError({"smtp_password": "255 caractères au maximum."})
    old_identity = smtp_identity(settings)
    kept_password = secrets.get_secret(SMTP_SECRET_KIND, old_identity)
    apply_values(settings, cleaned)
    session.flush()
    new_identity = smtp_identity(settings)
    if smtp_password is not None:
        secrets.delete_secret(SMTP_SECRET_KIND, old_identity)
        if smtp_password:
            secrets.set_secret(SMTP_SECRET_KIND, new_identity, smtp_password)
    elif new_identity != old_identity and kept_password:
        secrets.set_secret(SMTP_SECRET_KIND, new_identity, kept_password)
        secrets.delete_secret(SMTP_SECRET_KIND, old_identity)
    return settings


MAX_LOGO_BYTES = 2 * 1024 * 1024
_LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


def clean_logo(content: bytes | None) -> bytes | None:
    """A PNG or JPEG image the invoices can print (2 Mo at most); None: no logo."""
    if content is None:
        return None
    if not content:
        raise v.FieldError("Le fichier est vide.")
    if len(content) > MAX_LOGO_BYTES:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        raise v.FieldError(f"L'image est trop volumineuse ({size} Mo) : 2 Mo au maximum.")
    if not content.startswith(_LOGO_SIGNATURES):
        raise v.FieldError("Choisissez une image PNG ou JPEG.")
    from io import BytesIO

    from reportlab.lib.utils import ImageReader

    try:  # what the invoice PDF will draw it with
        width, height = ImageReader(BytesIO(content)).getSize()
    except Exception as exc:  # noqa: BLE001 (a damaged image fails in many ways)
        raise v.FieldError("Cette image est illisible (fichier abîmé ?).") from exc
    if not (width and height):
        raise v.FieldError("Cette image est illisible (fichier abîmé ?).")
    return content


def set_logo(
    session: Session, content: bytes | None, expected_version: int | None = None
) -> CommuneSettings:
    """The commune's logo at the head of its invoices (None removes it), version-checked like
    the other settings (0: the settings row did not exist when the screen was loaded)."""
    try:
        logo = clean_logo(content)
    except v.FieldError as exc:
        raise ValidationError({"logo": str(exc)}) from exc
    existed = session.get(CommuneSettings, 1) is not None
    settings = get_settings(session)
    if existed or expected_version != 0:
        ensure_version(session, settings, expected_version, None, SETTINGS_FIELDS, SETTINGS_LABELS)
    if settings.logo != logo:
        settings.logo = logo
        session.flush()
    return settings


# --------------------------------------------------------------------------- structures


def list_structures(session: Session) -> list[Structure]:
    return list(session.scalars(select(Structure).order_by(Structure.name)))


def _structure_name(session: Session, name: Any, exclude_id: int | None = None) -> str:
    try:
        clean = v.text(100, required=True)(name)
    except v.FieldError as exc:
        raise ValidationError({"name": str(exc)}) from exc
    query = select(Structure.id).where(func.lower(Structure.name) == clean.lower())
    if exclude_id is not None:
        query = query.where(Structure.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError({"name": "Une structure porte déjà ce nom."})
    return clean


STRUCTURE_FIELDS: dict[str, v.Cleaner] = {"name": v.text(100, required=True)}
STRUCTURE_LABELS = {"name": "Nom de la structure"}


def create_structure(session: Session, name: str) -> Structure:
    structure = Structure(name=_structure_name(session, name))
    session.add(structure)
    session.flush()
    return structure


def rename_structure(
    session: Session, structure_id: int, name: str, expected_version: int | None = None
) -> Structure:
    structure = get_or_404(session, Structure, structure_id, "structure")
    ensure_version(
        session, structure, expected_version, {"name": name}, STRUCTURE_FIELDS, STRUCTURE_LABELS
    )
    structure.name = _structure_name(session, name, exclude_id=structure.id)
    session.flush()
    return structure


def delete_structure(session: Session, structure_id: int) -> None:
    structure = get_or_404(session, Structure, structure_id, "structure")
    if session.scalar(select(exists().where(Service.structure_id == structure.id))):
        raise ValidationError(
            {"": "Cette structure a des prestations : supprimez-les ou déplacez-les d'abord."}
        )
    session.delete(structure)
    session.flush()


# --------------------------------------------------------------------------- services

SERVICE_FIELDS: dict[str, v.Cleaner] = {
    "name": v.text(100, required=True),
    "code": lambda value: _service_code(value),
    "unit": v.choice(ServiceUnit, required=True),
    "weekdays": weekdays,
    "open_in_term": v.boolean,
    "open_in_holidays": v.boolean,
    "capacity": integer(1, 10000, required=False),
    "booking_deadline_days": integer(0, 60),
    "auto_accept": v.boolean,
    "active": v.boolean,
    "sort_order": integer(0, 1000),
}

SERVICE_LABELS: dict[str, str] = {
    "name": "Nom de la prestation",
    "code": "Code",
    "unit": "Unité",
    "weekdays": "Jours d'ouverture",
    "open_in_term": "Ouverte en période scolaire",
    "open_in_holidays": "Ouverte pendant les vacances",
    "capacity": "Nombre de places",
    "booking_deadline_days": "Délai de réservation (jours avant)",
    "auto_accept": "Acceptation automatique des demandes",
    "active": "Active",
    "sort_order": "Ordre d'affichage",
}


def _service_code(value: Any) -> str:
    s = v.text(20, required=True)(value).upper()
    if not re.fullmatch(r"[A-Z0-9_-]{1,20}", s):
        raise v.FieldError("Lettres sans accent, chiffres, tiret ou souligné (20 au plus).")
    return s


def list_services(session: Session, structure_id: int | None = None) -> list[Service]:
    query = (
        select(Service).join(Structure).order_by(Structure.name, Service.sort_order, Service.name)
    )
    if structure_id is not None:
        query = query.where(Service.structure_id == structure_id)
    return list(session.scalars(query))


def _check_service(session: Session, values: Mapping[str, Any], service_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not (values["open_in_term"] or values["open_in_holidays"]):
        errors["open_in_term"] = (
            "Une prestation ouvre en période scolaire, en vacances, ou les deux."
        )
    same_code = select(Service.id).where(Service.code == values["code"])
    same_name = select(Service.id).where(
        Service.structure_id == values["structure_id"],
        func.lower(Service.name) == values["name"].lower(),
    )
    if service_id is not None:
        same_code = same_code.where(Service.id != service_id)
        same_name = same_name.where(Service.id != service_id)
    if session.scalar(same_code) is not None:
        errors["code"] = "Ce code est déjà utilisé par une autre prestation."
    if session.scalar(same_name) is not None:
        errors["name"] = "Cette structure a déjà une prestation de ce nom."
    if errors:
        raise ValidationError(errors)


def create_service(session: Session, structure_id: int, data: Mapping[str, Any]) -> Service:
    structure = get_or_404(session, Structure, structure_id, "structure")
    defaults = {
        "weekdays": 0b0011111,
        "open_in_term": True,
        "open_in_holidays": False,
        "capacity": None,
        "booking_deadline_days": 2,
        "auto_accept": False,
        "active": True,
        "sort_order": 0,
    }
    cleaned = v.clean_fields({**defaults, **data}, SERVICE_FIELDS)
    _check_service(session, {**cleaned, "structure_id": structure.id}, None)
    service = Service(structure_id=structure.id, **cleaned)
    session.add(service)
    session.flush()
    return service


def update_service(
    session: Session,
    service_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Service:
    service = get_or_404(session, Service, service_id, "prestation")
    ensure_version(session, service, expected_version, data, SERVICE_FIELDS, SERVICE_LABELS)
    cleaned = v.clean_fields(data, SERVICE_FIELDS, partial=True)
    current = {name: getattr(service, name) for name in SERVICE_FIELDS}
    _check_service(
        session, {**current, **cleaned, "structure_id": service.structure_id}, service.id
    )
    apply_values(service, cleaned)
    session.flush()
    return service


def service_in_use(session: Session, service_id: int) -> bool:
    return any(
        session.scalar(select(exists().where(column == service_id)))
        for column in (
            Enrolment.service_id,
            PlanningCell.service_id,
            Request.service_id,
            Tariff.service_id,
        )
    )


def delete_service(session: Session, service_id: int) -> None:
    """Delete a service nobody used; a used one can only be deactivated (history is kept)."""
    service = get_or_404(session, Service, service_id, "prestation")
    if service_in_use(session, service.id):
        raise ValidationError(
            {
                "": "Cette prestation a déjà servi (inscriptions, planning, demandes ou tarifs) : "
                "désactivez-la plutôt que de la supprimer."
            }
        )
    session.delete(service)
    session.flush()


# --------------------------------------------------------------------------- forms


def list_forms(session: Session) -> list[DownloadableForm]:
    """The forms, newest first, without loading their content."""
    return list(
        session.scalars(
            select(DownloadableForm)
            .options(defer(DownloadableForm.content))
            .order_by(DownloadableForm.uploaded_at.desc(), DownloadableForm.id.desc())
        )
    )


def _safe_filename(filename: str) -> str:
    name = re.split(r"[\\/]", filename or "")[-1].strip()
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*')
    if not name.lower().endswith(".pdf"):
        name = f"{name or 'formulaire'}.pdf"
    return name[-200:]


def add_form(session: Session, title: str, filename: str, content: bytes) -> DownloadableForm:
    """Offer a PDF to the families (Infos / Documents). Only PDF files, 5 Mo at most."""
    errors: dict[str, str] = {}
    try:
        clean_title = v.text(200, required=True)(title)
    except v.FieldError as exc:
        errors["title"] = str(exc)
    if not content:
        errors["content"] = "Le fichier est vide."
    elif len(content) > MAX_FORM_BYTES:
        size = len(content) / 1024 / 1024
        errors["content"] = (
            f"Le fichier est trop volumineux ({size:.1f} Mo) : 5 Mo au maximum.".replace(
                ".", ",", 1
            )
        )
    elif not content.startswith(b"%PDF-"):
        errors["content"] = "Ce fichier n'est pas un PDF : seuls les documents PDF sont acceptés."
    if errors:
        raise ValidationError(errors)
    form = DownloadableForm(
        title=clean_title, filename=_safe_filename(filename), content=content, uploaded_at=utcnow()
    )
    session.add(form)
    session.flush()
    return form


FORM_FIELDS: dict[str, v.Cleaner] = {"title": v.text(200, required=True)}
FORM_LABELS = {"title": "Titre du formulaire"}
# The forms have no version column: a change is checked against these values as loaded.
FORM_COMPARED = ("title", "filename")


def form_values(form: DownloadableForm) -> dict[str, Any]:
    """What a rename is checked against (see FORM_COMPARED)."""
    return {name: getattr(form, name) for name in FORM_COMPARED}


def rename_form(
    session: Session,
    form_id: int,
    title: str,
    expected: Mapping[str, Any] | None = None,
) -> DownloadableForm:
    """Change the title families read; refused when the form changed since `expected` (its
    `form_values` as the user loaded them) was read."""
    form = get_or_404(session, DownloadableForm, form_id, "formulaire")
    ensure_unchanged(session, form, expected, {"title": title}, FORM_FIELDS, FORM_LABELS)
    cleaned = v.clean_fields({"title": title}, FORM_FIELDS)
    apply_values(form, cleaned)
    session.flush()
    return form


def remove_form(session: Session, form_id: int) -> None:
    # Through the session, not a DELETE statement: the change feed must see it.
    session.delete(get_or_404(session, DownloadableForm, form_id, "formulaire"))
    session.flush()


# --------------------------------------------------------------------------- database (this PC)


@dataclass(frozen=True)
class DatabaseSetting:
    url: str  # without password
    description: str  # French, for the settings screen
    is_shared: bool  # PostgreSQL
    has_saved_password: bool
    from_environment: bool  # PORTAIL_DATABASE_URL overrides the saved setting


def _parse(raw: str) -> URL:
    try:
        url_ = db.normalise_url((raw or "").strip())
    except ArgumentError as exc:
        raise ValidationError(
            {
                "url": "Adresse de base de données invalide (exemple : "
                "postgresql://portail@serveur/portail)."
            }
        ) from exc
    if url_.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValidationError(
            {"url": "Seules les bases SQLite et PostgreSQL sont prises en charge."}
        )
    if url_.get_backend_name() == "postgresql" and not (url_.host and url_.database):
        raise ValidationError({"url": "Indiquez le serveur et le nom de la base."})
    return url_


def _french_connection_error(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc) or exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return "Le serveur refuse l'utilisateur ou le mot de passe."
    if "does not exist" in text and "database" in text:
        return "Cette base n'existe pas sur le serveur."
    if "timeout" in text or "timed out" in text:
        return "Le serveur ne répond pas (délai dépassé) : vérifiez son nom et le réseau."
    if "could not translate host name" in text or "name or service not known" in text:
        return "Serveur introuvable : vérifiez son nom."
    if "connection refused" in text:
        return "Le serveur refuse la connexion : PostgreSQL est-il démarré et accessible ?"
    if "unable to open database file" in text:
        return "Impossible d'ouvrir le fichier de base de données."
    return "Connexion impossible : vérifiez l'adresse, l'utilisateur et le mot de passe."


def test_connection(url_text: str, password: str | None = None) -> tuple[bool, str]:
    """Try the connection before saving it: (ok, French message). Nothing is saved."""
    try:
        url_ = _parse(url_text)
    except ValidationError as exc:
        return False, exc.errors["url"]
    connect_args: dict[str, Any] = {}
    if url_.get_backend_name() == "sqlite":
        path = url_.database or ""
        if not path or path == ":memory:":
            return False, "Indiquez le chemin du fichier de base de données."
        if any(unicodedata.category(c) == "Cc" for c in path):
            return False, "Chemin de fichier invalide (caractères non autorisés)."
        try:  # a name too long for the system raises instead of answering False
            found = Path(path).exists()
            parent_is_dir = Path(path).parent.is_dir()
        except (OSError, ValueError):
            return False, "Chemin de fichier invalide (trop long ou mal formé)."
        if not found:
            if parent_is_dir:
                return True, "Le fichier n'existe pas encore : il sera créé au démarrage."
            return False, "Le dossier de ce fichier n'existe pas."
    else:
        if password:
            url_ = url_.set(password=password)
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    try:
        engine = db.make_engine(
            url_.render_as_string(hide_password=False), connect_args=connect_args
        )
    except (ArgumentError, NoSuchModuleError, ValueError):
        return False, "Adresse de base de données invalide."
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        return False, _french_connection_error(exc)
    except OSError as exc:
        return False, _french_connection_error(exc)
    finally:
        engine.dispose()
    if revision is None:
        return True, "Connexion réussie. La base est vide : elle sera préparée au démarrage."
    return True, "Connexion réussie. La base contient les données du Portail Famille."


def save_database_setting(url_text: str | None, password: str | None = None) -> DatabaseSetting:
    """Remember which database this PC uses: the URL (never with a password) in settings.json,
    the PostgreSQL password in the keyring. None or "" goes back to this PC's own SQLite file."""
    if not url_text:
        db.forget_database_url()
        return current_database_setting()
    # Checked here (French field error), saved by the one function that knows how: core.db.
    _parse(url_text)
    db.save_database_url(url_text, password)
    return current_database_setting()


def current_database_setting() -> DatabaseSetting:
    raw = db.resolve_url()
    url_ = db.without_password(make_url(raw))
    shared = url_.get_backend_name() == "postgresql"
    identity = db.keyring_identity(url_)
    saved = shared and secrets.get_secret(db.DATABASE_SECRET_KIND, identity) is not None
    return DatabaseSetting(
        url=url_.render_as_string(hide_password=False),
        description=db.describe(url_),
        is_shared=shared,
        has_saved_password=bool(saved),
        from_environment=bool(os.environ.get(db.ENV_VAR)),
    )
