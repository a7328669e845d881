"""The credential letter: a PDF with the commune's header, the family, the identifiant, the
temporary password, the portal address and the password rule, with DejaVu Sans embedded."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from portail_admin.core import db, passwords
from portail_admin.core.models import CommuneSettings
from portail_admin.core.reports.credential_letter import (
    credential_letter_for,
    family_address_lines,
    of_commune,
)
from portail_admin.core.services import families, portal_accounts

DUPONT = {"civility": "M", "last_name": "Dupont", "first_name": "Jean",
          "address": "12 rue des Bonbons", "postal_code": "31400", "city": "Saint - Jean"}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
    return names


@pytest.fixture
def letter(session_factory):
    with db.transaction(session_factory) as s:
        s.add(CommuneSettings(id=1, name="Alix", address="Place de la Mairie\n69380 ALIX",
                              contact_names="Chrystelle ou Nancy",
                              contact_phone="04 78 43 91 68",
                              contact_email="mairie@alix-village.fr",
                              portal_url="https://portail.alix-village.fr"))
        family_id = families.create_family(s, DUPONT, family_number="1001001818331").id
        issued = portal_accounts.create_account(s, family_id)
    with session_factory() as s:
        pdf = credential_letter_for(s, family_id, issued.login, issued.password)
    return issued, pdf


def test_letter_text(letter):
    issued, pdf = letter
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in ("Mairie d'Alix", "04.78.43.91.68", "mairie@alix-village.fr",
                     "Monsieur DUPONT JEAN", "12 rue des Bonbons", "31400 SAINT - JEAN",
                     "https://portail.alix-village.fr", "Identifiant 1001001818331",
                     f"Mot de passe provisoire {issued.password}", passwords.PASSWORD_RULE,
                     "Chrystelle ou Nancy"):
        assert expected in text, expected
    assert issued.login == "1001001818331"


def test_letter_embeds_dejavu_only(letter):
    _, pdf = letter
    assert _fonts(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_letter_without_settings_still_prints(session_factory):
    with db.transaction(session_factory) as s:
        family_id = families.create_family(s, {"last_name": "Martin", "first_name": "Luc"}).id
        pdf = credential_letter_for(s, family_id, "martin", "Abcdefgh2")
    text = _text(pdf)
    assert "Abcdefgh2" in text and "Mairie" in text and "MARTIN LUC" in text
    assert dt.date.today().year.__str__() in text


def test_helpers():
    assert of_commune("Alix") == "d'Alix" and of_commune("Lyon") == "de Lyon"
    assert of_commune("") == ""


def test_address_lines(session_factory):
    with db.transaction(session_factory) as s:
        family = families.create_family(s, DUPONT)
        assert family_address_lines(family) == ["Monsieur DUPONT JEAN", "12 rue des Bonbons",
                                                "31400 SAINT - JEAN"]
