"""The areas of the main window, in navigation order.

Adding an area is adding one `Area` to `AREAS`: its key, its French title, a factory that builds
its page from the `AppContext`, and the permission (core.services.staff.Permission) a role needs
to open it. The main window builds only the areas the logged-in role may open; every way to reach
an area (navigation, keyboard shortcut, a dashboard tile, a search result) goes through
`MainWindow.open_area`, which checks the permission again, and the ops behind the page check it
once more in the worker.

A page may define:
- `activate()` (called each time it is shown);
- `open_with(**filters)` (a dashboard tile or a link opens the page on a filtered list);
- a `badge_changed = Signal(int)` (a count shown next to the title in the navigation);
- `self_test()` (called by `--self-test` once shown; raise to fail; it may return a check to run
  once the background ops it started are done).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..core.services.staff import Permission, StaffIdentity

if TYPE_CHECKING:
    from .context import AppContext


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]
    tooltip: str = ""
    icon: str = ""  # a QStyle standard pixmap name, e.g. "SP_DirHomeIcon"
    permission: Permission | None = None  # None: every logged-in role
    shortcut: str = ""  # e.g. "Ctrl+1"

    def allowed(self, staff: StaffIdentity | None) -> bool:
        if staff is None:
            return False
        return self.permission is None or staff.can(self.permission)


def _dashboard(context: AppContext) -> QWidget:
    from .dashboard import DashboardPage

    return DashboardPage(context)


def _families(context: AppContext) -> QWidget:
    from .families.page import FamiliesPage

    return FamiliesPage(context)


def _requests(context: AppContext) -> QWidget:
    from .requests import RequestsPage

    return RequestsPage(context)


def _messages(context: AppContext) -> QWidget:
    from .messages import MessagesPage

    return MessagesPage(context)


def _planning(context: AppContext) -> QWidget:
    from .planning.page import PlanningPage

    return PlanningPage(context)


def _pointage(context: AppContext) -> QWidget:
    from .pointage.page import PointagePage

    return PointagePage(context)


def _billing(context: AppContext) -> QWidget:
    from .billing.page import BillingPage

    return BillingPage(context)


def _settings(context: AppContext) -> QWidget:
    from .settings import SettingsPage

    return SettingsPage(context)


AREAS: list[Area] = [
    Area(
        key="accueil",
        title="Accueil",
        factory=_dashboard,
        tooltip="Ce qui attend aujourd'hui : demandes, messages, enfants attendus, impayés",
        icon="SP_ComputerIcon",
        shortcut="Ctrl+1",
    ),
    Area(
        key="familles",
        title="Familles",
        factory=_families,
        tooltip="Rechercher, consulter et modifier les fiches des familles et des enfants",
        icon="SP_DirHomeIcon",
        permission=Permission.VIEW_FAMILIES,
        shortcut="Ctrl+2",
    ),
    Area(
        key="demandes",
        title="Demandes",
        factory=_requests,
        tooltip="Accepter ou refuser ce que les familles demandent sur le portail",
        icon="SP_FileDialogDetailedView",
        permission=Permission.DECIDE_REQUESTS,
        shortcut="Ctrl+3",
    ),
    Area(
        key="messages",
        title="Messages",
        factory=_messages,
        tooltip="Lire les messages des familles, leur répondre, leur écrire",
        icon="SP_MessageBoxInformation",
        permission=Permission.MESSAGES,
        shortcut="Ctrl+4",
    ),
    Area(
        key="planning",
        title="Planning",
        factory=_planning,
        tooltip="Le planning du mois d'une prestation ou d'un enfant, en couleurs",
        icon="SP_FileDialogListView",
        permission=Permission.PLANNING,
        shortcut="Ctrl+5",
    ),
    Area(
        key="pointage",
        title="Pointage",
        factory=_pointage,
        tooltip="Pointer les enfants d'une prestation pour un jour : présents, absents, "
        "enfants sans réservation ; les repas par régime",
        icon="SP_DialogApplyButton",
        permission=Permission.ATTENDANCE,
        shortcut="Ctrl+6",
    ),
    Area(
        key="facturation",
        title="Facturation",
        factory=_billing,
        tooltip="La facturation du mois (calcul, émission, envoi) et la liste des factures "
        "et des avoirs",
        icon="SP_FileIcon",
        permission=Permission.BILLING,
        shortcut="Ctrl+7",
    ),
    Area(
        key="parametres",
        title="Paramètres",
        factory=_settings,
        tooltip="Commune, portail, prestations, courriel, base de données, comptes du personnel",
        icon="SP_FileDialogContentsView",
        permission=Permission.SETTINGS,
        shortcut="Ctrl+9",
    ),
]


def visible_areas(areas: list[Area], staff: StaffIdentity | None) -> list[Area]:
    """The areas `staff` may open, in navigation order."""
    return [area for area in areas if area.allowed(staff)]
