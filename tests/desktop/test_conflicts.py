"""Two app windows on one database (two PCs: each its own AppContext, OpRunner and engine).
Both open the same record; B saves a change; A saves a different one: A gets the conflict
dialog, and each choice does what it says (keep mine, take theirs, mixed per field), "Annuler"
writes nothing and keeps A's form as typed, and a third change in between is caught again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import (
    AuthorisedPerson,
    Child,
    CommuneSettings,
    DownloadableForm,
    Family,
    HealthRecord,
    Service,
    StaffUser,
    Structure,
)
from portail_admin.core.models.enums import StaffRole
from portail_admin.core.services import children, commune
from portail_admin.desktop.app import application, build_context
from portail_admin.desktop.conflicts import TITLE, ConflictDialog
from portail_admin.desktop.context import AppContext
from portail_admin.desktop.families.page import FamiliesPage
from portail_admin.desktop.main_window import MainWindow
from portail_admin.desktop.settings import SettingsPage

from .conftest import make_staff, open_family, save, type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
SENTENCE = re.compile(
    r"Cette fiche a été modifiée par nancy le \d\d/\d\d/\d{4} à \d\d:\d\d "
    r"depuis que vous l'avez ouverte\."
)


# --------------------------------------------------------------------------- the second PC


@pytest.fixture
def other_context(qapp: Any, db_url: str, session_factory: Any) -> Iterator[AppContext]:
    """Window B's own context: its engine, its OpRunner, its change watcher; nancy (admin)."""
    application()
    engine = db.make_engine(db_url)
    ctx = build_context(db_url, engine)
    ctx.log_in(make_staff(session_factory, "nancy", "admin"))
    yield ctx
    ctx.watcher.stop()
    ctx.ops.shutdown()
    engine.dispose()


@pytest.fixture
def window_b(qtbot: Any, other_context: AppContext) -> Iterator[MainWindow]:
    win = MainWindow(other_context)
    win.confirm_on_close = False
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    wait_ops(qtbot, other_context)
    yield win
    wait_ops(qtbot, other_context)


def _record(qtbot, win: MainWindow, family_id: int) -> FamiliesPage:
    page = win.open_area("familles")
    assert isinstance(page, FamiliesPage)
    open_family(qtbot, page, family_id)
    return page


def _settings(qtbot, win: MainWindow) -> SettingsPage:
    page = win.open_area("parametres")
    assert isinstance(page, SettingsPage)
    wait_ops(qtbot, win.context)
    qtbot.waitUntil(lambda: page.settings is not None, timeout=5000)
    return page


def _dialog(qtbot, owner: Any, previous: ConflictDialog | None = None) -> ConflictDialog:
    """The conflict dialog `owner` opened (a new one if `previous` is given)."""
    qtbot.waitUntil(
        lambda: (
            owner.conflict_dialog is not None
            and owner.conflict_dialog is not previous
            and owner.conflict_dialog.isVisible()
        ),
        timeout=10000,
    )
    dialog = owner.conflict_dialog
    assert dialog.windowTitle() == TITLE
    assert SENTENCE.fullmatch(dialog.sentence.text()), dialog.sentence.text()
    return dialog


def _cells(dialog: ConflictDialog) -> dict[str, tuple[str, str]]:
    return {name: (mine.text(), theirs.text()) for name, (mine, theirs) in dialog.cells.items()}


def _save_choices(qtbot, dialog: ConflictDialog, context: AppContext) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_ops(qtbot, context)


def _plain(text: str) -> str:
    return text.replace("\u202f", " ")


# --------------------------------------------------------------------------- family record


