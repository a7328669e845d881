"""Hostile requests found by probing the portal: each one used to answer 500 (or worse) on
SQLite or PostgreSQL. Never a 500, never a stored request, never a foreign redirect."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select

from portail_admin.core import clock, db
from portail_admin.core.models import Message, PortalAccount, Request
from portail_admin.core.models.enums import RequestStatus
from portail_admin.core.services import portal_auth
from portail_admin.core.services import requests as req_service

from .conftest import csrf_of, login, post
from .test_pages import text

# Ids are 32-bit INTEGER columns: PostgreSQL refuses 2^31 ("integer out of range"), SQLite
# anything past 2^63 (OverflowError while binding).
HUGE_IDS = ["2147483648", "9223372036854775808", "99999999999999999999"]


def _requests(session_factory) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count(Request.id)))


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_too_big_for_the_database_are_404(logged_in, world, session_factory, huge):
    wed = world.services["wednesday"]
    child = world.child_id
    gets = [
        f"/mes-enfants/{huge}",
        f"/mes-enfants/{huge}/informations",
        f"/mes-enfants/{huge}/planning",
        f"/messages/{huge}",
        f"/documents/{huge}",
        f"/mes-enfants/{child}/planning/jour?service={huge}&jour=2015-05-13",
    ]
    for path in gets:
        assert logged_in.get(path).status_code == 404, path
    posts = [
        (f"/demandes/{huge}/annuler", {}),
        (f"/messages/{huge}/repondre", {"subject": "a", "body": "b"}),
        (f"/messages/{huge}/supprimer", {}),
        (f"/messages/{huge}/restaurer", {}),
        (
            f"/mes-enfants/{huge}/planning/demande",
            {"service_id": wed, "day": "2015-05-27", "kind": "reservation"},
        ),
        (
            f"/mes-enfants/{child}/planning/demande",
            {"service_id": huge, "day": "2015-05-27", "kind": "reservation"},
        ),
    ]
    for path, data in posts:
        response = post(logged_in, path, data)
        assert response.status_code == 404, path
        assert "Page introuvable" in text(response)
    assert _requests(session_factory) == 1  # MARTIN's only


def test_ids_in_forms_are_plain_ascii_digits(logged_in, world, session_factory):
    # int() reads "١" (Arabic-Indic one) as 1: the form sends ASCII digits or names nothing.
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": "١", "day": "2015-05-27", "kind": "reservation"},
    )
    assert response.status_code == 404
    assert _requests(session_factory) == 1


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-01", "0001-01-01"])
def test_planning_days_at_the_ends_of_the_calendar_are_404(logged_in, world, session_factory, day):
    """A grid of December 9999 overflowed the date type while listing the month's days."""
    wed = world.services["wednesday"]
    base = f"/mes-enfants/{world.child_id}/planning"
    assert logged_in.get(f"{base}/jour?service={wed}&jour={day}").status_code == 404
    for kind in ("reservation", "absence"):
        response = post(logged_in, f"{base}/demande", {"service_id": wed, "day": day, "kind": kind})
        assert response.status_code == 404, kind
    assert logged_in.get(f"{base}?mois={day[:7]}").status_code == 200  # shows this month
    assert _requests(session_factory) == 1


