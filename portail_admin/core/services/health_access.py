"""Who opened a child's health data, and when: written when staff read it, read by
administrators (Permission.READ_AUDIT).

Staff read a child's health data through `read_health`, which checks the role, reads the record
and writes the trace (`HealthAccess`) in the same transaction: no read without its trace. The
portal does not write it (parents see their own children's data). The trace is not a change of
the record: the change feed leaves the table out (changefeed.UNLOGGED_TABLES).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import COMMUNE_TZ
from ..models import Child, Family, HealthAccess
from ..models.base import utcnow
from ..models.enums import StaffRole
from .fields import HEALTH_FIELDS
from .history import staff_names, who_label
from .records import get_or_404
from .staff import Permission, require

LOG_PAGE_SIZE = 200


def record_health_access(session: Session, actor: str, child_id: int) -> None:
    """Note that `actor` is reading the health data of child `child_id` now."""
    session.add(HealthAccess(at=utcnow(), actor=actor, child_id=child_id))
    session.flush()


@dataclass(frozen=True)
class HealthData:
    child_id: int
    values: dict[str, Any]  # HEALTH_FIELDS; empty when the child has no health record yet
    version: int  # 0 when there is none yet (a save then expects none)


def read_health(session: Session, child_id: int, role: StaffRole | str, actor: str) -> HealthData:
    """A child's health data for a staff member whose role may read it; the access is logged
    in the caller's (write) transaction."""
    require(role, Permission.VIEW_HEALTH)
    child = get_or_404(session, Child, child_id, "fiche enfant")
    record = child.health
    values = {name: getattr(record, name) for name in HEALTH_FIELDS} if record else {}
    record_health_access(session, actor, child.id)
    return HealthData(child.id, values, record.version if record else 0)  # 0: none on file


@dataclass(frozen=True)
class HealthAccessRow:
    id: int
    at: dt.datetime  # the commune's time
    who: str
    child_id: int
    child: str  # "LÉA DUPONT", or "(fiche supprimée)"
    family_number: str

    @property
    def when(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M}"


def health_access_log(
    session: Session,
    role: StaffRole | str,
    *,
    child_id: int | None = None,
    since: dt.datetime | None = None,
    limit: int = LOG_PAGE_SIZE,
    before_id: int | None = None,
) -> list[HealthAccessRow]:
    """The accesses to the children's health data (of one child, or all), newest first; for
    administrators only (PermissionDenied otherwise)."""
    require(role, Permission.READ_AUDIT)
    query = (
        select(HealthAccess, Child.first_name, Child.last_name, Family.family_number)
        .outerjoin(Child, Child.id == HealthAccess.child_id)
        .outerjoin(Family, Family.id == Child.family_id)
    )
    if child_id is not None:
        query = query.where(HealthAccess.child_id == child_id)
    if since is not None:
        query = query.where(HealthAccess.at >= since)
    if before_id is not None:
        query = query.where(HealthAccess.id < before_id)
    rows = session.execute(query.order_by(HealthAccess.id.desc()).limit(max(1, limit))).all()
    names = staff_names(session, {access.actor for access, *_ in rows})
    return [
        HealthAccessRow(
            id=access.id,
            at=access.at.astimezone(COMMUNE_TZ),
            who=who_label(access.actor, names),
            child_id=access.child_id,
            child=f"{first} {last}" if first is not None else "(fiche supprimée)",
            family_number=number or "",
        )
        for access, first, last, number in rows
    ]
