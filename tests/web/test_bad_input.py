"""Bad input on every form: a French error next to the field, nothing stored, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portail_admin.core.models import Message, Request

from .conftest import post
from .test_pages import text

GUARDIAN_OK = {
    "civility": "M",
    "last_name": "Dupont",
    "first_name": "Jean",
    "quality": "father",
    "situation": "separated",
    "address": "12 rue des Bonbons",
    "postal_code": "31400",
    "city": "Saint - Jean",
    "phone_home": "01.02.03.04.05",
    "email": "jean.dupont@wanadoo.fr",
    "email_consent": "on",
}

CASES = [
    ("/mon-compte/responsable", {**GUARDIAN_OK, "email": "jean@"}, "Adresse e-mail invalide."),
    ("/mon-compte/responsable", {**GUARDIAN_OK, "phone_home": "12"}, "Numéro de téléphone"),
    ("/mon-compte/responsable", {**GUARDIAN_OK, "postal_code": "314"}, "5 chiffres"),
    ("/mon-compte/responsable", {**GUARDIAN_OK, "address": "x" * 300}, "255 caractères"),
    ("/mon-compte/responsable", {**GUARDIAN_OK, "civility": "ROI"}, "Choix invalide."),
    ("/mon-compte/responsable", {**GUARDIAN_OK, "last_name": ""}, "Ce champ est obligatoire."),
    ("/mon-compte/responsable", GUARDIAN_OK, "Aucune modification"),
    ("/mon-compte/bancaires", {"iban": "FR76 3000 6000 0112 3456 7890 188"}, "IBAN invalide"),
    ("/mon-compte/bancaires", {"bic": "NOPE"}, "BIC invalide"),
    ("/mon-compte/bancaires", {"direct_debit": "on"}, "nécessite un IBAN"),
    ("/mon-compte/bancaires", {"mandate_signed_on": "2015-02-30"}, "Cette date n'existe pas."),
    ("/mon-compte/fiscales", {"tax_shares": "beaucoup"}, "Nombre invalide."),
    ("/mon-compte/caf", {"attachment_body": "caf", "quotient_familial": "-3"}, "au moins"),
    ("/mon-compte/caf", {"attachment_body": ""}, "Veuillez choisir"),
    ("/mes-enfants/ajouter", {"last_name": "Dupont", "first_name": "Tom"}, "obligatoire"),
    (
        "/mes-enfants/ajouter",
        {"last_name": "Dupont", "first_name": "Tom", "birth_date": "1950-01-01"},
        "trop ancienne",
    ),
    ("/messages/ecrire", {"subject": "", "body": "x"}, "Ce champ est obligatoire."),
    ("/messages/ecrire", {"subject": "x" * 201, "body": "x"}, "200 caractères"),
    ("/messages/ecrire", {"subject": "ok", "body": "x" * 5001}, "5000 caractères"),
    ("/messages/ecrire", {"subject": "a\x00b", "body": "x"}, "Caractères non autorisés."),
]


@pytest.mark.parametrize("path,data,expected", CASES)
def test_bad_input_is_reported_next_to_the_field(
    logged_in, world, session_factory, path, data, expected
):
    response = post(logged_in, path, data)
    assert response.status_code == 400, text(response)[-2000:]
    page = text(response)
    assert expected in page
    assert 'class="error"' in page
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 1  # MARTIN's only
        assert s.scalar(select(func.count(Message.id))) == 2


def test_child_sections_bad_input(logged_in, world, session_factory):
    base = f"/mes-enfants/{world.child_id}"
    response = post(logged_in, f"{base}/sante", {"doctor_phone": "0000"})
    assert response.status_code == 400 and "Numéro de téléphone invalide." in text(response)
    response = post(
        logged_in,
        f"{base}/autorisations",
        {"person_count": "1", "person-0-last_name": "Durand", "person-0-phone": "abc"},
    )
    page = text(response)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in page  # first name of the person
    assert "Numéro de téléphone invalide." in page
    response = post(logged_in, f"{base}/informations", {"birth_date": "31/02/2008"})
    assert response.status_code == 400 and "Cette date n'existe pas." in text(response)
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 1


def test_html_in_a_field_is_stored_as_text_and_shown_escaped(logged_in, world, session_factory):
    data = {**GUARDIAN_OK, "profession": "<b>chef</b><script>x()</script>"}
    assert post(logged_in, "/mon-compte/responsable", data).status_code == 302
    page = logged_in.get("/demandes").get_data(as_text=True)
    assert "<script>x()" not in page and "&lt;script&gt;" in page


def test_wrong_types_and_unknown_fields_never_500(logged_in, world):
    weird = {"last_name": ["a", "b"], "unknown": "x", "email_consent": "peut-être"}
    response = post(logged_in, "/mon-compte/responsable", weird)
    assert response.status_code in (302, 400)
    response = post(
        logged_in, f"/mes-enfants/{world.child_id}/autorisations", {"person_count": "x"}
    )
    assert response.status_code in (302, 400)
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": world.services["wednesday"], "day": "2015-13-45", "kind": "reservation"},
    )
    assert response.status_code == 404
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/planning/demande",
        {"service_id": world.services["wednesday"], "day": "2015-05-13", "kind": "vacances"},
    )
    assert response.status_code == 400
    assert logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=abc").status_code == 200
    assert logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=1800-01").status_code == 200
    assert logged_in.get("/demandes?groupe=x&type=y").status_code == 200
    assert logged_in.get("/messages?dossier=../../etc").status_code == 200


def test_the_same_form_sent_twice_asks_the_mairie_once(logged_in, world, session_factory):
    data = {**GUARDIAN_OK, "city": "Alix"}
    assert post(logged_in, "/mon-compte/responsable", data).status_code == 302
    response = post(logged_in, "/mon-compte/responsable", data)  # a double tap
    assert response.status_code == 400
    page = text(response)
    assert "déjà en attente" in page and 'value="Alix"' in response.get_data(as_text=True)
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 2  # MARTIN's and this one


@pytest.mark.parametrize("invisible", ["\u200b\u200c\u200d", "\u2060\ufeff", "\u202e\u2066\u200f"])
def test_a_surname_of_invisible_characters_is_a_missing_surname(
    logged_in, world, session_factory, invisible
):
    """Zero-width characters (or bidi controls) alone passed for a filled surname."""
    data = {**GUARDIAN_OK, "last_name": invisible, "city": "Alix"}
    response = post(logged_in, "/mon-compte/responsable", data)
    assert response.status_code == 400
    page = text(response)
    assert "Ce champ est obligatoire." in page and 'class="error"' in page
    html = response.get_data(as_text=True)
    assert 'value="Jean"' in html and 'value="Alix"' in html  # the form is kept
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 1  # MARTIN's only


def test_an_authorised_person_of_invisible_characters_is_a_field_error(
    logged_in, world, session_factory
):
    response = post(
        logged_in,
        f"/mes-enfants/{world.child_id}/autorisations",
        {"person_count": "1", "person-0-last_name": "\u200b\u2060", "person-0-first_name": "Léa"},
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)
    assert 'value="Léa"' in response.get_data(as_text=True)
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 1


def test_invisible_characters_inside_a_name_are_not_sent_to_the_mairie(
    logged_in, world, session_factory
):
    data = {**GUARDIAN_OK, "first_name": "Je\u200ban\u202ene\ufeff", "city": "Alix"}
    assert post(logged_in, "/mon-compte/responsable", data).status_code == 302
    with session_factory() as s:
        request_ = s.scalars(select(Request).order_by(Request.id.desc())).first()
        assert request_.new_values["first_name"] == "JEANNE"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/mon-compte/fiscales", {"tax_reference_income": "1_000"}),
        ("/mon-compte/fiscales", {"tax_reference_income": "١٠٠٠"}),
        ("/mon-compte/fiscales", {"tax_shares": "2_5"}),
        ("/mon-compte/fiscales", {"tax_reference_income": "1e4"}),
        ("/mon-compte/caf", {"attachment_body": "caf", "quotient_familial": "6_50"}),
        ("/mon-compte/caf", {"attachment_body": "caf", "quotient_familial": "６５０"}),
    ],
)
def test_numbers_take_ascii_digits_only(logged_in, world, session_factory, path, data):
    """The tax income took "1_000" for 1000 (int() and Decimal() accept underscores)."""
    response = post(logged_in, path, data)
    assert response.status_code == 400
    assert "Nombre invalide." in text(response)
    typed = data.get("quotient_familial") or next(iter(data.values()))
    assert f'value="{typed}"' in response.get_data(as_text=True)  # the form is kept
    with session_factory() as s:
        assert s.scalar(select(func.count(Request.id))) == 1


def test_a_french_amount_is_still_taken(logged_in, world, session_factory):
    response = post(logged_in, "/mon-compte/fiscales", {"tax_reference_income": "21 500,50"})
    assert response.status_code == 302
    with session_factory() as s:
        request_ = s.scalars(select(Request).order_by(Request.id.desc())).first()
        assert request_.new_values["tax_reference_income"] == "21500.50"
