"""Mes enfants: the children, their requests and the month planning."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from ..core import clock, formatting, validation
from ..core.errors import NotFoundError, ValidationError
from ..core.models import Child, Enrolment, Service, Structure
from ..core.models.enums import RequestKind, RequestStatus
from ..core.planning import family, states
from ..core.services import decisions
from ..core.services import requests as req_service
from ..core.services.fields import (
    AUTHORISED_PERSON_FIELDS,
    CHILD_FIELDS,
    CONSENT_FIELDS,
    HEALTH_FIELDS,
)
from ..core.services.records import values_of
from . import helpers
from .planning_cells import row_cells

bp = Blueprint("children", __name__)

SENT = "Votre demande a été transmise à la mairie, qui l'acceptera ou la refusera."
CHILD_SECTIONS: dict[str, tuple[RequestKind, str, dict[str, Any]]] = {
    "informations": (RequestKind.CHILD_INFO, "Informations de l'enfant", CHILD_FIELDS),
    "autorisations": (
        RequestKind.CONSENTS,
        "Autorisations et personnes autorisées",
        CONSENT_FIELDS,
    ),
    "sante": (RequestKind.HEALTH, "Données sanitaires", HEALTH_FIELDS),
}
PERSON_ROWS_EXTRA = 2
# The manual's legend, plus the two plain cells a parent also meets: open but not booked
# (white) and no care that day (grey).
WEB_LEGEND = (*states.LEGEND, states.CellState.EMPTY, states.CellState.NO_SERVICE)


def _child(child_id: int, *options: Any) -> Child:
    child = helpers.db_session().scalar(
        select(Child)
        .where(Child.id == child_id, Child.family_id == helpers.family_id())
        .options(*options)
    )
    if child is None:
        abort(404)
    return child


# The family's reads, built once (a statement built afresh costs more than SQLite's answer).
_FAMILY_CHILDREN = (
    select(
        Child.id,
        Child.first_name,
        Child.last_name,
        Child.birth_date,
        Child.school,
        Child.school_class,
    )
    .where(Child.family_id == bindparam("family"))
    .order_by(Child.birth_date, Child.id)
)
_CHILD_ENROLMENTS = (
    select(
        Enrolment.service_id,
        Enrolment.start_date,
        Enrolment.end_date,
        Service.name.label("service_name"),
        Structure.name.label("structure_name"),
    )
    .join(Service, Service.id == Enrolment.service_id)
    .join(Structure, Structure.id == Service.structure_id)
    .where(Enrolment.child_id == bindparam("child"))
    .order_by(Enrolment.end_date.desc(), Structure.name, Service.sort_order, Service.name)
)


def _children() -> list[Any]:
    """The family's children (id and names only), for lists and menus."""
    return list(_plain_rows(_FAMILY_CHILDREN, {"family": helpers.family_id()}))


def _plain_rows(statement: Any, params: dict[str, Any]) -> Any:
    """Plain rows of a column query, through the request's connection (no ORM machinery)."""
    return helpers.db_session().connection().execute(statement, params)


@bp.get("/mes-enfants")
@login_required
def child_list() -> Any:
    return render_template("children.html", children=_children())


@bp.get("/mes-enfants/<id:child_id>")
@login_required
def child_detail(child_id: int) -> Any:
    child = _child(child_id, selectinload(Child.health), selectinload(Child.authorised_persons))
    return render_template(
        "child.html",
        child=child,
        children=_children(),
        info_rows=_rows(child, CHILD_FIELDS),
        consent_rows=_rows(child, CONSENT_FIELDS),
        health_rows=_rows(child.health, HEALTH_FIELDS) if child.health else [],
    )


def _rows(obj: Any, spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (req_service.label_of(name), req_service.display_value(name, getattr(obj, name)))
        for name in spec
    ]


@bp.route("/mes-enfants/ajouter", methods=["GET", "POST"])
@login_required
def child_add() -> Any:
    spec = req_service.CHILD_ADD_FIELDS
    errors: dict[str, str] = {}
    submitted = None
    status = 200
    if request.method == "POST":
        data = helpers.submitted_values(request.form, spec)
        try:
            with helpers.write() as s:
                req_service.request_child_add(s, helpers.family_id(), data)
        except ValidationError as exc:
            errors, submitted, status = exc.errors, request.form, 400
        else:
            flash(SENT)
            return redirect(url_for("children.child_list"))
    fields = helpers.build_fields(
        list(spec), {}, errors, submitted, required={"last_name", "first_name", "birth_date"}
    )
    return (
        render_template(
            "section_form.html",
            title="Ajouter un enfant",
            intro=(
                "Signalez un enfant qui sera prochainement inscrit. La mairie ou le centre "
                "pourra ensuite vous contacter afin de remplir les fiches d'inscription."
            ),
            fields=fields,
            form_error=errors.get(""),
            errors=errors,
            back=url_for("children.child_list"),
            back_label="Mes enfants",
        ),
        status,
    )