def test_a_save_in_one_window_appears_in_the_other(qtbot, dupont, window, window_b):
    """Two PCs on one database, both following the feed as the app does: what B saves shows
    in A's open record and list, without a click (PostgreSQL: NOTIFY; SQLite: the file)."""
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    with qtbot.waitSignal(window.context.watcher.looked, timeout=5000):
        window.context.watcher.start()
    type_text(qtbot, b.editor.binders["primary"].widgets["last_name"], "Durand")
    save(qtbot, b)
    name = a.editor.binders["primary"].widgets["last_name"]
    qtbot.waitUntil(lambda: name.text() == "DURAND", timeout=10000)
    qtbot.waitUntil(
        lambda: any(row.name.startswith("DURAND") for row in a.model.rows), timeout=10000
    )
    assert not a.editor.dirty


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_guardian_keep_mine_or_take_theirs(
    qtbot, dupont, window, window_b, session_factory, choice
):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    type_text(qtbot, a.editor.binders["primary"].widgets["city"], "Lyon")
    type_text(qtbot, b.editor.binders["primary"].widgets["city"], "Alix")
    type_text(qtbot, b.editor.binders["primary"].widgets["profession"], "Boulanger")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"city": ("Lyon", "ALIX")}
    assert dialog.chosen() == {"city": "mine"}  # the default
    # Only they changed the profession: taken from theirs, said so.
    assert dialog.info.isVisible()
    assert "Profession : Boulanger" in _plain(dialog.info.text())
    dialog.choose("city", theirs=choice == "theirs")
    _save_choices(qtbot, dialog, a.context)
    qtbot.waitUntil(lambda: not a.editor.saving, timeout=10000)
    with session_factory() as s:
        primary = s.get(Family, dupont["family"]).primary
        assert primary.city == ("LYON" if choice == "mine" else "ALIX")
        assert primary.profession == "Boulanger"
    city = a.editor.binders["primary"].widgets["city"]
    qtbot.waitUntil(lambda: city.text() == ("LYON" if choice == "mine" else "ALIX"))
    assert not a.editor.dirty
    assert not a.editor.ui.conflictBanner.isVisible()


def test_mixed_choices_per_field(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    mine, theirs = a.editor.binders["primary"].widgets, b.editor.binders["primary"].widgets
    type_text(qtbot, mine["city"], "Lyon")
    type_text(qtbot, mine["phone_mobile"], "06 11 11 11 11")
    type_text(qtbot, theirs["city"], "Alix")
    type_text(qtbot, theirs["phone_mobile"], "06 22 22 22 22")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {
        "city": ("Lyon", "ALIX"),
        "phone_mobile": ("06 11 11 11 11", "06.22.22.22.22"),
    }
    dialog.choose("phone_mobile", theirs=True)
    _save_choices(qtbot, dialog, a.context)
    with session_factory() as s:
        primary = s.get(Family, dupont["family"]).primary
        assert (primary.city, primary.phone_mobile) == ("LYON", "+33622222222")


def test_cancel_writes_nothing_and_keeps_the_form(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    type_text(qtbot, a.editor.binders["primary"].widgets["city"], "Lyon")
    type_text(qtbot, b.editor.binders["primary"].widgets["city"], "Alix")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    wait_ops(qtbot, a.context)
    assert not dialog.isVisible()
    assert a.editor.binders["primary"].widgets["city"].text() == "Lyon"
    assert a.editor.dirty and a.editor.ui.conflictBanner.isVisible()
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).primary.city == "ALIX"


def test_a_third_change_meanwhile_is_caught_again(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    type_text(qtbot, a.editor.binders["primary"].widgets["city"], "Lyon")
    type_text(qtbot, b.editor.binders["primary"].widgets["city"], "Alix")
    save(qtbot, b)
    save(qtbot, a)
    first = _dialog(qtbot, a.editor)
    # While A chooses, B saves once more.
    city_b = b.editor.binders["primary"].widgets["city"]
    qtbot.waitUntil(lambda: city_b.text() == "ALIX" and not b.editor.dirty)
    type_text(qtbot, city_b, "Muret")
    save(qtbot, b)
    _save_choices(qtbot, first, a.context)  # keep mine, against the version A saw
    second = _dialog(qtbot, a.editor, previous=first)
    assert _cells(second) == {"city": ("Lyon", "MURET")}
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).primary.city == "MURET"
    _save_choices(qtbot, second, a.context)
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).primary.city == "LYON"


def test_family_section(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    type_text(qtbot, a.editor.binders["tax"].widgets["tax_shares"], "2,5")
    type_text(qtbot, b.editor.binders["tax"].widgets["tax_shares"], "3")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"tax_shares": ("2,5", "3,00")}
    dialog.choose("tax_shares", theirs=True)
    _save_choices(qtbot, dialog, a.context)
    qtbot.waitUntil(lambda: a.editor.binders["tax"].widgets["tax_shares"].text() == "3,00")
    with session_factory() as s:
        assert str(s.get(Family, dupont["family"]).tax_shares) == "3.00"


