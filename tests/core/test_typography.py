"""French spacing before high punctuation (? ! ; :), from one helper."""

import pytest

from portail_admin.core.formatting import NARROW_NBSP as N
from portail_admin.core.formatting import french_spacing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Continuer ?", f"Continuer{N}?"),
        ("Continuer\u00a0?", f"Continuer{N}?"),
        ("Continuer?", f"Continuer{N}?"),
        (f"Continuer{N}?", f"Continuer{N}?"),
        ("Attention : le champ ; puis !", f"Attention{N}: le champ{N}; puis{N}!"),
        ("Vraiment ?!", f"Vraiment{N}?!"),
        ("Heure : 20:15", f"Heure{N}: 20:15"),
        ("Voir https://alix-village.fr/article150", "Voir https://alix-village.fr/article150"),
        ("Motif: absent", f"Motif{N}: absent"),
        ("", ""),
        ("?", "?"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert french_spacing(text) == expected
