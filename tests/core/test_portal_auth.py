"""Portal accounts: login, lockout, password change, reset tokens."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.errors import ValidationError
from portail_admin.core.models import LoginAttempt, PortalAccount, PortalLoginSession
from portail_admin.core.services import portal_auth as auth
from tests.world import DUPONT_LOGIN, PASSWORD, build_world


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _account(s) -> PortalAccount:
    return s.scalars(select(PortalAccount).where(PortalAccount.login == DUPONT_LOGIN)).one()


def test_login_and_lockout(session_factory, w):
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    with db.transaction(session_factory) as s:
        assert auth.authenticate(s, f" {DUPONT_LOGIN} ", PASSWORD, now=now).family_id == w.dupont_id
        assert _account(s).last_login_at == now
    for attempt in range(1, 6):
        with db.transaction(session_factory) as s:
            with pytest.raises(auth.AuthError) as err:
                auth.authenticate(s, DUPONT_LOGIN, "Faux12345", now=now)
            expected = auth.LOCKED if attempt == 5 else auth.BAD_CREDENTIALS
            assert str(err.value) == expected
    with db.transaction(session_factory) as s:
        with pytest.raises(auth.AuthError, match="bloqué"):
            auth.authenticate(s, DUPONT_LOGIN, PASSWORD, now=now + dt.timedelta(minutes=14))
        account = auth.authenticate(s, DUPONT_LOGIN, PASSWORD, now=now + dt.timedelta(minutes=16))
        assert account.failed_attempts == 0 and account.locked_until is None


def test_an_unknown_login_locks_like_a_real_one(session_factory, w):
    """Nothing tells a guesser whether a login exists, not even the lockout."""
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    answers = {}
    unknown = f"100{uuid.uuid4().int % 10**10:010d}"
    for login in (DUPONT_LOGIN, unknown):
        seen = []
        for attempt in range(6):
            with db.transaction(session_factory) as s, pytest.raises(auth.AuthError) as err:
                auth.authenticate(s, login, "Faux12345", now=now + dt.timedelta(seconds=attempt))
            seen.append(str(err.value))
        answers[login] = seen
    assert answers[DUPONT_LOGIN] == answers[unknown]
    assert answers[DUPONT_LOGIN][3:] == [auth.BAD_CREDENTIALS, auth.LOCKED, auth.LOCKED]
    later = now + dt.timedelta(minutes=16)  # both locks run out
    with db.transaction(session_factory) as s, pytest.raises(auth.AuthError) as err:
        auth.authenticate(s, unknown, "Faux12345", now=later)
    assert str(err.value) == auth.BAD_CREDENTIALS


def test_unknown_login_counts_are_kept_in_the_database_and_forgotten_late(
    session_factory, engine, w
):
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    for attempt in range(4):
        with db.transaction(session_factory) as s, pytest.raises(auth.AuthError):
            auth.authenticate(s, "inconnu", "Faux12345", now=now + dt.timedelta(seconds=attempt))
    engine.dispose()  # a restart: nothing kept in memory counts
    with db.transaction(session_factory) as s:
        rows = s.scalars(select(LoginAttempt)).all()
        assert [(r.kind, r.attempts) for r in rows] == [(auth.UNKNOWN_LOGIN, 4)]
        assert "inconnu" not in rows[0].key_hash  # the typed login is not stored as such
        auth.forget_expired_attempts(s, now + dt.timedelta(days=29))
    with db.transaction(session_factory) as s, pytest.raises(auth.AuthError) as err:
        auth.authenticate(s, "inconnu", "Faux12345", now=now + dt.timedelta(days=1))
    assert str(err.value) == auth.LOCKED  # still counted a day later, like a real account
    with db.transaction(session_factory) as s:
        auth.forget_expired_attempts(s, now + dt.timedelta(days=32))
        assert s.scalars(select(LoginAttempt)).all() == []  # the table does not grow forever


def test_a_too_long_password_counts_as_a_wrong_one(session_factory, w):
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    answers = []
    for _ in range(5):
        with db.transaction(session_factory) as s, pytest.raises(auth.AuthError) as err:
            auth.authenticate(s, DUPONT_LOGIN, PASSWORD + "x" * 200, now=now)
        answers.append(str(err.value))
    assert answers == [auth.BAD_CREDENTIALS] * 4 + [auth.LOCKED]
    with session_factory() as s:
        assert _account(s).failed_attempts == 5


def _at_once(count: int, work) -> list:
    """Run `work(n)` in `count` threads released together; their results (or exceptions)."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = work(n)
        except BaseException as exc:  # compared by the caller
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("login", [DUPONT_LOGIN, "1009999999999"])
def test_concurrent_wrong_passwords_are_counted_exactly(session_factory, w, login):
    """Twenty wrong passwords at the same moment, on the same (real or unknown) login: each
    gets the ordinary answer, and exactly five count."""
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)

    def attempt(_n: int) -> str:
        with db.transaction(session_factory, "portail") as s:
            try:
                auth.authenticate(s, login, "Faux12345", now=now)
            except auth.AuthError as exc:
                return str(exc)
        return "connecté"

    answers = _at_once(20, attempt)
    assert sorted(map(str, answers)) == sorted(
        [auth.BAD_CREDENTIALS] * 4 + [auth.LOCKED] * 16
    ), answers
    with session_factory() as s:
        if login == DUPONT_LOGIN:
            assert _account(s).failed_attempts == 5
        else:
            assert s.scalars(select(LoginAttempt.attempts)).one() == 5


