"""The history (Historique) of a family or a child, read from the change log, ready to show.

Each entry says when (the commune's time), who (a staff member's full name, "la famille
(portail)", "le système"), what (one French sentence: "Fiche famille modifiée", "Enfant ajouté :
LÉA", "Demande de réservation envoyée : …", "Demande … acceptée par …", "Message reçu de la
famille : « … »") and, for an update, each field's old and new value in French (labels of
services/fields.py, enum labels, dd/mm/yyyy, Oui/Non). Sensitive columns (the IBAN, health data,
passwords) are never valued in the log (changefeed.HIDDEN): they read "masqué".

One indexed query per page on the change log's scope columns (ix_change_log_family,
ix_change_log_child), newest first, plus one query per kind of record named on the page (the
children's names, the requests, the messages, the staff names). Planning cells changed one by
one in a row by the same person for the same child and service read as one entry ("Planning de
LÉA : 12 jours modifiés (Garderie matin, du 04/05/2015 au 15/05/2015)"); a bulk row (one row for
many cells) reads "N cases …". Pages are cut between entries: `before_id` of a page is where the
next (older) one starts.

What a role may not see is left out or masked: bank values without VIEW_BANK, the requests'
values without DECIDE_REQUESTS, messages without MESSAGES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Numeric, select
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session, selectinload

from .. import formatting
from ..changefeed import HIDDEN
from ..clock import COMMUNE_TZ
from ..formatting import french_spacing
from ..models import (
    AuthorisedPerson,
    Base,
    ChangeLog,
    Child,
    Guardian,
    Message,
    Request,
    Service,
    StaffUser,
)
from ..models.enums import (
    ChangeAction,
    GuardianRole,
    LabelledEnum,
    MessageDirection,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from . import decisions
from .fields import BANK_FIELDS, LABELS
from .records import actor_label
from .staff import Permission, can, require

PAGE_SIZE = 50
MASKED = "masqué"
EMPTY = "(vide)"
# Planning cells changed within this time of each other by one person, for one child and one
# service, read as one entry.
GROUP_WINDOW = dt.timedelta(minutes=10)
GROUP_MAX = 1000  # rows in one entry at most, so that a page's work stays bounded
PLANNING = "planning_cell"

# Columns that say nothing to a reader (bookkeeping, derived, or told by the entry itself).
_UNSHOWN = frozenset(
    {"version", "created_at", "updated_at", "search_text", "decided_at", "decided_by_id", "txid"}
)
# Labels of the columns that are no form field (the form fields' are fields.LABELS).
COLUMN_LABELS: dict[str, str] = {
    **LABELS,
    "family_number": "N° famille",
    "notes": "Remarques",
    "booking": "Réservation",
    "attendance": "Présence",
    "start_date": "Début",
    "end_date": "Fin",
    "weekly_pattern": "Jours réguliers",
    "status": "État",
    "motive": "Motif",
    "login": "Identifiant",
    "password_hash": "Mot de passe",
    "must_change_password": "Mot de passe à changer",
    "disabled": "Accès bloqué par la mairie",
    "last_login_at": "Dernière connexion",
    "failed_attempts": "Échecs de connexion",
    "locked_until": "Bloqué jusqu'au",
    "reset_token_hash": "Lien de réinitialisation",
    "reset_token_expires_at": "Lien valable jusqu'au",
    "subject": "Objet",
    "read_at": "Lu le",
    "deleted_by_family_at": "Supprimé par la famille le",
    "deleted_by_staff_at": "Supprimé par la mairie le",
}
_LOGIN_COLUMNS = frozenset({"last_login_at", "failed_attempts", "locked_until"})

# The record a table holds, with its past participle's agreement: (noun, feminine).
_NOUNS: dict[str, tuple[str, bool]] = {
    "family": ("Fiche famille", True),
    "child": ("Fiche enfant", True),
    "health_record": ("Données sanitaires", True),
    "authorised_person": ("Personne autorisée", True),
    "enrolment": ("Inscription", True),
    "portal_account": ("Compte portail", False),
    "invoice": ("Facture", True),
    "invoice_line": ("Ligne de facture", True),
    "payment": ("Règlement", False),
    "message": ("Message", False),
    "request": ("Demande", True),
}
_VERBS = {
    ChangeAction.INSERT: "créé",
    ChangeAction.UPDATE: "modifié",
    ChangeAction.DELETE: "supprimé",
}


def _participle(action: ChangeAction, feminine: bool, plural: bool = False) -> str:
    word = _VERBS[action] + ("e" if feminine else "")
    return word + ("s" if plural else "")


# --- What the reader gets --------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    hidden: bool = False
    times: int = 1  # in a grouped entry: how many records changed so

    @property
    def text(self) -> str:
        """ "Email : (vide) → jean@exemple.fr", "IBAN : masqué", "Réservation : Non réservé →
        Réservé (12 fois)"."""
        times = f" ({self.times} fois)" if self.times > 1 else ""
        if self.hidden:
            return french_spacing(f"{self.label} : {MASKED}{times}")
        return french_spacing(f"{self.label} : {self.old or EMPTY} → {self.new or EMPTY}{times}")


