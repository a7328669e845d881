"""The planning page: legend, navigation, reservation/absence requests, withdrawal, refusals."""

from __future__ import annotations

import re

from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import Request
from portail_admin.core.models.enums import RequestKind, RequestStatus
from portail_admin.core.planning.states import LEGEND

from .conftest import post
from .test_pages import text


def cell_class(page: str, service_id: int, day: str) -> str:
    """The state class of a grid cell (from its td), found by its data attributes or title."""
    pattern = re.compile(
        r'<td class="s-([a-z_]+)(?: today)?">\s*<a class="cell"[^>]*'
        + f'data-service="{service_id}" data-day="{day}"'
    )
    match = pattern.search(page)
    return match.group(1) if match else ""


def ask(client, world, service_id, day, kind):
    """A reservation or absence request posted from the planning, as the cell menu sends it."""
    return post(
        client,
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": service_id, "day": day, "kind": kind},
    )


def test_planning_shows_the_legend_and_navigates(logged_in, world):
    page = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-04"))
    for state in LEGEND:
        assert state.label in page
    assert "Avril 2015" in page and "Me 01" not in page  # two-line day headers
    assert "mois=2015-03" in page and "mois=2015-05" in page
    assert "Accueil de Loisirs" in page and "ALSH Mercredi après-midi" in page
    assert "DUPONT JEAN" in page
    # Easter Monday, the spring holidays and the booked Wednesday
    assert "Lundi 6 Avril 2015, Garderie matin : Jour férié" in page
    assert "Mercredi 15 Avril 2015, ALSH Mercredi après-midi : Petites vacances" in page
    assert "Mercredi 8 Avril 2015, ALSH Mercredi après-midi : Réservé" in page
    assert "Mardi 14 Avril 2015, Garderie matin : Petites vacances" in page
    assert "/legende.css" in page
    css = logged_in.get("/legende.css").get_data(as_text=True)
    assert ".s-reserved { background: #2e7d32" in css


def test_reservation_request_is_pending_then_withdrawn(logged_in, world, session_factory):
    wed = world.services["wednesday"]
    url = f"/mes-enfants/{world.child_id}/planning?mois=2015-05"
    page = logged_in.get(url).get_data(as_text=True)
    assert cell_class(page, wed, "2015-05-13") == "empty"
    response = ask(logged_in, world, wed, "2015-05-13", "reservation")
    assert response.status_code == 302
    # back to the grid itself (on a phone the legend fills the first screen), where the
    # answer is shown, once
    assert response.headers["Location"].endswith("?mois=2015-05#grille")
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre demande de réservation du Mercredi 13 Mai 2015" in text_of(page)
    assert page.count('class="flash') == 1
    assert page.index('id="grille"') < page.index('class="flash') < page.index('id="h-month"')
    assert cell_class(page, wed, "2015-05-13") == "reservation_pending"
    with session_factory() as s:
        req = s.scalars(select(Request).where(Request.kind == RequestKind.RESERVATION)).one()
        assert req.status is RequestStatus.PENDING and str(req.day) == "2015-05-13"
    listing = text(logged_in.get("/demandes?groupe=enfants"))
    assert "Mercredi 13 Mai 2015" in listing and "Demandes en attente" in listing
    # a second request for the same cell is refused while one is pending
    again = ask(logged_in, world, wed, "2015-05-13", "reservation")
    assert again.status_code == 400 and "déjà en attente" in text(again)
    # take it back
    response = post(logged_in, f"/demandes/{req.id}/annuler", {"next": url})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    page = logged_in.get(url).get_data(as_text=True)
    assert cell_class(page, wed, "2015-05-13") == "empty"
    with session_factory() as s:
        assert s.get(Request, req.id).status is RequestStatus.WITHDRAWN


def text_of(page: str) -> str:
    """The page's characters (entities decoded, French narrow spaces plain)."""
    import html

    return html.unescape(page).replace("\u202f", " ").replace("\xa0", " ")


