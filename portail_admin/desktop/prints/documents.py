"""The printed lists as long ops: what the user asked (a plain request from a parameter dialog),
the document the core makes of it, and its suggested file name.

Each document is built by one small function (`attendance_data`, `daily_data`, `meals_data`)
calling core.reports; the op around it checks Permission.PRINTS in the worker and passes the
role on (the health marks follow it). Tests replace the small function to build a tiny PDF.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...core.formatting import long_date, month_title
from ...core.models.enums import StaffRole
from ...core.reports import attendance_sheet, daily_list, meal_counts
from ...core.reports.progress import ProgressSink
from ...core.search import normalise
from ...core.services import commune
from ...core.services.staff import Permission
from ..ops import OpDb, Progress

PDF, CSV = ".pdf", ".csv"


@dataclass(frozen=True)
class Document:
    """A document built, ready to preview, print or save."""

    title: str  # the preview's title and the print job's name
    file_name: str  # the name the save dialog suggests
    data: bytes

    @property
    def is_pdf(self) -> bool:
        return self.file_name.endswith(PDF)


def slug(text: str) -> str:
    """ "Cantine Élémentaire" → "cantine-elementaire" (a file name part)."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "document"


# --------------------------------------------------------------------------- attendance sheet
@dataclass(frozen=True)
class AttendanceRequest:
    service_id: int
    service_name: str
    month: dt.date  # the first of the month
    group_by_class: bool = False

    @property
    def title(self) -> str:
        return f"Feuille de présence — {self.service_name} — {month_title(self.month)}"

    @property
    def file_name(self) -> str:
        return f"feuille-presence-{slug(self.service_name)}-{self.month:%Y-%m}{PDF}"


def attendance_data(
    session: Session, role: StaffRole, request: AttendanceRequest, progress: ProgressSink
) -> bytes:
    return attendance_sheet.attendance_sheet(
        session,
        role,
        request.service_id,
        request.month,
        group_by_class=request.group_by_class,
        progress=progress,
    )


# --------------------------------------------------------------------------- daily list
@dataclass(frozen=True)
class DailyRequest:
    structure_id: int
    structure_name: str
    day: dt.date

    @property
    def title(self) -> str:
        return f"Liste du jour — {self.structure_name} — {long_date(self.day)}"

    @property
    def file_name(self) -> str:
        return f"liste-du-jour-{slug(self.structure_name)}-{self.day:%Y-%m-%d}{PDF}"


def daily_data(
    session: Session, role: StaffRole, request: DailyRequest, progress: ProgressSink
) -> bytes:
    return daily_list.daily_list(
        session, role, request.structure_id, request.day, progress=progress
    )


# --------------------------------------------------------------------------- meal counts
WEEK, MONTH = "week", "month"


def meal_period(day: dt.date, span: str) -> tuple[dt.date, dt.date]:
    """The week (Monday to Sunday) or the month of `day`."""
    return meal_counts.week_of(day) if span == WEEK else meal_counts.month_of(day)


@dataclass(frozen=True)
class MealsRequest:
    first: dt.date
    last: dt.date
    span: str  # WEEK or MONTH
    service_ids: tuple[int, ...]
    as_csv: bool = False

    @property
    def title(self) -> str:
        return f"Comptage des repas — {meal_counts.period_label(self.first, self.last)}"

    @property
    def file_name(self) -> str:
        when = f"{self.first:%Y-%m}" if self.span == MONTH else f"semaine-{self.first:%Y-%m-%d}"
        return f"comptage-repas-{when}{CSV if self.as_csv else PDF}"


def meals_data(
    session: Session, role: StaffRole, request: MealsRequest, progress: ProgressSink
) -> bytes:
    counts = meal_counts.meal_counts(
        session, request.first, request.last, service_ids=list(request.service_ids)
    )
    if request.as_csv:
        return meal_counts.meal_counts_csv(counts).encode("utf-8")  # it begins with a BOM
    commune_name = commune.get_settings(session).name or ""
    return meal_counts.meal_counts_pdf(counts, commune_name, progress)


# --------------------------------------------------------------------------- the op
Request = AttendanceRequest | DailyRequest | MealsRequest


def builder_of(request: Request) -> Callable[[Session, StaffRole, Request, ProgressSink], bytes]:
    """The function that makes `request`'s document (looked up when the op runs, so that a
    test may replace it)."""
    if isinstance(request, AttendanceRequest):
        return attendance_data  # type: ignore[return-value]
    if isinstance(request, DailyRequest):
        return daily_data  # type: ignore[return-value]
    return meals_data  # type: ignore[return-value]


def document_op(request: Request) -> Callable[[OpDb, Progress], Document]:
    """The long op that builds `request`'s document (Permission.PRINTS checked in the worker;
    core.reports.progress.Cancelled once the user clicked "Annuler")."""

    def op(db: OpDb, progress: Progress) -> Document:
        staff = db.require(Permission.PRINTS)
        with db.read() as session:
            data = builder_of(request)(session, staff.role, request, progress)
        return Document(request.title, request.file_name, data)

    op.__name__ = f"print_{type(request).__name__}"
    return op