def _person_rows(form: Any, count: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        rows.append(helpers.submitted_values(form, AUTHORISED_PERSON_FIELDS, prefix=f"person-{i}-"))
    return rows


@bp.route("/mes-enfants/<id:child_id>/<slug>", methods=["GET", "POST"])
@login_required
def child_section(child_id: int, slug: str) -> Any:
    if slug not in CHILD_SECTIONS:
        abort(404)
    child = _child(child_id, selectinload(Child.health), selectinload(Child.authorised_persons))
    kind, title, spec = CHILD_SECTIONS[slug]
    if kind is RequestKind.HEALTH:
        values = values_of(child.health, spec) if child.health else {}
    else:
        values = values_of(child, spec)
    errors: dict[str, str] = {}
    submitted = None
    status = 200
    persons = [values_of(p, AUTHORISED_PERSON_FIELDS) for p in child.authorised_persons]
    person_count = len(persons) + PERSON_ROWS_EXTRA
    if request.method == "POST":
        data = helpers.submitted_values(request.form, spec)
        rows = None
        if kind is RequestKind.CONSENTS:
            count = validation.parse_integer(request.form.get("person_count"))  # ASCII digits
            person_count = min(max(count or 0, 0), 12)
            rows = [
                r
                for i, r in enumerate(_person_rows(request.form, person_count))
                if not request.form.get(f"person-{i}-remove")
            ]
        try:
            with helpers.write() as s:
                req_service.request_child_change(
                    s, helpers.family_id(), child.id, kind, data, authorised_persons=rows
                )
        except ValidationError as exc:
            errors, submitted, status = exc.errors, request.form, 400
        else:
            flash(SENT)
            return redirect(url_for("children.child_detail", child_id=child.id))
    fields = helpers.build_fields(list(spec), values, errors, submitted)
    person_forms = []
    if kind is RequestKind.CONSENTS:
        for i in range(person_count):
            current = persons[i] if i < len(persons) else {}
            row_errors = {
                k.rsplit(".", 1)[1]: m
                for k, m in errors.items()
                if k.startswith(f"authorised_persons.{i}.")
            }
            person_forms.append(
                helpers.build_fields(
                    list(AUTHORISED_PERSON_FIELDS),
                    current,
                    row_errors,
                    submitted,
                    prefix=f"person-{i}-",
                )
            )
    return (
        render_template(
            "section_form.html",
            title=f"{title} — {child.first_name}",
            fields=fields,
            person_forms=person_forms,
            person_error=errors.get("authorised_persons", ""),
            form_error=errors.get(""),
            errors=errors,
            back=url_for("children.child_detail", child_id=child.id),
            back_label=child.first_name,
        ),
        status,
    )


# --- Planning --------------------------------------------------------------------------------


# The years a planning can show: a day outside is no cell (and 9999-12 no date overflow).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month(value: str | None) -> dt.date:
    today = clock.today()
    if value:
        try:
            year, month = (validation.parse_integer(p) or 0 for p in value.split("-", 1))
            if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
                return dt.date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)


def _enrolments(child_id: int) -> list[Any]:
    """The child's enrolments (service, structure, dates), newest first."""
    return list(_plain_rows(_CHILD_ENROLMENTS, {"child": child_id}))


def _month_choices(
    enrolments: list[Any], month: dt.date, today: dt.date
) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
    """The months the picker offers, by year, as (value "2026-12", title "Décembre 2026"):
    from the first enrolment to the last one, with the shown month and the current one, within
    the years a planning can show."""
    starts = [e.start_date for e in enrolments] + [month, today]
    ends = [e.end_date for e in enrolments] + [month, today]
    first = max(min(starts), dt.date(FIRST_YEAR, 1, 1)).replace(day=1)
    last = min(max(ends), dt.date(LAST_YEAR, 12, 31)).replace(day=1)
    return _months_between(first, last)


@lru_cache(maxsize=256)  # the same spans of years, family after family
def _months_between(
    first: dt.date, last: dt.date
) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
    years: dict[int, list[tuple[str, str]]] = {}
    while first <= last:
        years.setdefault(first.year, []).append((f"{first:%Y-%m}", formatting.month_title(first)))
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return tuple((year, tuple(months)) for year, months in years.items())


