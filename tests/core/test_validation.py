"""Every field cleaner with what staff and parents really type, good and bad, and the French
messages they read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portail_admin.core import validation as v
from portail_admin.core.errors import ValidationError
from portail_admin.core.models.enums import Civility, Quality


def _iban(country: str, bban: str) -> str:
    """An IBAN with correct ISO 13616 check digits around any BBAN (even a wrong national key)."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def _error(cleaner, value) -> str:
    with pytest.raises(v.FieldError) as err:
        cleaner(value)
    return str(err.value)


# --- IBAN / BIC -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"),
        ("fr7630006000011234567890189", "FR7630006000011234567890189"),
        ("  FR7630006000011234567890189  ", "FR7630006000011234567890189"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),  # a valid foreign IBAN
        ("BE68539007547034", "BE68539007547034"),
        ("", ""),
        (None, ""),
    ],
)
def test_iban_accepted(typed, stored):
    assert v.iban(typed) == stored


def test_iban_helper_builds_the_reference_iban():
    assert _iban("FR", "30006000011234567890189") == "FR7630006000011234567890189"


def test_french_iban_with_a_wrong_rib_key_is_refused():
    # The IBAN check digits are right, only the French RIB key (last two digits) is wrong:
    # only schwifty's validate_bban catches it.
    wrong_key = _iban("FR", "30006000011234567890188")
    assert wrong_key == "FR0630006000011234567890188"
    assert _error(v.iban, wrong_key) == "IBAN invalide (vérifiez la saisie et la clé RIB)."


@pytest.mark.parametrize(
    "typed",
    [
        "FR7630006000011234567890188",  # one digit changed: check digits fail
        "FR76300060000112345678901",  # too short
        "XX7630006000011234567890189",  # no such country
        "IBAN",
        "1234",
    ],
)
def test_iban_refused(typed):
    assert _error(v.iban, typed) == "IBAN invalide (vérifiez la saisie et la clé RIB)."


def test_iban_refuses_non_text():
    assert _error(v.iban, 7630006000011234567890189) == "Valeur invalide."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("BNPAFRPP", "BNPAFRPP"),
        ("deut de ff", "DEUTDEFF"),
        ("DEUTDEFF500", "DEUTDEFF500"),
        ("", ""),
    ],
)
def test_bic_accepted(typed, stored):
    assert v.bic(typed) == stored


@pytest.mark.parametrize("typed", ["deutschebank", "XXXXXX12", "BNPA", "BNPAFRPP1"])
def test_bic_refused(typed):
    assert _error(v.bic, typed) == "BIC invalide."


# --- e-mail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("jean.dupont@wanadoo.fr", "jean.dupont@wanadoo.fr"),
        ("  Jean.Dupont@Wanadoo.FR ", "Jean.Dupont@wanadoo.fr"),
        ("élodie@exemple.fr", "élodie@exemple.fr"),
        # No DNS lookup: a domain that does not exist is still a well-formed address.
        ("mairie@alix-village-qui-n-existe-pas.fr", "mairie@alix-village-qui-n-existe-pas.fr"),
        ("", ""),
    ],
)
def test_email_accepted(typed, stored):
    assert v.email(typed) == stored


@pytest.mark.parametrize(
    "typed", ["jean@", "@wanadoo.fr", "jean dupont@wanadoo.fr", "jean@localhost", "jean@@x.fr"]
)
def test_email_refused(typed):
    assert _error(v.email, typed) == "Adresse e-mail invalide."


def test_email_too_long():
    assert _error(v.email, "a" * 251 + "@x.fr") == "Adresse e-mail trop longue."


# --- phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01.02.03.04.05", "+33102030405"),
        ("01 02 03 04 05", "+33102030405"),
        ("0478439168", "+33478439168"),
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
    ],
)
def test_phone_accepted(typed, stored):
    assert v.phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12", "01 02 03", "abc", "06 12 34 56 78 90 12", "+33 12", "00 00 00 00 00"]
)
def test_phone_refused(typed):
    assert _error(v.phone, typed) == "Numéro de téléphone invalide."


# --- postal codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("31400", "31400"), ("31 400", "31400"), (" 69890 ", "69890"), ("97400", "97400"), ("", "")],
)
def test_postal_code_accepted(typed, stored):
    assert v.postal_code(typed) == stored