# --------------------------------------------------------------------------- child


def _child(page: FamiliesPage):
    form = page.editor.child_form("LÉA")
    page.editor.show_child(form)
    return form


def test_child_identity(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    form_a, form_b = _child(a), _child(b)
    type_text(qtbot, form_a.identity.widgets["school_class"], "CM1")
    type_text(qtbot, form_b.identity.widgets["school_class"], "CM2")
    form_b.identity.widgets["wears_glasses"].click()
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"school_class": ("CM1", "CM2")}
    assert "Port de lunettes : Oui" in _plain(dialog.info.text())
    dialog.choose("school_class", theirs=True)
    _save_choices(qtbot, dialog, a.context)
    qtbot.waitUntil(lambda: not a.editor.dirty, timeout=10000)
    with session_factory() as s:
        child = s.get(Child, dupont["child"])
        assert (child.school_class, child.wears_glasses) == ("CM2", True)


def test_health_data(qtbot, dupont, window, window_b, session_factory):
    with db.transaction(session_factory, "staff:test") as s:
        children.set_health(s, dupont["child"], {"allergies": "Arachide"})
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    form_a, form_b = _child(a), _child(b)
    for form in (form_a, form_b):  # health data are read (and the access logged) on demand
        form.show_health(True)
        qtbot.waitUntil(lambda form=form: form.ui.healthHost.isVisible(), timeout=5000)
    type_text(qtbot, form_a.health.widgets["diet"], "Sans porc")
    type_text(qtbot, form_b.health.widgets["diet"], "Sans gluten")
    form_b.health.widgets["allergies"].setPlainText("Arachide, kiwi")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"diet": ("Sans porc", "Sans gluten")}
    assert "Allergies : Arachide, kiwi" in _plain(dialog.info.text())
    _save_choices(qtbot, dialog, a.context)  # keep mine
    qtbot.waitUntil(lambda: not a.editor.dirty, timeout=10000)
    with session_factory() as s:
        record = s.scalars(select(HealthRecord)).one()
        assert (record.diet, record.allergies) == ("Sans porc", "Arachide, kiwi")


def _add_person(qtbot, form, last: str, first: str) -> None:
    qtbot.mouseClick(form.ui.addPersonButton, LEFT)
    table = form.ui.personsTable
    for column, value in enumerate((last, first, "", "")):
        table.item(table.rowCount() - 1, column).setText(value)


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_authorised_persons(qtbot, dupont, window, window_b, session_factory, choice):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    form_a, form_b = _child(a), _child(b)
    _add_person(qtbot, form_a, "Martin", "Paul")
    _add_person(qtbot, form_b, "Durand", "Odette")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"authorised_persons": ("Martin — Paul", "DURAND — ODETTE")}
    dialog.choose("authorised_persons", theirs=choice == "theirs")
    _save_choices(qtbot, dialog, a.context)
    qtbot.waitUntil(lambda: not a.editor.dirty, timeout=10000)
    expected = ["MARTIN"] if choice == "mine" else ["DURAND"]
    with session_factory() as s:
        assert s.scalars(select(AuthorisedPerson.last_name)).all() == expected
    table = a.editor.child_form("LÉA").ui.personsTable
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == expected


# --------------------------------------------------------------------------- settings lists


def _structure_with_service(session_factory) -> int:
    with db.transaction(session_factory, "staff:test") as s:
        structure = commune.create_structure(s, "Accueil de Loisirs")
        return commune.create_service(
            s, structure.id, {"name": "ALSH Mercredi", "code": "ALSHM", "unit": "half_day"}
        ).id


def _select_line(qtbot, page: SettingsPage, kind: str) -> None:
    """Select the first structure or service line of Paramètres' list of services."""
    model = page.tree_model
    qtbot.waitUntil(lambda: any(key[0] == kind for key in model.keys()), timeout=5000)
    key = next(key for key in model.keys() if key[0] == kind)
    page.ui.serviceTree.selectRow(model.row_of(key))


def _open_service(qtbot, page: SettingsPage):
    _select_line(qtbot, page, "service")
    return page.edit_service(new=False)