@dataclass(frozen=True)
class HistoryEntry:
    id: int  # the newest change-log id the entry stands for
    first_id: int  # the oldest
    at: dt.datetime  # the commune's time
    who: str
    what: str
    changes: tuple[FieldChange, ...] = ()
    count: int = 1  # change-log rows (or cells of a bulk row) behind the entry

    @property
    def when(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M}"

    @property
    def detail(self) -> str:
        """One line per field: "label : old → new"."""
        return "\n".join(change.text for change in self.changes)


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    before_id: int | None  # where the next (older) page starts; None: nothing older


# --- Values in French -------------------------------------------------------------------------


def _columns() -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name
        for attr in mapper.column_attrs:
            found[(table, attr.key)] = attr.columns[0]
    return found


_COLUMNS = _columns()
# Each table's columns in their declared order (the order changes are listed in).
_ORDER: dict[str, dict[str, int]] = {}
for _table, _key in _COLUMNS:
    _order = _ORDER.setdefault(_table, {})
    _order[_key] = len(_order)
# The labels of the fields the log never values (a request's values are masked like them).
_SENSITIVE_LABELS = frozenset(
    COLUMN_LABELS.get(key, key)
    for (table, key), column in _COLUMNS.items()
    if column.info.get("sensitive") and table in ("family", "child", "health_record")
)


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(COMMUNE_TZ)


def display(table: str, name: str, value: Any) -> str:
    """A value as the change log stores it (JSON-ready) in French, by its column's type."""
    if value is None or value == "":
        return ""
    column = _COLUMNS.get((table, name))
    kind = column.type if column is not None else None
    try:
        if isinstance(kind, SqlEnum) and kind.enum_class is not None:
            member = kind.enum_class(value)
            return member.label if isinstance(member, LabelledEnum) else str(member.value)
        if isinstance(kind, Boolean) or isinstance(value, bool):
            return formatting.yes_no(bool(value))
        if isinstance(getattr(kind, "impl", kind), DateTime):
            return f"{_local(dt.datetime.fromisoformat(str(value))):%d/%m/%Y %H:%M}"
        if isinstance(kind, Date):
            return formatting.short_date(dt.date.fromisoformat(str(value)))
        if isinstance(kind, Numeric):
            return formatting.number(Decimal(str(value)))
    except (ValueError, TypeError, InvalidOperation):
        return str(value)
    if "phone" in name:
        return formatting.phone(str(value))
    return str(value)


def _is_sensitive(table: str, name: str) -> bool:
    column = _COLUMNS.get((table, name))
    return column is not None and bool(column.info.get("sensitive"))


def field_changes(
    table: str, changes: dict[str, Any], masked: Iterable[str] = ()
) -> tuple[FieldChange, ...]:
    """The (label, old, new) of an update row, in the column order of its table."""
    masked = set(masked)
    order = _ORDER.get(table, {})
    names = sorted(changes, key=lambda n: order.get(n, len(order)))
    rows = []
    for name in names:
        if name in _UNSHOWN:
            continue
        label = COLUMN_LABELS.get(name, name)
        value = changes[name]
        if value == HIDDEN or name in masked or _is_sensitive(table, name):
            rows.append(FieldChange(label, "", "", hidden=True))
            continue
        old, new = (value + [None, None])[:2] if isinstance(value, list) else (None, value)
        rows.append(FieldChange(label, display(table, name, old), display(table, name, new)))
    return tuple(rows)


# --- Who --------------------------------------------------------------------------------------


