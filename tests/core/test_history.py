"""The Historique of a family and of a child (who, when, what, old → new) and the log of who
opened a child's health data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from portail_admin.core import changefeed, db
from portail_admin.core.clock import COMMUNE_TZ
from portail_admin.core.errors import PermissionDenied
from portail_admin.core.models import HealthAccess, PlanningCell
from portail_admin.core.models.enums import Booking, ChangeAction, GuardianRole, RequestKind
from portail_admin.core.services import (
    children,
    decisions,
    families,
    history,
    messages,
    requests,
    staff,
)
from portail_admin.core.services.health_access import (
    health_access_log,
    read_health,
    record_health_access,
)

from ..world import DUPONT_LOGIN, build_world

PARENT = f"parent:{DUPONT_LOGIN}"
VALID_IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def nancy(session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        user = staff.create_staff_user(s, "nancy", "Nancy Martin", "agent", "Alix2015")
        return staff.identity_of(user)


def _history(session_factory, family_id, role="admin", **kw):
    with session_factory() as s:
        return history.family_history(s, family_id, role, **kw)


def _all(session_factory, family_id, role="admin"):
    return _history(session_factory, family_id, role, limit=1000).entries


def test_staff_then_portal_then_decision_read_back_in_order(world, nancy, session_factory):
    with db.transaction(session_factory, nancy.actor) as s:
        families.update_guardian(
            s, world.dupont_id, GuardianRole.PRIMARY, {"email": "jean@exemple.fr"}
        )
    with db.transaction(session_factory, PARENT) as s:
        request_id = requests.request_family_change(
            s, world.dupont_id, RequestKind.GUARDIAN, {"phone_mobile": "06 12 34 56 78"}
        ).id
    with db.transaction(session_factory, nancy.actor) as s:
        decisions.accept(s, request_id, nancy)

    entries = _all(session_factory, world.dupont_id)
    top = [(e.who, e.what, e.detail) for e in entries[:4]]
    assert top == [
        (
            "Nancy Martin (mairie)",
            "Demande de modification (Responsable) acceptée par Nancy Martin (mairie)",
            "",
        ),
        (
            "Nancy Martin (mairie)",
            "Responsable modifié\u202f: DUPONT JEAN",
            "Mobile\u202f: (vide) → 06.12.34.56.78",
        ),
        (
            "la famille (portail)",
            "Demande de modification (Responsable) envoyée",
            "Mobile\u202f: (vide) → 06.12.34.56.78",
        ),
        (
            "Nancy Martin (mairie)",
            "Responsable modifié\u202f: DUPONT JEAN",
            "Email\u202f: jean.dupont@wanadoo.fr → jean@exemple.fr",
        ),
    ]
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d", entries[0].when)
    assert entries[0].at.utcoffset() == entries[0].at.astimezone(COMMUNE_TZ).utcoffset()
    # The world's own making, signed "staff:test" (no such account: the login is shown).
    whats = [e.what for e in entries]
    assert "Fiche famille créée" in whats
    assert "Enfant ajouté\u202f: LÉA" in whats
    assert "Conjoint ajouté\u202f: DUPONT JEANNE" in whats
    assert {e.who for e in entries[4:]} == {"test"}
    # Nothing of the other family.
    assert not any("MARTIN" in e.what or "HUGO" in e.what for e in entries)


def test_refusal_withdrawal_and_planning_request_name_the_day_and_the_motive(
    world, nancy, session_factory
):
    day = dt.date(2015, 5, 13)  # a Wednesday
    with db.transaction(session_factory, PARENT) as s:
        booking = requests.request_booking(
            s,
            world.dupont_id,
            world.child_id,
            world.services["wednesday"],
            day,
            RequestKind.RESERVATION,
        ).id
        change = requests.request_family_change(
            s, world.dupont_id, RequestKind.TAX, {"tax_shares": "2"}
        ).id
    with db.transaction(session_factory, nancy.actor) as s:
        decisions.refuse(s, booking, "Complet ce jour-là", nancy)
    with db.transaction(session_factory, PARENT) as s:
        requests.withdraw_request(s, world.dupont_id, change)

    entries = _all(session_factory, world.dupont_id)
    title = "Demande de réservation (LÉA, ALSH Mercredi après-midi, le 13/05/2015)"
    fiscal = "Demande de modification (Fiscales)"
    assert [(e.who, e.what, e.detail) for e in entries[:4]] == [
        ("la famille (portail)", f"{fiscal} annulée par la famille", ""),
        (
            "Nancy Martin (mairie)",
            f"{title} refusée par Nancy Martin (mairie)",
            "Motif\u202f: (vide) → Complet ce jour-là",
        ),
        ("la famille (portail)", f"{fiscal} envoyée", "Nombre de parts\u202f: (vide) → 2,00"),
        ("la famille (portail)", f"{title} envoyée", ""),
    ]


def test_messages_from_the_portal_and_who_may_read_them(world, session_factory):
    with db.transaction(session_factory, PARENT) as s:
        messages.send_from_family(s, world.dupont_id, "Absence de Léa", "Elle est malade.")
    entries = _all(session_factory, world.dupont_id)
    assert (entries[0].who, entries[0].what) == (
        "la famille (portail)",
        "Message reçu de la famille\u202f: « Absence de Léa »",
    )
    assert any(e.what == "Message envoyé à la famille\u202f: « Facture d'avril »" for e in entries)
    # An animateur reads neither messages nor requests.
    shown = [e.what for e in _all(session_factory, world.dupont_id, "animateur")]
    assert not any("Message" in what for what in shown)


def test_sensitive_values_stay_hidden(world, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        families.update_family_section(
            s, world.dupont_id, "bank", {"account_holder": "Dupont Jean", "iban": VALID_IBAN}
        )
        children.set_health(s, world.child_id, {"allergies": "Arachide"})
    with db.transaction(session_factory, "staff:test") as s:
        children.set_health(s, world.child_id, {"allergies": "Arachide, kiwi", "diet": "Sans porc"})
    with db.transaction(session_factory, PARENT) as s:
        requests.request_child_change(
            s, world.dupont_id, world.child_id, RequestKind.HEALTH, {"allergies": "Pollen"}
        )
    entries = _all(session_factory, world.dupont_id)
    texts = "\n".join(f"{e.what}\n{e.detail}" for e in entries)
    for secret in ("Arachide", "kiwi", "porc", "Pollen", "FR76", "3000 6000"):
        assert secret not in texts
    health = next(e for e in entries if e.what == "Données sanitaires de LÉA modifiées")
    assert health.detail == "Allergies\u202f: masqué\nRégime alimentaire\u202f: masqué"
    assert next(e for e in entries if "Données sanitaires de LÉA créées" == e.what)
    asked = next(e for e in entries if e.what.startswith("Demande de modification (Données"))
    assert asked.detail == "Allergies\u202f: masqué"
    bank = next(e for e in entries if e.what == "Fiche famille modifiée")
    assert "IBAN\u202f: masqué" in bank.detail.splitlines()
    # A role that may not see bank data does not read even the account holder.
    for entry in _all(session_factory, world.dupont_id, "animateur"):
        if entry.id == bank.id:
            assert all(change.hidden for change in entry.changes)


def test_values_read_in_french(world, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        families.update_guardian(
            s,
            world.dupont_id,
            GuardianRole.PRIMARY,
            {"situation": "married", "email_consent": False},
        )
        families.update_family_section(
            s,
            world.dupont_id,
            "caf",
            {
                "attachment_body": "caf",
                "quotient_familial": "512.5",
                "qf_date": "01/04/2015",
                "qf_source": "caf",
            },
        )
    entries = _all(session_factory, world.dupont_id)
    assert entries[0].detail.splitlines() == [
        "Organisme de rattachement\u202f: Aucun → CAF",
        "Quotient familial\u202f: (vide) → 512,50",
        "Date du quotient\u202f: (vide) → 01/04/2015",
        "Source du quotient\u202f: (vide) → CAF (CDAP)",
    ]
    assert entries[1].detail.splitlines() == [
        "Situation\u202f: Séparé → Marié",
        "Autorisation courriel\u202f: Oui → Non",
    ]


def test_planning_cells_are_summarised_and_bulk_rows_counted(world, session_factory):
    days = [dt.date(2015, 5, 4) + dt.timedelta(days=i) for i in range(14)]
    days = [d for d in days if d.weekday() in (0, 1, 3, 4)][:8]
    with db.transaction(session_factory, "staff:test") as s:
        for day in days:
            s.add(
                PlanningCell(
                    child_id=world.child_id,
                    service_id=world.services["morning"],
                    day=day,
                    booking=Booking.RESERVED,
                )
            )
    with db.transaction(session_factory, "staff:test") as s:
        cell = s.scalars(
            select(PlanningCell).where(
                PlanningCell.day == days[0], PlanningCell.child_id == world.child_id
            )
        ).one()
        cell.booking = Booking.NONE
    with db.transaction(session_factory, "staff:test") as s:
        changefeed.record_bulk_change(
            s,
            "planning_cell",
            ChangeAction.UPDATE,
            count=300,
            family_id=world.dupont_id,
            child_id=world.child_id,
            service_id=world.services["canteen"],
            day_from=dt.date(2015, 5, 4),
            day_to=dt.date(2015, 7, 3),
        )
    entries = _all(session_factory, world.dupont_id)
    assert [(e.what, e.detail, e.count) for e in entries[:3]] == [
        (
            "Planning de LÉA\u202f: 300 cases modifiées (Restauration scolaire, du 04/05/2015 au "
            "03/07/2015)",
            "",
            300,
        ),
        (
            "Planning de LÉA\u202f: jour modifié (Garderie matin, le 04/05/2015)",
            "Réservation\u202f: Réservé → Non réservé",
            1,
        ),
        (
            "Planning de LÉA\u202f: 8 jours ajoutés (Garderie matin, du 04/05/2015 au 15/05/2015)",
            "",
            8,
        ),
    ]
    # The two cells of the world's making (another service) stay apart from them.
    assert (
        "Planning de LÉA\u202f: 2 jours ajoutés (ALSH Mercredi après-midi, du 08/04/2015 au "
        "20/05/2015)" in [e.what for e in entries]
    )


def test_pages_cut_between_entries_and_meet_end_to_end(world, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        for i in range(6):
            s.add(
                PlanningCell(
                    child_id=world.child_id,
                    service_id=world.services["morning"],
                    day=dt.date(2015, 6, 1) + dt.timedelta(days=i),
                )
            )
    for city in ("LYON", "PARIS", "NICE"):
        with db.transaction(session_factory, "staff:test") as s:
            families.update_guardian(s, world.dupont_id, GuardianRole.PRIMARY, {"city": city})
    everything = _all(session_factory, world.dupont_id)
    assert len(everything) > 6
    paged, before = [], None
    while True:
        page = _history(session_factory, world.dupont_id, limit=3, before_id=before)
        assert len(page.entries) <= 3
        paged += page.entries
        if page.before_id is None:
            break
        before = page.before_id
    assert paged == everything
    assert everything[0].detail == "Ville\u202f: PARIS → NICE"
    assert len([e for e in everything if "jours ajoutés (Garderie matin" in e.what]) == 1


def test_child_history_is_the_childs_own(world, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        children.update_child(s, world.child_id, {"school_class": "CM1"})
        children.add_authorised_person(
            s, world.child_id, {"last_name": "Martin", "first_name": "Paul", "phone": ""}
        )
        children.update_child(s, world.other_child_id, {"school_class": "CP"})
    with session_factory() as s:
        page = history.child_history(s, world.child_id, "agent")
    whats = [e.what for e in page.entries]
    assert whats[:2] == [
        "Personne autorisée ajoutée pour LÉA\u202f: MARTIN PAUL",
        "Fiche enfant modifiée\u202f: LÉA",
    ]
    assert page.entries[1].detail == "Classe\u202f: CE2 → CM1"
    assert "Enfant ajouté\u202f: LÉA" in whats
    assert not any("HUGO" in what or "Fiche famille" in what for what in whats)
    assert page.before_id is None


# --- Health data access --------------------------------------------------------------------


def test_reading_health_data_writes_one_access_and_nothing_else_does(world, nancy, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        children.set_health(s, world.child_id, {"allergies": "Arachide"})
    with session_factory() as s:
        history.family_history(s, world.dupont_id, "admin")
        history.child_history(s, world.child_id, "admin")
        assert s.scalar(select(func.count(HealthAccess.id))) == 0
    latest = None
    with db.transaction(session_factory, nancy.actor) as s:
        latest = changefeed.latest_change_id(s)
        data = read_health(s, world.child_id, nancy.role, nancy.actor)
    assert data.values["allergies"] == "Arachide"
    assert data.version == 1
    with session_factory() as s:
        access = s.scalars(select(HealthAccess)).one()
        assert (access.actor, access.child_id) == ("staff:nancy", world.child_id)
        assert changefeed.latest_change_id(s) == latest  # a read is no change of the record


def test_the_access_log_is_for_administrators_only(world, nancy, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        admin = staff.create_staff_user(s, "chrystelle", "Chrystelle Durand", "admin", "Alix2015")
        admin_actor = staff.identity_of(admin).actor
    with db.transaction(session_factory, nancy.actor) as s:
        read_health(s, world.child_id, nancy.role, nancy.actor)
    with db.transaction(session_factory, admin_actor) as s:
        record_health_access(s, admin_actor, world.other_child_id)
    with session_factory() as s:
        rows = health_access_log(s, "admin")
        assert [(r.who, r.child, r.family_number) for r in rows] == [
            ("Chrystelle Durand (mairie)", "HUGO MARTIN", "1001001800099"),
            ("Nancy Martin (mairie)", "LÉA DUPONT", DUPONT_LOGIN),
        ]
        assert [r.child for r in health_access_log(s, "admin", child_id=world.child_id)] == [
            "LÉA DUPONT"
        ]
        later = rows[0].at + dt.timedelta(hours=1)
        assert health_access_log(s, "admin", since=later) == []
        assert len(health_access_log(s, "admin", limit=1, before_id=rows[0].id)) == 1
        for role in ("agent", "animateur"):
            with pytest.raises(PermissionDenied) as refused:
                health_access_log(s, role)
            assert "journal des accès aux données de santé" in str(refused.value)
    assert staff.can("admin", staff.Permission.READ_AUDIT)
    assert not staff.can("agent", staff.Permission.READ_AUDIT)
