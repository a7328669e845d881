"""On PostgreSQL the portal's tests run under its own role (tests/web/conftest.py): this checks
that the app really is connected as that role, and that a parent's booking, accepted at once by
a service with automatic acceptance, is all the role needs to write a planning cell."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from portail_admin.core import db
from portail_admin.core.models import PlanningCell, Service
from portail_admin.core.models.enums import Booking

from ..conftest import PG_URL, role_name_for_tests
from .conftest import post

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="database roles exist only on PostgreSQL: set PORTAIL_TEST_DATABASE_URL"
)


def test_the_portal_is_connected_as_its_own_role(app):
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("PORTAIL_TEST_WEB_ROLE=0: the portal runs as the owner")
    engine = app.extensions["portail_engine"]
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT current_user")) == role_name_for_tests("portail_web")
    with pytest.raises(ProgrammingError) as info, engine.begin() as conn:
        conn.execute(text("UPDATE family SET allocataire_number = 'x'"))
    assert isinstance(info.value.orig, psycopg.errors.InsufficientPrivilege)


def test_an_automatically_accepted_booking_writes_its_cell_under_the_role(
    logged_in, world, session_factory
):
    with db.transaction(session_factory) as s:
        s.get(Service, world.services["wednesday"]).auto_accept = True
        assert s.scalar(_cell(world)) is None  # the role must INSERT it
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": world.services["wednesday"], "day": "2015-05-13", "kind": "reservation"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with session_factory() as s:
        cell = s.scalar(_cell(world))
    assert cell is not None and cell.booking is Booking.RESERVED


def _cell(world):
    return select(PlanningCell).where(
        PlanningCell.child_id == world.child_id,
        PlanningCell.service_id == world.services["wednesday"],
        PlanningCell.day == dt.date(2015, 5, 13),
    )