def staff_names(session: Session, actors: Iterable[str]) -> dict[str, str]:
    """{username: full name} of the staff actors among `actors`."""
    usernames = {a.partition(":")[2] for a in actors if a.startswith("staff:")}
    if not usernames:
        return {}
    rows = session.execute(
        select(StaffUser.username, StaffUser.full_name).where(StaffUser.username.in_(usernames))
    )
    return {username: full_name for username, full_name in rows}


def who_label(actor: str, names: dict[str, str]) -> str:
    """ "Nancy Martin (mairie)" for a staff member on file (else their login), "la famille
    (portail)", "le système"."""
    kind, _, name = actor.partition(":")
    if kind == "staff":
        full_name = names.get(name)
        return f"{full_name} (mairie)" if full_name else name
    return actor_label(actor)


# --- What the page names ----------------------------------------------------------------------


@dataclass
class _Lookup:
    """The records a page's rows name, loaded once per table and page (never per row)."""

    session: Session
    children: dict[int, str] = field(default_factory=dict)
    services: dict[int, str] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)
    guardians: dict[int, tuple[GuardianRole, str]] = field(default_factory=dict)
    persons: dict[int, str] = field(default_factory=dict)
    requests: dict[int, Request] = field(default_factory=dict)
    messages: dict[int, tuple[MessageDirection, str]] = field(default_factory=dict)

    def prefetch(self, rows: Sequence[ChangeLog]) -> None:
        s = self.session

        def missing(cache: dict[int, Any], ids: Iterable[int | None]) -> set[int]:
            return {i for i in ids if i is not None and i not in cache}

        def ids_of(table: str) -> list[int]:
            return [r.row_id for r in rows if r.table_name == table and r.row_id]

        wanted = missing(self.children, [r.child_id for r in rows])
        if wanted:
            for i, first in s.execute(
                select(Child.id, Child.first_name).where(Child.id.in_(wanted))
            ):
                self.children[i] = first
        wanted = missing(self.services, [r.service_id for r in rows])
        if wanted:
            for i, name in s.execute(
                select(Service.id, Service.name).where(Service.id.in_(wanted))
            ):
                self.services[i] = name
        self.staff.update(
            staff_names(s, {r.actor for r in rows if r.actor.partition(":")[2] not in self.staff})
        )
        wanted = missing(self.guardians, ids_of("guardian"))
        if wanted:
            for i, role, last, first in s.execute(
                select(Guardian.id, Guardian.role, Guardian.last_name, Guardian.first_name).where(
                    Guardian.id.in_(wanted)
                )
            ):
                self.guardians[i] = (role, f"{last} {first}".strip())
        wanted = missing(self.persons, ids_of("authorised_person"))
        if wanted:
            for i, last, first in s.execute(
                select(
                    AuthorisedPerson.id, AuthorisedPerson.last_name, AuthorisedPerson.first_name
                ).where(AuthorisedPerson.id.in_(wanted))
            ):
                self.persons[i] = f"{last} {first}".strip()
        wanted = missing(self.requests, ids_of("request"))
        if wanted:
            for request in s.scalars(
                select(Request)
                .where(Request.id.in_(wanted))
                .options(selectinload(Request.service).selectinload(Service.structure))
            ):
                self.requests[request.id] = request
        wanted = missing(self.messages, ids_of("message"))
        if wanted:
            for i, direction, subject in s.execute(
                select(Message.id, Message.direction, Message.subject).where(Message.id.in_(wanted))
            ):
                self.messages[i] = (direction, subject)

    def child(self, child_id: int | None) -> str:
        return self.children.get(child_id, "") if child_id is not None else ""


@dataclass(frozen=True)
class _Visibility:
    masked: frozenset[str]  # columns whose values this role may not read
    request_values: bool
    messages: bool

    @classmethod
    def of(cls, role: StaffRole | str) -> _Visibility:
        return cls(
            masked=frozenset() if can(role, Permission.VIEW_BANK) else frozenset(BANK_FIELDS),
            request_values=can(role, Permission.DECIDE_REQUESTS),
            messages=can(role, Permission.MESSAGES),
        )


# --- Sentences --------------------------------------------------------------------------------


def _of_child(name: str) -> str:
    return f" de {name}" if name else ""


