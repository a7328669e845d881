"""Secrets (database and SMTP passwords) live in the OS keyring, never in a file or a log."""

from __future__ import annotations

import keyring
import keyring.errors

SERVICE = "portail-admin"


def _key(kind: str, identity: str) -> str:
    return f"{kind}:{identity}"


def get_secret(kind: str, identity: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, _key(kind, identity))
    except keyring.errors.KeyringError:
        return None


def set_secret(kind: str, identity: str, secret: str) -> None:
    keyring.set_password(SERVICE, _key(kind, identity), secret)


def delete_secret(kind: str, identity: str) -> None:
    try:
        keyring.delete_password(SERVICE, _key(kind, identity))
    except keyring.errors.PasswordDeleteError:
        pass
