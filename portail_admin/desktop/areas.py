"""The areas of the main window, in navigation order.

Adding an area (Accueil, Demandes, Messages, Paramètres…) is adding one `Area` to `AREAS`:
its key, its French title, and a factory that builds its page from the `AppContext`.
A page may define `activate()` (called each time it is shown) and `self_test()` (called by
`--self-test` once shown; raise to fail; it may return a check to run once the background ops
it started are done).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from .context import AppContext


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]
    tooltip: str = ""
    icon: str = ""  # a QStyle standard pixmap name, e.g. "SP_DirHomeIcon"


def _families(context: AppContext) -> QWidget:
    from .families.page import FamiliesPage

    return FamiliesPage(context)


AREAS: list[Area] = [
    Area(
        key="familles",
        title="Familles",
        factory=_families,
        tooltip="Rechercher, consulter et modifier les fiches des familles et des enfants",
        icon="SP_DirHomeIcon",
    ),
]