def _pending_request(logged_in, session_factory, world) -> int:
    assert post(logged_in, "/mon-compte/fiscales", {"tax_shares": "2"}).status_code == 302
    with session_factory() as s:
        return s.scalar(select(Request.id).where(Request.family_id == world.dupont_id))


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",  # browsers drop the tab: "//evil.example", another site
        "/\n/evil.example",  # a line break in a header: 500
        "/\r\nSet-Cookie: x=1",
        "/ /evil.example",
        "/é",
    ],
)
def test_withdraw_goes_back_only_to_a_plain_local_path(logged_in, world, session_factory, target):
    request_id = _pending_request(logged_in, session_factory, world)
    response = post(logged_in, f"/demandes/{request_id}/annuler", {"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/demandes?groupe=enfants"


def test_withdraw_still_goes_back_to_the_page_it_came_from(logged_in, world, session_factory):
    request_id = _pending_request(logged_in, session_factory, world)
    target = f"/mes-enfants/{world.child_id}/planning?mois=2015-05#grille"
    response = post(logged_in, f"/demandes/{request_id}/annuler", {"next": target})
    assert response.headers["Location"] == target


@pytest.mark.parametrize("login_", ["a\x00b", "1001001818331\x00"])
def test_nul_in_the_login_is_a_wrong_login(client, world, login_):
    """PostgreSQL text cannot hold NUL: the lookup itself failed with a 500."""
    response = login(client, login_=login_)
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in text(response)


@pytest.mark.parametrize("identifier", ["a\x00b", "jean.dupont\x00@wanadoo.fr"])
def test_nul_in_the_reset_identifier_gets_the_usual_answer(client, world, smtp, identifier):
    token = csrf_of(client, "/mot-de-passe-oublie")
    response = client.post(
        "/mot-de-passe-oublie", data={"identifier": identifier, "csrf_token": token}
    )
    assert response.status_code == 200
    assert "Si un compte correspond" in text(response)
    assert smtp == []


@pytest.mark.parametrize("postal_code", ["٣١٤٠٠", "３１４００"])
def test_postal_code_digits_are_ascii(logged_in, world, session_factory, postal_code):
    """\\d matched Arabic-Indic and full-width digits: "٣١٤٠٠" was sent to the mairie."""
    response = post(
        logged_in,
        "/mon-compte/responsable",
        {"last_name": "Dupont", "first_name": "Jean", "postal_code": postal_code},
    )
    assert response.status_code == 400 and "5 chiffres" in text(response)
    assert _requests(session_factory) == 1


def test_login_at_the_same_moment_as_another_login_still_logs_in(
    client, world, session_factory, monkeypatch
):
    """A double click on "Se connecter", or both parents at once: the account row (versioned)
    moved between reading and writing it, and the later login answered 500."""
    real = portal_auth.authenticate
    raced = []

    def racing(session, login_, password, now=None):
        account = session.scalar(select(PortalAccount).where(PortalAccount.login == login_))
        if not raced:  # the other login commits between our read and our write
            raced.append(account.version)
            with db.transaction(session_factory) as other:
                other.get(PortalAccount, account.id).failed_attempts = 1
        return real(session, login_, password, now)

    monkeypatch.setattr(portal_auth, "authenticate", racing)
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert raced == [1]


def test_withdrawing_while_the_mairie_decides_is_refused_cleanly(
    logged_in, world, session_factory, monkeypatch
):
    """Two tabs, or the mairie deciding at that very moment: the later write is refused whole
    with a French page, never a 500."""
    request_id = _pending_request(logged_in, session_factory, world)
    real = req_service.withdraw_request

    def racing(session, family_id, request_id_):
        def mairie_decides(*_args):  # after our read, before our write
            with db.transaction(session_factory) as other:
                decided = other.get(Request, request_id_)
                decided.status, decided.decided_at = RequestStatus.ACCEPTED, clock.now()

        event.listen(session, "before_flush", mairie_decides, once=True)
        return real(session, family_id, request_id_)

    monkeypatch.setattr(req_service, "withdraw_request", racing)
    response = post(logged_in, f"/demandes/{request_id}/annuler")
    assert response.status_code == 409
    assert "Modification simultanée" in text(response)
    with session_factory() as s:
        assert s.get(Request, request_id).status is RequestStatus.ACCEPTED


NON_ASCII_IDS = ["١", "۱", "१", "１", "1_0", "²", "+1", " 1", "9" * 5000]


@pytest.mark.parametrize("bad", NON_ASCII_IDS)
def test_ids_in_urls_are_plain_ascii_digits(logged_in, world, session_factory, bad):
    """/mes-enfants/١ showed child 1: the int converter (\\d, then int()) read every script's
    digits. And 5000 digits made int() itself fail."""
    gets = [
        f"/mes-enfants/{bad}",
        f"/mes-enfants/{bad}/informations",
        f"/mes-enfants/{bad}/planning",
        f"/messages/{bad}",
        f"/documents/{bad}",
    ]
    for path in gets:
        response = logged_in.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in text(response)
    posts = [
        (f"/demandes/{bad}/annuler", {}),
        (f"/messages/{bad}/repondre", {"subject": "a", "body": "b"}),
        (f"/messages/{bad}/supprimer", {}),
        (
            f"/mes-enfants/{bad}/planning/demande",
            {"service_id": world.services["wednesday"], "day": "2015-05-27", "kind": "reservation"},
        ),
    ]
    for path, data in posts:
        assert post(logged_in, path, data).status_code == 404, path
    assert _requests(session_factory) == 1


def test_the_ascii_id_still_opens_the_page(logged_in, world):
    assert logged_in.get(f"/mes-enfants/{world.child_id}").status_code == 200
    assert logged_in.get(f"/messages/{world.message_id}").status_code == 200


@pytest.mark.parametrize("service", ["١", "9" * 5000])
def test_ids_in_query_strings_are_plain_ascii_digits(logged_in, world, service):
    path = f"/mes-enfants/{world.child_id}/planning/jour?service={service}&jour=2015-05-13"
    assert logged_in.get(path).status_code == 404


def test_the_planning_month_takes_ascii_digits_only(logged_in, world):
    base = f"/mes-enfants/{world.child_id}/planning"
    def month_shown(query: str) -> str:
        page = logged_in.get(f"{base}?mois={query}").get_data(as_text=True)
        return re.search(r'<h2 id="h-month">([^<]*)</h2>', page).group(1)

    assert month_shown("٢٠١٥-٠٦") == "Mai 2015"  # read as June 2015 by int(): today's month
    assert month_shown("2015-06") == "Juin 2015"


def test_a_person_count_in_other_digits_is_no_count(logged_in, world, session_factory):
    # "٢" was read as 2: the rows of the form are only read with ASCII digits.
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/autorisations",
        {"person_count": "١", "person-0-last_name": "Durand", "person-0-phone": "abc"},
    )
    assert response.status_code in (302, 400)
    assert "Numéro de téléphone invalide." not in text(response)


def test_a_message_is_stored_without_bidi_controls(logged_in, world, session_factory):
    """A right-to-left override made a family's message read backwards (or reordered) in the
    mairie's inbox."""
    subject = "Absence \u202eeduT\u202c"
    family = "\U0001f468\u200d\U0001f467"  # one emoji, its zero-width joiner kept
    body = f"Bonjour,\n\u2067Tom\u2069 sera absent \u200fmercredi\u200e.\nMerci {family}"
    response = post(logged_in, "/messages/ecrire", {"subject": subject, "body": body})
    assert response.status_code == 302
    with session_factory() as s:
        message = s.scalars(select(Message).order_by(Message.id.desc())).first()
        assert message.subject == "Absence eduT"
        assert message.body == f"Bonjour,\nTom sera absent mercredi.\nMerci {family}"


def test_a_message_of_invisible_characters_is_empty(logged_in, world, session_factory):
    response = post(logged_in, "/messages/ecrire", {"subject": "\u200b", "body": "\u2066\u2069"})
    assert response.status_code == 400
    assert text(response).count("Ce champ est obligatoire.") == 2


def test_a_form_too_large_says_what_and_how_much(app, logged_in, world, session_factory):
    """The 413 page said only "Requête refusée"."""
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    token = csrf_of(logged_in, "/messages/ecrire")
    response = logged_in.post(
        "/messages/ecrire",
        data={"subject": "a", "body": "x" * (10 * 1024 * 1024 + 1), "csrf_token": token},
    )
    assert response.status_code == 413
    page = text(response)
    assert "Le formulaire envoyé est trop volumineux (10 Mo au plus)" in page
    assert "Requête refusée" not in page
    assert 'href="/messages/ecrire"' in page and "Revenir au formulaire" in page
    assert 'href="/"' in page  # and home
    with session_factory() as s:
        assert s.scalar(select(func.count(Message.id))) == 2


def test_the_413_page_uses_the_configured_limit(logged_in, world):
    # The default limit (256 Kio), on a POST-only address: the way back is the home page.
    token = csrf_of(logged_in, f"/messages/{world.message_id}")
    response = logged_in.post(
        f"/messages/{world.message_id}/repondre",
        data={"subject": "a", "body": "x" * 300_000, "csrf_token": token},
    )
    assert response.status_code == 413
    page = text(response)
    assert "(256 Ko au plus)" in page and "Revenir au formulaire" not in page