def _ok(dialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def test_service(qtbot, window, window_b, session_factory):
    service_id = _structure_with_service(session_factory)
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    dialog_a, dialog_b = _open_service(qtbot, a), _open_service(qtbot, b)
    type_text(qtbot, dialog_a.ui.f_capacity, "30")
    dialog_a.ui.f_weekdays.set_days(2)  # mercredi
    type_text(qtbot, dialog_b.ui.f_capacity, "24")
    dialog_b.ui.f_weekdays.set_days(1, 2)  # mardi, mercredi
    _ok(dialog_b)
    wait_ops(qtbot, b.context)
    _ok(dialog_a)
    conflict = _dialog(qtbot, dialog_a)
    assert _cells(conflict) == {
        "capacity": ("30", "24"),
        "weekdays": ("mercredi", "mardi, mercredi"),
    }
    conflict.choose("weekdays", theirs=True)
    _save_choices(qtbot, conflict, a.context)
    qtbot.waitUntil(lambda: not dialog_a.isVisible(), timeout=10000)
    with session_factory() as s:
        service = s.get(Service, service_id)
        assert (service.capacity, service.weekdays) == (30, 0b110)


def test_service_cancel(qtbot, window, window_b, session_factory):
    service_id = _structure_with_service(session_factory)
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    dialog_a, dialog_b = _open_service(qtbot, a), _open_service(qtbot, b)
    type_text(qtbot, dialog_a.ui.f_capacity, "30")
    type_text(qtbot, dialog_b.ui.f_capacity, "24")
    _ok(dialog_b)
    wait_ops(qtbot, b.context)
    _ok(dialog_a)
    conflict = _dialog(qtbot, dialog_a)
    qtbot.mouseClick(conflict.cancel_button, LEFT)
    wait_ops(qtbot, a.context)
    assert dialog_a.isVisible() and dialog_a.ui.f_capacity.text() == "30"
    with session_factory() as s:
        assert s.get(Service, service_id).capacity == 24


def test_structure_name(qtbot, window, window_b, session_factory, monkeypatch):
    _structure_with_service(session_factory)
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    for page in (a, b):
        _select_line(qtbot, page, "structure")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("ALSH", True)))
    b.rename_structure()
    wait_ops(qtbot, b.context)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Centre de loisirs", True))
    )
    a.rename_structure()
    conflict = _dialog(qtbot, a)
    assert _cells(conflict) == {"name": ("Centre de loisirs", "ALSH")}
    _save_choices(qtbot, conflict, a.context)
    with session_factory() as s:
        assert s.scalars(select(Structure.name)).all() == ["Centre de loisirs"]


def test_form_title(qtbot, window, window_b, session_factory, monkeypatch):
    with db.transaction(session_factory, "staff:test") as s:
        commune.add_form(s, "Dossier d'inscription", "dossier.pdf", b"%PDF-1.4\n%%EOF\n")
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    for page in (a, b):
        qtbot.waitUntil(lambda page=page: page.form_model.rowCount() == 1)
        page.ui.formList.setCurrentIndex(page.form_model.index(0, 0))
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Dossier 2015-2016", True))
    )
    qtbot.mouseClick(b.ui.renameFormButton, LEFT)
    wait_ops(qtbot, b.context)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Inscription ALSH", True))
    )
    qtbot.mouseClick(a.ui.renameFormButton, LEFT)
    conflict = _dialog(qtbot, a)
    assert _cells(conflict) == {"title": ("Inscription ALSH", "Dossier 2015-2016")}
    conflict.choose("title", theirs=True)
    _save_choices(qtbot, conflict, a.context)
    with session_factory() as s:
        assert s.scalars(select(DownloadableForm.title)).all() == ["Dossier 2015-2016"]
    qtbot.waitUntil(lambda: a.form_model.rows[0].title.startswith("Dossier 2015-2016"))


@pytest.mark.parametrize("saved_before", [True, False])
def test_commune_settings(qtbot, window, window_b, session_factory, saved_before):
    # Not saved before: the first save of a new database creates the row; the second one
    # must not overwrite it either.
    if saved_before:
        with db.transaction(session_factory, "staff:test") as s:
            commune.update_settings(s, {"name": "Mairie d'Alix"})
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    for page, name in ((a, "Chrystelle"), (b, "Nancy")):
        type_text(qtbot, page.commune.widgets["name"], "Mairie d'Alix")
        type_text(qtbot, page.commune.widgets["contact_names"], name)
    qtbot.mouseClick(b.ui.communeSaveButton, LEFT)
    wait_ops(qtbot, b.context)
    qtbot.mouseClick(a.ui.communeSaveButton, LEFT)
    conflict = _dialog(qtbot, a)
    assert _cells(conflict) == {"contact_names": ("Chrystelle", "Nancy")}
    _save_choices(qtbot, conflict, a.context)
    with session_factory() as s:
        assert s.get(CommuneSettings, 1).contact_names == "Chrystelle"


