"""The main window's « Impressions » menu (roles with Permission.PRINTS only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from .printouts import Printouts

if TYPE_CHECKING:
    from ..main_window import MainWindow


def add_prints_menu(window: MainWindow) -> QMenu:
    printouts = Printouts.of(window.context, window)
    menu = window.menuBar().addMenu("&Impressions")
    menu.setObjectName("menuPrints")
    entries = (
        ("actionAttendanceSheet", "Feuille de présence du mois…", lambda: _attendance(window)),
        ("actionDailyList", "Liste du jour…", lambda: _daily(window)),
        ("actionMealCounts", "Comptage des repas…", printouts.meals),
    )
    for name, text, slot in entries:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
    return menu


def _attendance(window: MainWindow) -> None:
    """From the Planning page shown: its service and month."""
    page = window.pages.get("planning") if window.current_area == "planning" else None
    Printouts.of(window.context, window).attendance(
        getattr(page, "service_id", None), getattr(page, "month", None)
    )


def _daily(window: MainWindow) -> None:
    """From the Pointage page shown: its day and the structure of what it points."""
    page = window.pages.get("pointage") if window.current_area == "pointage" else None
    structure_id = None
    kind, ident = getattr(page, "target", None) or ("", None)
    if kind == "structure":
        structure_id = ident
    elif kind == "service":
        structure_id = next(
            (
                choice.id
                for choice in getattr(page, "choices", [])
                if any(service.id == ident for service in choice.services)
            ),
            None,
        )
    Printouts.of(window.context, window).daily(structure_id, getattr(page, "day", None))
