"""The planning's reads, as ops (run by the OpRunner off the GUI thread; each checks the
permission again in the worker). They return the core's plain month objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ...core.models import Child
from ...core.planning import edits
from ...core.planning import month as planning_month
from ...core.planning.month import ChildMonth, ServiceMonth
from ...core.services import commune
from ...core.services.staff import Permission
from ..ops import OpDb


@dataclass(frozen=True)
class ServiceChoice:
    id: int
    structure_name: str
    name: str
    active: bool

    @property
    def full_name(self) -> str:
        return f"{self.structure_name} — {self.name}"


def list_services(db: OpDb) -> list[ServiceChoice]:
    """The services, by structure then order (the page's selector)."""
    db.require(Permission.PLANNING)
    with db.read() as session:
        return [
            ServiceChoice(s.id, s.structure.name, s.name, s.active)
            for s in commune.list_services(session)
        ]


def load_service_month(db: OpDb, service_id: int, month: dt.date) -> ServiceMonth:
    """A service's month; the health marks only for roles that may see health data."""
    db.require(Permission.PLANNING)
    with db.read() as session:
        return planning_month.service_month(
            session, service_id, month, with_health=db.can(Permission.VIEW_HEALTH)
        )


def load_child_month(db: OpDb, child_id: int, month: dt.date) -> ChildMonth:
    db.require(Permission.PLANNING)
    with db.read() as session:
        return planning_month.child_month(session, child_id, month)


@dataclass(frozen=True)
class ChildMonthOf:
    """A child of a family and their month (the family record's Planning tab)."""

    child_id: int
    name: str
    month: ChildMonth


def load_family_months(db: OpDb, family_id: int, month: dt.date) -> list[ChildMonthOf]:
    """Every child of the family, their month by service (eldest first)."""
    db.require(Permission.PLANNING)
    with db.read() as session:
        children = session.execute(
            select(Child.id, Child.first_name, Child.last_name)
            .where(Child.family_id == family_id)
            .order_by(Child.birth_date, Child.id)
        ).all()
        return [
            ChildMonthOf(
                row.id,
                f"{row.first_name} {row.last_name}".strip(),
                planning_month.child_month(session, row.id, month),
            )
            for row in children
        ]


def load_cell_detail(db: OpDb, service_id: int, child_id: int, day: dt.date) -> str:
    """Who last changed the cell and when, in French, for its tooltip (the lock and the
    pending requests are in the grid's own tooltip already)."""
    db.require(Permission.PLANNING)
    with db.read() as session:
        detail = edits.cell_detail(session, service_id, child_id, day)
    if detail.updated_at is None:
        return "Jamais modifiée depuis l'inscription"
    return detail.lines()[0]