@pytest.mark.parametrize("typed", ["314", "314000", "3140A", "F-31400", "trente"])
def test_postal_code_refused(typed):
    assert _error(v.postal_code, typed) == "Le code postal doit comporter 5 chiffres."


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("08/04/2015", dt.date(2015, 4, 8)),
        ("8/4/2015", dt.date(2015, 4, 8)),
        (" 30/04/2015 ", dt.date(2015, 4, 30)),
        ("2015-04-08", dt.date(2015, 4, 8)),
        ("29/02/2020", dt.date(2020, 2, 29)),
        (dt.date(2015, 4, 6), dt.date(2015, 4, 6)),
        ("", None),
        (None, None),
    ],
)
def test_date_accepted(typed, stored):
    assert v.parse_date(typed) == stored


@pytest.mark.parametrize(
    "typed", ["31/02/2020", "29/02/2021", "31/04/2015", "00/01/2015", "2015-13-01"]
)
def test_impossible_dates_are_refused(typed):
    assert _error(v.parse_date, typed) == "Cette date n'existe pas."


@pytest.mark.parametrize(
    "typed", ["08/04/15", "2015/04/08", "08-04-2015", "8 avril 2015", "demain", "08/04/2015 10:00"]
)
def test_badly_formatted_dates_are_refused(typed):
    assert _error(v.parse_date, typed) == "Date invalide (format attendu : JJ/MM/AAAA)."


def test_a_mistyped_year_is_refused():
    assert _error(v.parse_date, "01/01/0215") == "Date invalide (année antérieure à 1900)."


def test_a_datetime_is_not_a_date():
    assert _error(v.parse_date, dt.datetime(2015, 4, 8, 10, 0, tzinfo=dt.UTC)) == "Date invalide."


def test_date_bounds_and_required():
    clean = v.date(
        required=True,
        min_value=lambda: dt.date(2015, 1, 1),
        max_value=lambda: dt.date(2015, 12, 31),
        too_early="Trop tôt.",
        too_late="Trop tard.",
    )
    assert clean("01/01/2015") == dt.date(2015, 1, 1)
    assert clean("31/12/2015") == dt.date(2015, 12, 31)
    assert _error(clean, "31/12/2014") == "Trop tôt."
    assert _error(clean, "01/01/2016") == "Trop tard."
    assert _error(clean, "") == "Ce champ est obligatoire."
    assert v.date()("") is None


# --- decimals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("120,60", Decimal("120.60")),
        ("120,6", Decimal("120.60")),
        ("120.60", Decimal("120.60")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u202f234,50", Decimal("1234.50")),  # narrow no-break space, as babel formats
        ("1\xa0234,50", Decimal("1234.50")),
        ("120,60 €", Decimal("120.60")),
        ("12", Decimal("12.00")),
        (12, Decimal("12.00")),
        (Decimal("3.5"), Decimal("3.50")),
        ("-0", Decimal("0.00")),
        ("", None),
        (None, None),
    ],
)
def test_decimal_accepted(typed, stored):
    cleaned = v.decimal()(typed)
    assert cleaned == stored
    if stored is not None:
        assert str(cleaned) == str(stored)  # two places, and no "-0.00"


def test_decimal_too_many_places():
    assert _error(v.decimal(), "12,345") == "2 décimales au maximum."
    assert _error(v.decimal(places=0), "1,5") == "0 décimales au maximum."
    assert v.decimal(places=0)("15") == Decimal(15)


def test_decimal_bounds_in_french():
    clean = v.decimal(min_value=Decimal(0), max_value=Decimal("99999"))
    assert _error(clean, "-1") == "La valeur doit être au moins 0."
    assert _error(clean, "-0,01") == "La valeur doit être au moins 0."
    assert _error(clean, "100000") == "La valeur doit être au plus 99\u202f999."
    assert _error(v.decimal(min_value=Decimal("0.5")), "0,25") == (
        "La valeur doit être au moins 0,5."
    )
    assert v.decimal()("-3,50") == Decimal("-3.50")  # negative only refused by a minimum


@pytest.mark.parametrize(
    "typed", ["NaN", "nan", "Infinity", "-inf", Decimal("NaN"), Decimal("Infinity"), "sNaN"]
)
def test_decimal_refuses_non_finite(typed):
    assert _error(v.decimal(), typed) == "Nombre invalide."


