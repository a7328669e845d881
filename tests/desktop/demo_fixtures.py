"""The small demo commune for the billing tests (its invoices are issued by the generator),
and the desktop logged in as one of its staff accounts. Import the fixtures into a module:
`from .demo_fixtures import TODAY, context, demo_loaded  # noqa: F401`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from portail_admin.core import clock, db, demo
from portail_admin.core.models import StaffUser
from portail_admin.core.services import staff
from portail_admin.desktop.app import application, build_context
from portail_admin.desktop.context import AppContext

# A Friday: September and October billed, November pointed but not billed yet (the demo
# issues each month's invoices on the 8th of the next month).
TODAY = dt.date(2026, 12, 4)
DEMO_FAMILIES = 12
DEMO_STAFF = {"admin": "chrystelle", "agent": "nancy", "animateur": "animateur"}


@pytest.fixture
def demo_loaded(monkeypatch: pytest.MonkeyPatch, session_factory: Any) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ)
    )
    demo.load_demo(session_factory, families=DEMO_FAMILIES)


@pytest.fixture
def context(
    qapp: Any, db_url: str, session_factory: Any, role: str, demo_loaded: None
) -> Iterator[AppContext]:
    """The desktop on the demo, logged in as its account of `role`."""
    application()
    engine = db.make_engine(db_url)
    ctx = build_context(db_url, engine)
    with session_factory() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == DEMO_STAFF[role])).one()
        ctx.log_in(staff.identity_of(user))
    yield ctx
    ctx.watcher.stop()
    ctx.ops.shutdown()
    engine.dispose()
