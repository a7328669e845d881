"""One path for every change a page may have to show: `context.changes.changed(changes, origin)`.

Two sources feed it:
- `ops.applied`: what an op of this window just wrote, with the widget that started it as
  `origin` (that page refreshed itself in its callback, so it skips these: `started_by`);
- `watcher.changed`: what other PCs and the portal saved (origin None), read from the change
  feed. The watcher leaves out the rows this window's ops wrote: they came through `applied`.

A page connects to this one signal and decides from each `Change`'s table and scope
(`family_id`, `child_id`, `service_id`, the days; `Change.touches`) whether it shows something
that changed, then refreshes only that, in place (desktop/keyed_model.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.changefeed import Change
from .ops import OpRunner
from .sync import ChangeWatcher


class ChangeHub(QObject):
    changed = Signal(list, object)  # list[Change], oldest first; origin widget or None

    def __init__(self, ops: OpRunner, watcher: ChangeWatcher, parent: QObject | None = None):
        super().__init__(parent)
        ops.applied.connect(self._forward)
        watcher.changed.connect(lambda changes: self._forward(changes, None))

    def _forward(self, changes: list[Change], origin: QObject | None) -> None:
        if changes:
            self.changed.emit(changes, origin)


def started_by(widget: QObject, origin: QObject | None) -> bool:
    """True when `origin` (an op's starter) is `widget` or one of its children or dialogs: the
    page refreshed itself when its op finished."""
    node = origin
    while node is not None:
        if node is widget:
            return True
        node = node.parent()
    return False


def touching(changes: list[Change], tables: Iterable[str], **scope: Any) -> list[Change]:
    """The changes of `changes` to one of `tables` that may concern `scope` (family_id=…,
    child_id=…, service_id=…, day=…: see Change.touches; an unscoped change may)."""
    names = frozenset(tables)
    return [c for c in changes if c.table_name in names and c.touches(**scope)]
