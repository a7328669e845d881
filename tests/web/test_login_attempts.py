"""Issue 8: the login page's answers never tell a real login from an unknown one (whatever the
password, across restarts), the per-address throttle is kept in the database (shared by
several portal processes, kept across restarts), and wrong passwords sent at the same moment
get the ordinary answer, never the "modification simultanée" page."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from portail_admin.core.models import PortalAccount
from portail_admin.core.services import portal_auth
from portail_admin.web import create_app

from .conftest import csrf_of, login
from .test_pages import text
from .world import DUPONT_LOGIN

UNKNOWN_LOGIN = "1001001899999"


def _answer(response) -> str:
    page = text(response)
    for message in (portal_auth.LOCKED, portal_auth.BAD_CREDENTIALS):
        if message.replace("\u202f", " ").replace("\xa0", " ") in page:
            return f"{response.status_code} {message}"
    return f"{response.status_code} ?"


def _app(db_url, **config):
    return create_app({"DATABASE_URL": db_url, "MAIL_IN_BACKGROUND": False, **config})


@pytest.mark.parametrize("password", ["Mauvais1x", "x" * 129, "é" * 5000, ""])
def test_a_real_and_an_unknown_login_get_the_same_answers(db_url, world, password):
    app = _app(db_url)
    try:
        answers = {}
        for address, login_ in (("10.0.0.1", DUPONT_LOGIN), ("10.0.0.2", UNKNOWN_LOGIN)):
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = address
            answers[login_] = [_answer(login(client, login_, password)) for _ in range(7)]
        assert answers[DUPONT_LOGIN] == answers[UNKNOWN_LOGIN]
        assert answers[DUPONT_LOGIN][3:5] == [
            f"401 {portal_auth.BAD_CREDENTIALS}",
            f"401 {portal_auth.LOCKED}",
        ]
    finally:
        app.extensions["portail_engine"].dispose()


def test_unknown_logins_stay_locked_across_a_restart(db_url, world):
    """Before, the unknown logins' counts lived in the process: a restart forgot them while
    real accounts stayed locked in the database."""
    first = _app(db_url)
    try:
        for login_ in (DUPONT_LOGIN, UNKNOWN_LOGIN):
            client = first.test_client()
            answers = [_answer(login(client, login_, "Mauvais1x")) for _ in range(4)]
            assert answers == [f"401 {portal_auth.BAD_CREDENTIALS}"] * 4
    finally:
        first.extensions["portail_engine"].dispose()
    # The portal restarts (a new app, a new engine): the fifth try locks both...
    second = _app(db_url)
    try:
        for login_ in (DUPONT_LOGIN, UNKNOWN_LOGIN):
            assert _answer(login(second.test_client(), login_, "Mauvais1x")) == (
                f"401 {portal_auth.LOCKED}"
            )
    finally:
        second.extensions["portail_engine"].dispose()
    # ...and after another restart both are still locked.
    third = _app(db_url)
    try:
        for login_ in (DUPONT_LOGIN, UNKNOWN_LOGIN):
            assert _answer(login(third.test_client(), login_, "Mauvais1x")) == (
                f"401 {portal_auth.LOCKED}"
            )
    finally:
        third.extensions["portail_engine"].dispose()


def test_the_address_throttle_is_shared_by_processes_and_kept_across_restarts(db_url, world):
    config = {"LOGIN_THROTTLE_LIMIT": 3, "LOGIN_THROTTLE_WINDOW": 60}
    one, two = _app(db_url, **config), _app(db_url, **config)  # two portal processes
    try:
        for app in (one, two, one):
            client = app.test_client()
            assert login(client, "x", "y").status_code == 401
        for app in (two, one):
            refused = login(app.test_client(), "x", "y")
            assert refused.status_code == 429 and "Trop de tentatives" in text(refused)
    finally:
        one.extensions["portail_engine"].dispose()
        two.extensions["portail_engine"].dispose()
    restarted = _app(db_url, **config)
    try:
        assert login(restarted.test_client(), "x", "y").status_code == 429
        other = restarted.test_client()
        other.environ_base["REMOTE_ADDR"] = "10.0.0.7"  # another address is not affected
        assert login(other, "x", "y").status_code == 401
    finally:
        restarted.extensions["portail_engine"].dispose()


@pytest.mark.parametrize("login_", [DUPONT_LOGIN, UNKNOWN_LOGIN])
def test_wrong_passwords_sent_at_once_get_the_ordinary_answer(
    db_url, world, session_factory, login_
):
    """Twenty at the same moment: each is answered "incorrect" or "bloqué" (no 409 page), and
    exactly the first five count (the fifth locks)."""
    app = _app(db_url, LOGIN_THROTTLE_LIMIT=100)
    tries = 20
    clients = []
    for n in range(tries):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.1.0.{n + 1}"
        clients.append((client, csrf_of(client)))
    barrier = threading.Barrier(tries)
    answers: list[str] = []
    errors: list[BaseException] = []

    def attempt(client, token) -> None:
        try:
            barrier.wait()
            response = client.post(
                "/connexion", data={"login": login_, "password": "Mauvais1x", "csrf_token": token}
            )
            answers.append(_answer(response))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=pair) for pair in clients]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        app.extensions["portail_engine"].dispose()
    assert errors == []
    assert sorted(answers) == sorted(
        [f"401 {portal_auth.BAD_CREDENTIALS}"] * 4 + [f"401 {portal_auth.LOCKED}"] * 16
    )
    if login_ == DUPONT_LOGIN:
        with session_factory() as s:
            account = s.scalars(
                select(PortalAccount).where(PortalAccount.login == DUPONT_LOGIN)
            ).one()
            assert account.failed_attempts == 5 and account.locked_until is not None
