"""Open views refresh in place, and an op's own changes refresh its page once.

"Another PC" writes through the core services with its own session; the window then looks at the
change feed (`watcher.poll()`, waiting on `looked`). Each page must update the rows that
changed while the selected row stays selected, the current row current and the scroll
position where it was, without a model reset; an open record with unsaved edits keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QAbstractItemView

from portail_admin.core import db
from portail_admin.core.models.enums import GuardianRole, RequestKind
from portail_admin.core.services import commune, decisions, families, messages, requests, staff
from portail_admin.desktop.keyed_model import KeyedModel

from .conftest import PASSWORD, make_staff, open_family, save, type_text, wait_ops

MANY = 40  # rows enough for the lists to scroll at the window's size


@pytest.fixture
def watching(qtbot: Any, window: Any) -> Any:
    """The window's watcher has noted where the feed stands: later changes are news."""
    look(qtbot, window)
    return window


def look(qtbot: Any, window: Any) -> None:
    """The window looks at the change feed now (what a NOTIFY or the timer would do)."""
    watcher = window.context.watcher
    with qtbot.waitSignal(watcher.looked, timeout=5000):
        watcher.poll()
    wait_ops(qtbot, window.context)


def elsewhere(session_factory: Any, actor: str = "staff:nancy") -> Any:
    """A transaction of another PC (its own session)."""
    return db.transaction(session_factory, actor)


def selected_keys(view: QAbstractItemView, model: KeyedModel[Any]) -> list[Any]:
    return [model.key_at(i.row()) for i in view.selectionModel().selectedRows()]


def choose(qtbot: Any, view: QAbstractItemView, model: KeyedModel[Any], key: Any) -> None:
    """Select `key`'s row as a user does and scroll the list so it is shown, away from the top."""
    qtbot.waitUntil(lambda: model.row_of(key) >= 0, timeout=5000)
    index = model.index(model.row_of(key), 0)
    view.setCurrentIndex(index)
    flags = QItemSelectionModel.SelectionFlag
    view.selectionModel().select(index, flags.ClearAndSelect | flags.Rows)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)


@contextmanager
def kept_in_place(
    view: QAbstractItemView, model: KeyedModel[Any], scrolled: bool = True
) -> Iterator[None]:
    """What happens inside leaves the selection, the current row and the scroll alone: a list
    `scrolled` down keeps the same rows in view, a short one stays where it is."""
    selected = selected_keys(view, model)
    current = view.currentIndex()
    current_key = model.key_at(current.row()) if current.isValid() else None
    bar = view.verticalScrollBar()
    scroll = bar.value()
    assert (scroll > 0) == scrolled  # scrolled down: a reset would show
    top = top_key(view, model) if scrolled else None
    resets = QSignalSpy(model.modelReset)
    yield
    assert resets.count() == 0 and model.resets == 0
    assert selected_keys(view, model) == selected
    if current_key is not None:
        assert model.key_at(view.currentIndex().row()) == current_key
    if scrolled:
        assert top_key(view, model) == top  # the same rows in view, whatever came above
    else:
        assert bar.value() == scroll


def top_key(view: QAbstractItemView, model: KeyedModel[Any]) -> Any:
    """The key of the first row the view shows."""
    return model.key_at(view.indexAt(QPoint(1, 1)).row())


def test_lists_are_long_enough_to_scroll(qtbot, window, session_factory):
    """The fixture world's lists scroll at this window size (else "scroll kept" proves little)."""
    ids = _families(session_factory, MANY)
    page = window.open_area("familles")
    page.run_search()
    wait_ops(qtbot, window.context)
    choose(qtbot, page.ui.familyTable, page.model, ids[30])
    assert page.ui.familyTable.verticalScrollBar().value() > 0


# --- Familles ------------------------------------------------------------------------------------


def _families(session_factory: Any, count: int) -> list[int]:
    with elsewhere(session_factory, "staff:test") as s:
        made = [
            families.create_family(s, {"last_name": f"Famille{i:02}", "first_name": "Ana"})
            for i in range(count)
        ]
        s.flush()
        return [f.id for f in made]