def _span(service: str, first: dt.date | None, last: dt.date | None) -> str:
    """ "Garderie matin, le 04/05/2015" or "Garderie matin, du 04/05/2015 au 15/05/2015"."""
    parts = [service] if service else []
    if first is not None:
        if last is None or last == first:
            parts.append(f"le {formatting.short_date(first)}")
        else:
            parts.append(f"du {formatting.short_date(first)} au {formatting.short_date(last)}")
    return ", ".join(parts)


def request_title(kind: RequestKind) -> str:
    """ "Demande de réservation", "Demande d'ajout d'un enfant", "Demande de modification
    (Responsable)"."""
    if kind is RequestKind.RESERVATION:
        return "Demande de réservation"
    if kind is RequestKind.ABSENCE:
        return "Demande d'absence"
    if kind is RequestKind.CHILD_ADD:
        return "Demande d'ajout d'un enfant"
    return f"Demande de modification ({kind.label})"


class _Describer:
    def __init__(self, lookup: _Lookup, visibility: _Visibility):
        self.lookup = lookup
        self.visibility = visibility

    def who(self, actor: str) -> str:
        return who_label(actor, self.lookup.staff)

    def shown(self, row: ChangeLog) -> bool:
        if row.table_name == "message" and not self.visibility.messages:
            return False
        if row.action is ChangeAction.UPDATE and row.row_id != 0:
            return bool(field_changes(row.table_name, row.changes or {}))
        return True

    def entry(self, rows: list[ChangeLog]) -> HistoryEntry:
        """The entry of one row, or of a group of planning-cell rows (newest first)."""
        newest, oldest = rows[0], rows[-1]
        if len(rows) > 1:
            what, changes, count = self._cells(rows), self._cell_changes(rows), len(rows)
        elif newest.row_id == 0:
            what, changes, count = self._bulk(newest), (), newest.count
        else:
            what, changes = self._single(newest)
            count = 1
        return HistoryEntry(
            id=newest.id,
            first_id=oldest.id,
            at=_local(newest.at),
            who=self.who(newest.actor),
            what=french_spacing(what),
            changes=changes,
            count=count,
        )

    # planning ------------------------------------------------------------------------------
    def _cells(self, rows: list[ChangeLog]) -> str:
        days = sorted({r.day_from for r in rows if r.day_from is not None})
        verb = {
            ChangeAction.INSERT: "ajoutés",
            ChangeAction.UPDATE: "modifiés",
            ChangeAction.DELETE: "retirés",
        }[rows[0].action]
        where = _span(
            self.lookup.services.get(rows[0].service_id, ""),
            days[0] if days else None,
            days[-1] if days else None,
        )
        child = _of_child(self.lookup.child(rows[0].child_id))
        return f"Planning{child} : {len(days) or len(rows)} jours {verb} ({where})"

    def _cell_changes(self, rows: list[ChangeLog]) -> tuple[FieldChange, ...]:
        """The group's changes, each distinct one once with how many cells made it."""
        counted: dict[FieldChange, int] = {}
        for row in rows:
            if row.action is ChangeAction.UPDATE:
                for change in field_changes(PLANNING, row.changes or {}):
                    counted[change] = counted.get(change, 0) + 1
        return tuple(replace(change, times=n) for change, n in counted.items())

    def _bulk(self, row: ChangeLog) -> str:
        where = _span(self.lookup.services.get(row.service_id, ""), row.day_from, row.day_to)
        suffix = f" ({where})" if where else ""
        if row.table_name == PLANNING:
            child = _of_child(self.lookup.child(row.child_id))
            verb = _participle(row.action, True, plural=row.count > 1)
            return f"Planning{child} : {row.count} cases {verb}{suffix}"
        noun, _feminine = _NOUNS.get(row.table_name, (row.table_name, False))
        verb = _participle(row.action, False, plural=row.count > 1)
        return f"{row.count} enregistrements ({noun}) {verb}{suffix}"

    # one record ----------------------------------------------------------------------------
    def _single(self, row: ChangeLog) -> tuple[str, tuple[FieldChange, ...]]:
        table = row.table_name
        masked = self.visibility.masked
        changes = (
            field_changes(table, row.changes or {}, masked)
            if row.action is ChangeAction.UPDATE
            else ()
        )
        method = getattr(self, f"_{table}", None)
        if method is not None:
            return method(row, changes)
        noun, feminine = _NOUNS.get(table, (table, False))
        return f"{noun} {_participle(row.action, feminine)}", changes

    def _family(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        return f"Fiche famille {_participle(row.action, True)}", changes

    def _guardian(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        role, name = self.lookup.guardians.get(row.row_id, (None, ""))
        if row.action is ChangeAction.DELETE and role is None:
            return "Conjoint retiré de la fiche", changes  # the responsable is never removed
        noun = role.label if role is not None else "Responsable ou conjoint"
        verb = {
            ChangeAction.INSERT: "ajouté",
            ChangeAction.UPDATE: "modifié",
            ChangeAction.DELETE: "retiré",
        }[row.action]
        return f"{noun} {verb}" + (f" : {name}" if name else ""), changes

    def _child(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        name = self.lookup.child(row.child_id)
        suffix = f" : {name}" if name else ""
        if row.action is ChangeAction.INSERT:
            return f"Enfant ajouté{suffix}", changes
        if row.action is ChangeAction.DELETE:
            return f"Enfant supprimé{suffix}", changes
        return f"Fiche enfant modifiée{suffix}", changes

    def _health_record(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        child = _of_child(self.lookup.child(row.child_id))
        return f"Données sanitaires{child} {_participle(row.action, True, plural=True)}", changes

    def _authorised_person(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        child = self.lookup.child(row.child_id)
        verb = {
            ChangeAction.INSERT: "ajoutée",
            ChangeAction.UPDATE: "modifiée",
            ChangeAction.DELETE: "retirée",
        }[row.action]
        name = self.lookup.persons.get(row.row_id, "")
        text = f"Personne autorisée {verb}" + (f" pour {child}" if child else "")
        return text + (f" : {name}" if name else ""), changes

    def _enrolment(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        child = _of_child(self.lookup.child(row.child_id))
        where = _span(self.lookup.services.get(row.service_id, ""), row.day_from, row.day_to)
        verb = _participle(row.action, True)
        return f"Inscription{child} {verb}" + (f" ({where})" if where else ""), changes

    def _planning_cell(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        child = _of_child(self.lookup.child(row.child_id))
        where = _span(self.lookup.services.get(row.service_id, ""), row.day_from, None)
        verb = {
            ChangeAction.INSERT: "jour ajouté",
            ChangeAction.UPDATE: "jour modifié",
            ChangeAction.DELETE: "jour retiré",
        }[row.action]
        return f"Planning{child} : {verb} ({where})", changes

    def _portal_account(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        names = set(row.changes or {})
        if row.action is ChangeAction.UPDATE and names and names <= _LOGIN_COLUMNS:
            if "last_login_at" in names:
                return "Connexion au portail", ()
            return "Échec de connexion au portail", changes
        if row.action is ChangeAction.UPDATE and "password_hash" in names:
            return "Mot de passe du portail changé", changes
        return f"Compte portail {_participle(row.action, False)}", changes

    def _message(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        direction, subject = self.lookup.messages.get(row.row_id, (None, ""))
        if direction is None and row.action is ChangeAction.INSERT:
            direction = (
                MessageDirection.FROM_FAMILY
                if row.actor.startswith("parent:")
                else MessageDirection.TO_FAMILY
            )
        about = f" : « {subject} »" if subject else ""
        if row.action is ChangeAction.INSERT:
            if direction is MessageDirection.FROM_FAMILY:
                return f"Message reçu de la famille{about}", ()
            return f"Message envoyé à la famille{about}", ()
        if row.action is ChangeAction.DELETE:
            return f"Message supprimé{about}", ()
        names = set(row.changes or {})
        if names == {"read_at"}:
            reader = "la mairie" if direction is MessageDirection.FROM_FAMILY else "la famille"
            return f"Message lu par {reader}{about}", ()
        return f"Message modifié{about}", changes

    def _request(self, row: ChangeLog, changes: tuple[FieldChange, ...]) -> Any:
        request = self.lookup.requests.get(row.row_id)
        if request is None:
            return f"Demande {_participle(row.action, True)}", changes
        title = request_title(request.kind)
        if request.kind in decisions.PLANNING_KINDS:
            service = request.service.name if request.service is not None else ""
            child = self.lookup.child(request.child_id)
            title += f" ({', '.join(p for p in (child, _span(service, request.day, None)) if p)})"
        if row.action is ChangeAction.INSERT:
            verb = "envoyée" if row.actor.startswith("parent:") else "enregistrée"
            return f"{title} {verb}", self._request_values(request)
        if row.action is ChangeAction.DELETE:
            return f"{title} supprimée", ()
        status = (row.changes or {}).get("status")
        new_status = status[1] if isinstance(status, list) else None
        if new_status == RequestStatus.ACCEPTED.value:
            if row.actor.startswith("staff:"):
                return f"{title} acceptée par {self.who(row.actor)}", ()
            return f"{title} acceptée automatiquement", ()
        if new_status == RequestStatus.REFUSED.value:
            motive = (row.changes or {}).get("motive")
            reason = display("request", "motive", motive[1] if isinstance(motive, list) else "")
            why = (FieldChange("Motif", "", reason),) if reason else ()
            return f"{title} refusée par {self.who(row.actor)}", why
        if new_status == RequestStatus.WITHDRAWN.value:
            return f"{title} annulée par la famille", ()
        return f"{title} modifiée", changes

    def _request_values(self, request: Request) -> tuple[FieldChange, ...]:
        """What the family asked (old → new), masked where the log masks it."""
        if request.kind in decisions.PLANNING_KINDS:
            return ()
        hidden = not self.visibility.request_values or request.kind is RequestKind.HEALTH
        masked_labels = {COLUMN_LABELS.get(n, n) for n in self.visibility.masked}
        masked_labels |= _SENSITIVE_LABELS
        rows = []
        for label, old, new in decisions.record_change_pairs(request):
            if hidden or label in masked_labels:
                rows.append(FieldChange(label, "", "", hidden=True))
            else:
                rows.append(FieldChange(label, old, new))
        return tuple(rows)


# --- Pages ------------------------------------------------------------------------------------


def _groups_with(previous: ChangeLog, row: ChangeLog) -> bool:
    """Whether `row` (older) belongs to the same planning entry as `previous` (newer)."""
    return (
        row.table_name == PLANNING
        and previous.table_name == PLANNING
        and row.row_id != 0
        and previous.row_id != 0
        and row.actor == previous.actor
        and row.action == previous.action
        and row.child_id == previous.child_id
        and row.service_id == previous.service_id
        and previous.at - row.at <= GROUP_WINDOW
    )


def _history(
    session: Session,
    column: Any,
    value: int,
    role: StaffRole | str,
    limit: int,
    before_id: int | None,
) -> HistoryPage:
    require(role, Permission.VIEW_FAMILIES)
    limit = max(1, limit)
    describer = _Describer(_Lookup(session), _Visibility.of(role))
    groups: list[list[ChangeLog]] = []
    cursor = before_id
    chunk = max(limit * 4, 200)
    exhausted = False
    while len(groups) <= limit and not exhausted:
        query = select(ChangeLog).where(column == value)
        if cursor is not None:
            query = query.where(ChangeLog.id < cursor)
        rows = list(session.scalars(query.order_by(ChangeLog.id.desc()).limit(chunk)))
        exhausted = len(rows) < chunk
        if rows:
            cursor = rows[-1].id
        describer.lookup.prefetch(rows)
        for row in rows:
            if not describer.shown(row):
                continue
            if groups and len(groups[-1]) < GROUP_MAX and _groups_with(groups[-1][-1], row):
                groups[-1].append(row)
            else:
                groups.append([row])
    kept = groups[:limit]
    more = len(groups) > limit
    entries = [describer.entry(rows) for rows in kept]
    return HistoryPage(entries, kept[-1][-1].id if more and kept else None)


def family_history(
    session: Session,
    family_id: int,
    role: StaffRole | str,
    *,
    limit: int = PAGE_SIZE,
    before_id: int | None = None,
) -> HistoryPage:
    """The history of a family (its record, children, requests, messages, planning…), newest
    first, as `role` may read it; `before_id` (from the previous page) pages back."""
    return _history(session, ChangeLog.family_id, family_id, role, limit, before_id)


def child_history(
    session: Session,
    child_id: int,
    role: StaffRole | str,
    *,
    limit: int = PAGE_SIZE,
    before_id: int | None = None,
) -> HistoryPage:
    """The history of one child (record, health data, persons, enrolments, planning, the
    requests about the child), newest first."""
    return _history(session, ChangeLog.child_id, child_id, role, limit, before_id)
