"""Field cleaners: each takes what a user typed and returns the stored value or raises FieldError.

Rules come from the field's libraries (schwifty, phonenumbers, email-validator, babel); the
French messages are ours. `clean_fields` runs a whole form and reports every bad field at once.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from babel.numbers import format_decimal
from email_validator import EmailNotValidError, validate_email
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from .errors import ValidationError

Cleaner = Callable[[Any], Any]
LOCALE = "fr_FR"
# Years before this are typing mistakes ("01/01/0215" for 2015), not dates of this domain.
MIN_YEAR = 1900
_FRENCH_DATE = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.ASCII)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", re.ASCII)


class FieldError(ValueError):
    """One field's problem, in French."""


# Bidi controls (Unicode's Bidi_Control property): the embeddings, overrides and isolates,
# named by their bidi class, and the three implicit marks. They reorder what a reader sees
# ("Trojan Source"): a message from a family must read in the order it was typed.
_BIDI_CONTROL_CLASSES = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_BIDI_MARKS = frozenset(
    unicodedata.lookup(name)
    for name in ("LEFT-TO-RIGHT MARK", "RIGHT-TO-LEFT MARK", "ARABIC LETTER MARK")
)


def _is_bidi_control(c: str) -> bool:
    return c in _BIDI_MARKS or (
        unicodedata.category(c) == "Cf" and unicodedata.bidirectional(c) in _BIDI_CONTROL_CLASSES
    )


def _invisible_dropped(s: str, multiline: bool = False) -> str:
    """The one rule for the invisible characters of typed text, then NFC (é typed as e + accent
    is stored as é: one length, one search key).

    One-line fields (names, addresses, subjects…) drop every format character (category Cf:
    zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi controls…): nobody means
    them in a name, and a name of them alone looks empty. Multi-line texts (messages, notes,
    motives) drop only the bidi controls: the other format characters carry meaning in running
    text (the zero-width joiner inside family or skin-tone emoji sequences, the non-joiner of
    Persian or Indic words, the tag characters of regional flags) and cannot reorder what staff
    read."""
    if s.isascii():  # most of what is typed: no format character, already NFC
        return s
    if multiline:
        kept = "".join(c for c in s if not _is_bidi_control(c))
    else:
        kept = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", kept)


def _has_nothing_visible(s: str) -> bool:
    """No letter, digit, punctuation, symbol (nor private-use glyph): only spaces, combining
    marks, variation selectors or format characters, which show nothing on their own."""
    return not any(
        unicodedata.category(c)[0] in "LNPS" or unicodedata.category(c) == "Co"
        for c in s
    )


