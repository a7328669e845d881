"""The Demandes area driven like a user: the side-by-side values, accepting a record change and
finding it applied, refusing without then with a motive, twenty reservations at once with
progress, automatic acceptance inside and outside the deadline, live arrival of a request."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.errors import ValidationError
from portail_admin.core.models import (
    ChangeLog,
    Enrolment,
    Family,
    PlanningCell,
    Request,
    Service,
    Structure,
    utcnow,
)
from portail_admin.core.models.enums import Booking, RequestKind, RequestStatus, ServiceUnit
from portail_admin.core.services import decisions, requests
from portail_admin.desktop.requests import RequestsPage

from .conftest import wait_ops

EVERY_DAY = 0b1111111
LEFT = Qt.MouseButton.LeftButton


def _service(s, name: str, code: str, **kw) -> Service:
    structure = s.scalar(select(Structure).where(Structure.name == "Accueil de Loisirs"))
    if structure is None:
        structure = Structure(name="Accueil de Loisirs")
        s.add(structure)
    values = dict(unit=ServiceUnit.DAY, weekdays=EVERY_DAY, open_in_term=True,
                  open_in_holidays=True, capacity=30, booking_deadline_days=2, auto_accept=False)
    values.update(kw)
    service = Service(structure=structure, name=name, code=code, **values)
    s.add(service)
    s.flush()
    return service


@pytest.fixture
def world(dupont, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        alsh = _service(s, "ALSH Mercredi", "ALSHM")
        auto = _service(s, "ALSH Vacances", "ALSHV", auto_accept=True)
        for service in (alsh, auto):
            s.add(Enrolment(child_id=dupont["child"], service_id=service.id,
                            start_date=clock.today(), end_date=clock.today() + dt.timedelta(400),
                            weekly_pattern=0))
    return SimpleNamespace(**dupont, alsh=alsh.id, auto=auto.id)


def _guardian_request(session_factory, w) -> int:
    with db.transaction(session_factory, "parent:1001001818331") as s:
        return requests.request_family_change(
            s, w.family, RequestKind.GUARDIAN, {"city": "Alix", "phone_mobile": "06 12 34 56 78"}
        ).id


def _open(qtbot, window) -> RequestsPage:
    page = window.open_area("demandes")
    assert isinstance(page, RequestsPage)
    wait_ops(qtbot, page.context)
    return page


def _select(qtbot, page, ids) -> None:
    qtbot.waitUntil(lambda: {r.id for r in page.rows} >= set(ids), timeout=5000)
    page.select_ids(ids)
    wait_ops(qtbot, page.context)


def _wait_decided(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.deciding, timeout=30000)
    wait_ops(qtbot, page.context)


def test_accepting_a_record_change_applies_it(qtbot, world, window, session_factory):
    request_id = _guardian_request(session_factory, world)
    page = _open(qtbot, window)
    nav = window.ui.navigation
    assert [nav.item(i).text() for i in range(nav.count())][2] == "Demandes (1)"
    _select(qtbot, page, [request_id])
    assert page.detail is not None and page.detail.id == request_id
    table = page.ui.changeTable
    shown = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
             for r in range(table.rowCount())}
    assert shown["Ville"] == ("SAINT - JEAN", "ALIX")
    assert shown["Mobile"] == ("—", "06.12.34.56.78")
    assert page.ui.detailTitle.text() == "Responsable — DUPONT JEAN"

    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    _wait_decided(qtbot, page)
    assert page.ui.statusLabel.text() == "1 demande acceptée."
    qtbot.waitUntil(lambda: page.rows == [], timeout=5000)
    assert nav.item(2).text() == "Demandes"
    with session_factory() as s:
        family = s.get(Family, world.family)
        assert (family.primary.city, family.primary.phone_mobile) == ("ALIX", "+33612345678")
        request = s.get(Request, request_id)
        assert request.status is RequestStatus.ACCEPTED
        assert request.decided_by.username == "chrystelle"
        log = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "guardian",
                                                ChangeLog.action == "update")).one()
        assert log.actor == "staff:chrystelle"  # the logged-in user, not the PC


def test_refusing_needs_a_motive(qtbot, world, window, session_factory):
    request_id = _guardian_request(session_factory, world)
    page = _open(qtbot, window)
    _select(qtbot, page, [request_id])
    seen = {}

    def fill_dialog() -> None:
        dialog = page.motive_dialog
        ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # empty motive
        seen["error"] = dialog.ui.e_motive.text() if dialog.ui.e_motive.isVisible() else ""
        seen["still_open"] = dialog.isVisible()
        with session_factory() as s:
            seen["status"] = s.get(Request, request_id).status
        dialog.ui.f_motive.setPlainText("Merci de joindre un justificatif de domicile.")
        ok.click()

    QTimer.singleShot(50, fill_dialog)
    qtbot.mouseClick(page.ui.refuseButton, LEFT)
    assert seen["error"].startswith("Indiquez le motif du refus")
    assert seen["still_open"] and seen["status"] is RequestStatus.PENDING
    _wait_decided(qtbot, page)
    assert page.ui.statusLabel.text() == "1 demande refusée."
    with session_factory() as s:
        request = s.get(Request, request_id)
        assert request.status is RequestStatus.REFUSED
        assert request.motive == "Merci de joindre un justificatif de domicile."
        assert s.get(Family, world.family).primary.city == "SAINT - JEAN"  # nothing applied


def test_cancelling_the_motive_changes_nothing(qtbot, world, window, session_factory):
    request_id = _guardian_request(session_factory, world)
    page = _open(qtbot, window)
    _select(qtbot, page, [request_id])
    QTimer.singleShot(50, lambda: page.motive_dialog.reject())
    qtbot.mouseClick(page.ui.refuseButton, LEFT)
    wait_ops(qtbot, page.context)
    with session_factory() as s:
        assert s.get(Request, request_id).status is RequestStatus.PENDING


def _reservations(session_factory, w, count: int) -> list[int]:
    ids = []
    day = clock.today() + dt.timedelta(days=3)
    while len(ids) < count:
        try:
            with db.transaction(session_factory, "parent:1001001818331") as s:
                ids.append(requests.request_booking(s, w.family, w.child, w.alsh, day,
                                                    RequestKind.RESERVATION).id)
        except ValidationError:
            pass  # a public holiday or a closure: the next day
        day += dt.timedelta(days=1)
    return ids


def test_accepting_twenty_reservations_at_once_with_progress(qtbot, world, window,
                                                            session_factory):
    ids = _reservations(session_factory, world, 20)
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: len(page.rows) == 20, timeout=5000)
    reports = []
    page.context.ops.progressed.connect(lambda *args: reports.append(args))
    page.ui.requestTable.selectAll()
    wait_ops(qtbot, page.context)
    assert page.ui.acceptButton.text() == "Accepter (20)"
    assert page.ui.detailTitle.text() == "20 demandes sélectionnées"
    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    _wait_decided(qtbot, page)
    assert page.ui.statusLabel.text() == "20 demandes acceptées."
    assert sorted(page.last_outcome.done) == sorted(ids)
    assert len(reports) >= 20 and reports[-1][1:3] == (20, 20)
    with session_factory() as s:
        cells = s.scalars(select(PlanningCell).where(PlanningCell.service_id == world.alsh)).all()
        assert len(cells) == 20 and {c.booking for c in cells} == {Booking.RESERVED}
    qtbot.waitUntil(lambda: page.rows == [], timeout=5000)


def test_cancelling_a_batch_leaves_the_rest_pending(qtbot, world, window, session_factory):
    ids = _reservations(session_factory, world, 5)
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: len(page.rows) == 5, timeout=5000)
    page.ui.requestTable.selectAll()
    wait_ops(qtbot, page.context)
    # Cancel as soon as the first report arrives: at most the running one is decided.
    page.context.ops.progressed.connect(lambda *_a: page.last_progress.cancel())
    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    _wait_decided(qtbot, page)
    outcome = page.last_outcome
    assert outcome.cancelled >= 1 and len(outcome.done) + outcome.cancelled == 5
    assert "arrêt demandé" in page.ui.statusLabel.text()
    with session_factory() as s:
        pending = s.scalars(select(Request.id).where(
            Request.status == RequestStatus.PENDING)).all()
        assert len(pending) == outcome.cancelled and set(pending) <= set(ids)


def test_a_batch_stopped_by_a_database_failure_reports_what_was_done(
    qtbot, world, window, session_factory, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    from portail_admin.core.services import decisions

    ids = _reservations(session_factory, world, 4)
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: len(page.rows) == 4, timeout=5000)
    page.ui.requestTable.selectAll()
    wait_ops(qtbot, page.context)
    real_accept, calls = decisions.accept, []

    def accept(session, request_id, *args):
        calls.append(request_id)
        if len(calls) == 3:  # the server goes away in the middle of the batch
            raise OperationalError("UPDATE", {}, Exception("server closed the connection"))
        return real_accept(session, request_id, *args)

    monkeypatch.setattr(decisions, "accept", accept)
    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    _wait_decided(qtbot, page)
    outcome = page.last_outcome
    assert len(outcome.done) == 2 and outcome.stopped == 1 and len(outcome.failed) == 1
    status = page.ui.statusLabel.text()
    assert status.startswith("2 demandes acceptées") and "arrêt sur une erreur" in status
    assert "ne répond pas" in page.ui.detailError.text()
    with session_factory() as s:
        pending = s.scalars(select(Request.id).where(
            Request.status == RequestStatus.PENDING)).all()
        assert sorted(pending) == sorted(set(ids) - set(outcome.done))


def test_automatic_acceptance_inside_and_outside_the_deadline(qtbot, world, window,
                                                               session_factory):
    day = clock.today() + dt.timedelta(days=5)
    with db.transaction(session_factory, "parent:1001001818331") as s:
        on_time = requests.request_booking(s, world.family, world.child, world.auto, day,
                                           RequestKind.RESERVATION)
        on_time_id = on_time.id
    # A request that reached the mairie after the deadline (2 days before the day) waits.
    late_day = clock.today() + dt.timedelta(days=1)
    with db.transaction(session_factory, "parent:1001001818331") as s:
        late = Request(family_id=world.family, child_id=world.child, service_id=world.auto,
                       day=late_day, kind=RequestKind.RESERVATION, created_at=utcnow(),
                       old_values={"booking": "none"}, new_values={"booking": "reserved"})
        s.add(late)
        s.flush()
        assert decisions.try_auto_accept(s, late) is False
        late_id = late.id
    with session_factory() as s:
        assert s.get(Request, on_time_id).status is RequestStatus.ACCEPTED
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: [r.id for r in page.rows] == [late_id], timeout=5000)
    _select(qtbot, page, [late_id])
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    text = page.ui.contextLabel.text()
    assert page.ui.contextLabel.isVisible() and not page.ui.changeTable.isVisible()
    assert "ALSH Vacances" in text and "hors délai" in text
    assert "Demande hors délai" in text and "30 places" in text.replace("sur 30", "30 places")
    assert "Réservé" in text  # what accepting writes


def test_a_new_request_appears_without_a_click(qtbot, world, window, session_factory):
    page = _open(qtbot, window)
    watcher = page.context.watcher
    watcher.poll()
    wait_ops(qtbot, page.context)
    assert page.rows == []
    request_id = _guardian_request(session_factory, world)
    watcher.poll()
    qtbot.waitUntil(lambda: [r.id for r in page.rows] == [request_id], timeout=5000)
    assert window.ui.navigation.item(2).text() == "Demandes (1)"


def test_filters_by_type_family_and_child(qtbot, world, window, session_factory):
    record = _guardian_request(session_factory, world)
    [booking] = _reservations(session_factory, world, 1)
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=5000)
    assert [r.id for r in page.rows] == [booking, record]  # newest first
    page.ui.kindFilter.setCurrentIndex(page.ui.kindFilter.findData("reservation"))
    assert [r.id for r in page.visible_rows()] == [booking]
    page.ui.kindFilter.setCurrentIndex(0)
    page.ui.childFilter.setCurrentIndex(page.ui.childFilter.findData(world.child))
    assert [r.id for r in page.visible_rows()] == [booking]
    page.ui.childFilter.setCurrentIndex(0)
    page.ui.familyFilter.setCurrentIndex(page.ui.familyFilter.findData(world.family))
    assert len(page.visible_rows()) == 2
    assert page.ui.countLabel.text() == "2 demandes en attente"


def test_late_absence_is_shown_then_accepted_as_absent_billed(qtbot, world, window,
                                                             session_factory):
    """An absence for today, declared on the portal past the deadline, waits for staff (even on
    a service that accepts by itself); the detail says it will be billed; accepting makes the
    day Absent facturé and the family sees the decision. One in time stays Absent excusé."""
    from portail_admin.core.models.enums import Attendance

    today = clock.today()
    in_time_day = today + dt.timedelta(days=6)
    with db.transaction(session_factory, "staff:test") as s:
        for service, day in ((world.auto, today), (world.alsh, in_time_day)):
            s.add(PlanningCell(child_id=world.child, service_id=service, day=day,
                               booking=Booking.RESERVED))
    with db.transaction(session_factory, "parent:1001001818331") as s:
        late = requests.request_booking(s, world.family, world.child, world.auto, today,
                                        RequestKind.ABSENCE)
        assert late.status is RequestStatus.PENDING  # past the deadline: not automatic
        late_id = late.id
        in_time_id = requests.request_booking(s, world.family, world.child, world.alsh,
                                              in_time_day, RequestKind.ABSENCE).id
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: {r.id for r in page.rows} == {late_id, in_time_id}, timeout=5000)
    summaries = {r.id: r.summary for r in page.rows}
    assert summaries[late_id].endswith("hors délai : Absent facturé")
    assert "hors délai" not in summaries[in_time_id]

    _select(qtbot, page, [late_id])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == late_id, timeout=5000)
    text = page.ui.contextLabel.text()
    assert "Absence signalée après la date limite" in text
    assert "« Absent facturé » et facturé à la famille" in text
    assert "Si vous acceptez :</b> Absent facturé (facturé à la famille)" in text
    assert "Demande hors délai" in text

    _select(qtbot, page, [in_time_id])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == in_time_id,
                    timeout=5000)
    text = page.ui.contextLabel.text()
    assert "après la date limite" not in text
    assert "Si vous acceptez :</b> Absent excusé (non facturé)" in text

    page.select_ids([late_id, in_time_id])
    wait_ops(qtbot, page.context)
    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    _wait_decided(qtbot, page)
    assert page.ui.statusLabel.text() == "2 demandes acceptées."
    with session_factory() as s:
        cells = {c.service_id: c.attendance for c in s.scalars(select(PlanningCell))}
        assert cells == {world.auto: Attendance.ABSENT_BILLED,
                         world.alsh: Attendance.ABSENT_EXCUSED}
        seen = {r.id: r.status for r in requests.family_requests(s, world.family)}
        assert seen == {late_id: RequestStatus.ACCEPTED, in_time_id: RequestStatus.ACCEPTED}
