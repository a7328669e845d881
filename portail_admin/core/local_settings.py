"""Settings of this PC (not of the commune): which database, last user name.

Stored as JSON in the user's config directory. Never holds a password.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .paths import config_dir

FILE_NAME = "settings.json"


def _path() -> Path:
    return config_dir() / FILE_NAME


def load() -> dict[str, Any]:
    try:
        values = json.loads(_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return values if isinstance(values, dict) else {}


def _holds_a_password(key: str, value: Any) -> bool:
    if "password" in key.lower():
        return True
    # A URL with credentials: postgresql://user:secret@host/base or ...?password=secret
    if not (isinstance(value, str) and "://" in value):
        return False
    parts = urlsplit(value)
    query_keys = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return parts.password is not None or "password" in query_keys


def save(values: dict[str, Any]) -> None:
    if any(_holds_a_password(k, v) for k, v in values.items()):
        raise ValueError("passwords belong in the keyring, not in the settings file")
    path = _path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def update(**values: Any) -> None:
    current = load()
    current.update(values)
    save(current)
