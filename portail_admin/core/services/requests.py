"""Demandes made by a family through the portal: record changes, a new child, bookings and
absences. Each keeps the old and new values; staff decide (services.decisions).

Values are stored JSON-ready: enums by value, dates and decimals as ISO strings, booleans as
booleans; `display_value` turns them back into what a user reads.

A record-change request's `new_values` hold only the fields that change. A CONSENTS request may
also carry `authorised_persons`: the whole new list of {last_name, first_name, relationship_,
phone} (the old list in `old_values`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import clock, formatting, locks
from ..db import is_unique_violation
from ..errors import NotFoundError, ValidationError
from ..models import Child, Enrolment, Family, PlanningCell, Request, Service
from ..models.enums import Booking, GuardianRole, RequestKind, RequestStatus
from ..planning.family import cell_choices, last_accepted_kind
from ..planning.month import day_occupancy, service_info
from ..planning.rules import closure, enrolment_on, is_booked, on_time
from ..validation import FieldError, clean_fields
from . import decisions
from .calendar import calendar_index
from .families import _check_bank_consistency, guardian_values, section_values
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
from .records import values_of

FAMILY_SPECS = {
    RequestKind.GUARDIAN: GUARDIAN_FIELDS,
    RequestKind.PARTNER: GUARDIAN_FIELDS,
    RequestKind.TAX: TAX_FIELDS,
    RequestKind.CAF: CAF_FIELDS,
    RequestKind.BANK: BANK_FIELDS,
}
CHILD_SPECS = {
    RequestKind.CHILD_INFO: CHILD_FIELDS,
    RequestKind.CONSENTS: CONSENT_FIELDS,
    RequestKind.HEALTH: HEALTH_FIELDS,
}
CHILD_ADD_FIELDS = {**CHILD_FIELDS, **CONSENT_FIELDS}
ALL_SPECS = {
    **GUARDIAN_FIELDS,
    **TAX_FIELDS,
    **CAF_FIELDS,
    **BANK_FIELDS,
    **CHILD_ADD_FIELDS,
    **HEALTH_FIELDS,
}
PLANNING_KINDS = (RequestKind.RESERVATION, RequestKind.ABSENCE)
MAX_AUTHORISED_PERSONS = 10
RECENT_DAYS = 31
NOTHING_CHANGED = "Aucune modification : rien n'a été transmis à la mairie."
ALREADY_PENDING = "Cette demande est déjà en attente à la mairie."
ALREADY_PENDING_ON_DAY = formatting.french_spacing(
    "Une demande est déjà en attente pour ce jour : annulez-la d'abord."
)


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def display_value(name: str, value: Any) -> str:
    """A stored request value as a user reads it (labels, Oui/Non, 08/04/2015, 01.02.03.04.05)."""
    if value is None or value == "":
        return ""
    if name == "authorised_persons":
        return "; ".join(
            " ".join(filter(None, (p.get("first_name"), p.get("last_name"))))
            + (f" ({p['relationship_']})" if p.get("relationship_") else "")
            for p in value
        )
    cleaner = ALL_SPECS.get(name) or AUTHORISED_PERSON_FIELDS.get(name)
    try:
        typed = cleaner(value) if cleaner else value
    except FieldError:
        typed = value
    if isinstance(typed, bool):
        return formatting.yes_no(typed)
    if isinstance(typed, enum.Enum):
        return getattr(typed, "label", str(typed.value))
    if isinstance(typed, dt.date):
        return formatting.short_date(typed)
    if isinstance(typed, Decimal):
        return formatting.number(typed)
    if name.startswith("phone") or name == "doctor_phone":
        return formatting.phone(str(typed))
    if name == "iban":
        return formatting.iban(str(typed))
    return str(typed)


def label_of(name: str) -> str:
    return "Personnes autorisées" if name == "authorised_persons" else LABELS.get(name, name)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    old_values, new_values = {}, {}
    for name, value in new.items():
        was = old.get(name)
        blank_before = was is None or was == ""
        blank_now = value is None or value == "" or (value is False and was is None)
        if jsonable(was) != jsonable(value) and not (blank_before and blank_now):
            old_values[name] = jsonable(old.get(name))
            new_values[name] = jsonable(value)
    return old_values, new_values


def _family(session: Session, family_id: int) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFoundError("Cette famille n'existe pas.")
    return family


def own_child(session: Session, family_id: int, child_id: Any) -> Child:
    """The child `child_id` if it belongs to the family; NotFoundError otherwise."""
    try:
        child_id = int(child_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError("Cette fiche enfant n'existe pas.") from exc
    child = session.scalar(select(Child).where(Child.id == child_id, Child.family_id == family_id))
    if child is None:
        raise NotFoundError("Cette fiche enfant n'existe pas.")
    return child


def _new_request(session: Session, **values: Any) -> Request:
    """Store a pending request, unless the same one is already pending.

    The same form sent twice (a double tap, a reload, two tabs at once) must not ask the mairie
    twice: a family's requests are checked and written one at a time (its lock, held until the
    caller's transaction ends), and the database refuses a second open reservation or absence
    for one child, service and day (uq_request_open_planning) whatever wrote it."""
    locks.hold(session, locks.FAMILY_REQUESTS, values["family_id"])
    pending = session.scalars(
        select(Request).where(
            Request.family_id == values["family_id"],
            Request.kind == values["kind"],
            Request.status == RequestStatus.PENDING,
        )
    )
    fields = ("child_id", "service_id", "day", "new_values")
    if any(all(getattr(r, f) == values.get(f) for f in fields) for r in pending):
        raise ValidationError({"": ALREADY_PENDING})
    # Dated by the commune's clock, the one the deadlines are checked against.
    request = Request(status=RequestStatus.PENDING, created_at=clock.now(), **values)
    session.add(request)
    try:
        session.flush()
    except IntegrityError as exc:
        # The unique index found an open request for this cell that the check did not see
        # (a writer that did not take the lock): the same answer as the check's. The caller's
        # transaction can only be rolled back, which leaving with this error does.
        if not is_unique_violation(exc) or values.get("day") is None:
            raise
        raise ValidationError({"day": ALREADY_PENDING_ON_DAY}) from exc
    return request


def _pending_on_day(
    session: Session, child_id: int, service_id: int, day: dt.date
) -> Request | None:
    """The child's open reservation or absence request for that service and day, if any."""
    return session.scalars(
        select(Request).where(
            Request.child_id == child_id,
            Request.service_id == service_id,
            Request.day == day,
            Request.status == RequestStatus.PENDING,
        )
    ).first()


