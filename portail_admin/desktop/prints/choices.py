"""What the parameter dialogs offer: the structures and their services (the canteens are the
services counted in meals), read by an op for any role that may print (Permission.PRINTS: an
animateur prints without the planning)."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.models.enums import ServiceUnit
from ...core.services import commune
from ...core.services.staff import Permission
from ..ops import OpDb


@dataclass(frozen=True)
class ServiceOption:
    id: int
    name: str
    structure_id: int
    structure_name: str
    active: bool
    canteen: bool  # counted in meals (ServiceUnit.MEAL)

    @property
    def label(self) -> str:
        return self.name + ("" if self.active else " (désactivée)")


@dataclass(frozen=True)
class StructureOption:
    id: int
    name: str


@dataclass(frozen=True)
class PrintChoices:
    services: list[ServiceOption]
    structures: list[StructureOption]  # those with at least one service

    @property
    def canteens(self) -> list[ServiceOption]:
        return [s for s in self.services if s.canteen]


def load_choices(db: OpDb) -> PrintChoices:
    """The services by structure then order, as the Planning lists them."""
    db.require(Permission.PRINTS)
    with db.read() as session:
        services = [
            ServiceOption(
                s.id,
                s.name,
                s.structure_id,
                s.structure.name,
                s.active,
                s.unit is ServiceUnit.MEAL,
            )
            for s in commune.list_services(session)
        ]
    structures: dict[int, StructureOption] = {}
    for service in services:
        structures.setdefault(
            service.structure_id, StructureOption(service.structure_id, service.structure_name)
        )
    return PrintChoices(services, list(structures.values()))
