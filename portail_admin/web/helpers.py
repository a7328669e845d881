"""Per-request database access scoped to the logged-in family, template filters, form fields."""

from __future__ import annotations

import datetime as dt
import enum
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, g
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from ..core import clock, db, formatting
from ..core.models import CommuneSettings, Family, Guardian, Message
from ..core.models.enums import (
    AttachmentBody,
    Civility,
    FamilySituation,
    GuardianRole,
    MessageDirection,
    QfSource,
    Quality,
    Sex,
)
from ..core.services.fields import LABELS

# Row ids are 32-bit INTEGER columns: PostgreSQL refuses a bigger number and SQLite one beyond
# 64 bits, so a bigger "id" from a URL (app.IdConverter) or a form is no row at all, not a
# database error.
MAX_ID = 2**31 - 1


def parse_id(value: Any) -> int | None:
    """A row id sent in a URL (app.IdConverter), a query string or a form (ASCII digits,
    1..MAX_ID), else None. Its length is bounded first: int() refuses 4300 digits and more."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
        if 1 <= number <= MAX_ID:
            return number
    return None


def db_session() -> db.PortailSession:
    """The request's read session (closed at teardown)."""
    if "db" not in g:
        g.db = current_app.extensions["portail_sessions"]()
    return g.db


@contextmanager
def write() -> Iterator[db.PortailSession]:
    """One unit of work on behalf of the logged-in family (logged as "parent:<login>")."""
    actor = f"parent:{current_user.login}" if current_user.is_authenticated else "portail"
    with db.transaction(current_app.extensions["portail_sessions"], actor) as session:
        yield session


def family_id() -> int:
    return int(current_user.family_id)


def family() -> Family:
    """The logged-in family with its guardians (one query, cached for the request)."""
    if "family" not in g:
        g.family = db_session().scalar(
            select(Family).where(Family.id == family_id()).options(selectinload(Family.guardians))
        )
    return g.family


COMMUNE_CACHE_SECONDS = 5.0
_commune_lock = threading.Lock()


def _load_commune() -> CommuneSettings:
    settings = db_session().get(CommuneSettings, 1)
    if settings is None:
        return CommuneSettings(
            name="",
            contact_names="",
            contact_phone="",
            contact_email="",
            welcome_message="Bienvenue sur le Portail Famille",
            info_message="",
            logout_url="",
            portal_url="",
            smtp_host="",
            smtp_sender="",
        )
    db_session().expunge(settings)  # read-only from now on, shared by the request threads
    return settings


def commune() -> CommuneSettings:
    """The commune's settings, re-read at most every few seconds (they rarely change)."""
    if "commune" not in g:
        cache = current_app.extensions.setdefault("portail_commune", {})
        ttl = current_app.config.get("COMMUNE_CACHE_SECONDS", COMMUNE_CACHE_SECONDS)
        now = time.monotonic()
        with _commune_lock:
            entry = cache.get("settings")
            if entry is None or now - entry[0] > ttl:
                entry = (now, _load_commune())
                cache["settings"] = entry
        g.commune = entry[1]
        parts = urlsplit(g.commune.logout_url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            g.logout_origin = f"{parts.scheme}://{parts.netloc}"
    return g.commune


@dataclass
class Header:
    family_number: str
    civility: Civility | None
    last_name: str
    first_name: str
    unread: int
    today: dt.date

    @property
    def greeting_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


_UNREAD = (
    select(func.count(Message.id))
    .where(
        Message.family_id == bindparam("family_id"),
        Message.direction == MessageDirection.TO_FAMILY,
        Message.read_at.is_(None),
        Message.deleted_by_family_at.is_(None),
    )
    .scalar_subquery()
)
# Built once: the statement runs on every page.
_HEADER = (
    select(
        Family.family_number, Guardian.civility, Guardian.last_name, Guardian.first_name, _UNREAD
    )
    .outerjoin(
        Guardian, (Guardian.family_id == Family.id) & (Guardian.role == GuardianRole.PRIMARY)
    )
    .where(Family.id == bindparam("family_id"))
)


def header() -> Header | None:
    """What every page's banner shows, in one query."""
    if not current_user.is_authenticated:
        return None
    if "header" not in g:
        row = db_session().connection().execute(_HEADER, {"family_id": family_id()}).one()
        g.header = Header(
            row[0], row[1], row[2] or "", row[3] or "", int(row[4] or 0), clock.today()
        )
    return g.header


def _french_spacing(value: Any) -> Any:
    """The `fr` filter: for plain text only (escaped HTML has entities such as "&amp;")."""
    if isinstance(value, Markup) or value is None:
        return value
    return formatting.french_spacing(str(value))


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        money=formatting.money,
        number=formatting.number,
        short_date=formatting.short_date,
        long_date=formatting.long_date,
        phone=formatting.phone,
        yes_no=formatting.yes_no,
        month_title=formatting.month_title,
        weekday_short=formatting.weekday_short,
        local_time=lambda t: t.astimezone(clock.COMMUNE_TZ).strftime("%d/%m/%Y %H:%M") if t else "",
        label=lambda v: getattr(v, "label", "") if v is not None else "",
        # French typography on plain text (before escaping): narrow no-break space before ? ! ; :
        fr=_french_spacing,
        # "Planning {{ name|de }}" → "Planning de Léa", "Planning d'Emma"
        de=formatting.de,
        tel=formatting.phone_e164,
    )

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"header": header(), "commune": commune()}