def test_an_edit_in_the_families_editor_reloads_its_list_once(
    qtbot, dupont, watching, session_factory
):
    """Before, a save reloaded the list itself, then again when the feed brought the same
    change back (and read the open record again): now once, from what the op wrote."""
    window = watching
    page = window.open_area("familles")
    open_family(qtbot, page, dupont["family"])
    feed = QSignalSpy(window.context.watcher.changed)
    applied = QSignalSpy(window.context.ops.applied)
    searches, refreshes = page.searches_done, page.record_refreshes
    type_text(qtbot, page.editor.binders["primary"].widgets["city"], "Anse")
    save(qtbot, page)
    assert page.searches_done == searches + 1
    look(qtbot, window)  # the feed now holds the save's rows: they were delivered already
    assert page.searches_done == searches + 1
    assert page.record_refreshes == refreshes
    assert feed.count() == 0
    assert applied.count() == 1
    changes, origin = applied.at(0)
    assert origin is page.editor
    assert {c.table_name for c in changes} == {"guardian"}
    assert {c.family_id for c in changes} == {dupont["family"]}


def test_the_families_list_refreshes_a_row_changed_elsewhere_in_place(
    qtbot, dupont, watching, session_factory
):
    ids = _families(session_factory, MANY)
    window = watching
    page = window.open_area("familles")
    page.run_search()
    wait_ops(qtbot, window.context)
    table, model = page.ui.familyTable, page.model
    choose(qtbot, table, model, ids[30])
    qtbot.waitUntil(lambda: page.editor.family_id == ids[30], timeout=5000)
    wait_ops(qtbot, window.context)
    changed = QSignalSpy(model.dataChanged)
    with kept_in_place(table, model):
        with elsewhere(session_factory) as s:
            families.update_guardian(s, ids[29], GuardianRole.PRIMARY, {"first_name": "Zoé"})
        look(qtbot, window)
        qtbot.waitUntil(lambda: "ZOÉ" in model.text(model.row_of(ids[29]), 0).upper(), timeout=5000)
    assert changed.count() >= 1
    assert page.editor.family_id == ids[30]  # the open record did not change either


def test_an_unsaved_edit_survives_a_change_of_its_family_elsewhere(
    qtbot, dupont, watching, session_factory
):
    window = watching
    page = window.open_area("familles")
    open_family(qtbot, page, dupont["family"])
    profession = page.editor.binders["primary"].widgets["profession"]
    type_text(qtbot, profession, "Boulanger")
    with elsewhere(session_factory) as s:
        families.update_guardian(s, dupont["family"], GuardianRole.PRIMARY, {"city": "Lyon"})
    look(qtbot, window)
    qtbot.waitUntil(lambda: page.editor.ui.conflictBanner.isVisible(), timeout=5000)
    assert "modifiée par nancy" in page.editor.ui.conflictLabel.text()
    assert page.editor.ui.reloadButton.isVisible()
    assert profession.text() == "Boulanger"
    assert page.editor.binders["primary"].widgets["city"].text() != "LYON"
    # A change to another family leaves the record alone.
    refreshes = page.record_refreshes
    with elsewhere(session_factory) as s:
        families.update_guardian(s, dupont["other"], GuardianRole.PRIMARY, {"city": "Anse"})
    look(qtbot, window)
    assert page.record_refreshes == refreshes
    assert profession.text() == "Boulanger"


# --- Demandes ------------------------------------------------------------------------------------


def _request(s: Any, family_id: int, city: str) -> int:
    return requests.request_family_change(s, family_id, RequestKind.GUARDIAN, {"city": city}).id


def test_demandes_refresh_the_requests_that_changed_in_place(
    qtbot, dupont, watching, session_factory
):
    ids = _families(session_factory, MANY)
    with elsewhere(session_factory, "parent:test") as s:
        request_ids = [_request(s, family_id, "Alix") for family_id in ids]
    window = watching
    page = window.open_area("demandes")
    wait_ops(qtbot, window.context)
    table, model = page.ui.requestTable, page.model
    chosen = request_ids[10]
    choose(qtbot, table, model, chosen)
    wait_ops(qtbot, window.context)
    assert page.detail is not None and page.detail.id == chosen
    loads = page.loads_done
    nancy = make_staff(session_factory, "nancy", "agent")
    look(qtbot, window)  # (nancy's account is news to Paramètres only)
    with kept_in_place(table, model):
        # A parent posts a request (it goes to the top, newest first); nancy refuses another.
        with elsewhere(session_factory, "parent:1001001818331") as s:
            new_id = _request(s, dupont["family"], "Anse")
        with elsewhere(session_factory) as s:
            decisions.refuse(s, request_ids[20], "Doublon.", nancy)
        look(qtbot, window)
        qtbot.waitUntil(lambda: model.row_of(new_id) == 0, timeout=5000)
        qtbot.waitUntil(lambda: model.row_of(request_ids[20]) == -1, timeout=5000)
    assert page.loads_done == loads  # rows read again by id, not the whole list
    assert page.row_refreshes >= 1
    assert page.detail is not None and page.detail.id == chosen


