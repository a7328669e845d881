"""Enrolments (inscriptions): a child enrolled in a service for a period, with a weekly pattern
(the Régulier days: where no planning cell exists, the pattern books the day).

Staff list a child's enrolments, enrol, change the period or the pattern, and end one. The
rules, and what this module decides for the mairie:

- an enrolment names an active service, a start on or before its end, and a pattern only on
  the service's opening days (`Service.weekdays`); two enrolments of a child in one service
  never overlap (checked under a lock, so two PCs cannot both enrol the child);
- a change is version-checked (a colleague's change meanwhile is a conflict, never
  overwritten);
- a new pattern applies from a day (`pattern_from`): when the enrolment started before it,
  the enrolment is split there, so the days before keep the pattern they were booked with
  (past Régulier days do not change after the fact);
- shortening or ending an enrolment removes days from it. What those days hold is counted
  first (`EndPreview`): booked days not pointed yet, pending reservation or absence requests,
  days already pointed (présent, absent…) and locked (billed) days. When there are bookings or
  pending requests, the caller must choose (else `ChoiceNeeded` carries the preview):
  - `EndChoice.CANCEL`: the booked days are cancelled (their cells deleted) and the pending
    requests refused with a motive the family reads (the decisions rules);
  - `EndChoice.KEEP`: nothing is cancelled; the enrolment then ends after its last kept day
    (starts on its first one) instead. A mairie keeps a booking only where the child is
    enrolled: outside an enrolment the planning shows a booking as an error, and the days
    would be billed without the child appearing in the service's grid.
  Days already pointed and locked days are never deleted, whatever the choice: they stay on
  record (outside the enrolment, the grid shows them in error for staff to look at).
  The choice is applied against the preview the user saw: if the planning changed meanwhile,
  `PlanningChanged` carries the new preview and nothing is written.

Everything a function writes is in the caller's transaction; bulk cell deletes are reported to
the change feed (`record_bulk_change`), the other writes log themselves.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from .. import formatting, locks
from .. import validation as v
from ..changefeed import record_bulk_change
from ..errors import NotFoundError, PortailError, ValidationError
from ..models import Child, Enrolment, PlanningCell, Request, Service, Structure
from ..models.enums import Attendance, ChangeAction, RequestKind, RequestStatus, StaffRole
from ..services import decisions
from ..services.records import ensure_version, get_or_404
from ..services.staff import Permission, require
from . import rules

ENROLMENTS = "child-enrolments"  # lock subject: (child id, service id)
PLANNING_KINDS = (RequestKind.RESERVATION, RequestKind.ABSENCE)
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAY_SHORT = ("Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim")
NO_PATTERN = "Aucun (au jour le jour)"

LABELS = {
    "service_id": "Prestation",
    "start_date": "Du",
    "end_date": "Au",
    "weekly_pattern": "Jours réguliers",
    "pattern_from": "À partir du",
}


class Staff(Protocol):
    """Who acts: a StaffIdentity (services.staff) or a StaffUser."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> StaffRole: ...


# --------------------------------------------------------------------------- patterns


def pattern_days(mask: int) -> list[int]:
    """The weekdays (0 = Monday) of a bitmask."""
    return [day for day in range(7) if mask & (1 << day)]


def pattern_label(mask: int) -> str:
    """ "Lun, Mar, Jeu, Ven" ; "Aucun (au jour le jour)" without a pattern."""
    days = pattern_days(mask)
    return ", ".join(WEEKDAY_SHORT[d] for d in days) if days else NO_PATTERN


