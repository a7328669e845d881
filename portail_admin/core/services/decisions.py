"""Staff decisions on requests (demandes): accept, refuse, one or several at once, and the
automatic acceptance of the services that allow it.

What a request carries (written by services/requests.py, applied here):

- record changes (Responsable, Conjoint, Fiscales, CAF, Bancaires, Informations enfant,
  Autorisations, Données sanitaires, Ajout d'un enfant): `new_values` holds the asked values and
  `old_values` the values shown to the parent, both JSON-friendly (dates "YYYY-MM-DD", Decimal
  as strings, enums as their values) and keyed by the field names of services/fields.py
  (`REQUEST_FIELD_SPECS` below says which spec each kind uses). An Autorisations request may
  also carry `"authorised_persons"`: the complete list after the change, each person a dict of
  AUTHORISED_PERSON_FIELDS, optionally with the `"id"` of a person on file (otherwise matched
  by name); persons on file the list no longer names are removed. Accepting re-validates
  every value through the field specs and applies it through the record services (families,
  children), in the caller's transaction.
- reservations and absences: `child_id`, `service_id` and `day` name the planning cell.
  An accepted reservation makes the cell Réservé (the cell is created when absent); an accepted
  absence makes it Absent excusé when the request was made on or before the service's deadline
  (`Service.deadline_for(day)`, the request's date taken in the commune's time zone), Absent
  facturé after it.

Every decision is dated (`decided_at`) and signed (`decided_by_id`; None for the automatic
acceptance, whose change-log actor is "system"). A request that is no longer pending cannot be
decided again.

Batches (`accept_many`, `refuse_many`) give a result per request: each request is accepted (or
refused) entirely or not at all, and one that cannot be (already decided by a colleague, values
no longer valid, permission) is reported with a French reason and stays pending while the others
are decided. This holds because every check runs before the first change of a request; an
unexpected database error still aborts the caller's whole transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import clock, formatting, locks
from .. import validation as v
from ..db import SYSTEM_ACTOR
from ..errors import ConcurrentEditError, NotFoundError, PortailError, ValidationError
from ..models import (
    AuthorisedPerson,
    Child,
    Enrolment,
    Family,
    PlanningCell,
    Request,
    Service,
    mask_has,
)
from ..models.enums import (
    Attendance,
    Booking,
    GuardianRole,
    LabelledEnum,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from ..planning import rules
from ..planning.month import day_occupancy
from . import children, families
from .calendar import CalendarIndex, calendar_index
from .fields import (
    AUTHORISED_PERSON_FIELDS,
    BANK_FIELDS,
    CAF_FIELDS,
    CHILD_FIELDS,
    CONSENT_FIELDS,
    GUARDIAN_FIELDS,
    HEALTH_FIELDS,
    LABELS,
    TAX_FIELDS,
)
from .records import actor_label, values_of
from .staff import Permission, can, require

PLANNING_KINDS = frozenset({RequestKind.RESERVATION, RequestKind.ABSENCE})
PERSONS_KEY = "authorised_persons"
BOOKED = rules.BOOKED
ABSENT = rules.ABSENT
MOTIVE_MAX_LENGTH = 1000

# The field spec each record-change kind is validated and applied with.
REQUEST_FIELD_SPECS: dict[RequestKind, Mapping[str, v.Cleaner]] = {
    RequestKind.GUARDIAN: GUARDIAN_FIELDS,
    RequestKind.PARTNER: GUARDIAN_FIELDS,
    RequestKind.TAX: TAX_FIELDS,
    RequestKind.CAF: CAF_FIELDS,
    RequestKind.BANK: BANK_FIELDS,
    RequestKind.CHILD_ADD: {**CHILD_FIELDS, **CONSENT_FIELDS},
    RequestKind.CHILD_INFO: {**CHILD_FIELDS, **CONSENT_FIELDS},  # requests.py sends CHILD_FIELDS
    RequestKind.CONSENTS: CONSENT_FIELDS,
    RequestKind.HEALTH: HEALTH_FIELDS,
}

# What a role needs, beyond DECIDE_REQUESTS, to see and decide a kind of request.
KIND_PERMISSIONS: dict[RequestKind, Permission] = {
    RequestKind.BANK: Permission.VIEW_BANK,
    RequestKind.HEALTH: Permission.VIEW_HEALTH,
}


class Decider(Protocol):
    """Who decides: a StaffIdentity (services.staff) or a StaffUser."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> StaffRole: ...


