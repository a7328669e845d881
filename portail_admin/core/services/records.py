"""Helpers shared by the record services: load or 404, version checks (and the one builder of
the error a stale save raises), applying cleaned values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..clock import COMMUNE_TZ
from ..errors import ConcurrentEditError, FieldConflict, NotFoundError, PortailError
from ..models import ChangeLog
from ..validation import Cleaner
from .fields import LABELS

T = TypeVar("T")


def get_or_404(session: Session, model: type[T], row_id: int, what: str = "fiche") -> T:
    obj = session.get(model, row_id)
    if obj is None:
        raise NotFoundError(f"Cette {what} n'existe pas ou a été supprimée.")
    return obj


def actor_label(actor: str) -> str:
    kind, _, name = actor.partition(":")
    if kind == "staff":
        return name
    if kind == "parent":
        return "la famille (portail)"
    return "le système"


SECRET_MARKERS = ("password", "token")  # fields whose value is never shown, either side


def is_secret(name: str) -> bool:
    return any(marker in name for marker in SECRET_MARKERS)


def last_change(session: Session, table: str, row_id: int) -> ChangeLog | None:
    """The latest change-log row of one record (who saved it last, and when)."""
    return session.scalars(
        select(ChangeLog)
        .where(ChangeLog.table_name == table, ChangeLog.row_id == row_id)
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()


def _same(cleaner: Cleaner | None, mine: Any, theirs: Any) -> bool:
    """Whether what was submitted is what is stored (compared once cleaned)."""
    if cleaner is None:
        return bool(mine == theirs)
    try:
        return bool(cleaner(mine) == theirs)
    except (ValueError, PortailError):  # FieldError, ValidationError, a bad enum value
        return False  # not even valid: certainly not what is stored


def conflict_error(
    session: Session,
    obj: Any,
    submitted: Mapping[str, Any] | None,
    spec: Mapping[str, Cleaner] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    current: Mapping[str, Any] | None = None,
    by_values: bool = False,
) -> ConcurrentEditError:
    """The one way a stale save is refused: who saved the record last and when (from its last
    change-log row, in the commune's time), and for each submitted field that differs from what
    is stored now, the user's value and the stored one (never a secret's value).

    `current` gives the stored values when they are not plain attributes of `obj` (a list of
    authorised persons, say); `by_values` is for a record without a version column, whose next
    save is checked against these current values instead of a version."""
    submitted = submitted or {}
    labels = LABELS if labels is None else labels
    spec = spec or {}
    last = last_change(session, obj.__tablename__, obj.id)
    who = actor_label(last.actor) if last else None
    # The commune's time, not the machine's (a server may run in UTC).
    when = last.at.astimezone(COMMUNE_TZ) if last else None
    stored = dict(current) if current is not None else {}
    fields = []
    for name, mine in submitted.items():
        label = labels.get(name, name)
        if is_secret(name):  # cannot be compared, never shown: named only
            fields.append(FieldConflict(name, label, None, None, secret=True))
            continue
        if name not in stored:
            if not hasattr(obj, name):
                continue
            stored[name] = getattr(obj, name)
        if not _same(spec.get(name), mine, stored[name]):
            fields.append(FieldConflict(name, label, mine, stored[name]))
    by = f" par {who}" if who else ""
    at = f" le {when:%d/%m/%Y à %H:%M}" if when else ""
    return ConcurrentEditError(
        f"Cette fiche a été modifiée{by}{at} depuis que vous l'avez ouverte. "
        "Vos saisies sont conservées : rechargez la fiche pour voir ces changements, "
        "puis enregistrez à nouveau.",
        who=who,
        when=when,
        fields=fields,
        version=None if by_values else obj.version,
        current=stored if by_values else None,
        table=obj.__tablename__,
        row_id=obj.id,
    )


def ensure_version(
    session: Session,
    obj: Any,
    expected_version: int | None,
    submitted: Mapping[str, Any] | None = None,
    spec: Mapping[str, Cleaner] | None = None,
    labels: Mapping[str, str] | None = None,
    current: Mapping[str, Any] | None = None,
) -> None:
    """Refuse to write over a change made since the user opened the record (its version moved
    on): the error says who, when, and per submitted field mine and theirs."""
    if expected_version is None or obj.version == expected_version:
        return
    raise conflict_error(session, obj, submitted, spec, labels, current=current)


def ensure_unchanged(
    session: Session,
    obj: Any,
    expected: Mapping[str, Any] | None,
    submitted: Mapping[str, Any] | None = None,
    spec: Mapping[str, Cleaner] | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """The version check of a record without a version column: the columns the user loaded
    (`expected`) must still hold what they held. The check claims the row (an UPDATE that
    changes nothing, under the same condition), so a save committed between this check and
    ours cannot be overwritten either: the database serialises the two writers."""
    if expected is None:
        return
    table = obj.__table__
    current = {name: getattr(obj, name) for name in expected}
    if current == dict(expected):
        pk = table.c.id
        condition = [pk == obj.id]
        for name, value in expected.items():
            column = table.c[name]
            condition.append(column.is_(None) if value is None else column == value)
        claimed = session.execute(update(table).where(*condition).values(id=pk))
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return
        session.refresh(obj)
        current = {name: getattr(obj, name) for name in expected}
    raise conflict_error(session, obj, submitted, spec, labels, current=current, by_values=True)


def apply_values(obj: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set attributes; return {field: new value} for those that really changed."""
    changed = {}
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed[name] = value
    return changed


def values_of(obj: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}