def _names(days: list[int]) -> str:
    names = [WEEKDAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def clean_pattern(value: Any) -> int:
    """A weekly pattern: a bitmask (bit 0 = Monday) or a collection of weekdays."""
    if isinstance(value, bool):
        raise v.FieldError("Jours réguliers invalides.")
    if value is None or value == "":
        return 0
    if isinstance(value, int):
        mask = value
    elif isinstance(value, list | tuple | set | frozenset):
        mask = 0
        for day in value:
            if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
                raise v.FieldError("Jours réguliers invalides.")
            mask |= 1 << day
    else:
        raise v.FieldError("Jours réguliers invalides.")
    if not 0 <= mask <= 127:
        raise v.FieldError("Jours réguliers invalides.")
    return mask


def _service_id(value: Any) -> int:
    if value is None or value == "":
        raise v.FieldError("Choisissez une prestation.")
    number = v.integer(1, 2**31 - 1)(value)
    assert number is not None
    return number


PERIOD_FIELDS: dict[str, v.Cleaner] = {
    "start_date": v.date(required=True),
    "end_date": v.date(required=True),
    "weekly_pattern": clean_pattern,
}
ENROL_FIELDS: dict[str, v.Cleaner] = {"service_id": _service_id, **PERIOD_FIELDS}


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class EnrolmentRow:
    """One enrolment as the child's record lists it (plain data: safe across threads)."""

    id: int
    version: int
    child_id: int
    service_id: int
    service_name: str
    structure_name: str
    start_date: dt.date
    end_date: dt.date
    weekly_pattern: int
    service_weekdays: int
    service_active: bool = True

    @property
    def full_service_name(self) -> str:
        return f"{self.structure_name} — {self.service_name}"

    @property
    def pattern_label(self) -> str:
        return pattern_label(self.weekly_pattern)

    def current(self, today: dt.date) -> bool:
        return self.start_date <= today <= self.end_date


@dataclass(frozen=True)
class ServiceChoice:
    """A service one may enrol in: its name and its opening days."""

    id: int
    name: str
    structure_name: str
    weekdays: int

    @property
    def full_name(self) -> str:
        return f"{self.structure_name} — {self.name}"


def _rows_query() -> Any:
    return (
        select(
            Enrolment.id,
            Enrolment.version,
            Enrolment.child_id,
            Enrolment.service_id,
            Service.name,
            Structure.name,
            Enrolment.start_date,
            Enrolment.end_date,
            Enrolment.weekly_pattern,
            Service.weekdays,
            Service.active,
        )
        .join(Service, Service.id == Enrolment.service_id)
        .join(Structure, Structure.id == Service.structure_id)
    )


def child_enrolments(session: Session, child_id: int) -> list[EnrolmentRow]:
    """A child's enrolments: by structure and service, then the latest period first."""
    rows = session.execute(
        _rows_query()
        .where(Enrolment.child_id == child_id)
        .order_by(
            Structure.name,
            Service.sort_order,
            Service.name,
            Enrolment.start_date.desc(),
            Enrolment.id,
        )
    )
    return [EnrolmentRow(*row) for row in rows]


def enrolment_row(session: Session, enrolment_id: int) -> EnrolmentRow:
    row = session.execute(_rows_query().where(Enrolment.id == enrolment_id)).first()
    if row is None:
        raise NotFoundError("Cette inscription n'existe pas ou a été supprimée.")
    return EnrolmentRow(*row)


def service_choices(session: Session) -> list[ServiceChoice]:
    """The active services, by structure, as the enrolment form offers them."""
    rows = session.execute(
        select(Service.id, Service.name, Structure.name, Service.weekdays)
        .join(Structure, Structure.id == Service.structure_id)
        .where(Service.active.is_(True))
        .order_by(Structure.name, Service.sort_order, Service.name)
    )
    return [ServiceChoice(*row) for row in rows]


# --------------------------------------------------------------------------- validation


def _check_period(
    session: Session,
    child_id: int,
    service: Service,
    start: dt.date,
    end: dt.date,
    exclude_id: int | None = None,
) -> None:
    if end < start:
        raise ValidationError(
            {"end_date": "La date de fin doit être le même jour ou après la date de début."}
        )
    query = select(Enrolment).where(
        Enrolment.child_id == child_id,
        Enrolment.service_id == service.id,
        Enrolment.start_date <= end,
        Enrolment.end_date >= start,
    )
    if exclude_id is not None:
        query = query.where(Enrolment.id != exclude_id)
    other = session.scalars(query.order_by(Enrolment.start_date).limit(1)).first()
    if other is not None:
        raise ValidationError(
            {
                "start_date": "L'enfant est déjà inscrit à cette prestation du "
                f"{formatting.short_date(other.start_date)} au "
                f"{formatting.short_date(other.end_date)} : les deux périodes ne peuvent pas "
                "se chevaucher."
            }
        )


def _check_pattern(service: Service, pattern: int) -> None:
    closed = pattern_days(pattern & ~service.weekdays)
    if closed:
        plural = "ces jours" if len(closed) > 1 else "ce jour"
        raise ValidationError(
            {
                "weekly_pattern": f"La prestation n'a pas lieu le {_names(closed)} : "
                f"décochez {plural}."
            }
        )


# --------------------------------------------------------------------------- enrolling


def enrol(session: Session, staff: Staff, child_id: int, data: Mapping[str, Any]) -> Enrolment:
    """Enrol a child: {"service_id", "start_date", "end_date", "weekly_pattern"}.

    Raises ValidationError ({field: French message}), NotFoundError or PermissionDenied."""
    require(staff.role, Permission.EDIT_FAMILIES)
    child = get_or_404(session, Child, child_id, "fiche enfant")
    cleaned = v.clean_fields(data, ENROL_FIELDS)
    service = session.get(Service, cleaned["service_id"])
    if service is None:
        raise ValidationError({"service_id": "Cette prestation n'existe pas."})
    if not service.active:
        raise ValidationError({"service_id": "Cette prestation est désactivée."})
    locks.hold(session, ENROLMENTS, child.id, service.id)
    _check_period(session, child.id, service, cleaned["start_date"], cleaned["end_date"])
    _check_pattern(service, cleaned["weekly_pattern"])
    enrolment = Enrolment(
        child_id=child.id,
        service_id=service.id,
        start_date=cleaned["start_date"],
        end_date=cleaned["end_date"],
        weekly_pattern=cleaned["weekly_pattern"],
    )
    session.add(enrolment)
    session.flush()
    return enrolment


# --------------------------------------------------------------------------- what leaves


class EndChoice(enum.StrEnum):
    CANCEL = "cancel"  # cancel the bookings, refuse the pending requests
    KEEP = "keep"  # keep them: the enrolment ends after (starts on) the last (first) of them


Period = tuple[dt.date, dt.date]


def removed_ranges(old: Period, new: Period) -> list[Period]:
    """The days of `old` that `new` no longer covers (at most two ranges)."""
    (old_start, old_end), (new_start, new_end) = old, new
    if new_end < old_start or new_start > old_end:
        return [old]
    ranges = []
    if new_start > old_start:
        ranges.append((old_start, new_start - dt.timedelta(days=1)))
    if new_end < old_end:
        ranges.append((new_end + dt.timedelta(days=1), old_end))
    return ranges


@dataclass(frozen=True)
class EndPreview:
    """What the days an enrolment loses hold (all counts are days of this child and service).

    - `bookings`: booked, not pointed, not locked: cancelled with EndChoice.CANCEL;
    - `requests`: pending reservation or absence requests: refused with EndChoice.CANCEL;
    - `attended`: days already pointed (présent, absent…) in the whole enrolment: kept;
      `attended_outside` of them fall outside the new period;
    - `locked_outside`: locked (billed) days outside the new period: kept;
    - `keep_start`, `keep_end`: the period that keeps every one of those days (EndChoice.KEEP).
    """

    start_date: dt.date
    end_date: dt.date
    bookings: int = 0
    requests: int = 0
    attended: int = 0
    attended_outside: int = 0
    locked_outside: int = 0
    keep_start: dt.date | None = None
    keep_end: dt.date | None = None

    @property
    def needs_choice(self) -> bool:
        return bool(self.bookings or self.requests)

    @property
    def keep_period(self) -> Period:
        return (
            min(self.start_date, self.keep_start or self.start_date),
            max(self.end_date, self.keep_end or self.end_date),
        )

    def lines(self) -> list[str]:
        """What the user is told before choosing, in French."""
        lines = []
        if self.bookings:
            lines.append(
                f"{_count(self.bookings, 'jour réservé', 'jours réservés')} hors de la nouvelle "
                "période (non encore pointé" + ("s" if self.bookings > 1 else "") + ")."
            )
        if self.requests:
            lines.append(
                f"{_count(self.requests, 'demande en attente', 'demandes en attente')} "
                "de la famille pour ces jours."
            )
        if self.attended:
            kept = _count(self.attended, "jour déjà pointé", "jours déjà pointés")
            line = f"{kept} : conservé" + ("s" if self.attended > 1 else "")
            if self.attended_outside:
                line += f", dont {self.attended_outside} hors de la nouvelle période"
            lines.append(line + ".")
        if self.locked_outside:
            lines.append(
                f"{_count(self.locked_outside, 'jour verrouillé', 'jours verrouillés')} "
                "(facturé) hors de la nouvelle période : conservé"
                + ("s." if self.locked_outside > 1 else ".")
            )
        return lines


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class ChoiceNeeded(PortailError):
    """The change removes days holding bookings or pending requests: say what to do with
    them (`preview` says what they are)."""

    def __init__(self, preview: EndPreview, message: str = ""):
        self.preview = preview
        super().__init__(
            message
            or "Des réservations ou des demandes en attente tombent hors de la nouvelle "
            "période : choisissez de les annuler ou de les conserver."
        )


class PlanningChanged(ChoiceNeeded):
    """The planning changed between the preview the user answered and the write."""

    def __init__(self, preview: EndPreview):
        super().__init__(
            preview,
            "Le planning de l'enfant a changé depuis l'aperçu (réservations ou demandes) : "
            "vérifiez les nouveaux chiffres, puis choisissez à nouveau.",
        )


def _in_ranges(column: Any, ranges: list[Period]) -> Any:
    return or_(*(column.between(first, last) for first, last in ranges))


def _pending_in(
    session: Session, enrolment: Enrolment, ranges: list[Period]
) -> list[tuple[int, dt.date]]:
    if not ranges:
        return []
    return [
        (row.id, row.day)
        for row in session.execute(
            select(Request.id, Request.day).where(
                Request.status == RequestStatus.PENDING,
                Request.kind.in_(PLANNING_KINDS),
                Request.child_id == enrolment.child_id,
                Request.service_id == enrolment.service_id,
                _in_ranges(Request.day, ranges),
            )
        )
    ]


def preview_change(session: Session, enrolment: Enrolment, new: Period) -> EndPreview:
    """What the days `enrolment` loses with the period `new` hold (see EndPreview)."""
    old = (enrolment.start_date, enrolment.end_date)
    ranges = removed_ranges(old, new)
    cells = session.execute(
        select(
            PlanningCell.day,
            PlanningCell.booking,
            PlanningCell.attendance,
            PlanningCell.locked_reason,
        ).where(
            PlanningCell.child_id == enrolment.child_id,
            PlanningCell.service_id == enrolment.service_id,
            PlanningCell.day.between(*old),
        )
    ).all()
    removed = [c for c in cells if any(first <= c.day <= last for first, last in ranges)]
    bookings = [
        c
        for c in removed
        if c.locked_reason is None
        and c.attendance is Attendance.UNKNOWN
        and c.booking in rules.BOOKED
    ]
    attended = [
        c for c in cells if c.attendance is not Attendance.UNKNOWN and c.locked_reason is None
    ]
    removed_days = {c.day for c in removed}
    outside = [c for c in attended if c.day in removed_days]
    locked = [c for c in removed if c.locked_reason is not None]
    pending = _pending_in(session, enrolment, ranges)
    kept_days = [c.day for c in (*bookings, *outside, *locked)] + [day for _, day in pending]
    start, end = new
    return EndPreview(
        start_date=start,
        end_date=end,
        bookings=len(bookings),
        requests=len(pending),
        attended=len(attended),
        attended_outside=len(outside),
        locked_outside=len(locked),
        keep_start=min((d for d in kept_days if d < start), default=None),
        keep_end=max((d for d in kept_days if d > end), default=None),
    )


# --------------------------------------------------------------------------- changing


@dataclass(frozen=True)
class ChangeResult:
    """What a change did: the enrolment(s) now, and what it cancelled."""

    enrolment_id: int
    split_id: int | None = None  # the enrolment carrying the new pattern from `pattern_from`
    cancelled_bookings: int = 0
    refused_requests: int = 0
    kept: bool = False  # EndChoice.KEEP moved the period to keep the days
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    def summary(self) -> str:
        """ "Inscription modifiée : 12 réservations annulées, 1 demande refusée." """
        parts = []
        if self.cancelled_bookings:
            parts.append(
                _count(self.cancelled_bookings, "réservation annulée", "réservations annulées")
            )
        if self.refused_requests:
            parts.append(_count(self.refused_requests, "demande refusée", "demandes refusées"))
        if self.kept and self.start_date and self.end_date:
            parts.append(
                "réservations conservées : inscription du "
                f"{formatting.short_date(self.start_date)} au "
                f"{formatting.short_date(self.end_date)}"
            )
        if self.split_id is not None:
            parts.append("nouveaux jours réguliers enregistrés dans une nouvelle période")
        return "Inscription modifiée" + (" : " + ", ".join(parts) if parts else "") + "."


def _cancel(
    session: Session,
    staff: Staff,
    enrolment: Enrolment,
    ranges: list[Period],
    new: Period,
) -> tuple[int, int]:
    """Delete the booked cells of `ranges` (not pointed, not locked), refuse the pending
    requests there; (cells deleted, requests refused)."""
    child = session.get(Child, enrolment.child_id)
    family_id = child.family_id if child is not None else None
    deleted = 0
    for first, last in ranges:
        result = session.execute(
            delete(PlanningCell)
            .where(
                PlanningCell.child_id == enrolment.child_id,
                PlanningCell.service_id == enrolment.service_id,
                PlanningCell.day.between(first, last),
                PlanningCell.attendance == Attendance.UNKNOWN,
                PlanningCell.locked_reason.is_(None),
            )
            .execution_options(synchronize_session=False)
        )
        count = result.rowcount or 0  # type: ignore[attr-defined]
        if count:
            deleted += count
            record_bulk_change(
                session,
                "planning_cell",
                ChangeAction.DELETE,
                count=count,
                family_id=family_id,
                child_id=enrolment.child_id,
                service_id=enrolment.service_id,
                day_from=first,
                day_to=last,
            )
    pending = [request_id for request_id, _day in _pending_in(session, enrolment, ranges)]
    refused = 0
    if pending:
        service = session.get(Service, enrolment.service_id)
        name = service.full_name if service is not None else "cette prestation"
        start, end = new
        motive = (
            f"L'enfant n'est plus inscrit à {name} ce jour-là (inscription du "
            f"{formatting.short_date(start)} au {formatting.short_date(end)})."
        )
        refused = len(decisions.refuse_many(session, pending, motive, staff).done)
    return deleted, refused


def change_enrolment(
    session: Session,
    staff: Staff,
    enrolment_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    choice: EndChoice | str | None = None,
    expected_preview: EndPreview | None = None,
    pattern_from: Any = None,
) -> ChangeResult:
    """Change an enrolment's period and/or pattern ({"start_date", "end_date",
    "weekly_pattern"}, any of them), checked against `expected_version`.

    Days the period loses: see the module's note (`choice`, `expected_preview`; ChoiceNeeded,
    PlanningChanged). A new pattern applies from `pattern_from` (default: the whole period);
    when it falls inside the period, the enrolment is split there.

    Raises ValidationError, ConcurrentEditError, ChoiceNeeded, NotFoundError, PermissionDenied;
    in every case nothing has changed."""
    require(staff.role, Permission.EDIT_FAMILIES)
    enrolment = get_or_404(session, Enrolment, enrolment_id, "inscription")
    locks.hold(session, ENROLMENTS, enrolment.child_id, enrolment.service_id)
    session.refresh(enrolment)  # as committed now that the lock is held
    cleaned = v.clean_fields(data, PERIOD_FIELDS, partial=True)
    ensure_version(session, enrolment, expected_version, data, PERIOD_FIELDS, LABELS)
    try:
        split_day = v.date()(pattern_from)
    except v.FieldError as exc:
        raise ValidationError({"pattern_from": str(exc)}) from exc
    service = session.get(Service, enrolment.service_id)
    assert service is not None
    start = cleaned.get("start_date", enrolment.start_date)
    end = cleaned.get("end_date", enrolment.end_date)
    pattern = cleaned.get("weekly_pattern", enrolment.weekly_pattern)
    _check_period(session, enrolment.child_id, service, start, end, exclude_id=enrolment.id)
    new_pattern = pattern != enrolment.weekly_pattern
    if new_pattern:
        _check_pattern(service, pattern)
    if new_pattern and split_day is not None and split_day > start:
        if split_day > end:
            raise ValidationError(
                {
                    "pattern_from": "Choisissez un jour de la période de l'inscription "
                    f"(jusqu'au {formatting.short_date(end)})."
                }
            )
    else:
        split_day = None

    preview = preview_change(session, enrolment, (start, end))
    if expected_preview is not None and preview != expected_preview:
        raise PlanningChanged(preview)
    wanted = EndChoice(choice) if choice else None
    if preview.needs_choice and wanted is None:
        raise ChoiceNeeded(preview)
    deleted = refused = 0
    kept = False
    if preview.needs_choice and wanted is EndChoice.KEEP:
        start, end = preview.keep_period
        kept = True
    elif preview.needs_choice:
        ranges = removed_ranges((enrolment.start_date, enrolment.end_date), (start, end))
        deleted, refused = _cancel(session, staff, enrolment, ranges, (start, end))

    split_id = None
    if split_day is not None and split_day > start:
        enrolment.start_date, enrolment.end_date = start, split_day - dt.timedelta(days=1)
        session.flush()
        later = Enrolment(
            child_id=enrolment.child_id,
            service_id=enrolment.service_id,
            start_date=split_day,
            end_date=end,
            weekly_pattern=pattern,
        )
        session.add(later)
        session.flush()
        split_id = later.id
    else:
        enrolment.start_date, enrolment.end_date = start, end
        enrolment.weekly_pattern = pattern
    session.flush()
    return ChangeResult(
        enrolment_id=enrolment.id,
        split_id=split_id,
        cancelled_bookings=deleted,
        refused_requests=refused,
        kept=kept,
        start_date=start,
        end_date=end,
    )


def end_enrolment(
    session: Session,
    staff: Staff,
    enrolment_id: int,
    end_date: Any,
    expected_version: int | None = None,
    *,
    choice: EndChoice | str | None = None,
    expected_preview: EndPreview | None = None,
) -> ChangeResult:
    """End an enrolment on `end_date` (the last day the child is enrolled): a change of its
    end date, with the same rules for the days it loses."""
    if end_date is None or end_date == "":
        raise ValidationError({"end_date": "Ce champ est obligatoire."})
    return change_enrolment(
        session,
        staff,
        enrolment_id,
        {"end_date": end_date},
        expected_version,
        choice=choice,
        expected_preview=expected_preview,
    )