@pytest.mark.parametrize("typed", [True, False, 1.5, 0.1, "abc", "1,2,3", "12,5x", "1.234,50"])
def test_decimal_refuses_floats_booleans_and_garbage(typed):
    assert _error(v.decimal(), typed) == "Nombre invalide."


@pytest.mark.parametrize("typed", ["1" + "0" * 40, Decimal("1E+40"), 10**40])
def test_decimal_too_large_for_any_column_is_a_field_error(typed):
    # Without bounds, rounding such a number overflowed Decimal's precision (a crash).
    assert _error(v.decimal(), typed) == "Nombre trop grand."


def test_decimal_required():
    assert _error(v.decimal(required=True), "") == "Ce champ est obligatoire."
    assert _error(v.decimal(required=True), " \u200b ") == "Ce champ est obligatoire."
    assert v.decimal()("  ") is None


@pytest.mark.parametrize(
    "typed",
    [
        "1_000",  # int() and Decimal() read underscores as digit separators
        "1_000,50",
        "١٠٠٠",  # Arabic-Indic digits
        "۱۰۰۰",  # Persian digits
        "１０００",  # full-width digits
        "1e3",  # exponents: nobody types an income so
        "1E+3",
        "²",
        "12-",
        "--1",
        ",",
    ],
)
def test_decimal_takes_ascii_digits_only(typed):
    """The tax income took "1_000" as 1000: Python's number parsers accept far more than a
    form should."""
    assert _error(v.decimal(), typed) == "Nombre invalide."


@pytest.mark.parametrize("typed", ["1.000", "21.500", "1,000", "12,340"])
def test_decimal_places_are_counted_as_typed(typed):
    # "1.000" was stored as 1: a French reader may mean a thousand. Neither is guessed.
    assert _error(v.decimal(), typed) == "2 décimales au maximum."


def test_decimal_takes_the_french_comma_and_invisible_characters_are_dropped():
    assert v.decimal()("1\u200b000,5") == Decimal("1000.50")  # pasted with a zero-width space
    assert v.decimal()(",5") == Decimal("0.50")
    assert v.decimal()("+12") == Decimal("12.00")


# --- integers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [("12", 12), (" 7 ", 7), (3, 3), ("-2", -2)])
def test_integer_accepted(typed, number):
    assert v.integer(-5, 100)(typed) == number


@pytest.mark.parametrize("typed", ["1_0", "١", "１", "²", "1e1", "1.0", "abc", True, "9" * 5000])
def test_integer_takes_ascii_digits_only(typed):
    assert _error(v.integer(0, 100), typed) == "Nombre entier attendu."


def test_integer_bounds_and_required():
    assert _error(v.integer(0, 10), "11") == "Entre 0 et 10."
    assert _error(v.integer(0, 10), "") == "Ce champ est obligatoire."
    assert _error(v.integer(0, 10), "\u200b") == "Ce champ est obligatoire."
    assert v.integer(0, 10, required=False)(" ") is None


@pytest.mark.parametrize("typed", ["١", "1_0", "", "x", None, 5, "9" * 5000, "1234567890"])
def test_parse_integer_reads_only_short_ascii_numbers(typed):
    assert v.parse_integer(typed) is None
    assert v.parse_integer(" 42 ") == 42


# --- text -------------------------------------------------------------------------------------


def test_text_collapses_spaces_on_one_line_and_keeps_lines_when_multiline():
    assert v.text()("  12   rue des  Bonbons ") == "12 rue des Bonbons"
    assert v.text(multiline=True)(" Allergie :\n  arachides\r\n") == "Allergie :\n  arachides"
    assert v.text()(None) == ""


def test_text_too_long_counts_what_was_typed():
    assert v.text(10)("a" * 10) == "a" * 10
    assert _error(v.text(10), "a" * 11) == "10 caractères au maximum (11 saisis)."


def test_upper_text_checks_length_after_upper_casing():
    clean = v.upper_text(10)
    assert clean("Léa ") == "LÉA"
    assert v.upper_text()("Saint  -  Jean") == "SAINT - JEAN"
    # "ß" upper-cases to "SS": ten of them are twenty characters, too long for the column.
    assert _error(clean, "ß" * 10) == "10 caractères au maximum (20 saisis)."


def test_required_text():
    assert _error(v.text(required=True), "   ") == "Ce champ est obligatoire."