@bp.get("/mes-enfants/<id:child_id>/planning")
@login_required
def child_planning(child_id: int) -> Any:
    children = _children()
    child = next((c for c in children if c.id == child_id), None)  # the family's own only
    if child is None:
        abort(404)
    month = _month(request.args.get("mois"))
    today = clock.today()
    grid = family.month_grid(helpers.db_session(), child.id, month, family_id=helpers.family_id())
    header = helpers.header()
    enrolments = _enrolments(child.id)
    return render_template(
        "planning.html",
        child=child,
        children=children,
        grid=grid,
        legend=WEB_LEGEND,
        today=today,
        responsible=f"{header.last_name} {header.first_name}".strip() if header else "",
        month_param=f"{month:%Y-%m}",
        months=_month_choices(enrolments, month, today),
        current_enrolments=[e for e in enrolments if e.end_date >= today],
        past_enrolments=[e for e in enrolments if e.end_date < today],
        row_cells=row_cells,
    )


def _cell_key(service_value: Any, day_value: Any) -> tuple[int, dt.date]:
    """The service id and day a link or a form names; 404 when they cannot be a cell."""
    service_id = helpers.parse_id(service_value)
    try:
        day = dt.date.fromisoformat(str(day_value))
    except ValueError:
        abort(404)
    if service_id is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        abort(404)
    return service_id, day


def _cell_or_none(child: Child, service_id: int, day: dt.date) -> family.GridCell | None:
    """The grid cell of an enrolled service and day, or None."""
    grid = family.month_grid(helpers.db_session(), child.id, day, family_id=helpers.family_id())
    row = next((r for r in grid.rows if r.service_id == service_id), None)
    return next((c for c in row.cells if c.day == day), None) if row else None


def _cell(child: Child, service_value: Any, day_value: Any) -> tuple[Service, dt.date, Any]:
    service_id, day = _cell_key(service_value, day_value)
    enrolled = helpers.db_session().scalar(
        select(Enrolment.id).where(
            Enrolment.child_id == child.id, Enrolment.service_id == service_id
        )
    )
    if not enrolled:
        abort(404)
    service = helpers.db_session().get(Service, service_id)
    cell = _cell_or_none(child, service_id, day)
    if cell is None:
        abort(404)
    return service, day, cell


@bp.get("/mes-enfants/<id:child_id>/planning/jour")
@login_required
def planning_cell(child_id: int) -> Any:
    child = _child(child_id)
    service, day, cell = _cell(child, request.args.get("service"), request.args.get("jour"))
    return render_template(
        "planning_cell.html",
        child=child,
        service=service,
        day=day,
        cell=cell,
        error="",
        kinds=RequestKind,
    )


@bp.post("/mes-enfants/<id:child_id>/planning/demande")
@login_required
def planning_request(child_id: int) -> Any:
    child = _child(child_id)
    kind_value = request.form.get("kind", "")
    kinds = {"reservation": RequestKind.RESERVATION, "absence": RequestKind.ABSENCE}
    if kind_value not in kinds:
        abort(400)
    service_value, day_value = request.form.get("service_id"), request.form.get("day")
    service_id, day = _cell_key(service_value, day_value)
    kind = kinds[kind_value]
    # What the tap meant, read before the request changes the cell: a new request, or the
    # undo of the family's last choice ("Annuler ma réservation", "Rétablir la réservation").
    before = _cell_or_none(child, service_id, day)
    what = before.request_noun(kind) if before else family.REQUEST_NOUNS[kind, False]
    try:
        with helpers.write() as s:
            made = req_service.request_booking(
                s, helpers.family_id(), child.id, service_id, day, kind
            )
            accepted = made.status is RequestStatus.ACCEPTED
            late = not accepted and decisions.is_late(made)
    except ValidationError as exc:
        service, day, cell = _cell(child, service_value, day_value)
        message = exc.errors.get("day") or next(iter(exc.errors.values()))
        return (
            render_template(
                "planning_cell.html",
                child=child,
                service=service,
                day=day,
                cell=cell,
                error=message,
                kinds=RequestKind,
            ),
            400,
        )
    except NotFoundError:
        abort(404)
    asked = f"Votre demande {formatting.de(what)} du {formatting.long_date(day)}"
    if accepted:  # the service accepts on-time requests by itself
        flash(f"{asked} a été acceptée.")
    else:
        billed = " Déclarée hors délai, elle sera facturée." if late else ""
        flash(f"{asked} a été transmise à la mairie.{billed}")
    return redirect(
        url_for("children.child_planning", child_id=child.id, mois=f"{day:%Y-%m}", _anchor="grille")
    )