class AlreadyDecided(PortailError):
    """The request is no longer pending (decided by a colleague, or withdrawn by the family)."""


# --------------------------------------------------------------------------- listing


def visible_kinds(role: StaffRole | str | None) -> list[RequestKind] | None:
    """The request kinds a role may see and decide (None: no restriction)."""
    if role is None:
        return None
    if not can(role, Permission.DECIDE_REQUESTS):
        return []
    return [k for k in RequestKind if k not in KIND_PERMISSIONS or can(role, KIND_PERMISSIONS[k])]


def _pending_query(
    kind: RequestKind | None,
    family_id: int | None,
    child_id: int | None,
    role: StaffRole | str | None,
) -> Any:
    query = select(Request).where(Request.status == RequestStatus.PENDING)
    if kind is not None:
        query = query.where(Request.kind == kind)
    if family_id is not None:
        query = query.where(Request.family_id == family_id)
    if child_id is not None:
        query = query.where(Request.child_id == child_id)
    kinds = visible_kinds(role)
    if kinds is not None:
        query = query.where(Request.kind.in_(kinds))
    return query


def pending_requests(
    session: Session,
    *,
    kind: RequestKind | None = None,
    family_id: int | None = None,
    child_id: int | None = None,
    role: StaffRole | str | None = None,
    limit: int = 1000,
    ids: Collection[int] | None = None,
) -> list[Request]:
    """Pending requests, newest first, with family (guardians), child and service loaded.

    With `role`, only the kinds that role may decide (none for an animateur; bank requests need
    VIEW_BANK, health requests VIEW_HEALTH); with `ids`, only those (the ones that changed)."""
    query = _pending_query(kind, family_id, child_id, role)
    if ids is not None:
        query = query.where(Request.id.in_(list(ids)))
    query = (
        query
        .options(
            selectinload(Request.family).selectinload(Family.guardians),
            selectinload(Request.child),
            selectinload(Request.service).selectinload(Service.structure),
        )
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def pending_count(session: Session, role: StaffRole | str | None = None) -> int:
    """The number shown next to "Demandes" in the navigation."""
    sub = _pending_query(None, None, None, role).with_only_columns(Request.id).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


# --------------------------------------------------------------------------- planning context


def requested_on(request: Request) -> dt.date:
    """The day the family made the request, in the commune's time zone."""
    created = request.created_at or clock.now()
    return created.astimezone(clock.COMMUNE_TZ).date()


def is_late(request: Request) -> bool:
    """A reservation or absence made after its service's deadline for that day."""
    service = request.service
    if request.kind not in PLANNING_KINDS or service is None or request.day is None:
        return False
    return requested_on(request) > service.deadline_for(request.day)


def closed_reason(
    session: Session, service: Service, day: dt.date, calendar: CalendarIndex | None = None
) -> str | None:
    """Why the service does not run on `day`, in French, or None when it runs."""
    calendar = calendar or calendar_index(session, day, day)
    closed = rules.closure(service, day, calendar)
    return closed.detail if closed is not None else None


@dataclass
class PlanningContext:
    """What the desktop shows beside a reservation or an absence request."""

    service_name: str
    day: dt.date
    cell_exists: bool
    booking: Booking
    attendance: Attendance
    booked: bool  # by a cell, or by the enrolment's weekly pattern where no cell exists
    enrolled: bool
    capacity: int | None
    booked_count: int  # the other children booked that day
    places_left: int | None  # None: no capacity limit
    deadline: dt.date
    requested_on: dt.date
    on_time: bool
    closed: str | None  # why the service does not run that day, or None
    outcome: str  # what accepting would write, e.g. "Réservé", "Absent excusé"
    warnings: list[str] = field(default_factory=list)
    kind: RequestKind = RequestKind.RESERVATION

    @property
    def billed_absence(self) -> bool:
        """An absence declared after the deadline: accepting it makes the day Absent facturé."""
        return self.kind is RequestKind.ABSENCE and not self.on_time

    @property
    def day_label(self) -> str:
        return formatting.long_date(self.day)

    @property
    def state_label(self) -> str:
        """The cell as it is now, in the legend's words."""
        if self.attendance is not Attendance.UNKNOWN:
            return self.attendance.label
        if self.booked:
            return Booking.REGULAR.label if not self.cell_exists else self.booking.label
        return Booking.NONE.label

    @property
    def auto_acceptable(self) -> bool:
        """Whether a service with automatic acceptance may accept without staff."""
        return not self.warnings


def planning_context(session: Session, request: Request) -> PlanningContext:
    if request.kind not in PLANNING_KINDS:
        raise ValueError("planning context of a request that is neither a booking nor an absence")
    service = session.get(Service, request.service_id)
    if service is None or request.day is None or request.child_id is None:
        raise NotFoundError("Cette prestation n'existe plus.")
    day = request.day
    cell = _find_cell(session, request.child_id, service.id, day)
    enrolment = session.scalars(
        select(Enrolment).where(
            Enrolment.child_id == request.child_id,
            Enrolment.service_id == service.id,
            Enrolment.start_date <= day,
            Enrolment.end_date >= day,
        )
    ).first()
    if cell is not None:
        booked = cell.booking in BOOKED
    else:
        booked = enrolment is not None and mask_has(enrolment.weekly_pattern, day)
    places = day_occupancy(session, service.id, day, exclude_child_id=request.child_id)
    others, places_left = places.used, places.left
    asked_on = requested_on(request)
    deadline = service.deadline_for(day)
    on_time = asked_on <= deadline
    closed = closed_reason(session, service, day)
    attendance = cell.attendance if cell is not None else Attendance.UNKNOWN
    warnings: list[str] = []
    if closed:
        warnings.append(f"Pas d'accueil ce jour : {closed}.")
    if enrolment is None:
        warnings.append("L'enfant n'est pas inscrit à cette prestation à cette date.")
    if not on_time:
        warnings.append(
            f"Demande hors délai : à faire au plus tard le {formatting.short_date(deadline)}, "
            f"faite le {formatting.short_date(asked_on)}."
        )
    if request.kind is RequestKind.RESERVATION:
        outcome = Booking.RESERVED.label
        if not booked and places_left == 0:
            warnings.append(f"Complet : {others} enfants réservés pour {places.capacity} places.")
    else:
        outcome = (Attendance.ABSENT_EXCUSED if on_time else Attendance.ABSENT_BILLED).label
        if not booked:
            warnings.append("L'enfant n'est pas réservé ce jour-là.")
    if attendance is Attendance.PRESENT:
        warnings.append("L'enfant a été pointé présent ce jour-là.")
    return PlanningContext(
        service_name=service.full_name,
        day=day,
        cell_exists=cell is not None,
        booking=cell.booking if cell is not None else Booking.NONE,
        attendance=attendance,
        booked=booked,
        enrolled=enrolment is not None,
        capacity=places.capacity,
        booked_count=others,
        places_left=places_left,
        deadline=deadline,
        requested_on=asked_on,
        on_time=on_time,
        closed=closed,
        outcome=outcome,
        warnings=warnings,
        kind=request.kind,
    )


# --------------------------------------------------------------------------- side by side


class ChangeRow(NamedTuple):
    label: str
    old: str
    new: str


def _format_value(cleaner: v.Cleaner | None, raw: Any) -> str:
    if raw is None or raw == "":
        return ""
    value = raw
    if cleaner is not None:
        try:
            value = cleaner(raw)
        except (v.FieldError, ValueError, TypeError):
            return str(raw)
    if cleaner is v.phone:
        return formatting.phone(value)
    if cleaner is v.iban:
        return formatting.iban(value)
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, bool):
        return formatting.yes_no(value)
    if isinstance(value, dt.date):
        return formatting.short_date(value)
    if hasattr(value, "is_finite"):  # Decimal
        return formatting.number(value)
    return "" if value is None else str(value)