def request_family_change(
    session: Session, family_id: int, kind: RequestKind, data: Mapping[str, Any]
) -> Request:
    """Ask to change the responsable, the conjoint, or the tax, CAF or bank section."""
    if kind not in FAMILY_SPECS:
        raise ValueError(f"not a family record request: {kind}")
    family = _family(session, family_id)
    spec = FAMILY_SPECS[kind]
    cleaned = clean_fields(data, spec, partial=True)
    if kind in (RequestKind.GUARDIAN, RequestKind.PARTNER):
        role = GuardianRole.PRIMARY if kind is RequestKind.GUARDIAN else GuardianRole.PARTNER
        guardian = family.guardian(role)
        old = guardian_values(guardian)
        if guardian is None:  # a new conjoint: the required fields must be there
            cleaned = clean_fields({**data}, spec)
    else:
        section = {RequestKind.TAX: "tax", RequestKind.CAF: "caf", RequestKind.BANK: "bank"}[kind]
        old = section_values(family, section)
        merged = {**old, **cleaned}
        if kind is RequestKind.BANK:
            _check_bank_consistency(merged)
        if (
            kind is RequestKind.CAF
            and merged["quotient_familial"] is not None
            and (merged["qf_date"] is None)
        ):
            raise ValidationError({"qf_date": "Indiquez la date du quotient familial."})
    old_values, new_values = _diff(old, cleaned)
    if not new_values:
        raise ValidationError({"": NOTHING_CHANGED})
    return _new_request(
        session, family_id=family.id, kind=kind, old_values=old_values, new_values=new_values
    )


