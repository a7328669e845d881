"""The commune's date and time (Europe/Paris), in one place so tests can pin them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

COMMUNE_TZ = ZoneInfo("Europe/Paris")


def now() -> dt.datetime:
    return dt.datetime.now(COMMUNE_TZ)


def today() -> dt.date:
    return now().date()


def school_year_start(day: dt.date) -> int:
    """The year a school year starts in: 2026 for any day from September 2026 to August 2027."""
    return day.year if day.month >= 9 else day.year - 1
