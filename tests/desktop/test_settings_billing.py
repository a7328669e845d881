"""Paramètres › Facturation: the texts saved version-checked (the defaults of core.billing.texts
shown greyed while empty), the prefix and the delay checked, the logo chosen (its preview
shown), refused when not an image, removed; the core rules behind it; a screenshot."""

from __future__ import annotations

import datetime as dt
import os
import struct
import zlib

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from portail_admin.core import clock, db
from portail_admin.core.billing import texts
from portail_admin.core.errors import ConcurrentEditError, ValidationError
from portail_admin.core.models import ChangeLog, CommuneSettings
from portail_admin.core.services import commune
from portail_admin.desktop.settings_billing import BillingTab

from .conftest import type_text, wait_ops

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date(2026, 11, 4)
SHOTS = os.environ.get("PORTAIL_SCREENSHOT_DIR", "")


def png(width: int = 60, height: int = 30, rgb: tuple[int, int, int] = (21, 101, 192)) -> bytes:
    """A small solid PNG, made by hand (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(
        clock, "now", lambda: dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ)
    )


@pytest.fixture
def tab(qtbot, settings_page) -> BillingTab:
    tab = settings_page.billing_tab
    tabs = settings_page.ui.tabs
    tabs.setCurrentWidget(tab)
    assert tabs.tabText(tabs.indexOf(tab)) == "Facturation"
    qtbot.waitUntil(lambda: tab.data is not None, timeout=5000)
    return tab


def _settings(session_factory) -> CommuneSettings:
    with session_factory() as s:
        return commune.get_settings(s)


# --------------------------------------------------------------------------- core


def test_core_billing_fields_and_their_rules(session_factory):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        settings = commune.update_settings(
            s,
            {
                "regie_prefix": "al2",
                "invoice_due_days": "120",
                "issuer_name": " Marie  Durand ",
                "issuer_title": "",
                "regie_hours": "Lundi 8 h 30 – 12 h",
                "payment_instructions": "Par chèque.\nOu en espèces.",
            },
            expected_version=0,
        )
        assert settings.regie_prefix == "AL2" and settings.invoice_due_days == 120
        assert settings.issuer_name == "Marie Durand"
        assert texts.issuer_title(settings) == texts.DEFAULT_ISSUER_TITLE
        assert texts.payment_instructions(settings) == "Par chèque.\nOu en espèces."
        assert texts.contest_notice(settings) == texts.DEFAULT_CONTEST_NOTICE
    for data, field, message in (
        ({"regie_prefix": ""}, "regie_prefix", "Ce champ est obligatoire."),
        (
            {"regie_prefix": "AL-1"},
            "regie_prefix",
            "De 1 à 10 lettres sans accent ou chiffres (par exemple AL).",
        ),
        (
            {"regie_prefix": "ÉTÉ"},
            "regie_prefix",
            "De 1 à 10 lettres sans accent ou chiffres (par exemple AL).",
        ),
        ({"regie_prefix": "ABCDEFGHIJK"}, "regie_prefix", "10 caractères au maximum (11 saisis)."),
        ({"invoice_due_days": "121"}, "invoice_due_days", "Entre 0 et 120."),
        ({"invoice_due_days": "-1"}, "invoice_due_days", "Entre 0 et 120."),
        ({"invoice_due_days": "dix"}, "invoice_due_days", "Nombre entier attendu."),
        ({"issuer_name": "x" * 101}, "issuer_name", "100 caractères au maximum (101 saisis)."),
    ):
        with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
            commune.update_settings(s, data)
        assert err.value.errors == {field: message}
    assert _settings(session_factory).regie_prefix == "AL2"


def test_core_logo_rules_and_version(session_factory):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        version = commune.set_logo(s, png(), expected_version=0).version
    assert _settings(session_factory).logo == png()
    for content, message in (
        (b"", "Le fichier est vide."),
        (b"GIF89a" + b"\x00" * 20, "Choisissez une image PNG ou JPEG."),
        (b"\x89PNG\r\n\x1a\n" + b"garbage", "Cette image est illisible (fichier abîmé ?)."),
        (
            b"\xff\xd8\xff" + b"\x00" * (commune.MAX_LOGO_BYTES),
            "L'image est trop volumineuse (2,0 Mo) : 2 Mo au maximum.",
        ),
    ):
        with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
            commune.set_logo(s, content, version)
        assert err.value.errors == {"logo": message}
    with db.transaction(session_factory, "staff:nancy") as s:
        commune.update_settings(s, {"issuer_name": "Marie Durand"}, expected_version=version)
    with pytest.raises(ConcurrentEditError) as err, db.transaction(session_factory) as s:
        commune.set_logo(s, None, version)
    assert err.value.who == "nancy"
    assert _settings(session_factory).logo == png()
    with session_factory() as s:
        logged = s.scalars(
            select(ChangeLog.changes).where(ChangeLog.table_name == "commune_settings")
        ).all()
    logos = [c["logo"] for c in logged if "logo" in c]
    assert logos == [[None, f"<{len(png())} octets>"]]  # never the bytes themselves


# --------------------------------------------------------------------------- the tab


def test_texts_show_their_default_and_save(qtbot, tab, session_factory, settings_page):
    ui = tab.ui
    assert ui.f_issuer_title.placeholderText() == texts.DEFAULT_ISSUER_TITLE
    assert ui.f_payment_instructions.placeholderText() == texts.DEFAULT_PAYMENT_INSTRUCTIONS
    assert ui.f_contest_notice.placeholderText() == texts.DEFAULT_CONTEST_NOTICE
    assert ui.f_regie_prefix.text() == "AL" and ui.f_invoice_due_days.text() == "22"
    # The prefix and the delay are set here only, not in « Commune et portail » too.
    assert not settings_page.ui.f_regie_prefix.isVisible()
    type_text(qtbot, ui.f_regie_prefix, "alx")
    type_text(qtbot, ui.f_invoice_due_days, "30")
    type_text(qtbot, ui.f_issuer_name, "Marie Durand")
    type_text(qtbot, ui.f_issuer_title, "Le Maire")
    type_text(qtbot, ui.f_regie_hours, "Lundi et jeudi de 8 h 30 à 12 h")
    ui.f_contest_notice.setPlainText("Deux mois pour contester.\nTribunal de Lyon.")
    qtbot.mouseClick(tab.save_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert tab.status.text() == "Enregistré à 09:00."
    settings = _settings(session_factory)
    assert (settings.regie_prefix, settings.invoice_due_days) == ("ALX", 30)
    assert (settings.issuer_name, settings.issuer_title) == ("Marie Durand", "Le Maire")
    assert settings.regie_hours == "Lundi et jeudi de 8 h 30 à 12 h"
    assert settings.contest_notice == "Deux mois pour contester.\nTribunal de Lyon."
    assert settings.payment_instructions == ""
    assert ui.f_regie_prefix.text() == "ALX"
    # The page's « Commune et portail » saves over the new version without a conflict.
    type_text(qtbot, settings_page.ui.f_name, "Alix")
    qtbot.mouseClick(settings_page.ui.communeSaveButton, LEFT)
    wait_ops(qtbot, tab.context)
    assert settings_page.ui.communeStatus.text() == "Enregistré à 09:00."
    assert _settings(session_factory).name == "Alix"
    qtbot.waitUntil(lambda: tab.data.version == _settings(session_factory).version, timeout=5000)


def test_bad_prefix_and_delay_show_next_to_their_fields(qtbot, tab, session_factory):
    ui = tab.ui
    type_text(qtbot, ui.f_regie_prefix, "AL-36")
    type_text(qtbot, ui.f_invoice_due_days, "200")
    qtbot.mouseClick(tab.save_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert ui.e_regie_prefix.isVisible()
    assert ui.e_regie_prefix.text() == (
        "De 1 à 10 lettres sans accent ou chiffres (par exemple AL)."
    )
    assert ui.e_invoice_due_days.text() == "Entre 0 et 120."
    assert ui.f_regie_prefix.text() == "AL-36"  # kept as typed
    assert "Rien n'a été enregistré" in tab.status.text()
    assert _settings(session_factory).regie_prefix == "AL"


def test_the_logo_is_chosen_previewed_and_removed(
    qtbot, tab, session_factory, tmp_path, monkeypatch
):
    assert tab.logo_preview.pixmap().isNull()
    assert "Aucun logo" in tab.logo_preview.text()
    assert not tab.remove_logo_button.isEnabled()
    image = tmp_path / "logo.png"
    image.write_bytes(png(600, 300))
    monkeypatch.setattr(
        "portail_admin.desktop.settings_billing.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(image), ""),
    )
    qtbot.mouseClick(tab.choose_logo_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert tab.logo_status.text() == "Logo enregistré."
    assert _settings(session_factory).logo == png(600, 300)
    pixmap = tab.logo_preview.pixmap()
    assert not pixmap.isNull()
    assert (pixmap.width(), pixmap.height()) == (240, 120)  # scaled into the box
    assert pixmap.toImage().pixelColor(120, 60).name() == "#1565c0"
    assert tab.remove_logo_button.isEnabled()
    if SHOTS:
        tab.grab().save(os.path.join(SHOTS, "billing_tab.png"))
    # Not an image: refused, the saved logo stays.
    bad = tmp_path / "logo.jpg"
    bad.write_bytes(b"not an image at all")
    image = bad
    qtbot.mouseClick(tab.choose_logo_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert tab.logo_status.text() == "Choisissez une image PNG ou JPEG."
    assert _settings(session_factory).logo == png(600, 300)
    qtbot.mouseClick(tab.remove_logo_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert tab.logo_status.text() == "Logo retiré."
    assert _settings(session_factory).logo is None
    assert tab.logo_preview.pixmap().isNull()


def test_a_text_save_after_another_pc_s_is_a_conflict(qtbot, tab, session_factory):
    with db.transaction(session_factory, "staff:nancy") as s:
        commune.update_settings(s, {"issuer_name": "Paul Martin"})
    type_text(qtbot, tab.ui.f_issuer_name, "Marie Durand")
    qtbot.mouseClick(tab.save_button, LEFT)
    wait_ops(qtbot, tab.context)
    assert "modifiée par nancy" in tab.status.text()
    assert tab.conflict_dialog is not None
    assert _settings(session_factory).issuer_name == "Paul Martin"
    tab.conflict_dialog.reject()