def request_child_add(session: Session, family_id: int, data: Mapping[str, Any]) -> Request:
    """Announce a child who will soon be enrolled; the mairie creates the record on acceptance."""
    family = _family(session, family_id)
    cleaned = clean_fields(data, CHILD_ADD_FIELDS)
    new_values = {k: jsonable(v) for k, v in cleaned.items()}
    return _new_request(
        session, family_id=family.id, kind=RequestKind.CHILD_ADD, new_values=new_values
    )


def _clean_persons(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) > MAX_AUTHORISED_PERSONS:
        raise ValidationError(
            {"authorised_persons": f"{MAX_AUTHORISED_PERSONS} personnes au maximum."}
        )
    persons, errors = [], {}
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ValidationError({"authorised_persons": "Valeur invalide."})
        if not any(str(v or "").strip() for v in row.values()):
            continue  # a blank line of the form
        try:
            cleaned = clean_fields(row, AUTHORISED_PERSON_FIELDS)
        except ValidationError as exc:
            errors.update({f"authorised_persons.{i}.{k}": m for k, m in exc.errors.items()})
            continue
        persons.append({k: jsonable(v) for k, v in cleaned.items()})
    if errors:
        raise ValidationError(errors)
    return persons


def request_child_change(
    session: Session,
    family_id: int,
    child_id: Any,
    kind: RequestKind,
    data: Mapping[str, Any],
    authorised_persons: Sequence[Mapping[str, Any]] | None = None,
) -> Request:
    """Ask to change a child's information (incl. glasses), consents and authorised persons,
    or health data. Only the fields given are compared."""
    if kind not in CHILD_SPECS:
        raise ValueError(f"not a child request: {kind}")
    child = own_child(session, family_id, child_id)
    spec = CHILD_SPECS[kind]
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    try:
        cleaned = clean_fields(data, spec, partial=True)
    except ValidationError as exc:
        errors.update(exc.errors)
    persons = None
    if authorised_persons is not None:
        if kind is not RequestKind.CONSENTS:
            raise ValueError("authorised persons belong to a consents request")
        try:
            persons = _clean_persons(authorised_persons)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    if kind is RequestKind.HEALTH:
        old = values_of(child.health, spec) if child.health else {}
    else:
        old = values_of(child, spec)
    old_values, new_values = _diff(old, cleaned)
    if persons is not None:
        old_persons = [
            {k: jsonable(getattr(p, k)) for k in AUTHORISED_PERSON_FIELDS}
            for p in child.authorised_persons
        ]
        if persons != old_persons:
            old_values["authorised_persons"] = old_persons
            new_values["authorised_persons"] = persons
    if not new_values:
        raise ValidationError({"": NOTHING_CHANGED})
    return _new_request(
        session,
        family_id=family_id,
        child_id=child.id,
        kind=kind,
        old_values=old_values,
        new_values=new_values,
    )


