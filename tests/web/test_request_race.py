"""The portal under a race: one family's browser sends the same request twenty times at the
same moment (taps on a slow phone, several tabs). One request reaches the mairie; every other
answer is the French page a second tap gets, never a 409 or a 500."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import Request, Service
from portail_admin.core.models.enums import RequestKind, RequestStatus

from .conftest import csrf_of
from .test_bad_input import GUARDIAN_OK
from .test_pages import text

WRITERS = 20
COOKIE = "portail_session"


@pytest.fixture
def browsers(app, db_url, logged_in) -> tuple[list[Any], str]:
    """WRITERS test clients sharing the logged-in family's session cookie (one per thread),
    and the CSRF token of that session.

    The app gets a pool with a connection for each request's read and write sessions: twenty
    requests at once are more than the waitress server's threads would ever run together."""
    app.extensions["portail_engine"].dispose()
    engine = db.make_engine(db_url, pool_size=2 * WRITERS + 2, max_overflow=0)
    app.extensions["portail_engine"] = engine
    app.extensions["portail_sessions"] = db.make_session_factory(engine)
    token = csrf_of(logged_in, "/")  # the session holds the token from now on
    cookie = logged_in.get_cookie(COOKIE)
    assert cookie is not None
    clients = []
    for _ in range(WRITERS):
        client = app.test_client()
        client.set_cookie(COOKIE, cookie.value)
        clients.append(client)
    return clients, token


def race(browsers: tuple[list[Any], str], path: str, data: dict[str, Any]) -> list[Any]:
    browsers, token = browsers
    barrier = threading.Barrier(len(browsers))
    responses: list[Any] = [None] * len(browsers)

    def run(index: int) -> None:
        barrier.wait()
        try:
            responses[index] = browsers[index].post(path, data={**data, "csrf_token": token})
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            responses[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    assert not [r for r in responses if isinstance(r, Exception)]
    return responses


def answers(responses: list[Any]) -> tuple[int, list[str]]:
    """How many requests were taken (redirected), and the pages of the refused ones (400)."""
    codes = sorted(r.status_code for r in responses)
    assert set(codes) <= {302, 400}, codes
    return codes.count(302), [text(r) for r in responses if r.status_code == 400]


def _planning(world, kind: str = "reservation") -> tuple[str, dict[str, Any]]:
    return (
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": world.services["wednesday"], "day": "2015-05-13", "kind": kind},
    )


def _cell_requests(session_factory, world) -> list[RequestStatus]:
    with session_factory() as s:
        return list(
            s.scalars(
                select(Request.status).where(
                    Request.child_id == world.child_id, Request.kind == RequestKind.RESERVATION
                )
            )
        )


def test_twenty_taps_on_a_day_send_one_reservation(browsers, world, session_factory):
    taken, refused = answers(race(browsers, *_planning(world)))
    assert taken == 1 and len(refused) == WRITERS - 1
    assert all("Une demande est déjà en attente pour ce jour" in page for page in refused)
    assert _cell_requests(session_factory, world) == [RequestStatus.PENDING]


def test_twenty_taps_on_an_auto_accepted_day_book_it_once(browsers, world, session_factory):
    with db.transaction(session_factory) as s:
        s.get(Service, world.services["wednesday"]).auto_accept = True
    taken, refused = answers(race(browsers, *_planning(world)))
    assert taken == 1 and len(refused) == WRITERS - 1
    assert all("Ce jour est déjà réservé." in page for page in refused)
    assert _cell_requests(session_factory, world) == [RequestStatus.ACCEPTED]


def test_twenty_identical_responsable_changes_send_one(browsers, world, session_factory):
    responses = race(browsers, "/mon-compte/responsable", {**GUARDIAN_OK, "city": "Alix"})
    taken, refused = answers(responses)
    assert taken == 1 and len(refused) == WRITERS - 1
    assert all("Cette demande est déjà en attente à la mairie." in page for page in refused)
    with session_factory() as s:
        kinds = s.scalars(
            select(Request.kind).where(Request.family_id == world.dupont_id)
        ).all()
        assert kinds == [RequestKind.GUARDIAN]