def _format_person(person: Mapping[str, Any]) -> str:
    name = f"{person.get('last_name', '')} {person.get('first_name', '')}".strip()
    details = [
        str(person.get("relationship_") or ""),
        _format_value(v.phone, person.get("phone")),
    ]
    details = [d for d in details if d]
    return f"{name} ({', '.join(details)})" if details else name


def _format_persons(persons: Any) -> str:
    if not isinstance(persons, list):
        return ""
    return "\n".join(_format_person(p) for p in persons if isinstance(p, Mapping))


def record_change_pairs(request: Request, only_changed: bool = True) -> list[ChangeRow]:
    """(label, old, new) rows in French, values formatted, for the side-by-side view.

    With `only_changed`, fields whose value does not change are left out (unless nothing
    changes at all). Reservations and absences give the service and the day."""
    if request.kind in PLANNING_KINDS:
        service = request.service
        return [
            ChangeRow("Demande", "", request.kind.label),
            ChangeRow("Prestation", "", service.full_name if service else ""),
            ChangeRow("Jour", "", formatting.long_date(request.day) if request.day else ""),
        ]
    spec = REQUEST_FIELD_SPECS.get(request.kind, {})
    old_values = request.old_values or {}
    new_values = request.new_values or {}
    rows: list[tuple[ChangeRow, bool]] = []
    ordered = [name for name in spec if name in new_values]
    ordered += [name for name in new_values if name not in spec and name != PERSONS_KEY]
    for name in ordered:
        cleaner = spec.get(name)
        old = _format_value(cleaner, old_values.get(name))
        new = _format_value(cleaner, new_values.get(name))
        rows.append((ChangeRow(LABELS.get(name, name), old, new), old != new))
    if PERSONS_KEY in new_values:
        old = _format_persons(old_values.get(PERSONS_KEY))
        new = _format_persons(new_values.get(PERSONS_KEY))
        rows.append((ChangeRow("Personnes autorisées", old, new), old != new))
    if only_changed and any(changed for _, changed in rows):
        return [row for row, changed in rows if changed]
    return [row for row, _ in rows]