def request_booking(
    session: Session,
    family_id: int,
    child_id: Any,
    service_id: Any,
    day: Any,
    kind: RequestKind,
    today: dt.date | None = None,
) -> Request:
    """Ask for a reservation or declare an absence, checked against the calendar, the enrolment,
    the service's deadline and capacity; a service that allows it accepts at once."""
    if kind not in PLANNING_KINDS:
        raise ValidationError({"kind": "Type de demande inconnu."})
    today = today or clock.today()
    child = own_child(session, family_id, child_id)
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError as exc:
            raise ValidationError({"day": "Date invalide."}) from exc
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError({"day": "Date invalide."})
    try:
        service_id = int(service_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError("Cette prestation n'existe pas.") from exc
    # From here to the end of the caller's transaction, the requests of this service's day are
    # written one at a time: the checks below (nothing pending, not booked yet, a place left)
    # still hold when the request is stored, or accepted at once.
    locks.planning_day(session, service_id, day)
    enrolments = list(
        session.scalars(
            select(Enrolment).where(
                Enrolment.child_id == child.id, Enrolment.service_id == service_id
            )
        )
    )
    if not enrolments:
        raise NotFoundError("Cette prestation n'existe pas.")
    service = session.get(Service, service_id)
    assert service is not None
    enrolment = enrolment_on(enrolments, day)
    if enrolment is None:
        raise ValidationError(
            {"day": "Votre enfant n'est pas inscrit à cette prestation à cette date."}
        )
    closed = closure(service_info(session, service.id), day, calendar_index(session, day, day))
    if closed is not None:
        raise ValidationError({"day": f"Pas d'accueil ce jour-là ({closed.label})."})
    # A late reservation is refused; a late absence is still taken (the child will not come),
    # but staff will make it Absent facturé. A day already gone is for staff to record.
    if day < today:
        raise ValidationError({"day": "Ce jour est passé : contactez la mairie."})
    if kind is RequestKind.RESERVATION and not on_time(service, day, today):
        deadline = formatting.short_date(service.deadline_for(day))
        raise ValidationError(
            {
                "day": f"Trop tard : les réservations pour ce jour devaient être faites au plus "
                f"tard le {deadline}."
            }
        )
    if _pending_on_day(session, child.id, service.id, day) is not None:
        raise ValidationError({"day": ALREADY_PENDING_ON_DAY})
    cell = session.scalar(
        select(PlanningCell).where(
            PlanningCell.child_id == child.id,
            PlanningCell.service_id == service.id,
            PlanningCell.day == day,
        )
    )
    booked = is_booked(cell, enrolment, day)
    if kind is RequestKind.RESERVATION:
        # Booking again a day the family itself declared absent takes back that absence (a late
        # reservation was refused above).
        restoring = booked and (
            cell_choices(
                booked=booked,
                cell=cell,
                in_time=True,
                last_accepted=last_accepted_kind(session, child.id, service.id, day),
            ).undo
            is RequestKind.RESERVATION
        )
        if booked and not restoring:
            raise ValidationError({"day": "Ce jour est déjà réservé."})
        # The child itself does not take a place yet (not booked, or declared absent).
        if not day_occupancy(session, service.id, day, exclude_child_id=child.id).fits(1):
            raise ValidationError({"day": "Complet : il n'y a plus de place ce jour-là."})
        new_values = {"booking": Booking.RESERVED.value}
    else:
        if not booked:
            raise ValidationError({"day": "Aucune réservation ce jour-là : rien à annuler."})
        new_values = {"booking": Booking.NONE.value}
    if cell is not None:
        old_booking = cell.booking
    else:
        old_booking = Booking.REGULAR if booked else Booking.NONE
    request = _new_request(
        session,
        family_id=family_id,
        child_id=child.id,
        kind=kind,
        service_id=service.id,
        day=day,
        old_values={"booking": old_booking.value},
        new_values=new_values,
    )
    decisions.try_auto_accept(session, request)
    return request


def withdraw_request(session: Session, family_id: int, request_id: Any) -> Request:
    """Take back a request the mairie has not decided yet."""
    try:
        request_id = int(request_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError("Cette demande n'existe pas.") from exc
    request = session.scalar(
        select(Request).where(Request.id == request_id, Request.family_id == family_id)
    )
    if request is None:
        raise NotFoundError("Cette demande n'existe pas.")
    if request.status is not RequestStatus.PENDING:
        raise ValidationError({"": "Cette demande a déjà été traitée par la mairie."})
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = clock.now()
    session.flush()
    return request


def family_requests(
    session: Session,
    family_id: int,
    kinds: Sequence[RequestKind] | None = None,
    days: int | None = RECENT_DAYS,
    now: dt.datetime | None = None,
) -> list[Request]:
    """A family's requests, newest first; by default those made within the last month."""
    query = select(Request).where(Request.family_id == family_id)
    if kinds:
        query = query.where(Request.kind.in_(list(kinds)))
    if days is not None:
        since = (now or clock.now()) - dt.timedelta(days=days)
        query = query.where(Request.created_at >= since)
    return list(session.scalars(query.order_by(Request.created_at.desc(), Request.id.desc())))


def pending_count(session: Session, family_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Request.id)).where(
                Request.family_id == family_id, Request.status == RequestStatus.PENDING
            )
        )
        or 0
    )
