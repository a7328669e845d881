"""The legend of the planning: one vocabulary (French label, colour, symbol) that the portal,
the desktop grid and the printed sheets share, and the letters staff type to set a cell.

Every state has its own colour *and* symbol, so the grid reads without colours (colour-blind
readers, black-and-white prints).
"""

from __future__ import annotations

import enum


class CellState(enum.Enum):
    """A legend entry: (French label, background colour, text colour, symbol)."""

    RESERVED = ("reserved", "Réservé", "#2e7d32", "#ffffff", "✓")
    REGULAR = ("regular", "Régulier", "#a5d6a7", "#1b3d1e", "☺")
    PRESENT = ("present", "Présent (réservé)", "#1565c0", "#ffffff", "●")
    PRESENT_UNBOOKED = ("present_unbooked", "Présent sans réservation", "#90caf9", "#0d2a4a", "+")
    ABSENT_BILLED = ("absent_billed", "Absent facturé", "#c62828", "#ffffff", "€")
    ABSENT_EXCUSED = ("absent_excused", "Absent excusé", "#ffcc80", "#4a2c00", "E")
    LEAVE = ("leave", "Congé", "#ce93d8", "#3a0f42", "C")
    EXTRA_HOURS = ("extra_hours", "Heure hors contrat", "#6a1b9a", "#ffffff", "H")
    PENDING = ("pending", "Demande en attente", "#fff176", "#3d3600", "?")
    RESERVATION_PENDING = (
        "reservation_pending",
        "Réservation en cours de traitement",
        "#ffe082",
        "#3d2e00",
        "R?",
    )
    ABSENCE_PENDING = (
        "absence_pending",
        "Absence en cours de traitement",
        "#ffab91",
        "#3e1407",
        "A?",
    )
    RESERVATION_REFUSED = ("reservation_refused", "Réservation refusée", "#ffffff", "#b71c1c", "✗")
    PUBLIC_HOLIDAY = ("public_holiday", "Jour férié", "#455a64", "#ffffff", "F")
    CLOSURE = ("closure", "Fermeture", "#212121", "#ffffff", "⊘")
    SHORT_HOLIDAYS = ("short_holidays", "Petites vacances", "#b2ebf2", "#00363a", "P")
    SUMMER_HOLIDAYS = ("summer_holidays", "Grandes vacances", "#80deea", "#00363a", "G")
    ERROR = ("error", "Erreur", "#d50000", "#ffffff", "!")
    NO_SERVICE = ("no_service", "Pas d'accueil ce jour", "#eeeeee", "#616161", "")
    EMPTY = ("empty", "Non réservé", "#ffffff", "#212121", "")

    def __init__(self, key: str, label: str, colour: str, text_colour: str, symbol: str):
        self.key = key
        self.label = label
        self.colour = colour
        self.text_colour = text_colour
        self.symbol = symbol


# The legend in the manual's order (plus the states the manual shows without naming).
LEGEND: tuple[CellState, ...] = (
    CellState.RESERVED,
    CellState.ERROR,
    CellState.LEAVE,
    CellState.EXTRA_HOURS,
    CellState.REGULAR,
    CellState.CLOSURE,
    CellState.ABSENT_BILLED,
    CellState.PENDING,
    CellState.ABSENT_EXCUSED,
    CellState.RESERVATION_PENDING,
    CellState.RESERVATION_REFUSED,
    CellState.ABSENCE_PENDING,
    CellState.SHORT_HOLIDAYS,
    CellState.SUMMER_HOLIDAYS,
    CellState.PUBLIC_HOLIDAY,
    CellState.PRESENT,
    CellState.PRESENT_UNBOOKED,
)
