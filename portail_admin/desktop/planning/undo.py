"""The planning editor's undo and redo: this user's own edits in this window, several steps.

A step keeps the `CellChange`s an edit wrote (`edits.Applied.changes`), by service. Undoing it
runs `edits.revert` on them (one transaction); what the revert wrote becomes the step to redo,
and the other way round. The database refuses a revert when a colleague (or the portal)
changed one of the cells since (`ConcurrentEditError`, naming who and when): nothing is
written, and **the step is dropped** from the stack. It could never succeed later (a cell's
version only grows, so the change it would undo is gone for good), and keeping it would block
every older step behind it; the older steps stay and are tried in turn, each checked again.

Versions: each write bumps a cell's version, this user's undos and redos too. The stack keeps
the version each cell had after this window's last write of it (`record`), and a step is
reverted against those (`for_revert`): undoing an older step after newer ones on the same
cells were undone checks that nobody *else* wrote them since this window last did. (A step
dropped after a conflict leaves its other cells as it wrote them: undoing an older step on
them goes back to that older step's "before".)

No Qt here: the editor (editing.py) runs the reverts as ops and moves the steps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...core.planning.edits import CellChange

LIMIT = 100  # steps kept; the oldest go first


@dataclass
class Step:
    label: str  # French: "R sur 12 cases", "Collage de 10 cases"
    changes: dict[int, list[CellChange]] = field(default_factory=dict)  # service -> changes

    @property
    def cells(self) -> int:
        return sum(len(c) for c in self.changes.values())

    @classmethod
    def of(cls, label: str, by_service: Iterable[tuple[int, list[CellChange]]]) -> Step:
        step = cls(label)
        for service_id, changes in by_service:
            if changes:
                step.changes.setdefault(service_id, []).extend(changes)
        return step


class UndoStack:
    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        # (service, child, day) -> the cell's version after this window's last write of it
        self._versions: dict[tuple[int, int, dt.date], int] = {}

    # versions ------------------------------------------------------------------------------------
    def record(self, changes: dict[int, list[CellChange]]) -> None:
        """What this window just wrote (an edit, an undo, a redo): the cells' versions now."""
        for service_id, cell_changes in changes.items():
            for change in cell_changes:
                self._versions[(service_id, change.child_id, change.day)] = change.version

    def for_revert(self, step: Step) -> Step:
        """`step` with each cell's version as this window last left it."""
        return Step(
            step.label,
            {
                service_id: [
                    dataclasses.replace(
                        c,
                        version=self._versions.get((service_id, c.child_id, c.day), c.version),
                    )
                    for c in cell_changes
                ]
                for service_id, cell_changes in step.changes.items()
            },
        )

    # what the menus show -------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def __len__(self) -> int:
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    # moves ---------------------------------------------------------------------------------------
    def push(self, step: Step) -> None:
        """A new edit: it can be undone; what was undone before can no longer be redone."""
        self.record(step.changes)
        if not step.cells:
            return
        self._undo.append(step)
        del self._undo[: -self.limit]
        self._redo.clear()

    def next_undo(self) -> Step | None:
        return self._undo[-1] if self._undo else None

    def next_redo(self) -> Step | None:
        return self._redo[-1] if self._redo else None

    def undone(self, step: Step, reverted: dict[int, list[CellChange]]) -> None:
        """`step` was undone; `reverted` (what the revert wrote) is the step to redo."""
        self.record(reverted)
        self._remove(self._undo, step)
        self._redo.append(Step(step.label, reverted))

    def redone(self, step: Step, reverted: dict[int, list[CellChange]]) -> None:
        self.record(reverted)
        self._remove(self._redo, step)
        self._undo.append(Step(step.label, reverted))

    def drop(self, step: Step) -> None:
        """A step refused because a cell changed since: it goes (see the module's docstring)."""
        self._remove(self._undo, step)
        self._remove(self._redo, step)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._versions.clear()

    @staticmethod
    def _remove(steps: list[Step], step: Step) -> None:
        for i in range(len(steps) - 1, -1, -1):
            if steps[i] is step:
                del steps[i]
                return
