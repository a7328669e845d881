"""Argon2 hashes, the manual's password rule in French, and temporary passwords for letters."""

from __future__ import annotations

import pytest

from portail_admin.core import passwords

LOOK_ALIKES = set("0O1lI")


def test_hash_and_verify():
    hashed = passwords.hash_password("Bonbons2015")
    assert hashed.startswith("$argon2id$")
    assert "Bonbons2015" not in hashed
    assert passwords.verify_password(hashed, "Bonbons2015")
    assert not passwords.verify_password(hashed, "bonbons2015")
    assert not passwords.verify_password(hashed, "")
    assert not passwords.needs_rehash(hashed)


def test_two_hashes_of_one_password_differ():
    assert passwords.hash_password("Alix2015") != passwords.hash_password("Alix2015")


@pytest.mark.parametrize("stored", ["", "Bonbons2015", "$argon2id$v=19$garbage", "$2b$12$abc"])
def test_a_broken_or_foreign_hash_never_verifies(stored):
    assert passwords.verify_password(stored, "Bonbons2015") is False


def test_unicode_passwords():
    hashed = passwords.hash_password("Élodie2015€")
    assert passwords.verify_password(hashed, "Élodie2015€")
    assert not passwords.verify_password(hashed, "Elodie2015€")


def test_rule_wording():
    assert passwords.PASSWORD_RULE == (
        "8 caractères minimum, au moins 1 majuscule, 1 minuscule et 1 chiffre"
    )


@pytest.mark.parametrize("good", ["Bonbons2015", "Alix2015", "aB3aaaaa", "Éléonore9"])
def test_acceptable_passwords(good):
    assert passwords.password_problems(good) == []


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Bon2015", ["8 caractères minimum"]),
        ("bonbons2015", ["au moins 1 majuscule"]),
        ("BONBONS2015", ["au moins 1 minuscule"]),
        ("Bonbonsbonbons", ["au moins 1 caractère numérique"]),
        (
            "",
            [
                "8 caractères minimum",
                "au moins 1 majuscule",
                "au moins 1 minuscule",
                "au moins 1 caractère numérique",
            ],
        ),
        ("12345678", ["au moins 1 majuscule", "au moins 1 minuscule"]),
        ("Aa1" * 43, ["128 caractères au maximum"]),
    ],
)
def test_rule_problems_in_french(password, problems):
    assert passwords.password_problems(password) == problems


def test_temporary_passwords_satisfy_the_rule_and_read_unambiguously():
    seen = set()
    for _ in range(300):
        password = passwords.temporary_password()
        assert len(password) == 10
        assert passwords.password_problems(password) == []
        assert not LOOK_ALIKES & set(password), password
        assert password.isascii() and password.isalnum()
        seen.add(password)
    assert len(seen) == 300  # random, not a fixed list


def test_temporary_password_length():
    assert len(passwords.temporary_password(16)) == 16
    with pytest.raises(ValueError):
        passwords.temporary_password(6)  # could never satisfy the rule: used to loop forever