def test_concurrent_right_passwords_all_log_in(session_factory, w):
    def attempt(_n: int) -> int:
        with db.transaction(session_factory, "portail") as s:
            return auth.authenticate(s, DUPONT_LOGIN, PASSWORD).family_id

    assert _at_once(8, attempt) == [w.dupont_id] * 8


def test_the_address_throttle_counts_concurrent_attempts_exactly(session_factory, w):
    window = dt.timedelta(minutes=15)

    def attempt(_n: int) -> bool:
        with db.transaction(session_factory) as s:
            return auth.allow_attempt(s, "login:203.0.113.9", 5, window)

    assert sorted(_at_once(20, attempt)) == [False] * 15 + [True] * 5
    later = dt.datetime.now(dt.UTC) + window + dt.timedelta(seconds=1)
    with db.transaction(session_factory) as s:  # a new window
        assert auth.allow_attempt(s, "login:203.0.113.9", 5, window, now=later)
        assert auth.allow_attempt(s, "login:198.51.100.4", 5, window)  # another address


def test_unknown_login_and_disabled_account(session_factory, w):
    with db.transaction(session_factory) as s:
        with pytest.raises(auth.AuthError, match="incorrect"):
            auth.authenticate(s, "inconnu", PASSWORD)
        with pytest.raises(auth.AuthError, match="incorrect"):
            auth.authenticate(s, DUPONT_LOGIN, "x" * 500)
        _account(s).disabled = True
    with db.transaction(session_factory) as s, pytest.raises(auth.AuthError, match="désactivé"):
        auth.authenticate(s, DUPONT_LOGIN, PASSWORD)


def test_change_password_rules(session_factory, w):
    with db.transaction(session_factory) as s:
        account = _account(s)
        for new, confirm, current, field in [
            ("court", "court", PASSWORD, "new_password"),
            (PASSWORD, PASSWORD, PASSWORD, "new_password"),  # same as the old one
            ("Nouveau2016", "Nouveau2017", PASSWORD, "confirm"),
            ("Nouveau2016", "Nouveau2016", "Faux", "current_password"),
        ]:
            with pytest.raises(ValidationError) as err:
                auth.change_password(s, account, new, confirm, current_password=current)
            assert field in err.value.errors
        account.must_change_password = True
        auth.change_password(s, account, "Nouveau2016", "Nouveau2016", current_password=PASSWORD)
        assert account.must_change_password is False
        assert "Nouveau2016" not in account.password_hash
    with db.transaction(session_factory) as s:
        assert auth.authenticate(s, DUPONT_LOGIN, "Nouveau2016")


def test_reset_token_single_use_one_hour(session_factory, w):
    now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    with db.transaction(session_factory) as s:
        assert auth.start_reset(s, "personne") is None
        assert auth.start_reset(s, "") is None
        by_mail = auth.start_reset(s, "JEAN.DUPONT@wanadoo.fr", now=now)
        assert by_mail is not None and by_mail.account.login == DUPONT_LOGIN
        ticket = auth.start_reset(s, DUPONT_LOGIN, now=now)  # replaces the previous link
        assert ticket.email == "jean.dupont@wanadoo.fr"
        assert _account(s).reset_token_hash not in (None, ticket.token)
        assert auth.account_for_token(s, by_mail.token, now=now) is None
        assert auth.account_for_token(s, ticket.token, now=now + dt.timedelta(minutes=59))
        assert auth.account_for_token(s, ticket.token, now=now + dt.timedelta(minutes=61)) is None
        with pytest.raises(ValidationError):
            auth.finish_reset(
                s, ticket.token, "Reglisse1", "Reglisse1", now=now + dt.timedelta(hours=2)
            )
        auth.finish_reset(s, ticket.token, "Reglisse1", "Reglisse1", now=now)
        assert _account(s).reset_token_hash is None
        with pytest.raises(ValidationError):
            auth.finish_reset(s, ticket.token, "Reglisse2", "Reglisse2", now=now)
    with db.transaction(session_factory) as s:
        assert auth.authenticate(s, DUPONT_LOGIN, "Reglisse1")


def test_sessions_are_found_by_token_and_forgotten_when_they_ran_out(session_factory, w):
    start = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    idle, lifetime = dt.timedelta(minutes=30), dt.timedelta(hours=12)
    with db.transaction(session_factory) as s:
        account_id = _account(s).id
        old = auth.open_session(s, account_id, start)
        new = auth.open_session(s, account_id, start + dt.timedelta(hours=1))
    with session_factory() as s:
        found = auth.find_session(s, new)
        assert found.account_id == account_id and found.family_id == w.dupont_id
        assert auth.find_session(s, "faux") is None and auth.find_session(s, "") is None
        stored = s.scalars(select(PortalLoginSession.token_hash)).all()
        assert old not in stored and new not in stored  # only hashes
        later = start + dt.timedelta(hours=1, minutes=20)
        assert auth.find_session(s, old).expired(later, idle, lifetime)
        assert not found.expired(later, idle, lifetime)
    with db.transaction(session_factory) as s:
        auth.forget_expired_sessions(s, later, idle, lifetime)
    with session_factory() as s:
        assert auth.find_session(s, old) is None and auth.find_session(s, new) is not None
    with db.transaction(session_factory) as s:
        auth.end_session(s, new)
    with session_factory() as s:
        assert s.scalars(select(PortalLoginSession)).all() == []
