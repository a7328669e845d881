"""The errors services raise; each carries French text a user can read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class PortailError(Exception):
    """Base of the errors a user is shown (message in French)."""


class ValidationError(PortailError):
    """Bad input: one French message per field name ("" for the form as a whole)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class NotFoundError(PortailError):
    pass


@dataclass(frozen=True)
class FieldConflict:
    """One field of a stale save: what the user submitted and what the database holds now.

    `secret` fields (passwords) carry no value at all: neither side is ever shown."""

    name: str
    label: str  # French
    mine: Any  # as submitted (typed), None when secret
    theirs: Any  # the stored value now, None when secret
    secret: bool = False


class ConcurrentEditError(PortailError):
    """Someone else saved the record since it was opened; nothing was overwritten.

    When raised by `services.records` it says who saved (`who`, an actor label), when (`when`,
    the commune's time), per submitted field what the user typed and what is stored now
    (`fields`, only those that differ), and what to check the next save against: the current
    `version`, or for a record without a version column the `current` values compared. Raised
    from a flush (a write that lost a race) it carries only its message."""

    def __init__(
        self,
        message: str,
        *,
        who: str | None = None,
        when: dt.datetime | None = None,
        fields: Sequence[FieldConflict] = (),
        version: int | None = None,
        current: Mapping[str, Any] | None = None,
        table: str = "",
        row_id: int | None = None,
    ):
        super().__init__(message)
        self.who = who
        self.when = when
        self.fields = list(fields)
        self.version = version
        self.current = dict(current) if current is not None else None
        self.table = table
        self.row_id = row_id
        self.scope = ""  # where the caller's form shows this record (set by the caller)

    @property
    def resolvable(self) -> bool:
        """The details are known: the user can choose per field and save again."""
        return self.version is not None or self.current is not None

    def field(self, name: str) -> FieldConflict | None:
        return next((f for f in self.fields if f.name == name), None)


class PermissionDenied(PortailError):
    pass