def test_absence_on_a_booked_day(logged_in, world, session_factory):
    wed = world.services["wednesday"]
    response = ask(logged_in, world, wed, "2015-05-20", "absence")
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert cell_class(page, wed, "2015-05-20") == "absence_pending"


def test_late_absence_is_taken_with_a_billing_notice(logged_in, world, session_factory):
    morning = world.services["morning"]  # deadline: the day before; today is Monday 4 May
    cell_url = f"/mes-enfants/{world.child_id}/planning/jour?service={morning}&jour="
    page = text(logged_in.get(cell_url + "2015-05-04"))
    assert "Déclarer une absence" in page and "sera facturé" in page
    assert "sera facturé" not in text(logged_in.get(cell_url + "2015-05-05"))
    past = text(logged_in.get(cell_url + "2015-04-30"))
    assert "Déclarer une absence" not in past and "Ce jour est passé : contactez la mairie." in past
    response = ask(logged_in, world, morning, "2015-05-04", "absence")
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "hors délai, elle sera facturée" in text_of(page)
    assert cell_class(page, morning, "2015-05-04") == "absence_pending"


def test_refusals_on_closed_days_and_deadlines(logged_in, world, session_factory):
    wed, morning = world.services["wednesday"], world.services["morning"]
    cases = [
        (morning, "2015-05-08", "reservation", "jour férié"),
        (morning, "2015-05-15", "reservation", "fermeture"),
        (world.services["canteen"], "2015-05-05", "reservation", "Trop tard"),  # due the 3rd
        (wed, "2015-05-13", "absence", "Aucune réservation"),
        (morning, "2015-05-11", "reservation", "déjà réservé"),  # weekly pattern
        (wed, "2015-08-05", "reservation", "pas inscrit"),
    ]
    for service, day, kind, expected in cases:
        response = ask(logged_in, world, service, day, kind)
        assert response.status_code in (400, 404), (day, kind)
        if response.status_code == 400:
            assert expected in text(response), (day, kind, text(response)[-1500:])
    with session_factory() as s:
        assert s.scalars(select(Request).where(Request.family_id == world.dupont_id)).all() == []


def test_refused_reservation_shows_in_the_grid(logged_in, world, session_factory):
    from portail_admin.core.services import requests as req_service

    wed = world.services["wednesday"]
    with db.transaction(session_factory, "parent:x") as s:
        req = req_service.request_booking(
            s, world.dupont_id, world.child_id, wed, "2015-05-27", RequestKind.RESERVATION
        )
        req.status = RequestStatus.REFUSED
        req.motive = "Complet"
        req.decided_at = req.created_at
    page = logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-05").get_data(
        as_text=True
    )
    assert cell_class(page, wed, "2015-05-27") == "reservation_refused"
    assert "Complet" in text(logged_in.get("/demandes?groupe=enfants&type=reservation"))


def test_cell_page_works_without_javascript(logged_in, world):
    wed = world.services["wednesday"]
    page = text(
        logged_in.get(f"/mes-enfants/{world.child_id}/planning/jour?service={wed}&jour=2015-05-20")
    )
    assert "Mercredi 20 Mai 2015" in page and "Déclarer une absence" in page
    assert "Demande de réservation" not in page


def test_a_service_that_accepts_by_itself(logged_in, world, session_factory):
    """With the real decisions module: an on-time absence on an auto-accepting service."""
    from portail_admin.core.models import Service

    morning = world.services["morning"]
    with db.transaction(session_factory, "staff:test") as s:
        s.get(Service, morning).auto_accept = True
    response = ask(logged_in, world, morning, "2015-05-11", "absence")
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "a été acceptée" in text_of(page)
    assert 'title="Lundi 11 Mai 2015, Garderie matin : Absent excusé"' in text_of(page)
    with session_factory() as s:
        req = s.scalars(select(Request).where(Request.kind == RequestKind.ABSENCE)).one()
        assert req.status is RequestStatus.ACCEPTED
    assert "Demandes acceptées" in text(logged_in.get("/demandes?groupe=enfants"))
