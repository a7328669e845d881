"""Issue 8, the parents' portal on a phone: undoing a mistaken tap, French elision, the month
picker and the enrolments, cells that take no request saying why, tel:/mailto: links, the
conjoint's requests, asking before deleting a message, French typography."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.models import Message, PlanningCell, Request, Service
from portail_admin.core.models.enums import Attendance, Booking, RequestKind, RequestStatus

from .conftest import login, post
from .test_pages import text
from .test_planning_web import ask, cell_class


def _auto_accept(session_factory, *services):
    with db.transaction(session_factory, "staff:test") as s:
        for service_id in services:
            s.get(Service, service_id).auto_accept = True


def _cell_page(client, world, service_id, day):
    return text(
        client.get(f"/mes-enfants/{world.child_id}/planning/jour?service={service_id}&jour={day}")
    )


def _grid(client, world, month="2015-05"):
    return client.get(f"/mes-enfants/{world.child_id}/planning?mois={month}").get_data(as_text=True)


# --- 1. undo a mistaken tap ------------------------------------------------------------------


def test_an_auto_accepted_reservation_can_be_cancelled_then_restored(
    logged_in, world, session_factory
):
    wed = world.services["wednesday"]
    _auto_accept(session_factory, wed)
    response = ask(logged_in, world, wed, "2015-05-13", "reservation")
    assert response.status_code == 302
    assert cell_class(_grid(logged_in, world), wed, "2015-05-13") == "reserved"
    # the mistaken tap: the same cell now offers to take it back, in the menu and without JS
    page = _cell_page(logged_in, world, wed, "2015-05-13")
    assert "Annuler ma réservation" in page and "Déclarer une absence" not in page
    assert 'data-absence-label="Annuler ma réservation"' in _grid(logged_in, world)
    response = ask(logged_in, world, wed, "2015-05-13", "absence")
    assert response.status_code == 302
    landed = text(logged_in.get(response.headers["Location"]))
    assert (
        "Votre demande d'annulation de la réservation du Mercredi 13 Mai 2015 a été acceptée."
        in landed
    )
    assert cell_class(_grid(logged_in, world), wed, "2015-05-13") == "absent_excused"
    # and back again: the day it declared absent can be booked again
    page = _cell_page(logged_in, world, wed, "2015-05-13")
    assert "Rétablir la réservation" in page
    assert 'data-reserve-label="Rétablir la réservation"' in _grid(logged_in, world)
    response = ask(logged_in, world, wed, "2015-05-13", "reservation")
    assert response.status_code == 302, text(response)[-800:]
    landed = text(logged_in.get(response.headers["Location"]))
    assert "Votre demande de rétablissement de la réservation du Mercredi 13 Mai 2015" in landed
    assert cell_class(_grid(logged_in, world), wed, "2015-05-13") == "reserved"
    with session_factory() as s:
        statuses = s.scalars(
            select(Request.status).where(Request.family_id == world.dupont_id)
        ).all()
        assert statuses == [RequestStatus.ACCEPTED] * 3


def test_an_auto_accepted_absence_on_a_regular_day_can_be_taken_back(
    logged_in, world, session_factory
):
    morning = world.services["morning"]  # booked every Monday by the weekly pattern
    _auto_accept(session_factory, morning)
    assert ask(logged_in, world, morning, "2015-05-11", "absence").status_code == 302
    assert cell_class(_grid(logged_in, world), morning, "2015-05-11") == "absent_excused"
    assert "Rétablir la réservation" in _cell_page(logged_in, world, morning, "2015-05-11")
    assert ask(logged_in, world, morning, "2015-05-11", "reservation").status_code == 302
    assert cell_class(_grid(logged_in, world), morning, "2015-05-11") == "regular"
    # a regular day was no reservation of the family's: an absence, not "Annuler ma réservation"
    page = _cell_page(logged_in, world, morning, "2015-05-11")
    assert "Déclarer une absence" in page and "Annuler ma réservation" not in page


def test_no_undo_of_what_the_mairie_recorded_nor_past_the_deadline(
    logged_in, world, session_factory, monkeypatch
):
    morning, wed = world.services["morning"], world.services["wednesday"]
    with db.transaction(session_factory, "staff:test") as s:
        s.add(
            PlanningCell(
                child_id=world.child_id,
                service_id=morning,
                day=dt.date(2015, 5, 12),
                booking=Booking.REGULAR,
                attendance=Attendance.ABSENT_EXCUSED,
            )
        )
    page = _cell_page(logged_in, world, morning, "2015-05-12")
    assert "Rétablir la réservation" not in page and "Demande de réservation" not in page
    assert "La mairie a déjà enregistré ce jour (absent excusé)" in page
    refused = ask(logged_in, world, morning, "2015-05-12", "reservation")
    assert refused.status_code == 400 and "déjà réservé" in text(refused)
    # the family's own reservation, once its deadline is gone, is an ordinary (billed) absence
    _auto_accept(session_factory, wed)
    assert ask(logged_in, world, wed, "2015-05-13", "reservation").status_code == 302
    monkeypatch.setattr(clock, "today", lambda: dt.date(2015, 5, 12))
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime(2015, 5, 12, 9, 0, tzinfo=clock.COMMUNE_TZ)
    )
    login(logged_in)  # eight days later, the session of the 4th has expired
    page = _cell_page(logged_in, world, wed, "2015-05-13")
    assert "Annuler ma réservation" not in page
    assert "Déclarer une absence" in page and "sera facturé" in page


# --- 2. elision ------------------------------------------------------------------------------


def test_the_answer_to_an_absence_says_d_absence(logged_in, world):
    response = ask(logged_in, world, world.services["wednesday"], "2015-05-20", "absence")
    landed = text(logged_in.get(response.headers["Location"]))
    assert "Votre demande d'absence du Mercredi 20 Mai 2015" in landed
    assert "de absence" not in landed


# --- 3. month picker and enrolments ----------------------------------------------------------


def test_the_planning_has_a_month_picker_and_the_enrolments(logged_in, world):
    page = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning"))
    picker = re.search(r'<form class="month-pick" method="get"[^>]*>(.*?)</form>', page, re.S)
    assert picker, "no month picker"
    assert '<label for="mois">Aller au mois</label>' in picker.group(1)
    assert '<select id="mois" name="mois">' in picker.group(1)
    assert '<option value="2014-09">Septembre 2014</option>' in picker.group(1)
    assert '<option value="2015-07">Juillet 2015</option>' in picker.group(1)
    assert '<option value="2015-05" selected>Mai 2015</option>' in picker.group(1)
    assert '<button type="submit" class="secondary">Afficher</button>' in picker.group(1)
    # the picker's GET lands on the month picked
    assert '<h2 id="h-month">Septembre 2014</h2>' in text(
        logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2014-09")
    )
    # the manual's "Inscriptions en cours": each enrolment, its service and dates
    enrolments = page[page.index('id="h-enrolments"') :]
    assert "Inscriptions en cours" in enrolments
    for name in ["ALSH Mercredi après-midi", "Garderie matin", "Restauration scolaire"]:
        assert name in enrolments
    assert "du 01/09/2014 au 03/07/2015" in enrolments
    assert "Voir le planning" not in enrolments  # the month shown is theirs
    # from a month out of the enrolments, each leads back to one of its months
    later = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-09"))
    later = later[later.index('id="h-enrolments"') :]
    assert f'href="/mes-enfants/{world.child_id}/planning?mois=2015-05#grille"' in later


# --- 4. cells that take no request say why ---------------------------------------------------


def test_cells_that_take_no_request_are_marked_and_say_why(logged_in, world):
    morning, wed = world.services["morning"], world.services["wednesday"]
    page = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-05"))

    def locked(service_id, day_label):
        match = re.search(
            r'<td class="s-[a-z_]+( today)? locked">\s*<span class="cell" data-label="'
            + re.escape(day_label)
            + r'[^"]*" data-reason="([^"]*)"',
            page,
        )
        return match.group(2) if match else None

    assert locked(morning, "Vendredi 8 Mai 2015, Garderie matin") == (
        "Pas d'accueil ce jour : Jour férié (Victoire 1945)."
    )
    assert locked(morning, "Jeudi 30 Avril 2015") is None  # another month
    assert locked(morning, "Vendredi 1 Mai 2015, Garderie matin") == (
        "Pas d'accueil ce jour : Jour férié (Fête du Travail)."
    )
    assert locked(wed, "Samedi 2 Mai 2015, ALSH Mercredi après-midi") == (
        "Pas d'accueil ce jour : La prestation n'a pas lieu ce jour de la semaine."
    )
    canteen_late = locked(world.services["canteen"], "Mardi 5 Mai 2015, Restauration scolaire")
    assert canteen_late and canteen_late.startswith("Trop tard")
    # a locked cell is no link, so not a tab stop; the reason is in its text for screen readers
    assert 'data-day="2015-05-08"' not in page
    assert "Vendredi 8 Mai 2015, Garderie matin : Jour férié. Pas d'accueil ce jour" in page
    # without JavaScript, the cell page says the same
    closed = _cell_page(logged_in, world, morning, "2015-05-08")
    assert "Pas d'accueil ce jour : Jour férié (Victoire 1945)." in closed


# --- 5. tel: and mailto: ---------------------------------------------------------------------


def test_phone_and_email_are_links(client, world):
    for path in ["/connexion", "/mot-de-passe-oublie", "/"]:
        if path == "/":
            assert login(client).status_code == 302
        page = client.get(path).get_data(as_text=True)
        assert '<a class="contact-link" href="tel:+33478439168">04 78 43 91 68</a>' in page, path
        assert (
            '<a class="contact-link" href="mailto:mairie@alix-village.fr">'
            "mairie@alix-village.fr</a>" in page
        ), path


# --- 6. a request about the conjoint ---------------------------------------------------------


def test_a_request_about_the_conjoint_concerns_the_conjoint(logged_in, world, session_factory):
    from portail_admin.core.services import requests as req_service

    with db.transaction(session_factory, "parent:x") as s:
        req_service.request_family_change(
            s, world.dupont_id, RequestKind.PARTNER, {"city": "Toulouse"}
        )
        req_service.request_family_change(s, world.dupont_id, RequestKind.TAX, {"tax_shares": "2"})
    page = text(logged_in.get("/demandes"))
    assert '<td data-label="Concerne">Conjoint (JEANNE DUPONT)</td>' in page
    assert '<td data-label="Concerne">Famille</td>' in page  # the tax section is the family's


# --- 7. deleting a message asks first; restoring says the truth ------------------------------


def test_deleting_a_message_asks_first(logged_in, world, session_factory):
    page = text(logged_in.get(f"/messages/{world.message_id}"))
    assert f'href="/messages/{world.message_id}/supprimer"' in page
    assert f'action="/messages/{world.message_id}/supprimer"' not in page  # no one-tap delete
    confirm = text(logged_in.get(f"/messages/{world.message_id}/supprimer"))
    assert "Supprimer ce message ?" in confirm and "Facture d'avril" in confirm
    assert "Oui, supprimer" in confirm and "Non, garder le message" in confirm
    with session_factory() as s:
        assert s.get(Message, world.message_id).deleted_by_family_at is None
    response = post(logged_in, f"/messages/{world.message_id}/supprimer")
    assert response.status_code == 302
    with session_factory() as s:
        assert s.get(Message, world.message_id).deleted_by_family_at is not None


def test_restoring_a_message_never_deleted_says_so(logged_in, world, session_factory):
    response = post(logged_in, f"/messages/{world.message_id}/restaurer")
    page = text(logged_in.get(response.headers["Location"]))
    assert "Le message a été restauré." not in page
    assert "Ce message n'était pas supprimé : il n'y avait rien à restaurer." in page
    post(logged_in, f"/messages/{world.message_id}/supprimer")
    response = post(logged_in, f"/messages/{world.message_id}/restaurer")
    landed = text(logged_in.get(response.headers["Location"]))
    assert "Le message a été restauré." in landed and "Facture d'avril" in landed


# --- 8. French typography --------------------------------------------------------------------


def test_portal_sentences_have_the_narrow_space_before_high_punctuation(logged_in, world):
    response = post(logged_in, f"/messages/{world.message_id}/supprimer")
    raw = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "supprimés\u202f: vous pouvez l'y restaurer" in raw or (
        "supprimés\u202f: vous pouvez l&#39;y restaurer" in raw
    )
    confirm = logged_in.get(f"/messages/{world.message_id}/restaurer")
    assert confirm.status_code == 405  # restoring is a POST only
    grid = _grid(logged_in, world)
    assert "Vendredi 8 Mai 2015, Garderie matin\u202f: Jour férié" in grid
    assert "Pas d&#39;accueil ce jour\u202f: Jour férié" in grid