@pytest.mark.parametrize(
    "typed", ["a\x00b", "a\x07b", "a\x1bb", "a\x1fb", "a\x7fb", "a\x85b", "a\x9bb", "a\x0cb"]
)
def test_control_characters_are_refused(typed):
    assert _error(v.text(), typed) == "Caractères non autorisés."
    assert _error(v.text(multiline=True), typed) == "Caractères non autorisés."


ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
BIDI = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200e", "\u200f", "\u061c",  # marks
]


@pytest.mark.parametrize("invisible", ZERO_WIDTH + BIDI)
def test_a_name_of_invisible_characters_only_is_empty(invisible):
    """A surname of zero-width characters was accepted as filled."""
    typed = invisible * 3 + " " + invisible
    assert _error(v.upper_text(100, required=True), typed) == "Ce champ est obligatoire."
    assert _error(v.text(100, required=True), typed) == "Ce champ est obligatoire."
    assert v.text(100)(typed) == ""


@pytest.mark.parametrize("invisible", ZERO_WIDTH + BIDI)
def test_one_line_fields_drop_every_format_character(invisible):
    assert v.upper_text(100)(f"Du{invisible}pont") == "DUPONT"
    assert v.text(255)(f"12 rue{invisible} des {invisible}Lilas") == "12 rue des Lilas"


def test_a_name_of_combining_marks_only_is_empty():
    # A combining grapheme joiner and variation selectors show nothing on their own.
    assert _error(v.text(required=True), "\u034f\ufe0f\ufe0e") == "Ce champ est obligatoire."


def test_text_is_stored_in_nfc():
    assert v.upper_text()("Le\u0301a") == "LÉA"
    assert v.text(4)("e\u0301" * 4) == "é" * 4  # four characters, not eight
    assert v.text(multiline=True)("Cre\u0300me") == "Crème"


def test_spoofed_names_and_subjects_lose_their_bidi_controls():
    # "\u202e" shows "Dupont" reversed, "\u2066…\u2069" reorders a subject in staff's list.
    assert v.upper_text()("\u202etnoPud\u202c") == "TNOPUD"
    assert v.text()("Facture \u2067impayée\u2069 mars") == "Facture impayée mars"


@pytest.mark.parametrize("bidi", BIDI)
def test_messages_keep_their_text_without_bidi_controls(bidi):
    body = f"Bonjour,\n{bidi}Tom{bidi} sera absent.\n"
    assert v.text(5000, multiline=True)(body) == "Bonjour,\nTom sera absent."


def test_messages_keep_the_other_format_characters():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, joined by ZWJ
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word
    body = f"Merci {family}\n{persian}"
    assert v.text(5000, multiline=True)(body) == body


@pytest.mark.parametrize("typed", ["\u200b", "\u202e\n\u202c", " \ufeff\n\u2060 "])
def test_a_message_of_invisible_characters_only_is_empty(typed):
    assert _error(v.text(5000, required=True, multiline=True), typed) == (
        "Ce champ est obligatoire."
    )


def test_lone_surrogates_are_refused():
    # No UTF-8 for them: PostgreSQL's driver could not even send the text.
    assert _error(v.text(), "a\ud800b") == "Caractères non autorisés."
    assert _error(v.text(multiline=True), "a\udfffb") == "Caractères non autorisés."


def test_html_is_kept_as_plain_text():
    typed = '<script>alert("x")</script> <b>Léa</b> & Cie'
    assert v.text()(typed) == typed
    assert v.text(multiline=True)(typed) == typed


def test_text_refuses_non_text():
    assert _error(v.text(), 12) == "Valeur invalide."
    assert _error(v.text(), ["a"]) == "Valeur invalide."


# --- booleans and choices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (True, True),
        (False, False),
        ("oui", True),
        ("Oui", True),
        ("1", True),
        ("on", True),
        ("non", False),
        ("Non", False),
        ("0", False),
        ("", False),
        (None, False),
    ],
)
def test_boolean(typed, stored):
    assert v.boolean(typed) is stored


@pytest.mark.parametrize("typed", ["peut-être", "2", 2, [True]])
def test_boolean_refused(typed):
    assert _error(v.boolean, typed) == "Valeur invalide."


