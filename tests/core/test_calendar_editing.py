"""Paramètres › Calendrier in the core: a school year imported (public holidays and the
commune's zone's school holidays, twice = nothing more), periods added, changed and removed
with French errors per field, a stale change refused, the settings permission required; the
year view's marks; a service's places on given days."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portail_admin.core import db
from portail_admin.core.errors import (
    ConcurrentEditError,
    NotFoundError,
    PermissionDenied,
    ValidationError,
)
from portail_admin.core.models import CalendarPeriod, ChangeLog, ServiceDayCapacity
from portail_admin.core.models.enums import CalendarKind, CalendarSource, SchoolZone
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import calendar, calendar_year, capacity, commune

ADMIN = "admin"
YEAR = 2026  # the school year 2026-2027


def _periods(session, kind=None):
    query = select(CalendarPeriod).order_by(CalendarPeriod.start_date)
    if kind is not None:
        query = query.where(CalendarPeriod.kind == kind)
    return list(session.scalars(query))


def _zone(session_factory, zone):
    with db.transaction(session_factory, "staff:test") as s:
        commune.get_settings(s).school_zone = zone


def test_school_years():
    assert calendar.school_year_bounds(2026) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert calendar.school_year_label(2026) == "2026-2027"
    assert calendar.parse_school_year("2026-2027") == 2026
    assert calendar.parse_school_year(2026) == 2026
    for bad in ("2026-2028", "2026", "", None, "deux mille"):
        with pytest.raises(ValidationError) as err:
            calendar.parse_school_year(bad)
        assert "Année scolaire invalide" in err.value.errors["school_year"]


def test_importing_a_school_year_twice_adds_nothing(session_factory):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        result = calendar.import_school_year(s, YEAR, role=ADMIN)
    # 1 Nov, 11 Nov, 25 Dec, 1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday,
    # 14 July, 15 August.
    assert result.public_holidays == 11
    assert result.school_holidays == 6  # Toussaint, Noël, hiver, printemps, pont, été
    assert result.zone is SchoolZone.A
    assert result.sentence() == (
        "Ajouté : 11 jours fériés et 6 périodes de vacances scolaires (Zone A)."
    )
    with session_factory() as s:
        rows = _periods(s)
        first, last = calendar.school_year_bounds(YEAR)
        assert all(r.end_date >= first and r.start_date <= last for r in rows)
        assert all(r.source is CalendarSource.IMPORTED for r in rows)
        holidays = {r.start_date: r.label for r in _periods(s, CalendarKind.PUBLIC_HOLIDAY)}
        assert holidays[dt.date(2027, 3, 29)] == "Lundi de Pâques"
        assert dt.date(2026, 7, 14) not in holidays  # the school year before
        christmas = next(r for r in rows if r.label == "Vacances de Noël")
        assert (christmas.start_date, christmas.end_date) == (
            dt.date(2026, 12, 19), dt.date(2027, 1, 3))
        summer = _periods(s, CalendarKind.SUMMER_HOLIDAYS)
        assert [(r.start_date, r.zone) for r in summer] == [(dt.date(2027, 7, 3), SchoolZone.A)]
        last_change = s.scalar(select(func.max(ChangeLog.id)))
        logged = s.scalar(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name == "calendar_period", ChangeLog.actor == "staff:chrystelle"))
        assert logged == 17
    with db.transaction(session_factory, "staff:chrystelle") as s:
        again = calendar.import_school_year(s, YEAR, role=ADMIN)
    assert (again.added, again.sentence()) == (
        0, "Rien à ajouter : ce calendrier était déjà à jour.")
    with session_factory() as s:
        assert len(_periods(s)) == 17
        assert s.scalar(select(func.max(ChangeLog.id))) == last_change


def test_the_import_follows_the_communes_zone(session_factory):
    _zone(session_factory, SchoolZone.C)
    with db.transaction(session_factory, "staff:test") as s:
        result = calendar.import_school_year(s, YEAR, role=ADMIN)
    assert result.zone is SchoolZone.C
    expected = {
        (start, end) for start, end, _ in calendar.school_holiday_periods(SchoolZone.C, 2026, 2027)
        if end >= dt.date(2026, 9, 1) and start <= dt.date(2027, 8, 31)
    }
    with session_factory() as s:
        school = [r for r in _periods(s) if r.kind is not CalendarKind.PUBLIC_HOLIDAY]
        assert {r.zone for r in school} == {SchoolZone.C}
        assert {(r.start_date, r.end_date) for r in school} == expected
        # Zone C's spring holidays, not zone A's (10-25 April 2027).
        assert (dt.date(2027, 4, 3), dt.date(2027, 4, 18)) in expected
        assert (dt.date(2027, 4, 10), dt.date(2027, 4, 25)) not in expected
        # The screen lists the commune's zone only.
        listed = calendar.list_periods(s, *calendar.school_year_bounds(YEAR))
        assert len(listed) == len(school) + result.public_holidays


def test_importing_needs_the_settings_permission(session_factory):
    with db.transaction(session_factory, "staff:nancy") as s, pytest.raises(PermissionDenied):
        calendar.import_school_year(s, YEAR, role="agent")
    with session_factory() as s:
        assert _periods(s) == []


def _structure(session_factory, name="Accueil de Loisirs") -> int:
    with db.transaction(session_factory, "staff:test") as s:
        return commune.create_structure(s, name).id


def _add(session_factory, role=ADMIN, **data):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        return calendar.add_period(s, data, role=role).id


CLOSURE = {"kind": "closure", "start_date": "15/05/2027", "end_date": "15/05/2027",
           "label": "Pont de l'Ascension"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "14/05/2027"}, "end_date", "La date de fin est avant la date de début."),
        ({"label": "   "}, "label", "Indiquez le motif de la fermeture"),
        ({"structure_id": 9999}, "structure_id", "Cette structure n'existe pas"),
        ({"start_date": "31/02/2027"}, "start_date", "Cette date n'existe pas."),
        ({"start_date": ""}, "start_date", "Ce champ est obligatoire."),
        ({"end_date": "15/05/2029"}, "end_date", "Une période dure un an au plus"),
        ({"kind": "vacances"}, "kind", "Choix invalide."),
    ],
)
def test_a_bad_period_is_refused_with_the_field_named(session_factory, changes, field, message):
    with pytest.raises(ValidationError) as err:
        _add(session_factory, **{**CLOSURE, **changes})
    assert err.value.errors[field].startswith(message), err.value.errors
    with session_factory() as s:
        assert _periods(s) == []


def test_kind_specific_rules(session_factory):
    structure_id = _structure(session_factory)
    with pytest.raises(ValidationError) as err:
        _add(session_factory, kind="public_holiday", start_date="01/05/2027",
             end_date="02/05/2027", label="Fête du Travail")
    assert err.value.errors == {
        "end_date": "Un jour férié dure un seul jour : la fin est le même jour."}
    with pytest.raises(ValidationError) as err:
        _add(session_factory, kind="short_holidays", start_date="13/02/2027",
             end_date="28/02/2027", label="Hiver", structure_id=structure_id)
    assert "Seule une fermeture" in err.value.errors["structure_id"]
    _add(session_factory, kind="public_holiday", start_date="01/05/2027",
         end_date="01/05/2027", label="Fête du Travail")
    with pytest.raises(ValidationError) as err:
        _add(session_factory, kind="public_holiday", start_date="01/05/2027",
             end_date="01/05/2027", label="1er mai")
    assert err.value.errors == {"start_date": "Un jour férié est déjà enregistré ce jour-là."}


def test_add_edit_delete_a_closure(session_factory):
    structure_id = _structure(session_factory)
    _zone(session_factory, SchoolZone.B)
    period_id = _add(session_factory, **{**CLOSURE, "structure_id": str(structure_id)})
    holidays_id = _add(session_factory, kind="short_holidays", start_date="20/02/2027",
                       end_date="07/03/2027", label="Vacances d'hiver (saisies)")
    one_day = _add(session_factory, **{**CLOSURE, "start_date": "14/05/2027", "end_date": ""})
    with session_factory() as s:
        assert s.get(CalendarPeriod, one_day).end_date == dt.date(2027, 5, 14)  # one day
        period = s.get(CalendarPeriod, period_id)
        assert (period.kind, period.start_date, period.structure_id, period.zone, period.source) \
            == (CalendarKind.CLOSURE, dt.date(2027, 5, 15), structure_id, None,
                CalendarSource.MANUAL)
        assert s.get(CalendarPeriod, holidays_id).zone is SchoolZone.B  # the commune's zone
        version = period.version
    with db.transaction(session_factory, "staff:chrystelle") as s:
        calendar.update_period(s, period_id, {"end_date": "16/05/2027", "structure_id": ""},
                               version, role=ADMIN)
    with session_factory() as s:
        period = s.get(CalendarPeriod, period_id)
        assert (period.end_date, period.structure_id) == (dt.date(2027, 5, 16), None)
        version = period.version
    # A bad change leaves the period as it was.
    with db.transaction(session_factory, "staff:chrystelle") as s, \
            pytest.raises(ValidationError) as err:
        calendar.update_period(s, period_id, {"start_date": "17/05/2027"}, version, role=ADMIN)
    assert err.value.errors == {"end_date": "La date de fin est avant la date de début."}
    with db.transaction(session_factory, "staff:chrystelle") as s:
        calendar.delete_period(s, period_id, version, role=ADMIN)
    with session_factory() as s:
        assert s.get(CalendarPeriod, period_id) is None
        kinds = s.scalars(select(ChangeLog.action).where(
            ChangeLog.table_name == "calendar_period", ChangeLog.row_id == period_id)).all()
        assert [k.value for k in kinds] == ["insert", "update", "delete"]
    with db.transaction(session_factory, "staff:chrystelle") as s, pytest.raises(NotFoundError):
        calendar.delete_period(s, period_id, version, role=ADMIN)


def test_a_stale_change_is_refused_saying_who(session_factory):
    period_id = _add(session_factory, **CLOSURE)
    with session_factory() as s:
        version = s.get(CalendarPeriod, period_id).version
    with db.transaction(session_factory, "staff:nancy") as s:
        calendar.update_period(s, period_id, {"label": "Pont"}, version, role=ADMIN)
    with db.transaction(session_factory, "staff:chrystelle") as s, \
            pytest.raises(ConcurrentEditError) as err:
        calendar.update_period(s, period_id, {"label": "Pont du jeudi"}, version, role=ADMIN)
    assert err.value.who == "nancy"
    assert [(f.name, f.mine, f.theirs) for f in err.value.fields] == [
        ("label", "Pont du jeudi", "Pont")]
    with db.transaction(session_factory, "staff:chrystelle") as s, \
            pytest.raises(ConcurrentEditError):
        calendar.delete_period(s, period_id, version, role=ADMIN)
    with session_factory() as s:
        assert s.get(CalendarPeriod, period_id).label == "Pont"


def test_editing_needs_the_settings_permission(session_factory):
    with pytest.raises(PermissionDenied) as err:
        _add(session_factory, role="agent", **CLOSURE)
    assert "ne permet pas de modifier les paramètres" in str(err.value)
    period_id = _add(session_factory, **CLOSURE)
    for call in (
        lambda s: calendar.update_period(s, period_id, {"label": "x"}, role="animateur"),
        lambda s: calendar.delete_period(s, period_id, role="agent"),
    ):
        with db.transaction(session_factory, "staff:test") as s, pytest.raises(PermissionDenied):
            call(s)


def test_the_year_view_marks_each_day(session_factory):
    structure_id = _structure(session_factory)
    with db.transaction(session_factory, "staff:test") as s:
        calendar.import_school_year(s, YEAR, role=ADMIN)
    _add(session_factory, **CLOSURE)  # Saturday 15 May 2027, during no holidays
    _add(session_factory, kind="closure", start_date="21/10/2026", end_date="23/10/2026",
         label="Inventaire", structure_id=structure_id)
    with session_factory() as s:
        marks = calendar_year.year_marks(s, YEAR)
    assert marks[dt.date(2026, 11, 11)].state is CellState.PUBLIC_HOLIDAY
    assert marks[dt.date(2026, 11, 11)].lines == ("Jour férié : Armistice",)
    assert marks[dt.date(2027, 5, 15)].state is CellState.CLOSURE
    assert not marks[dt.date(2027, 5, 15)].structure_only
    assert marks[dt.date(2026, 10, 20)].state is CellState.SHORT_HOLIDAYS
    # A structure's closure during the holidays: the closure shows, for that structure only.
    inventory = marks[dt.date(2026, 10, 21)]
    assert (inventory.state, inventory.structure_only) == (CellState.CLOSURE, True)
    assert inventory.lines == (
        "Fermeture (Accueil de Loisirs) : Inventaire",
        "Petites vacances : Vacances de la Toussaint",
    )
    assert marks[dt.date(2027, 7, 20)].state is CellState.SUMMER_HOLIDAYS
    # Christmas Day: a public holiday during the holidays.
    assert marks[dt.date(2026, 12, 25)].state is CellState.PUBLIC_HOLIDAY
    assert dt.date(2026, 9, 15) not in marks  # a school day
    assert min(marks) >= dt.date(2026, 9, 1) and max(marks) <= dt.date(2027, 8, 31)


# --------------------------------------------------------------------------- places per day


def _service(session_factory) -> int:
    structure_id = _structure(session_factory)
    with db.transaction(session_factory, "staff:test") as s:
        return commune.create_service(
            s, structure_id, {"name": "ALSH", "code": "ALSH", "unit": "day", "capacity": 24}).id


def test_places_of_a_day(session_factory):
    service_id = _service(session_factory)
    trip = dt.date(2027, 4, 14)
    with db.transaction(session_factory, "staff:nancy") as s:
        capacity.set_day_capacity(s, service_id, "14/04/2027", "16", 0, role="agent")
        capacity.set_day_capacity(s, service_id, dt.date(2027, 4, 21), 30, role="agent")
    with session_factory() as s:
        assert capacity.day_capacities(s, service_id, dt.date(2027, 4, 1),
                                       dt.date(2027, 4, 30)) == {trip: 16,
                                                                 dt.date(2027, 4, 21): 30}
        assert capacity.day_capacities(s, service_id, dt.date(2027, 4, 15),
                                       dt.date(2027, 4, 20)) == {}
        rows = capacity.list_day_capacities(s, service_id)
        assert [(r.day, r.capacity) for r in rows] == [(trip, 16), (dt.date(2027, 4, 21), 30)]
        version = rows[0].version
    # Changed, checked against the version seen.
    with db.transaction(session_factory, "staff:nancy") as s:
        capacity.set_day_capacity(s, service_id, trip, "12", version, role="agent")
    with db.transaction(session_factory, "staff:paul") as s, \
            pytest.raises(ConcurrentEditError) as err:
        capacity.set_day_capacity(s, service_id, trip, "20", version, role="agent")
    assert err.value.who == "nancy"
    # Seen as without places of its own, set meanwhile: a conflict too.
    with db.transaction(session_factory, "staff:paul") as s, pytest.raises(ConcurrentEditError):
        capacity.set_day_capacity(s, service_id, trip, "20", 0, role="agent")
    with db.transaction(session_factory, "staff:nancy") as s:
        assert capacity.clear_day_capacity(s, service_id, trip, version + 1, role="agent")
        assert not capacity.clear_day_capacity(s, service_id, trip, role="agent")
    with session_factory() as s:
        assert capacity.day_capacities(s, service_id, trip, trip) == {}
        assert s.scalar(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.table_name == "service_day_capacity")) == 4


@pytest.mark.parametrize(
    ("day", "places", "field", "message"),
    [
        ("14/04/2027", "0", "capacity", "Entre 1 et 10000."),
        ("14/04/2027", "-2", "capacity", "Entre 1 et 10000."),
        ("14/04/2027", "douze", "capacity", "Nombre entier attendu."),
        ("14/04/2027", "", "capacity", "Ce champ est obligatoire."),
        ("14/04/2027", "12,5", "capacity", "Nombre entier attendu."),
        ("", "12", "day", "Ce champ est obligatoire."),
        ("32/04/2027", "12", "day", "Cette date n'existe pas."),
    ],
)
def test_bad_places_are_refused(session_factory, day, places, field, message):
    service_id = _service(session_factory)
    with db.transaction(session_factory, "staff:test") as s, \
            pytest.raises(ValidationError) as err:
        capacity.set_day_capacity(s, service_id, day, places, role=ADMIN)
    assert err.value.errors[field] == message
    with session_factory() as s:
        assert s.scalars(select(ServiceDayCapacity)).first() is None


def test_places_need_the_settings_or_planning_permission(session_factory):
    service_id = _service(session_factory)
    with db.transaction(session_factory, "staff:test") as s:
        with pytest.raises(NotFoundError):
            capacity.set_day_capacity(s, 9999, "14/04/2027", 10, role=ADMIN)
    with db.transaction(session_factory, "staff:test") as s:
        capacity.set_day_capacity(s, service_id, "14/04/2027", 10, role="agent")
    # An animateur does the pointage, nothing else of the planning: not the places.
    with pytest.raises(PermissionDenied):
        with db.transaction(session_factory, "staff:test") as s:
            capacity.set_day_capacity(s, service_id, "21/04/2027", 10, role="animateur")