# --------------------------------------------------------------------------- deciding


def _when(instant: dt.datetime | None) -> str:
    if instant is None:
        return ""
    local = instant.astimezone(clock.COMMUNE_TZ)
    return f" le {local:%d/%m/%Y à %H:%M}"


def _ensure_pending(request: Request) -> None:
    if request.status is RequestStatus.PENDING:
        return
    if request.status is RequestStatus.WITHDRAWN:
        when = _when(request.decided_at)
        raise AlreadyDecided(f"Cette demande a été annulée par la famille{when}.")
    if request.decided_by is not None:
        who = f" par {request.decided_by.full_name or request.decided_by.username}"
    else:
        who = " automatiquement"
    verb = "acceptée" if request.status is RequestStatus.ACCEPTED else "refusée"
    raise AlreadyDecided(f"Cette demande a déjà été {verb}{_when(request.decided_at)}{who}.")


def _ensure_version(request: Request, expected_version: int | None) -> None:
    if expected_version is not None and request.version != expected_version:
        raise ConcurrentEditError(
            "Cette demande a changé depuis que vous l'avez ouverte : rechargez la liste des "
            "demandes, puis décidez à nouveau."
        )


def _ensure_allowed(request: Request, staff: Decider | None) -> None:
    if staff is None:
        return
    require(staff.role, Permission.DECIDE_REQUESTS)
    needed = KIND_PERMISSIONS.get(request.kind)
    if needed is not None:
        require(staff.role, needed)


