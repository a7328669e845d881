"""The security rules of issue 3: each one tested."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import CommuneSettings, PortalAccount, Request
from portail_admin.core.services import portal_auth
from portail_admin.web import create_app

from .conftest import CSRF_RE, csrf_of, login, post
from .test_pages import text
from .world import DUPONT_LOGIN, MARTIN_LOGIN, PASSWORD


def test_wrong_password_is_refused_without_saying_which(client, world):
    response = login(client, password="Mauvais1x")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in text(response)
    response = login(client, login_="0000000000000")
    assert "Identifiant ou mot de passe incorrect." in text(response)


def test_lockout_after_five_failures_for_fifteen_minutes(client, world, session_factory):
    for _ in range(4):
        assert "incorrect" in text(login(client, password="Mauvais1x"))
    assert "bloqué pendant 15 minutes" in text(login(client, password="Mauvais1x"))
    # even the right password is refused while locked
    response = login(client)
    assert response.status_code == 401 and "bloqué" in text(response)
    with session_factory() as s:
        account = s.scalars(select(PortalAccount).where(PortalAccount.login == DUPONT_LOGIN)).one()
        assert account.failed_attempts == 5
        until = account.locked_until
        assert (
            dt.timedelta(minutes=14) < until - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=15)
        )
    with db.transaction(session_factory) as s:  # 15 minutes later
        account = s.scalars(select(PortalAccount).where(PortalAccount.login == DUPONT_LOGIN)).one()
        account.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert login(client).status_code == 302


def test_throttling_per_client_address(db_url, world):
    app = create_app(
        {"DATABASE_URL": db_url, "LOGIN_THROTTLE_LIMIT": 3, "LOGIN_THROTTLE_WINDOW": 60}
    )
    try:
        client = app.test_client()
        token = csrf_of(client)
        data = {"login": "x", "password": "y", "csrf_token": token}
        for _ in range(3):
            assert client.post("/connexion", data=data).status_code == 401
        refused = client.post("/connexion", data=data)
        assert refused.status_code == 429 and "Trop de tentatives" in text(refused)
        # another address is not affected
        other = app.test_client()
        token = csrf_of(other)
        response = other.post(
            "/connexion",
            data={"login": DUPONT_LOGIN, "password": PASSWORD, "csrf_token": token},
            environ_base={"REMOTE_ADDR": "10.0.0.7"},
        )
        assert response.status_code == 302
    finally:
        app.extensions["portail_engine"].dispose()


def test_current_password_guesses_are_throttled(db_url, world):
    app = create_app(
        {"DATABASE_URL": db_url, "LOGIN_THROTTLE_LIMIT": 3, "LOGIN_THROTTLE_WINDOW": 60}
    )
    try:
        client = app.test_client()
        assert login(client).status_code == 302  # one attempt of the "login" kind only
        data = {"current_password": "Devine2015", "new_password": "Nouveau2015"}
        data["confirm"] = data["new_password"]
        for _ in range(3):
            response = post(client, "/mot-de-passe", data, page="/mot-de-passe")
            assert response.status_code == 400
            assert "Mot de passe actuel incorrect." in text(response)
        response = post(client, "/mot-de-passe", data, page="/mot-de-passe")
        assert response.status_code == 429 and "Trop de tentatives" in text(response)
    finally:
        app.extensions["portail_engine"].dispose()


def test_csrf_refused_on_state_changing_requests(logged_in, world, session_factory):
    for path, data in [
        ("/messages/ecrire", {"subject": "a", "body": "b"}),
        ("/mon-compte/responsable", {"last_name": "X", "first_name": "Y"}),
        (f"/messages/{world.message_id}/supprimer", {}),
    ]:
        response = logged_in.post(path, data=data)
        assert response.status_code == 400, path
        assert "Formulaire expiré" in text(response)
        response = logged_in.post(path, data={**data, "csrf_token": "faux"})
        assert response.status_code == 400, path
    with session_factory() as s:
        assert s.scalars(select(Request).where(Request.family_id == world.dupont_id)).all() == []


def test_login_itself_needs_csrf(client, world):
    response = client.post("/connexion", data={"login": DUPONT_LOGIN, "password": PASSWORD})
    assert response.status_code == 400


def test_security_headers(client, world):
    response = client.get("/connexion")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "form-action 'self' http://alix-village.fr" in csp  # logout goes to the commune
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def _session_cookie(response) -> str:
    return next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("portail_session=")
    )


def test_cookie_flags_and_secure_behind_https(client, world):
    response = login(client)
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = client.application.test_client()
    token = csrf_of(https, "https://localhost/connexion")
    response = https.post(
        "https://localhost/connexion",
        data={"login": DUPONT_LOGIN, "password": PASSWORD, "csrf_token": token},
    )
    cookie = _session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert response.headers["Strict-Transport-Security"]


def test_session_renewed_at_login(client, world):
    before = csrf_of(client)
    response = login(client)
    assert response.status_code == 302
    after = csrf_of(client, "/")
    assert before != after  # a fresh session: new CSRF secret
    # the pre-login token no longer works
    assert client.post("/messages/ecrire", data={"csrf_token": before}).status_code == 400


def test_idle_session_expires(db_url, world, monkeypatch):
    """Checked against the session's row with the project's clock, which the test moves."""
    from portail_admin.core import clock

    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    app = create_app({"DATABASE_URL": db_url, "IDLE_TIMEOUT_SECONDS": 60})
    try:
        client = app.test_client()
        assert login(client).status_code == 302
        assert client.get("/").status_code == 200
        now[0] += dt.timedelta(seconds=59)
        assert client.get("/").status_code == 200  # seen again: the idle time starts over
        now[0] += dt.timedelta(seconds=59)
        assert client.get("/").status_code == 200
        now[0] += dt.timedelta(seconds=61)
        response = client.get("/")
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
        assert "Votre session a expiré" in text(client.get("/connexion"))
    finally:
        app.extensions["portail_engine"].dispose()


def test_password_change_ends_other_sessions(app, world):
    first, second = app.test_client(), app.test_client()
    login(first)
    login(second)
    response = post(
        first,
        "/mot-de-passe",
        {"current_password": PASSWORD, "new_password": "Sucettes2016", "confirm": "Sucettes2016"},
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_first_login_forces_a_password_change(client, world, session_factory):
    with db.transaction(session_factory) as s:
        account = s.scalars(select(PortalAccount).where(PortalAccount.login == MARTIN_LOGIN)).one()
        account.must_change_password = True
    response = login(client, MARTIN_LOGIN, "Martin2015x")
    assert response.headers["Location"].endswith("/mot-de-passe")
    assert client.get("/").headers["Location"].endswith("/mot-de-passe")
    assert client.get("/releve").status_code == 302
    page = text(client.get("/mot-de-passe"))
    assert "première connexion" in page
    same = post(
        client,
        "/mot-de-passe",
        {"new_password": "Martin2015x", "confirm": "Martin2015x"},
        page="/mot-de-passe",
    )
    assert same.status_code == 400 and "différent de l'ancien" in text(same)
    weak = post(
        client, "/mot-de-passe", {"new_password": "abc", "confirm": "abc"}, page="/mot-de-passe"
    )
    assert weak.status_code == 400 and "8 caractères minimum" in text(weak)
    assert "au moins 1 majuscule" in text(weak)
    ok = post(
        client,
        "/mot-de-passe",
        {"new_password": "Nouveau2015", "confirm": "Nouveau2015"},
        page="/mot-de-passe",
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200


def test_forgot_password_without_smtp_says_to_contact_the_mairie(client, world):
    page = text(client.get("/mot-de-passe-oublie"))
    assert "n'est pas disponible" in page and "Chrystelle ou Nancy" in page
    assert 'name="identifier"' not in page


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrf[-_]token"[^>]*', 'name="csrf"', page)


def test_reset_link_is_single_use_and_never_reveals_accounts(client, world, smtp):
    token = csrf_of(client, "/mot-de-passe-oublie")
    unknown = client.post(
        "/mot-de-passe-oublie", data={"identifier": "personne", "csrf_token": token}
    )
    known = client.post(
        "/mot-de-passe-oublie", data={"identifier": DUPONT_LOGIN, "csrf_token": token}
    )
    assert unknown.status_code == known.status_code == 200
    # The same answer either way (but for the form's CSRF token, which carries the second
    # it was made in).
    assert _without_csrf(text(unknown)) == _without_csrf(text(known))
    assert len(smtp) == 1
    to, body = smtp[0]
    assert to == "jean.dupont@wanadoo.fr"
    link = next(w for w in body.split() if "/reinitialiser/" in w)
    assert link.startswith("https://alix-village.fr/portail-famille/reinitialiser/")
    path = link[link.index("/reinitialiser/") :]
    assert client.get(path).status_code == 200
    weak = client.post(
        path, data={"new_password": "court", "confirm": "court", "csrf_token": token}
    )
    assert weak.status_code == 400
    done = client.post(
        path, data={"new_password": "Reglisse2015", "confirm": "Reglisse2015", "csrf_token": token}
    )
    assert done.status_code == 302
    assert login(client, password="Reglisse2015").status_code == 302
    again = client.get(path)
    assert again.status_code == 404 and "n'est plus valable" in text(again)


def test_reset_link_uses_the_communes_portal_url_never_the_host_header(client, world, smtp):
    evil = "http://evil.example/"
    page = text(client.get("/mot-de-passe-oublie", base_url=evil))
    token = CSRF_RE.search(page).group(1)
    response = client.post(
        "/mot-de-passe-oublie",
        base_url=evil,
        data={"identifier": DUPONT_LOGIN, "csrf_token": token},
        headers={"X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 200
    assert len(smtp) == 1
    assert "evil.example" not in smtp[0][1]
    assert "https://alix-village.fr/portail-famille/reinitialiser/" in smtp[0][1]


@pytest.mark.parametrize("portal_url", ["", "alix-village.fr", "javascript:alert(1)"])
def test_without_the_portal_url_reset_is_unavailable(
    client, world, smtp, session_factory, portal_url
):
    with db.transaction(session_factory) as s:
        s.get(CommuneSettings, 1).portal_url = portal_url
    page = text(client.get("/mot-de-passe-oublie"))
    assert "n'est pas disponible" in page and "04 78 43 91 68" in page
    assert 'name="identifier"' not in page
    token = csrf_of(client, "/connexion")
    response = client.post(
        "/mot-de-passe-oublie", data={"identifier": DUPONT_LOGIN, "csrf_token": token}
    )
    assert response.status_code == 200 and "n'est pas disponible" in text(response)
    assert smtp == []  # no link built from the request's own address


def test_reset_link_expires_after_one_hour(world, session_factory):
    with db.transaction(session_factory) as s:
        ticket = portal_auth.start_reset(s, DUPONT_LOGIN)
        assert ticket is not None
        token = ticket.token
        account = ticket.account
        assert account.reset_token_hash != token  # only a hash is stored
    with session_factory() as s:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
        assert portal_auth.account_for_token(s, token, now=later) is None
        assert portal_auth.account_for_token(s, token) is not None


def test_no_stack_trace_on_server_error(app, logged_in, monkeypatch):
    from portail_admin.core.services import statement

    def boom(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(statement, "statement_lines", boom)
    response = logged_in.get("/releve")
    assert response.status_code == 500
    page = text(response)
    assert "Une erreur est survenue" in page
    assert "Traceback" not in page and "secret internals" not in page


def test_output_is_escaped(logged_in, world):
    script = "<script>alert(1)</script>"
    post(logged_in, "/messages/ecrire", {"subject": script, "body": script})
    page = logged_in.get("/messages?dossier=envoyes").get_data(as_text=True)
    assert script not in page and "&lt;script&gt;" in page


def test_secret_key_is_kept_in_the_keyring(db_url, isolated_environment):
    from portail_admin.web.app import SECRET_IDENTITY, SECRET_KIND

    first = create_app({"DATABASE_URL": db_url})
    second = create_app({"DATABASE_URL": db_url})
    try:
        assert first.secret_key == second.secret_key and len(first.secret_key) >= 40
        stored = isolated_environment.store[("portail-admin", f"{SECRET_KIND}:{SECRET_IDENTITY}")]
        assert stored == first.secret_key
    finally:
        first.extensions["portail_engine"].dispose()
        second.extensions["portail_engine"].dispose()
