"""Adversarial input, driven through the real widgets: impossible dates, huge or control-laden
texts, letters in numbers, stale copies. Each must end in a French message next to the field,
with what was typed kept and nothing half-written; never an exception in a Qt slot."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.models import (
    Child,
    DownloadableForm,
    Family,
    Guardian,
    Request,
    Service,
    Structure,
)
from portail_admin.core.models.enums import GuardianRole, RequestKind, RequestStatus
from portail_admin.core.services import children, decisions, families, requests
from portail_admin.desktop.requests import RequestsPage

from .conftest import fill_shared_database, make_staff, open_family, save, type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
TAX_TAB, CAF_TAB, BANK_TAB, CHILDREN_TAB = 2, 3, 4, 5
HUGE = "x" * 10_000


def _is_french(text: str) -> bool:
    lowered = text.lower()
    english = ("error", "invalid", "required", "failed", "exception", "traceback", "none")
    return bool(text.strip()) and not any(word in lowered.split() for word in english)


# ----------------------------------------------------------------------------- family editor


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("postal_code", "75OO1"),
        ("postal_code", "3140"),
        ("phone_home", "01 02 03 O4 05"),
        ("phone_mobile", "06 12 34 56 7a"),
        ("email", "jean@"),
        ("address", HUGE),
        ("address", "12 rue\x00des Bonbons"),
        ("city", "Saint\x1b[31mJean"),
        ("last_name", "   "),
        ("first_name", "😀" * 101),
    ],
)
def test_guardian_bad_field_is_shown_in_french_and_kept(
    qtbot, dupont, page, session_factory, field, typed
):
    open_family(qtbot, page, dupont["family"])
    primary = page.editor.binders["primary"]
    type_text(qtbot, primary.widgets[field], typed)
    save(qtbot, page)
    error = primary.error_labels[field]
    assert error.isVisible(), page.editor.ui.errorSummaryLabel.text()
    assert _is_french(error.text()), error.text()
    assert primary.widgets[field].text() == typed
    with session_factory() as s:
        guardian = s.scalars(
            select(Guardian).where(Guardian.family_id == dupont["family"])
        ).first()
        assert guardian.postal_code == "31400" and guardian.last_name == "DUPONT"


@pytest.mark.parametrize(
    ("tab", "section", "field", "typed"),
    [
        (CAF_TAB, "caf", "quotient_familial", "12,345"),
        (CAF_TAB, "caf", "quotient_familial", "-1"),
        (CAF_TAB, "caf", "quotient_familial", "1e999999999"),
        (CAF_TAB, "caf", "quotient_familial", "NaN"),
        (CAF_TAB, "caf", "qf_date", "31/02/2015"),
        (CAF_TAB, "caf", "qf_date", "00/00/0000"),
        (CAF_TAB, "caf", "qf_date", "01/01/0001"),
        (CAF_TAB, "caf", "qf_date", "9999"),
        (CAF_TAB, "caf", "qf_date", "31/12/9999"),
        (CAF_TAB, "caf", "allocataire_number", HUGE),
        (TAX_TAB, "tax", "tax_shares", "0"),
        (TAX_TAB, "tax", "tax_reference_income", "99999999999999999999999999999999"),
        (BANK_TAB, "bank", "iban", "FR76 3000 6000 0112 3456 7890 188"),  # wrong RIB key
        (BANK_TAB, "bank", "bic", "BNPAFRPPXXXXX"),
        (BANK_TAB, "bank", "mandate_signed_on", "29/02/2015"),
        (BANK_TAB, "bank", "mandate_reference", "R" * 36),
    ],
)
def test_family_section_bad_field_is_shown_in_french_and_kept(
    qtbot, dupont, page, session_factory, tab, section, field, typed
):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    editor.ui.tabs.setCurrentIndex(tab)
    binder = editor.binders[section]
    if section == "caf":
        combo = binder.widgets["attachment_body"]
        combo.setCurrentIndex(max(1, combo.currentIndex()))
    type_text(qtbot, binder.widgets[field], typed)
    save(qtbot, page)
    error = binder.error_labels[field]
    assert error.isVisible(), editor.ui.errorSummaryLabel.text()
    assert _is_french(error.text()), error.text()
    assert binder.widgets[field].text() == typed
    assert editor.ui.tabs.currentIndex() == tab
    with session_factory() as s:
        family = s.get(Family, dupont["family"])
        assert family.version == 1 or family.quotient_familial is None


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("birth_date", "31/02/2015"),
        ("birth_date", "00/00/0000"),
        ("birth_date", "01/01/0001"),
        ("birth_date", "9999"),
        ("birth_date", "99/99/9999"),
        ("first_name", HUGE),
        ("first_name", "To\x00m"),
        ("school", "é" * 101),
    ],
)
def test_child_bad_field_is_shown_in_french_and_kept(
    qtbot, dupont, page, session_factory, field, typed
):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    qtbot.mouseClick(editor.ui.addChildButton, LEFT)
    identity = editor.child_forms[-1].identity
    type_text(qtbot, identity.widgets["first_name"], "Tom")
    type_text(qtbot, identity.widgets["birth_date"], "01/01/2019")
    type_text(qtbot, identity.widgets[field], typed)
    save(qtbot, page)
    error = identity.error_labels[field]
    assert error.isVisible(), editor.ui.errorSummaryLabel.text()
    assert _is_french(error.text()), error.text()
    assert identity.widgets[field].text() == typed
    assert editor.ui.tabs.currentIndex() == CHILDREN_TAB
    with session_factory() as s:
        assert len(s.scalars(select(Child)).all()) == 1


def test_emoji_names_are_saved_and_reloaded(qtbot, dupont, page, session_factory):
    open_family(qtbot, page, dupont["family"])
    primary = page.editor.binders["primary"]
    type_text(qtbot, primary.widgets["address"], "12 rue des Bonbons 🍬")
    save(qtbot, page)
    assert page.editor.ui.statusLabel.text().startswith("Fiche enregistrée")
    with session_factory() as s:
        guardian = s.scalars(
            select(Guardian).where(Guardian.family_id == dupont["family"])
        ).first()
        assert guardian.address == "12 rue des Bonbons 🍬"


# ----------------------------------------------------------------------------- Paramètres


@pytest.mark.parametrize("port", ["abc", "70000", "0", "-1", "²", "5432²", "١٢٣٤٥٦"])
def test_database_port_that_is_not_a_port(qtbot, settings_page, port):
    ui = settings_page.ui
    fill_shared_database(qtbot, ui, "serveur-mairie", port)
    for button in (ui.testConnectionButton, ui.databaseSaveButton):
        qtbot.mouseClick(button, LEFT)
        wait_ops(qtbot, settings_page.context)
        assert ui.e_db_port.isVisible()
        assert ui.e_db_port.text() == "Port invalide (par exemple 5432)."
        assert ui.f_db_port.text() == port


@pytest.mark.parametrize(
    ("host", "port"),
    [("127.0.0.1", "1"), ("serveur inexistant", "5432"), ("h:abc", ""), ("a/b?c=d", "")],
)
def test_database_test_connection_answers_in_french(qtbot, settings_page, host, port):
    ui = settings_page.ui
    fill_shared_database(qtbot, ui, host, port)
    qtbot.mouseClick(ui.testConnectionButton, LEFT)
    wait_ops(qtbot, settings_page.context, timeout=20000)
    status = ui.databaseStatus.text()
    assert status.startswith("✘ "), status
    assert "inattendue" not in status and _is_french(status), status
    assert ui.testConnectionButton.isEnabled()


@pytest.mark.parametrize("path", ["/", "/nonexistent/dir/base.sqlite", "a\x00b.sqlite", HUGE])
def test_database_local_file_that_cannot_be_used(qtbot, settings_page, path):
    ui = settings_page.ui
    ui.tabs.setCurrentWidget(ui.databaseTab)
    ui.localRadio.setChecked(True)
    type_text(qtbot, ui.f_db_path, path)
    qtbot.mouseClick(ui.testConnectionButton, LEFT)
    wait_ops(qtbot, settings_page.context, timeout=20000)
    status = ui.databaseStatus.text()
    assert status.startswith("✘ "), status
    assert "inattendue" not in status and _is_french(status), status


@pytest.mark.parametrize(
    ("field", "typed"),
    [("smtp_port", "abc"), ("smtp_port", "70000"), ("smtp_port", "0"), ("smtp_port", "²"),
     ("smtp_host", "smtp exemple.fr"), ("smtp_sender", "mairie@"), ("smtp_user", HUGE)],
)
def test_smtp_bad_field(qtbot, settings_page, session_factory, field, typed):
    ui = settings_page.ui
    ui.tabs.setCurrentWidget(ui.smtpTab)
    widget = getattr(ui, f"f_{field}")
    type_text(qtbot, widget, typed)
    qtbot.mouseClick(ui.smtpSaveButton, LEFT)
    wait_ops(qtbot, settings_page.context)
    error = getattr(ui, f"e_{field}")
    assert error.isVisible(), ui.smtpStatus.text()
    assert _is_french(error.text()), error.text()
    assert widget.text() == typed


# ----------------------------------------------------------------------------- concurrent edits


def _other_pc(session_factory, fn):
    """A change made meanwhile from another PC (its own transaction, its own actor)."""
    with db.transaction(session_factory, "staff:nancy") as s:
        return fn(s)


def test_stale_family_save_keeps_the_typed_values(qtbot, dupont, page, session_factory):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    primary = editor.binders["primary"]
    type_text(qtbot, primary.widgets["city"], "Toulouse")
    editor.ui.tabs.setCurrentIndex(TAX_TAB)
    type_text(qtbot, editor.binders["tax"].widgets["tax_shares"], "2,5")
    _other_pc(
        session_factory,
        lambda s: families.update_guardian(
            s, dupont["family"], GuardianRole.PRIMARY, {"city": "Muret"}
        ),
    )
    _other_pc(
        session_factory,
        lambda s: families.update_family_section(s, dupont["family"], "tax", {"tax_shares": "3"}),
    )
    save(qtbot, page)
    assert editor.ui.conflictBanner.isVisible()
    text = editor.ui.conflictLabel.text()
    assert "modifiée par nancy" in text and "Vos saisies sont conservées" in text
    assert primary.widgets["city"].text() == "Toulouse"
    assert editor.binders["tax"].widgets["tax_shares"].text() == "2,5"
    with session_factory() as s:
        family = s.get(Family, dupont["family"])
        assert family.tax_shares == Decimal("3.00")
        assert family.primary.city == "MURET"


def test_partner_added_meanwhile_on_another_pc_is_not_overwritten(
    qtbot, dupont, page, session_factory
):
    _other_pc(session_factory, lambda s: families.remove_partner(s, dupont["family"]))
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    partner = editor.binders["partner"]
    type_text(qtbot, partner.widgets["last_name"], "Durand")
    type_text(qtbot, partner.widgets["first_name"], "Paul")
    _other_pc(
        session_factory,
        lambda s: families.update_guardian(
            s,
            dupont["family"],
            GuardianRole.PARTNER,
            {"last_name": "Dupont", "first_name": "Jeanne"},
        ),
    )
    save(qtbot, page)
    assert editor.ui.conflictBanner.isVisible(), editor.ui.statusLabel.text()
    assert partner.widgets["last_name"].text() == "Durand"
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).partner.first_name == "JEANNE"


def test_partner_removed_meanwhile_on_another_pc_is_not_brought_back(
    qtbot, dupont, page, session_factory
):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    partner = editor.binders["partner"]
    type_text(qtbot, partner.widgets["phone_mobile"], "06 12 34 56 78")
    _other_pc(session_factory, lambda s: families.remove_partner(s, dupont["family"]))
    save(qtbot, page)
    assert editor.ui.conflictBanner.isVisible(), editor.ui.statusLabel.text()
    assert partner.widgets["phone_mobile"].text() == "06 12 34 56 78"
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).partner is None


@pytest.mark.parametrize("action", ["edit", "remove"])
def test_authorised_person_deleted_meanwhile(qtbot, dupont, page, session_factory, action):
    person = _other_pc(
        session_factory,
        lambda s: children.add_authorised_person(
            s, dupont["child"], {"last_name": "Martin", "first_name": "Paul"}
        ).id,
    )
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    form = editor.child_form("LÉA")
    editor.show_child(form)
    table = form.ui.personsTable
    assert table.rowCount() == 1
    if action == "edit":
        table.item(0, 3).setText("06 12 34 56 78")
    else:
        table.setCurrentCell(0, 0)
        qtbot.mouseClick(form.ui.removePersonButton, LEFT)
    _other_pc(session_factory, lambda s: children.remove_authorised_person(s, person))
    save(qtbot, page)
    message = editor.ui.conflictLabel.text() + editor.ui.errorSummaryLabel.text()
    assert editor.ui.conflictBanner.isVisible() or editor.ui.errorSummary.isVisible()
    assert _is_french(message) and "inattendue" not in message, message
    if action == "edit":
        assert table.item(0, 3).text() == "06 12 34 56 78"


# ----------------------------------------------------------------------------- services, forms


def _structure(qtbot, page, monkeypatch, name="Accueil de Loisirs"):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (name, True)))
    qtbot.mouseClick(page.ui.addStructureButton, LEFT)
    wait_ops(qtbot, page.context)


@pytest.mark.parametrize(
    ("field", "typed"),
    [("capacity", "0"), ("capacity", "abc"), ("capacity", "-3"), ("capacity", "²"),
     ("booking_deadline_days", "99999999999"), ("name", HUGE), ("code", "é")],
)
def test_service_dialog_bad_field(qtbot, settings_page, session_factory, monkeypatch,
                                  field, typed):
    page = settings_page
    _structure(qtbot, page, monkeypatch)
    qtbot.waitUntil(lambda: len(page.structures) == 1, timeout=5000)
    page.ui.serviceTree.selectRow(0)
    dialog = page.edit_service(new=True)
    type_text(qtbot, dialog.ui.f_name, "ALSH")
    type_text(qtbot, dialog.ui.f_code, "ALSH")
    type_text(qtbot, getattr(dialog.ui, f"f_{field}"), typed)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_ops(qtbot, page.context)
    error = getattr(dialog.ui, f"e_{field}")
    assert error.isVisible(), dialog.ui.errorLabel.text()
    assert _is_french(error.text()), error.text()
    assert getattr(dialog.ui, f"f_{field}").text() == typed
    assert dialog.isVisible()
    with session_factory() as s:
        assert s.scalars(select(Service)).first() is None


@pytest.mark.parametrize("name", ["", "   ", HUGE, "A\x00B"])
def test_structure_with_a_bad_name(qtbot, settings_page, session_factory, monkeypatch, name):
    _structure(qtbot, settings_page, monkeypatch, name)
    status = settings_page.ui.servicesStatus.text()
    assert _is_french(status) and "inattendue" not in status, status
    with session_factory() as s:
        assert s.scalars(select(Structure)).first() is None


@pytest.mark.parametrize("kind", ["directory", "missing", "huge", "empty", "not_pdf"])
def test_downloadable_form_that_cannot_be_offered(
    qtbot, settings_page, session_factory, tmp_path, monkeypatch, kind
):
    path = tmp_path / "formulaire.pdf"
    if kind == "directory":
        path.mkdir()
    elif kind == "huge":
        with path.open("wb") as f:
            f.write(b"%PDF-1.4\n")
            f.truncate(50 * 1024 * 1024)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "not_pdf":
        path.write_bytes(b"PK\x03\x04 a zip renamed .pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Fiche", True)))
    qtbot.mouseClick(settings_page.ui.addFormButton, LEFT)
    wait_ops(qtbot, settings_page.context)
    status = settings_page.ui.formsStatus.text()
    assert _is_french(status) and "inattendue" not in status, status
    with session_factory() as s:
        assert s.scalars(select(DownloadableForm)).first() is None


# ----------------------------------------------------------------------------- Demandes


def _guardian_request(session_factory, family_id: int, city: str = "Alix") -> int:
    with db.transaction(session_factory, "parent:1001001818331") as s:
        return requests.request_family_change(
            s, family_id, RequestKind.GUARDIAN, {"city": city}
        ).id


def _requests_page(qtbot, window, ids) -> RequestsPage:
    page = window.open_area("demandes")
    assert isinstance(page, RequestsPage)
    wait_ops(qtbot, page.context)
    qtbot.waitUntil(lambda: {r.id for r in page.rows} >= set(ids), timeout=5000)
    page.select_ids(ids)
    wait_ops(qtbot, page.context)
    return page


def _refuse(qtbot, page, motive: str) -> dict:
    seen: dict = {}

    def fill() -> None:
        dialog = page.motive_dialog
        dialog.ui.f_motive.setPlainText(motive)
        dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.ui.e_motive.text() if dialog.ui.e_motive.isVisible() else ""
        seen["kept"] = dialog.ui.f_motive.toPlainText() == motive
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(page.ui.refuseButton, LEFT)
    qtbot.waitUntil(lambda: not page.deciding, timeout=30000)
    wait_ops(qtbot, page.context)
    return seen


@pytest.mark.parametrize("motive", ["     \n\t  ", "m" * 5000, "Justificatif\x00manquant"])
def test_refusal_motive_that_cannot_be_sent(qtbot, dupont, window, session_factory, motive):
    request_id = _guardian_request(session_factory, dupont["family"])
    page = _requests_page(qtbot, window, [request_id])
    seen = _refuse(qtbot, page, motive)
    assert seen["open"] and seen["kept"], seen
    assert _is_french(seen["error"]), seen
    with session_factory() as s:
        assert s.get(Request, request_id).status is RequestStatus.PENDING


def test_accepting_a_request_another_pc_already_decided(qtbot, dupont, window, session_factory):
    first = _guardian_request(session_factory, dupont["family"], "Alix")
    second = _guardian_request(session_factory, dupont["other"], "Muret")
    page = _requests_page(qtbot, window, [first, second])
    nancy = make_staff(session_factory, "nancy", "agent")
    with db.transaction(session_factory, "staff:nancy") as s:
        decisions.refuse(s, first, "Justificatif manquant.", nancy)
    qtbot.mouseClick(page.ui.acceptButton, LEFT)
    qtbot.waitUntil(lambda: not page.deciding, timeout=30000)
    wait_ops(qtbot, page.context)
    outcome = page.last_outcome
    assert outcome is not None, page.ui.statusLabel.text()
    assert outcome.done == [second], (outcome, page.ui.statusLabel.text())
    assert set(outcome.failed) <= {first}
    for why in outcome.failed.values():
        assert _is_french(why) and "inattendue" not in why, why
    with session_factory() as s:
        assert s.get(Request, first).status is RequestStatus.REFUSED
        assert s.get(Request, second).status is RequestStatus.ACCEPTED
