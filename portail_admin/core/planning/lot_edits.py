"""A saisie par lot in the database: the days of `lot.lot_days` x the children, planned and
applied through `edits` (one transaction, the caller's), the days the service does not run
counted with the cells the rules refuse.

    plan = plan_lot(session, service_id, child_ids, spec, Action.RESERVE)
    plan.preview()   # "412 cases seront réservées ; 36 cases ignorées : jour férié"
    applied = apply_lot(session, service_id, child_ids, spec, Action.RESERVE)

The cells are not version-checked (`Target.version` None): nobody was shown them; the rules
still refuse what they forbid (a locked cell, a day outside the enrolment, a pending request).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Enrolment
from ..services.calendar import calendar_index
from . import edits
from .lot import LotDays, LotSpec, lot_days
from .month import service_info
from .rules import Action

# The preview's verb per action: (one cell, several cells).
FUTURE: dict[Action, tuple[str, str]] = {
    Action.RESERVE: ("sera réservée", "seront réservées"),
    Action.PRESENT: ("sera pointée présente", "seront pointées présentes"),
    Action.ABSENT_BILLED: ("sera marquée absent facturé", "seront marquées absent facturé"),
    Action.ABSENT_EXCUSED: ("sera marquée absent excusé", "seront marquées absent excusé"),
    Action.LEAVE: ("sera mise en congé", "seront mises en congé"),
    Action.CLEAR: ("sera effacée", "seront effacées"),
    Action.LOCK: ("sera verrouillée", "seront verrouillées"),
    Action.UNLOCK: ("sera déverrouillée", "seront déverrouillées"),
}


def preview_sentence(action: Action, plan: edits.Plan) -> str:
    """e.g. "412 cases seront réservées ; 36 cases ignorées : jour férié" (French)."""
    written = len(plan.writes)
    one, many = FUTURE[action]
    if written:
        parts = [f"{written} {'case ' + one if written == 1 else 'cases ' + many}"]
    else:
        parts = ["Aucune case ne sera modifiée"]
    if plan.unchanged:
        parts.append(
            f"{plan.unchanged} {'case déjà' if plan.unchanged == 1 else 'cases déjà'} dans cet état"
        )
    for reason, count in plan.skipped.most_common():
        parts.append(f"{count} {'case ignorée' if count == 1 else 'cases ignorées'} : {reason}")
    if plan.over_capacity:
        days = len(plan.over_capacity)
        parts.append(
            f"capacité dépassée {'un jour' if days == 1 else f'sur {days} jours'} "
            "(confirmation demandée)"
        )
    return " ; ".join(parts)


@dataclass
class LotPlan:
    action: Action
    days: LotDays
    child_ids: list[int]
    plan: edits.Plan  # the skipped days' cells are in its counts

    @property
    def cells(self) -> int:
        """The cells the lot names (children x chosen days, closed days included)."""
        return len(self.child_ids) * (len(self.days.days) + len(self.days.skipped))

    def preview(self) -> str:
        return preview_sentence(self.action, self.plan)


def lot_children(session: Session, service_id: int, first: dt.date, last: dt.date) -> list[int]:
    """The children enrolled in the service at some time between `first` and `last`."""
    return sorted(
        set(
            session.scalars(
                select(Enrolment.child_id).where(
                    Enrolment.service_id == service_id,
                    Enrolment.start_date <= last,
                    Enrolment.end_date >= first,
                )
            )
        )
    )


def _days(session: Session, service_id: int, spec: LotSpec) -> LotDays:
    spec.check()
    service = service_info(session, service_id)
    return lot_days(spec, service, calendar_index(session, spec.first, spec.last))


def _targets(child_ids: Sequence[int], days: LotDays) -> list[edits.Target]:
    return [edits.Target(child, day, None) for child in child_ids for day in days.days]


def plan_lot(
    session: Session,
    service_id: int,
    child_ids: Sequence[int],
    spec: LotSpec,
    action: Action,
    *,
    today: dt.date | None = None,
    lock_reason: str | None = None,
) -> LotPlan:
    """What the lot would do (nothing is written), for the preview."""
    days = _days(session, service_id, spec)
    children = sorted(set(child_ids))
    plan = edits.plan_action(
        session,
        service_id,
        _targets(children, days),
        action,
        today=today,
        lock_reason=lock_reason,
    )
    plan.skipped.update(days.skipped_counts(len(children)))
    return LotPlan(action, days, children, plan)


def apply_lot(
    session: Session,
    service_id: int,
    child_ids: Sequence[int],
    spec: LotSpec,
    action: Action,
    *,
    today: dt.date | None = None,
    lock_reason: str | None = None,
    confirm_over_capacity: bool = False,
) -> edits.Applied:
    """Apply the lot in the caller's transaction (`edits.OverCapacityError` unless confirmed);
    the summary counts the closed days' cells too."""
    days = _days(session, service_id, spec)
    children = sorted(set(child_ids))
    applied = edits.apply_action(
        session,
        service_id,
        _targets(children, days),
        action,
        today=today,
        lock_reason=lock_reason,
        confirm_over_capacity=confirm_over_capacity,
    )
    applied.plan.skipped.update(days.skipped_counts(len(children)))
    return applied
