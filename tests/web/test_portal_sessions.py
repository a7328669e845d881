"""Issue 8: a portal session ends server-side. Its cookie carries a random token whose hash is a
portal_session row; logging out, a new password, a reset or a lock delete the row, and a copy
of the cookie made before then is refused everywhere (pages and forms, from any address)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from portail_admin.core import clock, db
from portail_admin.core.models import Message, PortalAccount, PortalLoginSession
from portail_admin.core.services import portal_accounts

from .conftest import CSRF_RE, csrf_of, login, post
from .test_pages import text
from .world import DUPONT_LOGIN, PASSWORD

COOKIE = "portail_session"


@pytest.fixture
def moving_clock(monkeypatch, pinned_clock):
    """The project's clock, moved by the test (no sleeps)."""
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    return now


def _cookie(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def _replay(app, value: str, address: str = "127.0.0.1"):
    """A new browser (another address if given) holding a copy of a saved cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, value)
    thief.environ_base["REMOTE_ADDR"] = address
    return thief


def _sessions(session_factory) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(PortalLoginSession))


def _messages(session_factory, family_id: int) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count(Message.id)).where(Message.family_id == family_id))


def _refused_everywhere(app, saved: str, csrf: str, session_factory, family_id: int) -> None:
    before = _messages(session_factory, family_id)
    for address in ("127.0.0.1", "203.0.113.9"):
        for path in ("/", "/releve", "/mot-de-passe"):
            page = _replay(app, saved, address).get(path)  # each time a fresh copy
            assert page.status_code == 302 and "/connexion" in page.headers["Location"], path
        for path, data in [
            ("/messages/ecrire", {"subject": "Volé", "body": "Volé"}),
            ("/mot-de-passe", {"new_password": "Vole2016xx", "confirm": "Vole2016xx"}),
        ]:
            sent = _replay(app, saved, address).post(path, data={**data, "csrf_token": csrf})
            assert sent.status_code == 302 and "/connexion" in sent.headers["Location"], path
    assert _messages(session_factory, family_id) == before


def test_a_cookie_replayed_after_logout_is_refused(app, client, world, session_factory):
    assert login(client).status_code == 302
    csrf = csrf_of(client, "/")
    saved = _cookie(client)
    # The saved copy works before logging out (from another address too)...
    assert _replay(app, saved, "203.0.113.9").get("/").status_code == 200
    sent = _replay(app, saved).post(
        "/messages/ecrire", data={"subject": "Avant", "body": "Avant", "csrf_token": csrf}
    )
    assert sent.status_code == 302 and "/connexion" not in sent.headers["Location"]
    assert _sessions(session_factory) == 1
    response = client.post("/deconnexion", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert _sessions(session_factory) == 0  # ...and logging out deleted it server-side
    _refused_everywhere(app, saved, csrf, session_factory, world.dupont_id)


def test_the_session_cookie_holds_no_part_of_the_password_hash(app, client, world, session_factory):
    assert login(client).status_code == 302
    raw = _cookie(client)
    data = app.session_interface.get_signing_serializer(app).loads(raw)
    with session_factory() as s:
        password_hash = s.scalars(
            select(PortalAccount.password_hash).where(PortalAccount.login == DUPONT_LOGIN)
        ).one()
        stored = s.scalars(select(PortalLoginSession.token_hash)).one()
    token = data["_user_id"]
    assert len(token) >= 40
    seen = f"{raw} {data}"
    for start in range(len(password_hash) - 7):  # no 8 characters of the hash anywhere
        assert password_hash[start : start + 8] not in seen
    # the database keeps only a hash of the token
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored


def test_a_new_password_ends_every_other_session(app, world, session_factory):
    first, second = app.test_client(), app.test_client()
    login(first)
    login(second)
    csrf = csrf_of(second, "/")
    saved = _cookie(second)
    response = post(
        first,
        "/mot-de-passe",
        {"current_password": PASSWORD, "new_password": "Sucettes2016", "confirm": "Sucettes2016"},
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200  # the browser that changed it stays logged in
    assert _sessions(session_factory) == 1
    _refused_everywhere(app, saved, csrf, session_factory, world.dupont_id)


def test_a_reset_link_ends_every_session(app, client, world, smtp, session_factory):
    assert login(client).status_code == 302
    csrf = csrf_of(client, "/")
    saved = _cookie(client)
    other = app.test_client()
    token = csrf_of(other, "/mot-de-passe-oublie")
    other.post("/mot-de-passe-oublie", data={"identifier": DUPONT_LOGIN, "csrf_token": token})
    link = next(w for w in smtp[0][1].split() if "/reinitialiser/" in w)
    path = link[link.index("/reinitialiser/") :]
    page = other.get(path).get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    done = other.post(
        path, data={"new_password": "Reglisse2015", "confirm": "Reglisse2015", "csrf_token": token}
    )
    assert done.status_code == 302
    assert _sessions(session_factory) == 0
    assert client.get("/").status_code == 302
    _refused_everywhere(app, saved, csrf, session_factory, world.dupont_id)


@pytest.mark.parametrize("action", ["lock", "reset_password"])
def test_a_lock_or_a_new_password_from_the_mairie_ends_every_session(
    app, client, world, session_factory, action
):
    assert login(client).status_code == 302
    csrf = csrf_of(client, "/")
    saved = _cookie(client)
    with db.transaction(session_factory, "staff:test") as s:
        getattr(portal_accounts, action)(s, world.dupont_id)
    assert _sessions(session_factory) == 0
    if action == "lock":  # unlocking does not bring the old sessions back
        with db.transaction(session_factory, "staff:test") as s:
            portal_accounts.unlock(s, world.dupont_id)
    _refused_everywhere(app, saved, csrf, session_factory, world.dupont_id)


def test_too_many_wrong_passwords_do_not_log_the_family_out(app, client, world):
    """A guesser locking the account cannot end the family's own session with it."""
    assert login(client).status_code == 302
    guesser = app.test_client()
    for _ in range(5):
        login(guesser, password="Mauvais1x")
    assert "bloqué" in text(login(guesser))
    assert client.get("/").status_code == 200


def test_an_absolute_lifetime_even_when_active(db_url, world, moving_clock):
    from portail_admin.web import create_app

    app = create_app({"DATABASE_URL": db_url, "SESSION_LIFETIME_SECONDS": 3600})
    try:
        client = app.test_client()
        assert login(client).status_code == 302
        for _ in range(5):  # active every 10 minutes, never idle
            moving_clock[0] += dt.timedelta(minutes=10)
            assert client.get("/").status_code == 200
        moving_clock[0] += dt.timedelta(minutes=11)
        response = client.get("/")
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    finally:
        app.extensions["portail_engine"].dispose()


def test_seen_again_written_at_most_once_a_minute_and_the_cookie_is_not_resent(
    client, world, session_factory, moving_clock
):
    assert login(client).status_code == 302
    assert client.get("/").status_code == 200  # the page's CSRF token goes into the cookie once
    start = moving_clock[0]

    def last_seen() -> dt.datetime:
        with session_factory() as s:
            return s.scalars(select(PortalLoginSession.last_seen_at)).one()

    assert last_seen() == start
    moving_clock[0] = start + dt.timedelta(seconds=30)
    response = client.get("/")
    assert response.status_code == 200
    assert last_seen() == start  # not written for a request 30 s later
    assert not any(h.startswith(COOKIE) for h in response.headers.getlist("Set-Cookie"))
    moving_clock[0] = start + dt.timedelta(seconds=61)
    response = client.get("/")
    assert last_seen() == start + dt.timedelta(seconds=61)
    assert not any(h.startswith(COOKIE) for h in response.headers.getlist("Set-Cookie"))
