"""How values read in French (babel): amounts, dates, phone numbers, IBANs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import phonenumbers
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from schwifty import IBAN

LOCALE = "fr_FR"


def money(amount: Decimal | None) -> str:
    """120,60 € (with the narrow no-break space French typography uses)."""
    if amount is None:
        return ""
    return format_currency(amount, "EUR", locale=LOCALE)


def number(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return format_decimal(amount, format="#,##0.00", locale=LOCALE)


def short_date(day: dt.date | None) -> str:
    """08/04/2015"""
    return day.strftime("%d/%m/%Y") if day else ""


@lru_cache(maxsize=4096)  # the portal's month grid names each day once per row
def long_date(day: dt.date) -> str:
    """Lundi 4 Mai 2015, as the portal's header writes it."""
    return format_date(day, "EEEE d MMMM y", locale=LOCALE).title()


@lru_cache(maxsize=1024)  # the portal's month picker names every month of a child's years
def month_title(day: dt.date) -> str:
    """Avril 2015"""
    return format_date(day, "LLLL y", locale=LOCALE).capitalize()


@lru_cache(maxsize=4096)  # every column of every planning grid
def weekday_short(day: dt.date) -> str:
    """Me 01"""
    return f"{format_date(day, 'EEE', locale=LOCALE)[:2].capitalize()} {day.day:02d}"


_SEPARATORS = str.maketrans("", "", " .-\u00a0")


def phone(value: str) -> str:
    """French numbers as the manual writes them (01.02.03.04.05), others internationally."""
    if not value:
        return ""
    # The usual shapes (ten digits, 01 to 07 or 09, with or without separators; +33 and nine
    # digits) without the parser, which costs 0.2 ms a number (the daily list prints
    # thousands): the same result (tests/core/test_daily_list.py compares them). 08 numbers go
    # through the parser, which groups them "0 8xx".
    digits = value.translate(_SEPARATORS)
    if digits.startswith("+33") and len(digits) == 12:
        digits = "0" + digits[3:]  # as stored by the forms: +33612345678
    if (
        len(digits) == 10
        and digits.isascii()
        and digits.isdigit()
        and digits[0] == "0"
        and digits[1] in "12345679"
    ):
        return ".".join(digits[i : i + 2] for i in range(0, 10, 2))
    try:
        number_ = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    if number_.country_code == 33:
        national = phonenumbers.format_number(number_, phonenumbers.PhoneNumberFormat.NATIONAL)
        return national.replace(" ", ".")
    return phonenumbers.format_number(number_, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_e164(value: str) -> str:
    """The number as a tel: link dials it, "+33478439168"; "" when it is no phone number."""
    if not value:
        return ""
    try:
        number_ = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number_):
        return ""
    return phonenumbers.format_number(number_, phonenumbers.PhoneNumberFormat.E164)


def iban(value: str) -> str:
    return IBAN(value, validate_bban=False).formatted if value else ""


def yes_no(value: bool) -> str:
    return "Oui" if value else "Non"


NARROW_NBSP = "\u202f"
_HIGH_PUNCTUATION = "?!;:"


@lru_cache(maxsize=8192)  # the same labels come back on every grid cell and every page
def french_spacing(text: str) -> str:
    """French typography for a sentence shown to a user: a narrow no-break space before ? ! ; :
    (replacing an ordinary or no-break space there), so "Continuer ?" never wraps its "?" alone.

    A colon glued to what precedes (times like 20:15, URLs like https://) is left alone: only a
    mark after a space, or ending a word that is followed by a space or the end, gets one."""
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _HIGH_PUNCTUATION and i > 0:
            before = text[i - 1]
            after = text[i + 1] if i + 1 < len(text) else " "
            if before in " \u00a0":
                out.pop()
                out.append(NARROW_NBSP)
            elif before != NARROW_NBSP and not before.isspace() and after.isspace() and (
                char != ":" or not before.isdigit()
            ) and before not in _HIGH_PUNCTUATION:
                out.append(NARROW_NBSP)
        out.append(char)
    return "".join(out)


# --- elision (de + vowel → d', le/la → l', que → qu') -----------------------------------------

_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")
# Words whose h is aspirated (no elision: "de haut", "le hors-délai"); every other h is mute.
H_ASPIRE = frozenset(
    {
        "hache", "haie", "haine", "hall", "halte", "hamac", "hameau", "handicap", "hangar",
        "hanche", "harcèlement", "haricot", "hasard", "hausse", "haut", "haute", "hauteur",
        "hérisson", "héros", "hêtre", "hibou", "hockey", "homard", "honte", "hors", "hublot",
        "huit", "huitième", "hurlement", "hutte",
    }
)
ELIDED = {"de": "d'", "le": "l'", "la": "l'", "que": "qu'", "je": "j'", "ne": "n'", "se": "s'"}


def _elides(word: str) -> bool:
    """Does `word` begin with a vowel sound (a vowel or a mute h)?"""
    stripped = word.lstrip("«\"' \u00a0")
    if not stripped:
        return False
    first = stripped[0].lower()
    if first == "h":
        head = stripped.split()[0].strip(",.;:!?").lower().split("-")[0]
        return head not in H_ASPIRE
    if first == "y":  # "d'Yves", "d'Yvonne", but "de yaourt"
        return len(stripped) > 1 and stripped[1].lower() not in _VOWELS
    return first in _VOWELS


def elide(article: str, word: str) -> str:
    """`article` then `word` as French writes them: elide("de", "absence") → "d'absence",
    elide("la", "inscription") → "l'inscription", elide("de", "réservation") → "de réservation".
    The article keeps its capital ("De" → "D'"); other words are joined with a space."""
    key = article.lower()
    if key in ELIDED and _elides(word):
        short = ELIDED[key]
        if article[:1].isupper():
            short = short[0].upper() + short[1:]
        return short + word
    return f"{article} {word}"


def de(word: str) -> str:
    """"de" before `word`, elided: de("absence") → "d'absence", de("Léa") → "de Léa"."""
    return elide("de", word)
