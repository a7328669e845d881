"""Argon2 password hashes, the portal's password rule and temporary passwords."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# The rule's wording, as the manual gives it.
PASSWORD_RULE = "8 caractères minimum, au moins 1 majuscule, 1 minuscule et 1 chiffre"  # noqa: S105
MAX_PASSWORD_LENGTH = 128


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str) -> list[str]:
    """What the password lacks against the manual's rule (empty list: acceptable)."""
    problems = []
    if len(password) < 8:
        problems.append("8 caractères minimum")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"{MAX_PASSWORD_LENGTH} caractères au maximum")
    if not any(c.isupper() for c in password):
        problems.append("au moins 1 majuscule")
    if not any(c.islower() for c in password):
        problems.append("au moins 1 minuscule")
    if not any(c.isdigit() for c in password):
        problems.append("au moins 1 caractère numérique")
    return problems


# No look-alike characters (0/O, 1/l/I): the password is read off a printed letter.
_ALPHABET_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_ALPHABET_LOWER = "abcdefghijkmnopqrstuvwxyz"
_DIGITS = "23456789"


def temporary_password(length: int = 10) -> str:
    """A random password that satisfies the rule and reads unambiguously on paper."""
    if not 8 <= length <= MAX_PASSWORD_LENGTH:  # a shorter one could never satisfy the rule
        raise ValueError(f"temporary password length out of range: {length}")
    pool = _ALPHABET_UPPER + _ALPHABET_LOWER + _DIGITS
    while True:
        candidate = "".join(secrets.choice(pool) for _ in range(length))
        if not password_problems(candidate):
            return candidate