def test_a_decision_here_updates_the_accueil_count_without_the_feed(
    qtbot, dupont, window, session_factory
):
    """The other pages of this window refresh from what the op says it changed."""
    with elsewhere(session_factory, "parent:1001001818331") as s:
        request_id = _request(s, dupont["family"], "Anse")
    accueil = window.pages["accueil"]
    accueil.reload()
    wait_ops(qtbot, window.context)
    assert accueil.tiles["demandes"].text().startswith("Demandes en attente\n1")
    page = window.open_area("demandes")
    wait_ops(qtbot, window.context)
    page.select_ids([request_id])
    wait_ops(qtbot, window.context)
    feed = QSignalSpy(window.context.watcher.changed)
    page.accept_selected()
    qtbot.waitUntil(lambda: not page.deciding, timeout=10000)
    qtbot.waitUntil(
        lambda: accueil.tiles["demandes"].text().startswith("Demandes en attente\n0"),
        timeout=5000,
    )
    assert feed.count() == 0  # no look at the feed was needed


# --- Messages ------------------------------------------------------------------------------------


def test_messages_refresh_the_threads_in_place(qtbot, dupont, watching, session_factory):
    ids = _families(session_factory, MANY)
    with elsewhere(session_factory, "parent:test") as s:
        for family_id in ids:
            messages.send_from_family(s, family_id, "Bonjour", "Une question")
    window = watching
    page = window.open_area("messages")
    wait_ops(qtbot, window.context)
    look(qtbot, window)
    table, model = page.ui.threadTable, page.model
    choose(qtbot, table, model, ids[10])
    qtbot.waitUntil(lambda: page.family_id == ids[10], timeout=5000)
    wait_ops(qtbot, window.context)
    shown = page.current_message()
    assert shown is not None
    with kept_in_place(table, model):
        with elsewhere(session_factory, "parent:test") as s:
            messages.send_from_family(s, ids[30], "Encore", "Une autre question")
        look(qtbot, window)
        qtbot.waitUntil(lambda: model.get(ids[30]).unread == 2, timeout=5000)
    assert page.current_message() == shown  # the message read stays on screen


def test_a_message_to_the_open_family_appears_in_its_list(qtbot, dupont, watching, session_factory):
    with elsewhere(session_factory, "parent:1001001818331") as s:
        messages.send_from_family(s, dupont["family"], "Premier", "Bonjour")
    window = watching
    page = window.open_area("messages")
    wait_ops(qtbot, window.context)
    choose(qtbot, page.ui.threadTable, page.model, dupont["family"])
    qtbot.waitUntil(lambda: page.family_id == dupont["family"], timeout=5000)
    wait_ops(qtbot, window.context)
    look(qtbot, window)
    listed = page.message_model
    assert listed.rowCount() == 1
    current = page.ui.messageList.currentIndex()
    with kept_in_place(page.ui.messageList, listed, scrolled=False):
        with elsewhere(session_factory, "parent:1001001818331") as s:
            messages.send_from_family(s, dupont["family"], "Second", "Re-bonjour")
        look(qtbot, window)
        qtbot.waitUntil(lambda: listed.rowCount() == 2, timeout=5000)
    assert page.ui.messageList.currentIndex().row() == current.row()


# --- Paramètres ----------------------------------------------------------------------------------