def test_choice():
    clean = v.choice(Quality)
    assert clean("father") is Quality.FATHER
    assert clean(Quality.MOTHER) is Quality.MOTHER
    assert clean("") is None
    assert _error(clean, "Père") == "Choix invalide."  # the label is not the stored value
    assert _error(clean, "pirate") == "Choix invalide."
    assert _error(clean, ["father"]) == "Choix invalide."
    assert _error(v.choice(Civility, required=True), None) == "Veuillez choisir une valeur."


# --- whole forms ------------------------------------------------------------------------------

SPEC = {
    "last_name": v.upper_text(100, required=True),
    "email": v.email,
    "postal_code": v.postal_code,
    "birth_date": v.date(),
    "amount": v.decimal(),
}


def test_clean_fields_cleans_a_good_form():
    assert v.clean_fields(
        {
            "last_name": "Dupont",
            "email": "jean.dupont@wanadoo.fr",
            "postal_code": "31400",
            "birth_date": "12/03/2018",
            "amount": "120,60",
        },
        SPEC,
    ) == {
        "last_name": "DUPONT",
        "email": "jean.dupont@wanadoo.fr",
        "postal_code": "31400",
        "birth_date": dt.date(2018, 3, 12),
        "amount": Decimal("120.60"),
    }


def test_clean_fields_reports_every_bad_field_at_once():
    with pytest.raises(ValidationError) as err:
        v.clean_fields(
            {
                "last_name": "",
                "email": "jean@",
                "postal_code": "314",
                "birth_date": "31/02/2020",
                "amount": "1,234",
            },
            SPEC,
        )
    assert err.value.errors == {
        "last_name": "Ce champ est obligatoire.",
        "email": "Adresse e-mail invalide.",
        "postal_code": "Le code postal doit comporter 5 chiffres.",
        "birth_date": "Cette date n'existe pas.",
        "amount": "2 décimales au maximum.",
    }
    assert "email: Adresse e-mail invalide." in str(err.value)


def test_clean_fields_refuses_unknown_keys_together_with_bad_fields():
    with pytest.raises(ValidationError) as err:
        v.clean_fields({"last_name": "Dupont", "family_number": "1", "email": "x"}, SPEC)
    assert err.value.errors == {
        "family_number": "Champ inconnu.",
        "email": "Adresse e-mail invalide.",
    }


def test_clean_fields_complete_form_cleans_missing_fields_as_empty():
    with pytest.raises(ValidationError) as err:
        v.clean_fields({}, SPEC)
    assert err.value.errors == {"last_name": "Ce champ est obligatoire."}
    assert v.clean_fields({"last_name": "x"}, SPEC)["amount"] is None


def test_clean_fields_partial_leaves_missing_fields_out():
    assert v.clean_fields({"email": "a@b.fr"}, SPEC, partial=True) == {"email": "a@b.fr"}
    assert v.clean_fields({}, SPEC, partial=True) == {}


# --- the services' own text fields go through the same rule ------------------------------------


def test_refusal_motive_is_stored_without_bidi_controls():
    from portail_admin.core.services import decisions

    assert decisions.clean_motive("  Complet \u202ece mercredi\u202c.\n") == "Complet ce mercredi."
    with pytest.raises(ValidationError) as err:
        decisions.clean_motive("\u200b\u2066\u2069")
    assert err.value.errors["motive"].startswith("Indiquez le motif du refus")
    with pytest.raises(ValidationError) as err:
        decisions.clean_motive("a\x00b")
    assert err.value.errors["motive"] == "Caractères non autorisés."


def test_family_record_names_of_invisible_characters_are_required_errors():
    from portail_admin.core.services.fields import AUTHORISED_PERSON_FIELDS, GUARDIAN_FIELDS

    with pytest.raises(ValidationError) as err:
        v.clean_fields(
            {"last_name": "\u200b\u200d\ufeff", "first_name": "Jean", "city": "\u2060"},
            GUARDIAN_FIELDS,
            partial=True,
        )
    assert err.value.errors == {"last_name": "Ce champ est obligatoire."}
    person = {"last_name": "Durand", "first_name": "\u202e", "relationship_": "Ta\u200bnte"}
    with pytest.raises(ValidationError) as err:
        v.clean_fields(person, AUTHORISED_PERSON_FIELDS, partial=True)
    assert err.value.errors == {"first_name": "Ce champ est obligatoire."}
