"""Sorting names the way a French reader expects, for every list of children or families (the
planning grid, the pointage, the printed sheets): accents, case, hyphens, spaces and
apostrophes are ignored at first ("Émile" beside "Emile" rather than after "Zoé", "Le Gall"
beside "Legall", "Œ" as "Oe") and only break ties. A lowercase particle ("de Gaulle",
"d'Artagnan") is filed under the name it introduces, as in a directory; a capitalised one
("De Lattre", "Du Bellay") is part of the name.

This is the first level of the Unicode collation for Latin names, at a few microseconds a key
(a full UCA key costs about 40 µs, 0.2 s on the canteen's 4,500 children)."""

from __future__ import annotations

import re
from functools import lru_cache

from .search import normalise

_PARTICLE = re.compile(r"^(?:de la |de l['’]|de |d['’]|du |des )(?=\w)")
_NOT_LETTERS = re.compile(r"[\W_]+")

Key = tuple[str, str, str, str]


def filing_name(last_name: str) -> str:
    """The last name as filed: without a leading lowercase particle."""
    return _PARTICLE.sub("", last_name.strip()) or last_name


def primary(text: str) -> str:
    """What a name is compared on first: no accents, case, spaces, hyphens or apostrophes."""
    return _NOT_LETTERS.sub("", normalise(text))


@lru_cache(maxsize=1 << 16)  # the same children are sorted again at every read
def name_key(last_name: str, first_name: str) -> Key:
    """The sort key of a person: last name as filed, then first name; accents and case break
    ties ("Eric" before "Éric")."""
    filed = filing_name(last_name)
    return (primary(filed), primary(first_name), filed.casefold(), first_name.casefold())
