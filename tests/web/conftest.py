"""Web fixtures: the app on the test database with the clock pinned to the manual's day
(`pinned_clock` and the commune of tests/world.py are Flask-free, shared with the core tests).

On PostgreSQL the portal runs as in service, under its own role (core/db_roles.py): `db_url`,
which every app of these tests is made with, names the role `portail_web_<database>`, set up
once per run by the same function as `portail-admin db web-role`, while the fixtures that build
the test data (`engine`, `session_factory`, `world`) keep the owner's connection. So the whole
portal suite proves that the role's grants are enough. PORTAIL_TEST_WEB_ROLE=0 runs the portal
as the owner instead (to tell a missing grant from another failure)."""

from __future__ import annotations

import os
import re
import secrets

import pytest
from sqlalchemy import make_url

from portail_admin.core import db, db_roles, mailer
from portail_admin.core.models import CommuneSettings
from portail_admin.web import create_app

from .. import conftest as shared
from ..world import DUPONT_LOGIN, PASSWORD, build_world

# Defined in tests/conftest.py (core tests use it without Flask); still importable from here.
pinned_clock = shared.pinned_clock


@pytest.fixture(scope="session")
def _portal_role_url(_template_database):
    """The portal's URL under its own role on PostgreSQL; None on SQLite."""
    if not shared.PG_URL or os.environ.get("PORTAIL_TEST_WEB_ROLE") == "0":
        yield None
        return
    name = shared.role_name_for_tests("portail_web")
    password = secrets.token_urlsafe(24)
    owner = db.make_engine(shared.PG_URL)
    db_roles.apply_web_role(owner, name, password)
    url = make_url(shared.PG_URL).set(username=name, password=password)
    yield url.render_as_string(hide_password=False)
    shared.drop_test_role(owner, name)
    owner.dispose()


@pytest.fixture
def db_url(owner_db_url, _portal_role_url):
    """What the portal connects with: its own role on PostgreSQL, the file on SQLite."""
    return _portal_role_url or owner_db_url


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


@pytest.fixture
def smtp(world, session_factory, monkeypatch):
    """The commune can send mail (reset links); the mails sent, as (to, body), instead."""
    with db.transaction(session_factory) as s:
        settings = s.get(CommuneSettings, 1)
        settings.smtp_host = "smtp.alix-village.fr"
        settings.smtp_sender = "portail@alix-village.fr"
        settings.portal_url = "https://alix-village.fr/portail-famille/"
    sent = []
    monkeypatch.setattr(mailer, "send_mail", lambda st, to, subject, body: sent.append((to, body)))
    return sent


@pytest.fixture
def app(db_url, world):
    app = create_app({"DATABASE_URL": db_url, "TESTING": False, "MAIL_IN_BACKGROUND": False})
    yield app
    app.extensions["portail_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client, path: str = "/connexion") -> str:
    page = client.get(path)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, login_: str = DUPONT_LOGIN, password: str = PASSWORD):
    token = csrf_of(client)
    return client.post(
        "/connexion", data={"login": login_, "password": password, "csrf_token": token}
    )


@pytest.fixture
def logged_in(client):
    response = login(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def post(client, path: str, data: dict | None = None, page: str | None = None):
    """POST with the CSRF token of the session (taken from `page`, or the home page)."""
    token = csrf_of(client, page or "/")
    return client.post(path, data={**(data or {}), "csrf_token": token})
