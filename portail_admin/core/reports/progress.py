"""How a long document reports its progress and is stopped (the desktop's ops.Progress has this
shape; the CLI and the tests pass None)."""

from __future__ import annotations

from typing import Protocol

from ..errors import PortailError


class ProgressSink(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class Cancelled(PortailError):
    """The user stopped the document before it was finished."""

    def __init__(self) -> None:
        super().__init__("Impression annulée.")


def step(progress: ProgressSink | None, done: int, total: int, text: str = "") -> None:
    """Report `done` of `total`; raise Cancelled when the user has asked to stop."""
    if progress is None:
        return
    if progress.cancelled:
        raise Cancelled()
    progress.report(done, total, text)