def test_settings_lists_refresh_in_place(qtbot, watching, settings_page, session_factory):
    window = watching
    page = settings_page
    with elsewhere(session_factory, "staff:test") as s:
        structure_ids = [commune.create_structure(s, f"Structure {i:02}").id for i in range(MANY)]
    look(qtbot, window)
    tree = page.tree_model
    qtbot.waitUntil(lambda: tree.rowCount() == MANY, timeout=5000)
    page.ui.tabs.setCurrentWidget(page.ui.servicesTab)
    chosen = ("structure", structure_ids[25])
    choose(qtbot, page.ui.serviceTree, tree, chosen)
    assert page.ui.serviceTree.verticalScrollBar().value() > 0
    with kept_in_place(page.ui.serviceTree, tree):
        with elsewhere(session_factory) as s:
            commune.rename_structure(s, structure_ids[24], "Structure 24 bis")
            commune.create_service(
                s,
                structure_ids[2],
                {"name": "Cantine", "code": "CANT", "unit": "day", "weekdays": [0, 1, 3, 4]},
            )
        look(qtbot, window)
        qtbot.waitUntil(
            lambda: (
                tree.text(tree.row_of(("structure", structure_ids[24])), 0) == "Structure 24 bis"
            ),
            timeout=5000,
        )
        qtbot.waitUntil(lambda: tree.rowCount() == MANY + 1, timeout=5000)
    assert page._selected_tree() == chosen  # noqa: SLF001

    page.ui.tabs.setCurrentWidget(page.ui.staffTab)
    staff_model = page.staff_model
    qtbot.waitUntil(lambda: staff_model.rowCount() == 1, timeout=5000)
    me = staff_model.key_at(0)
    choose(qtbot, page.ui.staffTable, staff_model, me)
    with kept_in_place(page.ui.staffTable, staff_model, scrolled=False):
        with elsewhere(session_factory) as s:
            staff.create_staff_user(s, "aline", "Aline Petit", "agent", PASSWORD)
        look(qtbot, window)
        qtbot.waitUntil(lambda: staff_model.rowCount() == 2, timeout=5000)
    assert page.selected_staff() is not None and page.selected_staff().id == me

    page.ui.tabs.setCurrentWidget(page.ui.formsTab)
    forms = page.form_model
    with elsewhere(session_factory) as s:
        first = commune.add_form(s, "Règlement", "reglement.pdf", b"%PDF-1.4\n%%EOF\n").id
    look(qtbot, window)
    qtbot.waitUntil(lambda: forms.rowCount() == 1, timeout=5000)
    choose(qtbot, page.ui.formList, forms, first)
    with kept_in_place(page.ui.formList, forms, scrolled=False):
        with elsewhere(session_factory) as s:
            commune.add_form(s, "Fiche sanitaire", "fiche.pdf", b"%PDF-1.4\n%%EOF\n")
        look(qtbot, window)
        qtbot.waitUntil(lambda: forms.rowCount() == 2, timeout=5000)
    assert page.selected_form() == first


def test_the_commune_fields_keep_unsaved_input_through_a_change_elsewhere(
    qtbot, watching, settings_page, session_factory
):
    window = watching
    page = settings_page
    name = page.commune.widgets["name"]
    type_text(qtbot, name, "Mairie d'Alix (brouillon)")
    with elsewhere(session_factory) as s:
        commune.update_settings(s, {"contact_phone": "04 78 00 00 00"})
    look(qtbot, window)
    qtbot.waitUntil(lambda: "modifiés par nancy" in page.ui.communeStatus.text(), timeout=5000)
    assert name.text() == "Mairie d'Alix (brouillon)"


# --- Accueil -------------------------------------------------------------------------------------


def test_an_open_accueil_list_refreshes_in_place(qtbot, dupont, watching, session_factory):
    from portail_admin.core.models import PlanningCell
    from portail_admin.core.models.enums import Attendance

    from .test_dashboard import _owing_and_expected

    service_id = _owing_and_expected(session_factory, dupont)
    window = watching
    look(qtbot, window)
    accueil = window.open_area("accueil")
    accueil.reload()
    wait_ops(qtbot, window.context)
    dialog = accueil.show_expected(service_id)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    view = dialog.ui.table
    with kept_in_place(view, dialog.model, scrolled=False):
        with elsewhere(session_factory) as s:
            cell = s.query(PlanningCell).filter_by(child_id=dupont["child"]).one()
            cell.attendance = Attendance.PRESENT
        look(qtbot, window)
        qtbot.waitUntil(lambda: dialog.model.text(0, 2) != "", timeout=5000)
    assert view.currentIndex() != QModelIndex()
    dialog.close()