def _as_text(value: Any) -> str:
    """One-line typed text: stripped, its invisible format characters dropped (see above)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError("Valeur invalide.")
    return _invisible_dropped(value).strip()


def _has_control_characters(s: str) -> bool:
    """C0/C1 control characters (NUL, ESC, DEL…; line breaks and tabs are allowed), and lone
    surrogates (no UTF-8 for them: PostgreSQL could not store the text)."""
    return any(
        (unicodedata.category(c) == "Cc" and c not in "\n\r\t") or unicodedata.category(c) == "Cs"
        for c in s
    )


def text(
    max_length: int = 255,
    required: bool = False,
    multiline: bool = False,
    upper: bool = False,
) -> Cleaner:
    """Typed text as stored: see `_invisible_dropped` for the invisible characters. A text with
    nothing visible left is empty, so a required one gets "Ce champ est obligatoire."."""

    def clean(value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise FieldError("Valeur invalide.")
        # Checked before spaces are collapsed: split() would silently turn some into spaces.
        if _has_control_characters(value):
            raise FieldError("Caractères non autorisés.")
        s = _invisible_dropped(value, multiline).strip()
        if not multiline:
            s = " ".join(s.split())
        if _has_nothing_visible(s):
            s = ""
        if upper:
            s = s.upper()  # before the length check: "ß" becomes "SS"
        if required and not s:
            raise FieldError("Ce champ est obligatoire.")
        if len(s) > max_length:
            raise FieldError(f"{max_length} caractères au maximum ({len(s)} saisis).")
        return s

    return clean


def upper_text(max_length: int = 100, required: bool = False) -> Cleaner:
    return text(max_length, required, upper=True)


def postal_code(value: Any) -> str:
    s = _as_text(value).replace(" ", "")
    if not s:
        return ""
    # French postal codes: five digits (metropolitan and overseas, 97xxx/98xxx).
    if not re.fullmatch(r"\d{5}", s, re.ASCII):  # not "٣١٤٠٠" nor full-width digits
        raise FieldError("Le code postal doit comporter 5 chiffres.")
    return s


def phone(value: Any) -> str:
    """A phone number, stored in E.164 (+33102030405); French numbers may be typed nationally."""
    s = _as_text(value)
    if not s:
        return ""
    try:
        number = phonenumbers.parse(s, "FR")
    except phonenumbers.NumberParseException as exc:
        raise FieldError("Numéro de téléphone invalide.") from exc
    if not phonenumbers.is_valid_number(number):
        raise FieldError("Numéro de téléphone invalide.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email(value: Any) -> str:
    s = _as_text(value)
    if not s:
        return ""
    if len(s) > 255:
        raise FieldError("Adresse e-mail trop longue.")
    try:
        return validate_email(s, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise FieldError("Adresse e-mail invalide.") from exc


def iban(value: Any) -> str:
    """IBAN with its check digits and, for France, the RIB key of the BBAN."""
    s = _as_text(value)
    if not s:
        return ""
    try:
        return IBAN(s, validate_bban=True).compact
    except SchwiftyException as exc:
        raise FieldError("IBAN invalide (vérifiez la saisie et la clé RIB).") from exc


def bic(value: Any) -> str:
    s = _as_text(value).replace(" ", "").upper()
    if not s:
        return ""
    try:
        return str(BIC(s))
    except SchwiftyException as exc:
        raise FieldError("BIC invalide.") from exc


def parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise FieldError("Date invalide.")
    if isinstance(value, dt.date):
        return value
    s = _as_text(value)
    match = _FRENCH_DATE.fullmatch(s) or _ISO_DATE.fullmatch(s)
    if match is None:
        raise FieldError("Date invalide (format attendu : JJ/MM/AAAA).")
    try:
        d = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise FieldError("Cette date n'existe pas.") from exc
    if d.year < MIN_YEAR:
        raise FieldError(f"Date invalide (année antérieure à {MIN_YEAR}).")
    return d


def date(
    required: bool = False,
    min_value: Callable[[], dt.date] | None = None,
    max_value: Callable[[], dt.date] | None = None,
    too_early: str = "Date trop ancienne.",
    too_late: str = "Date dans le futur.",
) -> Cleaner:
    def clean(value: Any) -> dt.date | None:
        d = parse_date(value)
        if d is None:
            if required:
                raise FieldError("Ce champ est obligatoire.")
            return None
        if min_value is not None and d < min_value():
            raise FieldError(too_early)
        if max_value is not None and d > max_value():
            raise FieldError(too_late)
        return d

    return clean


# What a number field takes: ASCII digits (Python's int() and Decimal() also read "1_000",
# "١٠٠٠", "１０００", "1e3" and "NaN"), an optional sign, one decimal comma (or point). Spaces
# between thousands and a trailing "€" are removed before.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)


def parse_integer(value: Any) -> int | None:
    """A whole number typed or sent in a form or a URL ("12", "-3"; at most 9 digits), else
    None. ASCII digits only: int() takes "١٢٣" and "1_000" too."""
    if isinstance(value, str):
        s = value.strip()
        if _INTEGER.fullmatch(s):
            return int(s)
    return None


def integer(min_value: int, max_value: int, required: bool = True) -> Cleaner:
    """A whole number between the bounds (counts, days, ports…)."""

    def clean(value: Any) -> int | None:
        if isinstance(value, bool):
            raise FieldError("Nombre entier attendu.")
        if isinstance(value, int):
            number = value
        else:
            s = _as_text(value if value is None or isinstance(value, str) else str(value))
            if not s:
                if required:
                    raise FieldError("Ce champ est obligatoire.")
                return None
            parsed = parse_integer(s)
            if parsed is None:
                raise FieldError("Nombre entier attendu.")
            number = parsed
        if not min_value <= number <= max_value:
            raise FieldError(f"Entre {min_value} et {max_value}.")
        return number

    return clean


def decimal(
    required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    places: int = 2,
) -> Cleaner:
    def clean(value: Any) -> Decimal | None:
        if value is None or value == "":
            if required:
                raise FieldError("Ce champ est obligatoire.")
            return None
        if isinstance(value, bool | float):
            raise FieldError("Nombre invalide.")
        if isinstance(value, Decimal | int):
            d = Decimal(value)
        else:
            s = _as_text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            s = s.removesuffix("€")
            if not s:  # only spaces (or invisible characters)
                if required:
                    raise FieldError("Ce champ est obligatoire.")
                return None
            if not _DECIMAL.fullmatch(s):
                raise FieldError("Nombre invalide.")
            _, separator, decimals = s.replace(",", ".").partition(".")
            if separator and len(decimals) > places:
                # Counted as typed: "1.000" is a thousand to many French readers, not 1.
                raise FieldError(f"{places} décimales au maximum.")
            d = Decimal(s.replace(",", "."))
        if not d.is_finite():
            raise FieldError("Nombre invalide.")
        if min_value is not None and d < min_value:
            raise FieldError(f"La valeur doit être au moins {_french_number(min_value)}.")
        if max_value is not None and d > max_value:
            raise FieldError(f"La valeur doit être au plus {_french_number(max_value)}.")
        quantum = Decimal(1).scaleb(-places)
        try:
            rounded = d.quantize(quantum)
        except InvalidOperation as exc:  # more digits than Decimal's precision: absurdly large
            raise FieldError("Nombre trop grand.") from exc
        if d != rounded:
            raise FieldError(f"{places} décimales au maximum.")
        return rounded if rounded else abs(rounded)  # "-0" is stored as 0.00

    return clean


def _french_number(value: Decimal) -> str:
    return format_decimal(value, locale=LOCALE)


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (None, "", "0", "false", "non", "Non", "off"):
        return False
    if value in ("1", "true", "oui", "Oui", "on", "y"):
        return True
    raise FieldError("Valeur invalide.")


def choice(enum_cls: type[enum.Enum], required: bool = False) -> Cleaner:
    def clean(value: Any) -> enum.Enum | None:
        if value is None or value == "":
            if required:
                raise FieldError("Veuillez choisir une valeur.")
            return None
        if isinstance(value, enum_cls):
            return value
        try:
            return enum_cls(value)
        except ValueError as exc:
            raise FieldError("Choix invalide.") from exc

    return clean


def clean_fields(
    data: Mapping[str, Any], spec: Mapping[str, Cleaner], partial: bool = False
) -> dict[str, Any]:
    """Clean every field of `spec` present in `data`; raise one ValidationError naming all bad ones.

    Unknown keys are refused (a form never writes a column it does not show). With `partial`,
    missing fields are left out rather than cleaned as empty.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {k: "Champ inconnu." for k in sorted(set(data) - set(spec))}
    for name, cleaner in spec.items():
        if name not in data and partial:
            continue
        try:
            cleaned[name] = cleaner(data.get(name))
        except FieldError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned
