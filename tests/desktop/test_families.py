"""The Familles area, driven like a user: search, open, edit, see French errors, save, reopen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import AuthorisedPerson, Child, Family, Guardian, HealthRecord
from portail_admin.core.models.enums import GuardianRole
from portail_admin.core.services import children, families
from portail_admin.core.validation import FieldError, parse_date

from .conftest import VALID_IBAN, open_family, save, type_text, wait_ops

BANK_TAB = 4
CHILDREN_TAB = 5


def test_search_as_you_type_finds_a_family_by_name_number_or_child(qtbot, dupont, page):
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    searches = page.searches_done
    qtbot.keyClicks(page.ui.searchEdit, "lea")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    wait_ops(qtbot, page.context)
    assert page.searches_done == searches + 1  # three keystrokes, one query (debounced)
    assert page.ui.familyTable.isEnabled()
    hit = page.model.hits[0]
    assert (hit.name, hit.children) == ("DUPONT JEAN", "LÉA")
    assert page.ui.resultCountLabel.text() == "1 famille"

    type_text(qtbot, page.ui.searchEdit, "1001001818331")
    qtbot.waitUntil(lambda: [h.id for h in page.model.hits] == [dupont["family"]], timeout=3000)

    type_text(qtbot, page.ui.searchEdit, "martin")
    qtbot.waitUntil(lambda: [h.id for h in page.model.hits] == [dupont["other"]], timeout=3000)

    type_text(qtbot, page.ui.searchEdit, "personne")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=3000)
    assert page.ui.resultCountLabel.text() == "Aucune famille trouvée."


def test_open_family_shows_the_manual_sections(qtbot, dupont, page):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    assert editor.ui.titleLabel.text() == "Famille DUPONT JEAN"
    assert editor.ui.familyNumberLabel.text() == french_spacing("N° famille : 1001001818331")
    tabs = [editor.ui.tabs.tabText(i) for i in range(editor.ui.tabs.count())]
    assert tabs == [
        "Responsable",
        "Conjoint",
        "Informations fiscales",
        "CAF",
        "Coordonnées bancaires",
        "Enfants (1)",
        "Portail",
        "Planning",
        "Factures",
        "Historique",
    ]
    primary = editor.binders["primary"].widgets
    assert primary["phone_home"].text() == "01.02.03.04.05"  # stored +33102030405
    assert primary["civility"].currentText() == "Monsieur"
    assert primary["situation"].currentText() == "Séparé"
    assert editor.binders["partner"].widgets["first_name"].text() == "JEANNE"
    assert editor.ui.childList.item(0).text() == "LÉA (12/03/2018)"


def test_bad_iban_is_shown_next_to_the_field_then_fixed_saved_and_reopened(
    qtbot, dupont, page, session_factory
):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    editor.ui.tabs.setCurrentIndex(BANK_TAB)
    bank = editor.binders["bank"]
    iban = bank.widgets["iban"]
    type_text(qtbot, iban, "FR76 1234 5678")
    type_text(qtbot, bank.widgets["account_holder"], "Dupont Jean")
    save(qtbot, page)

    error = bank.error_labels["iban"]
    assert error.isVisible()
    assert error.text() == "IBAN invalide (vérifiez la saisie et la clé RIB)."
    assert iban.property("error") is True
    assert iban.text() == "FR76 1234 5678"  # what was typed is kept
    assert bank.widgets["account_holder"].text() == "Dupont Jean"
    assert editor.ui.errorSummary.isVisible()
    assert "Coordonnées bancaires — IBAN" in editor.ui.errorSummaryLabel.text()
    assert editor.ui.tabs.currentIndex() == BANK_TAB
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).iban == ""  # nothing was written

    type_text(qtbot, iban, VALID_IBAN.replace(" ", "").lower())
    save(qtbot, page)
    assert not bank.error_labels["iban"].isVisible()
    assert not iban.property("error")
    assert not editor.ui.errorSummary.isVisible()
    assert editor.ui.statusLabel.text().startswith("Fiche enregistrée")
    with session_factory() as s:
        family = s.get(Family, dupont["family"])
        assert family.iban == VALID_IBAN.replace(" ", "")
        assert family.account_holder == "DUPONT JEAN"

    # Reopen: another family, then back to DUPONT.
    open_family(qtbot, page, dupont["other"])
    assert bank.widgets["iban"].text() == ""
    open_family(qtbot, page, dupont["family"])
    assert bank.widgets["iban"].text() == VALID_IBAN
    assert bank.widgets["account_holder"].text() == "DUPONT JEAN"


def test_create_family_with_a_missing_name_then_valid(qtbot, page, session_factory):
    qtbot.mouseClick(page.ui.newFamilyButton, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor.ui.titleLabel.text() == "Nouvelle famille"
    primary = editor.binders["primary"]
    type_text(qtbot, primary.widgets["first_name"], "Hélène")
    qtbot.keyClicks(primary.widgets["phone_mobile"], "06 12 34 56 78")
    save(qtbot, page)

    assert primary.error_labels["last_name"].isVisible()
    assert primary.error_labels["last_name"].text() == "Ce champ est obligatoire."
    assert not primary.error_labels["first_name"].isVisible()
    assert primary.widgets["first_name"].text() == "Hélène"
    summary = editor.ui.errorSummaryLabel.text()
    assert french_spacing("Responsable — Nom : Ce champ est obligatoire.") in summary
    assert editor.family_id is None
    with session_factory() as s:
        assert s.scalar(select(Family.id)) is None

    qtbot.keyClicks(primary.widgets["last_name"], "Petit")
    save(qtbot, page)
    assert editor.family_id is not None
    assert editor.ui.titleLabel.text() == "Famille PETIT HÉLÈNE"
    assert primary.widgets["phone_mobile"].text() == "06.12.34.56.78"
    qtbot.waitUntil(lambda: page.model.row_of(editor.family_id) >= 0, timeout=3000)
    with session_factory() as s:
        guardian = s.scalars(select(Guardian)).one()
        assert (guardian.last_name, guardian.phone_mobile) == ("PETIT", "+33612345678")


def test_add_child_with_an_impossible_birth_date_then_valid(qtbot, dupont, page, session_factory):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    qtbot.mouseClick(editor.ui.addChildButton, Qt.MouseButton.LeftButton)
    form = editor.child_forms[-1]
    identity = form.identity
    assert identity.widgets["last_name"].text() == "DUPONT"  # proposed from the family
    qtbot.keyClicks(identity.widgets["first_name"], "Tom")
    qtbot.keyClicks(identity.widgets["birth_date"], "31/02/2019")
    save(qtbot, page)

    error = identity.error_labels["birth_date"]
    assert error.isVisible()
    with pytest.raises(FieldError) as expected:
        parse_date("31/02/2019")
    assert error.text() == str(expected.value)  # the core's French message, e.g. no 31 February
    assert identity.widgets["birth_date"].text() == "31/02/2019"
    assert editor.ui.tabs.currentIndex() == CHILDREN_TAB
    assert "Enfant TOM" in editor.ui.errorSummaryLabel.text()

    type_text(qtbot, identity.widgets["birth_date"], "28/02/2019")
    save(qtbot, page)
    assert not editor.ui.errorSummary.isVisible()
    assert editor.ui.tabs.tabText(CHILDREN_TAB) == "Enfants (2)"
    assert editor.ui.childStack.count() == 3  # the "no child" page and one page per child
    with session_factory() as s:
        tom = s.scalars(select(Child).where(Child.first_name == "TOM")).one()
        assert tom.birth_date == dt.date(2019, 2, 28)
        assert tom.family_id == dupont["family"]


def test_health_data_and_authorised_person_are_saved(qtbot, dupont, page, session_factory):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    form = editor.child_form("LÉA")
    editor.show_child(form)
    assert form.ui.healthHost.isHidden()  # sensitive: shown on request only
    qtbot.mouseClick(form.ui.showHealthButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(form.ui.healthHost.isVisible)  # read in an op (and logged)
    health = form.health
    health.widgets["allergies"].setPlainText("Arachide")
    qtbot.mouseClick(health.widgets["has_pai"], Qt.MouseButton.LeftButton)
    type_text(qtbot, health.widgets["doctor_phone"], "04 78 43 91 68")

    qtbot.mouseClick(form.ui.addPersonButton, Qt.MouseButton.LeftButton)
    table = form.ui.personsTable
    for column, value in enumerate(("Martin", "Paul", "Grand-père", "12")):
        table.item(0, column).setText(value)
    save(qtbot, page)

    assert form.ui.personsError.isVisible()
    persons_error = form.ui.personsError.text()
    assert french_spacing("Ligne 1 — Téléphone : Numéro de téléphone invalide.") in persons_error
    assert table.item(0, 3).text() == "12"
    assert health.widgets["allergies"].toPlainText() == "Arachide"
    with session_factory() as s:
        assert s.scalar(select(HealthRecord.id)) is None

    table.item(0, 3).setText("06 12 34 56 78")
    save(qtbot, page)
    assert not editor.ui.errorSummary.isVisible()
    with session_factory() as s:
        record = s.scalars(select(HealthRecord)).one()
        assert (record.allergies, record.has_pai, record.doctor_phone) == (
            "Arachide",
            True,
            "+33478439168",
        )
        person = s.scalars(select(AuthorisedPerson)).one()
        assert (person.last_name, person.first_name, person.relationship_, person.phone) == (
            "MARTIN",
            "PAUL",
            "Grand-père",
            "+33612345678",
        )
    form = editor.child_form("LÉA")
    assert form.ui.personsTable.item(0, 3).text() == "06.12.34.56.78"

    # Remove the person again.
    form.ui.personsTable.setCurrentCell(0, 0)
    qtbot.mouseClick(form.ui.removePersonButton, Qt.MouseButton.LeftButton)
    save(qtbot, page)
    with session_factory() as s:
        assert s.scalar(select(AuthorisedPerson.id)) is None


def test_concurrent_edit_is_refused_and_typed_text_kept(qtbot, dupont, page, session_factory):
    open_family(qtbot, page, dupont["family"])
    with db.transaction(session_factory, "staff:chrystelle") as s:
        families.update_guardian(s, dupont["family"], GuardianRole.PRIMARY, {"city": "ALIX"})
    primary = page.editor.binders["primary"]
    type_text(qtbot, primary.widgets["city"], "Lyon")
    save(qtbot, page)
    assert page.editor.ui.conflictBanner.isVisible()
    assert "chrystelle" in page.editor.ui.conflictLabel.text()
    assert primary.widgets["city"].text() == "Lyon"

    qtbot.mouseClick(page.editor.ui.reloadButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: primary.widgets["city"].text() == "ALIX", timeout=5000)
    assert not page.editor.ui.conflictBanner.isVisible()


def test_concurrent_change_to_authorised_persons_is_refused(
    qtbot, dupont, page, session_factory
):
    open_family(qtbot, page, dupont["family"])
    with db.transaction(session_factory, "staff:chrystelle") as s:
        children.add_authorised_person(
            s, dupont["child"], {"last_name": "Durand", "first_name": "Odette"}
        )
    form = page.editor.child_form("LÉA")
    page.editor.show_child(form)
    qtbot.mouseClick(form.ui.addPersonButton, Qt.MouseButton.LeftButton)
    table = form.ui.personsTable
    for column, value in enumerate(("Martin", "Paul", "Grand-père", "")):
        table.item(table.rowCount() - 1, column).setText(value)
    save(qtbot, page)
    assert page.editor.ui.conflictBanner.isVisible()
    assert "chrystelle" in page.editor.ui.conflictLabel.text()
    assert table.item(table.rowCount() - 1, 0).text() == "Martin"  # what was typed is kept
    with session_factory() as s:
        assert s.scalars(select(AuthorisedPerson.last_name)).all() == ["DURAND"]


def test_live_sync_refreshes_the_list_and_the_open_record(qtbot, dupont, page, session_factory):
    watcher = page.context.watcher
    watcher.poll()
    wait_ops(qtbot, page.context)
    open_family(qtbot, page, dupont["family"])
    primary = page.editor.binders["primary"]

    # Someone else saves: the record is not being edited here, so it simply refreshes.
    with db.transaction(session_factory, "staff:nancy") as s:
        families.update_guardian(s, dupont["family"], GuardianRole.PRIMARY, {"city": "Alix"})
        families.create_family(s, {"last_name": "Bernard", "first_name": "Luc"})
    watcher.poll()
    qtbot.waitUntil(lambda: primary.widgets["city"].text() == "ALIX", timeout=5000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert "nancy" in page.editor.ui.statusLabel.text()

    # Again while the user is typing: nothing typed is overwritten, a banner offers to reload.
    type_text(qtbot, primary.widgets["profession"], "Boulanger")
    with db.transaction(session_factory, "staff:nancy") as s:
        families.update_guardian(s, dupont["family"], GuardianRole.PRIMARY, {"city": "Lyon"})
    watcher.poll()
    qtbot.waitUntil(lambda: page.editor.ui.conflictBanner.isVisible(), timeout=5000)
    assert "modifiée par nancy" in page.editor.ui.conflictLabel.text()
    assert primary.widgets["profession"].text() == "Boulanger"
    assert primary.widgets["city"].text() == "ALIX"


def test_switching_family_with_unsaved_edits_asks_first(qtbot, dupont, page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    open_family(qtbot, page, dupont["family"])
    primary = page.editor.binders["primary"]
    type_text(qtbot, primary.widgets["profession"], "Boulanger")
    assert page.editor.ui.statusLabel.text() == "Modifications non enregistrées."
    asked = []

    def answer(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    row = page.model.row_of(dupont["other"])
    table = page.ui.familyTable
    rect = table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_ops(qtbot, page.context)
    assert asked and "non enregistrées" in asked[0]
    assert page.editor.family_id == dupont["family"]
    assert primary.widgets["profession"].text() == "Boulanger"
    assert table.currentIndex().row() == page.model.row_of(dupont["family"])


def test_remove_the_partner(qtbot, dupont, page, session_factory, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    editor.ui.tabs.setCurrentIndex(1)
    assert editor.remove_partner_button.isVisible()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(editor.remove_partner_button, Qt.MouseButton.LeftButton)
    assert editor.partner_hint.text() == "Le conjoint sera retiré de la fiche à l'enregistrement."
    assert not editor.binders["partner"].widgets["last_name"].isEnabled()
    save(qtbot, page)
    with session_factory() as s:
        roles = s.scalars(select(Guardian.role).where(Guardian.family_id == dupont["family"]))
        assert list(roles) == [GuardianRole.PRIMARY]
    assert editor.binders["partner"].widgets["first_name"].text() == ""
    assert editor.partner_hint.text().startswith("Aucun conjoint enregistré")
    assert not editor.remove_partner_button.isVisible()


def test_live_sync_sees_an_authorised_person_removed_elsewhere(
    qtbot, dupont, page, session_factory
):
    from portail_admin.core.services import children

    with db.transaction(session_factory, "staff:test") as s:
        person = children.add_authorised_person(
            s, dupont["child"], {"last_name": "Martin", "first_name": "Paul"}
        )
        person_id = person.id
    watcher = page.context.watcher
    watcher.poll()
    wait_ops(qtbot, page.context)
    open_family(qtbot, page, dupont["family"])
    assert page.editor.child_form("LÉA").ui.personsTable.rowCount() == 1

    with db.transaction(session_factory, "staff:nancy") as s:
        children.remove_authorised_person(s, person_id)
    watcher.poll()
    qtbot.waitUntil(
        lambda: page.editor.child_form("LÉA").ui.personsTable.rowCount() == 0, timeout=5000
    )


@pytest.mark.parametrize("size", [(1366, 768), (1280, 800)])
def test_every_section_tab_is_visible_on_a_laptop_screen(qtbot, dupont, page, window, size):
    """The record's ten tabs fit beside the list: no scroll arrows hiding the last ones."""
    window.resize(*size)
    open_family(qtbot, page, dupont["family"])
    bar = page.editor.ui.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() >= bar.sizeHint().width(), timeout=2000)
    assert bar.count() == 10
    for index in range(bar.count()):
        assert bar.tabRect(index).right() < bar.width(), bar.tabText(index)
    # The list keeps a usable width for the names.
    assert page.ui.familyTable.width() >= 280
    # Once the user drags the splitter, their choice is kept.
    splitter = page.ui.splitter
    splitter.splitterMoved.emit(450, 1)
    splitter.setSizes([450, sum(splitter.sizes()) - 450])
    chosen = splitter.sizes()
    page.fit_editor()
    assert splitter.sizes() == chosen
