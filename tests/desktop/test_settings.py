"""The Paramètres area (administrateur): commune identity with errors next to the fields, SMTP
and database passwords in the keyring only (never in settings.json nor the database),
structures and services, a downloadable PDF form, staff accounts."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog
from sqlalchemy import select, text

from portail_admin.core import db, local_settings
from portail_admin.core.formatting import french_spacing
from portail_admin.core.models import (
    ChangeLog,
    CommuneSettings,
    DownloadableForm,
    Service,
    StaffUser,
)
from portail_admin.core.models.enums import SchoolZone, StaffRole
from portail_admin.core.paths import config_dir
from portail_admin.core.services import commune

from .conftest import PASSWORD, fill_shared_database, type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
SMTP_SECRET = "Smtp-Secret-42"
DB_SECRET = "Pg-Secret-43"


def _database_text(session_factory) -> str:
    """Everything the settings and the change log hold, as text."""
    with session_factory() as s:
        rows = [str(r) for r in s.execute(text("SELECT * FROM commune_settings"))]
        rows += [str(c.changes) for c in s.scalars(select(ChangeLog))]
    return "\n".join(rows)


def test_commune_identity_with_an_error_next_to_the_field(qtbot, settings_page,
                                                         session_factory):
    page = settings_page
    ui = page.ui
    type_text(qtbot, ui.f_name, "Alix")
    type_text(qtbot, ui.f_contact_phone, "04 78 43 91 68")
    type_text(qtbot, ui.f_portal_url, "portail.alix-village.fr")  # no http://
    ui.f_welcome_message.setPlainText("Bienvenue sur le Portail Famille")
    ui.f_school_zone.setCurrentIndex(ui.f_school_zone.findData("A"))
    type_text(qtbot, ui.f_regie_prefix, "al")
    qtbot.mouseClick(ui.communeSaveButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.e_portal_url.isVisible()
    assert ui.e_portal_url.text().startswith("Adresse web invalide")
    assert ui.f_name.text() == "Alix"  # nothing typed lost
    with session_factory() as s:
        assert commune.get_settings(s).name == ""
    type_text(qtbot, ui.f_portal_url, "https://portail.alix-village.fr")
    qtbot.mouseClick(ui.communeSaveButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.communeStatus.text().startswith("Enregistré à")
    with session_factory() as s:
        settings = s.get(CommuneSettings, 1)
        assert (settings.name, settings.regie_prefix) == ("Alix", "AL")
        assert settings.portal_url == "https://portail.alix-village.fr"
        assert settings.school_zone is SchoolZone.A


def test_smtp_and_database_passwords_go_to_the_keyring_only(qtbot, settings_page,
                                                          session_factory,
                                                          isolated_environment, monkeypatch):
    page = settings_page
    ui = page.ui
    ui.tabs.setCurrentWidget(ui.smtpTab)
    type_text(qtbot, ui.f_smtp_host, "smtp.alix-village.fr")
    type_text(qtbot, ui.f_smtp_user, "mairie")
    type_text(qtbot, ui.f_smtp_sender, "mairie@alix-village.fr")
    type_text(qtbot, ui.f_smtp_password, SMTP_SECRET)
    qtbot.mouseClick(ui.smtpSaveButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.smtpStatus.text().startswith("Enregistré à"), ui.smtpStatus.text()
    assert ui.f_smtp_password.text() == ""
    assert ui.f_smtp_password.placeholderText() == "enregistré dans le trousseau de ce poste"
    keyring = isolated_environment.store
    assert keyring[("portail-admin", "smtp:mairie@smtp.alix-village.fr")] == SMTP_SECRET
    with session_factory() as s:
        assert commune.smtp_password(commune.get_settings(s)) == SMTP_SECRET

    # The shared server: tested first, then saved; its password goes to the keyring.
    fill_shared_database(qtbot, ui)
    type_text(qtbot, ui.f_db_password, DB_SECRET)
    qtbot.mouseClick(ui.databaseSaveButton, LEFT)
    assert "Tester la connexion" in ui.databaseStatus.text()  # not saved before a test
    assert "database_url" not in local_settings.load()
    tested = []

    def fake_test(url, password=None):
        tested.append((url, password))
        return True, "Connexion réussie. La base contient les données du Portail Famille."

    monkeypatch.setattr(commune, "test_connection", fake_test)
    qtbot.mouseClick(ui.testConnectionButton, LEFT)
    wait_ops(qtbot, page.context)
    assert tested == [("postgresql+psycopg://portail@serveur-mairie/portail", DB_SECRET)]
    assert ui.databaseStatus.text().startswith("✔ Connexion réussie")
    qtbot.mouseClick(ui.databaseSaveButton, LEFT)
    wait_ops(qtbot, page.context)
    assert "prochain démarrage" in ui.databaseStatus.text()
    assert local_settings.load()["database_url"] == (
        "postgresql+psycopg://portail@serveur-mairie/portail")
    assert keyring[("portail-admin", "database:portail@serveur-mairie:5432/portail")] == DB_SECRET

    # Neither password is in this PC's settings file nor in the database.
    settings_file = (config_dir() / local_settings.FILE_NAME).read_text(encoding="utf-8")
    json.loads(settings_file)
    assert SMTP_SECRET not in settings_file and DB_SECRET not in settings_file
    stored = _database_text(session_factory)
    assert SMTP_SECRET not in stored and DB_SECRET not in stored
    assert "smtp.alix-village.fr" in stored  # the text was read


def test_structures_services_and_a_downloadable_form(qtbot, settings_page, session_factory,
                                                    tmp_path, monkeypatch):
    page = settings_page
    ui = page.ui
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Accueil de Loisirs", True)))
    qtbot.mouseClick(ui.addStructureButton, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: len(page.structures) == 1, timeout=5000)
    ui.serviceTree.selectRow(0)
    dialog = page.edit_service(new=True)
    type_text(qtbot, dialog.ui.f_name, "ALSH Mercredi")
    type_text(qtbot, dialog.ui.f_code, "alshm")
    dialog.ui.f_weekdays.set_days()  # no day ticked
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    wait_ops(qtbot, page.context)
    assert dialog.ui.e_weekdays.isVisible()
    assert dialog.ui.e_weekdays.text() == "Choisissez au moins un jour de la semaine."
    assert dialog.ui.f_name.text() == "ALSH Mercredi"  # what was typed stays
    qtbot.mouseClick(dialog.ui.f_weekdays.boxes[2], LEFT)  # mer.
    type_text(qtbot, dialog.ui.f_capacity, "24")
    dialog.ui.f_auto_accept.setChecked(True)
    ok.click()
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: page.tree_model.rowCount() == 2, timeout=5000)
    assert [page.tree_model.text(1, c) for c in range(5)] == [
        "ALSH Mercredi", "ALSHM", "mercredi", "24", "automatiques"]
    with session_factory() as s:
        service = s.scalars(select(Service)).one()
        assert (service.capacity, service.weekdays, service.auto_accept) == (24, 1 << 2, True)

    pdf = tmp_path / "Fiche sanitaire.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% fiche\n%%EOF\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(pdf), "Documents PDF (*.pdf)")))
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Fiche sanitaire", True)))
    qtbot.mouseClick(ui.addFormButton, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: page.form_model.rowCount() == 1, timeout=5000)
    assert page.form_model.text(0, 0).startswith("Fiche sanitaire — Fiche sanitaire.pdf")
    with session_factory() as s:
        form = s.scalars(select(DownloadableForm)).one()
        assert form.content.startswith(b"%PDF-")

    text_file = tmp_path / "notes.pdf"
    text_file.write_bytes(b"pas un pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(text_file), "")))
    qtbot.mouseClick(ui.addFormButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.formsStatus.text().startswith("Ce fichier n'est pas un PDF")


def test_staff_accounts(qtbot, settings_page, session_factory):
    page = settings_page
    ui = page.ui
    qtbot.waitUntil(lambda: page.staff_model.rowCount() == 1, timeout=5000)
    dialog = page.add_staff()
    type_text(qtbot, dialog.ui.f_full_name, "Nancy Martin")
    type_text(qtbot, dialog.ui.f_username, "nancy")
    dialog.ui.f_role.setCurrentIndex(dialog.ui.f_role.findData("animateur"))
    type_text(qtbot, dialog.ui.f_password, PASSWORD)
    type_text(qtbot, dialog.ui.f_confirm, PASSWORD)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.staff_model.rowCount() == 2, timeout=5000)
    ui.staffTable.selectRow(1)
    assert page.staff_model.text(1, 0) == "nancy"
    assert page.staff_model.text(1, 2) == "Animateur"

    dialog = page.edit_staff()
    dialog.ui.f_role.setCurrentIndex(dialog.ui.f_role.findData("agent"))
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.staff_model.text(1, 2) == "Agent", timeout=5000)

    ui.staffTable.selectRow(1)
    qtbot.mouseClick(ui.toggleStaffButton, LEFT)
    qtbot.waitUntil(lambda: page.staff_model.text(1, 3) == "désactivé", timeout=5000)
    with session_factory() as s:
        nancy = s.scalars(select(StaffUser).where(StaffUser.username == "nancy")).one()
        assert (nancy.role, nancy.active) == (StaffRole.AGENT, False)

    # The last administrator cannot deactivate themself.
    ui.staffTable.selectRow(0)
    qtbot.mouseClick(ui.toggleStaffButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.staffStatus.text().startswith("Il faut au moins un administrateur actif")


def test_session_actor_in_the_change_log(qtbot, settings_page, session_factory):
    ui = settings_page.ui
    type_text(qtbot, ui.f_name, "Alix")
    qtbot.mouseClick(ui.communeSaveButton, LEFT)
    wait_ops(qtbot, settings_page.context)
    with session_factory() as s:
        log = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "commune_settings")
                        .order_by(ChangeLog.id.desc())).first()
        assert log.actor == "staff:chrystelle"


def test_the_database_tab_tells_the_database_in_use_from_the_saved_setting(
        qtbot, settings_page, db_url, monkeypatch):
    """The app runs on this test's database (as with --database) while this PC's saved setting
    names a shared server: both are shown, each labelled, neither with a password."""
    page = settings_page
    ui = page.ui
    in_use = db.describe(db_url)
    assert ui.databaseCurrent.text() == french_spacing(f"Base utilisée actuellement : {in_use}")
    saved_default = commune.current_database_setting().description
    assert saved_default != in_use
    assert ui.databaseSaved.text() == french_spacing(
        f"Réglage enregistré sur ce poste : {saved_default}. "
        "Il servira au prochain démarrage de l'application.")

    monkeypatch.setattr(commune, "test_connection", lambda url, password=None: (True, "OK"))
    fill_shared_database(qtbot, ui)
    type_text(qtbot, ui.f_db_password, DB_SECRET)
    qtbot.mouseClick(ui.testConnectionButton, LEFT)
    wait_ops(qtbot, page.context)
    qtbot.mouseClick(ui.databaseSaveButton, LEFT)
    wait_ops(qtbot, page.context)
    assert ui.databaseCurrent.text() == french_spacing(f"Base utilisée actuellement : {in_use}")
    assert ui.databaseSaved.text() == french_spacing(
        "Réglage enregistré sur ce poste : Serveur partagé (PostgreSQL) — "
        "serveur-mairie:5432/portail. Mot de passe enregistré dans le trousseau. "
        "Il servira au prochain démarrage de l'application.")
    for label in (ui.databaseCurrent, ui.databaseSaved):
        assert DB_SECRET not in label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText
