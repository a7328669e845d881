"""The test commune moved to tests/world.py (core tests use it without loading Flask); these
names stay importable from here for the web tests."""

from __future__ import annotations

from ..world import (
    DUPONT_LOGIN,
    MARTIN_LOGIN,
    OTHER_PASSWORD,
    PASSWORD,
    SCHOOL_YEAR,
    TODAY,
    World,
    build_world,
)

__all__ = [
    "DUPONT_LOGIN",
    "MARTIN_LOGIN",
    "OTHER_PASSWORD",
    "PASSWORD",
    "SCHOOL_YEAR",
    "TODAY",
    "World",
    "build_world",
]
