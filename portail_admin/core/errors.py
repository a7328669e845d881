"""The errors services raise; each carries French text a user can read."""

from __future__ import annotations


class PortailError(Exception):
    """Base of the errors a user is shown (message in French)."""


class ValidationError(PortailError):
    """Bad input: one French message per field name ("" for the form as a whole)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class NotFoundError(PortailError):
    pass


class ConcurrentEditError(PortailError):
    """Someone else saved the record since it was opened; nothing was overwritten."""


class PermissionDenied(PortailError):
    pass