def _load(session: Session, request_id: int) -> Request:
    """The request, re-read under a lock so that two deciders cannot both win: a row lock on
    PostgreSQL (FOR UPDATE); on SQLite, which ignores FOR UPDATE, a no-op update takes the
    database's write lock first, so the read below sees any decision committed before it."""
    if session.get_bind().dialect.name == "sqlite":
        locks.write_lock(session)
    request = session.scalars(
        select(Request)
        .where(Request.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if request is None:
        raise NotFoundError("Cette demande n'existe pas ou a été supprimée.")
    return request


def _labelled(exc: ValidationError) -> ValidationError:
    """The same errors, each prefixed with the field's French label (for a decision dialog)."""
    return ValidationError(
        {
            name: f"{LABELS[name]} : {message}" if name in LABELS else message
            for name, message in exc.errors.items()
        }
    )


def _find_cell(
    session: Session, child_id: int, service_id: int, day: dt.date
) -> PlanningCell | None:
    return session.scalars(
        select(PlanningCell).where(
            PlanningCell.child_id == child_id,
            PlanningCell.service_id == service_id,
            PlanningCell.day == day,
        )
    ).first()


def _refuse_locked(cell: PlanningCell | None) -> None:
    if cell is not None and cell.locked_reason is not None:
        raise ValidationError(
            {"": f"Ce jour est verrouillé ({cell.locked_reason}) : il ne peut plus changer."}
        )


def _apply_reservation(session: Session, request: Request) -> None:
    assert request.child_id is not None and request.service_id is not None and request.day
    cell = _find_cell(session, request.child_id, request.service_id, request.day)
    _refuse_locked(cell)
    if cell is None:
        session.add(
            PlanningCell(
                child_id=request.child_id,
                service_id=request.service_id,
                day=request.day,
                booking=Booking.RESERVED,
                attendance=Attendance.UNKNOWN,
            )
        )
        return
    if cell.booking is Booking.NONE:
        cell.booking = Booking.RESERVED
    if cell.attendance in ABSENT:  # the family books again a day it had cancelled
        cell.attendance = Attendance.UNKNOWN


def _apply_absence(session: Session, request: Request) -> None:
    assert request.child_id is not None and request.service_id is not None and request.day
    service = session.get(Service, request.service_id)
    if service is None:
        raise NotFoundError("Cette prestation n'existe plus.")
    on_time = requested_on(request) <= service.deadline_for(request.day)
    attendance = Attendance.ABSENT_EXCUSED if on_time else Attendance.ABSENT_BILLED
    cell = _find_cell(session, request.child_id, service.id, request.day)
    _refuse_locked(cell)
    if cell is not None and cell.attendance is Attendance.PRESENT:
        raise ValidationError(
            {"": "L'enfant a été pointé présent ce jour-là : l'absence ne peut pas être acceptée."}
        )
    if cell is None:
        regular = session.scalar(
            select(func.count(Enrolment.id)).where(
                Enrolment.child_id == request.child_id,
                Enrolment.service_id == service.id,
                Enrolment.start_date <= request.day,
                Enrolment.end_date >= request.day,
                Enrolment.weekly_pattern.op("&")(1 << request.day.weekday()) != 0,
            )
        )
        if not regular:
            raise _not_booked()
        session.add(
            PlanningCell(
                child_id=request.child_id,
                service_id=service.id,
                day=request.day,
                booking=Booking.REGULAR,
                attendance=attendance,
            )
        )
        return
    if cell.booking not in BOOKED:
        raise _not_booked()
    cell.attendance = attendance


def _not_booked() -> ValidationError:
    return ValidationError(
        {
            "": "L'enfant n'est pas réservé ce jour-là : il n'y a pas d'absence à enregistrer. "
            "Refusez la demande en indiquant le motif."
        }
    )


def _person_key(values: Mapping[str, Any]) -> tuple[str, str]:
    return (str(values.get("last_name") or ""), str(values.get("first_name") or ""))


def _clean_persons(
    session: Session, child: Child, persons: Any
) -> tuple[list[tuple[AuthorisedPerson | None, dict[str, Any]]], list[AuthorisedPerson]]:
    """Validate the whole new list before anything changes: (person or None, values), removed.

    A person is matched to one on file by "id" when given, else by name, so that an unchanged
    person keeps their row; persons on file that the list no longer names are removed."""
    if not isinstance(persons, list) or not all(isinstance(p, Mapping) for p in persons):
        raise ValidationError({PERSONS_KEY: "Liste des personnes autorisées invalide."})
    current = {p.id: p for p in child.authorised_persons}
    by_name = {_person_key(values_of(p, AUTHORISED_PERSON_FIELDS)): p for p in current.values()}
    planned: list[tuple[AuthorisedPerson | None, dict[str, Any]]] = []
    errors: dict[str, str] = {}
    kept: set[int] = set()
    for index, person in enumerate(persons, start=1):
        values = {k: val for k, val in person.items() if k != "id"}
        try:
            cleaned = v.clean_fields(values, AUTHORISED_PERSON_FIELDS)
        except ValidationError as exc:
            for name, message in exc.errors.items():
                label = LABELS.get(name, name)
                errors[f"{PERSONS_KEY}.{index}.{name}"] = (
                    f"Personne autorisée n° {index}, {label} : {message}"
                )
            continue
        person_id = person.get("id")
        if person_id is not None:
            existing = current.get(person_id) if isinstance(person_id, int) else None
            if existing is None:
                errors[f"{PERSONS_KEY}.{index}"] = (
                    f"Personne autorisée n° {index} : elle n'est plus sur la fiche de l'enfant."
                )
                continue
        else:
            existing = by_name.get(_person_key(cleaned))
        if existing is not None and existing.id in kept:
            existing = None  # the same name twice: the second is a new row
        if existing is not None:
            kept.add(existing.id)
        planned.append((existing, cleaned))
    if errors:
        raise ValidationError(errors)
    removed = [p for pid, p in current.items() if pid not in kept]
    return planned, removed


def _child_of(session: Session, request: Request) -> Child:
    child = session.get(Child, request.child_id) if request.child_id is not None else None
    if child is None or child.family_id != request.family_id:
        raise NotFoundError("Cette fiche enfant n'existe pas ou a été supprimée.")
    return child


def _apply_record_change(session: Session, request: Request) -> None:
    kind = request.kind
    values = dict(request.new_values or {})
    try:
        if kind in (RequestKind.GUARDIAN, RequestKind.PARTNER):
            role = GuardianRole.PRIMARY if kind is RequestKind.GUARDIAN else GuardianRole.PARTNER
            families.update_guardian(session, request.family_id, role, values)
        elif kind in (RequestKind.TAX, RequestKind.CAF, RequestKind.BANK):
            families.update_family_section(session, request.family_id, kind.value, values)
        elif kind is RequestKind.CHILD_ADD:
            child = children.add_child(session, request.family_id, values)
            request.child_id = child.id
        elif kind is RequestKind.CHILD_INFO:
            children.update_child(session, _child_of(session, request).id, values)
        elif kind is RequestKind.HEALTH:
            children.set_health(session, _child_of(session, request).id, values)
        elif kind is RequestKind.CONSENTS:
            child = _child_of(session, request)
            persons = values.pop(PERSONS_KEY, None)
            v.clean_fields(values, CONSENT_FIELDS, partial=True)  # fail before any change
            planned, removed = (
                _clean_persons(session, child, persons) if persons is not None else ([], [])
            )
            if values:
                children.update_child(session, child.id, values)
            for person in removed:
                child.authorised_persons.remove(person)
            for existing, cleaned in planned:
                if existing is None:
                    child.authorised_persons.append(AuthorisedPerson(**cleaned))
                else:
                    for name, value in cleaned.items():
                        if getattr(existing, name) != value:
                            setattr(existing, name, value)
            session.flush()
        else:  # pragma: no cover - every kind is handled above
            raise ValueError(f"unhandled request kind {kind}")
    except ValidationError as exc:
        raise _labelled(exc) from exc


def _apply(session: Session, request: Request) -> None:
    if request.kind is RequestKind.RESERVATION:
        _apply_reservation(session, request)
    elif request.kind is RequestKind.ABSENCE:
        _apply_absence(session, request)
    else:
        _apply_record_change(session, request)


def _accept_loaded(
    session: Session, request: Request, staff: Decider | None, expected_version: int | None
) -> Request:
    _ensure_pending(request)
    _ensure_version(request, expected_version)
    _ensure_allowed(request, staff)
    _apply(session, request)
    request.status = RequestStatus.ACCEPTED
    request.decided_at = clock.now()
    request.decided_by_id = staff.id if staff is not None else None
    request.motive = ""
    session.flush()
    return request


def accept(
    session: Session,
    request_id: int,
    staff: Decider,
    expected_version: int | None = None,
) -> Request:
    """Accept a pending request and apply what it asks, in the caller's transaction.

    Raises AlreadyDecided, ConcurrentEditError (request changed since `expected_version`),
    PermissionDenied, NotFoundError or ValidationError (French, field labels included); in
    every case nothing has changed."""
    return _accept_loaded(session, _load(session, request_id), staff, expected_version)


def clean_motive(motive: Any) -> str:
    try:  # the one rule of typed text: control characters (NUL: PostgreSQL), bidi controls
        text = v.text(MOTIVE_MAX_LENGTH, multiline=True)(motive if isinstance(motive, str) else "")
    except v.FieldError as exc:
        raise ValidationError({"motive": str(exc)}) from exc
    if not text:
        raise ValidationError(
            {
                "motive": "Indiquez le motif du refus : la famille le lira dans sa liste "
                "des demandes."
            }
        )
    return text


def _refuse_loaded(
    session: Session,
    request: Request,
    motive: str,
    staff: Decider,
    expected_version: int | None,
) -> Request:
    _ensure_pending(request)
    _ensure_version(request, expected_version)
    _ensure_allowed(request, staff)
    request.status = RequestStatus.REFUSED
    request.decided_at = clock.now()
    request.decided_by_id = staff.id
    request.motive = motive
    session.flush()
    return request


def refuse(
    session: Session,
    request_id: int,
    motive: str,
    staff: Decider,
    expected_version: int | None = None,
) -> Request:
    """Refuse a pending request with a motive (required: ValidationError {"motive": ...})."""
    cleaned = clean_motive(motive)
    return _refuse_loaded(session, _load(session, request_id), cleaned, staff, expected_version)


@dataclass
class BatchResult:
    """Per-request outcome of a batch decision."""

    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # request id -> French reason

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self, verb: str = "acceptée") -> str:
        """e.g. "19 demandes acceptées, 1 non traitée." """
        n = len(self.done)
        text = f"{n} demande{'s' if n > 1 else ''} {verb}{'s' if n > 1 else ''}"
        if self.failed:
            f = len(self.failed)
            text += f", {f} non traitée{'s' if f > 1 else ''}"
        return text + "."


def _batch(session: Session, request_ids: Iterable[int], decide: Any) -> BatchResult:
    result = BatchResult()
    for request_id in dict.fromkeys(request_ids):  # once each, in the given order
        try:
            decide(_load(session, request_id))
        except PortailError as exc:
            result.failed[request_id] = str(exc)
        else:
            result.done.append(request_id)
    return result


def accept_many(session: Session, request_ids: Sequence[int], staff: Decider) -> BatchResult:
    """Accept several requests (e.g. twenty reservations); see the module's note on batches."""
    require(staff.role, Permission.DECIDE_REQUESTS)
    return _batch(session, request_ids, lambda r: _accept_loaded(session, r, staff, None))


def refuse_many(
    session: Session, request_ids: Sequence[int], motive: str, staff: Decider
) -> BatchResult:
    """Refuse several requests with one motive (required: checked before anything changes)."""
    cleaned = clean_motive(motive)
    require(staff.role, Permission.DECIDE_REQUESTS)
    return _batch(session, request_ids, lambda r: _refuse_loaded(session, r, cleaned, staff, None))


# --------------------------------------------------------------------------- automatic


def try_auto_accept(session: Session, request: Request) -> bool:
    """Accept `request` now when its service accepts automatically and its rules are met.

    Rules: a reservation or absence, made on or before the service's deadline, for a day the
    service runs and the child is enrolled; a reservation needs a day not booked yet and a free
    place (capacity), an absence a booked day. Otherwise the request stays pending for staff.
    The change is logged with the actor "system" and no `decided_by`."""
    if request.kind not in PLANNING_KINDS or request.status is not RequestStatus.PENDING:
        return False
    session.flush()  # the request gets its id and creation time
    service = session.get(Service, request.service_id) if request.service_id else None
    if service is None or not service.auto_accept or request.day is None:
        return False
    # The checks and the acceptance under the day's lock (services.requests takes it first):
    # two families cannot both take the last place, nor one family book the same day twice.
    locks.planning_day(session, service.id, request.day)
    context = planning_context(session, request)
    if not context.auto_acceptable:
        return False
    if (
        request.kind is RequestKind.RESERVATION
        and context.booked
        and context.attendance not in ABSENT
    ):
        # Already booked (by an earlier request): nothing to accept again. A booked day declared
        # absent is another matter: booking it again takes the absence back (the family's undo).
        return False
    previous = session.info.get("actor")
    session.info["actor"] = SYSTEM_ACTOR
    try:
        _accept_loaded(session, request, None, None)
    except PortailError:
        return False
    finally:
        if previous is None:
            session.info.pop("actor", None)
        else:
            session.info["actor"] = previous
    return True


def decision_label(request: Request) -> str:
    """e.g. "Acceptée le 08/04/2015 à 10:12 par nancy", for lists and history."""
    if request.status is RequestStatus.PENDING:
        return RequestStatus.PENDING.label
    who = ""
    if request.decided_by is not None:
        who = f" par {actor_label('staff:' + request.decided_by.username)}"
    elif request.status is RequestStatus.ACCEPTED:
        who = " automatiquement"
    return f"{request.status.label}{_when(request.decided_at)}{who}"
