"""Staff decisions on requests: accept (the change applied in the same transaction), refuse
with a motive, batches, automatic acceptance, planning context and the side-by-side rows."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from portail_admin.core import clock, db
from portail_admin.core.errors import (
    ConcurrentEditError,
    PermissionDenied,
    ValidationError,
)
from portail_admin.core.models import (
    AuthorisedPerson,
    ChangeLog,
    Child,
    Enrolment,
    Family,
    PlanningCell,
    Request,
    Service,
    Structure,
    utcnow,
)
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    GuardianRole,
    RequestKind,
    RequestStatus,
    ServiceUnit,
)
from portail_admin.core.services import children, decisions, families, requests, staff

DUPONT = {"civility": "M", "last_name": "Dupont", "first_name": "Jean", "quality": "father",
          "situation": "separated", "address": "12 rue des Bonbons", "postal_code": "31400",
          "city": "Saint - Jean", "phone_home": "01.02.03.04.05",
          "email": "jean.dupont@wanadoo.fr"}
EVERY_DAY = 0b1111111


def _service(s, name: str, code: str, **kw) -> Service:
    structure = s.scalar(select(Structure).where(Structure.name == "Accueil de Loisirs"))
    if structure is None:
        structure = Structure(name="Accueil de Loisirs")
        s.add(structure)
    values = dict(unit=ServiceUnit.DAY, weekdays=EVERY_DAY, open_in_term=True,
                  open_in_holidays=True, capacity=None, booking_deadline_days=2,
                  auto_accept=False)
    values.update(kw)
    service = Service(structure=structure, name=name, code=code, **values)
    s.add(service)
    s.flush()
    return service


def _child(s, family_id: int, first_name: str, service: Service, pattern: int = 0) -> Child:
    child = children.add_child(s, family_id, {"last_name": "Dupont", "first_name": first_name,
                                               "birth_date": "2018-03-12"})
    today = clock.today()
    s.add(Enrolment(child_id=child.id, service_id=service.id, start_date=today - dt.timedelta(60),
                    end_date=today + dt.timedelta(365), weekly_pattern=pattern))
    s.flush()
    return child


@pytest.fixture
def world(session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        family = families.create_family(s, DUPONT, {"last_name": "Dupont",
                                                    "first_name": "Jeanne"},
                                        family_number="1001001818331")
        alsh = _service(s, "ALSH Mercredi", "ALSHM")
        auto = _service(s, "ALSH Vacances", "ALSHV", auto_accept=True, capacity=2)
        child = _child(s, family.id, "Léa", alsh)
        s.add(Enrolment(child_id=child.id, service_id=auto.id, start_date=clock.today(),
                        end_date=clock.today() + dt.timedelta(365), weekly_pattern=0))
        nancy = staff.create_staff_user(s, "nancy", "Nancy", "agent", "Secret123")
        anim = staff.create_staff_user(s, "paul", "Paul", "animateur", "Secret123")
        return SimpleNamespace(family_id=family.id, child_id=child.id, alsh_id=alsh.id,
                               auto_id=auto.id, nancy=staff.identity_of(nancy),
                               anim=staff.identity_of(anim))


def _request(s, w, kind: RequestKind, new=None, old=None, **kw) -> Request:
    request = Request(family_id=w.family_id, kind=kind, new_values=new or {},
                      old_values=old or {}, **kw)
    s.add(request)
    s.flush()
    return request


def _booking(s, w, kind, day, service_id=None, child_id=None, created_at=None) -> Request:
    return _request(s, w, kind, child_id=child_id or w.child_id,
                    service_id=service_id or w.alsh_id, day=day,
                    created_at=created_at or utcnow())


def _cell(s, child_id, service_id, day) -> PlanningCell | None:
    return s.scalar(select(PlanningCell).where(PlanningCell.child_id == child_id,
                                               PlanningCell.service_id == service_id,
                                               PlanningCell.day == day))


def _at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=clock.COMMUNE_TZ)


# ----------------------------------------------------------------------------- record changes


def test_accepting_a_guardian_change_applies_it(session_factory, world):
    with db.transaction(session_factory, "parent:1001001818331") as s:
        request_id = _request(s, world, RequestKind.GUARDIAN,
                              old={"city": "SAINT - JEAN", "phone_mobile": ""},
                              new={"city": "Alix", "phone_mobile": "06 12 34 56 78"}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        request = decisions.accept(s, request_id, world.nancy, expected_version=1)
        assert request.status is RequestStatus.ACCEPTED
    with session_factory() as s:
        family = s.get(Family, world.family_id)
        assert family.primary.city == "ALIX"
        assert family.primary.phone_mobile == "+33612345678"
        request = s.get(Request, request_id)
        assert request.decided_by_id == world.nancy.id and request.decided_at is not None
        logged = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "guardian",
                                                   ChangeLog.action == "update")).one()
        assert logged.actor == "staff:nancy"


def test_accepting_tax_caf_bank_and_health(session_factory, world):
    today = clock.today().isoformat()
    with db.transaction(session_factory) as s:
        ids = [
            _request(s, world, RequestKind.CAF, new={"attachment_body": "caf",
                                                     "allocataire_number": "1234567",
                                                     "quotient_familial": "612.50",
                                                     "qf_date": today}).id,
            _request(s, world, RequestKind.BANK, new={"account_holder": "Dupont Jean",
                                                      "iban": "FR7630006000011234567890189"}).id,
            _request(s, world, RequestKind.HEALTH, child_id=world.child_id,
                     new={"allergies": "Arachide", "has_pai": True}).id,
            _request(s, world, RequestKind.PARTNER, new={"city": "Lyon"}).id,
        ]
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, ids, world.nancy)
    assert result.ok and result.done == ids
    with session_factory() as s:
        family = s.get(Family, world.family_id)
        assert str(family.quotient_familial) == "612.50"
        assert family.iban == "FR7630006000011234567890189"
        assert family.account_holder == "DUPONT JEAN"
        assert family.partner.city == "LYON"
        assert s.get(Child, world.child_id).health.allergies == "Arachide"


def test_child_add_creates_the_child_and_links_it(session_factory, world):
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.CHILD_ADD,
                              new={"last_name": "Dupont", "first_name": "Tom",
                                   "birth_date": "2021-05-02", "sex": "M",
                                   "consent_photo": True}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, request_id, world.nancy)
    with session_factory() as s:
        request = s.get(Request, request_id)
        tom = s.get(Child, request.child_id)
        assert tom.first_name == "TOM" and tom.family_id == world.family_id
        assert tom.birth_date == dt.date(2021, 5, 2) and tom.consent_photo


def test_consents_and_authorised_persons(session_factory, world):
    with db.transaction(session_factory) as s:
        kept = children.add_authorised_person(s, world.child_id, {
            "last_name": "Martin", "first_name": "Paul", "relationship_": "Oncle"})
        children.add_authorised_person(s, world.child_id, {
            "last_name": "Durand", "first_name": "Zoé"})
        kept_id = kept.id
        request_id = _request(
            s, world, RequestKind.CONSENTS, child_id=world.child_id,
            old={"consent_outings": False},
            new={"consent_outings": True, "authorised_persons": [
                {"last_name": "MARTIN", "first_name": "PAUL", "relationship_": "Parrain",
                 "phone": "0612345678"},
                {"last_name": "Petit", "first_name": "Ana", "relationship_": "Voisine",
                 "phone": ""},
            ]}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, request_id, world.nancy)
    with session_factory() as s:
        child = s.get(Child, world.child_id)
        assert child.consent_outings
        persons = {(p.last_name, p.relationship_): p.id for p in child.authorised_persons}
        assert persons == {("MARTIN", "Parrain"): kept_id, ("PETIT", "Voisine"): persons[
            ("PETIT", "Voisine")]}
        assert s.scalar(select(func.count(AuthorisedPerson.id))) == 2


def test_invalid_values_are_refused_at_acceptance_and_nothing_changes(session_factory, world):
    with db.transaction(session_factory) as s:
        bad = _request(s, world, RequestKind.GUARDIAN,
                       new={"city": "Alix", "email": "jean@"}).id
        good = _request(s, world, RequestKind.PARTNER, new={"city": "Lyon"}).id
    with pytest.raises(ValidationError) as err, \
            db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, bad, world.nancy)
    assert err.value.errors == {"email": "Email : Adresse e-mail invalide."}
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, [bad, good], world.nancy)
    assert result.done == [good] and "Adresse e-mail invalide" in result.failed[bad]
    assert result.summary() == "1 demande acceptée, 1 non traitée."
    with session_factory() as s:
        family = s.get(Family, world.family_id)
        assert family.primary.city == "SAINT - JEAN" and family.partner.city == "LYON"
        assert s.get(Request, bad).status is RequestStatus.PENDING


def test_refusing_needs_a_motive_and_changes_nothing(session_factory, world):
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
    for motive in ("", "   ", None):
        with pytest.raises(ValidationError) as err, \
                db.transaction(session_factory, world.nancy.actor) as s:
            decisions.refuse(s, request_id, motive, world.nancy)
        assert "motif" in err.value.errors["motive"]
    with session_factory() as s:
        request = s.get(Request, request_id)
        assert request.status is RequestStatus.PENDING and request.version == 1
        assert request.decided_at is None
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.refuse(s, request_id, "  Justificatif de domicile manquant. ", world.nancy)
    with session_factory() as s:
        request = s.get(Request, request_id)
        assert request.status is RequestStatus.REFUSED
        assert request.motive == "Justificatif de domicile manquant."
        assert s.get(Family, world.family_id).primary.city == "SAINT - JEAN"
        assert decisions.decision_label(request).startswith("Refusée le ")


def test_deciding_twice_is_refused(session_factory, world):
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, request_id, world.nancy)
    with pytest.raises(decisions.AlreadyDecided, match="déjà été acceptée .* par Nancy"), \
            db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, request_id, world.nancy)
    with pytest.raises(decisions.AlreadyDecided, match="déjà été acceptée"), \
            db.transaction(session_factory, world.nancy.actor) as s:
        decisions.refuse(s, request_id, "Non", world.nancy)
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.refuse_many(s, [request_id], "Non", world.nancy)
    assert result.done == [] and "déjà été acceptée" in result.failed[request_id]


def test_stale_version_is_refused(session_factory, world):
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
        s.get(Request, request_id).new_values = {"city": "Lyon"}  # the family edits it: v2
    with pytest.raises(ConcurrentEditError), \
            db.transaction(session_factory, world.nancy.actor) as s:
        decisions.accept(s, request_id, world.nancy, expected_version=1)
    with session_factory() as s:
        assert s.get(Request, request_id).status is RequestStatus.PENDING


def test_permissions_of_deciders(session_factory, world):
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
        _request(s, world, RequestKind.BANK, new={"bank_name": "Crédit"})
    with pytest.raises(PermissionDenied, match="Animateur"), \
            db.transaction(session_factory, world.anim.actor) as s:
        decisions.accept(s, request_id, world.anim)
    with session_factory() as s:
        assert decisions.pending_requests(s, role=world.anim.role) == []
        assert decisions.pending_count(s, role=world.anim.role) == 0
        assert decisions.pending_count(s, role=world.nancy.role) == 2
        assert decisions.pending_count(s) == 2
        assert [r.kind for r in decisions.pending_requests(s, kind=RequestKind.BANK)] == [
            RequestKind.BANK]


def test_pending_requests_by_id_leave_out_those_decided(session_factory, world):
    """The desktop reads again only the requests a change concerns."""
    with db.transaction(session_factory) as s:
        first = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
        second = _request(s, world, RequestKind.BANK, new={"bank_name": "Crédit"}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.refuse(s, first, "Non", world.nancy)
    with session_factory() as s:
        assert [r.id for r in decisions.pending_requests(s, ids=[first, second])] == [second]
        assert decisions.pending_requests(s, ids=[]) == []


# ----------------------------------------------------------------------------- bookings


def test_accepting_twenty_reservations_at_once(session_factory, world):
    start = clock.today() + dt.timedelta(days=10)
    with db.transaction(session_factory) as s:
        ids = [_booking(s, world, RequestKind.RESERVATION, start + dt.timedelta(days=i)).id
               for i in range(20)]
        # One day already has a cell (recorded absence): the reservation books it again.
        s.add(PlanningCell(child_id=world.child_id, service_id=world.alsh_id, day=start,
                           booking=Booking.RESERVED, attendance=Attendance.ABSENT_EXCUSED))
    with session_factory() as s:
        listed = decisions.pending_requests(s, child_id=world.child_id)
        assert [r.id for r in listed] == sorted(ids, reverse=True)  # newest first
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, ids, world.nancy)
    assert result.ok and len(result.done) == 20
    assert result.summary() == "20 demandes acceptées."
    with session_factory() as s:
        cells = s.scalars(select(PlanningCell).where(PlanningCell.child_id == world.child_id))
        states = {c.day: (c.booking, c.attendance) for c in cells}
        assert len(states) == 20
        assert set(states.values()) == {(Booking.RESERVED, Attendance.UNKNOWN)}
        statuses = s.scalars(select(Request.status).where(Request.id.in_(ids))).all()
        assert set(statuses) == {RequestStatus.ACCEPTED}


def test_absence_before_and_after_deadline(session_factory, world):
    day = clock.today() + dt.timedelta(days=10)
    deadline = day - dt.timedelta(days=2)
    with db.transaction(session_factory) as s:
        for offset in (0, 1):
            s.add(PlanningCell(child_id=world.child_id, service_id=world.alsh_id,
                               day=day + dt.timedelta(days=offset), booking=Booking.RESERVED))
        s.flush()
        on_time = _booking(s, world, RequestKind.ABSENCE, day,
                           created_at=_at_noon(deadline)).id
        # The next day's deadline is one day later: 00:30 two days after `deadline` is late.
        late = _booking(s, world, RequestKind.ABSENCE, day + dt.timedelta(days=1),
                        created_at=dt.datetime.combine(deadline + dt.timedelta(days=2),
                                                       dt.time(0, 30),
                                                       tzinfo=clock.COMMUNE_TZ)).id
    with session_factory() as s:
        ctx = decisions.planning_context(s, s.get(Request, on_time))
        assert ctx.on_time and ctx.outcome == "Absent excusé" and ctx.deadline == deadline
        assert ctx.state_label == "Réservé" and ctx.booked
        late_ctx = decisions.planning_context(s, s.get(Request, late))
        assert not late_ctx.on_time and late_ctx.outcome == "Absent facturé"
        assert any("hors délai" in w for w in late_ctx.warnings)
    with db.transaction(session_factory, world.nancy.actor) as s:
        assert decisions.accept_many(s, [on_time, late], world.nancy).ok
    with session_factory() as s:
        assert _cell(s, world.child_id, world.alsh_id, day).attendance is \
            Attendance.ABSENT_EXCUSED
        assert _cell(s, world.child_id, world.alsh_id, day + dt.timedelta(days=1)).attendance \
            is Attendance.ABSENT_BILLED


def test_deadline_uses_the_commune_time_zone(session_factory, world):
    day = clock.today() + dt.timedelta(days=10)
    deadline = day - dt.timedelta(days=2)
    # 00:30 in Paris the day after the deadline is still the deadline day in UTC: late.
    just_after = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(0, 30),
                                     tzinfo=clock.COMMUNE_TZ).astimezone(dt.UTC)
    assert just_after.date() == deadline
    with db.transaction(session_factory) as s:
        s.add(PlanningCell(child_id=world.child_id, service_id=world.alsh_id, day=day,
                           booking=Booking.RESERVED))
        request = _booking(s, world, RequestKind.ABSENCE, day, created_at=just_after)
        assert decisions.requested_on(request) == deadline + dt.timedelta(days=1)
        assert not decisions.planning_context(s, request).on_time


def test_absence_on_a_regular_day_without_cell_and_on_an_unbooked_day(session_factory, world):
    with db.transaction(session_factory) as s:
        service = s.get(Service, world.alsh_id)
        other = _child(s, world.family_id, "Tom", service, pattern=EVERY_DAY)
        day = clock.today() + dt.timedelta(days=5)
        regular = _booking(s, world, RequestKind.ABSENCE, day, child_id=other.id).id
        unbooked = _booking(s, world, RequestKind.ABSENCE, day).id
        other_id = other.id
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, [regular, unbooked], world.nancy)
    assert result.done == [regular] and "pas réservé" in result.failed[unbooked]
    with session_factory() as s:
        cell = _cell(s, other_id, world.alsh_id, day)
        assert (cell.booking, cell.attendance) == (Booking.REGULAR, Attendance.ABSENT_EXCUSED)
        assert _cell(s, world.child_id, world.alsh_id, day) is None


def test_refused_reservation_leaves_the_planning_alone(session_factory, world):
    day = clock.today() + dt.timedelta(days=7)
    with db.transaction(session_factory) as s:
        request_id = _booking(s, world, RequestKind.RESERVATION, day).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        decisions.refuse_many(s, [request_id], "Sortie complète", world.nancy)
    with session_factory() as s:
        assert _cell(s, world.child_id, world.alsh_id, day) is None
        assert s.get(Request, request_id).motive == "Sortie complète"


# ----------------------------------------------------------------------------- automatic


def test_auto_accept_inside_the_deadline(session_factory, world):
    day = clock.today() + dt.timedelta(days=5)
    with db.transaction(session_factory, "parent:1001001818331") as s:
        request = _booking(s, world, RequestKind.RESERVATION, day, service_id=world.auto_id)
        assert decisions.try_auto_accept(s, request) is True
        assert s.info["actor"] == "parent:1001001818331"
        request_id = request.id
    with session_factory() as s:
        request = s.get(Request, request_id)
        assert request.status is RequestStatus.ACCEPTED and request.decided_by_id is None
        assert decisions.decision_label(request).endswith("automatiquement")
        cell = _cell(s, world.child_id, world.auto_id, day)
        assert cell.booking is Booking.RESERVED
        log = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "planning_cell")).one()
        assert log.actor == "system"


def test_auto_accept_outside_the_deadline_waits_for_staff(session_factory, world):
    day = clock.today() + dt.timedelta(days=1)  # the deadline (2 days before) has passed
    with db.transaction(session_factory, "parent:1001001818331") as s:
        request = _booking(s, world, RequestKind.RESERVATION, day, service_id=world.auto_id)
        assert decisions.try_auto_accept(s, request) is False
        assert request.status is RequestStatus.PENDING
        assert _cell(s, world.child_id, world.auto_id, day) is None


def test_auto_accept_at_capacity_waits_for_staff(session_factory, world):
    day = clock.today() + dt.timedelta(days=5)
    with db.transaction(session_factory) as s:
        service = s.get(Service, world.auto_id)
        for name in ("Ana", "Bob"):  # capacity 2: full
            kid = _child(s, world.family_id, name, service)
            s.add(PlanningCell(child_id=kid.id, service_id=service.id, day=day,
                               booking=Booking.RESERVED))
        s.flush()
        request = _booking(s, world, RequestKind.RESERVATION, day, service_id=world.auto_id)
        ctx = decisions.planning_context(s, request)
        assert (ctx.capacity, ctx.booked_count, ctx.places_left) == (2, 2, 0)
        assert any(w.startswith("Complet") for w in ctx.warnings)
        assert decisions.try_auto_accept(s, request) is False
        # One of them is declared absent: a place is free again.
        s.scalars(select(PlanningCell).where(PlanningCell.day == day)).first().attendance = \
            Attendance.ABSENT_EXCUSED
        s.flush()
        assert decisions.planning_context(s, request).places_left == 1
        assert decisions.try_auto_accept(s, request) is True


def test_auto_accept_absence_and_not_on_manual_services(session_factory, world):
    day = clock.today() + dt.timedelta(days=5)
    with db.transaction(session_factory) as s:
        s.add(PlanningCell(child_id=world.child_id, service_id=world.auto_id, day=day,
                           booking=Booking.RESERVED))
        s.flush()
        absence = _booking(s, world, RequestKind.ABSENCE, day, service_id=world.auto_id)
        assert decisions.try_auto_accept(s, absence) is True
        assert _cell(s, world.child_id, world.auto_id, day).attendance is \
            Attendance.ABSENT_EXCUSED
        manual = _booking(s, world, RequestKind.RESERVATION, day)
        assert decisions.try_auto_accept(s, manual) is False
        record = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"})
        assert decisions.try_auto_accept(s, record) is False


# ----------------------------------------------------------------------------- display


def test_record_change_pairs_are_french_and_formatted(session_factory, world):
    with db.transaction(session_factory) as s:
        request = _request(
            s, world, RequestKind.CAF,
            old={"attachment_body": "none", "quotient_familial": None, "qf_date": None,
                 "allocataire_number": "42"},
            new={"attachment_body": "caf", "quotient_familial": "1234.5",
                 "qf_date": "2015-04-08", "allocataire_number": "42"})
        assert decisions.record_change_pairs(request) == [
            ("Organisme de rattachement", "Aucun", "CAF"),
            ("Quotient familial", "", "1\u202f234,50"),
            ("Date du quotient", "", "08/04/2015"),
        ]
        assert len(decisions.record_change_pairs(request, only_changed=False)) == 4
        guardian = _request(s, world, RequestKind.GUARDIAN,
                            old={"phone_home": "+33102030405", "email_consent": False},
                            new={"phone_home": "+33102030406", "email_consent": True})
        assert decisions.record_change_pairs(guardian) == [
            ("Téléphone domicile", "01.02.03.04.05", "01.02.03.04.06"),
            ("Autorisation courriel", "Non", "Oui"),
        ]
        booking = _booking(s, world, RequestKind.RESERVATION, dt.date(2015, 4, 8))
        rows = decisions.record_change_pairs(booking)
        assert rows[1] == ("Prestation", "", "Accueil de Loisirs — ALSH Mercredi")
        assert rows[2] == ("Jour", "", "Mercredi 8 Avril 2015")


def test_guardian_role_helper_unchanged(session_factory, world):
    """The partner created by a PARTNER request on a family without one needs full values."""
    with db.transaction(session_factory) as s:
        families.remove_partner(s, world.family_id)
        request_id = _request(s, world, RequestKind.PARTNER, new={"city": "Lyon"}).id
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, [request_id], world.nancy)
    assert "Nom" in result.failed[request_id]
    with session_factory() as s:
        assert s.get(Family, world.family_id).guardian(GuardianRole.PARTNER) is None


def test_a_colleague_decided_first(session_factory, world):
    """Two staff members have the same request open: the second one is told, not obeyed."""
    with db.transaction(session_factory) as s:
        request_id = _request(s, world, RequestKind.GUARDIAN, new={"city": "Alix"}).id
    with session_factory() as slow:
        assert slow.get(Request, request_id).status is RequestStatus.PENDING  # opened
        with db.transaction(session_factory, "staff:chrystelle") as fast:
            decisions.refuse(fast, request_id, "Pièce manquante", world.nancy)
        with pytest.raises(decisions.AlreadyDecided, match="déjà été refusée"):
            decisions.accept(slow, request_id, world.nancy)
        slow.rollback()
    with session_factory() as s:
        assert s.get(Family, world.family_id).primary.city == "SAINT - JEAN"


def test_with_the_portal_request_services(session_factory, world):
    """End to end with services/requests.py (the parents' side)."""
    with db.transaction(session_factory, "parent:1001001818331") as s:
        change = requests.request_family_change(s, world.family_id, RequestKind.GUARDIAN,
                                                {"city": "Alix", "email": "jean@alix.fr"})
        persons = requests.request_child_change(
            s, world.family_id, world.child_id, RequestKind.CONSENTS, {"consent_photo": True},
            authorised_persons=[{"last_name": "Martin", "first_name": "Paul",
                                 "relationship_": "Oncle", "phone": "06 12 34 56 78"}])
        booking = requests.request_booking(s, world.family_id, world.child_id, world.auto_id,
                                           clock.today() + dt.timedelta(days=5),
                                           RequestKind.RESERVATION)
        ids = (change.id, persons.id, booking.id)
        assert booking.status is RequestStatus.ACCEPTED  # the service accepts automatically
        rows = decisions.record_change_pairs(change)
        assert ("Ville", "SAINT - JEAN", "ALIX") in rows
    with db.transaction(session_factory, world.nancy.actor) as s:
        result = decisions.accept_many(s, ids, world.nancy)
    assert result.done == list(ids[:2]) and "automatiquement" in result.failed[ids[2]]
    with session_factory() as s:
        family = s.get(Family, world.family_id)
        assert (family.primary.city, family.primary.email) == ("ALIX", "jean@alix.fr")
        child = s.get(Child, world.child_id)
        assert child.consent_photo
        assert [(p.last_name, p.phone) for p in child.authorised_persons] == [
            ("MARTIN", "+33612345678")]


def test_two_deciders_at_the_same_time(session_factory, world):
    """Two PCs accept the same reservation at once: one wins, the other is told."""
    day = clock.today() + dt.timedelta(days=9)
    with db.transaction(session_factory) as s:
        request_id = _booking(s, world, RequestKind.RESERVATION, day).id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide() -> None:
        try:
            with db.transaction(session_factory, world.nancy.actor) as s:
                barrier.wait(timeout=10)
                decisions.accept(s, request_id, world.nancy)
            outcomes.append("accepted")
        except (decisions.AlreadyDecided, ConcurrentEditError) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=decide) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["AlreadyDecided", "accepted"]
    with session_factory() as s:
        assert s.scalar(select(func.count(PlanningCell.id))) == 1