def _select_staff(qtbot, page: SettingsPage, username: str) -> None:
    model = page.staff_model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=5000)
    row = next(r for r, staff in enumerate(model.rows) if staff.username == username)
    page.ui.staffTable.selectRow(row)


def test_staff_account(qtbot, window, window_b, session_factory):
    make_staff(session_factory, "paul", "animateur", "Paul Martin")
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    a.reload()
    b.reload()
    _select_staff(qtbot, a, "paul")
    _select_staff(qtbot, b, "paul")
    dialog_a, dialog_b = a.edit_staff(), b.edit_staff()
    dialog_a.ui.f_role.setCurrentIndex(dialog_a.ui.f_role.findData("agent"))
    type_text(qtbot, dialog_a.ui.f_full_name, "Paul Durand")
    type_text(qtbot, dialog_b.ui.f_full_name, "Paul Martin-Durand")
    _ok(dialog_b)
    wait_ops(qtbot, b.context)
    _ok(dialog_a)
    conflict = _dialog(qtbot, dialog_a)
    assert _cells(conflict) == {"full_name": ("Paul Durand", "Paul Martin-Durand")}
    conflict.choose("full_name", theirs=True)
    _save_choices(qtbot, conflict, a.context)
    qtbot.waitUntil(lambda: not dialog_a.isVisible(), timeout=10000)
    with session_factory() as s:
        paul = s.scalars(select(StaffUser).where(StaffUser.username == "paul")).one()
        assert (paul.full_name, paul.role) == ("Paul Martin-Durand", StaffRole.AGENT)


def test_staff_password_is_never_shown(qtbot, window, window_b, session_factory):
    make_staff(session_factory, "paul", "animateur", "Paul Martin")
    a, b = _settings(qtbot, window), _settings(qtbot, window_b)
    a.reload()
    b.reload()
    _select_staff(qtbot, a, "paul")
    _select_staff(qtbot, b, "paul")
    dialog_a, dialog_b = a.reset_staff_password(), b.reset_staff_password()
    for dialog, password in ((dialog_b, "Nancy2026x"), (dialog_a, "Chrys2026x")):
        type_text(qtbot, dialog.ui.f_password, password)
        type_text(qtbot, dialog.ui.f_confirm, password)
    _ok(dialog_b)
    wait_ops(qtbot, b.context)
    _ok(dialog_a)
    conflict = _dialog(qtbot, dialog_a)
    texts = " ".join(label.text() for label in conflict.findChildren(type(conflict.sentence)))
    assert "Chrys2026x" not in texts and "Nancy2026x" not in texts
    assert _cells(conflict) == {"password": ("(non affiché)", "(non affiché)")}


def test_health_data_created_on_both_pcs(qtbot, dupont, window, window_b, session_factory):
    a = _record(qtbot, window, dupont["family"])
    b = _record(qtbot, window_b, dupont["family"])
    form_a, form_b = _child(a), _child(b)
    for form in (form_a, form_b):
        form.show_health(True)
        qtbot.waitUntil(lambda form=form: form.ui.healthHost.isVisible(), timeout=5000)
    type_text(qtbot, form_a.health.widgets["diet"], "Sans porc")
    type_text(qtbot, form_b.health.widgets["diet"], "Sans gluten")
    save(qtbot, b)
    save(qtbot, a)
    dialog = _dialog(qtbot, a.editor)
    assert _cells(dialog) == {"diet": ("Sans porc", "Sans gluten")}
    dialog.choose("diet", theirs=True)
    _save_choices(qtbot, dialog, a.context)
    qtbot.waitUntil(lambda: not a.editor.dirty, timeout=10000)
    with session_factory() as s:
        assert s.scalars(select(HealthRecord.diet)).all() == ["Sans gluten"]
