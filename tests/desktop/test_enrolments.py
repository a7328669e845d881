"""A child's « Inscriptions » in the family record: enrol (a refused input, then a good one),
end with future bookings (the question and its answer), a change from another PC, a conflict."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import Enrolment, PlanningCell, Request
from portail_admin.core.models.enums import Attendance, Booking, RequestKind, RequestStatus
from portail_admin.core.planning import enrolments as en
from portail_admin.desktop.families.enrolments_tab import EnrolmentsTab, to_qdate

from ..world import build_world
from .conftest import make_staff, open_family, wait_ops

LEFT = Qt.MouseButton.LeftButton
D = dt.date


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


def _tab(qtbot, page, world) -> EnrolmentsTab:
    open_family(qtbot, page, world.dupont_id)
    editor = page.editor
    form = editor.child_form("Léa")
    editor.show_child(form)
    tab = form.enrolments_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4 and not tab.loading, timeout=5000)
    return tab


def _rows(tab):
    model = tab.model
    return [tuple(model.text(r, c) for c in range(4)) for r in range(model.rowCount())]


def _select(tab, service_name):
    row = next(i for i, r in enumerate(_rows(tab)) if r[0].endswith(service_name))
    tab.table.selectRow(row)
    return tab.model.row_at(row)


def _save(qtbot, tab, dialog):
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_ops(qtbot, tab.context)


def test_the_tab_lists_the_enrolments(qtbot, world, page):
    tab = _tab(qtbot, page, world)
    assert tab.title() == "Inscriptions"
    assert [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Prestation",
        "Du",
        "Au",
        "Jours réguliers",
    ]
    assert _rows(tab)[2] == (
        "Garderie matin",
        "01/09/2014",
        "03/07/2015",
        "Lun, Mar, Jeu, Ven",
    )
    assert tab.add_button.isVisible() and not tab.end_button.isEnabled()


def test_enrol_with_a_bad_then_a_good_input(qtbot, world, page, session_factory):
    tab = _tab(qtbot, page, world)
    resets = tab.model.resets
    qtbot.mouseClick(tab.add_button, LEFT)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.service.isEnabled(), timeout=5000)
    dialog.select_service(world.services["wednesday"])
    # Only Wednesday can be ticked (the service's one opening day), and it is proposed.
    assert [box.isEnabled() for box in dialog.days] == [False, False, True] + [False] * 4
    assert dialog.pattern() == 0b100
    assert dialog.start.displayFormat() == "dd/MM/yyyy"
    dialog.start.setDate(to_qdate(D(2015, 6, 1)))
    dialog.end.setDate(to_qdate(D(2016, 7, 5)))
    _save(qtbot, tab, dialog)

    # Refused: the error under « Du », the form still open and filled.
    assert dialog.isVisible()
    error = dialog.errors["start_date"]
    assert not error.isHidden()
    assert error.text() == french_spacing(
        "L'enfant est déjà inscrit à cette prestation du 01/09/2014 au 03/07/2015 : "
        "les deux périodes ne peuvent pas se chevaucher."
    )
    assert dialog.service.currentData() == world.services["wednesday"]
    assert dialog.end.date() == to_qdate(D(2016, 7, 5))

    dialog.start.setDate(to_qdate(D(2015, 9, 2)))
    _save(qtbot, tab, dialog)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=5000)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5000)
    assert ("ALSH Mercredi après-midi", "02/09/2015", "05/07/2016", "Mer") in (_rows(tab))
    assert tab.selected().start_date == D(2015, 9, 2)  # the new one is selected
    assert tab.model.resets == resets
    with session_factory() as s:
        enrolled = s.scalars(select(Enrolment).where(Enrolment.child_id == world.child_id))
        assert len(enrolled.all()) == 5


@pytest.fixture
def future_bookings(session_factory, world):
    """Léa's Garderie matin: present on 27 April; booked on 11 and 21 May; billed (locked) on
    18 May; a pending reservation request on 20 May."""
    service_id, child_id = world.services["morning"], world.child_id

    def cell(day, locked=None, attendance=Attendance.UNKNOWN, booking=Booking.RESERVED):
        return PlanningCell(
            child_id=child_id,
            service_id=service_id,
            day=day,
            booking=booking,
            attendance=attendance,
            locked_reason=locked,
        )

    with db.transaction(session_factory, "staff:test") as s:
        s.add_all(
            [
                cell(D(2015, 4, 27), attendance=Attendance.PRESENT, booking=Booking.REGULAR),
                cell(D(2015, 5, 11)),
                cell(D(2015, 5, 18), locked="Facturé"),
                cell(D(2015, 5, 21)),
                Request(
                    family_id=world.dupont_id,
                    child_id=child_id,
                    kind=RequestKind.RESERVATION,
                    service_id=service_id,
                    day=D(2015, 5, 20),
                ),
            ]
        )


def _cell_days(session_factory, world):
    with session_factory() as s:
        return s.scalars(
            select(PlanningCell.day)
            .where(
                PlanningCell.child_id == world.child_id,
                PlanningCell.service_id == world.services["morning"],
            )
            .order_by(PlanningCell.day)
        ).all()


def _end_on(qtbot, tab, day):
    _select(tab, "Garderie matin")
    qtbot.mouseClick(tab.end_button, LEFT)
    dialog = tab.dialog
    assert not dialog.start.isEnabled() and not any(b.isEnabled() for b in dialog.days)
    dialog.end.setDate(to_qdate(day))
    _save(qtbot, tab, dialog)
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=5000)
    return dialog


def test_ending_with_future_bookings_asks_then_cancels_them(
    qtbot, world, page, session_factory, future_bookings
):
    tab = _tab(qtbot, page, world)
    dialog = _end_on(qtbot, tab, D(2015, 5, 8))
    box = dialog.question
    texts = {b.objectName(): b.text() for b in box.buttons()}
    assert texts == {
        "cancelBookingsButton": (
            "Annuler les 2 réservations à venir et refuser la demande en attente"
        ),
        "keepBookingsButton": "Les conserver (fin le 21/05/2015)",
        "stopButton": "Annuler l'opération",
    }
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert french_spacing("• 1 jour déjà pointé : conservé.") in box.text()
    assert box.defaultButton() is box.findChild(type(box.defaultButton()), "stopButton")

    qtbot.mouseClick(box.findChild(type(box.defaultButton()), "cancelBookingsButton"), LEFT)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: tab.selected() is not None and not tab.loading, timeout=5000)
    qtbot.waitUntil(lambda: tab.dialog is None, timeout=5000)
    assert _rows(tab)[2][2] == "08/05/2015"
    assert tab.status.text() == french_spacing(
        "Inscription modifiée : 2 réservations annulées, 1 demande refusée."
    )
    # The day she came and the billed day are kept; the bookings after the end are gone.
    assert _cell_days(session_factory, world) == [D(2015, 4, 27), D(2015, 5, 18)]
    with session_factory() as s:
        assert s.scalars(select(Request.status).where(Request.day == D(2015, 5, 20))).one() is (
            RequestStatus.REFUSED
        )


def test_ending_and_stopping_or_keeping(qtbot, world, page, session_factory, future_bookings):
    tab = _tab(qtbot, page, world)
    dialog = _end_on(qtbot, tab, D(2015, 5, 8))
    stop = [b for b in dialog.question.buttons() if b.objectName() == "stopButton"][0]
    qtbot.mouseClick(stop, LEFT)
    assert dialog.isVisible()
    assert dialog.general.text() == "Rien n'a été modifié."
    assert len(_cell_days(session_factory, world)) == 4

    _save(qtbot, tab, dialog)  # asked again; this time kept
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=5000)
    keep = [b for b in dialog.question.buttons() if b.objectName() == "keepBookingsButton"][0]
    qtbot.mouseClick(keep, LEFT)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: _rows(tab)[2][2] == "21/05/2015", timeout=5000)
    assert len(_cell_days(session_factory, world)) == 4


def test_a_change_from_another_pc_shows_and_a_stale_one_is_a_conflict(
    qtbot, world, page, session_factory
):
    tab = _tab(qtbot, page, world)
    row = _select(tab, "Restauration scolaire")
    qtbot.mouseClick(tab.change_button, LEFT)
    dialog = tab.dialog
    assert dialog.pattern_from.isEnabled() is False
    dialog.days[0].setChecked(True)  # Monday
    assert dialog.pattern_from.isEnabled()

    colleague = make_staff(session_factory, "nancy", "agent", "Nancy")
    watcher = page.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()  # the first look notes where the feed stands
    with db.transaction(session_factory, colleague.actor) as s:
        en.change_enrolment(s, colleague, row.id, {"end_date": "30/06/2015"}, row.version)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        watcher.poll()
    assert _rows(tab)[3][2] == "30/06/2015"  # followed the feed, in place
    assert dialog.isVisible()

    _save(qtbot, tab, dialog)
    conflict = dialog.conflict_dialog
    assert conflict is not None
    assert "par nancy" in conflict.sentence.text()
    # They changed the end date, the user the pattern: nothing to choose, theirs is kept.
    assert conflict.asked == [] and conflict.taken == []
    qtbot.mouseClick(conflict.save_button, LEFT)
    wait_ops(qtbot, tab.context)
    qtbot.waitUntil(lambda: _rows(tab)[3][3] == "Lun", timeout=5000)
    with session_factory() as s:
        kept = s.get(Enrolment, row.id)
        later = s.scalars(
            select(Enrolment).where(
                Enrolment.child_id == world.child_id,
                Enrolment.service_id == world.services["canteen"],
                Enrolment.id != row.id,
            )
        ).one()
    # The new pattern applies from today (4 May): the enrolment is split there.
    assert (kept.end_date, kept.weekly_pattern) == (D(2015, 5, 3), 0)
    assert (later.start_date, later.end_date, later.weekly_pattern) == (
        D(2015, 5, 4),
        D(2015, 6, 30),
        1,
    )


@pytest.mark.parametrize("role", ["animateur"])
def test_an_animateur_sees_the_enrolments_without_changing_them(qtbot, world, page):
    tab = _tab(qtbot, page, world)
    assert not tab.can_edit
    assert not any(b.isVisible() for b in (tab.add_button, tab.change_button, tab.end_button))
    _select(tab, "Garderie matin")
    assert tab.open_end() is None and tab.open_add() is None