# --- form fields from the core's field specs -------------------------------------------------

CHOICES: dict[str, type[enum.Enum]] = {
    "civility": Civility,
    "quality": Quality,
    "situation": FamilySituation,
    "attachment_body": AttachmentBody,
    "qf_source": QfSource,
    "sex": Sex,
}
BOOLEANS = {
    "email_consent",
    "sms_consent",
    "direct_debit",
    "wears_glasses",
    "consent_photo",
    "consent_outings",
    "consent_medical_care",
    "consent_leave_alone",
    "has_pai",
}
DATES = {"qf_date", "mandate_signed_on", "birth_date"}
TEXTAREAS = {"allergies", "pai_details", "vaccinations", "medical_notes"}
PHONES = {"phone_home", "phone_work", "phone_mobile", "doctor_phone", "phone"}
MAX_LENGTHS = {
    "last_name": 100,
    "first_name": 100,
    "address": 255,
    "city": 100,
    "postal_code": 5,
    "email": 255,
    "profession": 100,
    "csp": 100,
    "employer": 100,
    "employer_address": 255,
    "allocataire_number": 20,
    "account_holder": 100,
    "bank_name": 100,
    "iban": 42,
    "bic": 11,
    "mandate_reference": 35,
    "school": 100,
    "school_class": 50,
    "diet": 255,
    "doctor_name": 100,
    "relationship_": 50,
}


@dataclass
class FormField:
    name: str
    label: str
    kind: str  # text, email, tel, date, select, checkbox, textarea
    value: Any
    error: str = ""
    choices: list[tuple[str, str]] | None = None
    maxlength: int | None = None
    required: bool = False

    @property
    def html_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")


def form_value(name: str, value: Any) -> Any:
    """A stored value as a form shows it."""
    if value is None:
        return ""
    if name in BOOLEANS:
        return bool(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return formatting.number(value).replace("\u202f", "").replace("\xa0", "")
    if name in PHONES:
        return formatting.phone(value)
    return value


def build_fields(
    names: Mapping[str, Any] | list[str],
    values: Mapping[str, Any],
    errors: Mapping[str, str] | None = None,
    submitted: Mapping[str, Any] | None = None,
    prefix: str = "",
    required: set[str] | None = None,
) -> list[FormField]:
    """Form fields in spec order, with the current (or just submitted) values and errors."""
    errors = errors or {}
    result = []
    for name in names:
        if name in BOOLEANS:
            kind = "checkbox"
        elif name in CHOICES:
            kind = "select"
        elif name in DATES:
            kind = "date"
        elif name in TEXTAREAS:
            kind = "textarea"
        elif name in PHONES:
            kind = "tel"
        elif name == "email":
            kind = "email"
        else:
            kind = "text"
        if submitted is not None:
            raw = submitted.get(prefix + name, "")
            value = bool(raw) if kind == "checkbox" else raw
        else:
            value = form_value(name, values.get(name))
        choices = None
        if kind == "select":
            choices = [("", "—")] + [(m.value, m.label) for m in CHOICES[name]]
        result.append(
            FormField(
                name=prefix + name,
                label=LABELS.get(name, name),
                kind=kind,
                value=value,
                error=errors.get(name, ""),
                choices=choices,
                maxlength=MAX_LENGTHS.get(name),
                required=name in (required or set()),
            )
        )
    return result


def submitted_values(form: Mapping[str, Any], names: Any, prefix: str = "") -> dict[str, Any]:
    """What the form sent for these fields (an unticked checkbox is False)."""
    data: dict[str, Any] = {}
    for name in names:
        raw = form.get(prefix + name)
        if name in BOOLEANS:
            data[name] = raw in ("on", "1", "true", "oui")
        else:
            data[name] = raw if raw is not None else ""
    return data
